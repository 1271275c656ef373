package policies

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// limits checks the caps on telework: per week, month and fiscal year, the
// office days a week must keep, and consecutive full days. The engine counts
// from the employee's existing days (Facts.Existing) and the earlier,
// unrefused dates of the same request, so every service counts alike.
func (c *check) limits(accepted []Date) {
	configured := false
	for _, l := range c.rr.limits {
		configured = configured || l.set
	}
	if !configured {
		return
	}
	if c.known && !c.rr.r.LimitsApply {
		c.flag(FlagLimitsExempt)
		n := c.rr.r.Name
		for _, l := range c.rr.limits {
			if l.set {
				c.pass(l.rule, Text{Ja: "「" + n.Ja + "」による在宅勤務は日数の上限の対象外です。",
					En: "Telework for " + n.en() + " is exempt from the limits."})
			}
		}
		return
	}
	counted := c.countedDays(accepted)
	per := c.p.ticksPerDay
	sum := func(from, to Date) int64 { return counted.between(from, to) + c.ticks }
	week := c.cal.WeekStart(c.d)
	for _, l := range c.rr.limits {
		if !l.set {
			continue
		}
		switch l.rule {
		case RulePerWeek:
			c.cap(l, sum(week, week.AddDays(6)), Text{Ja: "週", En: "weekly"})
		case RulePerMonth:
			y, m, _ := c.d.Civil()
			first := NewDate(y, m, 1)
			c.cap(l, sum(first, NewDate(y, m+1, 1).AddDays(-1)), Text{Ja: "月", En: "monthly"})
		case RulePerFiscalYear:
			fy := c.d.FiscalYearStart()
			c.cap(l, sum(fy, NewDate(fy.Year()+1, time.April, 1).AddDays(-1)), Text{Ja: "年度", En: "fiscal-year"})
		case RuleMinOfficeDays:
			office := int64(c.cal.OfficeDaysInWeek(c.d)) * per
			left := max(office-c.awayOnOfficeDays(counted, week), 0)
			t := Text{
				Ja: fmt.Sprintf("この週の出勤日は%s日となり、週%d日以上の出勤", days(left, per), l.n),
				En: fmt.Sprintf("the week keeps %s office %s against the required %d", days(left, per), dayWord(left, per), l.n),
			}
			if left < int64(l.n)*per {
				c.breach(l.rule, l.effect, Text{Ja: t.Ja + "を下回ります。", En: "Too few office days: " + t.En + "."})
			} else {
				c.pass(l.rule, Text{Ja: t.Ja + "を満たします。", En: "Enough office days: " + t.En + "."})
			}
		case RuleMaxConsecutive:
			c.consecutive(l, counted)
		}
	}
}

// awayOnOfficeDays sums the telework of the week starting at week that falls
// on office days: a day the offices are closed takes no office day away, so
// asking to work from home on it (refused as calendar.office_day) must not
// also count against the week's office days.
func (c *check) awayOnOfficeDays(counted dayAmounts, week Date) int64 {
	var n int64
	for d := week; !d.After(week.AddDays(6)); d = d.AddDays(1) {
		if !c.cal.IsOfficeDay(d) {
			continue
		}
		n += counted.on(d)
		if d == c.d {
			n += c.ticks
		}
	}
	return n
}

// cap checks one of the per-period limits.
func (c *check) cap(l limitSetting, total int64, period Text) {
	per := c.p.ticksPerDay
	n := strconv.Itoa(l.n)
	limit := Text{
		Ja: period.Ja + "の在宅勤務日数の上限（" + n + "日）",
		En: "the " + period.En + " telework limit (" + n + " " + plural(int64(l.n), "day", "days") + ")",
	}
	amount := Text{
		Ja: "この申請を含めて" + days(total, per) + "日",
		En: days(total, per) + " " + dayWord(total, per) + " including this request",
	}
	if total > int64(l.n)*per {
		c.breach(l.rule, l.effect, Text{Ja: limit.Ja + "を超えます（" + amount.Ja + "）。", En: "Exceeds " + limit.En + ": " + amount.En + "."})
	} else {
		c.pass(l.rule, Text{Ja: limit.Ja + "以内です（" + amount.Ja + "）。", En: "Within " + limit.En + ": " + amount.En + "."})
	}
	c.results[len(c.results)-1].Count = &Count{Days: float64(total) / float64(per), Limit: l.n}
}

