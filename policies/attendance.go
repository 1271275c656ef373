package policies

import "fmt"

// Attendance bands keep enough people in the office (a floor, so counters
// stay open) or few enough (a cap, in an emergency). The ratio of a unit on
// a day is present ÷ base: base is the members minus those on leave, minus
// the designated essential staff when the policy leaves them out; present is
// the base minus those away all day. Anyone in the office for part of the
// day counts as present, so only a full day of telework lowers it.

// AttendanceCount is a unit's attendance on a day.
type AttendanceCount struct {
	Present int `json:"present"`
	Base    int `json:"base"`
}

// Count derives the attendance from the staffing, before the request.
func (s Staffing) Count(excludeEssential bool) AttendanceCount {
	base := s.Members - s.OnLeave
	if excludeEssential {
		base -= s.Essential
	}
	base = max(base, 0)
	return AttendanceCount{Present: min(max(base-s.Away, 0), base), Base: base}
}

// percent formats present/base as a whole percentage, rounded half up.
func (a AttendanceCount) percent() int {
	if a.Base <= 0 {
		return 0
	}
	return (a.Present*200 + a.Base) / (2 * a.Base)
}

// below reports whether present/base < pct%, exactly.
func (a AttendanceCount) below(pct int) bool { return a.Present*100 < pct*a.Base }

// above reports whether present/base > pct%, exactly.
func (a AttendanceCount) above(pct int) bool { return a.Present*100 > pct*a.Base }

// unitAtLevel finds the employee's unit at a level of the organisation.
func unitAtLevel(units []OrgUnit, level string) (OrgUnit, bool) {
	for i := len(units) - 1; i >= 0; i-- {
		if units[i].Level == level {
			return units[i], true
		}
	}
	return OrgUnit{}, false
}

// applies reports whether the band covers the date and the employee's line.
func (b Band) applies(d Date, units []OrgUnit) bool {
	if (!b.From.IsZero() && d.Before(b.From)) || (!b.To.IsZero() && d.After(b.To)) {
		return false
	}
	if len(b.Departments) > 0 && !inUnits(units, b.Departments) {
		return false
	}
	if len(b.DepartmentFlags) > 0 && !hasFlag(units, b.DepartmentFlags) {
		return false
	}
	return true
}

func (c *check) attendance() {
	att := c.p.doc.Attendance
	for _, b := range att.Bands {
		unit, ok := unitAtLevel(c.f.Employee.Units, b.Level)
		if !ok || !b.applies(c.d, c.f.Employee.Units) {
			continue
		}
		i, n := -1, 0
		for j, s := range c.f.Staffing {
			if s.Date == c.d && s.Unit == unit.ID {
				i, n = j, n+1
			}
		}
		if n != 1 {
			// Missing or contradictory staffing is the service's mistake: say
			// so rather than guess (and guessing by order would not be
			// deterministic).
			name := unit.label()
			m := Text{
				Ja: "部署（" + name.Ja + "）のこの日の人員の情報がないため、出勤率を確かめられません。",
				En: "No staffing for unit " + name.En + " on this day, so the office attendance cannot be checked.",
			}
			if n > 1 {
				m = Text{
					Ja: "部署（" + name.Ja + "）のこの日の人員の情報が重複しているため、出勤率を確かめられません。",
					En: "Staffing for unit " + name.En + " on this day is given twice, so the office attendance cannot be checked.",
				}
			}
			if b.MinPercent != nil {
				c.breach(RuleAttendanceMin, Effect{Action: ActionWarn}, m)
			}
			if b.MaxPercent != nil {
				c.breach(RuleAttendanceMax, Effect{Action: ActionWarn}, m)
			}
			continue
		}
		before := c.f.Staffing[i].Count(att.ExcludeEssential)
		change := 0
		inBase := !(c.f.Employee.Essential && att.ExcludeEssential)
		if c.ticks >= c.p.ticksPerDay && inBase && before.Present > 0 {
			change = -1 // a full day away; part of a day in the office counts as present
		}
		after := AttendanceCount{Present: before.Present + change, Base: before.Base}
		c.band(b, unit, after, change)
	}
}

// band checks one band. A request breaches it only by moving the ratio the
// wrong way while ending outside it: telework can break a floor, never a
// cap; a presence in the office the reverse.
func (c *check) band(b Band, unit OrgUnit, after AttendanceCount, change int) {
	name := unit.label()
	state := Text{
		Ja: fmt.Sprintf("部署（%s）の出勤率はこの申請の後 %d%%（%d人中%d人）", name.Ja, after.percent(), after.Base, after.Present),
		En: fmt.Sprintf("unit %s: %d%% in the office after this request (%d of %d)", name.En, after.percent(), after.Present, after.Base),
	}
	if after.Base == 0 {
		m := Text{Ja: "部署（" + name.Ja + "）にはこの日勤務する母数の職員がいないため、出勤率は判定しません。",
			En: "Unit " + name.En + " has no working staff in the base that day, so there is no ratio to check."}
		if b.MinPercent != nil {
			c.pass(RuleAttendanceMin, m)
		}
		if b.MaxPercent != nil {
			c.pass(RuleAttendanceMax, m)
		}
		return
	}
	if b.MinPercent != nil {
		limit := *b.MinPercent
		if change < 0 && after.below(limit) {
			c.breach(RuleAttendanceMin, b.Effect.or(refuse), Text{
				Ja: fmt.Sprintf("%sとなり、下限（%d%%）を下回ります。", state.Ja, limit),
				En: fmt.Sprintf("Below the attendance floor (%d%%): %s.", limit, state.En),
			})
		} else {
			c.pass(RuleAttendanceMin, Text{
				Ja: fmt.Sprintf("%sで、下限（%d%%）を満たします。", state.Ja, limit),
				En: fmt.Sprintf("Meets the attendance floor (%d%%): %s.", limit, state.En),
			})
		}
	}
	if b.MaxPercent != nil {
		limit := *b.MaxPercent
		if change > 0 && after.above(limit) {
			c.breach(RuleAttendanceMax, b.Effect.or(refuse), Text{
				Ja: fmt.Sprintf("%sとなり、上限（%d%%）を超えます。", state.Ja, limit),
				En: fmt.Sprintf("Above the attendance cap (%d%%): %s.", limit, state.En),
			})
		} else {
			c.pass(RuleAttendanceMax, Text{
				Ja: fmt.Sprintf("%sで、上限（%d%%）を超える出勤は増えません。", state.Ja, limit),
				En: fmt.Sprintf("Adds no presence above the attendance cap (%d%%): %s.", limit, state.En),
			})
		}
	}
}
