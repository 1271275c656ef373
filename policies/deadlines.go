package policies

import (
	"fmt"
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
	dl := c.rr.deadlines
	if c.f.AppliedAt.IsZero() {
		c.breach(RuleDeadline, refuse, msg("申請日時がありません。", "The moment of application is missing."))
		return
	}
	at := c.f.AppliedAt.In(c.p.loc)
	base, ok := c.cal.ShiftOfficeDays(c.d, -dl.before)
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
		c.flag(FlagLateApplication)
		c.breach(RuleDeadline, dl.late, Text{
			Ja: "申請期限（" + dueText.Ja + "）を過ぎた申請（遅延申請）です。",
			En: "Applied after the deadline (" + dueText.En + "): a late application.",
		})
	default:
		c.afterTheFact(applied)
	}
}

func (c *check) afterTheFact(applied Date) {
	dl := c.rr.deadlines
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
