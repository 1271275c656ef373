package policies

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"pgregory.net/rapid"
)

// Property tests: generated policies and facts must never make the engine
// panic, decisions must be well-formed and deterministic, and kinship
// degrees must agree with a slow count over an explicit family graph.

func genDate(lo, hi int) *rapid.Generator[Date] {
	return rapid.Custom(func(t *rapid.T) Date {
		base := NewDate(lo, time.January, 1)
		span := NewDate(hi+1, time.January, 1).Sub(base)
		return base.AddDays(rapid.IntRange(0, span-1).Draw(t, "day"))
	})
}

func subset[S ~[]E, E any](t *rapid.T, label string, from S) S {
	return rapid.SliceOfN(rapid.SampledFrom(from), 0, len(from)).Draw(t, label)
}

// docGen draws document values: valid ones, and in a "wild" document also
// invalid ones, so that Parse sees both and some documents get through.
type docGen struct {
	t    *rapid.T
	wild bool
}

func pick[E any](g docGen, label string, valid []E, invalid ...E) E {
	if g.wild {
		valid = append(slices.Clone(valid), invalid...)
	}
	return rapid.SampledFrom(valid).Draw(g.t, label)
}

func pickSome[E any](g docGen, label string, valid []E, invalid ...E) []E {
	if g.wild {
		valid = append(slices.Clone(valid), invalid...)
	}
	return rapid.SliceOfN(rapid.SampledFrom(valid), 0, len(valid)).Draw(g.t, label)
}

func (g docGen) intIn(label string, lo, hi int) int {
	if g.wild {
		lo, hi = lo-2, hi+2
	}
	return rapid.IntRange(lo, hi).Draw(g.t, label)
}

func (g docGen) maybeInt(label string, lo, hi int) *int {
	if !rapid.Bool().Draw(g.t, label+"?") {
		return nil
	}
	v := g.intIn(label, lo, hi)
	return &v
}

func (g docGen) effect(label string, optional bool) Effect {
	valid := []Effect{{Action: ActionRefuse}, {Action: ActionWarn}, {Action: ActionRequireStep, Step: "head"}}
	if optional {
		valid = append(valid, Effect{})
	}
	return pick(g, label, valid, Effect{Action: ActionRequireStep, Step: "nowhere"})
}

func (g docGen) text(label string) Text {
	return pick(g, label, []Text{{Ja: "育児", En: "Childcare"}, {Ja: "一般"}}, Text{}, Text{En: "only English"})
}

func (g docGen) limits(label string, optional bool) *Limits {
	if optional && !rapid.Bool().Draw(g.t, label) {
		return nil
	}
	return &Limits{
		PerWeek:              g.maybeInt(label+".per_week", 0, 7),
		PerMonth:             g.maybeInt(label+".per_month", 0, 31),
		PerFiscalYear:        g.maybeInt(label+".per_fy", 0, 366),
		MinOfficeDaysPerWeek: g.maybeInt(label+".min_office", 0, 7),
		MaxConsecutive:       g.maybeInt(label+".consecutive", 1, 10),
		Effect:               g.effect(label+".effect", optional),
		Effects: LimitEffects{PerWeek: g.effect(label+".e1", true), PerFiscalYear: g.effect(label+".e2", true),
			MaxConsecutive: g.effect(label+".e3", true)},
	}
}

func (g docGen) deadlines(label string, optional bool) *Deadlines {
	if optional && !rapid.Bool().Draw(g.t, label) {
		return nil
	}
	var clock *Clock
	if rapid.Bool().Draw(g.t, label+".has_time") {
		c := Clock(rapid.IntRange(0, 24*60-1).Draw(g.t, label+".time"))
		clock = &c
	}
	return &Deadlines{
		OfficeDaysBefore:   g.maybeInt(label+".before", 0, 30),
		Time:               clock,
		Late:               g.effect(label+".late", optional),
		AfterTheFact:       g.effect(label+".after", optional),
		AfterTheFactWithin: g.maybeInt(label+".within", 0, 5),
	}
}

