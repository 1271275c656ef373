package policies

import (
	"slices"
	"time"
)

// Calendar is an organisation's office calendar: which days the offices are
// open (開庁日). Deadlines and consecutive telework days count office days,
// so every such count goes through it. A Calendar is immutable and safe for
// concurrent use.
type Calendar struct {
	weekend   [7]bool
	holidays  bool
	closing   [13][32]bool
	closed    map[Date]bool
	open      map[Date]bool
	weekStart time.Weekday
	blackouts []Blackout
	// extra is the layer With adds on top of the policy's calendar.
	extra *CalendarExtras
}

// maxScan bounds every walk over the calendar. A valid policy always leaves
// office days, but fuzzed ones may close a whole year with closing days.
const maxScan = 800

func newCalendar(r CalendarRules) *Calendar {
	c := &Calendar{holidays: r.NationalHolidays, closed: map[Date]bool{}, open: map[Date]bool{}}
	for _, w := range r.Weekend {
		if i := slices.Index(weekdayNames, w); i >= 0 {
			c.weekend[(i+1)%7] = true // weekdayNames starts on Monday
		}
	}
	if r.WeekStarts == "sunday" {
		c.weekStart = time.Sunday
	} else {
		c.weekStart = time.Monday
	}
	for _, md := range r.ClosingDays {
		c.closing[md.Month][md.Day] = true
	}
	for _, d := range r.ClosedDates {
		c.closed[d] = true
	}
	for _, d := range r.OpenDates {
		c.open[d] = true
	}
	c.blackouts = r.Blackouts
	return c
}

// With returns the calendar with extra closing and open dates and blackouts
// layered on top (they win over the policy's own entries).
func (c *Calendar) With(x CalendarExtras) *Calendar {
	if x.IsZero() {
		return c
	}
	cc := *c
	cc.extra = &x
	return &cc
}

// closure says why a day is closed: openDay, or one of the reasons below.
type closure int

const (
	openDay closure = iota
	closedWeekend
	closedHoliday
	closedClosingDay
	closedDate
)

func (c *Calendar) closure(d Date) closure {
	if x := c.extra; x != nil {
		if slices.Contains(x.Closed, d) {
			return closedDate
		}
		if slices.Contains(x.Open, d) {
			return openDay
		}
	}
	if len(c.closed) > 0 && c.closed[d] {
		return closedDate
	}
	if len(c.open) > 0 && c.open[d] {
		return openDay
	}
	if c.weekend[d.Weekday()] {
		return closedWeekend
	}
	_, m, day := d.Civil()
	if c.closing[m][day] {
		return closedClosingDay
	}
	if c.holidays && IsHoliday(d) {
		return closedHoliday
	}
	return openDay
}

// IsOfficeDay reports whether the offices are open on d.
func (c *Calendar) IsOfficeDay(d Date) bool { return c.closure(d) == openDay }

// Closure explains why the offices are closed on d; false if they are open.
func (c *Calendar) Closure(d Date) (Text, bool) {
	switch c.closure(d) {
	case closedWeekend:
		wd := d.Weekday()
		return Text{Ja: weekdayJa[wd] + "曜日", En: wd.String()}, true
	case closedHoliday:
		h, _ := HolidayOn(d)
		return h.Name, true
	case closedClosingDay:
		return Text{Ja: "閉庁日（年末年始など）", En: "a closing day (e.g. the year-end closing)"}, true
	case closedDate:
		return Text{Ja: "臨時の閉庁日", En: "an extra closing day"}, true
	}
	return Text{}, false
}

// ShiftOfficeDays returns the n-th office day after d (before d when n is
// negative); d itself is not counted, and n == 0 returns d. False when no
// such day lies within a reasonable distance.
func (c *Calendar) ShiftOfficeDays(d Date, n int) (Date, bool) {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for i := 0; n > 0; i++ {
		if i >= maxScan {
			return Date{}, false
		}
		d = d.AddDays(step)
		if c.IsOfficeDay(d) {
			n--
		}
	}
	return d, true
}

