package policies

import (
	"fmt"
	"slices"
	"time"
)

// deadline checks when the request was made. The deadline is the end of
// the office day N office days before the date (or a time of day on it);
// deadlines count office days (開庁日), so a Monday's "previous day"
// deadline is the Friday before, and the year-end closing pushes it back
// into December. An application after the deadline but no later than the
// day itself is late (遅延申請); one made after the day is after the fact
// (事後申請). The instant is read in the policy's time zone.
func (c *check) deadline() {
	dl := c.dl
	if c.f.AppliedAt.IsZero() {
		c.breach(RuleDeadline, refuse, msg("申請日時がありません。", "The moment of application is missing."))
		return
	}
	at := c.f.AppliedAt.In(c.p.loc)
	base, ok := c.cal.ShiftOfficeDays(c.d, -dl.before)
	if dl.calendar != nil {
		// 「7日前までに」: calendar days, closed days included.
		base, ok = c.d.AddDays(-*dl.calendar), true
	}
	if !ok {
		c.breach(RuleDeadline, refuse, msg("申請期限となる開庁日が見つかりません。", "No office day to set the deadline on."))
		return
	}
	y, m, d := base.Civil()
	var due time.Time
	var onTime bool
	var dueText Text
	if dl.time != nil {
		due = time.Date(y, m, d, int(*dl.time)/60, int(*dl.time)%60, 0, 0, c.p.loc)
		onTime = !at.After(due)
		dueText = Text{Ja: base.ja() + " " + dl.time.String(), En: dl.time.String() + " on " + base.en()}
	} else {
		due = base.AddDays(1).In(c.p.loc)
		onTime = at.Before(due)
		dueText = Text{Ja: base.ja() + "中", En: "the end of " + base.en()}
	}
	applied := DateOf(at)
	switch {
	case onTime:
		c.pass(RuleDeadline, Text{Ja: "申請期限（" + dueText.Ja + "）までに申請されています。", En: "Applied by the deadline (" + dueText.En + ")."})
	case !applied.After(c.d):
		c.late(RuleDeadline, Text{
			Ja: "申請期限（" + dueText.Ja + "）を過ぎた申請（遅延申請）です。",
			En: "Applied after the deadline (" + dueText.En + "): a late application.",
		})
	default:
		c.afterTheFact(applied)
		return
	}
	c.monthly(at)
}

// late records a late application: with the policy's late effect, or,
// where the policy asks for a prior notice, refused without one and
// approved after the fact (事後承認) with one.
func (c *check) late(rule string, m Text) {
	c.flag(FlagLateApplication)
	n := c.f.Notice
	if n == nil || n.At.IsZero() {
		if c.dl.notice {
			c.breach(rule, c.dl.late, m)
			c.breach(RuleNotice, refuse, msg("期限後の申請には、事前の連絡（電話・メール・チャットなど、相手と日時）が必要です。",
				"A late application needs a prior notice (phone, e-mail, chat …, to whom and when)."))
			return
		}
		c.breach(rule, c.dl.late, m)
		return
	}
	c.breach(rule, c.dl.late, m)
	if slices.ContainsFunc(c.results, func(r Result) bool { return r.Rule == RuleNotice && r.Date == c.d }) {
		return // both deadlines were missed: the notice is reported once
	}
	at := n.At.In(c.p.loc)
	method := noticeMethods[n.Method]
	if method.IsZero() {
		method = Text{Ja: n.Method, En: n.Method}
	}
	c.flag(FlagPriorNotice)
	c.pass(RuleNotice, Text{
		Ja: fmt.Sprintf("%sに%sで%sへ事前に連絡しています（事後承認）。", DateOf(at).jaPlain()+at.Format(" 15:04"), method.Ja, n.To),
		En: fmt.Sprintf("Notified %s by %s on %s in advance (approval after the fact).", n.To, method.En, DateOf(at).enPlain()+at.Format(" 15:04")),
	})
}

var noticeMethods = map[string]Text{
	"phone": {Ja: "電話", En: "phone"}, "email": {Ja: "メール", En: "e-mail"}, "chat": {Ja: "チャット", En: "chat"},
}

// NoticeMethods lists the ways a prior notice can be given.
func NoticeMethods() []string { return []string{"phone", "email", "chat"} }

// monthly checks a month-based deadline: the dates of a month are due by a
// day of an earlier month (「前月の20日までに翌月分を申請」), or another
// day the policy names for that month.
func (c *check) monthly(at time.Time) {
	md := c.dl.monthly
	if md == nil {
		return
	}
	before := 1
	if md.MonthsBefore != nil {
		before = *md.MonthsBefore
	}
	y, m, _ := c.d.Civil()
	day := md.Day
	for _, x := range md.Exceptions {
		if time.Month(x.Month) == m {
			day = x.Day
		}
	}
	dm := NewDate(y, m-time.Month(before), 1)
	dy, dmo, _ := dm.Civil()
	last := NewDate(dy, dmo+1, 1).AddDays(-1).Day()
	due := NewDate(dy, dmo, min(day, last))
	dueText := Text{Ja: due.ja() + "中", En: "the end of " + due.en()}
	if c.dl.time != nil {
		dueText = Text{Ja: due.ja() + " " + c.dl.time.String(), En: c.dl.time.String() + " on " + due.en()}
	}
	var onTime bool
	if c.dl.time != nil {
		dy, dmo, dd := due.Civil()
		onTime = !at.After(time.Date(dy, dmo, dd, int(*c.dl.time)/60, int(*c.dl.time)%60, 0, 0, c.p.loc))
	} else {
		onTime = at.Before(due.AddDays(1).In(c.p.loc))
	}
	if onTime {
		c.pass(RuleMonthly, Text{Ja: fmt.Sprintf("%d月分の申請期限（%s）までに申請されています。", int(m), dueText.Ja),
			En: fmt.Sprintf("Applied by the deadline for %s's dates (%s).", m, dueText.En)})
		return
	}
	c.late(RuleMonthly, Text{Ja: fmt.Sprintf("%d月分の申請期限（%s）を過ぎた申請です。", int(m), dueText.Ja),
		En: fmt.Sprintf("Applied after the deadline for %s's dates (%s).", m, dueText.En)})
}

func (c *check) afterTheFact(applied Date) {
	dl := c.dl
	c.flag(FlagAfterTheFact)
	if dl.after.Action == ActionRefuse {
		c.breach(RuleAfterTheFact, refuse, msg("在宅勤務日より後の申請（事後申請）は認められていません。",
			"Applications after the day (事後申請) are not allowed."))
		return
	}
	n := c.cal.OfficeDaysBetween(c.d, applied, dl.afterWithin)
	if n > dl.afterWithin {
		c.breach(RuleAfterTheFact, refuse, Text{
			Ja: fmt.Sprintf("事後申請の期限（在宅勤務日の後%d開庁日以内）を過ぎています。", dl.afterWithin),
			En: fmt.Sprintf("Too late for an application after the fact (within %d office %s of the day).", dl.afterWithin, plural(int64(dl.afterWithin), "day", "days")),
		})
		return
	}
	c.breach(RuleAfterTheFact, dl.after, Text{
		Ja: fmt.Sprintf("在宅勤務日より後の申請（事後申請、%d開庁日後）です。", n),
		En: fmt.Sprintf("Applied after the day (事後申請), %d office %s later.", n, plural(int64(n), "day", "days")),
	})
}