var testUnits = []OrgUnit{{ID: "somu", Level: "bu"}, {ID: "jinji", Level: "ka", Flags: []string{"personal_info"}}, {ID: "shimin", Level: "ka", Flags: []string{"counter"}}}

func genDocument(t *rapid.T) Document {
	g := docGen{t: t, wild: rapid.IntRange(0, 3).Draw(t, "wild") == 0}
	reasonIDs := []string{"general", "childcare", "care", "disaster"}
	var reasons []Reason
	for i, n := 0, g.intIn("reasons", 1, 4); i < n; i++ {
		r := Reason{
			ID:           pick(g, "reason.id", reasonIDs[i%4:i%4+1], "Bad Id", "general"),
			Name:         g.text("reason.name"),
			FamilyMember: pick(g, "reason.family", []string{"required", "optional", "none"}, "", "maybe"),
			Relations:    pickSome(g, "reason.relations", relationNames(), "cousin_in_law"),
			ChildLimit:   pick(g, "reason.child_limit", childLimitNames(), ""),
			LimitsApply:  rapid.Bool().Draw(t, "reason.limits_apply"),
			Units:        pickSome(g, "reason.units", unitNames, "night"),
			Limits:       g.limits("reason.limits", true),
			Deadlines:    g.deadlines("reason.deadlines", true),
		}
		if rapid.Bool().Draw(t, "reason.has_care") {
			r.Care = &Care{MinLevel: g.intIn("care.level", 1, 5), MinNeedDays: g.intIn("care.days", 1, 30)}
		}
		reasons = append(reasons, r)
	}
	steps := []ApprovalStep{{Name: "head", Approvers: []string{"department_head"}, Mode: "any_of"}}
	for i, n := 0, g.intIn("steps", 0, 3); i < n; i++ {
		s := ApprovalStep{
			Name:      pick(g, "step.name", []string{"supervisor", "security", "hr"}[i%3:i%3+1], "head", "Bad"),
			Approvers: append(pickSome(g, "step.approvers", []string{"supervisor", "department_head", "hr", "head:bu", "officer:security"}, "mayor"), "hr"),
			Mode:      pick(g, "step.mode", []string{"any_of", "all_of"}, ""),
			OnDemand:  rapid.Bool().Draw(t, "step.on_demand"),
		}
		if rapid.Bool().Draw(t, "step.has_when") {
			s.When = &Condition{
				Reasons:         pickSome(g, "when.reasons", reasonIDs[:1], "holiday"),
				Units:           pickSome(g, "when.units", unitNames),
				DepartmentFlags: pickSome(g, "when.flags", []string{"personal_info", "counter"}),
				Flags:           pickSome(g, "when.decision_flags", flagNames(), "late"),
				MinDates:        g.intIn("when.min_dates", 1, 3),
			}
		}
		steps = append(steps, s)
	}
	var bands []Band
	for i, n := 0, g.intIn("bands", 0, 2); i < n; i++ {
		b := Band{
			Level:      pick(g, "band.level", []string{"ka", "bu", "kakari"}, ""),
			MinPercent: g.maybeInt("band.min", 0, 60),
			From:       pick(g, "band.from", []Date{{}, day("2024-01-01")}),
			Effect:     g.effect("band.effect", true),
		}
		if b.MinPercent == nil || rapid.Bool().Draw(t, "band.has_max") {
			b.MaxPercent = g.maybeInt("band.max", 60, 100)
		}
		bands = append(bands, b)
	}
	var blackouts []Blackout
	if rapid.Bool().Draw(t, "has_blackout") {
		from := genDate(2023, 2026).Draw(t, "blackout.from")
		blackouts = append(blackouts, Blackout{Name: g.text("blackout.name"), From: from,
			To: from.AddDays(g.intIn("blackout.len", 0, 40)), DepartmentFlags: pickSome(g, "blackout.flags", []string{"counter"}),
			Effect: g.effect("blackout.effect", true)})
	}
	minutes := func(label string, valid []int, lo, hi int) Duration {
		m := pick(g, label, valid)
		if g.wild {
			m = rapid.IntRange(lo, hi).Draw(t, label+".wild")
		}
		return Duration(time.Duration(m) * time.Minute)
	}
	family := Family{
		Relations:                      pickSome(g, "family.relations", relationNames(), "cousin_in_law"),
		MaxDegree:                      MaxDegree{Blood: g.maybeInt("blood", 1, 6), Affinity: g.maybeInt("affinity", 1, 3)},
		CohabitationRequired:           rapid.Bool().Draw(t, "cohabitation"),
		PartnershipAsSpouse:            rapid.Bool().Draw(t, "partnership"),
		CommonLawAsSpouse:              rapid.Bool().Draw(t, "common_law"),
		PartnershipRequiresCertificate: rapid.Bool().Draw(t, "certificate"),
	}
	if rapid.Bool().Draw(t, "cohabitation_map") {
		family.CohabitationByRelation = map[string]bool{"parent": false, "child": rapid.Bool().Draw(t, "child_cohab")}
	}
	closed := rapid.SliceOfN(genDate(2023, 2026), 0, 3).Draw(t, "closed")
	var open []Date
	if g.wild && len(closed) > 0 {
		open = closed[:1]
	}
	return Document{
		ID:            pick(g, "id", []string{"city", "town-2"}, "Bad ID"),
		Version:       pick(g, "version", []string{"v1", "2026-04"}, ""),
		EffectiveFrom: pick(g, "effective_from", []Date{day("2020-04-01"), day("2024-04-01")}, Date{}),
		Timezone:      pick(g, "timezone", []string{"Asia/Tokyo", "UTC"}, "Mars/Base", ""),
		Calendar: CalendarRules{
			Weekend:          pickSome(g, "weekend", weekdayNames[4:], weekdayNames[:4]...),
			WeekStarts:       pick(g, "week_starts", []string{"monday", "sunday"}, "friday"),
			NationalHolidays: rapid.Bool().Draw(t, "holidays"),
			ClosingDays:      pickSome(g, "closing", []MonthDay{{12, 29}, {12, 31}, {1, 2}, {2, 29}, {8, 15}}),
			ClosedDates:      closed,
			OpenDates:        open,
			Blackouts:        blackouts,
		},
		Eligibility: Eligibility{
			EmploymentTypes:         pickSome(g, "employment_types", []string{"regular", "reappointed", "fiscal_year"}),
			ExcludedDepartmentFlags: pickSome(g, "excluded_flags", []string{"counter", "my_number"}),
			ExcludedDepartments:     pickSome(g, "excluded", []string{"shimin"}),
			RequireRemotePC:         rapid.Bool().Draw(t, "remote_pc"),
			SpecialGrants: SpecialGrants{Allowed: rapid.Bool().Draw(t, "grants"), Waivable: pickSome(g, "waivable", waivableRules, "limit.per_week"),
				MaxDays: g.intIn("max_days", 1, 366)},
		},
		Units: Units{Allowed: append(pickSome(g, "units", unitNames, "night"), "full"),
			StandardDay: minutes("standard_day", []int{465, 480, 420}, 0, 1500),
			HourStep:    minutes("hour_step", []int{60, 30, 15}, 0, 600)},
		Reasons:    reasons,
		Family:     family,
		Limits:     *g.limits("limits", false),
		Deadlines:  *g.deadlines("deadlines", false),
		Attendance: Attendance{ExcludeEssential: rapid.Bool().Draw(t, "exclude_essential"), Bands: bands},
		Approval:   Approval{Steps: steps},
		Retention:  Retention{PersonalDataYears: rapid.IntRange(-1, 31).Draw(t, "personal_data_years")},
	}
}

