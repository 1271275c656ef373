package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Reports are HR's, heads' and supervisors' figures of where people work:
// the office-attendance ratio of each department over time against its
// band, and the breach forecast for the coming days. Both read counts from
// the ledger, the department history and the attendance counters, never
// the rows one by one.
type Reports struct {
	*base
}

// RatioQuery asks for the ratio report.
type RatioQuery struct {
	From, To     string
	Group        string // day, week (from Monday) or month; month by default
	DepartmentID string
}

// RatioRow is one department's period.
type RatioRow struct {
	Department             *models.Department
	Depth                  int
	PeriodStart, PeriodEnd policies.Date
	WorkingDays            int
	Excluded               bool
	Tally                  policies.DayTally        // person-days
	Count                  policies.AttendanceCount // person-days present of the base
	Band                   *policies.BandLimits
	BreachDays             []policies.Date
}

// Ratio returns its ratio, and false when there is none to show.
func (r RatioRow) Ratio() (float64, bool) {
	if r.Excluded {
		return 0, false
	}
	return r.Count.Ratio()
}

// RatioReport is the ratio report, departments in chart order.
type RatioReport struct {
	From, To policies.Date
	Group    string
	Rows     []RatioRow
	Language string
}

// grid holds a tally per department and office day of a period.
type grid struct {
	tree  *orgTree
	days  []policies.Date
	index map[string]int // day → position in days
	cells map[string][]policies.DayTally
	set   *policies.Set
	org   *models.Organization
}

func (g *grid) cell(dept, day string) *policies.DayTally {
	i, ok := g.index[day]
	if !ok {
		return nil
	}
	return &g.row(dept)[i]
}

// row is the department's tallies, one per office day.
func (g *grid) row(dept string) []policies.DayTally {
	row := g.cells[dept]
	if row == nil {
		row = make([]policies.DayTally, len(g.days))
		g.cells[dept] = row
	}
	return row
}

// rolled returns the department's tallies with every department below it
// added in.
func (g *grid) rolled(id string, memo map[string][]policies.DayTally) []policies.DayTally {
	if r, ok := memo[id]; ok {
		return r
	}
	out := make([]policies.DayTally, len(g.days))
	copy(out, g.cells[id])
	for _, c := range g.tree.children[id] {
		for i, t := range g.rolled(c, memo) {
			out[i] = out[i].Add(t)
		}
	}
	memo[id] = out
	return out
}

// load fills the grid from the history, the ledger and the essential-staff
// marks of the office days from one date to another.
func (s *Reports) load(ctx context.Context, orgID string, from, to policies.Date) (*grid, error) {
	return s.loadIn(ctx, orgID, from, to, "")
}

