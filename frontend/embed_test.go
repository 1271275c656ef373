package frontend

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestFallbackNamesOnlyRealCommands: the page shown without a built UI tells
// people what to run, so every make target it names must exist.
func TestFallbackNamesOnlyRealCommands(t *testing.T) {
	page, err := os.ReadFile("fallback/index.html")
	if err != nil {
		t.Fatal(err)
	}
	makefile, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`<code>make ([a-z][a-z0-9-]*)</code>`).FindAllStringSubmatch(string(page), -1)
	if len(named) == 0 {
		t.Fatal("the fallback page names no command to build the UI")
	}
	for _, m := range named {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(m[1]) + `:`).Match(makefile) {
			t.Errorf("the fallback page names `make %s`, which the Makefile does not have", m[1])
		}
	}
	if strings.Contains(string(page), "make frontend") && !strings.Contains(string(makefile), "\nfrontend:") {
		t.Error("the fallback page names `make frontend`")
	}
}
