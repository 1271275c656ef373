// Package testutil gives tests real databases: a fresh migrated SQLite file,
// or a fresh database on the PostgreSQL server named by
// KINMUCHI_TEST_DATABASE_URL (started by `make test`), cloned from a migrated
// template so each test pays for a copy, not for the migrations.
package testutil

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/kinmuchi/kinmuchi/models"
)

// PostgresURLVar names the server the PostgreSQL half of the suite uses.
const PostgresURLVar = "KINMUCHI_TEST_DATABASE_URL"

// Dialects returns the dialects the suite runs against: both, unless
// KINMUCHI_TEST_DIALECTS names one (make test-sqlite).
func Dialects() []models.Dialect {
	switch os.Getenv("KINMUCHI_TEST_DIALECTS") {
	case "sqlite":
		return []models.Dialect{models.SQLite}
	case "postgres":
		return []models.Dialect{models.Postgres}
	}
	return []models.Dialect{models.SQLite, models.Postgres}
}

// EachDialect runs fn as a subtest per dialect.
func EachDialect(t *testing.T, fn func(t *testing.T, d models.Dialect)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) { fn(t, d) })
	}
}

// Options tunes DB.
type Options struct {
	// MaxConns caps the pool (PostgreSQL); default 10.
	MaxConns int
	// Now feeds GORM's timestamps.
	Now func() time.Time
}

// DB returns a fresh, migrated database of dialect d, closed and removed when
// the test ends.
func DB(t testing.TB, d models.Dialect, opts ...Options) *models.DB {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.MaxConns == 0 {
		o.MaxConns = 10
	}
	ctx := context.Background()
	var db *models.DB
	var err error
	switch d {
	case models.SQLite:
		db, err = models.Open(ctx, models.OpenOptions{DataDir: t.TempDir(), Now: o.Now})
		if err != nil {
			t.Fatalf("open sqlite: %v", err)
		}
		m, err := models.NewMigrator(db)
		if err == nil {
			_, err = m.Up(ctx)
		}
		if err != nil {
			t.Fatalf("migrate sqlite: %v", err)
		}
	case models.Postgres:
		dbURL := PostgresDatabase(t)
		db, err = models.Open(ctx, models.OpenOptions{URL: dbURL, MaxConns: o.MaxConns, Now: o.Now})
		if err != nil {
			t.Fatalf("open postgres: %v", err)
		}
	default:
		t.Fatalf("unknown dialect %q", d)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresServer returns the URL of the test server, or skips (fails under
// CI=true, where nothing may be skipped) when there is none.
func PostgresServer(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresURLVar)
	if u == "" {
		msg := PostgresURLVar + " is not set: run `make test`, which starts a throwaway PostgreSQL, or `make test-sqlite` for the SQLite half"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return u
}

// PostgresDatabase creates a fresh migrated database on the test server and
// returns its URL; it is dropped when the test ends.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	server := PostgresServer(t)
	admin, tmpl, err := template(server)
	if err != nil {
		t.Fatalf("postgres template: %v", err)
	}
	name := "kt_" + randomHex(8)
	if _, err := admin.Exec(fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tmpl)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(server, name)
}

var (
	templateOnce sync.Once
	templateDB   *sql.DB
	templateName string
	templateErr  error
)

// template makes (once per server and migration set) a migrated database to
// clone. Test packages run as separate processes, so an advisory lock makes
// one of them build it while the others wait.
func template(server string) (*sql.DB, string, error) {
	templateOnce.Do(func() {
		templateDB, templateErr = sql.Open("pgx", server)
		if templateErr != nil {
			return
		}
		templateDB.SetMaxOpenConns(4)
		templateName = "kinmuchi_tmpl_" + migrationsHash()
		templateErr = buildTemplate(templateDB, server, templateName)
	})
	return templateDB, templateName, templateErr
}

func buildTemplate(admin *sql.DB, server, name string) error {
	ctx := context.Background()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7428133)`); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(7428133)`)
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	building := name + "_building"
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building)); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s`, building)); err != nil {
		return err
	}
	db, err := models.Open(ctx, models.OpenOptions{URL: withDatabase(server, building), MaxConns: 2})
	if err != nil {
		return err
	}
	m, err := models.NewMigrator(db)
	if err == nil {
		_, err = m.Up(ctx)
	}
	db.Close()
	if err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	// Renamed only once complete, so a crash never leaves a half-built template.
	_, err = conn.ExecContext(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name))
	return err
}

func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(models.MigrationFS(models.Postgres), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(models.MigrationFS(models.Postgres), p)
		h.Write([]byte(p))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// WithDatabase is the server's URL naming another database.
func WithDatabase(server, name string) string { return withDatabase(server, name) }

func withDatabase(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}

// FreeAddr returns a local address no one listens on, for a server a test starts.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
