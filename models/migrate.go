package models

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// MigrationFS returns the migrations of one dialect.
func MigrationFS(d Dialect) fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations/"+string(d))
	if err != nil {
		panic(err) // the embedded folders are fixed at build time
	}
	return sub
}

// Migrator applies the embedded, versioned migrations.
type Migrator struct {
	p  *goose.Provider
	db *DB
}

// NewMigrator prepares the migrations for db.
func NewMigrator(db *DB) (*Migrator, error) {
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Processes started together must not apply the same migration twice.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.SQL, MigrationFS(db.Dialect), opts...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return &Migrator{p: p, db: db}, nil
}

// MigrationResult is one migration applied or rolled back.
type MigrationResult struct {
	Version int64
	Source  string
	Down    bool
}

func results(rs []*goose.MigrationResult) []MigrationResult {
	out := make([]MigrationResult, 0, len(rs))
	for _, r := range rs {
		out = append(out, MigrationResult{Version: r.Source.Version, Source: r.Source.Path, Down: r.Direction == "down"})
	}
	return out
}

// Up applies every pending migration, then the job queue's (River's own
// migrations, which create its tables).
func (m *Migrator) Up(ctx context.Context) ([]MigrationResult, error) {
	rs, err := m.p.Up(ctx)
	if err != nil {
		return results(rs), fmt.Errorf("migrate up: %w", err)
	}
	rr, err := migrateRiver(ctx, m.db, rivermigrate.DirectionUp)
	return append(results(rs), riverResults(rr)...), err
}

// DownTo rolls back to version (0: everything, the job queue's tables too).
func (m *Migrator) DownTo(ctx context.Context, version int64) ([]MigrationResult, error) {
	var river []MigrationResult
	if version == 0 {
		rr, err := migrateRiver(ctx, m.db, rivermigrate.DirectionDown)
		if err != nil {
			return nil, err
		}
		river = riverResults(rr)
	}
	rs, err := m.p.DownTo(ctx, version)
	if err != nil {
		return append(river, results(rs)...), fmt.Errorf("migrate down to %d: %w", version, err)
	}
	return append(river, results(rs)...), nil
}

// Down rolls back the latest migration.
func (m *Migrator) Down(ctx context.Context) (*MigrationResult, error) {
	r, err := m.p.Down(ctx)
	if err != nil {
		if errors.Is(err, goose.ErrNoNextVersion) {
			return nil, nil
		}
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	res := results([]*goose.MigrationResult{r})
	return &res[0], nil
}

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version int64
	Source  string
	Applied bool
}

// Status lists every migration and whether it is applied.
func (m *Migrator) Status(ctx context.Context) ([]MigrationStatus, error) {
	ss, err := m.p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(ss))
	for _, s := range ss {
		out = append(out, MigrationStatus{Version: s.Source.Version, Source: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}

// Pending reports whether migrations remain to be applied, ours or the job
// queue's.
func (m *Migrator) Pending(ctx context.Context) (bool, error) {
	if pending, err := m.p.HasPending(ctx); err != nil || pending {
		return pending, err
	}
	return riverPending(ctx, m.db)
}
