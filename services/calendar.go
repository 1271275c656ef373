package services

import (
	"context"

	"github.com/kinmuchi/kinmuchi/policies"
)

// CalendarDay is one day of the organisation's calendar: open, or closed
// with the reason (a weekend, a national holiday by name, a closing day).
type CalendarDay struct {
	Date      policies.Date
	OfficeDay bool
	Closure   *policies.Text
}

// maxCalendarDays bounds one calendar answer (a month view needs 42).
const maxCalendarDays = 93

// Calendar lists the organisation's office days from..to (both included),
// as every rule reads them: the policy in force each day with the
// organisation's own closing days. Anyone signed in may read it.
func (s *Organizations) Calendar(ctx context.Context, actor *Actor, from, to string) ([]CalendarDay, error) {
	var v Validator
	a, errFrom := policies.ParseDate(from)
	b, errTo := policies.ParseDate(to)
	v.Check(errFrom == nil, "from", "invalid", "開始日は YYYY-MM-DD 形式で指定してください。", "from is a date, YYYY-MM-DD.")
	v.Check(errTo == nil, "to", "invalid", "終了日は YYYY-MM-DD 形式で指定してください。", "to is a date, YYYY-MM-DD.")
	if errFrom == nil && errTo == nil {
		v.Check(!b.Before(a) && !b.After(a.AddDays(maxCalendarDays-1)), "to", "out_of_range",
			"期間は開始日から93日以内で指定してください。", "The period is at most 93 days from from.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	cal, err := s.orgCalendar(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	var out []CalendarDay
	for d := a; !d.After(b); d = d.AddDays(1) {
		day := CalendarDay{Date: d, OfficeDay: true}
		if c := cal.On(d); c != nil {
			if why, closed := c.Closure(d); closed {
				day.OfficeDay, day.Closure = false, &why
			}
		}
		out = append(out, day)
	}
	return out, nil
}
