package models_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// columns lists "table.column" of every table the migrations made.
func columns(t *testing.T, db *models.DB) []string {
	t.Helper()
	var q string
	switch db.Dialect {
	case models.SQLite:
		q = `SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1`
	case models.Postgres:
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = 'public' ORDER BY 1`
	}
	rows, err := db.SQL.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestBothDialectsHaveTheSameSchema(t *testing.T) {
	if len(testutil.Dialects()) < 2 {
		t.Skip("needs both dialects")
	}
	lite := columns(t, testutil.DB(t, models.SQLite))
	pg := columns(t, testutil.DB(t, models.Postgres))
	if len(lite) == 0 {
		t.Fatal("no tables")
	}
	for _, c := range lite {
		if !slices.Contains(pg, c) {
			t.Errorf("%s exists in SQLite but not in PostgreSQL", c)
		}
	}
	for _, c := range pg {
		if !slices.Contains(lite, c) {
			t.Errorf("%s exists in PostgreSQL but not in SQLite", c)
		}
	}
}

func TestMigrationsGoDownAndUpAgain(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		ctx := context.Background()
		db := testutil.DB(t, d)
		m, err := models.NewMigrator(db)
		if err != nil {
			t.Fatal(err)
		}
		full := columns(t, db)
		if pending, err := m.Pending(ctx); err != nil || pending {
			t.Fatalf("pending after up: %v %v", pending, err)
		}
		if _, err := m.DownTo(ctx, 0); err != nil {
			t.Fatal(err)
		}
		for _, c := range columns(t, db) {
			if !strings.HasPrefix(c, "goose_db_version.") {
				t.Errorf("left behind after down: %s", c)
			}
		}
		if pending, _ := m.Pending(ctx); !pending {
			t.Fatal("nothing pending after rolling everything back")
		}
		if _, err := m.Up(ctx); err != nil {
			t.Fatal(err)
		}
		if again := columns(t, db); !slices.Equal(again, full) {
			t.Fatalf("schema differs after down and up:\n%v\n%v", full, again)
		}
		st, err := m.Status(ctx)
		if err != nil || len(st) == 0 || !st[len(st)-1].Applied {
			t.Fatalf("status: %v %+v", err, st)
		}
	})
}
