package policies

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite ../docs/policy-reference.md from the key table")

const referencePath = "../docs/policy-reference.md"

// TestReference keeps docs/policy-reference.md equal to what the code
// says; run `go test ./policies -run TestReference -update` after changing
// a key, a relation or a rule.
func TestReference(t *testing.T) {
	want := Reference()
	if *update {
		if err := os.WriteFile(referencePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("%v (run: go test ./policies -run TestReference -update)", err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date; run: go test ./policies -run TestReference -update", referencePath)
	}
}

// Every key, relation and rule appears in the reference with both languages.
func TestReferenceCoversEverything(t *testing.T) {
	ref := Reference()
	schema.walkAll(func(s *schemaNode) {
		if !strings.Contains(ref, "| `"+s.path+"` |") {
			t.Errorf("key %s missing", s.path)
		}
		if s.meta.ja == "" || s.meta.en == "" {
			t.Errorf("key %s lacks a description", s.path)
		}
	})
	for _, r := range relations {
		if !strings.Contains(ref, "`"+r.Name+"`") {
			t.Errorf("relation %s missing", r.Name)
		}
	}
	for _, r := range ruleDocs {
		if !strings.Contains(ref, "`"+r.ID+"`") {
			t.Errorf("rule %s missing", r.ID)
		}
	}
}

// The defaults in the table are valid values: a document with every
// default filled in parses (TestParseFillsDefaults), and each default alone
// passes the check of its key.
func TestDefaultsAreValid(t *testing.T) {
	schema.walkAll(func(s *schemaNode) {
		if s.defNode == nil {
			return
		}
		w := &walker{defs: map[string]map[string]bool{}}
		w.value(cloneNode(s.defNode), s, s.path)
		if len(w.errs) > 0 {
			t.Errorf("default of %s: %v", s.path, w.errs)
		}
	})
}
