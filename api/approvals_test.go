package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// withRoute replaces the test policy's approval route.
func withRoute(route string) string { return routeIn(testPolicy("v1", "2026-12-01", ""), route) }

// routeIn replaces a test policy document's approval route.
func routeIn(doc, route string) string {
	return doc[:strings.Index(doc, "approval:")] + "approval:\n  steps:\n" + route + onDemandHR
}

// onDemandHR is the step the test policy's weekly limit asks for.
const onDemandHR = "    - name: hr_check\n      approvers: [hr]\n      on_demand: true\n"

const twoStepsAndHR = `    - name: supervisor
      approvers: [supervisor]
    - name: bu_head
      label: {ja: 部長承認, en: Head of department}
      approvers: ["head:bu"]
    - name: late_hr
      approvers: [hr]
      when:
        flags: [late_application]
`

// tasks returns the request's tasks of its latest round, by step.
func tasksOf(r *res) []map[string]any {
	all, _ := r.json["tasks"].([]any)
	last := 0.0
	for _, t := range all {
		last = max(last, t.(map[string]any)["round"].(float64))
	}
	var out []map[string]any
	for _, t := range all {
		if m := t.(map[string]any); m["round"].(float64) == last {
			out = append(out, m)
		}
	}
	return out
}

func taskAt(r *res, step int) map[string]any {
	for _, t := range tasksOf(r) {
		if int(t["step_index"].(float64)) == step {
			return t
		}
	}
	return nil
}

func (e *env) decideTask(token, taskID, action string, body map[string]any, status int) *res {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/approvals/" + taskID + "/" + action, token: token, body: body}).must(e.t, status)
}

func TestRouteWithConditionalHRStep(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(twoStepsAndHR))
		emp, sup, head := e.login(empEmail), e.login(supEmail), e.login(headEmail)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		if ts := tasksOf(r); len(ts) != 2 || ts[0]["status"] != "pending" || ts[1]["status"] != "waiting" || ts[1]["approver_id"] != e.fx.head {
			t.Fatalf("route without the HR condition: %v", ts)
		}
		// The inbox of the supervisor holds the first step, not the head's.
		inbox := e.do(req{method: "GET", path: "/api/v1/approvals", token: sup}).must(t, 200)
		if len(inbox.items()) != 1 || len(e.do(req{method: "GET", path: "/api/v1/approvals", token: head}).must(t, 200).items()) != 0 {
			t.Fatal("inboxes")
		}
		item := inbox.items()[0]
		if len(item["attendance"].([]any)) == 0 {
			t.Fatalf("the inbox shows no projected attendance: %v", item)
		}
		r = e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", map[string]any{"comment": "了解"}, 200)
		if r.str("status") != "pending" || taskAt(r, 1)["status"] != "pending" {
			t.Fatalf("after the first step: %s %v", r.str("status"), tasksOf(r))
		}
		r = e.decideTask(head, taskAt(r, 1)["id"].(string), "approve", nil, 200)
		if r.str("status") != "approved" {
			t.Fatal(r.str("status"))
		}
		// A late application adds the conditional HR step.
		e.clock.Set(start.Add(9 * time.Hour))
		emp, sup, head, hr := e.login(empEmail), e.login(supEmail), e.login(headEmail), e.login(hrEmail)
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-02"}, "general", nil)}).must(t, 201)
		ts := tasksOf(r)
		if len(ts) != 3 || ts[2]["approver_kind"] != "hr" || ts[2]["conditional"] != true {
			t.Fatalf("late route: %v", ts)
		}
		for _, step := range []struct {
			token string
			i     int
		}{{sup, 0}, {head, 1}, {hr, 2}} {
			r = e.decideTask(step.token, taskAt(r, step.i)["id"].(string), "approve", nil, 200)
		}
		if r.str("status") != "approved" {
			t.Fatal(r.str("status"))
		}
		trail := r.json["trail"].([]any)
		if last := trail[len(trail)-1].(map[string]any); last["action"] != "approve" || len(last["policy_versions"].([]any)) != 1 {
			t.Fatalf("trail: %v", last)
		}
	})
}

