package policies

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// day parses a date written in a test.
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var jst = time.FixedZone("JST", 9*60*60)

// at is an instant in Japan time, written "2006-01-02 15:04".
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, jst)
	if err != nil {
		panic(err)
	}
	return t
}

// testPolicyYAML is the small policy the rule tests start from; each test
// overrides what it is about, so a change to the shipped default policy
// cannot change what these tests mean.
const testPolicyYAML = `
id: test
version: v1
effective_from: 2020-04-01
reasons:
  - id: general
    name: {ja: 一般, en: General}
  - id: childcare
    name: {ja: 育児, en: Childcare}
    family_member: required
    relations: [child, stepchild]
    child_limit: end_of_grade3
  - id: care
    name: {ja: 介護, en: Nursing care}
    family_member: required
    care: {min_level: 2, min_need_days: 14}
  - id: hospital
    name: {ja: 通院, en: Hospital}
    family_member: optional
    units: [am, pm, hours]
  - id: disaster
    name: {ja: 災害・感染症, en: Disaster}
    limits_apply: false
approval:
  steps:
    - name: head
      approvers: [department_head]
    - name: hr
      approvers: [hr]
      on_demand: true
`

// policyWith parses the test policy with override deep-merged into it
// (mappings merge, anything else replaces).
func policyWith(t testing.TB, override string) *Policy {
	t.Helper()
	p, err := Parse([]byte(mergeYAML(t, testPolicyYAML, override)))
	if err != nil {
		t.Fatalf("parse:\n%v\n--- override:\n%s", err, override)
	}
	return p
}

func mergeYAML(t testing.TB, base, override string) string {
	t.Helper()
	var b, o yaml.Node
	if err := yaml.Unmarshal([]byte(base), &b); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte(override), &o); err != nil {
		t.Fatal(err)
	}
	root := b.Content[0]
	if len(o.Content) > 0 {
		mergeNodes(root, o.Content[0])
	}
	out, err := yaml.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// mergeNodes merges mapping b into mapping a (working on nodes keeps
// dates as written, where decoding into maps would turn them into times).
func mergeNodes(a, b *yaml.Node) {
	for i := 0; i+1 < len(b.Content); i += 2 {
		k, v := b.Content[i], b.Content[i+1]
		if cur := child(a, k.Value); cur != nil {
			if cur.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode {
				mergeNodes(cur, v)
			} else {
				*cur = *v
			}
			continue
		}
		a.Content = append(a.Content, k, v)
	}
}

// testFacts is a regular employee asking for a full day of general telework
// on Wednesday 12 June 2024, applied on the Monday before.
func testFacts() Facts {
	return Facts{
		Employee: Employee{
			ID: "e1", EmploymentType: "regular", HasRemotePC: true,
			Units: []OrgUnit{{ID: "somu", Level: "bu"}, {ID: "jinji", Level: "ka"}, {ID: "kyuyo", Level: "kakari"}},
		},
		Reason:    "general",
		Unit:      UnitFull,
		Dates:     []Date{day("2024-06-12")},
		AppliedAt: at("2024-06-10 09:00"),
	}
}

// resultsFor returns the results of a rule: request-level, then per date.
func resultsFor(d Decision, rule string) []Result {
	var out []Result
	for _, r := range d.AllResults() {
		if r.Rule == rule {
			out = append(out, r)
		}
	}
	return out
}

// worst returns the most severe result of a rule (fail, then warn, then pass).
func worst(d Decision, rule string) (Result, bool) {
	rs := resultsFor(d, rule)
	if len(rs) == 0 {
		return Result{}, false
	}
	best := rs[0]
	rank := map[Outcome]int{Pass: 0, Warn: 1, Fail: 2}
	for _, r := range rs[1:] {
		if rank[r.Outcome] > rank[best.Outcome] {
			best = r
		}
	}
	return best, true
}

func dumpResults(d Decision) string {
	var b strings.Builder
	for _, r := range d.AllResults() {
		b.WriteString("  " + r.Date.String() + " " + r.Rule + " " + string(r.Outcome) + " " + r.Message.Ja + "\n")
	}
	return b.String()
}