var genUnit = rapid.SampledFrom([]Unit{UnitFull, UnitAM, UnitPM, UnitHours, "night", ""})

func genFacts(t *rapid.T) Facts {
	dates := rapid.SliceOfN(genDate(2019, 2028), 0, 5).Draw(t, "dates")
	f := Facts{
		Employee: Employee{
			ID:             "e",
			EmploymentType: rapid.SampledFrom([]string{"regular", "fiscal_year", ""}).Draw(t, "employment_type"),
			HasRemotePC:    rapid.Bool().Draw(t, "has_pc"),
			Units:          []OrgUnit{testUnits[0], testUnits[rapid.IntRange(1, 2).Draw(t, "unit")]},
			Essential:      rapid.Bool().Draw(t, "essential"),
		},
		Reason:    rapid.SampledFrom([]string{"general", "childcare", "care", "disaster", "unknown", ""}).Draw(t, "reason"),
		Unit:      genUnit.Draw(t, "unit"),
		Minutes:   rapid.IntRange(-60, 600).Draw(t, "minutes"),
		Dates:     dates,
		AppliedAt: genDate(2019, 2028).Draw(t, "applied").In(time.UTC).Add(time.Duration(rapid.IntRange(0, 24*60).Draw(t, "minute")) * time.Minute),
	}
	if rapid.Bool().Draw(t, "zero_applied") {
		f.AppliedAt = time.Time{}
	}
	for i, n := 0, rapid.IntRange(0, 2).Draw(t, "grants"); i < n; i++ {
		from := genDate(2019, 2028).Draw(t, "grant.from")
		f.Employee.Grants = append(f.Employee.Grants, Grant{From: from, To: from.AddDays(rapid.IntRange(-5, 400).Draw(t, "grant.len")),
			Rules: subset(t, "grant.rules", waivableRules)})
	}
	if rapid.Bool().Draw(t, "has_family") {
		m := &FamilyMember{
			Relation:               rapid.SampledFrom(append(relationNames(), "nobody", "")).Draw(t, "relation"),
			BirthDate:              rapid.SampledFrom([]Date{{}, day("2014-04-01"), day("2014-04-02"), day("2023-01-01"), day("2030-01-01")}).Draw(t, "birth"),
			Cohabiting:             rapid.Bool().Draw(t, "cohabiting"),
			CareLevel:              rapid.IntRange(0, 5).Draw(t, "care_level"),
			NeedDays:               rapid.IntRange(0, 30).Draw(t, "need_days"),
			PartnershipCertificate: rapid.Bool().Draw(t, "cert"),
		}
		if rapid.Bool().Draw(t, "as_path") {
			m.Path = rapid.SliceOfN(rapid.SampledFrom([]Step{StepParent, StepChild, StepSpouse, StepPartner, StepCommonLaw, "cousin"}), 0, 5).Draw(t, "path")
		}
		f.Family = m
	}
	for i, n := 0, rapid.IntRange(0, 25).Draw(t, "existing"); i < n; i++ {
		near := genDate(2019, 2028).Draw(t, "existing.date")
		if len(dates) > 0 && rapid.Bool().Draw(t, "existing.near") {
			near = dates[0].AddDays(rapid.IntRange(-10, 10).Draw(t, "existing.offset"))
		}
		f.Existing = append(f.Existing, Day{Date: near, Unit: genUnit.Draw(t, "existing.unit"),
			Minutes: rapid.IntRange(0, 600).Draw(t, "existing.minutes"), Reason: rapid.SampledFrom([]string{"", "disaster", "general"}).Draw(t, "existing.reason")})
	}
	for _, d := range dates {
		if rapid.Bool().Draw(t, "staffed") {
			f.Staffing = append(f.Staffing, Staffing{Date: d, Unit: f.Employee.Units[1].ID,
				Members: rapid.IntRange(0, 30).Draw(t, "members"), OnLeave: rapid.IntRange(0, 10).Draw(t, "on_leave"),
				Essential: rapid.IntRange(0, 5).Draw(t, "essential"), Away: rapid.IntRange(0, 30).Draw(t, "away")})
		}
	}
	if rapid.Bool().Draw(t, "extras") && len(dates) > 0 {
		f.Calendar = CalendarExtras{Closed: []Date{dates[0]}, Blackouts: []Blackout{{Name: Text{Ja: "臨時"}, From: dates[0], To: dates[0]}}}
	}
	return f
}

