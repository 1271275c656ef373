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
	sets := []limitSet{{settings: c.rr.limits}}
	if c.scheme != nil && c.scheme.Limits != nil {
		sets = append(sets, limitSet{settings: limitSettings(Limits{Effect: c.p.doc.Limits.Effect}, c.scheme.Limits, schemePrefix),
			scheme: c.scheme.ID, label: Text{Ja: "「" + c.scheme.Name.Ja + "」の", En: c.scheme.Name.en() + ": "}})
	}
	for _, el := range c.p.doc.Eligibility.EmploymentLimits {
		if slices.Contains(el.EmploymentTypes, c.f.Employee.EmploymentType) {
			lim := el.Limits
			sets = append(sets, limitSet{settings: limitSettings(Limits{Effect: c.p.doc.Limits.Effect}, &lim, employmentPrefix),
				label: Text{Ja: "任用形態（" + c.f.Employee.EmploymentType + "）の", En: c.f.Employee.EmploymentType + ": "}})
		}
	}
	configured := false
	for _, set := range sets {
		for _, l := range set.settings {
			configured = configured || l.set
		}
	}
	if !configured {
		return
	}
	switch {
	case c.known && !c.rr.r.LimitsApply:
		c.flag(FlagLimitsExempt)
		n := c.rr.r.Name
		c.passAll(sets, Text{Ja: "「" + n.Ja + "」による在宅勤務は日数の上限の対象外です。", En: "Telework for " + n.en() + " is exempt from the limits."})
		return
	case c.emergency != nil && c.p.doc.Emergency.LiftLimits:
		c.passAll(sets, Text{Ja: "緊急時の期間（" + c.emergency.Name.Ja + "）中のため、上限を適用しません。",
			En: "Limits are lifted during the emergency period (" + c.emergency.Name.en() + ")."})
		return
	}
	for _, set := range sets {
		c.limitSet(set, c.countedDays(accepted, set.scheme))
	}
}

// limitSet is one set of limits: the organisation's (or a reason's), a
// scheme's (counting only its days) or an employment type's.
type limitSet struct {
	settings []limitSetting
	scheme   string
	label    Text
}

func (c *check) passAll(sets []limitSet, m Text) {
	for _, set := range sets {
		for _, l := range set.settings {
			if l.set {
				c.pass(l.rule, m)
			}
		}
	}
}

func (c *check) limitSet(set limitSet, counted dayAmounts) {
	per := c.p.ticksPerDay
	sum := func(from, to Date) int64 { return counted.between(from, to) + c.ticks }
	week := c.cal.WeekStart(c.d)
	y, m, _ := c.d.Civil()
	first, last := NewDate(y, m, 1), NewDate(y, m+1, 1).AddDays(-1)
	label := func(t Text) Text { return Text{Ja: set.label.Ja + t.Ja, En: set.label.En + t.En} }
	for _, l := range set.settings {
		if !l.set {
			continue
		}
		switch l.base {
		case RulePerWeek:
			c.cap(l, sum(week, week.AddDays(6)), label(Text{Ja: "週", En: "weekly"}))
		case RulePerMonth:
			c.cap(l, sum(first, last), label(Text{Ja: "月", En: "monthly"}))
		case RulePerFiscalYear:
			fy := c.d.FiscalYearStart()
			c.cap(l, sum(fy, NewDate(fy.Year()+1, time.April, 1).AddDays(-1)), label(Text{Ja: "年度", En: "fiscal-year"}))
		case RuleMinOfficeDays:
			office := int64(c.cal.OfficeDaysInWeek(c.d)) * per
			left := max(office-c.awayOnOfficeDays(counted, week), 0)
			t := Text{
				Ja: fmt.Sprintf("この週の出勤日は%s日となり、週%d日以上の出勤", days(left, per), l.n),
				En: fmt.Sprintf("the week keeps %s office %s against the required %d", days(left, per), dayWord(left, per), l.n),
			}
			if left < int64(l.n)*per {
				c.breach(l.rule, l.effect, Text{Ja: set.label.Ja + t.Ja + "を下回ります。", En: set.label.En + "Too few office days: " + t.En + "."})
			} else {
				c.pass(l.rule, Text{Ja: set.label.Ja + t.Ja + "を満たします。", En: set.label.En + "Enough office days: " + t.En + "."})
			}
		case RuleMaxConsecutive:
			c.consecutive(l, counted)
		case RuleShare:
			c.share(l, sum(first, last), first, last, set.label)
		case RulePerMonthHrs:
			c.hours(l, sum(first, last), set.label)
		}
	}
}

