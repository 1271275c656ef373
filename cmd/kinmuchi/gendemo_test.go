package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
)

// gen-demo as the README gives it, at small scale, then `ledger rebuild` of
// the generated period: the rebuild finds nothing to repair.
func TestGenDemoThenRebuildRepairsNothing(t *testing.T) {
	url := testutil.PostgresDatabase(t)
	env := envOf(map[string]string{"KINMUCHI_DATA_DIR": t.TempDir()})
	var out, logs bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"gen-demo", "--employees", "300", "--departments", "20", "--days", "30", "--database-url", url}, env, &out, &logs); err != nil {
		t.Fatalf("gen-demo: %v\n%s", err, logs.String())
	}
	m := regexp.MustCompile(`from (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "300 employees") || !strings.Contains(out.String(), "nothing to repair") {
		t.Fatalf("gen-demo said:\n%s", out.String())
	}
	out.Reset()
	env = envOf(map[string]string{"KINMUCHI_DATA_DIR": t.TempDir(), "KINMUCHI_DATABASE_URL": url})
	if err := run(ctx, []string{"ledger", "rebuild", "--from", m[1], "--to", m[2], "--org", "gen-city"}, env, &out, &logs); err != nil {
		t.Fatalf("ledger rebuild: %v\n%s", err, logs.String())
	}
	if !strings.HasSuffix(strings.TrimSpace(out.String()), ": 0 entries repaired") {
		t.Fatalf("ledger rebuild said:\n%s", out.String())
	}
}

// On the embedded database gen-demo stops at once and says what to use.
func TestGenDemoRefusesSQLite(t *testing.T) {
	var out, logs bytes.Buffer
	err := run(context.Background(), []string{"gen-demo", "--employees", "300", "--departments", "20", "--days", "30"},
		envOf(map[string]string{"KINMUCHI_DATA_DIR": t.TempDir()}), &out, &logs)
	if err == nil || !strings.Contains(err.Error(), "needs PostgreSQL") || !strings.Contains(err.Error(), "KINMUCHI_DATABASE_URL") {
		t.Fatalf("got %v", err)
	}
}