func TestAllOfAndAnyOfSteps(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		for _, mode := range []string{"all_of", "any_of"} {
			e := newEnv(t, d)
			e.storePolicy(withRoute("    - name: joint\n      approvers: [supervisor, \"head:bu\"]\n      mode: " + mode + "\n"))
			emp, sup, head := e.login(empEmail), e.login(supEmail), e.login(headEmail)
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
			ts := tasksOf(r)
			if len(ts) != 2 || ts[0]["status"] != "pending" || ts[1]["status"] != "pending" {
				t.Fatalf("%s: both approvers decide at once: %v", mode, ts)
			}
			mine := ts[0]["id"].(string)
			theirs := ts[1]["id"].(string)
			if ts[0]["approver_id"] != e.fx.sup {
				mine, theirs = theirs, mine
			}
			r = e.decideTask(sup, mine, "approve", nil, 200)
			if mode == "any_of" {
				if r.str("status") != "approved" {
					t.Fatalf("any_of: one approval suffices: %s", r.str("status"))
				}
				e.decideTask(head, theirs, "approve", nil, 409)
				continue
			}
			if r.str("status") != "pending" {
				t.Fatalf("合議 needs both: %s", r.str("status"))
			}
			if r = e.decideTask(head, theirs, "approve", nil, 200); r.str("status") != "approved" {
				t.Fatal(r.str("status"))
			}
		}
	})
}

func TestReturnToApplicantAndToAnEarlierStep(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(twoStepsAndHR))
		emp, sup, head := e.login(empEmail), e.login(supEmail), e.login(headEmail)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		id := r.str("id")
		r = e.decideTask(sup, taskAt(r, 0)["id"].(string), "return", map[string]any{"comment": "日付を確認してください"}, 200)
		if r.str("status") != "returned" {
			t.Fatal(r.str("status"))
		}
		r = e.do(req{method: "PATCH", path: "/api/v1/telework-requests/" + id, token: emp, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 200)
		if taskAt(r, 0)["round"].(float64) != 2 || taskAt(r, 0)["status"] != "pending" {
			t.Fatalf("resubmission starts a new round: %v", tasksOf(r))
		}
		r = e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200)
		// The head sends it back to the supervisor's step; the request stays pending.
		r = e.decideTask(head, taskAt(r, 1)["id"].(string), "return", map[string]any{"return_to_step": 0, "comment": "課長、再確認を"}, 200)
		if r.str("status") != "pending" || taskAt(r, 0)["status"] != "pending" || taskAt(r, 0)["approver_id"] != e.fx.sup {
			t.Fatalf("return to an earlier step: %s %v", r.str("status"), tasksOf(r))
		}
		e.decideTask(head, taskAt(r, 1)["id"].(string), "return", map[string]any{"return_to_step": 1}, 422)
		r = e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200)
		if r = e.decideTask(head, taskAt(r, 1)["id"].(string), "approve", nil, 200); r.str("status") != "approved" {
			t.Fatal(r.str("status"))
		}
		// Cancellation after approval, before the day.
		if r = e.do(req{method: "POST", path: "/api/v1/telework-requests/" + id + "/cancel", token: emp}).must(t, 200); r.str("status") != "cancelled" {
			t.Fatal(r.str("status"))
		}
	})
}

func TestEarlyDecisionByTheHeadSkipsTheSupervisor(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(twoStepsAndHR))
		emp, sup, head := e.login(empEmail), e.login(supEmail), e.login(headEmail)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		waiting := e.do(req{method: "GET", path: "/api/v1/approvals?status=waiting", token: head}).must(t, 200)
		if len(waiting.items()) != 1 {
			t.Fatal("the head sees the later step waiting")
		}
		// The supervisor may not take the head's step.
		e.decideTask(sup, taskAt(r, 1)["id"].(string), "approve", nil, 403)
		r = e.decideTask(head, taskAt(r, 1)["id"].(string), "approve", map[string]any{"comment": "引き上げ承認"}, 200)
		if r.str("status") != "approved" || taskAt(r, 0)["status"] != "skipped" {
			t.Fatalf("引き上げ: %s %v", r.str("status"), tasksOf(r))
		}
		var ev models.AuditEvent
		e.db.Gorm.Where("action = ? AND target_id = ?", "telework_request.approve", r.str("id")).Take(&ev)
		// The supervisor whose step was skipped is told.
		told := e.do(req{method: "GET", path: "/api/v1/notifications", token: sup}).must(t, 200)
		found := false
		for _, n := range told.items() {
			found = found || n["kind"] == "task_skipped"
		}
		if !found {
			t.Fatalf("the skipped supervisor was not told: %s", told.body)
		}
		var after map[string]any
		if json.Unmarshal(ev.After, &after) != nil || after["skipped_tasks"] != 1.0 {
			t.Fatalf("the audit does not record the skipped step: %s", ev.After)
		}
	})
}

