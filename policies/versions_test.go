package policies

import (
	"strings"
	"testing"
)

// The 磐梯町 story: the first rules counted only cohabiting relatives up to
// the second degree; the next version added partnership and common-law
// partners. A childcare request for the child of a common-law partner is
// refused under the first and passes under the second, and each decision
// names the version it was made under.
const familyV1 = `
id: bandai-telework
version: "2023-04"
effective_from: 2023-04-01
reasons:
  - id: childcare
    name: {ja: 育児, en: Childcare}
    family_member: required
    relations: [child, stepchild]
    child_limit: end_of_primary
family:
  max_degree: {blood: 2, affinity: 2}
  cohabitation_required: true
approval:
  steps:
    - {name: head, approvers: [department_head]}
`

const familyV2 = `
version: "2024-04"
effective_from: 2024-04-01
family:
  partnership_as_spouse: true
  common_law_as_spouse: true
`

func TestCommonLawPartnersChildAcrossVersions(t *testing.T) {
	v1, err := Parse([]byte(familyV1))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := Parse([]byte(mergeYAML(t, familyV1, familyV2)))
	if err != nil {
		t.Fatal(err)
	}
	set, err := NewSet(v1, v2)
	if err != nil {
		t.Fatal(err)
	}
	request := func(dates ...string) Facts {
		f := testFacts()
		f.Reason = "childcare"
		f.Family = &FamilyMember{Relation: "common_law_partner_child", BirthDate: day("2017-08-20"), Cohabiting: true}
		f.AppliedAt = at("2024-03-01 09:00")
		for _, d := range dates {
			f.Dates = append(f.Dates, day(d))
		}
		return f
	}

	before := EvaluateRequest(set, request("2024-03-27"))
	if !before.Refused() {
		t.Fatalf("refused under 2023-04 expected:\n%s", dumpResults(before))
	}
	r, _ := worst(before, RuleRelation)
	if r.Outcome != Fail || !strings.Contains(r.Message.Ja, "内縁の配偶者を配偶者として扱いません") ||
		!strings.Contains(r.Message.En, "common-law union") {
		t.Errorf("refusal does not give the reason: %+v", r.Message)
	}
	if got := before.Dates[0].Policy; got.Version != "2023-04" || got.ID != "bandai-telework" {
		t.Errorf("decided under %+v", got)
	}

	after := EvaluateRequest(set, request("2024-04-10"))
	if after.Refused() {
		t.Fatalf("passes under 2024-04 expected:\n%s", dumpResults(after))
	}
	r, _ = worst(after, RuleRelation)
	if r.Outcome != Pass || !strings.Contains(r.Message.Ja, "姻族1親等") {
		t.Errorf("relation result %+v", r)
	}
	if got := after.Dates[0].Policy; got.Version != "2024-04" || got.EffectiveFrom != day("2024-04-01") {
		t.Errorf("decided under %+v", got)
	}

	// One request across the change: each date under its own version.
	both := EvaluateRequest(set, request("2024-03-27", "2024-04-10"))
	if got := both.RefusedDates(); len(got) != 1 || got[0] != day("2024-03-27") {
		t.Errorf("refused dates %v", got)
	}
	if v := both.Versions(); len(v) != 2 || v[0].Version != "2023-04" || v[1].Version != "2024-04" {
		t.Errorf("versions %+v", v)
	}

	// The same child living elsewhere is refused under both: cohabitation is required.
	apart := request("2024-04-10")
	apart.Family.Cohabiting = false
	if r, _ := worst(EvaluateRequest(set, apart), RuleCohabitation); r.Outcome != Fail {
		t.Errorf("cohabitation %+v", r)
	}
}

func TestRoute(t *testing.T) {
	p := policyWith(t, `
limits: {per_week: 1, effects: {per_week: 'require_step:hr'}}
deadlines: {late: warn}
approval:
  steps:
    - {name: supervisor, approvers: [supervisor]}
    - {name: head, approvers: [department_head, head:bu], mode: all_of}
    - {name: security, approvers: ['officer:information_security'], when: {department_flags: [personal_info]}}
    - {name: late_check, approvers: [department_head], on_demand: true, when: {flags: [late_application]}}
    - {name: long, approvers: [head:bu], when: {min_dates: 3, reasons: [general]}}
    - {name: hr, approvers: [hr], on_demand: true}
`)
	names := func(r Route) string {
		var s []string
		for _, st := range r.Steps {
			s = append(s, st.Name)
		}
		return strings.Join(s, ",")
	}

	f := testFacts()
	dec := Evaluate(p, f)
	if got := names(dec.Route); got != "supervisor,head" {
		t.Errorf("plain route %s", got)
	}
	if st := dec.Route.Steps[1]; st.Mode != AllOf || len(st.Approvers) != 2 || st.Conditional {
		t.Errorf("head step %+v", st)
	}

	f.Employee.Units[2].Flags = []string{"personal_info"}
	f.AppliedAt = at("2024-06-12 08:00") // late
	f.Existing = fullDays("2024-06-10")  // over the weekly limit
	dec = Evaluate(p, f)
	if got := names(dec.Route); got != "supervisor,head,security,late_check,hr" {
		t.Errorf("route %s\n%s", got, dumpResults(dec))
	}
	if !dec.Route.Steps[2].Conditional || !dec.Route.Steps[3].Conditional || dec.Route.Steps[4].Conditional {
		t.Errorf("conditional marks wrong: %+v", dec.Route.Steps)
	}
	if got := dec.ExtraSteps(); len(got) != 1 || got[0] != "hr" || dec.Route.Steps[4].RequiredBy[0] != RulePerWeek {
		t.Errorf("extra steps %v, %+v", got, dec.Route.Steps[4])
	}
	if dec.Refused() || len(dec.Warnings()) != 2 {
		t.Errorf("refused %v, warnings %d", dec.Refused(), len(dec.Warnings()))
	}

	g := testFacts()
	g.AppliedAt = at("2024-06-07 09:00")
	g.Dates = []Date{day("2024-06-10"), day("2024-06-17"), day("2024-06-24")}
	if got := names(Evaluate(p, g).Route); got != "supervisor,head,long" {
		t.Errorf("three-date route %s", got)
	}
}

func TestMergeRoutesKeepsOrder(t *testing.T) {
	a := []RouteStep{{Name: "supervisor"}, {Name: "head"}}
	b := []RouteStep{{Name: "supervisor"}, {Name: "security"}, {Name: "head"}, {Name: "hr", RequiredBy: []string{RulePerWeek}}}
	got := mergeRoutes([][]RouteStep{a, b})
	var names []string
	for _, s := range got.Steps {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "supervisor,security,head,hr" {
		t.Errorf("merged %v", names)
	}
	if len(mergeRoutes(nil).Steps) != 0 || mergeRoutes(nil).Steps == nil {
		t.Error("an empty route is an empty list (JSON [])")
	}
}
