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
