package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// inboxOfFifty gives the head (supervisor of a new 課 of ten) fifty tasks:
// one-day requests from each of the ten in turn, on weekdays of their own
// (so that no 課 falls below its floor); a public holiday is refused and
// skipped.
func (e *env) inboxOfFifty() {
	e.t.Helper()
	_, _, tokens := e.bandFixture(10)
	n := 0
	for d := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC); n < 50; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[n%10], body: telework([]string{d.Format("2006-01-02")}, "disaster", nil)})
		switch {
		case r.status == 201:
			n++
		case r.status != 422 || !strings.Contains(string(r.body), `"calendar.office_day","date":"`+d.Format("2006-01-02")+`","outcome":"fail"`):
			e.t.Fatalf("a request on %s: %d %s", d.Format("2006-01-02"), r.status, r.body)
		}
	}
}

// The approver's inbox costs the same statements for a page of 5 as for a
// page of 50: the page is loaded and decided as a whole, not item by item
// (it was 27 statements an item).
func TestInboxStatementsDoNotGrowWithThePage(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		e.inboxOfFifty()
		head := e.login(headEmail)
		rec := e.recordStatements()
		count := func(limit int) int {
			var got *res
			sqls := rec.during(func() {
				got = e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/approvals?limit=%d", limit), token: head}).must(t, 200)
			})
			if n := len(got.items()); n != limit {
				t.Fatalf("a page of %d holds %d items", limit, n)
			}
			return len(sqls)
		}
		five, fifty := count(5), count(50)
		t.Logf("%d statements for a page of 5, %d for a page of 50", five, fifty)
		if five != fifty {
			t.Fatalf("a page of 5 takes %d statements, a page of 50 takes %d: the inbox still reads per item", five, fifty)
		}
	})
}

// The inbox decides its page as a whole; each item must be what the same
// request shows decided alone (a page of one) and what its own view shows,
// for requests of different applicants, a task held as a deputy, a request
// with a family reason and one the rules now refuse, and for HR acting as
// approver; no family detail appears in any inbox.
func TestInboxPageDecidesEachRequestAsAlone(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(partnershipPolicy(supervisorThenHR))
		_, _, band := e.bandFixture(3)
		emp, sup, head, hr := e.login(empEmail), e.login(supEmail), e.login(headEmail), e.login(hrEmail)
		kid, partner := e.childAndPartner(emp)
		facts := append(familyFacts{kid, partner}, familyWords...)
		// emp's requests go to sup, who names the head deputy: the head's
		// inbox holds them beside the 課's own, sent by three people.
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp,
			body: telework([]string{"2026-12-07"}, "childcare", map[string]any{"family_member_id": kid})}).must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp,
			body: telework([]string{"2026-12-08", "2026-12-09"}, "nursing_care", map[string]any{"family_member_id": partner})}).must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-10"}, "general", nil)}).must(t, 201)
		for i, tok := range band {
			e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tok, body: telework([]string{[]string{"2026-12-07", "2026-12-14", "2026-12-15"}[i]}, "general", nil)}).must(t, 201)
		}
		e.do(req{method: "POST", path: "/api/v1/delegations", token: sup, body: map[string]any{"deputy_id": e.fx.head, "starts_on": "2026-12-01", "ends_on": "2026-12-04"}}).must(t, 201)
		// The partner's care need lapses: the nursing-care request is now refused.
		e.do(req{method: "PATCH", path: "/api/v1/me/family-members/" + partner, token: emp, body: map[string]any{"care_level": 1, "care_need_days": 0}}).must(t, 200)

		page := e.checkInboxAgainstAlone(head, facts, 6)
		refused, deputy := 0, 0
		for _, it := range page {
			if it["refused"] == true {
				refused++
			}
			if it["on_behalf_of"] != nil {
				deputy++
				if it["on_behalf_of_name"] != "課長 太郎" {
					t.Errorf("a deputy's task names %v", it["on_behalf_of_name"])
				}
			}
		}
		if refused != 1 || deputy != 3 {
			t.Fatalf("want 1 refused and 3 deputy's tasks, got %d and %d", refused, deputy)
		}
		// HR acting as approver: the head approves the childcare request and
		// two of the 課's; HR's inbox holds them.
		for _, it := range page {
			r := it["request"].(map[string]any)
			if r["reason"] == "childcare" || (r["reason"] == "general" && r["employee_id"] != e.fx.emp) {
				e.decideTask(head, it["task"].(map[string]any)["id"].(string), "approve", map[string]any{"confirm": true}, 200)
			}
		}
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/family-members/" + kid + "/verify", token: hr}).must(t, 200)
		e.checkInboxAgainstAlone(hr, facts, 4)
	})
}

