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
