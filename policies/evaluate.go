package policies

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxDates bounds the dates of one request (a year of telework).
const MaxDates = 366

// Evaluate decides a request under one policy version. A date before the
// version's effective_from is refused: a version does not speak before it
// takes effect. To decide across versions, use EvaluateRequest with a Set.
func Evaluate(p *Policy, f Facts) Decision {
	if p == nil || p.node == nil {
		return EvaluateRequest(nil, f)
	}
	return EvaluateRequest(&Set{versions: []*Policy{p}}, f)
}

// EvaluateRequest decides a request date by date, each date under the
// version of the policy in force on it, and computes the approval route.
// Dates are decided in calendar order; a date counts toward the limits of the
// later dates unless it was refused. The result depends only on the
// arguments: no clock, no randomness, no shared state.
func EvaluateRequest(s *Set, f Facts) Decision {
	var dec Decision
	dates, res := requestDates(f.Dates)
	dec.Results = append(dec.Results, res)
	if len(dates) > 0 {
		if p := s.InForce(dates[0]); p != nil {
			dec.Results = append(dec.Results, p.period(dates)...)
		}
	}
	e := &evaluation{f: &f, dates: len(dates)}
	var routes [][]RouteStep
	separate := false
	for _, d := range dates {
		p := s.InForce(d)
		if p == nil {
			m := Text{Ja: d.ja() + "に効力のある規程の版がありません。", En: "No version of the policy is in force on " + d.en() + "."}
			var ref PolicyRef
			if ended := s.endedBefore(d); ended != nil {
				// The version that ended names itself, so HR sees which one to follow up.
				ref = ended.Ref()
				m = Text{
					Ja: "規程の版「" + ended.Version() + "」は" + ended.EffectiveTo().ja() + "で終了し、" + d.ja() + "に効力のある版がありません。",
					En: "Version " + ended.Version() + " ended on " + ended.EffectiveTo().en() + "; no version is in force on " + d.en() + ".",
				}
			}
			dec.Dates = append(dec.Dates, DateDecision{Date: d, Policy: ref, Results: []Result{{
				Rule: RulePolicyInForce, Date: d, Outcome: Fail, Effect: ActionRefuse, Message: m,
			}}})
			continue
		}
		separate = separate || !p.doc.Approval.SameApproverOnce
		dd, route := e.decide(p, d)
		dec.Dates = append(dec.Dates, dd)
		routes = append(routes, route)
		if !dd.Refused() {
			e.accepted = append(e.accepted, d)
		}
		if rr := p.reasons[f.Reason]; rr != nil && dec.Evidence.IsZero() {
			dec.Evidence = rr.r.Evidence
		}
	}
	dec.Route = mergeRoutes(routes)
	dec.Route.SeparateSameApprover = separate
	return dec
}

// requestDates sorts and de-duplicates the dates and reports on them.
func requestDates(in []Date) ([]Date, Result) {
	r := Result{Rule: RuleDates}
	switch {
	case len(in) == 0:
		r.Outcome, r.Effect = Fail, ActionRefuse
		r.Message = msg("日付が指定されていません。", "The request has no date.")
		return nil, r
	case len(in) > MaxDates:
		r.Outcome, r.Effect = Fail, ActionRefuse
		r.Message = msg("一度に申請できるのは%d日までです。", "A request can cover at most %d dates.", MaxDates)
		return nil, r
	}
	dates := slices.Clone(in)
	slices.SortFunc(dates, Date.Compare)
	dates = slices.Compact(dates)
	if dates[0].IsZero() {
		r.Outcome, r.Effect = Fail, ActionRefuse
		r.Message = msg("日付のない行があります。", "A date is missing.")
		return nil, r
	}
	r.Outcome = Pass
	r.Message = Text{Ja: fmt.Sprintf("%d日分の申請です。", len(dates)),
		En: fmt.Sprintf("The request covers %d %s.", len(dates), plural(int64(len(dates)), "date", "dates"))}
	return dates, r
}

// evaluation carries what the dates of one request share.
type evaluation struct {
	f        *Facts
	dates    int
	accepted []Date // earlier dates of the request that were not refused
}

