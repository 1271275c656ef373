package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

func TestOwnLanguageIsStoredAndEmailsFollowIt(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnly))
		emp, sup := e.login(empEmail), e.login(supEmail)
		if me := e.do(req{method: "GET", path: "/api/v1/me", token: sup}).must(t, 200); me.str("language") != "ja" || me.str("today") != "2026-12-01" {
			t.Fatalf("before choosing, the organisation's language; today by the server's clock: %s", me.body)
		}
		bad := e.do(req{method: "PATCH", path: "/api/v1/me", token: sup, body: map[string]any{"language": "fr"}, headers: map[string]string{"Accept-Language": "en"}}).must(t, 422)
		if !strings.Contains(string(bad.body), `"field":"language"`) {
			t.Fatalf("the problem does not name the field: %s", bad.body)
		}
		e.do(req{method: "PATCH", path: "/api/v1/me", token: sup, body: map[string]any{"email": "x@alpha.example"}}).must(t, 400)
		if got := e.do(req{method: "PATCH", path: "/api/v1/me", token: sup, body: map[string]any{"language": "en"}}).must(t, 200).str("language"); got != "en" {
			t.Fatalf("after choosing English: %q", got)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/me", token: sup}).must(t, 200).str("language"); got != "en" {
			t.Fatalf("the choice is not stored: %q", got)
		}
		if n := e.auditActions("employee.set_language", e.fx.sup); n != 1 {
			t.Fatalf("%d audit events for the language", n)
		}
		// The same choice again changes (and audits) nothing.
		e.do(req{method: "PATCH", path: "/api/v1/me", token: sup, body: map[string]any{"language": "en"}}).must(t, 200)
		if n := e.auditActions("employee.set_language", e.fx.sup); n != 1 {
			t.Fatalf("an unchanged language was audited again (%d)", n)
		}
		// The supervisor's e-mail is in English; the organisation stays Japanese.
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		var outbox []models.OutboxMessage
		e.db.Gorm.Where("channel = ?", models.ChannelEmail).Find(&outbox)
		if len(outbox) != 1 || outbox[0].Target != supEmail {
			t.Fatalf("outbox: %+v", outbox)
		}
		var p struct{ Language string }
		if err := json.Unmarshal([]byte(outbox[0].Payload), &p); err != nil || p.Language != "en" {
			t.Fatalf("the e-mail's language: %s", outbox[0].Payload)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/me", token: emp}).must(t, 200).str("language"); got != "ja" {
			t.Fatalf("another person's language changed: %q", got)
		}
	})
}

func TestStaffSearchAnswersNamesAndDepartmentsOnly(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp := e.login(empEmail)
		r := e.do(req{method: "GET", path: "/api/v1/staff?q=" + "太郎", token: emp}).must(t, 200)
		items := r.items()
		if len(items) < 6 {
			t.Fatalf("an employee finds colleagues outside their line: %s", r.body)
		}
		for _, it := range items {
			if len(it) != 3 || it["department"] == nil || it["name"] == "" {
				t.Fatalf("a staff entry holds more than a name and a department: %v", it)
			}
		}
		if strings.Contains(string(r.body), "@") || strings.Contains(string(r.body), "beta") {
			t.Fatalf("e-mail or another organisation in the search: %s", r.body)
		}
		// An e-mail address finds nobody: the search cannot tell who holds one.
		if n := len(e.do(req{method: "GET", path: "/api/v1/staff?q=sup@alpha", token: emp}).must(t, 200).items()); n != 0 {
			t.Fatalf("search by e-mail found %d", n)
		}
		other := e.do(req{method: "GET", path: "/api/v1/staff?q=" + "太郎", token: e.login(emp2Email)}).must(t, 200).items()
		for _, it := range other {
			if it["id"] == e.fx.sup {
				t.Fatal("another organisation's staff found")
			}
		}
		e.do(req{method: "GET", path: "/api/v1/staff"}).must(t, 401)
	})
}

func TestEveryoneReadsOwnLeaveOnly(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp := e.login(hrEmail), e.login(empEmail)
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{
			{"employee_id": e.fx.emp, "date": "2026-12-03"}, {"employee_id": e.fx.other, "date": "2026-12-03"}}}}).must(t, 200)
		own := e.do(req{method: "GET", path: "/api/v1/leave?from=2026-12-01&to=2026-12-31", token: emp}).must(t, 200).items()
		if len(own) != 1 || own[0]["employee_id"] != e.fx.emp {
			t.Fatalf("an employee's own leave: %v", own)
		}
		e.do(req{method: "GET", path: "/api/v1/leave?employee_id=" + e.fx.other, token: emp}).must(t, 403)
		if n := len(e.do(req{method: "GET", path: "/api/v1/leave", token: hr}).must(t, 200).items()); n != 2 {
			t.Fatalf("HR reads %d days, want 2", n)
		}
	})
}

func TestPreviewCountsDaysAgainstTheLimits(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnly))
		emp := e.login(empEmail)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2026-12-07", "2026-12-08"}, "general", nil)}).must(t, 200)
		var out struct {
			Decision struct {
				Dates []struct {
					Date    string
					Results []struct {
						Rule  string
						Count *struct {
							Days  float64
							Limit int
						}
					}
				}
			}
		}
		if err := json.Unmarshal(r.body, &out); err != nil {
			t.Fatal(err)
		}
		counts := map[string]float64{}
		for _, dd := range out.Decision.Dates {
			for _, res := range dd.Results {
				if res.Count != nil {
					counts[dd.Date+" "+res.Rule] = res.Count.Days
					if res.Rule == "limit.per_week" && res.Count.Limit != 3 {
						t.Fatalf("weekly limit %d, want 3", res.Count.Limit)
					}
				}
			}
		}
		if counts["2026-12-07 limit.per_week"] != 1 || counts["2026-12-08 limit.per_week"] != 2 || counts["2026-12-08 limit.per_month"] != 2 {
			t.Fatalf("counts: %v", counts)
		}
	})
}