// OfficeDaysBetween counts the office days after a up to and including b,
// stopping once the count passes limit (the caller only needs to know that).
func (c *Calendar) OfficeDaysBetween(a, b Date, limit int) int {
	n := 0
	for d := a.AddDays(1); !d.After(b) && n <= limit; d = d.AddDays(1) {
		if c.IsOfficeDay(d) {
			n++
		}
	}
	return n
}

// WeekStart returns the first day of d's week (policy's week_starts).
func (c *Calendar) WeekStart(d Date) Date {
	back := (int(d.Weekday()) - int(c.weekStart) + 7) % 7
	return d.AddDays(-back)
}

// OfficeDaysInWeek counts the office days of d's week.
func (c *Calendar) OfficeDaysInWeek(d Date) int {
	start, n := c.WeekStart(d), 0
	for i := 0; i < 7; i++ {
		if c.IsOfficeDay(start.AddDays(i)) {
			n++
		}
	}
	return n
}

// Blackouts returns the blackouts on d that cover an employee in units.
func (c *Calendar) Blackouts(d Date, units []OrgUnit) []Blackout {
	var out []Blackout
	check := func(bs []Blackout) {
		for _, b := range bs {
			if b.covers(d, units) {
				out = append(out, b)
			}
		}
	}
	check(c.blackouts)
	if c.extra != nil {
		check(c.extra.Blackouts)
	}
	return out
}

func (b Blackout) covers(d Date, units []OrgUnit) bool {
	if d.Before(b.From) || d.After(b.To) {
		return false
	}
	if len(b.Departments) == 0 && len(b.DepartmentFlags) == 0 {
		return true
	}
	return inUnits(units, b.Departments) || hasFlag(units, b.DepartmentFlags)
}

// inUnits reports whether any unit on the line is one of ids.
func inUnits(units []OrgUnit, ids []string) bool {
	for _, u := range units {
		if slices.Contains(ids, u.ID) {
			return true
		}
	}
	return false
}

// hasFlag reports whether any unit on the line carries one of flags.
func hasFlag(units []OrgUnit, flags []string) bool {
	for _, u := range units {
		for _, f := range u.Flags {
			if slices.Contains(flags, f) {
				return true
			}
		}
	}
	return false
}

// OrgCalendar is an organisation's one calendar of closed days: that of the
// policy version in force on each day, with the closing days the
// organisation keeps outside the policy (its own ordinance's days, extra
// closures). Telework, escalation and booking at the organisation's offices
// all read it, so they agree on which days are closed.
type OrgCalendar struct {
	set   *Set
	extra CalendarExtras
}

// Calendar returns the organisation's calendar over every version, with
// extra closing and open days layered on top.
func (s *Set) Calendar(extra CalendarExtras) OrgCalendar { return OrgCalendar{set: s, extra: extra} }

// On returns the calendar of the version in force on d; before the first
// version, the first version's (a calendar is needed to count office hours
// even then). Nil only for an empty set.
func (c OrgCalendar) On(d Date) *Calendar {
	p := c.set.InForce(d)
	if p == nil && c.set != nil && len(c.set.versions) > 0 {
		p = c.set.versions[0]
	}
	if p == nil {
		return nil
	}
	return p.cal.With(c.extra)
}

// ClosedForOffices tells whether the organisation closes its offices on d
// for a holiday, a closing day (the year-end) or an extra closed date, and
// why. Weekends are left out: each office keeps its own weekly hours.
func (c OrgCalendar) ClosedForOffices(d Date) (Text, bool) {
	cal := c.On(d)
	if cal == nil {
		return Text{}, false
	}
	if cal.closure(d) == closedWeekend {
		// A weekend day is closed by the office's own hours or not at all;
		// a holiday or closing day falling on it still closes the office.
		cc := *cal
		cc.weekend = [7]bool{}
		cal = &cc
	}
	return cal.Closure(d)
}