// check collects the results for one date under one version.
type check struct {
	p       *Policy
	f       *Facts
	d       Date
	rr      *reasonRules
	known   bool // the reason is one of the policy's
	cal     *Calendar
	ticks   int64 // the request's amount on the date
	results []Result
	flags   []string
	// rec is the staff record in force on the date; scheme the request's
	// scheme (nil when the policy has none); dl the deadlines that apply;
	// emergency the declared emergency covering the date, if any.
	rec       StaffRecord
	scheme    *Scheme
	dl        deadlineRules
	emergency *EmergencyPeriod
}

func (e *evaluation) decide(p *Policy, d Date) (DateDecision, []RouteStep) {
	rr, known := p.reasons[e.f.Reason]
	if !known {
		rr = p.general
	}
	// Every rule reads the employee as they stand on the date: the unit
	// after a transfer, the employment type and rank of the staff record.
	f := *e.f
	var rec StaffRecord
	f.Employee, rec = e.f.Employee.on(d)
	c := &check{p: p, f: &f, d: d, rr: rr, known: known, cal: p.cal.With(e.f.Calendar),
		results: make([]Result, 0, 24), rec: rec}
	c.ticks = unitTicks(e.f.Unit, e.f.Minutes, p.ticksPerDay)
	c.findEmergency()
	c.chooseScheme()
	c.eligibility()
	c.record()
	c.schemeRules()
	c.reason()
	c.unit()
	c.overlap()
	c.calendar()
	c.windows()
	if known {
		c.family()
		c.commute()
		c.familyPeriod()
	}
	c.limits(e.accepted)
	c.deadline()
	c.pool()
	c.attendance()
	dd := DateDecision{Date: d, Policy: p.Ref(), Results: c.results, Flags: c.flags}
	if c.scheme != nil {
		dd.Scheme = c.scheme.ID
	}
	return dd, c.route(e.dates)
}

func (c *check) pass(rule string, m Text) {
	c.results = append(c.results, Result{Rule: rule, Date: c.d, Outcome: Pass, Message: m})
}

// breach records a broken rule with the effect the policy gives it.
func (c *check) breach(rule string, e Effect, m Text) {
	e = e.or(Effect{Action: ActionRefuse})
	c.results = append(c.results, Result{Rule: rule, Date: c.d, Outcome: e.outcome(), Effect: e.Action, Step: e.Step, Message: m})
}

func (c *check) flag(f string) {
	if !slices.Contains(c.flags, f) {
		c.flags = append(c.flags, f)
	}
}

// breachUnlessGranted records a broken rule, unless a department head's
// exception (所属長特認) covering the date lifts it.
func (c *check) breachUnlessGranted(rule string, e Effect, m Text) {
	if c.emergency != nil && slices.Contains(c.p.doc.Emergency.Waive, rule) {
		c.pass(rule, m.join(Text{
			Ja: "ただし、緊急時の期間（" + c.emergency.Name.Ja + "）中のため適用しません。",
			En: "Not applied during the emergency period (" + c.emergency.Name.en() + ").",
		}))
		c.flag(FlagEmergency)
		return
	}
	if g, ok := c.grant(rule); ok {
		c.pass(rule, m.join(Text{
			Ja: fmt.Sprintf("ただし、所属長特認（%s〜%s）により認められています。", g.From.ja(), g.To.ja()),
			En: fmt.Sprintf("Allowed by the department head's exception (%s to %s).", g.From.en(), g.To.en()),
		}))
		c.flag(FlagSpecialGrant)
		return
	}
	c.breach(rule, e, m)
}

// grant finds an exception that lifts the rule on the date.
func (c *check) grant(rule string) (Grant, bool) {
	sg := c.p.doc.Eligibility.SpecialGrants
	if !sg.Allowed || !slices.Contains(sg.Waivable, rule) {
		return Grant{}, false
	}
	// Of several grants, the earliest is named, whatever the facts' order.
	var found Grant
	ok := false
	for _, g := range c.f.Employee.Grants {
		switch {
		case g.From.IsZero() || g.To.IsZero() || g.To.Before(g.From):
		case c.d.Before(g.From) || c.d.After(g.To):
		case g.To.Sub(g.From)+1 > sg.MaxDays:
		case len(g.Rules) > 0 && !slices.Contains(g.Rules, rule):
		case ok && (found.From.Before(g.From) || found.From == g.From && !g.To.Before(found.To)):
		default:
			found, ok = g, true
		}
	}
	return found, ok
}

