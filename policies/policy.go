package policies

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// Policy is a parsed, validated and compiled version of a telework policy.
// Only Parse makes one, so every Policy can be evaluated; it is immutable and
// safe for concurrent use.
type Policy struct {
	doc         Document
	source      []byte
	node        *yaml.Node
	loc         *time.Location
	cal         *Calendar
	ticksPerDay int64
	stepMinutes int
	units       []Unit
	reasons     map[string]*reasonRules
	general     *reasonRules // the organisation-wide settings, for an unknown reason
	unions      Unions
	family      familyRules
}

type reasonRules struct {
	r          *Reason
	units      []Unit
	relations  []Relation
	childLimit ChildLimit
	limits     []limitSetting
	deadlines  deadlineRules
	// ownDeadlines are the reason's own keys, laid over a scheme's.
	ownDeadlines *Deadlines
}

type limitSetting struct {
	rule   string
	base   string // the organisation-level rule (rule without a prefix)
	set    bool
	n      int
	effect Effect
}

type deadlineRules struct {
	before      int
	time        *Clock
	late, after Effect
	afterWithin int
	calendar    *int
	monthly     *MonthlyDeadline
	notice      bool
}

type familyRules struct {
	named                []Relation
	maxBlood, maxAff     int
	cohabitationRequired bool
	cohabitationBy       []cohabitationRule
	certificate          bool
}

type cohabitationRule struct {
	rel      Relation
	required bool
}

// compile derives the evaluation tables from a validated document.
func compile(doc Document, source []byte, node *yaml.Node) *Policy {
	p := &Policy{doc: doc, source: slices.Clone(source), node: node}
	p.loc, _ = loadLocation(doc.Timezone)
	if p.loc == nil {
		p.loc = time.FixedZone("JST", 9*60*60)
	}
	p.cal = newCalendar(doc.Calendar)
	p.ticksPerDay = int64(2 * doc.Units.StandardDay.Minutes())
	p.stepMinutes = doc.Units.HourStep.Minutes()
	p.units = toUnits(doc.Units.Allowed)
	p.unions = Unions{Partnership: doc.Family.PartnershipAsSpouse, CommonLaw: doc.Family.CommonLawAsSpouse}

	f := doc.Family
	p.family = familyRules{
		cohabitationRequired: f.CohabitationRequired,
		certificate:          f.PartnershipRequiresCertificate,
		named:                toRelations(f.Relations),
	}
	if f.MaxDegree.Blood != nil {
		p.family.maxBlood = *f.MaxDegree.Blood
	}
	if f.MaxDegree.Affinity != nil {
		p.family.maxAff = *f.MaxDegree.Affinity
	}
	if len(p.family.named) == 0 && p.family.maxBlood == 0 && p.family.maxAff == 0 {
		// A policy silent on family means the Civil Code's relatives (親族).
		p.family.maxBlood, p.family.maxAff = 6, 3
	}
	names := make([]string, 0, len(f.CohabitationByRelation))
	for name := range f.CohabitationByRelation {
		names = append(names, name)
	}
	sort.Strings(names) // map order is random; decisions must not be
	for _, name := range names {
		r, _ := relationByName(name)
		p.family.cohabitationBy = append(p.family.cohabitationBy, cohabitationRule{r, f.CohabitationByRelation[name]})
	}

	p.general = p.compileReason(nil)
	p.reasons = make(map[string]*reasonRules, len(doc.Reasons))
	for i := range doc.Reasons {
		p.reasons[doc.Reasons[i].ID] = p.compileReason(&p.doc.Reasons[i])
	}
	return p
}

func (p *Policy) compileReason(r *Reason) *reasonRules {
	rr := &reasonRules{r: r, units: p.units, childLimit: ChildLimitNone}
	var own *Limits
	var ownD *Deadlines
	if r != nil {
		if len(r.Units) > 0 {
			rr.units = toUnits(r.Units)
		}
		rr.relations = toRelations(r.Relations)
		rr.childLimit = ChildLimit(r.ChildLimit)
		own, ownD = r.Limits, r.Deadlines
	}
	rr.limits = limitSettings(p.doc.Limits, own, "")
	rr.ownDeadlines = ownD
	rr.deadlines = compileDeadlines(mergeDeadlines(p.doc.Deadlines, ownD))
	return rr
}

