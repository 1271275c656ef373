package models

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Day is a civil date, "2006-01-02": a day in the organisation's calendar,
// never an instant. SQLite keeps it as that text; PostgreSQL as a date, which
// its driver hands back as midnight UTC, turned back into the text here.
type Day string

// DayOf returns the day of t in t's own location.
func DayOf(t time.Time) Day { return Day(t.Format(time.DateOnly)) }

// String returns the text form.
func (d Day) String() string { return string(d) }

// Value implements driver.Valuer.
func (d Day) Value() (driver.Value, error) { return string(d), nil }

// Scan implements sql.Scanner.
func (d *Day) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = Day(v.Format(time.DateOnly))
	case string:
		*d = Day(v)
	case []byte:
		*d = Day(v)
	case nil:
		*d = ""
	default:
		return fmt.Errorf("scan day from %T", src)
	}
	return nil
}

// Days converts text dates.
func Days(ss []string) []Day {
	out := make([]Day, len(ss))
	for i, s := range ss {
		out[i] = Day(s)
	}
	return out
}
