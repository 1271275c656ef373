package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/models"
)

// supervisorThenHead is a route whose two steps both resolve to sup: the
// employee's supervisor (係長確認) who is also the head of their division
// (所属長承認).
const supervisorThenHead = `    - name: supervisor
      label: {ja: 係長確認, en: Supervisor check}
      approvers: [supervisor]
    - name: head_approval
      label: {ja: 所属長承認, en: Head approval}
      approvers: [department_head]
`

func TestSameApproverApprovesOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		separate  bool
		approvals int
	}{
		{"同一承認者の自動承認", false, 1},
		{"turned off by the route", true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
				e := newEnv(t, d)
				doc := withRoute(supervisorThenHead)
				if tc.separate {
					doc = strings.Replace(doc, "approval:\n  steps:\n", "approval:\n  same_approver_once: false\n  steps:\n", 1)
				}
				e.storePolicy(doc)
				emp, sup := e.login(empEmail), e.login(supEmail)
				r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
				if ts := tasksOf(r); len(ts) != 2 || ts[0]["approver_id"] != e.fx.sup || ts[1]["approver_id"] != e.fx.sup {
					t.Fatalf("both steps resolve to the supervisor: %v", ts)
				}
				for i := range tc.approvals {
					r = e.decideTask(sup, taskAt(r, i)["id"].(string), "approve", nil, 200)
				}
				if r.str("status") != "approved" || taskAt(r, 1)["status"] != "approved" || taskAt(r, 1)["decided_by"] != e.fx.sup {
					t.Fatalf("after %d approvals: %s %v", tc.approvals, r.str("status"), tasksOf(r))
				}
				trail := r.json["trail"].([]any)
				last := trail[len(trail)-1].(map[string]any)
				steps, _ := last["same_approver_steps"].([]any)
				if tc.separate != (len(steps) == 0) || (!tc.separate && steps[0] != "head_approval") {
					t.Fatalf("the trail must name the steps one approval completed: %v", last)
				}
				if n := countOf(e.notices(empEmail), "request_approved"); n != 1 {
					t.Fatalf("the applicant was told %d times of the approval", n)
				}
			})
		})
	}
}

// TestAPolicyIsAlwaysInForce: HR storing the organisation's first version
// for a future date leaves today's decisions, and escalations, to the
// built-in template in force from the organisation's first day.
func TestAPolicyIsAlwaysInForce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		w := e.startWorker(jobs.Options{})
		admin := e.login(adminEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp, token: admin, body: map[string]any{"has_remote_pc": true}}).must(t, 200)
		e.storePolicy(testPolicy("2027", "2027-01-01", ""))
		emp := e.login(empEmail)

		r := e.do(req{method: "GET", path: "/api/v1/policies/telework?date=2026-12-01", token: emp}).must(t, 200)
		if r.json["built_in"] != true || r.str("effective_from") != "2026-04-01" {
			t.Fatalf("in force today: %s", r.body)
		}
		if r = e.do(req{method: "GET", path: "/api/v1/policies/telework", token: emp}).must(t, 200); r.json["built_in"] != true {
			t.Fatalf("in force today, by default: %s", r.body)
		}
		if r = e.do(req{method: "GET", path: "/api/v1/policies/telework?date=2027-01-04", token: emp}).must(t, 200); r.str("version") != "2027" {
			t.Fatalf("in force from 2027: %s", r.body)
		}
		e.do(req{method: "GET", path: "/api/v1/policies/telework?date=2026-03-31", token: emp}).must(t, 404)

		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		if vs := r.json["policy_versions"].([]any); len(vs) != 1 || !strings.Contains(vs[0].(map[string]any)["version"].(string), "builtin") {
			t.Fatalf("decided under: %v", vs)
		}
		// The escalation job reads the calendar in force today.
		e.clock.Set(start.Add(4 * time.Hour))
		w.escalate(t)
		r = e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r.str("id"), token: e.login(empEmail)}).must(t, 200)
		if taskAt(r, 0)["reminded_at"] == nil {
			t.Fatalf("no reminder after 4 office hours: %v", tasksOf(r))
		}
	})
}

// TestOneCalendarOfClosedDays: a day the organisation closes is closed for
// telework and for booking at its offices alike, and so are the policy's
// closing days (the year end); an office's own closure stays its own.
func TestOneCalendarOfClosedDays(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		admin, emp := e.login(adminEmail), e.login(empEmail)
		o := e.seedOffices(admin)
		e.do(req{method: "PATCH", path: "/api/v1/organization", token: admin, body: map[string]any{
			"closing_days": []map[string]string{{"date": "2026-12-10", "name": "臨時閉庁日"}}}}).must(t, 200)

		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-10"}, "general", nil)}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "calendar.office_day") {
			t.Fatalf("telework on the closed day: %v", ruleIDs(r))
		}
		r = e.book(emp, o.a1, "2026-12-10T09:00:00+09:00", "2026-12-10T10:00:00+09:00").must(t, 422)
		if !strings.Contains(string(r.body), "booking.closed_day") {
			t.Fatalf("booking on the closed day: %s", r.body)
		}
		for _, day := range []string{"2026-12-10", "2026-12-29"} {
			a := e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/availability?date=" + day, token: emp}).must(t, 200)
			if a.json["open"] != false || a.json["closed_reason"] == nil {
				t.Fatalf("availability on %s, a day the town closes: %s", day, a.body)
			}
		}
		// The office's own maintenance day closes the office, not the town.
		e.book(emp, o.a1, "2026-12-04T09:00:00+09:00", "2026-12-04T10:00:00+09:00").must(t, 422)
		e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2026-12-04"}, "general", nil)}).must(t, 200)
		e.book(emp, o.a1, "2026-12-09T09:00:00+09:00", "2026-12-09T10:00:00+09:00").must(t, 201)
	})
}
