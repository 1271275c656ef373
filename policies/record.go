package policies

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The rules that read the dated staff record (length of service, probation,
// rank, working days, commute, usual workplace), the request's scheme, kind
// of work and pool, the windows and periods of an application, and the
// emergency periods HR declares. Every one judges the facts as they stand on
// the telework date, not on the day of filing.

var rankLabels = map[string]Text{
	"staff": {Ja: "一般職員", En: "staff"}, "shunin": {Ja: "主任", En: "senior staff"},
	"kakaricho": {Ja: "係長級", En: "section chief level"}, "kacho_hosa": {Ja: "課長補佐級", En: "deputy division head level"},
	"kacho": {Ja: "課長級", En: "division head level"}, "jicho": {Ja: "次長級", En: "deputy director level"},
	"bucho": {Ja: "部長級", En: "director level"},
}

// RankLabel names a rank (係長級 …) for screens; unknown names stay as written.
func RankLabel(rank string) Text {
	if l, ok := rankLabels[rank]; ok {
		return l
	}
	return Text{Ja: rank, En: rank}
}

// RankNames lists the ranks a policy and a staff record may name.
func RankNames() []string { return slices.Clone(rankNames) }

// PlaceNames lists the places a scheme may allow.
func PlaceNames() []string { return slices.Clone(placeNames) }

var weekdayOf = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// WeekdayNames lists the weekday names of a work schedule.
func WeekdayNames() []string { return slices.Clone(weekdayNames) }

// scheduled reports whether the record schedules work on d.
func (r StaffRecord) scheduled(d Date) bool {
	if len(r.WorkDays) == 0 {
		return true
	}
	for _, w := range r.WorkDays {
		if weekdayOf[w] == d.Weekday() {
			return true
		}
	}
	return false
}

// findEmergency finds the declared emergency covering the employee on the
// date; of several, the earliest declared first.
func (c *check) findEmergency() {
	for i := range c.f.Emergencies {
		e := &c.f.Emergencies[i]
		if e.covers(c.d, c.f.Employee.Units, c.rec.Workplace) {
			c.emergency = e
			break
		}
	}
	if c.emergency == nil {
		return
	}
	em := c.p.doc.Emergency
	var what []string
	var whatEn []string
	if em.LiftLimits {
		what, whatEn = append(what, "日数の上限を適用しません"), append(whatEn, "the limits are lifted")
	}
	if len(em.Waive) > 0 {
		what, whatEn = append(what, "対象者の一部の要件を適用しません"), append(whatEn, "some eligibility rules are waived")
	}
	if em.OfficeDaysBefore != nil {
		what = append(what, fmt.Sprintf("申請期限は%d開庁日前までです", *em.OfficeDaysBefore))
		whatEn = append(whatEn, fmt.Sprintf("applications are due %d office %s before", *em.OfficeDaysBefore, plural(int64(*em.OfficeDaysBefore), "day", "days")))
	}
	m := Text{
		Ja: c.d.ja() + "は緊急時の期間（" + c.emergency.Name.Ja + "、" + c.emergency.From.ja() + "〜" + c.emergency.To.ja() + "）中です。",
		En: c.d.en() + " is within the emergency period " + c.emergency.Name.en() + " (" + c.emergency.From.en() + " to " + c.emergency.To.en() + ").",
	}
	if len(what) > 0 {
		m = m.join(Text{Ja: strings.Join(what, "。") + "。", En: strings.Join(whatEn, "; ") + "."})
	} else {
		m = m.join(msg("この規程は緊急時の緩和を定めていません。", "This policy sets no relaxation for emergencies."))
	}
	c.flag(FlagEmergency)
	c.pass(RuleEmergency, m)
}

// chooseScheme picks the request's scheme and the deadlines that apply:
// the organisation's, a scheme's over them, a reason's over both, and an
// emergency's deadline over all.
func (c *check) chooseScheme() {
	c.dl = c.rr.deadlines
	if ss := c.p.doc.Schemes; len(ss) > 0 {
		name := c.f.Scheme
		if name == "" {
			name = ss[0].ID
			for _, s := range ss {
				if slices.Contains(s.Places, c.f.Place) {
					name = s.ID
					break
				}
			}
		}
		if i := slices.IndexFunc(ss, func(s Scheme) bool { return s.ID == name }); i >= 0 {
			c.scheme = &c.p.doc.Schemes[i]
			c.dl = compileDeadlines(mergeDeadlines(mergeDeadlines(c.p.doc.Deadlines, c.scheme.Deadlines), c.rr.ownDeadlines))
		}
	}
	if c.emergency != nil && c.p.doc.Emergency.OfficeDaysBefore != nil {
		c.dl.before = *c.p.doc.Emergency.OfficeDaysBefore
		c.dl.calendar, c.dl.monthly = nil, nil
	}
}

// schemeRules checks the scheme the request names against its place and the
// employment type.
func (c *check) schemeRules() {
	if len(c.p.doc.Schemes) == 0 {
		return
	}
	s := c.scheme
	if s == nil {
		c.breach(RuleScheme, refuse, msg("方式「%s」はこの規程にありません。", "Scheme %q is not in this policy.", c.f.Scheme))
		return
	}
	n := s.Name
	switch {
	case len(s.Places) > 0 && !slices.Contains(s.Places, c.f.Place):
		c.breach(RuleScheme, refuse, Text{Ja: "「" + n.Ja + "」では、この勤務場所は認められていません。", En: "This place is not allowed under " + n.en() + "."})
	case len(s.EmploymentTypes) > 0 && !slices.Contains(s.EmploymentTypes, c.f.Employee.EmploymentType):
		c.breachUnlessGranted(RuleScheme, refuse, Text{
			Ja: "任用形態（" + c.f.Employee.EmploymentType + "）は「" + n.Ja + "」の対象ではありません。",
			En: "Employment type " + c.f.Employee.EmploymentType + " may not use " + n.en() + ".",
		})
	default:
		c.pass(RuleScheme, Text{Ja: "方式は「" + n.Ja + "」です。", En: "Scheme: " + n.en() + "."})
	}
}

// record checks the staff record on the date: service, probation, rank, the
// usual workplace and the kind of work.
func (c *check) record() {
	el := c.p.doc.Eligibility
	if el.MinServiceMonths != nil {
		n := *el.MinServiceMonths
		hire := c.f.Employee.HireDate
		switch {
		case hire.IsZero():
			c.breachUnlessGranted(RuleService, refuse, msg("採用日が登録されていないため、勤続期間（%dか月以上）を確認できません。人事課にお問い合わせください。",
				"The hire date is not recorded, so the required %d months of service cannot be checked; ask HR.", n))
		case c.d.Before(addMonths(hire, n)):
			c.breachUnlessGranted(RuleService, refuse, Text{
				Ja: fmt.Sprintf("%sの時点で勤続%dか月に達していません（採用日 %s、%sから対象）。", c.d.ja(), n, hire.ja(), addMonths(hire, n).ja()),
				En: fmt.Sprintf("On %s the employee has not served %d months (hired %s; eligible from %s).", c.d.en(), n, hire.en(), addMonths(hire, n).en()),
			})
		default:
			c.pass(RuleService, msg("勤続%dか月以上です（採用日 %s）。", "At least %d months of service (hired %s).", n, hire.ja()))
		}
	}
	if u := c.rec.TermUntil; !u.IsZero() && c.d.After(u) {
		// 任期付職員: past the end of the term the person is not appointed.
		c.breach(RuleEmploymentType, refuse, Text{
			Ja: c.d.ja() + "は任期（" + u.ja() + "まで）の後の日です。",
			En: c.d.en() + " is after the end of the fixed term (" + u.en() + ").",
		})
	}
	if el.ExcludeProbation {
		if u := c.rec.ProbationUntil; !u.IsZero() && !c.d.After(u) {
			c.breachUnlessGranted(RuleProbation, refuse, Text{
				Ja: c.d.ja() + "は条件付採用期間（試用期間、" + u.ja() + "まで）中のため、在宅勤務の対象ではありません。",
				En: c.d.en() + " is within the probation period (until " + u.en() + "), which excludes telework.",
			})
		} else {
			c.pass(RuleProbation, msg("条件付採用期間（試用期間）中ではありません。", "Not within a probation period."))
		}
	}
	if len(el.ExcludedRanks) > 0 {
		l := RankLabel(c.rec.Rank)
		if c.rec.Rank != "" && slices.Contains(el.ExcludedRanks, c.rec.Rank) {
			c.breachUnlessGranted(RuleRank, el.RankEffect.or(refuse), Text{
				Ja: "職位（" + l.Ja + "）は在宅勤務の対象外です。", En: "The rank (" + l.En + ") is excluded from telework.",
			})
		} else {
			c.pass(RuleRank, msg("職位は在宅勤務の対象です。", "The rank may telework."))
		}
	}
	if el.SatelliteOtherThanOwn && c.f.Place == "satellite" {
		if c.rec.Workplace != "" && c.f.OfficeID == c.rec.Workplace {
			c.breach(RuleWorkplace, refuse, msg("サテライトオフィスは、通常の勤務場所以外の施設に限られます。",
				"A satellite office must be other than the usual workplace."))
		} else {
			c.pass(RuleWorkplace, msg("通常の勤務場所以外のサテライトオフィスです。", "The satellite office is not the usual workplace."))
		}
	}
	if len(el.ExcludedWorkKinds) > 0 {
		if slices.Contains(el.ExcludedWorkKinds, c.f.WorkKind) {
			c.breach(RuleWorkKind, refuse, msg("業務の種類（%s）は在宅勤務の対象外です。", "The kind of work (%s) is excluded from telework.", c.f.WorkKind))
		} else {
			c.pass(RuleWorkKind, msg("業務の種類は在宅勤務の対象です。", "The kind of work may be done by telework."))
		}
	}
}

// addMonths returns the same day n months later (the month's last day when
// it has no such day): eligibility "after N months" starts on that day.
func addMonths(d Date, n int) Date {
	y, m, day := d.Civil()
	first := NewDate(y, m+time.Month(n), 1)
	fy, fm, _ := first.Civil()
	last := NewDate(fy, fm+1, 1).AddDays(-1).Day()
	return NewDate(fy, fm, min(day, last))
}

// windows checks the positive list of windows and the working days of the
// person's schedule.
func (c *check) windows() {
	if ws := c.p.doc.Periods.Windows; len(ws) > 0 {
		i := slices.IndexFunc(ws, func(w Window) bool { return !c.d.Before(w.From) && !c.d.After(w.To) })
		if i >= 0 {
			c.pass(RuleWindow, Text{Ja: "在宅勤務を認める期間（" + ws[i].Name.Ja + "）の日です。", En: "Within the window " + ws[i].Name.en() + "."})
		} else {
			names, namesEn := make([]string, len(ws)), make([]string, len(ws))
			for j, w := range ws {
				names[j] = w.Name.Ja + "（" + w.From.jaPlain() + "〜" + w.To.jaPlain() + "）"
				namesEn[j] = w.Name.en() + " (" + w.From.enPlain() + " to " + w.To.enPlain() + ")"
			}
			c.breach(RuleWindow, refuse, Text{
				Ja: "在宅勤務を認める期間の外の日です（認める期間: " + strings.Join(names, "、") + "）。",
				En: "Outside the windows in which telework is allowed: " + strings.Join(namesEn, ", ") + ".",
			})
		}
	}
	if len(c.rec.WorkDays) > 0 {
		if c.rec.scheduled(c.d) {
			c.pass(RuleScheduled, msg("本人の勤務日です。", "A scheduled working day."))
		} else {
			c.breach(RuleScheduled, refuse, Text{Ja: c.d.ja() + "は本人の勤務日ではありません。", En: c.d.en() + " is not one of the employee's working days."})
		}
	}
}

// commute checks a reason's commute condition against the record.
func (c *check) commute() {
	cm := c.rr.r.Commute
	if cm == nil {
		return
	}
	okMin := cm.MinMinutes != nil && c.rec.CommuteMinutes >= *cm.MinMinutes
	okKm := cm.MinKm != nil && c.rec.CommuteKm >= *cm.MinKm
	var want, wantEn []string
	if cm.MinMinutes != nil {
		want = append(want, fmt.Sprintf("片道%d分以上", *cm.MinMinutes))
		wantEn = append(wantEn, fmt.Sprintf("at least %d minutes one way", *cm.MinMinutes))
	}
	if cm.MinKm != nil {
		want = append(want, fmt.Sprintf("片道%dkm以上", *cm.MinKm))
		wantEn = append(wantEn, fmt.Sprintf("at least %d km one way", *cm.MinKm))
	}
	t := Text{Ja: "通勤の要件（" + strings.Join(want, "または") + "）", En: "the commute condition (" + strings.Join(wantEn, " or ") + ")"}
	if okMin || okKm {
		c.pass(RuleCommute, Text{Ja: t.Ja + "を満たしています。", En: "Meets " + t.En + "."})
		return
	}
	c.breach(RuleCommute, refuse, Text{Ja: t.Ja + "を満たしていません（人事課に登録された通勤時間・距離で判定します）。",
		En: "Does not meet " + t.En + " (judged on the commute HR recorded)."})
}

// familyPeriod checks that the reason's fact still holds on the date: a
// pregnancy until the birth (or the expected date), a care need within its
// registered period.
func (c *check) familyPeriod() {
	m := c.f.Family
	switch c.rr.r.Period {
	case "pregnancy":
		switch {
		case m == nil || (m.ExpectedDate.IsZero() && m.BirthDate.IsZero()):
			c.breach(RuleFamilyPeriod, refuse, msg("出産予定日が登録されていません。", "No expected date of birth is recorded."))
		case !m.BirthDate.IsZero() && !c.d.Before(m.BirthDate):
			c.breach(RuleFamilyPeriod, refuse, Text{Ja: "出生（" + m.BirthDate.ja() + "）により妊娠中の事由は終了しています。育児の事由で申請してください。",
				En: "The pregnancy ended with the birth (" + m.BirthDate.en() + "); apply for childcare instead."})
		case m.BirthDate.IsZero() && c.d.After(m.ExpectedDate):
			c.breach(RuleFamilyPeriod, refuse, Text{Ja: "出産予定日（" + m.ExpectedDate.ja() + "）を過ぎています。出生を登録し、育児の事由で申請してください。",
				En: "Past the expected date of birth (" + m.ExpectedDate.en() + "); record the birth and apply for childcare."})
		default:
			c.pass(RuleFamilyPeriod, msg("妊娠中の期間の日です。", "Within the pregnancy."))
		}
	case "care":
		switch {
		case m == nil || m.CareFrom.IsZero():
			c.breach(RuleFamilyPeriod, refuse, msg("介護を要する期間が登録されていません。", "No period of care is recorded."))
		case c.d.Before(m.CareFrom) || (!m.CareTo.IsZero() && c.d.After(m.CareTo)):
			to := Text{Ja: "", En: "open"}
			if !m.CareTo.IsZero() {
				to = Text{Ja: m.CareTo.ja(), En: m.CareTo.en()}
			}
			c.breach(RuleFamilyPeriod, refuse, Text{Ja: "介護を要する期間（" + m.CareFrom.ja() + "〜" + to.Ja + "）の外の日です。",
				En: "Outside the period of care (" + m.CareFrom.en() + " to " + to.En + ")."})
		default:
			c.pass(RuleFamilyPeriod, msg("介護を要する期間の日です。", "Within the period of care."))
		}
	}
}

// pool counts the people using the request's pool on the date; past the
// cap the date goes to the allocation step rather than first come, first
// served.
func (c *check) pool() {
	if c.f.Pool == "" {
		return
	}
	i := slices.IndexFunc(c.p.doc.Pools, func(p Pool) bool { return p.ID == c.f.Pool })
	if i < 0 {
		c.breach(RulePool, refuse, msg("共用の資源「%s」はこの規程にありません。", "Pool %q is not in this policy.", c.f.Pool))
		return
	}
	pl := c.p.doc.Pools[i]
	used := 0
	for _, u := range c.f.PoolUse {
		if u.Pool == pl.ID && u.Date == c.d {
			used += u.Used
		}
	}
	t := Text{
		Ja: fmt.Sprintf("「%s」の利用はこの申請を含めて%d人です（1日%d人まで）。", pl.Name.Ja, used+1, pl.PerDay),
		En: fmt.Sprintf("%s: %d %s including this request (cap %d a day).", pl.Name.en(), used+1, plural(int64(used+1), "person", "people"), pl.PerDay),
	}
	if used+1 > pl.PerDay {
		c.flag(FlagPoolAllocation)
		c.breach(RulePool, Effect{Action: ActionRequireStep, Step: pl.Step}, t.join(msg("上限を超えるため、割当ての手順で決めます。", "Past the cap: the allocation step decides.")))
	} else {
		c.pass(RulePool, t)
	}
	c.results[len(c.results)-1].Count = &Count{Days: float64(used + 1), Limit: pl.PerDay}
}

// period checks what one application covers: its span and the fiscal year.
func (p *Policy) period(dates []Date) []Result {
	pr := p.doc.Periods
	if pr.MaxDays == nil && !pr.WithinFiscalYear {
		return nil
	}
	first, last := dates[0], dates[len(dates)-1]
	span := last.Sub(first) + 1
	r := Result{Rule: RulePeriod, Outcome: Pass}
	switch {
	case pr.MaxDays != nil && span > *pr.MaxDays:
		r.Outcome, r.Effect = Fail, ActionRefuse
		r.Message = msg("1回の申請の期間は%d日までです（この申請は%d日）。", "One application may span at most %d days (this one spans %d).", *pr.MaxDays, span)
	case pr.WithinFiscalYear && first.FiscalYearStart() != last.FiscalYearStart():
		r.Outcome, r.Effect = Fail, ActionRefuse
		r.Message = msg("1回の申請は年度末（3月31日）をまたげません。年度ごとに申請してください。", "One application may not cross the end of the fiscal year (31 March); apply per year.")
	default:
		r.Message = msg("申請の期間（%d日）は認められています。", "The application's span (%d days) is allowed.", span)
	}
	return []Result{r}
}
