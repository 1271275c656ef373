package services_test

import (
	"context"
	"database/sql"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/internal/testutil/pgcluster"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// tableCounts counts the rows of every table.
func tableCounts(t *testing.T, db *models.DB) map[string]int64 {
	t.Helper()
	tables, err := models.Tables(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, table := range tables {
		var n int64
		if err := db.Gorm.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestABackupRestoresIntoAnEmptyDatabaseWithItsDataAndAuditChain takes a
// backup as an operator would (SQLite: `kinmuchi backup`'s VACUUM INTO while
// writers go on; PostgreSQL: pg_dump and pg_restore as the README shows),
// restores it into an empty database and finds the data and the chain whole.
func TestABackupRestoresIntoAnEmptyDatabaseWithItsDataAndAuditChain(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		ctx := context.Background()
		f := newChainFixture(t, d)
		if _, err := f.svc.Setup.Init(ctx, newTown("bandai", "yamada@bandai.example")); err != nil {
			t.Fatal(err)
		}
		f.write(t, 30)
		f.seal(t)
		sealed := f.verify(t)
		var restored *models.DB
		var want map[string]int64
		switch d {
		case models.SQLite:
			// Writers keep going while the copy is taken: it is one snapshot.
			done := make(chan struct{})
			go func() {
				defer close(done)
				for i := 0; i < 50; i++ {
					insertEvent(t, f.db.Gorm, i)
				}
			}()
			dir := t.TempDir()
			if err := models.Backup(ctx, f.db, filepath.Join(dir, models.SQLiteFile)); err != nil {
				t.Fatal(err)
			}
			<-done
			if err := models.Backup(ctx, f.db, filepath.Join(dir, models.SQLiteFile)); err == nil {
				t.Fatal("a backup overwrote an existing file")
			}
			var err error
			if restored, err = models.Open(ctx, models.OpenOptions{DataDir: dir}); err != nil {
				t.Fatal(err)
			}
		case models.Postgres:
			bin, err := pgcluster.FindBin()
			if err != nil {
				t.Skip(err)
			}
			var source string
			if err := f.db.Gorm.Raw("SELECT current_database()").Scan(&source).Error; err != nil {
				t.Fatal(err)
			}
			server := testutil.PostgresServer(t)
			dump := filepath.Join(t.TempDir(), "kinmuchi.dump")
			run := func(name string, args ...string) {
				t.Helper()
				if out, err := exec.Command(filepath.Join(bin, name), args...).CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", name, err, out)
				}
			}
			run("pg_dump", "--format=custom", "--file="+dump, "--dbname="+testutil.WithDatabase(server, source))
			admin, err := sql.Open("pgx", server)
			if err != nil {
				t.Fatal(err)
			}
			defer admin.Close()
			empty := "restored_" + source
			if _, err := admin.Exec("CREATE DATABASE " + empty + " TEMPLATE template0"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE IF EXISTS " + empty + " WITH (FORCE)") })
			target := testutil.WithDatabase(server, empty)
			run("pg_restore", "--no-owner", "--exit-on-error", "--dbname="+target, dump)
			if restored, err = models.Open(ctx, models.OpenOptions{URL: target, MaxConns: 2}); err != nil {
				t.Fatal(err)
			}
			want = tableCounts(t, f.db)
		}
		defer restored.Close()
		got := tableCounts(t, restored)
		for table, n := range want { // PostgreSQL's copy is of a still database: every table matches
			if got[table] != n {
				t.Errorf("%s: %d rows restored, %d backed up", table, got[table], n)
			}
		}
		if got["organizations"] != 1 || got["employees"] != 1 || got["audit_checkpoints"] != 1 {
			t.Fatalf("restored: %v", got)
		}
		// The restored chain verifies against the checkpoints kept outside
		// (the data folder's file) as well as its own.
		chain := services.New(services.Config{DB: restored.Gorm, JWTSecret: []byte("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"),
			AuditKey: f.key, CheckpointDir: f.dir}).AuditChain
		v, err := chain.Verify(ctx, nil)
		if err != nil || !v.Verified || v.SealedRows != sealed.SealedRows || v.HeadHash != sealed.HeadHash || v.Checkpoints != 2 {
			t.Fatalf("the restored chain: %+v %v", v, err)
		}
		if m, err := models.NewMigrator(restored); err != nil {
			t.Fatal(err)
		} else if pending, err := m.Pending(ctx); err != nil || pending {
			t.Fatalf("the restored schema is not current: %v %v", pending, err)
		}
	})
}