// checkInboxAgainstAlone reads the reader's whole inbox in one page and
// page by page (each request decided alone) and checks that every item is
// the same both ways and shows the request as its own view does.
func (e *env) checkInboxAgainstAlone(token string, facts familyFacts, want int) []map[string]any {
	t := e.t
	t.Helper()
	whole := e.do(req{method: "GET", path: "/api/v1/approvals?limit=50", token: token}).must(t, 200)
	facts.check(t, "the inbox", whole.body)
	items := whole.items()
	if len(items) != want {
		t.Fatalf("the inbox holds %d items, want %d: %s", len(items), want, whole.body)
	}
	cursor := ""
	for i, it := range items {
		path := "/api/v1/approvals?limit=1"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		alone := e.do(req{method: "GET", path: path, token: token}).must(t, 200)
		cursor, _ = alone.json["next_cursor"].(string)
		if one := alone.items(); len(one) != 1 || !reflect.DeepEqual(one[0], it) {
			t.Fatalf("item %d decided in a page of %d:\n%s\ndecided alone:\n%s", i, len(items), jsonText(it), alone.body)
		}
		r := it["request"].(map[string]any)
		view := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r["id"].(string), token: token}).must(t, 200)
		// The inbox shows the request's summary: each of its fields as the
		// request's own view shows it, without the stored decision, the
		// trail and the seats (the item's results are the verdicts now).
		for k, v := range r {
			if !reflect.DeepEqual(view.json[k], v) {
				t.Fatalf("item %d shows the request's %s as %s; its own view: %s", i, k, jsonText(v), jsonText(view.json[k]))
			}
		}
		for _, k := range []string{"decision", "trail", "warnings", "held_seats"} {
			if _, ok := r[k]; ok {
				t.Fatalf("item %d carries the request's %s", i, k)
			}
		}
		if len(r) < 20 {
			t.Fatalf("item %d shows only %d fields of the request", i, len(r))
		}
		if len(it["results"].([]any)) == 0 || len(it["attendance"].([]any)) == 0 {
			t.Fatalf("item %d has no results or no attendance: %s", i, jsonText(it))
		}
	}
	return items
}

func jsonText(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return strings.TrimSpace(string(b))
}

// The rules read the organisation chart from the process's copy; a change to
// a department is seen at once, by this process and by another one (the
// database bumps the chart's version, whoever writes).
func TestChartCopyFollowsADepartmentChange(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		emp, admin := e.login(empEmail), e.login(adminEmail)
		other := e.newServer()
		body := telework([]string{"2026-12-08"}, "general", nil)
		preview := func(srv *api.Server) []string {
			status, raw := send(srv, "POST", "/api/v1/telework-requests/preview", emp, body)
			if status != 200 {
				t.Fatalf("preview: %d %s", status, raw)
			}
			var out struct {
				Decision struct {
					Dates []struct {
						Results []struct{ Rule, Outcome string }
					}
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil || len(out.Decision.Dates) != 1 {
				t.Fatalf("preview: %v %s", err, raw)
			}
			var failed []string
			for _, r := range out.Decision.Dates[0].Results {
				if r.Outcome == "fail" {
					failed = append(failed, r.Rule)
				}
			}
			return failed
		}
		for _, srv := range []*api.Server{e.srv, other} {
			if failed := preview(srv); len(failed) != 0 {
				t.Fatalf("before the change: %v", failed)
			}
		}
		// 総務課 takes on counter work, which the policy excludes.
		e.do(req{method: "PATCH", path: "/api/v1/departments/" + e.fx.dAffairs, token: admin, body: map[string]any{"counter_work": true}}).must(t, 200)
		for i, srv := range []*api.Server{e.srv, other} {
			if failed := preview(srv); !slices.Contains(failed, "eligibility.department") {
				t.Fatalf("process %d after the change: failed %v, want eligibility.department", i+1, failed)
			}
		}
		// Back by hand, as a personnel system's sync would do it.
		if err := e.db.Gorm.Exec("UPDATE departments SET counter_work = ? WHERE id = ?", false, e.fx.dAffairs).Error; err != nil {
			t.Fatal(err)
		}
		for i, srv := range []*api.Server{e.srv, other} {
			if failed := preview(srv); len(failed) != 0 {
				t.Fatalf("process %d after the change by hand: %v", i+1, failed)
			}
		}
	})
}
