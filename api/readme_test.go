package api_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/api"
)

// TestReadmeListsEveryGroupOfRoutes: the README's route table names the
// first segment of every served path (/offices, /bookings …), so that a new
// group of routes cannot hide in the OpenAPI document alone.
func TestReadmeListsEveryGroupOfRoutes(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| ") {
			table.WriteString(line + "\n")
		}
	}
	for _, r := range api.New(api.Deps{}).Echo().Routes() {
		if strings.HasPrefix(r.Method, "echo_") || r.Path == "/*" {
			continue
		}
		group := "/" + strings.Split(strings.TrimPrefix(strings.TrimPrefix(r.Path, "/api/v1"), "/"), "/")[0]
		if !regexp.MustCompile(regexp.QuoteMeta(group) + `\b`).MatchString(table.String()) {
			t.Errorf("the README's route table does not list %s (%s %s)", group, r.Method, r.Path)
		}
	}
}