// checkDecision asserts what every decision must satisfy.
func checkDecision(t *rapid.T, dec Decision, f Facts) {
	documented := map[string]bool{}
	for _, r := range ruleDocs {
		documented[r.ID] = true
	}
	for _, r := range dec.AllResults() {
		if !documented[r.Rule] {
			t.Fatalf("undocumented rule %q", r.Rule)
		}
		switch r.Outcome {
		case Pass:
			if r.Effect != "" {
				t.Fatalf("%s passes with an effect", r.Rule)
			}
		case Fail:
			if r.Effect != ActionRefuse {
				t.Fatalf("%s fails with effect %q", r.Rule, r.Effect)
			}
		case Warn:
			if r.Effect != ActionWarn && (r.Effect != ActionRequireStep || r.Step == "") {
				t.Fatalf("%s warns with effect %q/%q", r.Rule, r.Effect, r.Step)
			}
		default:
			t.Fatalf("%s: outcome %q", r.Rule, r.Outcome)
		}
		for _, m := range []string{r.Message.Ja, r.Message.En} {
			if m == "" || strings.Contains(m, "%!") {
				t.Fatalf("%s: bad message %q", r.Rule, m)
			}
		}
	}
	for i, dd := range dec.Dates {
		if i > 0 && !dec.Dates[i-1].Date.Before(dd.Date) {
			t.Fatalf("dates out of order")
		}
		if len(dd.Results) == 0 {
			t.Fatalf("%s has no result", dd.Date)
		}
	}
	for _, s := range dec.Route.Steps {
		if s.Name == "" || len(s.Approvers) == 0 || (s.Mode != AnyOf && s.Mode != AllOf) {
			t.Fatalf("bad route step %+v", s)
		}
	}
	for _, name := range dec.ExtraSteps() {
		if !slices.ContainsFunc(dec.Route.Steps, func(s RouteStep) bool { return s.Name == name }) {
			t.Fatalf("extra step %s not in the route", name)
		}
	}
	if _, err := json.Marshal(dec); err != nil {
		t.Fatal(err)
	}
}

