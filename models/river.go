package models

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverDriver returns the job queue's driver for the database: River's SQLite
// driver on the embedded file's single connection, its database/sql driver on
// the pgx pool.
func RiverDriver(db *DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect == SQLite {
		return riversqlite.New(db.SQL)
	}
	return riverdatabasesql.New(db.SQL)
}

// riverLock serialises River's migrations between processes started together
// (goose's own lock covers only goose's).
const riverLock = 7428134

// migrateRiver applies (up) or removes (down) the job queue's tables with
// River's own migrations (each in its own transaction: some of River's
// PostgreSQL migrations cannot share one). On PostgreSQL a session advisory
// lock, held on a connection of its own, keeps processes started together
// from applying them at once.
func migrateRiver(ctx context.Context, db *DB, dir rivermigrate.Direction) (*rivermigrate.MigrateResult, error) {
	m, err := rivermigrate.New(RiverDriver(db), nil)
	if err != nil {
		return nil, fmt.Errorf("river migrations: %w", err)
	}
	if db.Dialect == Postgres {
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, riverLock); err != nil {
			return nil, fmt.Errorf("river migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverLock) //nolint:errcheck // closing the session unlocks too
	}
	opts := &rivermigrate.MigrateOpts{}
	if dir == rivermigrate.DirectionDown {
		opts.TargetVersion = -1
		if existing, err := m.ExistingVersions(ctx); err != nil || len(existing) == 0 {
			return &rivermigrate.MigrateResult{Direction: dir}, nil // nothing of River's is there
		}
	}
	res, err := m.Migrate(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("river migrations %s: %w", dir, err)
	}
	return res, nil
}

func riverResults(r *rivermigrate.MigrateResult) []MigrationResult {
	if r == nil {
		return nil
	}
	out := make([]MigrationResult, 0, len(r.Versions))
	for _, v := range r.Versions {
		out = append(out, MigrationResult{Version: int64(v.Version), Source: "river/" + v.Name, Down: r.Direction == rivermigrate.DirectionDown})
	}
	return out
}

// riverPending reports whether some of River's migrations are not applied.
func riverPending(ctx context.Context, db *DB) (bool, error) {
	m, err := rivermigrate.New(RiverDriver(db), nil)
	if err != nil {
		return false, fmt.Errorf("river migrations: %w", err)
	}
	existing, err := m.ExistingVersions(ctx)
	if err != nil {
		return true, nil //nolint:nilerr // no river_migration table yet: everything is pending
	}
	return len(existing) < len(m.AllVersions()), nil
}
