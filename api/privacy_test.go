package api_test

import (
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// partnershipPolicy counts a partnership as a marriage (with its
// certificate) and routes every request past the supervisor and then HR, so
// that HR too receives requests as an approver.
func partnershipPolicy(route string) string {
	return routeIn(testPolicy("v1", "2026-12-01", "  partnership_as_spouse: true\n  partnership_requires_certificate: true"), route)
}

const supervisorThenHR = `    - name: supervisor
      approvers: [supervisor]
    - name: hr_approval
      label: {ja: 人事課確認, en: HR check}
      approvers: [hr]
`

// familyFacts are words and values that tell something of an employee's
// family: what approvers must never read, searched in the whole text of what
// they receive.
type familyFacts []string

func (f familyFacts) check(t *testing.T, where string, body []byte) {
	t.Helper()
	text := strings.ToLower(string(body))
	for _, w := range f {
		if strings.Contains(text, strings.ToLower(w)) {
			t.Errorf("%s contains %q:\n%s", where, w, body)
		}
	}
}

var familyWords = familyFacts{
	"山田花子", "佐藤まこと", "2020-05-10", "2020年5月10日", "10 May 2020", "生まれ", "born",
	"パートナー", "partner", "配偶者", "spouse", "証明書", "certificate", "要介護", "care level", "care_level",
	"同居", "cohabit", "続柄", "親等", "degree",
}

// childAndPartner registers the employee's child (who supports childcare)
// and partner (care level 3, with a partnership certificate).
func (e *env) childAndPartner(token string) (kid, partner string) {
	e.t.Helper()
	kid = e.do(req{method: "POST", path: "/api/v1/me/family-members", token: token, body: map[string]any{
		"relation": "child", "name": "山田花子", "birth_date": "2020-05-10", "cohabiting": true}}).must(e.t, 201).str("id")
	partner = e.do(req{method: "POST", path: "/api/v1/me/family-members", token: token, body: map[string]any{
		"relation": "partner", "name": "佐藤まこと", "birth_date": "1985-02-03", "cohabiting": true,
		"care_level": 3, "care_need_days": 60, "partnership_certificate": true}}).must(e.t, 201).str("id")
	return kid, partner
}

func TestApproversReceiveNoFamilyFacts(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(partnershipPolicy(supervisorThenHR))
		emp, sup, hr := e.login(empEmail), e.login(supEmail), e.login(hrEmail)
		kid, partner := e.childAndPartner(emp)
		facts := append(familyFacts{kid, partner}, familyWords...)

		childcare := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp,
			body: telework([]string{"2026-12-07"}, "childcare", map[string]any{"family_member_id": kid})}).must(t, 201)
		care := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp,
			body: telework([]string{"2026-12-08"}, "nursing_care", map[string]any{"family_member_id": partner})}).must(t, 201)
		// The applicant reads every fact of their own request.
		if own := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + care.str("id"), token: emp}).must(t, 200); !strings.Contains(string(own.body), "パートナーシップ") ||
			own.str("family_member_id") != partner {
			t.Fatalf("the applicant's own view lacks the family facts: %s", own.body)
		}

		// The supervisor's inbox: both requests, not refused, nothing of the family.
		inbox := e.do(req{method: "GET", path: "/api/v1/approvals", token: sup}).must(t, 200)
		facts.check(t, "the supervisor's inbox", inbox.body)
		if items := inbox.items(); len(items) != 2 || items[0]["refused"] != false || items[1]["refused"] != false {
			t.Fatalf("the inbox must show both requests as not refused: %s", inbox.body)
		}
		if !strings.Contains(string(inbox.body), "家族の要件を満たしています（人事課の確認待ち）") {
			t.Errorf("the inbox gives no category-level family result: %s", inbox.body)
		}
		for _, r := range []*res{childcare, care} {
			view := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r.str("id"), token: sup}).must(t, 200)
			facts.check(t, "the supervisor's request view", view.body)
		}
		// A deputy the supervisor named reads what they may decide, and no
		// more of the family than the supervisor does.
		e.do(req{method: "POST", path: "/api/v1/delegations", token: sup, body: map[string]any{"deputy_id": e.fx.other, "starts_on": "2026-12-01", "ends_on": "2026-12-04"}}).must(t, 201)
		deputy := e.login(otherEmail)
		for _, r := range []*res{childcare, care} {
			facts.check(t, "the deputy's request view", e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r.str("id"), token: deputy}).must(t, 200).body)
		}
		// The supervisor approves the childcare request, by request and with
		// the same body as the task route.
		body := e.do(req{method: "POST", path: "/api/v1/telework-requests/" + childcare.str("id") + "/approve", token: sup,
			body: map[string]any{"comment": "承知しました", "confirm": false}}).must(t, 200)
		facts.check(t, "the supervisor's approval answer", body.body)

		// HR verifies the child; HR as the approver of the next step still
		// reads no facts, only that HR verified them.
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/family-members/" + kid + "/verify", token: hr}).must(t, 200)
		hrInbox := e.do(req{method: "GET", path: "/api/v1/approvals", token: hr}).must(t, 200)
		facts.check(t, "HR's inbox", hrInbox.body)
		if !strings.Contains(string(hrInbox.body), "人事課確認済み") {
			t.Errorf("HR's inbox does not show the verification: %s", hrInbox.body)
		}
		for _, r := range []*res{childcare, care} {
			facts.check(t, "HR's request view", e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r.str("id"), token: hr}).must(t, 200).body)
		}
		facts.check(t, "HR's approval answer", e.decideTask(hr, taskAt(e.do(req{method: "GET", path: "/api/v1/telework-requests/" + childcare.str("id"), token: emp}).must(t, 200), 1)["id"].(string), "approve", nil, 200).body)

		// The partner's care need lapses: the rules now refuse the nursing-care
		// request. The 422 carries the decision as the approver may read it.
		e.do(req{method: "PATCH", path: "/api/v1/me/family-members/" + partner, token: emp, body: map[string]any{"care_level": 1, "care_need_days": 0}}).must(t, 200)
		refused := e.decideTask(sup, taskAt(care, 0)["id"].(string), "approve", nil, 422)
		facts.check(t, "the 422 answer", refused.body)
		if !strings.Contains(refused.str("detail"), "家族の要件を満たしていません") {
			t.Errorf("the 422's detail is not the category-level failure: %s", refused.str("detail"))
		}
		inbox = e.do(req{method: "GET", path: "/api/v1/approvals", token: sup}).must(t, 200)
		facts.check(t, "the inbox of a refused request", inbox.body)
		if items := inbox.items(); len(items) != 1 || items[0]["refused"] != true {
			t.Errorf("the inbox must now show the request as refused: %s", inbox.body)
		}
		bulk := e.do(req{method: "POST", path: "/api/v1/approvals/bulk", token: sup, body: map[string]any{"items": []map[string]any{
			{"task_id": taskAt(care, 0)["id"], "action": "approve"}}}}).must(t, 200)
		facts.check(t, "the bulk results", bulk.body)
		if !strings.Contains(string(bulk.body), "422") {
			t.Errorf("the bulk item is not refused: %s", bulk.body)
		}

		for who, token := range map[string]string{"the supervisor's": sup, "HR's": hr} {
			facts.check(t, who+" notifications", e.do(req{method: "GET", path: "/api/v1/notifications", token: token}).must(t, 200).body)
		}
		// Nor does the audit trail of the decisions hold a fact.
		var after []string
		e.db.Gorm.Table("audit_events").Where("target_type IN ('telework_request', 'approval_task')").Pluck("after", &after)
		facts.check(t, "the audit trail of requests", []byte(strings.Join(after, "\n")))
	})
}