// loadIn is load for a department and those below it (every one when under
// is ""): one department's report reads its own members, ledger and marks
// only.
func (s *Reports) loadIn(ctx context.Context, orgID string, from, to policies.Date, under string) (*grid, error) {
	org, err := s.orgs.Get(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	tree, err := s.departmentTree(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	var deptIDs []string
	if under != "" {
		if !models.ValidID(under) || tree.byID[under] == nil {
			return nil, notFound("department " + under)
		}
		deptIDs = tree.below(under)
	}
	c, err := s.orgCalendarAt(ctx, s.db, orgID, org.CalendarVersion)
	if err != nil {
		return nil, err
	}
	set, cal := c.set, c.cal
	g := &grid{tree: tree, index: map[string]int{}, cells: map[string][]policies.DayTally{}, set: set, org: org}
	var dayTexts []string
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c := cal.On(d); c != nil && !c.IsOfficeDay(d) {
			continue
		}
		g.index[d.String()] = len(g.days)
		g.days = append(g.days, d)
		dayTexts = append(dayTexts, d.String())
	}
	if len(g.days) == 0 {
		return g, nil
	}
	loc := loadLocation(org.TimeZone)
	y, m, d := from.Civil()
	// The three counts are independent reads outside a transaction (each
	// was its own snapshot already): on PostgreSQL they run side by side on
	// three connections, and the report waits for the longest, not the sum.
	// The embedded database has one connection and runs them in turn.
	var (
		members []models.MemberCount
		counts  []models.LedgerDayCount
		marks   []models.DepartmentCount
	)
	eg, ectx := errgroup.WithContext(ctx)
	eg.Go(func() (err error) {
		members, err = models.Assignments{}.MemberCounts(ectx, s.db, orgID, from.String(), to.String(), time.Date(y, m, d, 0, 0, 0, 0, loc), deptIDs)
		return err
	})
	eg.Go(func() (err error) {
		counts, err = models.WorkDays{}.DayCounts(ectx, s.db, orgID, from.String(), to.String(), deptIDs)
		return err
	})
	eg.Go(func() (err error) {
		marks, err = models.StaffDays{}.EssentialByDepartment(ectx, s.db, orgID, dayTexts, deptIDs)
		return err
	})
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	for _, mb := range members {
		until := ""
		if mb.ValidTo != nil {
			until = mb.ValidTo.String()
		}
		if !mb.Active && mb.DeactivatedAt != nil {
			if gone := policies.DateOf(mb.DeactivatedAt.In(loc)).String(); until == "" || gone < until {
				until = gone
			}
		}
		// The office days are sorted: the stretch is a run of them, found by
		// two binary searches.
		lo, hi := sort.SearchStrings(dayTexts, mb.ValidFrom.String()), len(dayTexts)
		if until != "" {
			hi = sort.SearchStrings(dayTexts, until)
		}
		if lo >= hi {
			continue
		}
		row := g.row(mb.DepartmentID)
		for i := lo; i < hi; i++ {
			row[i].Members += mb.N
		}
	}
	for _, n := range counts {
		c := g.cell(n.DepartmentID, n.Day.String())
		if c == nil {
			continue // not an office day
		}
		// Leave all day is out of the base: neither planned nor actual.
		c.Leave += n.Leave
		c.Home += n.Home
		c.Satellite += n.Satellite
		c.Elsewhere += n.Elsewhere
		c.Partial += n.Partial
		c.Actual += n.Actual
	}
	for _, mk := range marks {
		if c := g.cell(mk.DepartmentID, mk.Day.String()); c != nil && mk.Kind == models.StaffEssential {
			c.Essential += mk.N
		}
	}
	return g, nil
}

// scope lists the departments the actor may see figures of: every one for
// HR and administrators; the departments a head heads (and below them), and
// those of the people in a supervisor's line, for the others.
func (s *Reports) scope(ctx context.Context, actor *Actor, tree *orgTree, asked string) (map[string]bool, error) {
	if asked != "" {
		if !models.ValidID(asked) || tree.byID[asked] == nil {
			return nil, notFound("department " + asked)
		}
	}
	in := map[string]bool{}
	if policies.CanReadAllAttendance(subject(actor)) {
		for id := range tree.byID {
			in[id] = true
		}
	} else {
		headed, err := s.departments.HeadedBy(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
		if err != nil {
			return nil, err
		}
		for _, d := range headed {
			for _, id := range tree.below(d.ID) {
				in[id] = true
			}
		}
		line, _, err := s.employees.List(ctx, s.db, actor.OrganizationID, models.EmployeeFilter{Manager: actor.EmployeeID, Active: ptrTo(true)}, models.Page{Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, e := range line {
			in[e.DepartmentID] = true
		}
		if len(in) == 0 {
			return nil, forbidden()
		}
	}
	if asked != "" {
		if !in[asked] {
			return nil, forbidden()
		}
		below := map[string]bool{}
		for _, id := range tree.below(asked) {
			below[id] = in[id]
		}
		return below, nil
	}
	return in, nil
}

// Ratio reports the office-attendance ratio of each department the actor
// may see, by day, week or month.
func (s *Reports) Ratio(ctx context.Context, actor *Actor, q RatioQuery) (*RatioReport, error) {
	from, to, err := reportPeriod(q.From, q.To, 366)
	if err != nil {
		return nil, err
	}
	if q.Group == "" {
		q.Group = "month"
	}
	if q.Group != "day" && q.Group != "week" && q.Group != "month" {
		return nil, invalidParam("group", "group は day、week、month のいずれかです。", "group is day, week or month.")
	}
	g, err := s.loadIn(ctx, actor.OrganizationID, from, to, q.DepartmentID)
	if err != nil {
		return nil, err
	}
	in, err := s.scope(ctx, actor, g.tree, q.DepartmentID)
	if err != nil {
		return nil, err
	}
	rep := &RatioReport{From: from, To: to, Group: q.Group, Language: g.org.Language}
	memo := map[string][]policies.DayTally{}
	g.tree.walk(func(d *models.Department, depth int) {
		if !in[d.ID] {
			return
		}
		_, units := g.tree.line(d.ID)
		tallies := g.rolled(d.ID, memo)
		for _, p := range periods(from, to, q.Group) {
			row := RatioRow{Department: d, Depth: depth, PeriodStart: p[0], PeriodEnd: p[1]}
			var last policies.Date
			for i, day := range g.days {
				if day.Before(p[0]) || day.After(p[1]) {
					continue
				}
				t := tallies[i]
				c := t.Count(g.set.ExcludesEssential(day))
				row.WorkingDays++
				row.Tally = row.Tally.Add(t)
				row.Count.Present += c.Present
				row.Count.Base += c.Base
				last = day
				if b, ok := g.set.UnitBand(day, units); ok && b.Breach(c) != "" {
					row.BreachDays = append(row.BreachDays, day)
				}
			}
			if row.WorkingDays > 0 {
				row.Excluded = g.set.Excluded(last, units)
				if b, ok := g.set.UnitBand(last, units); ok {
					row.Band = &b
				}
				if row.Excluded {
					row.BreachDays = nil
				}
			}
			rep.Rows = append(rep.Rows, row)
		}
	})
	return rep, nil
}

// periods splits the dates into days, weeks (Monday to Sunday) or calendar
// months, the first and last cut to the period asked for.
func periods(from, to policies.Date, group string) [][2]policies.Date {
	var out [][2]policies.Date
	for start := from; !start.After(to); {
		end := start
		switch group {
		case "week":
			end = start.AddDays((7 - (int(start.Weekday())+6)%7) - 1)
		case "month":
			y, m, _ := start.Civil()
			end = policies.DateOf(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
		}
		if end.After(to) {
			end = to
		}
		out = append(out, [2]policies.Date{start, end})
		start = end.AddDays(1)
	}
	return out
}

// reportPeriod validates a report's dates.
func reportPeriod(fromText, toText string, maxDays int) (from, to policies.Date, err error) {
	var v Validator
	var err1, err2 error
	from, err1 = policies.ParseDate(fromText)
	to, err2 = policies.ParseDate(toText)
	v.Check(err1 == nil, "from", "invalid", "from は YYYY-MM-DD 形式の日付です。", "from must be YYYY-MM-DD.")
	v.Check(err2 == nil, "to", "invalid", "to は YYYY-MM-DD 形式の日付です。", "to must be YYYY-MM-DD.")
	if err1 == nil && err2 == nil {
		v.Check(!to.Before(from) && to.Before(from.AddDays(maxDays)), "to", "invalid",
			fmt.Sprintf("期間は開始日から%d日以内で、開始日以降にしてください。", maxDays),
			fmt.Sprintf("The period ends on or after its start, within %d days.", maxDays))
	}
	if err := v.Err(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Kind = ErrInvalidParameter
		}
		return from, to, err
	}
	return from, to, nil
}

// invalidParam is a 400 for one query parameter.
func invalidParam(field, ja, en string) error {
	var v Validator
	v.Add(field, "invalid", ja, en)
	e := v.Err().(*Error)
	e.Kind = ErrInvalidParameter
	return e
}

// ForecastDay is one department's coming day.
type ForecastDay struct {
	Department     *models.Department
	Date           policies.Date
	Tally          policies.DayTally
	Count          policies.AttendanceCount
	ApprovedRemote int
	PendingRemote  int
	Band           policies.BandLimits
	Breach         string
}

// Forecast is the breach forecast.
type Forecast struct {
	From, To policies.Date
	Days     []ForecastDay
	Language string
}

// Forecast looks at the coming days of each department a band covers,
// counting approved and pending requests (the attendance counters), leave
// and the staff as transferred on each day; it flags each forecast breach.
// A breach not announced before notifies the department's head and HR, once.
func (s *Reports) Forecast(ctx context.Context, actor *Actor, days int, departmentID string) (*Forecast, error) {
	if days == 0 {
		days = 14
	}
	if days < 1 || days > 62 {
		return nil, invalidParam("days", "days は1〜62です。", "days is 1 to 62.")
	}
	f, err := s.forecast(ctx, actor.OrganizationID, days)
	if err != nil {
		return nil, err
	}
	tree, err := s.departmentTree(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	in, err := s.scope(ctx, actor, tree, departmentID)
	if err != nil {
		return nil, err
	}
	if err := s.announce(ctx, actor.OrganizationID, f); err != nil {
		return nil, err
	}
	f.Days = slices.DeleteFunc(f.Days, func(d ForecastDay) bool { return !in[d.Department.ID] })
	return f, nil
}

func (s *Reports) forecast(ctx context.Context, orgID string, days int) (*Forecast, error) {
	today, err := s.localDay(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	from, to := today, today.AddDays(days-1)
	g, err := s.load(ctx, orgID, from, to)
	if err != nil {
		return nil, err
	}
	counters, err := models.Attendance{}.Counters(ctx, s.db, orgID, from.String(), to.String())
	if err != nil {
		return nil, err
	}
	live := map[string][]int{} // department → live full days away per office day
	for _, c := range counters {
		if i, ok := g.index[c.Day.String()]; ok {
			if live[c.DepartmentID] == nil {
				live[c.DepartmentID] = make([]int, len(g.days))
			}
			live[c.DepartmentID][i] += c.Remote
		}
	}
	approved, err := s.approvedAway(ctx, orgID, from, to, g)
	if err != nil {
		return nil, err
	}
	out := &Forecast{From: from, To: to, Language: g.org.Language}
	memo := map[string][]policies.DayTally{}
	g.tree.walk(func(d *models.Department, _ int) {
		_, units := g.tree.line(d.ID)
		tallies := g.rolled(d.ID, memo)
		below := g.tree.below(d.ID)
		for i, day := range g.days {
			band, ok := g.set.UnitBand(day, units)
			if !ok || g.set.Excluded(day, units) {
				continue
			}
			fd := ForecastDay{Department: d, Date: day, Tally: tallies[i], Band: band}
			liveAway := 0
			for _, id := range below {
				if l := live[id]; l != nil {
					liveAway += l[i]
				}
				if a := approved[id]; a != nil {
					fd.ApprovedRemote += a[i]
				}
			}
			fd.PendingRemote = max(liveAway-fd.ApprovedRemote, 0)
			// Pending requests count as if approved: the forecast warns of
			// what approving them would do.
			t := fd.Tally
			t.Home += fd.PendingRemote
			fd.Count = t.Count(g.set.ExcludesEssential(day))
			fd.Breach = band.Breach(fd.Count)
			out.Days = append(out.Days, fd)
		}
	})
	return out, nil
}

// approvedAway counts, per department and office day, the approved full
// days away that the ledger records from requests.
func (s *Reports) approvedAway(ctx context.Context, orgID string, from, to policies.Date, g *grid) (map[string][]int, error) {
	tallies, err := models.WorkDays{}.Tally(ctx, s.db, orgID, from.String(), to.String())
	if err != nil {
		return nil, err
	}
	out := map[string][]int{}
	for _, t := range tallies {
		i, ok := g.index[t.Day.String()]
		if !ok || !t.Requested || policies.Unit(t.Portion) != policies.UnitFull || policies.Location(t.Location) == policies.LocationLeave {
			continue
		}
		if out[t.DepartmentID] == nil {
			out[t.DepartmentID] = make([]int, len(g.days))
		}
		out[t.DepartmentID][i] += t.N
	}
	return out, nil
}

// announce tells the department's head and HR of each breach the forecast
// finds that was not announced before; the forecast_breaches row makes it
// once, whoever computes the forecast and however often.
func (s *Reports) announce(ctx context.Context, orgID string, f *Forecast) error {
	var breaches []ForecastDay
	for _, d := range f.Days {
		if d.Breach != "" {
			breaches = append(breaches, d)
		}
	}
	if len(breaches) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		hr, err := s.employees.ActiveWithRole(ctx, tx, orgID, policies.RoleHR)
		if err != nil {
			return err
		}
		for _, b := range breaches {
			fresh, err := models.ForecastBreaches{}.Claim(ctx, tx, orgID, b.Department.ID, b.Date.String(), b.Breach, s.now())
			if err != nil || !fresh {
				if err != nil {
					return err
				}
				continue
			}
			to := slices.Clone(hr)
			if b.Department.HeadID != nil {
				to = append(to, *b.Department.HeadID)
			}
			slices.Sort(to)
			org, err := s.orgs.Get(ctx, tx, orgID)
			if err != nil {
				return err
			}
			msg := breachMessage(b)
			msg.Language = org.Language
			if err := s.deliver(ctx, tx, org, msg, nil, nil, slices.Compact(to), true); err != nil {
				return err
			}
			if err := s.audit.record(ctx, tx, nil, auditEntry{Action: "attendance.forecast_breach", TargetType: "department", TargetID: b.Department.ID,
				OrganizationID: &orgID, After: map[string]any{"date": b.Date.String(), "breach": b.Breach, "present": b.Count.Present, "base": b.Count.Base}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// NoticeForecastBreach tells a department head and HR that a coming day is
// forecast to breach its attendance band.
const NoticeForecastBreach = "attendance_forecast_breach"

func breachMessage(b ForecastDay) OutboxPayload {
	y, m, d := b.Date.Civil()
	pct := 0
	if r, ok := b.Count.Ratio(); ok {
		pct = int(r*100 + 0.5)
	}
	ja, en := "下限", "floor"
	limit := 0
	if b.Breach == policies.BreachAboveMax {
		ja, en = "上限", "cap"
		limit = *b.Band.MaxPercent
	} else {
		limit = *b.Band.MinPercent
	}
	return OutboxPayload{Kind: NoticeForecastBreach, Path: "/hr/dashboard",
		TitleJa: fmt.Sprintf("出勤率の見込み：%s（%d月%d日）", b.Department.Name, int(m), d),
		TitleEn: fmt.Sprintf("Attendance forecast: %s on %d-%02d-%02d", b.Department.Name, y, int(m), d),
		BodyJa: fmt.Sprintf("%d年%d月%d日の%sの出勤率は、承認待ちの申請を含めると%d%%（%d人中%d人）となり、%s（%d%%）を外れる見込みです。承認の前にご確認ください。",
			y, int(m), d, b.Department.Name, pct, b.Count.Base, b.Count.Present, ja, limit),
		BodyEn: fmt.Sprintf("On %d-%02d-%02d, %s is forecast at %d%% in the office (%d of %d), counting pending requests: outside its %s of %d%%. Please check before approving.",
			y, int(m), d, b.Department.Name, pct, b.Count.Present, b.Count.Base, en, limit)}
}

// AnnounceForecasts computes every organisation's forecast for the coming
// two weeks and announces new breaches (the hourly job).
func (s *Reports) AnnounceForecasts(ctx context.Context) error {
	orgs, err := s.orgs.All(ctx, s.db)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		f, err := s.forecast(ctx, o.ID, 14)
		if err != nil {
			return err
		}
		if err := s.announce(ctx, o.ID, f); err != nil {
			return err
		}
	}
	return nil
}