// consecutive counts the run of full telework days through the date, over
// office days only: closed days neither count nor break the run, and a day
// partly in the office breaks it (the employee came in).
func (c *check) consecutive(l limitSetting, counted dayAmounts) {
	per := c.p.ticksPerDay
	if c.ticks < per {
		c.pass(l.rule, msg("終日の在宅勤務ではないため、連続日数に数えません。", "Not a full day, so it does not extend a run of telework days."))
		return
	}
	run := 1
	for _, step := range []int{-1, 1} {
		d := c.d
		for i := 0; i < maxScan; i++ {
			d = d.AddDays(step)
			if !c.cal.IsOfficeDay(d) {
				continue
			}
			if counted.on(d) < per {
				break
			}
			run++
		}
	}
	limit := Text{
		Ja: fmt.Sprintf("終日の在宅勤務が%d開庁日続きます（上限%d日）。", run, l.n),
		En: fmt.Sprintf("%d consecutive full telework %s over office days (limit %d).", run, plural(int64(run), "day", "days"), l.n),
	}
	if run > l.n {
		c.breach(l.rule, l.effect, Text{Ja: limit.Ja + "連続日数の上限を超えます。", En: limit.En + " Exceeds the limit."})
		return
	}
	c.pass(l.rule, limit)
}

// dayAmounts is telework per date, sorted by date, one entry per date: a
// sorted slice sums a week or a year faster than a map, and with no
// iteration order to leak into results.
type dayAmounts []dayAmount

type dayAmount struct {
	date  Date
	ticks int64
}

// on returns the telework on d.
func (a dayAmounts) on(d Date) int64 {
	i, found := slices.BinarySearchFunc(a, d, func(x dayAmount, d Date) int { return x.date.Compare(d) })
	if !found {
		return 0
	}
	return a[i].ticks
}

// between sums the telework from one date to another, both included.
func (a dayAmounts) between(from, to Date) int64 {
	i, _ := slices.BinarySearchFunc(a, from, func(x dayAmount, d Date) int { return x.date.Compare(d) })
	var s int64
	for ; i < len(a) && !a[i].date.After(to); i++ {
		s += a[i].ticks
	}
	return s
}

// countedDays returns the telework that counts toward the limits: existing
// days (unless their reason is exempt) and the request's earlier dates that
// were not refused. A day counts at most one full day.
func (c *check) countedDays(accepted []Date) dayAmounts {
	per := c.p.ticksPerDay
	out := make(dayAmounts, 0, len(c.f.Existing)+len(accepted))
	for _, x := range c.f.Existing {
		if rr, ok := c.p.reasons[x.Reason]; ok && !rr.r.LimitsApply {
			continue
		}
		out = append(out, dayAmount{x.Date, unitTicks(x.Unit, x.Minutes, per)})
	}
	for _, d := range accepted {
		out = append(out, dayAmount{d, c.ticks})
	}
	slices.SortFunc(out, func(a, b dayAmount) int { return a.date.Compare(b.date) })
	merged := out[:0]
	for _, x := range out {
		if n := len(merged); n > 0 && merged[n-1].date == x.date {
			merged[n-1].ticks = min(merged[n-1].ticks+x.ticks, per)
			continue
		}
		x.ticks = min(x.ticks, per)
		merged = append(merged, x)
	}
	return merged
}

// dayWord is "day" for exactly one day of ticks, else "days".
func dayWord(ticks, per int64) string {
	if ticks == per {
		return "day"
	}
	return "days"
}
