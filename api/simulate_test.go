package api_test

import (
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestSimulatingADraft: HR tries a draft that widens the family to
// partnerships before publishing it, on a case and on the stored requests.
func TestSimulatingADraft(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		partnership := func(version, from string, on bool) string {
			v := "false"
			if on {
				v = "true"
			}
			return testPolicy(version, from, "  partnership_as_spouse: "+v)
		}
		e.storePolicy(partnership("v1", "2026-12-01", true))
		emp, hr := e.login(empEmail), e.login(hrEmail)
		kid := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{
			"relation": "partner_child", "name": "佐藤ひかり", "birth_date": "2020-05-10", "cohabiting": true}}).must(t, 201).str("id")
		childcare := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp,
			body: telework([]string{"2026-12-08"}, "childcare", map[string]any{"family_member_id": kid})}).must(t, 201).str("id")
		general := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 201).str("id")
		// From tomorrow, a version that no longer counts partnerships.
		e.do(req{method: "POST", path: "/api/v1/policies/telework/versions", token: hr, body: map[string]any{
			"document": partnership("v2", "2026-12-02", false), "note": "パートナーシップの扱いを見直し"}}).must(t, 201)

		widen := partnership("draft", "2027-04-01", true)
		body := map[string]any{"document": widen, "cases": []map[string]any{
			{"employee_id": e.fx.emp, "dates": []string{"2026-12-15"}, "unit": "full", "place": "home", "reason": "childcare", "family_member_id": kid}}}
		e.do(req{method: "POST", path: "/api/v1/policies/telework/simulate", token: emp, body: body}).must(t, 403)
		r := e.do(req{method: "POST", path: "/api/v1/policies/telework/simulate", token: hr, body: body}).must(t, 200)
		c := r.json["cases"].([]any)[0].(map[string]any)
		if c["changed"] != true || outcomeOf(c["in_force"], "family.relation") != "fail" || outcomeOf(c["draft"], "family.relation") != "pass" {
			t.Fatalf("the widening draft must accept what the rules in force refuse: %s", r.body)
		}
		if r.json["checked"] != 2.0 || len(r.json["newly_refused"].([]any)) != 0 || len(r.json["newly_accepted"].([]any)) != 1 ||
			r.json["newly_accepted"].([]any)[0].(map[string]any)["request_id"] != childcare {
			t.Fatalf("stored requests: %s", r.body)
		}
		// A draft that leaves regular staff out refuses the general request; the
		// childcare one is refused under both, so it is no change.
		narrow := strings.Replace(widen, "employment_types: [regular]", "employment_types: [fiscal_year]", 1)
		r = e.do(req{method: "POST", path: "/api/v1/policies/telework/simulate", token: hr, body: map[string]any{"document": narrow}}).must(t, 200)
		refused := r.json["newly_refused"].([]any)
		if len(refused) != 1 || len(r.json["newly_accepted"].([]any)) != 0 || refused[0].(map[string]any)["request_id"] != general ||
			refused[0].(map[string]any)["rules"].([]any)[0] != "eligibility.employment_type" {
			t.Fatalf("narrowing: %s", r.body)
		}
		// An error answers at its path; nothing is stored.
		bad := strings.Replace(widen, "per_week: 3", "per_week: 99", 1)
		r = e.do(req{method: "POST", path: "/api/v1/policies/telework/simulate", token: hr, body: map[string]any{"document": bad}}).must(t, 422)
		if !strings.Contains(string(r.body), "document.limits.per_week") {
			t.Fatalf("the error's path: %s", r.body)
		}
		// The family members read for it are audited, by id.
		var after []string
		e.db.Gorm.Table("audit_events").Where("action = 'family_member.read' AND target_id = ?", e.fx.emp).Pluck("after", &after)
		if len(after) == 0 || !strings.Contains(after[len(after)-1], kid) || !strings.Contains(after[len(after)-1], "policy_simulation") ||
			strings.Contains(strings.Join(after, ""), "佐藤ひかり") {
			t.Fatalf("the simulation's family reads: %v", after)
		}
		// The history names who stored each version and why.
		vs := e.do(req{method: "GET", path: "/api/v1/policies/telework/versions", token: hr}).must(t, 200).items()
		if last := vs[len(vs)-1]; last["note"] != "パートナーシップの扱いを見直し" || last["created_by_name"] != "人事 太郎" {
			t.Fatalf("the history: %v", last)
		}
	})
}

// outcomeOf is the outcome of a rule on the first date of a decision (as
// JSON), "" when it did not report.
func outcomeOf(decision any, rule string) string {
	dates, _ := decision.(map[string]any)["dates"].([]any)
	if len(dates) == 0 {
		return ""
	}
	for _, r := range dates[0].(map[string]any)["results"].([]any) {
		if m := r.(map[string]any); m["rule"] == rule {
			return m["outcome"].(string)
		}
	}
	return ""
}