// share caps the month's telework at a share of the days the employee is
// scheduled to work in it (「月の勤務日数の2分の1」).
func (c *check) share(l limitSetting, total int64, first, last Date, label Text) {
	per := c.p.ticksPerDay
	scheduled := 0
	for d := first; !d.After(last); d = d.AddDays(1) {
		if c.cal.IsOfficeDay(d) && c.rec.scheduled(d) {
			scheduled++
		}
	}
	// total/per days against l.n% of scheduled days, in whole ticks.
	capTicks := int64(scheduled) * per * int64(l.n) / 100
	t := Text{
		Ja: fmt.Sprintf("%s月の在宅勤務は、この申請を含めて%s日です（勤務日%d日の%d%%＝%s日まで）", label.Ja, days(total, per), scheduled, l.n, days(capTicks, per)),
		En: fmt.Sprintf("%s%s telework %s this month including this request (up to %d%% of %d scheduled days = %s)", label.En, days(total, per), dayWord(total, per), l.n, scheduled, days(capTicks, per)),
	}
	if total > capTicks {
		c.breach(l.rule, l.effect, Text{Ja: t.Ja + "。上限を超えます。", En: t.En + ": exceeds the limit."})
	} else {
		c.pass(l.rule, Text{Ja: t.Ja + "。", En: t.En + "."})
	}
	c.results[len(c.results)-1].Count = &Count{Days: float64(total) / float64(per), Limit: int(capTicks / per)}
}

// hours caps the month's telework in hours: a tick is half a minute.
func (c *check) hours(l limitSetting, total int64, label Text) {
	minutes := total / 2
	h := Duration(minutes * int64(time.Minute))
	t := Text{
		Ja: fmt.Sprintf("%s月の在宅勤務の時間数は、この申請を含めて%sです（上限%d時間）", label.Ja, h, l.n),
		En: fmt.Sprintf("%s%s of telework this month including this request (limit %d hours)", label.En, h, l.n),
	}
	if minutes > int64(l.n)*60 {
		c.breach(l.rule, l.effect, Text{Ja: t.Ja + "。上限を超えます。", En: t.En + ": exceeds the limit."})
	} else {
		c.pass(l.rule, Text{Ja: t.Ja + "。", En: t.En + "."})
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
func (c *check) countedDays(accepted []Date, scheme string) dayAmounts {
	per := c.p.ticksPerDay
	out := make(dayAmounts, 0, len(c.f.Existing)+len(accepted))
	for _, x := range c.f.Existing {
		if rr, ok := c.p.reasons[x.Reason]; ok && !rr.r.LimitsApply {
			continue
		}
		if scheme != "" && c.schemeOf(x) != scheme {
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

// schemeOf is the scheme of an existing day: a day stored before the
// policy had schemes belongs to the scheme its place would pick, the first.
func (c *check) schemeOf(x Day) string {
	if x.Scheme != "" || len(c.p.doc.Schemes) == 0 {
		return x.Scheme
	}
	return c.p.doc.Schemes[0].ID
}

// dayWord is "day" for exactly one day of ticks, else "days".
func dayWord(ticks, per int64) string {
	if ticks == per {
		return "day"
	}
	return "days"
}
