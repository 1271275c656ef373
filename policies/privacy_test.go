package policies

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestEveryRuleHasOneAudience(t *testing.T) {
	for _, r := range ruleDocs {
		n := 0
		for _, list := range []map[string]bool{publicRules, privateRules, sensitiveRules} {
			if list[r.ID] {
				n++
			}
		}
		if n != 1 {
			t.Errorf("rule %s must be in exactly one of publicRules, privateRules and sensitiveRules", r.ID)
		}
	}
}

// TestApproversReadNoFamilyFacts runs every family case of the rule tables
// and reads the decision as an approver: no family rule id, no word of the
// family's facts, and the folded result as severe as the worst family rule.
func TestApproversReadNoFamilyFacts(t *testing.T) {
	// Words that would tell an approver something of the family (the
	// reason, such as 育児, is theirs to know).
	private := []string{"2019年5月10日", "10 May 2019", "パートナー", "partner", "内縁", "common-law", "証明書", "certificate",
		"要介護", "care level", "同居", "lives with", "続柄", "配偶者", "spouse", "親等", "degree", "生まれ", "born"}
	for id := range privateRules {
		for _, tc := range ruleCases[id] {
			t.Run(id+"/"+tc.name, func(t *testing.T) {
				dec := tc.evaluate(t)
				if got := dec.For(AudienceApplicant, false); !reflect.DeepEqual(got, dec) {
					t.Fatal("the applicant's view differs from the decision")
				}
				shown := dec.For(AudienceApprover, true)
				raw, _ := json.Marshal(shown)
				text := strings.ToLower(string(raw))
				for _, w := range private {
					if strings.Contains(text, strings.ToLower(w)) {
						t.Errorf("the approver's view contains %q", w)
					}
				}
				for _, r := range dec.AllResults() {
					if privateRules[r.Rule] && (strings.Contains(string(raw), r.Message.Ja) || strings.Contains(string(raw), r.Message.En)) {
						t.Errorf("the approver's view contains the message of %s: %s", r.Rule, r.Message.Ja)
					}
				}
				var family []Result
				for _, r := range shown.AllResults() {
					if privateRules[r.Rule] {
						t.Errorf("the approver's view names rule %s", r.Rule)
					}
					if r.Rule == RuleFamily {
						family = append(family, r)
					}
				}
				want, hasFamily := worstFamily(dec)
				switch {
				case !hasFamily && len(family) > 0:
					t.Errorf("a family result without family rules: %+v", family)
				case hasFamily && len(family) != 1:
					t.Fatalf("want one folded family result for the date, got %d", len(family))
				case hasFamily && family[0].Outcome != want.Outcome:
					t.Errorf("folded outcome %s, want the worst family outcome %s", family[0].Outcome, want.Outcome)
				case hasFamily && family[0].Effect != want.Effect:
					t.Errorf("folded effect %s, want %s", family[0].Effect, want.Effect)
				}
				if shown.Refused() != dec.Refused() || len(shown.Warnings()) > len(dec.Warnings()) {
					t.Error("redaction changed whether the request is refused")
				}
			})
		}
	}
}

func worstFamily(d Decision) (Result, bool) {
	var out Result
	found := false
	for _, r := range d.AllResults() {
		if privateRules[r.Rule] && (!found || worse(r.Outcome, out.Outcome)) {
			out, found = r, true
		}
	}
	return out, found
}

func TestRedactionMessages(t *testing.T) {
	d1 := day("2024-06-12")
	dec := Decision{
		Dates: []DateDecision{{Date: d1, Results: []Result{
			{Rule: RuleReason, Date: d1, Outcome: Pass, Message: Text{Ja: "事由は「育児」です。"}},
			{Rule: RuleRelation, Date: d1, Outcome: Pass, Message: Text{Ja: "パートナーシップの相手（配偶者）の子"}},
			{Rule: RuleChildAge, Date: d1, Outcome: Pass, Message: Text{Ja: "2020年5月10日生まれの子"}},
			{Rule: "future.rule", Date: d1, Outcome: Warn, Effect: ActionWarn, Message: Text{Ja: "母の病名"}},
		}}},
		Route: Route{Steps: []RouteStep{{Name: "hr", RequiredBy: []string{RuleCertificate, RuleCareNeed, RulePerWeek}}}},
	}
	tests := []struct {
		name     string
		verified FamilyVerified
		want     string
	}{
		{"verified", true, "家族の要件を満たしています（人事課確認済み）。"},
		{"not yet verified", false, "家族の要件を満たしています（人事課の確認待ち）。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := dec.For(AudienceApprover, tc.verified)
			rs := got.Dates[0].Results
			if len(rs) != 3 {
				t.Fatalf("want reason, folded family and withheld rule, got %+v", rs)
			}
			if rs[0].Message.Ja != "事由は「育児」です。" {
				t.Errorf("a public rule's message changed: %q", rs[0].Message.Ja)
			}
			if rs[1].Rule != RuleFamily || rs[1].Message.Ja != tc.want {
				t.Errorf("family = %s %q, want %q", rs[1].Rule, rs[1].Message.Ja, tc.want)
			}
			if rs[2].Message != withheld || rs[2].Outcome != Warn {
				t.Errorf("a rule of unknown audience keeps its outcome and withholds its message, got %+v", rs[2])
			}
			if want := []string{RuleFamily, RulePerWeek}; !reflect.DeepEqual(got.Route.Steps[0].RequiredBy, want) {
				t.Errorf("required_by = %v, want %v", got.Route.Steps[0].RequiredBy, want)
			}
			if dec.Dates[0].Results[1].Rule != RuleRelation || dec.Route.Steps[0].RequiredBy[0] != RuleCertificate {
				t.Error("redaction changed the decision it was given")
			}
		})
	}
}
