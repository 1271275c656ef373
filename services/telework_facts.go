package services

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// The facts the telework rules read, loaded for many requests at once: an
// approver's inbox decides a page of requests again, and doing that one
// request at a time cost 27 statements a request. Every path that decides
// (preview, submit, approve, the inbox, the recheck, the simulation) goes
// through factsOf, with one case or many; the rules themselves stay pure.

// factsCase is one request to decide: the applicant, their line, what they
// ask and, for a stored request, its id (its own days must not count
// against it).
type factsCase struct {
	emp    *models.Employee
	line   *line
	shape  *shape
	except string
	// history holds the applicant's departments over the request's days
	// when the caller read them already (historyRead).
	history     []models.Assignment
	historyRead bool
}

func (c factsCase) days() []string {
	days := make([]string, 0, len(c.shape.dates))
	for _, d := range c.shape.dates {
		days = append(days, d.String())
	}
	return days
}

// lookback is the span of existing days the limits read: the fiscal year
// and the weeks around the request.
func (c factsCase) lookback() (from, to string) {
	first, last := c.shape.dates[0], c.shape.dates[len(c.shape.dates)-1]
	f := first.FiscalYearStart()
	if w := first.AddDays(-31); w.Before(f) {
		f = w
	}
	return f.String(), last.AddDays(31).String()
}

// factRows are the rows read for a set of cases of one organisation, in a
// fixed number of queries however many cases there are; each case's facts
// are then picked from them in memory.
type factRows struct {
	set         *policies.Set
	tree        *orgTree
	existing    map[string][]models.TeleworkDay // by employee
	records     map[string][]models.StaffRecord
	emergencies []models.EmergencyPeriod
	pools       []models.PoolCount
	staffDays   map[string][]models.StaffDay
	history     map[string][]models.Assignment
	members     map[string][]models.MemberCount // by department
	marks       map[[2]string][]models.DepartmentCount
	remote      map[[2]string]int
	closed      []policies.Date // the organisation's own closing days
	// wide is each case's line widened by the lines it moves to on its days.
	wide  []*line
	lines [][]policies.DatedLine
}

// factsOf reads what the rules need for the cases (all of org, their lines
// from one tree) and gives each case's facts, in the cases' order. org is
// read by the caller (in its transaction): its calendar_version tells
// whether the process's copy of the policy versions and closing days holds.
func (s *Telework) factsOf(ctx context.Context, db *gorm.DB, org *models.Organization, cases []factsCase) ([]policies.Facts, *factRows, error) {
	rows, err := s.loadFacts(ctx, db, org, cases)
	if err != nil {
		return nil, nil, err
	}
	out := make([]policies.Facts, len(cases))
	for i, c := range cases {
		out[i] = rows.facts(i, c)
	}
	return out, rows, nil
}

func (s *Telework) loadFacts(ctx context.Context, db *gorm.DB, org *models.Organization, cases []factsCase) (*factRows, error) {
	orgID := org.ID
	rows := &factRows{wide: make([]*line, len(cases)), lines: make([][]policies.DatedLine, len(cases)), history: map[string][]models.Assignment{}}
	cal, err := s.orgCalendarAt(ctx, db, orgID, org.CalendarVersion)
	if err != nil {
		return nil, err
	}
	rows.set, rows.closed = cal.set, cal.closed
	var people, days, pools, depts, unread uniq
	var stored []string
	var from, to, first, last string
	for _, c := range cases {
		rows.tree = c.line.tree
		if len(c.shape.dates) == 0 {
			continue
		}
		people.add(c.emp.ID)
		if c.historyRead {
			rows.history[c.emp.ID] = c.history
		} else {
			unread.add(c.emp.ID)
		}
		cd := c.days()
		for _, d := range cd {
			days.add(d)
		}
		f, t := c.lookback()
		from, to = minText(from, f), max(to, t)
		first, last = minText(first, cd[0]), max(last, cd[len(cd)-1])
		if c.shape.pool != "" {
			pools.add(c.shape.pool)
		}
		if c.except != "" {
			stored = append(stored, c.except)
		}
	}
	if len(days.list) == 0 {
		return rows, nil
	}
	if len(unread.list) > 0 {
		hist, err := models.Assignments{}.Overlapping(ctx, db, orgID, unread.list, first, last)
		if err != nil {
			return nil, err
		}
		for _, a := range hist {
			rows.history[a.EmployeeID] = append(rows.history[a.EmployeeID], a)
		}
	}
	// The lines each case is judged on decide which departments' staffing to read.
	for i, c := range cases {
		if len(c.shape.dates) == 0 {
			continue
		}
		rows.lines[i], rows.wide[i] = rows.datedLines(c)
		for _, id := range rows.wide[i].ids {
			for _, d := range rows.wide[i].sub[id] {
				depts.add(d)
			}
		}
	}
	existing, err := s.requests.ActiveDays(ctx, db, orgID, people.list, from, to)
	if err != nil {
		return nil, err
	}
	rows.existing = groupBy(existing, func(d models.TeleworkDay) string { return d.EmployeeID })
	records, err := models.StaffRecords{}.Of(ctx, db, orgID, people.list)
	if err != nil {
		return nil, err
	}
	rows.records = groupBy(records, func(r models.StaffRecord) string { return r.EmployeeID })
	if rows.emergencies, err = (models.EmergencyPeriods{}).Overlapping(ctx, db, orgID, models.Day(first), models.Day(last)); err != nil {
		return nil, err
	}
	if len(pools.list) > 0 {
		if rows.pools, err = s.requests.PoolUse(ctx, db, orgID, pools.list, days.list, stored); err != nil {
			return nil, err
		}
	}
	staffDays, err := s.staff.OfEmployees(ctx, db, orgID, people.list, days.list)
	if err != nil {
		return nil, err
	}
	rows.staffDays = groupBy(staffDays, func(d models.StaffDay) string { return d.EmployeeID })
	// Members as of each day (a transfer moves a person on its date),
	// counted by the database: a 課 of hundreds is a few rows.
	ms, err := models.Assignments{}.MemberCounts(ctx, db, orgID, first, last, s.now(), depts.list)
	if err != nil {
		return nil, err
	}
	rows.members = groupBy(ms, func(m models.MemberCount) string { return m.DepartmentID })
	marks, err := s.staff.CountByDepartment(ctx, db, orgID, days.list, depts.list)
	if err != nil {
		return nil, err
	}
	rows.marks = groupBy(marks, func(m models.DepartmentCount) [2]string { return [2]string{m.DepartmentID, m.Day.String()} })
	if rows.remote, err = s.attendance.Remote(ctx, db, orgID, depts.list, days.list); err != nil {
		return nil, err
	}
	return rows, nil
}

