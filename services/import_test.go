package services

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// testChart is an organisation with one division (code 110) and two staff:
// E001, active, supervised by nobody; E002, deactivated. E001 uses
// e001@town.example.
func testChart() *importChart {
	e1 := models.Employee{ID: "id-e001", OrganizationID: "org", EmployeeNumber: "E001", Email: "e001@town.example", FamilyName: "山田",
		GivenName: "一郎", DepartmentID: "dept-110", Active: true, EmploymentType: models.EmploymentRegular, Roles: []policies.Role{policies.RoleEmployee}}
	e2 := models.Employee{ID: "id-e002", OrganizationID: "org", EmployeeNumber: "E002", Email: "e002@town.example", FamilyName: "佐藤",
		GivenName: "次郎", DepartmentID: "dept-110", Active: false}
	return &importChart{orgID: "org", deptByCode: map[string]string{"110": "dept-110"},
		skeleton:    []models.Employee{e1, e2},
		existing:    map[string]*models.Employee{"E001": &e1},
		emailOwners: map[string]*models.Employee{"e001@town.example": &e1}}
}

// row is a valid new employee on line 2 with the changes given.
func row(line int, change map[string]string) importRow {
	vals := map[string]string{"employee_number": fmt.Sprintf("N%03d", line), "family_name": "田中", "given_name": "花子",
		"email": fmt.Sprintf("n%03d@town.example", line), "department_code": "110"}
	maps.Copy(vals, change)
	for k, v := range change {
		if v == "<absent>" {
			delete(vals, k)
		}
	}
	return importRow{line: line, values: vals}
}

func TestPlanRowsRefusesEveryKindOfBadRow(t *testing.T) {
	long := func(n int) string { return string(slices.Repeat([]rune{'あ'}, n)) }
	tests := []struct {
		name  string
		rows  []importRow
		field string // the field of the error, on the last row
		code  string
	}{
		{"no employee number", []importRow{row(2, map[string]string{"employee_number": ""})}, "rows[2].employee_number", "required"},
		{"an employee number twice", []importRow{row(2, nil), row(3, map[string]string{"employee_number": "N002"})}, "rows[3].employee_number", "duplicate"},
		{"a long employee number", []importRow{row(2, map[string]string{"employee_number": long(33)})}, "rows[2].employee_number", "too_long"},
		{"no family name", []importRow{row(2, map[string]string{"family_name": ""})}, "rows[2].family_name", "required"},
		{"no given name", []importRow{row(2, map[string]string{"given_name": "<absent>"})}, "rows[2].given_name", "required"},
		{"a long name", []importRow{row(2, map[string]string{"given_name": long(101)})}, "rows[2].given_name", "too_long"},
		{"a reading not in kana", []importRow{row(2, map[string]string{"family_name_kana": "Tanaka"})}, "rows[2].family_name_kana", "not_kana"},
		{"no e-mail", []importRow{row(2, map[string]string{"email": ""})}, "rows[2].email", "required"},
		{"a malformed e-mail", []importRow{row(2, map[string]string{"email": "tanaka@"})}, "rows[2].email", "invalid"},
		{"another's e-mail", []importRow{row(2, map[string]string{"email": "E001@town.example"})}, "rows[2].email", "taken"},
		{"an e-mail twice", []importRow{row(2, nil), row(3, map[string]string{"email": "n002@town.example"})}, "rows[3].email", "duplicate"},
		{"an unknown department", []importRow{row(2, map[string]string{"department_code": "999"})}, "rows[2].department_code", "not_found"},
		{"an unknown employment type", []importRow{row(2, map[string]string{"employment_type": "アルバイト"})}, "rows[2].employment_type", "invalid"},
		{"a yes/no that is neither", []importRow{row(2, map[string]string{"has_remote_pc": "たぶん"})}, "rows[2].has_remote_pc", "invalid"},
		{"an unknown role", []importRow{row(2, map[string]string{"roles": "職員;社長"})}, "rows[2].roles", "invalid"},
		{"an unknown supervisor", []importRow{row(2, map[string]string{"supervisor_number": "Z999"})}, "rows[2].supervisor_number", "not_found"},
		{"one's own supervisor", []importRow{row(2, map[string]string{"supervisor_number": "N002"})}, "rows[2].supervisor_number", "self"},
		{"a deactivated supervisor", []importRow{row(2, map[string]string{"supervisor_number": "E002"})}, "rows[2].supervisor_number", "inactive"},
		{"a cycle through the file", []importRow{row(2, map[string]string{"supervisor_number": "N003"}), row(3, map[string]string{"supervisor_number": "N002"})},
			"rows[3].supervisor_number", "cycle"},
		{"a cycle through the chart", []importRow{row(2, map[string]string{"employee_number": "E001", "email": "e001@town.example", "supervisor_number": "N003"}),
			row(3, map[string]string{"supervisor_number": "E001"})}, "rows[3].supervisor_number", "cycle"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := planRows(testChart(), tc.rows, models.NewID)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(e.Kind, ErrValidation) || plan != nil {
				t.Fatalf("want a validation error and no plan, got %v", err)
			}
			for _, fe := range e.Fields {
				if fe.Field == tc.field && fe.Code == tc.code {
					return
				}
			}
			t.Fatalf("want %s %s, got %+v", tc.field, tc.code, e.Fields)
		})
	}
}

func TestPlanRowsWorksOutWhatEachRowChanges(t *testing.T) {
	ids := 0
	newID := func() string { ids++; return fmt.Sprintf("new-%d", ids) }
	rows := []importRow{
		row(2, map[string]string{"employee_number": "E001", "email": "e001@town.example", "family_name": "山田", "given_name": "一郎"}),
		row(3, map[string]string{"employee_number": "E001x", "family_name_kana": "たなか", "roles": "職員;上司", "supervisor_number": "E001",
			"has_remote_pc": "はい", "employment_type": "再任用"}),
		row(4, map[string]string{"given_name": "三郎"}),
	}
	plan, err := planRows(testChart(), rows, newID)
	if err != nil {
		t.Fatal(err)
	}
	created, updated, unchanged := plan.counts()
	if created != 2 || updated != 0 || unchanged != 1 {
		t.Fatalf("created %d, updated %d, unchanged %d", created, updated, unchanged)
	}
	e := plan.ops[1].employee
	if e.ID != "new-1" || e.FamilyNameKana != "タナカ" || !e.HasRemotePC || e.EmploymentType != models.EmploymentReappointed ||
		!slices.Equal(e.Roles, []policies.Role{policies.RoleEmployee, policies.RoleSupervisor}) || plan.ops[1].supervisor != "E001" {
		t.Fatalf("the new employee: %+v, supervisor %q", e, plan.ops[1].supervisor)
	}
	if plan.idByNumber["E001x"] != "new-1" || plan.idByNumber["E002"] != "id-e002" {
		t.Fatalf("numbers: %v", plan.idByNumber)
	}
}
