package policies

import (
	"strconv"
	"testing"
	"time"
)

// Deadlines count office days: across a weekend, a holiday, Silver Week and
// the year-end closing, "the previous office day" moves back accordingly.
func TestDeadlineAcrossClosedDays(t *testing.T) {
	cases := []struct {
		name    string
		date    string
		before  int
		lastDay string // the last office day to apply on
	}{
		{"Monday: the Friday before", "2024-06-17", 1, "2024-06-14"},
		{"Monday, two days: Thursday", "2024-06-17", 2, "2024-06-13"},
		{"after Marine Day Monday", "2024-07-16", 1, "2024-07-12"},
		{"after a substitute holiday", "2024-02-13", 1, "2024-02-09"},
		{"after Golden Week", "2024-05-07", 1, "2024-05-02"},
		{"after Silver Week 2026 (21–23 Sep)", "2026-09-24", 1, "2026-09-18"},
		{"Silver Week, two days", "2026-09-24", 2, "2026-09-17"},
		{"after the year-end closing", "2027-01-04", 1, "2026-12-28"},
		{"year-end, two days", "2027-01-04", 2, "2026-12-25"},
		{"year-end closing on weekdays (2024–25)", "2025-01-06", 1, "2024-12-27"},
		{"the day itself", "2024-06-12", 0, "2024-06-12"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := policyWith(t, "deadlines: {office_days_before: "+strconv.Itoa(c.before)+"}")
			last := day(c.lastDay)
			f := testFacts()
			f.Dates = []Date{day(c.date)}

			f.AppliedAt = last.In(jst).Add(23*time.Hour + 59*time.Minute) // 23:59 on the last day
			if r, _ := worst(Evaluate(p, f), RuleDeadline); r.Outcome != Pass {
				t.Errorf("applied at the end of %s: %s %s", c.lastDay, r.Outcome, r.Message.Ja)
			}
			f.AppliedAt = last.AddDays(1).In(jst).Add(time.Minute) // 00:01 the day after
			dec := Evaluate(p, f)
			r, ok := worst(dec, RuleDeadline) // late; or after the fact when the deadline was the day itself
			if !ok {
				r, _ = worst(dec, RuleAfterTheFact)
			}
			if r.Outcome != Fail {
				t.Errorf("applied the day after %s: %s %s", c.lastDay, r.Outcome, r.Message.Ja)
			}
			if got, ok := p.Calendar().ShiftOfficeDays(day(c.date), -c.before); !ok || got != last {
				t.Errorf("ShiftOfficeDays = %s, want %s", got, last)
			}
		})
	}
}

func TestDeadlineNamesTheOfficeDay(t *testing.T) {
	p := policyWith(t, "deadlines: {time: '17:00'}")
	f := testFacts()
	f.Dates = []Date{day("2027-01-04")}
	f.AppliedAt = at("2026-12-28 17:30")
	r, _ := worst(Evaluate(p, f), RuleDeadline)
	if r.Outcome != Fail || r.Message.Ja != "申請期限（2026年12月28日（月） 17:00）を過ぎた申請（遅延申請）です。" ||
		r.Message.En != "Applied after the deadline (17:00 on Mon 28 Dec 2026): a late application." {
		t.Errorf("got %s %+v", r.Outcome, r.Message)
	}
}

func TestAfterTheFactCountsOfficeDays(t *testing.T) {
	// Friday 18 Sep 2026, then Silver Week: the first office day after is Thursday 24th.
	p := policyWith(t, "deadlines: {after_the_fact: warn, after_the_fact_within_office_days: 1}")
	f := testFacts()
	f.Dates = []Date{day("2026-09-18")}
	for applied, want := range map[string]Outcome{
		"2026-09-22 10:00": Warn, // no office day yet
		"2026-09-24 18:00": Warn, // the first office day after
		"2026-09-25 09:00": Fail, // the second
	} {
		f.AppliedAt = at(applied)
		r, _ := worst(Evaluate(p, f), RuleAfterTheFact)
		if r.Outcome != want {
			t.Errorf("applied %s: %s, want %s (%s)", applied, r.Outcome, want, r.Message.Ja)
		}
	}
}
