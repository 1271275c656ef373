package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A new fuzz target runs in `make proof` only when it is listed there.
func TestEveryFuzzTargetIsInTheProof(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	var found [][2]string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fuzz.FindAllStringSubmatch(string(b), -1) {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			found = append(found, [2]string{"./" + filepath.ToSlash(rel), m[1]})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if !slices.Contains(fuzzTargets, f) {
			t.Errorf("%s %s is not in fuzzTargets", f[0], f[1])
		}
	}
	if len(found) != len(fuzzTargets) {
		t.Errorf("found %v, listed %v", found, fuzzTargets)
	}
}

// A fuzz run is run again only when its failure is Go's fuzz-time race, never
// when it wrote a failing input.
func TestCoordinatorRaceIsToldFromAFinding(t *testing.T) {
	race := "fuzz: elapsed: 1m30s, execs: 42866 (0/sec), new interesting: 193 (total: 533)\n--- FAIL: FuzzEveryRoute (91.11s)\n    context deadline exceeded\nFAIL\n"
	finding := "--- FAIL: FuzzEveryRoute (12.00s)\n    fuzz_test.go:80: answered 500\n\n    Failing input written to testdata/fuzz/FuzzEveryRoute/0c1d\n    To re-run:\n    go test -run=FuzzEveryRoute/0c1d\nFAIL\n"
	findingAtTheDeadline := finding + "    context deadline exceeded\n"
	if !coordinatorRace(race) {
		t.Error("the fuzz-time race is not recognised")
	}
	if coordinatorRace(finding) || coordinatorRace(findingAtTheDeadline) {
		t.Error("a finding is taken for the fuzz-time race")
	}
}