// limitSettings compiles a set of limits: own's keys over g's. A reason's
// own setting wins; its general effect wins over the organisation's
// per-limit effect, which wins over the general one.
func limitSettings(g Limits, own *Limits, prefix string) []limitSetting {
	lim := func(rule string, value func(*Limits) *int, effect func(*Limits) Effect) limitSetting {
		v, e := value(&g), effect(&g).or(g.Effect)
		if own != nil {
			if rv := value(own); rv != nil {
				v = rv
			}
			e = effect(own).or(own.Effect).or(e)
		}
		s := limitSetting{rule: prefix + rule, base: rule, effect: e.or(Effect{Action: ActionRefuse})}
		if v != nil {
			s.set, s.n = true, *v
		}
		return s
	}
	return []limitSetting{
		lim(RulePerWeek, func(l *Limits) *int { return l.PerWeek }, func(l *Limits) Effect { return l.Effects.PerWeek }),
		lim(RulePerMonth, func(l *Limits) *int { return l.PerMonth }, func(l *Limits) Effect { return l.Effects.PerMonth }),
		lim(RulePerFiscalYear, func(l *Limits) *int { return l.PerFiscalYear }, func(l *Limits) Effect { return l.Effects.PerFiscalYear }),
		lim(RuleMinOfficeDays, func(l *Limits) *int { return l.MinOfficeDaysPerWeek }, func(l *Limits) Effect { return l.Effects.MinOfficeDaysPerWeek }),
		lim(RuleMaxConsecutive, func(l *Limits) *int { return l.MaxConsecutive }, func(l *Limits) Effect { return l.Effects.MaxConsecutive }),
		lim(RuleShare, func(l *Limits) *int { return l.SharePercent }, func(l *Limits) Effect { return l.Effects.SharePercent }),
		lim(RulePerMonthHrs, func(l *Limits) *int { return l.PerMonthHours }, func(l *Limits) Effect { return l.Effects.PerMonthHours }),
	}
}

// mergeDeadlines returns d with each key own sets replacing d's.
func mergeDeadlines(d Deadlines, own *Deadlines) Deadlines {
	if own == nil {
		return d
	}
	if own.OfficeDaysBefore != nil {
		d.OfficeDaysBefore = own.OfficeDaysBefore
	}
	if own.Time != nil {
		d.Time = own.Time
	}
	d.Late = own.Late.or(d.Late)
	d.AfterTheFact = own.AfterTheFact.or(d.AfterTheFact)
	if own.AfterTheFactWithin != nil {
		d.AfterTheFactWithin = own.AfterTheFactWithin
	}
	if own.CalendarDaysBefore != nil {
		d.CalendarDaysBefore = own.CalendarDaysBefore
	}
	if own.Monthly != nil {
		d.Monthly = own.Monthly
	}
	if own.LateRequiresNotice != nil {
		d.LateRequiresNotice = own.LateRequiresNotice
	}
	return d
}

func compileDeadlines(d Deadlines) deadlineRules {
	out := deadlineRules{
		time:     d.Time,
		late:     d.Late.or(Effect{Action: ActionRefuse}),
		after:    d.AfterTheFact.or(Effect{Action: ActionRefuse}),
		calendar: d.CalendarDaysBefore,
		monthly:  d.Monthly,
		notice:   d.LateRequiresNotice != nil && *d.LateRequiresNotice,
	}
	if d.OfficeDaysBefore != nil {
		out.before = *d.OfficeDaysBefore
	}
	if d.AfterTheFactWithin != nil {
		out.afterWithin = *d.AfterTheFactWithin
	}
	return out
}

func toUnits(names []string) []Unit {
	out := make([]Unit, len(names))
	for i, n := range names {
		out[i] = Unit(n)
	}
	return out
}

func toRelations(names []string) []Relation {
	var out []Relation
	for _, n := range names {
		if r, ok := relationByName(n); ok {
			out = append(out, r)
		}
	}
	return out
}

// ID returns the policy's id (the same in every version).
func (p *Policy) ID() string { return p.doc.ID }

// Version returns the version label.
func (p *Policy) Version() string { return p.doc.Version }

// EffectiveFrom returns the first day the version is in force.
func (p *Policy) EffectiveFrom() Date { return p.doc.EffectiveFrom }

// EffectiveTo returns the last day the version is in force (zero: open).
func (p *Policy) EffectiveTo() Date { return p.doc.EffectiveTo }

// Title returns the policy's title.
func (p *Policy) Title() Text { return p.doc.Title }

// Ref names this version, as recorded in decisions.
func (p *Policy) Ref() PolicyRef {
	return PolicyRef{ID: p.doc.ID, Version: p.doc.Version, EffectiveFrom: p.doc.EffectiveFrom}
}

// Source returns the document exactly as given to Parse, for storing.
func (p *Policy) Source() []byte { return slices.Clone(p.source) }

// SatelliteNeedsRequest tells whether work at a satellite office needs an
// approved telework request (eligibility.satellite_needs_request).
func (p *Policy) SatelliteNeedsRequest() bool { return p.doc.Eligibility.SatelliteNeedsRequest }

// Document returns a copy of the document with every default filled in:
// what the policy actually says.
func (p *Policy) Document() Document {
	var d Document
	_ = p.node.Decode(&d) // decoded once already in Parse
	return d
}

