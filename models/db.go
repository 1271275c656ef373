// Package models holds the GORM structs, the stores that query them, the error
// kinds they report, and the versioned SQL migrations for SQLite and PostgreSQL.
package models

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"
	"github.com/ncruces/go-sqlite3/gormlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: GORM for the stores, the *sql.DB beneath it for
// migrations, the job queue and health checks.
type DB struct {
	Gorm    *gorm.DB
	SQL     *sql.DB
	Dialect Dialect
}

// OpenOptions tunes Open.
type OpenOptions struct {
	// URL is a postgres:// URL; empty opens the embedded SQLite file in DataDir.
	URL      string
	DataDir  string
	MaxConns int
	// Now feeds GORM's automatic timestamps; nil uses the system clock.
	Now func() time.Time
}

// SQLiteFile is the embedded database's file name inside the data folder.
const SQLiteFile = "kinmuchi.db"

// SQLiteDSN is how every embedded connection is opened: WAL so readers never
// wait on the writer, a busy timeout instead of immediate "database is locked",
// foreign keys enforced, synchronous=FULL (every commit is on the disk before
// it is answered: with NORMAL, a power cut could lose commits that were
// already answered 201; the cost, one fsync of the WAL per commit, is
// measured in docs/BENCHMARKS.md), write transactions taken at BEGIN (so a check and the
// write that follows it cannot interleave with another writer), and instants
// written as fixed-width UTC text with milliseconds ("2006-01-02 15:04:05.000",
// SQLite's own datetime form), so that they sort and compare as text. The
// driver converts every instant to UTC before writing it.
func SQLiteDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)&_txlock=immediate&_timefmt=" + url.QueryEscape("2006-01-02 15:04:05.000")
}

// Open connects to the database named by opts.
func Open(ctx context.Context, opts OpenOptions) (*DB, error) {
	cfg := &gorm.Config{
		TranslateError: true,
		Logger:         logger.Discard,
		NowFunc:        opts.Now,
		// Stores choose their transactions; GORM's implicit one per write would
		// nest inside ours and, on SQLite, need a second connection.
		SkipDefaultTransaction: true,
	}
	if cfg.NowFunc == nil {
		cfg.NowFunc = func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
	}
	if opts.URL == "" {
		return openSQLite(ctx, opts, cfg)
	}
	return openPostgres(ctx, opts, cfg)
}

func openSQLite(ctx context.Context, opts OpenOptions, cfg *gorm.Config) (*DB, error) {
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", opts.DataDir, err)
	}
	path := filepath.Join(opts.DataDir, SQLiteFile)
	sqlDB, err := sql.Open("sqlite3", SQLiteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// SQLite has one writer; a single connection turns contention into a queue
	// in Go instead of busy errors, and River's SQLite driver asks for it too.
	sqlDB.SetMaxOpenConns(1)
	sqlDB.SetConnMaxIdleTime(0)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	g, err := gorm.Open(gormlite.OpenDB(sqlDB), cfg)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("gorm on sqlite: %w", err)
	}
	return &DB{Gorm: g, SQL: sqlDB, Dialect: SQLite}, nil
}

func openPostgres(ctx context.Context, opts OpenOptions, cfg *gorm.Config) (*DB, error) {
	pcfg, err := pgxConfig(opts.URL)
	if err != nil {
		return nil, err
	}
	sqlDB := stdlib.OpenDB(*pcfg, stdlib.OptionShouldPing(shouldPing))
	maxConns := opts.MaxConns
	if maxConns <= 0 {
		maxConns = 20
	}
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", redactURL(opts.URL), err)
	}
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), cfg)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("gorm on postgres: %w", err)
	}
	return &DB{Gorm: g, SQL: sqlDB, Dialect: Postgres}, nil
}

// Close releases the connections.
func (db *DB) Close() error { return db.SQL.Close() }

// redactURL drops the password so the URL can be logged.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// LogAttr describes the database for the start-up log without secrets.
func LogAttr(db *DB, opts OpenOptions) slog.Attr {
	if db.Dialect == SQLite {
		return slog.Group("database", "dialect", "sqlite", "file", filepath.Join(opts.DataDir, SQLiteFile))
	}
	return slog.Group("database", "dialect", "postgres", "url", redactURL(opts.URL))
}