func TestPropertyGeneratedPoliciesEvaluate(t *testing.T) {
	accepted := 0
	rapid.Check(t, func(t *rapid.T) {
		doc := genDocument(t)
		src, err := yaml.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(src)
		if err != nil {
			var pe *ParseError
			if !errorsAs(err, &pe) || len(pe.Errors) == 0 {
				t.Fatalf("Parse error of the wrong kind: %v", err)
			}
			return
		}
		accepted++
		f := genFacts(t)
		dec := Evaluate(p, f)
		checkDecision(t, dec, f)
		if again := Evaluate(p, f); !reflect.DeepEqual(dec, again) {
			t.Fatalf("evaluation is not deterministic")
		}
	})
	if accepted == 0 {
		t.Error("no generated policy was accepted; the generator is too wild")
	}
	t.Logf("%d generated policies accepted", accepted)
}

// The decision does not depend on the order of the facts' lists.
func TestPropertyDeterministic(t *testing.T) {
	policies := []*Policy{Default(), policyWith(t, `
limits: {per_week: 2, per_month: 6, per_fiscal_year: 40, min_office_days_per_week: 1, max_consecutive: 3, effects: {per_fiscal_year: 'require_step:hr'}}
attendance: {exclude_essential: true, bands: [{level: ka, min_percent: 40}, {level: bu, max_percent: 90}]}
family: {max_degree: {blood: 2, affinity: 1}, common_law_as_spouse: true, cohabitation_by_relation: {parent: false, child: true}}
`)}
	rapid.Check(t, func(t *rapid.T) {
		p := policies[rapid.IntRange(0, len(policies)-1).Draw(t, "policy")]
		f := genFacts(t)
		dec := Evaluate(p, f)
		checkDecision(t, dec, f)

		g := f
		g.Existing = rapid.Permutation(f.Existing).Draw(t, "existing")
		g.Staffing = rapid.Permutation(f.Staffing).Draw(t, "staffing")
		g.Dates = rapid.Permutation(f.Dates).Draw(t, "dates")
		g.Employee.Grants = rapid.Permutation(f.Employee.Grants).Draw(t, "grants")
		g.AppliedAt = f.AppliedAt.In(time.FixedZone("X", rapid.IntRange(-12, 14).Draw(t, "zone")*3600))
		a, _ := json.Marshal(dec)
		b, _ := json.Marshal(Evaluate(p, g))
		if string(a) != string(b) {
			t.Fatalf("decision depends on list order or the instant's zone:\n%s\n%s", a, b)
		}
	})
}

