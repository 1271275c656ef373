package models_test

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/kinmuchi/kinmuchi/models"
)

// TestEmbeddedDatabaseSyncsEveryCommit: the embedded database answers a
// change only once its commit is on the disk (WAL with synchronous=FULL).
func TestEmbeddedDatabaseSyncsEveryCommit(t *testing.T) {
	db, err := models.Open(context.Background(), models.OpenOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	var sync int
	if err := db.SQL.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || sync != 2 {
		t.Fatalf("journal_mode %s, synchronous %d: want wal and 2 (FULL)", mode, sync)
	}
}

// TestRecommendedPostgresSettingsKeepDurability: what the README and the
// compose file tell operators never includes the test cluster's speed-ups.
func TestRecommendedPostgresSettingsKeepDurability(t *testing.T) {
	unsafe := regexp.MustCompile(`(?i)(fsync|synchronous_commit|full_page_writes)\s*[=:]\s*["']?(off|false|0)\b`)
	for _, f := range []string{"../README.md", "../docker-compose.yml", "../Dockerfile"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if m := unsafe.Find(b); m != nil {
			t.Errorf("%s recommends %q", f, m)
		}
	}
}
