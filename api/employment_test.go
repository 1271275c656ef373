package api_test

import (
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// Reappointed staff (再任用職員) can be recorded, by the API and by CSV, and
// the shipped policy lets them telework like regular staff.
func TestReappointedStaff(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		r := e.do(req{method: "POST", path: "/api/v1/employees", token: admin, body: map[string]any{
			"employee_number": "R001", "email": "saininyou@alpha.example", "family_name": "再任", "given_name": "一郎",
			"department_id": e.fx.dAffairs, "supervisor_id": e.fx.sup, "employment_type": "reappointed", "has_remote_pc": true,
			"password": "a long enough passphrase"}}).must(t, 201)
		if r.str("employment_type") != "reappointed" {
			t.Fatal(r.str("employment_type"))
		}
		csv := "職員番号,姓,名,メールアドレス,所属コード,任用形態\nR002,再任,二郎,saininyou2@alpha.example,110,再任用\n"
		e.do(req{method: "POST", path: "/api/v1/employees/import", token: admin, raw: []byte(csv), ctype: "text/csv"}).must(t, 201)
		tok := e.do(req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "saininyou@alpha.example", "password": "a long enough passphrase"}}).must(t, 200).str("access_token")
		p := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: tok, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 200)
		for _, dd := range p.json["decision"].(map[string]any)["dates"].([]any) {
			for _, res := range dd.(map[string]any)["results"].([]any) {
				if m := res.(map[string]any); m["rule"] == "eligibility.employment_type" && m["outcome"] != "pass" {
					t.Fatalf("the shipped policy must let reappointed staff telework: %v", m)
				}
			}
		}
	})
}

// 再任用短時間勤務職員 and 任期付職員, which the dated staff record knows, can be
// the employee's own type too (by the API and by CSV), and the database still
// refuses a type nobody knows, whatever code writes it.
func TestEmploymentTypesOfTheStaffRecordOnTheEmployee(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		r := e.do(req{method: "POST", path: "/api/v1/employees", token: admin, body: map[string]any{
			"employee_number": "F001", "email": "ninkitsuki@alpha.example", "family_name": "任期", "given_name": "一郎",
			"department_id": e.fx.dAffairs, "supervisor_id": e.fx.sup, "employment_type": "fixed_term"}}).must(t, 201)
		if r.str("employment_type") != "fixed_term" {
			t.Fatal(r.str("employment_type"))
		}
		r = e.do(req{method: "PATCH", path: "/api/v1/employees/" + r.str("id"), token: admin,
			body: map[string]any{"employment_type": "reappointed_short"}}).must(t, 200)
		if r.str("employment_type") != "reappointed_short" {
			t.Fatal(r.str("employment_type"))
		}
		csv := "職員番号,姓,名,メールアドレス,所属コード,任用形態\nF002,任期,二郎,ninkitsuki2@alpha.example,110,任期付職員\nF003,再任,三郎,saitan@alpha.example,110,再任用短時間\n"
		e.do(req{method: "POST", path: "/api/v1/employees/import", token: admin, raw: []byte(csv), ctype: "text/csv"}).must(t, 201)
		var types []string
		e.db.Gorm.Model(&models.Employee{}).Where("employee_number IN ?", []string{"F002", "F003"}).Order("employee_number").Pluck("employment_type", &types)
		if len(types) != 2 || types[0] != "fixed_term" || types[1] != "reappointed_short" {
			t.Fatalf("imported types %v", types)
		}
		bad := e.do(req{method: "POST", path: "/api/v1/employees", token: admin, body: map[string]any{
			"employee_number": "F004", "email": "keiyaku@alpha.example", "family_name": "契約", "given_name": "四郎",
			"department_id": e.fx.dAffairs, "employment_type": "contractor"}})
		bad.must(t, 422)
		if err := e.db.Gorm.Model(&models.Employee{}).Where("employee_number = ?", "F002").Update("employment_type", "contractor").Error; err == nil {
			t.Fatal("the database accepted an employment type nobody knows")
		}
	})
}
