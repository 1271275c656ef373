package policies

import "testing"

func TestAccessRules(t *testing.T) {
	emp := Subject{EmployeeID: "e", Roles: []Role{RoleEmployee}}
	sup := Subject{EmployeeID: "s", Roles: []Role{RoleEmployee, RoleSupervisor}}
	hr := Subject{EmployeeID: "h", Roles: []Role{RoleEmployee, RoleHR}}
	admin := Subject{EmployeeID: "a", Roles: []Role{RoleAdmin}}
	headNoRole := Subject{EmployeeID: "d", Roles: []Role{RoleEmployee}}

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
		{"hr writes the telework policy", CanManagePolicy(hr), true},
		{"admin writes the telework policy", CanManagePolicy(admin), false},
		{"supervisor writes the telework policy", CanManagePolicy(sup), false},
		{"hr enters leave", CanManageStaffDays(hr), true},
		{"supervisor enters leave", CanManageStaffDays(sup), false},
		{"employee reads own family", CanReadFamily(emp, true), true},
		{"employee reads own staff record", CanReadStaffRecord(emp, true), true},
		{"supervisor reads a report's staff record (commute)", CanReadStaffRecord(sup, false), false},
		{"admin reads a staff record", CanReadStaffRecord(admin, false), false},
		{"hr reads a staff record", CanReadStaffRecord(hr, false), true},
		{"hr sets staff records", CanManageStaffRecord(hr), true},
		{"admin sets staff records", CanManageStaffRecord(admin), false},
		{"employee sets their own staff record", CanManageStaffRecord(emp), false},
		{"hr declares an emergency", CanDeclareEmergency(hr), true},
		{"supervisor declares an emergency", CanDeclareEmergency(sup), false},
		{"supervisor reads a report's family", CanReadFamily(sup, false), false},
		{"admin reads someone's family", CanReadFamily(admin, false), false},
		{"hr reads someone's family", CanReadFamily(hr, false), true},
		{"hr verifies someone's family member", CanVerifyFamily(hr, false), true},
		{"hr verifies their own family member", CanVerifyFamily(hr, true), false},
		{"an employee verifies their own family member", CanVerifyFamily(emp, true), false},
		{"employee reads own request", CanReadRequest(emp, Standing{Self: true}), true},
		{"supervisor reads a report's request", CanReadRequest(sup, Standing{InLine: true}), true},
		{"supervisor reads a stranger's request", CanReadRequest(sup, Standing{}), false},
		{"hr reads any request", CanReadRequest(hr, Standing{}), true},
		{"supervisor decides a report's request", CanDecideRequest(Standing{InLine: true}), true},
		{"nobody decides their own request", CanDecideRequest(Standing{Self: true, InLine: true}), false},
		{"hr alone does not decide", CanDecideRequest(Standing{}), false},
		{"supervisor names their own deputy", CanManageDelegations(sup, true), true},
		{"supervisor names someone else's deputy", CanManageDelegations(sup, false), false},
		{"hr names a deputy for an absent approver", CanManageDelegations(hr, false), true},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestOfficeAndBookingAccess(t *testing.T) {
	emp := Subject{EmployeeID: "e", Roles: []Role{RoleEmployee}}
	hr := Subject{EmployeeID: "h", Roles: []Role{RoleEmployee, RoleHR}}
	admin := Subject{EmployeeID: "a", Roles: []Role{RoleEmployee, RoleAdmin}}
	own := OfficeStanding{Owner: true}
	managed := OfficeStanding{Owner: true, Manager: true}
	shared := OfficeStanding{Shared: true}
	stranger := OfficeStanding{}

	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"own organisation sees its office", CanSeeOffice(own), true},
		{"a partner sees a shared office", CanSeeOffice(shared), true},
		{"nobody else sees it", CanSeeOffice(stranger), false},
		{"employee opens an office", CanCreateOffice(emp), false},
		{"hr opens an office", CanCreateOffice(hr), false},
		{"admin opens an office", CanCreateOffice(admin), true},
		{"employee edits their office", CanEditOffice(emp, own), false},
		{"manager edits the office", CanEditOffice(emp, managed), true},
		{"admin edits an own office", CanEditOffice(admin, own), true},
		{"partner admin edits a shared office", CanEditOffice(admin, shared), false},
		{"manager changes sharing", CanGovernOffice(emp, managed), false},
		{"admin changes sharing", CanGovernOffice(admin, own), true},
		{"partner admin changes sharing", CanGovernOffice(admin, shared), false},
		{"manager sees the office's bookings", CanSeeOfficeBookings(emp, managed), true},
		{"hr does not run the office", CanSeeOfficeBookings(hr, own), false},
		{"admin sees the office's bookings", CanSeeOfficeBookings(admin, own), true},
		{"partner admin sees a shared office's bookings", CanSeeOfficeBookings(admin, shared), false},
		{"hr lists the organisation's bookings", CanListOrganizationBookings(hr), true},
		{"employee lists the organisation's bookings", CanListOrganizationBookings(emp), false},
		{"booker reads their booking", CanReadBooking(emp, BookingStanding{Self: true}), true},
		{"colleague reads a booking", CanReadBooking(emp, BookingStanding{SameOrganization: true}), false},
		{"hr reads a colleague's booking", CanReadBooking(hr, BookingStanding{SameOrganization: true}), true},
		{"hr reads a partner's booking in an own office", CanReadBooking(hr, BookingStanding{Office: own}), false},
		{"manager does not read the whole booking", CanReadBooking(emp, BookingStanding{Office: managed}), false},
		{"booker cancels", CanCancelBooking(emp, BookingStanding{Self: true, Office: shared}), true},
		{"manager cancels a visitor's booking", CanCancelBooking(emp, BookingStanding{Office: managed}), true},
		{"admin cancels in an own office", CanCancelBooking(admin, BookingStanding{Office: own}), true},
		{"hr cancels a colleague's booking", CanCancelBooking(hr, BookingStanding{SameOrganization: true, Office: shared}), false},
		{"booker moves", CanMoveBooking(BookingStanding{Self: true}), true},
		{"manager moves", CanMoveBooking(BookingStanding{Office: managed}), false},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}