var refuse = Effect{Action: ActionRefuse}

func (c *check) eligibility() {
	el := c.p.doc.Eligibility
	emp := c.f.Employee
	if len(el.EmploymentTypes) > 0 {
		if slices.Contains(el.EmploymentTypes, emp.EmploymentType) {
			c.pass(RuleEmploymentType, msg("任用形態（%s）は在宅勤務の対象です。", "Employment type %s may telework.", emp.EmploymentType))
		} else {
			c.breachUnlessGranted(RuleEmploymentType, refuse, msg("任用形態（%s）は在宅勤務の対象ではありません。",
				"Employment type %q may not telework.", emp.EmploymentType))
		}
	}
	if len(el.ExcludedDepartments) > 0 || len(el.ExcludedDepartmentFlags) > 0 {
		if m, excluded := excludedUnit(emp.Units, el); excluded {
			c.breachUnlessGranted(RuleDepartment, refuse, m)
		} else {
			c.pass(RuleDepartment, msg("所属は在宅勤務の対象の部署です。", "The employee's unit may telework."))
		}
	}
	if el.RequireRemotePC {
		if emp.HasRemotePC {
			c.pass(RuleRemotePC, msg("庁内ネットワークに接続できる端末があります。", "The employee has a PC that reaches the internal network."))
		} else {
			c.breachUnlessGranted(RuleRemotePC, refuse, msg("庁内ネットワークに接続できる端末が貸与されていません。",
				"The employee has no PC that reaches the internal network."))
		}
	}
}

// excludedUnit explains why the employee's line is excluded, if it is.
func excludedUnit(units []OrgUnit, el Eligibility) (Text, bool) {
	for _, u := range units {
		if slices.Contains(el.ExcludedDepartments, u.ID) {
			return Text{Ja: "所属（" + u.label().Ja + "）は在宅勤務の対象外の部署です。", En: "Unit " + u.label().En + " is excluded from telework."}, true
		}
		for _, fl := range u.Flags {
			if slices.Contains(el.ExcludedDepartmentFlags, fl) {
				return Text{Ja: "所属（" + u.label().Ja + "）の業務（" + fl + "）は在宅勤務の対象外です。",
					En: "Work flagged " + fl + " (unit " + u.label().En + ") is excluded from telework."}, true
			}
		}
	}
	return Text{}, false
}

func (c *check) reason() {
	switch {
	case c.known:
		n := c.rr.r.Name
		c.pass(RuleReason, Text{Ja: "事由は「" + n.Ja + "」です。", En: "Reason: " + n.en() + "."})
	case c.f.Reason == "":
		c.breach(RuleReason, refuse, msg("事由が指定されていません。", "No reason was given."))
	default:
		c.breach(RuleReason, refuse, msg("事由「%s」はこの規程にありません。", "Reason %q is not in this policy.", c.f.Reason))
	}
}

func unitLabel(u Unit) Text {
	if l, ok := unitLabels[u]; ok {
		return l
	}
	return Text{Ja: string(u), En: string(u)}
}

