package models

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// The kinds of failure a store reports. Callers test them with errors.Is; the
// API maps them to HTTP statuses in one place.
var (
	// ErrNotFound: no such row in the caller's organisation.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the change clashes with what is stored (a unique key, an
	// overlapping booking, a concurrent writer).
	ErrConflict = errors.New("conflict")
	// ErrReferenced: the row is still referenced, or references a missing row.
	ErrReferenced = errors.New("referenced")
	// ErrUnavailable: the database cannot be reached.
	ErrUnavailable = errors.New("database unavailable")
)

// Translate turns a database error into one of the kinds above, wrapped with
// context, or returns it wrapped as it is. A nil error stays nil.
func Translate(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	what := fmt.Sprintf(format, args...)
	switch kind := Kind(err); kind {
	case nil:
		return fmt.Errorf("%s: %w", what, err)
	default:
		return fmt.Errorf("%s: %w", what, kind)
	}
}

// Kind classifies err; nil when it is none of the known kinds.
func Kind(err error) error {
	var pgErr *pgconn.PgError
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.Is(err, ErrConflict), errors.Is(err, gorm.ErrDuplicatedKey):
		return ErrConflict
	case errors.Is(err, ErrReferenced), errors.Is(err, gorm.ErrForeignKeyViolated):
		return ErrReferenced
	case errors.As(err, &pgErr):
		switch pgErr.Code {
		// exclusion violation, serialization failure, deadlock: two writers met
		// over the same thing; the loser's answer is a conflict, never a 500.
		case "23P01", "40001", "40P01", "23505":
			return ErrConflict
		case "23503":
			return ErrReferenced
		case "57P01", "57P02", "57P03", "08000", "08003", "08006":
			return ErrUnavailable
		}
	case isSQLiteBusy(err), isSQLiteOverlap(err):
		return ErrConflict
	case unreachable(err):
		return ErrUnavailable
	}
	return nil
}

// unreachable recognises a database that is down or restarting: the
// connection refused, reset or closed under a statement. The request is
// answered 503 (retry later), never 500; its transaction did not commit.
func unreachable(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	s := err.Error()
	return strings.Contains(s, "conn closed") || strings.Contains(s, "failed to connect") || strings.Contains(s, "connection reset") ||
		strings.Contains(s, "broken pipe") || strings.Contains(s, "the database system is") // starting up, shutting down, in recovery
}

// isSQLiteOverlap recognises the triggers that stand in for PostgreSQL's
// exclusion constraints on bookings and delegations (see
// 00002_offices_bookings.sql and 00004_approvals.sql).
func isSQLiteOverlap(err error) bool {
	s := err.Error()
	return strings.Contains(s, sqliteOverlapMessage) || strings.Contains(s, sqliteDelegationOverlap)
}

const sqliteDelegationOverlap = "delegation overlaps another"

const sqliteOverlapMessage = "booking overlaps: "

// isSQLiteBusy recognises SQLITE_BUSY without importing the driver's error
// type into every caller.
func isSQLiteBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "database is locked") || strings.Contains(s, "SQLITE_BUSY")
}
