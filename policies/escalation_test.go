package policies

import (
	"testing"
	"time"
)

func TestOfficeMinutes(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	at := func(day, hm string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, jst)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cal := Default().Calendar()
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"within one morning", at("2026-12-01", "09:00"), at("2026-12-01", "11:00"), 120},
		{"before opening counts from 08:30", at("2026-12-01", "07:00"), at("2026-12-01", "09:00"), 30},
		{"after closing counts nothing", at("2026-12-01", "17:15"), at("2026-12-01", "23:00"), 0},
		{"a whole office day", at("2026-12-01", "00:00"), at("2026-12-02", "00:00"), 525},
		{"overnight", at("2026-12-01", "16:15"), at("2026-12-02", "09:30"), 120},
		{"over a weekend", at("2026-12-04", "16:15"), at("2026-12-07", "09:30"), 120},         // Friday to Monday
		{"over a national holiday", at("2026-11-20", "17:00"), at("2026-11-24", "08:45"), 30}, // Mon 23 Nov is 勤労感謝の日
		{"year-end closing", at("2026-12-28", "17:00"), at("2027-01-04", "09:00"), 45},
		{"backwards", at("2026-12-02", "09:00"), at("2026-12-01", "09:00"), 0},
	} {
		if got := OfficeMinutes(cal, jst, tc.from, tc.to); got != tc.want {
			t.Errorf("%s: %d minutes, want %d", tc.name, got, tc.want)
		}
	}
}

func TestDue(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	cal := Default().Calendar()
	since := time.Date(2026, 12, 1, 9, 0, 0, 0, jst) // Tuesday
	for _, tc := range []struct {
		name     string
		now      time.Time
		reminded bool
		want     TaskDue
	}{
		{"fresh", since.Add(time.Hour), false, DueNothing},
		{"just before the reminder", since.Add(4*time.Hour - time.Minute), false, DueNothing},
		{"reminder after 4 office hours", since.Add(4 * time.Hour), false, DueReminder},
		{"reminded once only", since.Add(5 * time.Hour), true, DueNothing},
		{"reminded, not yet due", since.Add(7 * time.Hour), true, DueNothing},
		// 09:00–17:15 is 8h15 of office hours: due for escalation at 17:00.
		{"escalation after 8 office hours", since.Add(8 * time.Hour), true, DueEscalation},
		{"escalation wins over a reminder not sent", since.Add(24 * time.Hour), false, DueEscalation},
		{"a Friday task waits over the weekend", time.Date(2026, 12, 7, 8, 45, 0, 0, jst), true, DueEscalation},
	} {
		if got := Due(cal, jst, PendingTask{Since: since, Reminded: tc.reminded}, tc.now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	friday := time.Date(2026, 12, 4, 15, 0, 0, 0, jst)
	if got := Due(cal, jst, PendingTask{Since: friday, Reminded: true}, time.Date(2026, 12, 7, 8, 59, 0, 0, jst)); got != DueNothing {
		t.Errorf("Friday 15:00 to Monday 08:59 is 2h44 of office hours, got %v", got)
	}
}
