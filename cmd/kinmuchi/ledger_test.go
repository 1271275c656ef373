package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestLedgerRebuildOnTheDemo: the demo's ledger is kept as it is seeded, so a
// rebuild of its month repairs nothing; bad dates are refused by name.
func TestLedgerRebuildOnTheDemo(t *testing.T) {
	env := map[string]string{"KINMUCHI_DATA_DIR": t.TempDir()}
	var out, logs bytes.Buffer
	if err := run(context.Background(), []string{"seed-demo"}, envOf(env), &out, &logs); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	out.Reset()
	err := run(context.Background(), []string{"ledger", "rebuild", "--from", "2026-11-01", "--to", "2027-01-31"}, envOf(env), &out, &logs)
	if err != nil || !strings.Contains(out.String(), ": 0 entries repaired") {
		t.Fatalf("rebuild: %v\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"ledger", "rebuild", "--from", "2026-13-01", "--to", "2027-01-31"}, envOf(env), &out, &logs); err == nil ||
		!strings.Contains(err.Error(), "--from and --to") {
		t.Fatalf("a bad date: %v", err)
	}
}
