package models

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrBackupPostgres says that PostgreSQL is backed up with its own tools.
var ErrBackupPostgres = errors.New("kinmuchi backup copies the embedded database; back PostgreSQL up with pg_dump (see README.md, Backup and restore)")

// Backup writes a consistent copy of the embedded database to path while
// the service runs: VACUUM INTO reads one snapshot in a single read
// transaction (writers go on; WAL keeps their commits out of the copy), and
// writes a compact database that opens as it is. path must not exist.
func Backup(ctx context.Context, db *DB, path string) error {
	if db.Dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := db.SQL.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	// VACUUM INTO does not sync what it wrote; a backup must survive a crash.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = f.Sync()
	return errors.Join(err, f.Close(), os.Chmod(path, 0o600))
}

// Tables lists the database's tables (kinmuchi's, goose's and River's): what
// a backup must hold and what a purge must leave no personal data in.
func Tables(ctx context.Context, db *DB) ([]string, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	if db.Dialect == Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
	}
	var tables []string
	err := db.Gorm.WithContext(ctx).Raw(q).Scan(&tables).Error
	return tables, Translate(err, "list tables")
}
