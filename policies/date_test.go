package policies

import (
	"testing"
	"time"
)

// TestDateStringRoundTrips: a date prints as ISO 8601 at the edges of
// four-digit years and of months, and parses back within the years people
// may enter.
func TestDateStringRoundTrips(t *testing.T) {
	for _, c := range []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{1, time.January, 1, "0001-01-01"},
		{999, time.December, 31, "0999-12-31"},
		{2026, time.December, 7, "2026-12-07"},
		{2028, time.February, 29, "2028-02-29"},
		{9999, time.December, 31, "9999-12-31"},
	} {
		got := NewDate(c.y, c.m, c.d).String()
		if got != c.want {
			t.Errorf("NewDate(%d, %d, %d) = %q, want %q", c.y, c.m, c.d, got, c.want)
		}
		if c.y < MinYear || c.y > MaxYear {
			continue
		}
		back, err := ParseDate(got)
		if err != nil || back != NewDate(c.y, c.m, c.d) {
			t.Errorf("ParseDate(%q) = %v, %v", got, back, err)
		}
	}
	if got := (Date{}).String(); got != "" {
		t.Errorf("the zero date prints %q", got)
	}
}