// TestConfirmationAnswerHoldsNoFamilyFacts: a warning new since submission
// asks the approver to confirm; the answer names the warning, not the family.
func TestConfirmationAnswerHoldsNoFamilyFacts(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(floorWarns(partnershipPolicy(supervisorOnlyRoute)))
		_, ids, tokens := e.bandFixture(10)
		head, hr := e.login(headEmail), e.login(hrEmail)
		partner := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: tokens[0], body: map[string]any{
			"relation": "partner", "name": "佐藤まこと", "cohabiting": true, "care_level": 3, "care_need_days": 60,
			"partnership_certificate": true}}).must(t, 201).str("id")
		var care *res
		for i := range 6 {
			body := telework([]string{"2026-12-03"}, "general", nil)
			if i == 5 {
				body = telework([]string{"2026-12-03"}, "nursing_care", map[string]any{"family_member_id": partner})
				care = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[0], body: body}).must(t, 201)
				continue
			}
			e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[i+1], body: body}).must(t, 201)
		}
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{{"employee_id": ids[9], "date": "2026-12-03"}}}}).must(t, 200)
		r := e.decideTask(head, taskAt(care, 0)["id"].(string), "approve", nil, 409)
		if r.str("type") != "urn:kinmuchi:problem:confirmation-required" {
			t.Fatalf("want a confirmation: %s", r.body)
		}
		append(familyFacts{partner}, familyWords...).check(t, "the confirmation answer", r.body)
	})
}