// slowKinship counts degrees the way a person would: draw the family as a
// graph (each step adds a person), find the nearest common ancestor for a
// blood tie, and look for a marriage on either end for an in-law.
func slowKinship(path Path, u Unions) (Line, int) {
	type person struct{ parents, spouses []int }
	people := []person{{}}
	cur := 0
	for _, s := range path {
		n := len(people)
		people = append(people, person{})
		switch s {
		case StepParent:
			people[cur].parents = append(people[cur].parents, n)
		case StepChild:
			people[n].parents = []int{cur}
		default:
			if u.counts(s) {
				people[cur].spouses = append(people[cur].spouses, n)
				people[n].spouses = append(people[n].spouses, cur)
			}
		}
		cur = n
	}
	if cur == 0 {
		return LineSelf, 0
	}
	ancestors := func(x int) map[int]int {
		dist := map[int]int{x: 0}
		queue := []int{x}
		for len(queue) > 0 {
			y := queue[0]
			queue = queue[1:]
			for _, p := range people[y].parents {
				if _, seen := dist[p]; !seen {
					dist[p] = dist[y] + 1
					queue = append(queue, p)
				}
			}
		}
		return dist
	}
	blood := func(a, b int) (int, bool) {
		da, db := ancestors(a), ancestors(b)
		best, ok := 0, false
		for anc, x := range da {
			if y, common := db[anc]; common && (!ok || x+y < best) {
				best, ok = x+y, true
			}
		}
		return best, ok
	}
	if slices.Contains(people[0].spouses, cur) {
		return LineSpouse, 0
	}
	if d, ok := blood(0, cur); ok {
		return LineBlood, d
	}
	best, ok := 0, false
	for _, s := range people[0].spouses { // the spouse's blood relatives
		if d, found := blood(s, cur); found && (!ok || d < best) {
			best, ok = d, true
		}
	}
	for _, s := range people[cur].spouses { // the blood relatives' spouses
		if d, found := blood(0, s); found && (!ok || d < best) {
			best, ok = d, true
		}
	}
	if ok {
		return LineAffinity, best
	}
	return LineNone, 0
}

func TestPropertyKinshipMatchesSlowCount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		path := Path(rapid.SliceOfN(rapid.SampledFrom([]Step{StepParent, StepChild, StepSpouse, StepPartner, StepCommonLaw}), 0, 8).Draw(t, "path"))
		u := Unions{Partnership: rapid.Bool().Draw(t, "partnership"), CommonLaw: rapid.Bool().Draw(t, "common_law")}
		got := KinshipOf(path, u)
		line, degree := slowKinship(path, u)
		if got.Line != line || got.Degree != degree {
			t.Fatalf("%s with %+v: KinshipOf = %s %d, slow count = %s %d", path, u, got.Line, got.Degree, line, degree)
		}
		// Normalising counted unions to marriages changes nothing.
		if n := KinshipOf(path.Normalize(u), u); n.Line != got.Line || n.Degree != got.Degree {
			t.Fatalf("%s normalised: %+v vs %+v", path, n, got)
		}
	})
}

func errorsAs(err error, target **ParseError) bool { return errors.As(err, target) }
