package policies

import (
	"encoding/json"
	"errors"
	"fmt"
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
		// A hang guard that fires while the input still runs (a deferred
		// check never would), so that the fuzzer keeps the input that hangs:
		// real documents take microseconds.
		done := make(chan error, 1)
		go func() { done <- parseRoundTrip(data, facts) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Parse or Evaluate of %d bytes ran over 5s", len(data))
		}
	})
}

// parseRoundTrip parses data: it is either a policy that evaluates and is
// written back to a document that parses again, or a *ParseError listing
// problems in both languages.
func parseRoundTrip(data []byte, facts Facts) error {
	p, err := Parse(data)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || len(pe.Errors) == 0 || p != nil {
			return fmt.Errorf("Parse returned %v, %v", p, err)
		}
		for _, fe := range pe.Errors {
			if fe.Message.Ja == "" || fe.Message.En == "" {
				return fmt.Errorf("empty message at %q", fe.Path)
			}
		}
		return nil
	}
	for _, reason := range []string{"", "childcare", p.Document().Reasons[0].ID} {
		facts.Reason = reason
		_ = Evaluate(p, facts)
	}
	out, err := yaml.Marshal(p.Document())
	if err != nil {
		return err
	}
	if _, err := Parse(out); err != nil {
		return fmt.Errorf("the document written back does not parse: %v\n%s", err, out)
	}
	return nil
}