// facts are the i-th case's facts, picked from the rows.
func (rows *factRows) facts(i int, c factsCase) policies.Facts {
	emp, sh := c.emp, c.shape
	f := policies.Facts{
		Employee: policies.Employee{ID: emp.ID, EmploymentType: emp.EmploymentType, HasRemotePC: emp.HasRemotePC, Units: c.line.units},
		Reason:   sh.reason, Unit: sh.unit, Minutes: sh.minutes, Dates: sh.dates, AppliedAt: sh.appliedAt,
		Scheme: sh.scheme, Place: sh.place, WorkKind: sh.workKind, Pool: sh.pool, Notice: sh.notice,
	}
	if sh.officeID != nil {
		f.OfficeID = *sh.officeID
	}
	if sh.family != nil {
		f.Family = familyFacts(sh.family)
	}
	if len(sh.dates) == 0 {
		return f
	}
	days := c.days()
	from, to := c.lookback()
	// The department counters include every live full day of the employee,
	// this request's own included when it is being decided again; Away must
	// count the others only.
	selfAway := map[string]int{}
	for _, d := range rows.existing[emp.ID] {
		day := d.Day.String()
		if day < from || day > to {
			continue
		}
		if d.Unit == string(policies.UnitFull) {
			selfAway[day]++
		}
		if d.RequestID == c.except || (c.shape.filedBefore != "" && d.RequestID > c.shape.filedBefore) {
			continue
		}
		pd, _ := policies.ParseDate(day)
		f.Existing = append(f.Existing, policies.Day{Date: pd, Unit: policies.Unit(d.Unit), Minutes: d.Minutes, Reason: d.Reason, Scheme: d.Scheme})
	}
	rows.personFacts(c, &f, days)
	for _, d := range rows.staffDays[emp.ID] {
		if slices.Contains(days, d.Day.String()) {
			f.Employee.Essential = f.Employee.Essential || d.Kind == models.StaffEssential
		}
	}
	// Each date is judged on the department of that date (a transfer may
	// fall inside the request); staffing covers every line that occurs.
	f.Employee.Lines = rows.lines[i]
	f.Staffing = rows.staffing(rows.wide[i], days, selfAway)
	f.Calendar.Closed = slices.Clone(rows.closed)
	return f
}

// personFacts adds the dated staff record, the emergency periods and the
// use of the request's pool on its days.
func (rows *factRows) personFacts(c factsCase, f *policies.Facts, days []string) {
	f.Employee.HireDate, f.Employee.Records = staffFacts(rows.records[c.emp.ID])
	first, last := days[0], days[len(days)-1]
	for _, e := range rows.emergencies {
		if e.StartsOn.String() > last || e.EndsOn.String() < first {
			continue
		}
		from, _ := policies.ParseDate(e.StartsOn.String())
		to, _ := policies.ParseDate(e.EndsOn.String())
		pe := policies.EmergencyPeriod{Name: policies.Text{Ja: e.Name, En: e.Name}, Kind: e.Kind, From: from, To: to}
		for _, sc := range e.Scopes {
			switch {
			case sc.DepartmentID != nil:
				code := ""
				if d := rows.tree.byID[*sc.DepartmentID]; d != nil {
					code = d.Code
				}
				pe.Departments = append(pe.Departments, code)
			case sc.OfficeID != nil:
				pe.Workplaces = append(pe.Workplaces, *sc.OfficeID)
			}
		}
		f.Emergencies = append(f.Emergencies, pe)
	}
	if f.Pool == "" {
		return
	}
	use := map[string]int{}
	for _, p := range rows.pools {
		if p.Pool == f.Pool && (p.RequestID == "" || p.RequestID != c.except) {
			use[p.Day.String()] += p.N
		}
	}
	for _, d := range days {
		if n := use[d]; n > 0 {
			pd, _ := policies.ParseDate(d)
			f.PoolUse = append(f.PoolUse, policies.PoolUse{Pool: f.Pool, Date: pd, Used: n})
		}
	}
}

