package policies

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// FuzzParse feeds arbitrary documents to Parse: it must never panic, it
// returns either a policy or a *ParseError listing problems, and a policy it
// returns evaluates and writes back to a document it accepts again.
//
//	go test ./policies -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	f.Add(DefaultDocument())
	f.Add([]byte(testPolicyYAML))
	if b, err := json.Marshal(Default().Document()); err == nil {
		f.Add(b)
	}
	f.Add([]byte(familyV1))
	for _, s := range []string{"", "id: x", "limits: {per_week: 9}", "a: &x [*x]", "{\"id\": 1}", "- 1", "reasons: [{id: a, name: b}]\napproval: {steps: [{name: a, approvers: [hr]}]}\nid: x\nversion: 1\neffective_from: 2024-01-01"} {
		f.Add([]byte(s))
	}
	facts := testFacts()
	facts.Dates = append(facts.Dates, day("2026-09-24"), day("2027-01-04"))
	facts.Family = &FamilyMember{Relation: "child", BirthDate: day("2019-05-10"), Cohabiting: true}
	facts.Existing = fullDays("2024-06-10", "2026-09-18")
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		defer func() { // a hang guard: real inputs take microseconds
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("took %v", d)
			}
		}()
		p, err := Parse(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || len(pe.Errors) == 0 || p != nil {
				t.Fatalf("Parse returned %v, %v", p, err)
			}
			for _, fe := range pe.Errors {
				if fe.Message.Ja == "" || fe.Message.En == "" {
					t.Fatalf("empty message at %q", fe.Path)
				}
			}
			return
		}
		for _, reason := range []string{"", "childcare", p.Document().Reasons[0].ID} {
			facts.Reason = reason
			_ = Evaluate(p, facts)
		}
		out, err := yaml.Marshal(p.Document())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(out); err != nil {
			t.Fatalf("the document written back does not parse: %v\n%s", err, out)
		}
	})
}
