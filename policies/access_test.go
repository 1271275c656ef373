package policies

import "testing"

func TestAccessRules(t *testing.T) {
	emp := Subject{EmployeeID: "e", Roles: []string{RoleEmployee}}
	sup := Subject{EmployeeID: "s", Roles: []string{RoleEmployee, RoleSupervisor}}
	hr := Subject{EmployeeID: "h", Roles: []string{RoleEmployee, RoleHR}}
	admin := Subject{EmployeeID: "a", Roles: []string{RoleAdmin}}
	headNoRole := Subject{EmployeeID: "d", Roles: []string{RoleEmployee}}

	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"employee reads self", CanReadEmployee(emp, Standing{Self: true}), true},
		{"employee reads a colleague", CanReadEmployee(emp, Standing{}), false},
		{"supervisor reads a report", CanReadEmployee(sup, Standing{InLine: true}), true},
		{"supervisor reads outside their line", CanReadEmployee(sup, Standing{}), false},
		{"department head without the role reads a member", CanReadEmployee(headNoRole, Standing{InLine: true}), true},
		{"hr reads anyone", CanReadEmployee(hr, Standing{}), true},
		{"admin reads anyone", CanReadEmployee(admin, Standing{}), true},
		{"employee lists all", CanListAllEmployees(emp), false},
		{"supervisor lists all", CanListAllEmployees(sup), false},
		{"hr lists all", CanListAllEmployees(hr), true},
		{"hr manages employees", CanManageEmployees(hr), false},
		{"admin manages employees", CanManageEmployees(admin), true},
		{"supervisor manages organisation", CanManageOrganization(sup), false},
		{"admin manages organisation", CanManageOrganization(admin), true},
		{"employee reads audit", CanReadAudit(emp), false},
		{"hr reads audit", CanReadAudit(hr), true},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}