// datedLines gives the employee's line on the days whose department (from
// the history) is not the one of the case's line, and that line widened by
// those lines' units so that staffing covers them.
func (rows *factRows) datedLines(c factsCase) ([]policies.DatedLine, *line) {
	days := c.days()
	on := onDays(rows.history[c.emp.ID], days, c.emp.DepartmentID)
	slices.Sort(days)
	var out []policies.DatedLine
	l, tree := c.line, rows.tree
	wide := l
	prev := c.emp.DepartmentID
	for _, d := range days {
		dept := on[d]
		if dept == prev || dept == "" {
			continue
		}
		if wide == l {
			wide = &line{units: slices.Clone(l.units), ids: slices.Clone(l.ids), sub: map[string][]string{}, tree: tree}
			for k, v := range l.sub {
				wide.sub[k] = v
			}
		}
		ids, units := tree.line(dept)
		from, _ := policies.ParseDate(d)
		out = append(out, policies.DatedLine{From: from, Units: units})
		for i, id := range ids {
			if !slices.Contains(wide.ids, id) {
				wide.ids, wide.units = append(wide.ids, id), append(wide.units, units[i])
				wide.sub[id] = tree.below(id)
			}
		}
		prev = dept
	}
	return out, wide
}

// staffing counts, for each unit of the line and each day, its members, those
// on leave or essential, and those away all day (not counting the employee).
func (rows *factRows) staffing(l *line, days []string, selfAway map[string]int) []policies.Staffing {
	var out []policies.Staffing
	for _, day := range days {
		date, _ := policies.ParseDate(day)
		for i, id := range l.ids {
			st := policies.Staffing{Date: date, Unit: l.units[i].ID, Away: -selfAway[day]}
			for _, d := range l.sub[id] {
				for _, m := range rows.members[d] {
					if day >= m.ValidFrom.String() && (m.ValidTo == nil || day < m.ValidTo.String()) {
						st.Members += m.N
					}
				}
				st.Away += rows.remote[[2]string{d, day}]
				for _, m := range rows.marks[[2]string{d, day}] {
					if m.Kind == models.StaffLeave {
						st.OnLeave += m.N
					} else {
						st.Essential += m.N
					}
				}
			}
			st.Away = max(st.Away, 0)
			out = append(out, st)
		}
	}
	return out
}

// storedCases are stored requests of one organisation to decide again:
// their applicants, lines and shapes, read for all of them at once.
func (s *Telework) storedCases(ctx context.Context, db *gorm.DB, org *models.Organization, rs []*models.TeleworkRequest) ([]factsCase, error) {
	orgID := org.ID
	var people, members uniq
	for _, r := range rs {
		people.add(r.EmployeeID)
		if r.FamilyMemberID != nil {
			members.add(*r.FamilyMemberID)
		}
	}
	emps, err := s.employees.ByIDs(ctx, db, orgID, people.list)
	if err != nil {
		return nil, err
	}
	family := map[string]*models.FamilyMember{}
	if len(members.list) > 0 {
		if family, err = s.family.Current(ctx, db, orgID, members.list); err != nil {
			return nil, err
		}
	}
	tree, err := s.chart(ctx, db, org)
	if err != nil {
		return nil, err
	}
	cases := make([]factsCase, len(rs))
	for i, r := range rs {
		emp := emps[r.EmployeeID]
		if emp == nil {
			return nil, fmt.Errorf("applicant %s of request %s: %w", r.EmployeeID, r.ID, models.ErrNotFound)
		}
		sh, err := storedShape(r, family)
		if err != nil {
			return nil, err
		}
		cases[i] = factsCase{emp: emp, line: tree.lineOf(emp.DepartmentID), shape: sh, except: r.ID}
	}
	return cases, nil
}

// onDays is the department on each of the days from a person's history
// rows; a day the history does not cover keeps fallback.
func onDays(rows []models.Assignment, days []string, fallback string) map[string]string {
	out := make(map[string]string, len(days))
	for _, d := range days {
		out[d] = fallback
		for i := range rows {
			if rows[i].Covers(d) {
				out[d] = rows[i].DepartmentID
			}
		}
	}
	return out
}

func groupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	out := map[K][]T{}
	for _, x := range xs {
		out[key(x)] = append(out[key(x)], x)
	}
	return out
}

// uniq gathers distinct texts in the order first seen.
type uniq struct {
	seen map[string]bool
	list []string
}

func (u *uniq) add(x string) {
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	if !u.seen[x] {
		u.seen[x] = true
		u.list = append(u.list, x)
	}
}

// minText is the smaller of two texts, an empty one standing for none.
func minText(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}