// Location returns the organisation's time zone.
func (p *Policy) Location() *time.Location { return p.loc }

// Calendar returns the office calendar.
func (p *Policy) Calendar() *Calendar { return p.cal }

// Reason returns a copy of the reason with the id, as written (with defaults).
func (p *Policy) Reason(id string) (Reason, bool) {
	if _, ok := p.reasons[id]; !ok {
		return Reason{}, false
	}
	for _, r := range p.Document().Reasons { // a fresh copy: the policy stays immutable
		if r.ID == id {
			return r, true
		}
	}
	return Reason{}, false
}

// ReasonName is the name of the reason with the id, without the copy of
// the whole reason Reason makes (every request shown names its reason).
func (p *Policy) ReasonName(id string) (Text, bool) {
	rr, ok := p.reasons[id]
	if !ok {
		return Text{}, false
	}
	return rr.r.Name, true
}

// Set is every version of one policy; each date is decided under the version
// in force on it (the latest whose effective_from is not after the date).
type Set struct {
	versions []*Policy // by effective_from
	// draft: the one version decides every date, whatever its effective
	// date (a draft simulated before it is published).
	draft bool
}

// Draft is a set in which p decides every date: what a draft would decide,
// simulated before it is given an effective date.
func Draft(p *Policy) *Set { return &Set{versions: []*Policy{p}, draft: true} }

// NewSet gathers the versions of an organisation's policy. They differ in
// effective_from and version label; their ids may differ (a municipality
// that rewrites its 要綱 may give the new one a new id), since a version
// stays in force until the next one's effective date whatever it is called.
func NewSet(versions ...*Policy) (*Set, error) {
	s := &Set{}
	for i, p := range versions {
		if p == nil || p.node == nil {
			return nil, fmt.Errorf("policies: version %d is not a parsed policy", i)
		}
		for _, q := range s.versions {
			if q.EffectiveFrom() == p.EffectiveFrom() {
				return nil, fmt.Errorf("policies: versions %q and %q both take effect on %s", q.Version(), p.Version(), p.EffectiveFrom())
			}
			if q.Version() == p.Version() {
				return nil, fmt.Errorf("policies: version label %q used twice", p.Version())
			}
		}
		s.versions = append(s.versions, p)
	}
	slices.SortFunc(s.versions, func(a, b *Policy) int { return a.EffectiveFrom().Compare(b.EffectiveFrom()) })
	return s, nil
}

// InForce returns the version in force on d, or nil before the first one.
func (s *Set) InForce(d Date) *Policy {
	if s == nil {
		return nil
	}
	if s.draft {
		return s.versions[0]
	}
	for i := len(s.versions) - 1; i >= 0; i-- {
		if !s.versions[i].EffectiveFrom().After(d) {
			if to := s.versions[i].doc.EffectiveTo; !to.IsZero() && d.After(to) {
				return nil // the version has ended and no later one is stored
			}
			return s.versions[i]
		}
	}
	return nil
}

// endedBefore returns the version that would be in force on d but ended
// before it (effective_to), if that is why nothing is.
func (s *Set) endedBefore(d Date) *Policy {
	if s == nil || s.draft {
		return nil
	}
	for i := len(s.versions) - 1; i >= 0; i-- {
		if !s.versions[i].EffectiveFrom().After(d) {
			if to := s.versions[i].doc.EffectiveTo; !to.IsZero() && d.After(to) {
				return s.versions[i]
			}
			return nil
		}
	}
	return nil
}

// Versions returns the versions by effective date.
func (s *Set) Versions() []*Policy { return slices.Clone(s.versions) }

//go:embed default_policy.yaml
var defaultDocument []byte

var (
	effectiveLine = regexp.MustCompile(`(?m)^effective_from: .*$`)
	versionLine   = regexp.MustCompile(`(?m)^version: .*$`)
)

// Template returns the default policy document as an organisation's own
// version: taking effect on from, under the given label. The set-up stores
// it as the organisation's first version, so that a later release's default
// never changes decisions already taken.
func Template(from Date, version string) []byte {
	doc := effectiveLine.ReplaceAll(defaultDocument, []byte("effective_from: "+from.String()))
	return versionLine.ReplaceAll(doc, []byte("version: "+strconv.Quote(version)))
}

// DefaultDocument returns the default policy document shipped with
// kinmuchi (a starting point for a municipality and the demo's policy).
func DefaultDocument() []byte { return slices.Clone(defaultDocument) }

var defaultPolicy = sync.OnceValue(func() *Policy {
	p, err := Parse(defaultDocument)
	if err != nil {
		panic("policies: the embedded default policy is invalid: " + err.Error())
	}
	return p
})

// Default returns the parsed default policy (shared; a Policy is immutable).
func Default() *Policy { return defaultPolicy() }
