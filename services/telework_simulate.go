package services

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// SimulateInput is a draft of the telework rules, not stored, with the cases
// HR wants decided under it and the period whose stored requests it
// compares.
type SimulateInput struct {
	Document string         `json:"document"`
	Cases    []SimulateCase `json:"cases"`
	// From and To bound the stored requests compared (by their days);
	// default: today and the 90 days after.
	From string `json:"from"`
	To   string `json:"to"`
}

// SimulateCase is a request as a named employee would make it, with their
// family members as on file.
type SimulateCase struct {
	EmployeeID string `json:"employee_id"`
	TeleworkInput
}

// CaseSimulation is one case decided under the draft and under the rules in
// force on its dates.
type CaseSimulation struct {
	EmployeeID   string
	EmployeeName string
	Draft        policies.Decision
	InForce      policies.Decision
}

// Changed reports whether the draft decides the case otherwise.
func (c CaseSimulation) Changed() bool { return c.Draft.Refused() != c.InForce.Refused() }

// StoredChange is a stored request the draft would decide otherwise.
type StoredChange struct {
	Request      *models.TeleworkRequest
	EmployeeName string
	// Rules are the rules whose verdict changes (refusing under one and not
	// the other).
	Rules []string
}

// Simulation is what a draft would change.
type Simulation struct {
	Cases    []CaseSimulation
	From, To policies.Date
	Checked  int // stored requests compared
	// Truncated: the period held more requests than one simulation
	// compares; narrow it.
	Truncated bool
	// NewlyRefused were accepted and would be refused; NewlyAccepted the
	// reverse (refused by the rules in force now, accepted by the draft).
	NewlyRefused, NewlyAccepted []StoredChange
}

// maxSimulated bounds the stored requests one simulation decides twice.
const maxSimulated = 500