func (c *check) unit() {
	u := c.f.Unit
	l := unitLabel(u)
	if !slices.Contains(c.rr.units, u) {
		allowed := make([]string, len(c.rr.units))
		allowedEn := make([]string, len(c.rr.units))
		for i, a := range c.rr.units {
			allowed[i], allowedEn[i] = unitLabel(a).Ja, unitLabel(a).En
		}
		c.breach(RuleUnit, refuse, Text{
			Ja: "単位（" + l.Ja + "）はこの事由では認められていません（認める単位: " + strings.Join(allowed, "・") + "）。",
			En: "The unit (" + l.En + ") is not allowed for this reason (allowed: " + strings.Join(allowedEn, ", ") + ").",
		})
		return
	}
	if u == UnitHours {
		std := Duration(c.p.ticksPerDay / 2 * int64(time.Minute))
		step := Duration(int64(c.p.stepMinutes) * int64(time.Minute))
		switch {
		case c.f.Minutes <= 0 || int64(c.f.Minutes)*2 >= c.p.ticksPerDay:
			c.breach(RuleUnit, refuse, msg("時間数は1日の標準勤務時間（%s）未満で指定してください。",
				"Hours must be more than zero and less than the standard day (%s).", std))
			return
		case c.p.stepMinutes > 0 && c.f.Minutes%c.p.stepMinutes != 0:
			c.breach(RuleUnit, refuse, msg("時間数は%s単位で指定してください。", "Hours must be in steps of %s.", step))
			return
		}
		h := Duration(int64(c.f.Minutes) * int64(time.Minute))
		c.pass(RuleUnit, msg("時間単位（%s）の在宅勤務です。", "Hourly telework (%s).", h))
		return
	}
	c.pass(RuleUnit, Text{Ja: "単位（" + l.Ja + "）は認められています。", En: "The unit (" + l.En + ") is allowed."})
}

// unitTicks converts a unit to ticks: a full day is ticksPerDay (twice the
// standard day in minutes), so half days and minutes are exact integers.
func unitTicks(u Unit, minutes int, perDay int64) int64 {
	switch u {
	case UnitAM, UnitPM:
		return perDay / 2
	case UnitHours:
		return min(max(int64(minutes)*2, 0), perDay)
	}
	return perDay // full, or unknown: count the most
}

func unitRank(u Unit) int {
	if i := slices.Index(unitNames, string(u)); i >= 0 {
		return i
	}
	return len(unitNames)
}

func (c *check) overlap() {
	var have []Unit
	var sum int64
	for _, x := range c.f.Existing {
		if x.Date == c.d {
			have = append(have, x.Unit)
			sum += unitTicks(x.Unit, x.Minutes, c.p.ticksPerDay)
		}
	}
	clash := sum+c.ticks > c.p.ticksPerDay
	for _, h := range have {
		if h == UnitFull || c.f.Unit == UnitFull || (h == c.f.Unit && h != UnitHours) {
			clash = true
		}
	}
	if !clash {
		c.pass(RuleOverlap, msg("この日の他の在宅勤務と重なりません。", "No clash with other telework on this day."))
		return
	}
	// Name the units in a fixed order, whatever the order of the facts.
	slices.SortFunc(have, func(a, b Unit) int {
		if d := unitRank(a) - unitRank(b); d != 0 {
			return d
		}
		return strings.Compare(string(a), string(b))
	})
	labels, labelsEn := make([]string, len(have)), make([]string, len(have))
	for i, h := range have {
		labels[i], labelsEn[i] = unitLabel(h).Ja, unitLabel(h).En
	}
	c.breach(RuleOverlap, refuse, Text{
		Ja: "この日はすでに在宅勤務（" + strings.Join(labels, "・") + "）があります。",
		En: "The employee already has telework on this day (" + strings.Join(labelsEn, ", ") + ").",
	})
}

func (c *check) calendar() {
	if why, closed := c.cal.Closure(c.d); closed {
		c.breach(RuleOfficeDay, refuse, Text{
			Ja: c.d.ja() + "は閉庁日（" + why.Ja + "）です。",
			En: c.d.en() + " is not an office day (" + why.en() + ").",
		})
	} else {
		c.pass(RuleOfficeDay, Text{Ja: c.d.ja() + "は開庁日です。", En: c.d.en() + " is an office day."})
	}
	bs := c.cal.Blackouts(c.d, c.f.Employee.Units)
	for _, b := range bs {
		c.breachUnlessGranted(RuleBlackout, b.Effect.or(refuse), Text{
			Ja: b.From.ja() + "〜" + b.To.ja() + "は「" + b.Name.Ja + "」の期間のため、在宅勤務ができません。",
			En: b.From.en() + " to " + b.To.en() + " is a blackout period (" + b.Name.en() + ").",
		})
	}
	if len(bs) == 0 && (len(c.p.doc.Calendar.Blackouts) > 0 || len(c.f.Calendar.Blackouts) > 0) {
		c.pass(RuleBlackout, msg("在宅勤務ができない期間にあたりません。", "Not in a blackout period."))
	}
}