func TestDeputyInsideAndOutsideTheRange(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute("    - name: supervisor\n      approvers: [supervisor]\n"))
		emp, sup, other, hr := e.login(empEmail), e.login(supEmail), e.login(otherEmail), e.login(hrEmail)
		e.do(req{method: "POST", path: "/api/v1/delegations", token: sup, body: map[string]any{"deputy_id": e.fx.other, "starts_on": "2026-12-01", "ends_on": "2026-12-04"}}).must(t, 201)
		// Periods of one approver never overlap; a deputy cannot pass the authority on.
		e.do(req{method: "POST", path: "/api/v1/delegations", token: hr, body: map[string]any{"approver_id": e.fx.sup, "deputy_id": e.fx.head, "starts_on": "2026-12-04", "ends_on": "2026-12-10"}}).must(t, 409)
		e.do(req{method: "POST", path: "/api/v1/delegations", token: other, body: map[string]any{"approver_id": e.fx.sup, "deputy_id": e.fx.hr, "starts_on": "2026-12-05", "ends_on": "2026-12-10"}}).must(t, 403)
		if l := e.do(req{method: "GET", path: "/api/v1/delegations", token: other}).must(t, 200).items(); len(l) != 1 || l[0]["approver_name"] != "課長 太郎" || l[0]["deputy_name"] == "" {
			t.Fatalf("the deputy's list names both: %v", l)
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		inbox := e.do(req{method: "GET", path: "/api/v1/approvals", token: other}).must(t, 200).items()
		if len(inbox) != 1 || inbox[0]["on_behalf_of"] != e.fx.sup || inbox[0]["on_behalf_of_name"] != "課長 太郎" {
			t.Fatalf("the deputy's inbox: %v", inbox)
		}
		r = e.decideTask(other, taskAt(r, 0)["id"].(string), "approve", map[string]any{"comment": "代理で承認します"}, 200)
		task := taskAt(r, 0)
		if r.str("status") != "approved" || task["decided_by"] != e.fx.other || task["on_behalf_of"] != e.fx.sup || task["on_behalf_of_name"] == "" {
			t.Fatalf("a deputy's decision records both names: %v", task)
		}
		// After the range the deputy decides nothing.
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 201)
		e.clock.Set(start.Add(4 * 24 * time.Hour))
		other = e.login(otherEmail)
		if n := len(e.do(req{method: "GET", path: "/api/v1/approvals", token: other}).must(t, 200).items()); n != 0 {
			t.Fatalf("outside the range the deputy's inbox has %d", n)
		}
		e.decideTask(other, taskAt(r, 0)["id"].(string), "approve", nil, 404)
		_ = sup
	})
}