// Simulate decides a draft of the telework rules, not stored, for the named
// employees and dates beside the rules in force, and compares it on the
// requests already stored in a period (HR). The family members it reads are
// audited as any HR read of them is.
func (s *Telework) Simulate(ctx context.Context, actor *Actor, in SimulateInput) (*Simulation, error) {
	if !policies.CanManagePolicy(subject(actor)) {
		return nil, forbidden()
	}
	draft, err := parsePolicy(in.Document)
	if err != nil {
		return nil, err
	}
	sim := &Simulation{}
	if sim.From, sim.To, err = s.simulationPeriod(ctx, actor, in); err != nil {
		return nil, err
	}
	set, _, err := s.policies.set(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	under := simulators{inForce: set, draft: policies.Draft(draft)}
	read := familyReads{}
	for i, c := range in.Cases {
		cs, err := s.simulateCase(ctx, actor, i, c, under, read)
		if err != nil {
			return nil, err
		}
		sim.Cases = append(sim.Cases, *cs)
	}
	if err := s.simulateStored(ctx, actor, sim, under, read); err != nil {
		return nil, err
	}
	return sim, s.auditFamilyReads(ctx, actor, read)
}

// simulators are the two rule sets a simulation decides under.
type simulators struct{ inForce, draft *policies.Set }

// familyReads gathers the family members a simulation read, by employee.
type familyReads map[string][]string

func (r familyReads) add(employeeID string, memberID *string) {
	if memberID != nil && !slices.Contains(r[employeeID], *memberID) {
		r[employeeID] = append(r[employeeID], *memberID)
	}
}

func (s *Telework) simulationPeriod(ctx context.Context, actor *Actor, in SimulateInput) (from, to policies.Date, err error) {
	var v Validator
	if len(in.Cases) > 50 {
		v.Add("cases", "too_many", "一度に試せるのは50件までです。", "At most 50 cases at once.")
	}
	loc, err := s.location(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return from, to, err
	}
	from = policies.DateOf(s.now().In(loc))
	to = from.AddDays(90)
	for _, p := range []struct {
		field, value string
		dst          *policies.Date
	}{{"from", in.From, &from}, {"to", in.To, &to}} {
		if p.value == "" {
			continue
		}
		d, err := policies.ParseDate(p.value)
		if err != nil {
			v.Add(p.field, "invalid", "日付は YYYY-MM-DD 形式です。", "Dates are YYYY-MM-DD.")
			continue
		}
		*p.dst = d
	}
	v.Check(!to.Before(from) && to.Before(from.AddDays(367)), "to", "invalid",
		"期間は開始日から1年以内で、開始日以降にしてください。", "The period ends on or after its start, within a year.")
	return from, to, v.Err()
}

// simulateCase decides one case as its employee would send it.
func (s *Telework) simulateCase(ctx context.Context, actor *Actor, i int, c SimulateCase, under simulators, read familyReads) (*CaseSimulation, error) {
	emp, err := s.employees.Get(ctx, s.db, actor.OrganizationID, c.EmployeeID)
	if err != nil {
		var v Validator
		v.Add(fmt.Sprintf("cases[%d].employee_id", i), "not_found", "その職員は見つかりません。", "No such employee.")
		return nil, v.Err()
	}
	applicant := &Actor{EmployeeID: emp.ID, OrganizationID: emp.OrganizationID, Roles: emp.Roles}
	sh, err := s.validate(ctx, s.db, applicant, c.TeleworkInput)
	if err != nil {
		return nil, prefixFields(err, fmt.Sprintf("cases[%d].", i))
	}
	if sh.family != nil {
		read.add(emp.ID, &sh.family.ID)
	}
	l, err := s.lineOf(ctx, s.db, emp)
	if err != nil {
		return nil, err
	}
	org, err := s.orgs.Get(ctx, s.db, emp.OrganizationID)
	if err != nil {
		return nil, err
	}
	fs, _, err := s.factsOf(ctx, s.db, org, []factsCase{{emp: emp, line: l, shape: sh}})
	if err != nil {
		return nil, err
	}
	f := fs[0]
	return &CaseSimulation{EmployeeID: emp.ID, EmployeeName: emp.FullName(),
		Draft: policies.EvaluateRequest(under.draft, f), InForce: policies.EvaluateRequest(under.inForce, f)}, nil
}

// simulateStored decides the live requests of the period under both sets.
func (s *Telework) simulateStored(ctx context.Context, actor *Actor, sim *Simulation, under simulators, read familyReads) error {
	rs, err := s.requests.LiveBetween(ctx, s.db, actor.OrganizationID, sim.From.String(), sim.To.String(), maxSimulated+1)
	if err != nil {
		return err
	}
	if len(rs) > maxSimulated {
		rs, sim.Truncated = rs[:maxSimulated], true
	}
	people := make([]string, 0, len(rs))
	for _, r := range rs {
		people = append(people, r.EmployeeID)
	}
	names, err := s.employees.Names(ctx, s.db, actor.OrganizationID, people)
	if err != nil {
		return err
	}
	org, err := s.orgs.Get(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return err
	}
	cases, err := s.decideAllStored(ctx, s.db, org, rs)
	if err != nil {
		return err
	}
	for i, r := range rs {
		sc := cases[i]
		read.add(r.EmployeeID, r.FamilyMemberID)
		now, draft := sc.decision, policies.EvaluateRequest(under.draft, sc.facts)
		sim.Checked++
		change := StoredChange{Request: r, EmployeeName: names[r.EmployeeID], Rules: changedRules(now, draft)}
		switch {
		case !now.Refused() && draft.Refused():
			sim.NewlyRefused = append(sim.NewlyRefused, change)
		case now.Refused() && !draft.Refused():
			sim.NewlyAccepted = append(sim.NewlyAccepted, change)
		}
	}
	return nil
}

// changedRules lists the rules that refuse under one decision and not the
// other.
func changedRules(a, b policies.Decision) []string {
	refusing := func(d policies.Decision) map[string]bool {
		m := map[string]bool{}
		for _, r := range d.AllResults() {
			if r.Outcome == policies.Fail {
				m[r.Rule] = true
			}
		}
		return m
	}
	ra, rb := refusing(a), refusing(b)
	var out []string
	for rule := range ra {
		if !rb[rule] {
			out = append(out, rule)
		}
	}
	for rule := range rb {
		if !ra[rule] {
			out = append(out, rule)
		}
	}
	slices.Sort(out)
	return out
}

// auditFamilyReads records, per employee, which family members the
// simulation read: by id, never by value.
func (s *Telework) auditFamilyReads(ctx context.Context, actor *Actor, read familyReads) error {
	if len(read) == 0 {
		return nil
	}
	employees := make([]string, 0, len(read))
	for id := range read {
		employees = append(employees, id)
	}
	slices.Sort(employees)
	return s.tx(ctx, func(tx *gorm.DB) error {
		for _, id := range employees {
			err := s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.read", TargetType: "employee", TargetID: id,
				After: map[string]any{"count": len(read[id]), "family_member_ids": read[id], "purpose": "policy_simulation"}})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// prefixFields puts a prefix before the fields of a validation error (a
// case's errors named as cases[i].dates[0]).
func prefixFields(err error, prefix string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	for i := range e.Fields {
		e.Fields[i].Field = prefix + e.Fields[i].Field
	}
	return e
}
