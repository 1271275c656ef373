package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// TestTheLedgerIsKeptOnWrite: a week of the employee's, by hand — a full day
// at home, a morning at home, a request still pending, a day's and a
// morning's leave, a weekend and a satellite booking — kept as each change
// is made, and rebuilt alike.
func TestTheLedgerIsKeptOnWrite(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnlyRoute))
		admin, emp, sup, hr := e.login(adminEmail), e.login(empEmail), e.login(supEmail), e.login(hrEmail)
		o := e.seedOffices(admin)
		approve := func(body map[string]any) string {
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body}).must(t, 201)
			e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200)
			return r.str("id")
		}
		full := approve(telework([]string{"2026-12-07"}, "general", nil))
		approve(map[string]any{"dates": []string{"2026-12-08"}, "unit": "am", "place": "home", "reason": "general"})
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{
			{"employee_id": e.fx.emp, "date": "2026-12-10"}, {"employee_id": e.fx.emp, "date": "2026-12-11", "portion": "am"}}}}).must(t, 200)
		e.book(emp, o.a1, "2026-12-14T09:00:00+09:00", "2026-12-14T12:00:00+09:00").must(t, 201)

		week := func(token string) map[string]string {
			r := e.do(req{method: "GET", path: "/api/v1/attendance?from=2026-12-07&to=2026-12-14&employee_id=" + e.fx.emp, token: token}).must(t, 200)
			out := map[string]string{}
			for _, it := range r.items() {
				out[it["date"].(string)] = it["location"].(string) + "/" + str(it["portion"])
				// A day HR corrected records where the person was: actual.
				if it["planned"] != (it["corrected"] != true) || it["department_id"] != e.fx.dAffairs {
					t.Errorf("entry %v", it)
				}
			}
			return out
		}
		want := map[string]string{
			"2026-12-07": "home/full", "2026-12-08": "home/am", "2026-12-09": "office/full", "2026-12-10": "leave/full",
			"2026-12-11": "leave/am", "2026-12-12": "off/", "2026-12-13": "off/", "2026-12-14": "satellite/hours",
		}
		for _, token := range []string{hr, sup, emp} {
			if got := week(token); !equalMaps(got, want) {
				t.Fatalf("the week:\n got %v\nwant %v", got, want)
			}
		}
		e.do(req{method: "GET", path: "/api/v1/attendance?from=2026-12-07&to=2026-12-14&employee_id=" + e.fx.emp, token: e.login(otherEmail)}).must(t, 404)

		// Cancelling the approved day gives it back to the office.
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + full + "/cancel", token: emp}).must(t, 200)
		want["2026-12-07"] = "office/full"
		if got := week(hr); !equalMaps(got, want) {
			t.Fatalf("after the cancellation: %v", got)
		}

		// The counters count pending and approved days; the ledger the
		// approved ones: they agree on the approved part.
		var ledger, counted int64
		e.db.Gorm.Table("work_days").Where("location IN ? AND portion = 'full' AND request_id IS NOT NULL", []string{"home", "satellite", "elsewhere"}).Count(&ledger)
		e.db.Gorm.Table("telework_request_days AS d").Joins("JOIN telework_requests r ON r.id = d.request_id").
			Where("r.status = ? AND d.unit = 'full'", policies.StateApproved).Count(&counted)
		if ledger != counted {
			t.Fatalf("the ledger holds %d approved remote days, the requests %d", ledger, counted)
		}

		// A rebuild of the range finds nothing to repair, then repairs what
		// was changed behind the service's back.
		svc := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi"})
		from, _ := policies.ParseDate("2026-12-01")
		to, _ := policies.ParseDate("2026-12-31")
		if repairs, err := svc.Ledger.Rebuild(context.Background(), "", from, to); err != nil || len(repairs) != 0 {
			t.Fatalf("a rebuild of a kept ledger repaired %v (%v)", repairs, err)
		}
		e.db.Gorm.Exec("UPDATE work_days SET location = 'elsewhere' WHERE day = ?", "2026-12-08")
		e.db.Gorm.Exec("DELETE FROM work_days WHERE day = ?", "2026-12-10")
		repairs, err := svc.Ledger.Rebuild(context.Background(), "alpha-town", from, to)
		if err != nil || len(repairs) != 2 {
			t.Fatalf("repairs %v (%v)", repairs, err)
		}
		if got := week(hr); !equalMaps(got, want) {
			t.Fatalf("after the rebuild: %v", got)
		}
		e.do(req{method: "GET", path: "/api/v1/attendance?from=2026-12-01&to=2027-03-01", token: hr}).must(t, 400)

		// HR corrects the pending day (the employee was on a business trip):
		// the correction survives a rebuild and is shown without its reason
		// to the supervisor; withdrawn, the day is derived again.
		day := "/api/v1/attendance/" + e.fx.emp + "/2026-12-09"
		body := map[string]any{"location": "elsewhere", "portion": "full", "reason": "通院のため午後から出張扱い"}
		e.do(req{method: "PUT", path: day, token: sup, body: body}).must(t, 403)
		e.do(req{method: "PUT", path: day, token: hr, body: map[string]any{"location": "moon", "portion": "full", "reason": "x"}}).must(t, 422)
		e.do(req{method: "PUT", path: day, token: hr, body: map[string]any{"location": "home", "portion": "full"}}).must(t, 422)
		r := e.do(req{method: "PUT", path: day, token: hr, body: body}).must(t, 200)
		if r.json["corrected"] != true || r.json["location"] != "elsewhere" {
			t.Fatalf("corrected: %s", r.body)
		}
		want["2026-12-09"] = "elsewhere/full"
		if repairs, err := svc.Ledger.Rebuild(context.Background(), "", from, to); err != nil || len(repairs) != 0 || !equalMaps(week(hr), want) {
			t.Fatalf("the correction must survive a rebuild: %v %v", repairs, err)
		}
		supView := e.do(req{method: "GET", path: "/api/v1/attendance?from=2026-12-09&to=2026-12-09&employee_id=" + e.fx.emp, token: sup}).must(t, 200)
		if strings.Contains(string(supView.body), "通院") || supView.items()[0]["corrected"] != true {
			t.Fatalf("the supervisor's view: %s", supView.body)
		}
		var audit []string
		e.db.Gorm.Table("audit_events").Where("action = 'work_day.correct'").Pluck("after", &audit)
		if len(audit) != 1 || strings.Contains(audit[0], "通院") {
			t.Fatalf("the correction's audit: %v", audit)
		}
		e.do(req{method: "DELETE", path: day + "/correction", token: hr}).must(t, 204)
		e.do(req{method: "DELETE", path: day + "/correction", token: hr}).must(t, 404)
		want["2026-12-09"] = "office/full"
		if got := week(hr); !equalMaps(got, want) {
			t.Fatalf("after the correction was withdrawn: %v", got)
		}
	})
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