func TestBulkApprovalWithOneFailingReevaluation(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute("    - name: supervisor\n      approvers: [supervisor]\n"))
		_, ids, tokens := e.bandFixture(10)
		head, hr := e.login(headEmail), e.login(hrEmail)
		var full, spare []string // requests on a day at the floor, and on a quiet day
		for i := range 6 {
			full = append(full, e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[i], body: telework([]string{"2026-12-03"}, "general", nil)}).must(t, 201).str("id"))
		}
		for i := range 2 {
			spare = append(spare, e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[i], body: telework([]string{"2026-12-04"}, "general", nil)}).must(t, 201).str("id"))
		}
		// Someone still in the office falls ill on the 3rd: the floor no longer holds.
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{{"employee_id": ids[9], "date": "2026-12-03"}}}}).must(t, 200)
		taskOfRequest := func(id string) string {
			r := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + id, token: head}).must(t, 200)
			return taskAt(r, 0)["id"].(string)
		}
		body := map[string]any{"items": []map[string]any{
			{"task_id": taskOfRequest(spare[0]), "action": "approve"},
			{"task_id": taskOfRequest(full[0]), "action": "approve"},
			{"task_id": taskOfRequest(spare[1]), "action": "approve", "comment": "一括承認"},
		}}
		r := e.do(req{method: "POST", path: "/api/v1/approvals/bulk", token: head, body: body}).must(t, 200)
		items := r.json["items"].([]any)
		statuses := []float64{}
		for _, it := range items {
			statuses = append(statuses, it.(map[string]any)["status"].(float64))
		}
		if statuses[0] != 200 || statuses[1] != 422 || statuses[2] != 200 {
			t.Fatalf("bulk statuses %v: %s", statuses, r.body)
		}
		for id, want := range map[string]string{spare[0]: "approved", spare[1]: "approved", full[0]: "pending"} {
			if got := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + id, token: head}).must(t, 200).str("status"); got != want {
				t.Errorf("%s is %s, want %s", id, got, want)
			}
		}
	})
}

func TestApproversNeverSeeFamilyDetails(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(twoStepsAndHR))
		emp, sup, head, hr := e.login(empEmail), e.login(supEmail), e.login(headEmail), e.login(hrEmail)
		kid := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{"relation": "child", "name": "山田花子", "birth_date": "2019-06-01", "cohabiting": true}}).must(t, 201).str("id")
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "childcare", map[string]any{"family_member_id": kid})}).must(t, 201)
		for _, token := range []string{sup, head, hr} {
			for _, path := range []string{"/api/v1/approvals", "/api/v1/approvals?status=waiting"} {
				body := string(e.do(req{method: "GET", path: path, token: token}).must(t, 200).body)
				if strings.Contains(body, "山田花子") || strings.Contains(body, kid) {
					t.Fatalf("family details in an approver's inbox: %s", body)
				}
			}
		}
		body := string(e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200).body)
		if strings.Contains(body, kid) {
			t.Fatal("family details in the approver's answer")
		}
		// Strangers to the request cannot decide it, nor can the applicant.
		e.decideTask(e.login(otherEmail), taskAt(r, 1)["id"].(string), "approve", nil, 404)
		e.decideTask(emp, taskAt(r, 1)["id"].(string), "approve", nil, 403)
		e.decideTask(e.login(admin2Email), taskAt(r, 1)["id"].(string), "approve", nil, 404)
	})
}

const supervisorOnlyRoute = "    - name: supervisor\n      approvers: [supervisor]\n"

// floorWarns makes the test policy's attendance floor warn instead of refuse.
func floorWarns(doc string) string {
	return strings.Replace(doc, "min_percent: 40\n      effect: refuse", "min_percent: 40\n      effect: warn", 1)
}

func TestApprovingOverANewWarningNeedsConfirmation(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(floorWarns(withRoute(supervisorOnlyRoute)))
		_, ids, tokens := e.bandFixture(10)
		head, hr := e.login(headEmail), e.login(hrEmail)
		var last *res
		for i := range 6 {
			last = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[i], body: telework([]string{"2026-12-03"}, "general", nil)}).must(t, 201)
		}
		if len(last.json["warnings"].([]any)) != 0 {
			t.Fatalf("no warning at submission: %s", last.body)
		}
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{{"employee_id": ids[9], "date": "2026-12-03"}}}}).must(t, 200)
		task := taskAt(last, 0)["id"].(string)
		r := e.decideTask(head, task, "approve", nil, 409)
		if r.str("type") != "urn:kinmuchi:problem:confirmation-required" || !strings.Contains(string(r.body), "attendance.min_ratio") {
			t.Fatalf("the approver must see the new warning: %s", r.body)
		}
		if r = e.decideTask(head, task, "approve", map[string]any{"confirm": true}, 200); r.str("status") != "approved" {
			t.Fatal(r.str("status"))
		}
	})
}
