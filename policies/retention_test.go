package policies

import "testing"

func TestPersonalDataIsPurgedWholeFiscalYearsAfterItsLastUse(t *testing.T) {
	for _, c := range []struct {
		lastUse, today string
		years          int
		purged         bool
	}{
		{"2021-03-31", "2026-03-31", 5, false}, // fiscal 2020, kept through fiscal 2025
		{"2021-03-31", "2026-04-01", 5, true},  // purged from fiscal 2026
		{"2021-04-01", "2026-04-01", 5, false}, // fiscal 2021: one more year
		{"2020-04-01", "2026-04-01", 5, true},
		{"2025-12-01", "2026-11-28", 1, false},
		{"2025-03-31", "2026-04-01", 1, true}, // fiscal 2024 + 1 year = fiscal 2025 kept, gone in 2026
		{"2025-04-01", "2027-03-31", 1, false},
		{"2025-04-01", "2027-04-01", 1, true},
		{"1996-03-31", "2026-11-28", 30, true},
		{"1996-04-01", "2026-11-28", 30, false},
	} {
		got := PastRetention(day(c.lastUse), day(c.today), c.years)
		if got != c.purged {
			t.Errorf("last used %s, %d years, on %s: purged %v, want %v (cutoff %s)", c.lastUse, c.years, c.today, got, c.purged,
				RetentionCutoff(day(c.today), c.years))
		}
	}
}
