package services

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// The daily work-location ledger is kept on write: every change that moves
// where someone works (a request approved, withdrawn or cancelled, leave
// entered or removed, a satellite booking made, moved or cancelled) derives
// that person's affected days again, in its own transaction. It is never
// rebuilt by rescanning history on a read; `kinmuchi ledger rebuild`
// repairs a range and says what it repaired.

// refreshWorkDays derives the employee's ledger entries for the days again
// and stores them; it reports the days whose entry changed.
func (b *base) refreshWorkDays(ctx context.Context, tx *gorm.DB, orgID, employeeID string, days []string) ([]string, error) {
	if len(days) == 0 {
		return nil, nil
	}
	days = slices.Compact(slices.Sorted(slices.Values(days)))
	facts, err := models.WorkDays{}.Facts(ctx, tx, orgID, employeeID, days)
	if err != nil {
		return nil, err
	}
	return b.refreshWith(ctx, tx, orgID, employeeID, days, facts)
}

// refreshWith is refreshWorkDays on facts read for the days (sorted,
// without repeats), in the same transaction.
func (b *base) refreshWith(ctx context.Context, tx *gorm.DB, orgID, employeeID string, days []string, facts *models.DayFacts) ([]string, error) {
	want, err := b.deriveWorkDays(ctx, tx, orgID, employeeID, days, facts)
	if err != nil {
		return nil, err
	}
	stored := make(map[string]models.WorkDay, len(facts.Stored))
	for _, w := range facts.Stored {
		stored[w.Day.String()] = w
	}
	var changed []string
	for _, d := range days {
		old, had := stored[d]
		if had && old.CorrectedBy != nil {
			continue // HR's correction stands until HR withdraws it
		}
		w, ok := want[d]
		switch {
		case !ok && had:
			changed = append(changed, d)
			if err := (models.WorkDays{}).Delete(ctx, tx, orgID, employeeID, d); err != nil {
				return changed, err
			}
		case ok && (!had || !sameWorkDay(old, w)):
			changed = append(changed, d)
			w.UpdatedAt = b.now()
			if err := (models.WorkDays{}).Put(ctx, tx, &w); err != nil {
				return changed, err
			}
		}
	}
	return changed, nil
}

func sameWorkDay(a, b models.WorkDay) bool {
	eq := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.DepartmentID == b.DepartmentID && a.Location == b.Location && a.Portion == b.Portion && a.Minutes == b.Minutes &&
		eq(a.OfficeID, b.OfficeID) && eq(a.RequestID, b.RequestID) && a.Actual == b.Actual
}

// deriveWorkDays works out the entries the employee's days should have from
// their facts (models.WorkDays.Facts, one statement on PostgreSQL). The
// calendar comes from the process's copy at the calendar version the facts
// were read with, and is read only when some day has a fact to record
// (removing a day's only fact needs none).
func (b *base) deriveWorkDays(ctx context.Context, tx *gorm.DB, orgID, employeeID string, days []string, in *models.DayFacts) (map[string]models.WorkDay, error) {
	facts := map[string]*policies.WorkDayFacts{}
	fact := func(d string) *policies.WorkDayFacts {
		if facts[d] == nil {
			facts[d] = &policies.WorkDayFacts{}
		}
		return facts[d]
	}
	for _, l := range in.Leave {
		if l.Kind == models.StaffLeave {
			fact(l.Day.String()).Leave = policies.Unit(l.Portion)
		}
	}
	for _, a := range in.Approved {
		t := &policies.ApprovedTelework{RequestID: a.RequestID, Unit: policies.Unit(a.Unit), Minutes: a.Minutes, Place: a.Place}
		if a.OfficeID != nil {
			t.OfficeID = *a.OfficeID
		}
		fact(a.Day.String()).Telework = t
	}
	loc := loadLocation(in.TimeZone)
	for _, s := range in.Bookings {
		d := policies.DateOf(s.StartAt.In(loc)).String()
		if _, found := slices.BinarySearch(days, d); !found {
			continue
		}
		f := fact(d)
		if s.MainBuilding {
			f.OfficeCheckIn = true
			continue
		}
		if f.Satellite == nil {
			f.Satellite = &policies.SatelliteStay{OfficeID: s.OfficeID}
		}
		f.Satellite.Minutes += int(s.EndAt.Sub(s.StartAt) / time.Minute)
		f.Satellite.CheckedIn = f.Satellite.CheckedIn || s.CheckedInAt != nil
	}
	out := map[string]models.WorkDay{}
	if len(facts) == 0 {
		return out, nil
	}
	cal, err := b.calendarAt(ctx, tx, orgID, in.CalendarVersion)
	if err != nil {
		return nil, err
	}
	for d, f := range facts {
		pd, _ := policies.ParseDate(d)
		if c := cal.On(pd); c != nil && !c.IsOfficeDay(pd) {
			continue // not a working day: nothing to record
		}
		w, ok := policies.LedgerEntry(*f)
		if !ok {
			continue
		}
		dept := in.DepartmentID // a day before the history (there is none in practice)
		for i := range in.History {
			if in.History[i].Covers(d) {
				dept = in.History[i].DepartmentID
			}
		}
		out[d] = models.WorkDay{OrganizationID: orgID, EmployeeID: employeeID, Day: models.Day(d), DepartmentID: dept,
			Location: w.Location, Portion: w.Portion, Minutes: w.Minutes, OfficeID: optionalID(w.OfficeID), RequestID: optionalID(w.RequestID),
			Actual: w.Actual}
	}
	return out, nil
}

func optionalID(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// requestDays lists a request's days.
func requestDays(r *models.TeleworkRequest) []string {
	out := make([]string, 0, len(r.Days))
	for _, d := range r.Days {
		out = append(out, d.Day.String())
	}
	return out
}

// refreshBookingDays derives the booker's days that start at the instants
// (a move changes two) again. A seat in a main building is an office day,
// which the ledger does not record until it is checked in: the booking path
// skips the work when it knows the office is one ("" when it does not).
func (b *base) refreshBookingDays(ctx context.Context, tx *gorm.DB, bk *models.Booking, officeKind string, starts ...time.Time) error {
	if officeKind == models.OfficeMainBuilding {
		return nil
	}
	loc, err := b.location(ctx, tx, bk.OrganizationID)
	if err != nil {
		return err
	}
	days := make([]string, 0, len(starts))
	for _, s := range starts {
		days = append(days, policies.DateOf(s.In(loc)).String())
	}
	_, err = b.refreshWorkDays(ctx, tx, bk.OrganizationID, bk.EmployeeID, days)
	return err
}

// Ledger reads the work-location ledger and repairs it.
type Ledger struct {
	*base
}

// AttendanceQuery asks for the ledger of a period (at most 62 days).
type AttendanceQuery struct {
	From, To     string
	DepartmentID string
	EmployeeID   string
}

// AttendanceDay is where one employee works on one day: the ledger's entry,
// or a planned office day, or not a working day.
type AttendanceDay struct {
	EmployeeID, EmployeeName, EmployeeNumber, DepartmentID, DepartmentName string
	Day                                                                    policies.Date
	models.WorkDay
}

// Attendance lists where people work from one date to another (at most 62
// days): HR sees everyone, a supervisor or department head their line,
// everyone themselves. With a department, those assigned to it or below it
// on some day of the period; each day names the department of that day.
func (s *Ledger) Attendance(ctx context.Context, actor *Actor, q AttendanceQuery) ([]AttendanceDay, error) {
	from, to, err := attendancePeriod(q, 62)
	if err != nil {
		return nil, err
	}
	var out []AttendanceDay
	err = s.EachAttendance(ctx, actor, q, from, to, maxAttendancePeople, func(a AttendanceDay) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// maxAttendancePeople bounds an answer read as JSON; a download streams.
const maxAttendancePeople = 2000

// AttendanceDownload checks a download's period (up to a year).
func AttendanceDownload(q AttendanceQuery) (from, to policies.Date, err error) {
	return attendancePeriod(q, 366)
}

// EachAttendance calls fn with each visible person's days, person by person
// in kana order, reading the ledger a batch of people at a time so that a
// year for thousands streams in bounded memory. limit (0: none) refuses a
// selection of more people.
func (s *Ledger) EachAttendance(ctx context.Context, actor *Actor, q AttendanceQuery, from, to policies.Date, limit int, fn func(AttendanceDay) error) error {
	people, err := s.attendancePeople(ctx, actor, q, from, to)
	if err != nil {
		return err
	}
	if limit > 0 && len(people) > limit {
		var v Validator
		v.Add("department_id", "too_many", fmt.Sprintf("対象の職員が%d人を超えます。所属で絞り込むか、ダウンロードをご利用ください。", limit),
			fmt.Sprintf("More than %d people: choose a department, or download the ledger.", limit))
		e := v.Err().(*Error)
		e.Kind = ErrInvalidParameter
		return e
	}
	cal, err := s.orgCalendar(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return err
	}
	hr := policies.CanCorrectLedger(subject(actor))
	tree, err := s.departmentTree(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return err
	}
	const batch = 500
	for start := 0; start < len(people); start += batch {
		group := people[start:min(start+batch, len(people))]
		ids := make([]string, len(group))
		for i, e := range group {
			ids[i] = e.ID
		}
		stored, err := models.WorkDays{}.Between(ctx, s.db, actor.OrganizationID, ids, from.String(), to.String())
		if err != nil {
			return err
		}
		hist, err := models.Assignments{}.Overlapping(ctx, s.db, actor.OrganizationID, ids, from.String(), to.String())
		if err != nil {
			return err
		}
		entries := make(map[[2]string]models.WorkDay, len(stored))
		for _, w := range stored {
			entries[[2]string{w.EmployeeID, w.Day.String()}] = w
		}
		stretches := map[string][]models.Assignment{}
		for _, a := range hist {
			stretches[a.EmployeeID] = append(stretches[a.EmployeeID], a)
		}
		for _, e := range group {
			for d := from; !d.After(to); d = d.AddDays(1) {
				a := AttendanceDay{EmployeeID: e.ID, EmployeeName: e.FullName(), EmployeeNumber: e.EmployeeNumber, DepartmentID: e.DepartmentID, Day: d}
				for _, st := range stretches[e.ID] {
					if st.Covers(d.String()) {
						a.DepartmentID = st.DepartmentID
					}
				}
				if w, ok := entries[[2]string{e.ID, d.String()}]; ok {
					a.WorkDay, a.DepartmentID = w, w.DepartmentID
					if !hr {
						a.Correction = "" // the reason of a correction is HR's (it may speak of health)
					}
				} else if c := cal.On(d); c != nil && !c.IsOfficeDay(d) {
					a.Location = policies.LocationOff
				} else {
					a.Location, a.Portion = policies.LocationOffice, policies.UnitFull
				}
				if d := tree.byID[a.DepartmentID]; d != nil {
					a.DepartmentName = d.Name
				}
				if err := fn(a); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// attendancePeople are the people whose days the actor asked for and may see.
func (s *Ledger) attendancePeople(ctx context.Context, actor *Actor, q AttendanceQuery, from, to policies.Date) ([]*models.Employee, error) {
	loc, err := s.location(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	y, m, d := from.Civil()
	since := time.Date(y, m, d, 0, 0, 0, 0, loc)
	f := models.EmployeeFilter{PresentSince: &since}
	if q.DepartmentID != "" {
		tree, err := s.departmentTree(ctx, s.db, actor.OrganizationID)
		if err != nil {
			return nil, err
		}
		if _, ok := tree.byID[q.DepartmentID]; !ok {
			return nil, notFound("department " + q.DepartmentID)
		}
		f.Assigned = &models.AssignedFilter{DepartmentIDs: tree.below(q.DepartmentID), From: from.String(), To: to.String()}
	}
	if q.EmployeeID == actor.EmployeeID {
		me, err := s.employees.Get(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
		if err != nil {
			return nil, err
		}
		return []*models.Employee{me}, nil
	}
	mine := !policies.CanListAllEmployees(subject(actor))
	if mine {
		f.Manager = actor.EmployeeID
	}
	var people []*models.Employee
	for p := (models.Page{Limit: 1000}); ; {
		es, next, err := s.employees.List(ctx, s.db, actor.OrganizationID, f, p)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if q.EmployeeID == "" || e.ID == q.EmployeeID {
				people = append(people, e)
			}
		}
		if next == "" {
			break
		}
		p.After = next
	}
	if mine && q.EmployeeID == "" && q.DepartmentID == "" {
		me, err := s.employees.Get(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
		if err != nil {
			return nil, err
		}
		people = append(people, me)
	}
	if q.EmployeeID != "" && len(people) == 0 {
		return nil, notFound("attendance of " + q.EmployeeID)
	}
	slices.SortFunc(people, cmpNames)
	return people, nil
}

func cmpNames(a, b *models.Employee) int {
	if c := strings.Compare(a.FamilyNameKana+a.GivenNameKana, b.FamilyNameKana+b.GivenNameKana); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func attendancePeriod(q AttendanceQuery, days int) (from, to policies.Date, err error) {
	if from, to, err = reportPeriod(q.From, q.To, days); err != nil {
		return from, to, err
	}
	for _, id := range []struct{ name, value string }{{"department_id", q.DepartmentID}, {"employee_id", q.EmployeeID}} {
		if id.value != "" && !models.ValidID(id.value) {
			return from, to, invalidParam(id.name, "id の形式が正しくありません。", "Not an id.")
		}
	}
	return from, to, nil
}

// Repair is one ledger entry a rebuild repaired.
type Repair struct {
	Organization, EmployeeNumber, Day string
}

// Rebuild derives every employee's entries from one date to another again
// (the organisation's with the slug, or every organisation's) and repairs
// those that differ from what the sources say, reporting each. An audit
// event per organisation records how many.
func (s *Ledger) Rebuild(ctx context.Context, slug string, from, to policies.Date) ([]Repair, error) {
	if to.Before(from) || !to.Before(from.AddDays(367)) {
		return nil, fmt.Errorf("ledger rebuild: the period %s to %s must run forward, within a year", from, to)
	}
	var days []string
	for d := from; !d.After(to); d = d.AddDays(1) {
		days = append(days, d.String())
	}
	orgs, err := s.orgs.All(ctx, s.db)
	if err != nil {
		return nil, err
	}
	var out []Repair
	for _, o := range orgs {
		if slug != "" && o.Slug != slug {
			continue
		}
		staff, err := s.employees.Skeleton(ctx, s.db, o.ID)
		if err != nil {
			return nil, err
		}
		repaired := 0
		err = s.tx(ctx, func(tx *gorm.DB) error {
			for _, e := range staff {
				changed, err := s.refreshWorkDays(ctx, tx, o.ID, e.ID, days)
				if err != nil {
					return err
				}
				for _, d := range changed {
					out = append(out, Repair{Organization: o.Slug, EmployeeNumber: e.EmployeeNumber, Day: d})
				}
				repaired += len(changed)
			}
			return s.audit.record(ctx, tx, nil, auditEntry{Action: "work_day.rebuild", TargetType: "organization", TargetID: o.ID, OrganizationID: &o.ID,
				After: map[string]any{"from": from.String(), "to": to.String(), "repaired": repaired}})
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// Correction is HR's correction of where someone worked on a day.
type Correction struct {
	Location string `json:"location"` // office, home, satellite, elsewhere or leave
	Portion  string `json:"portion"`  // full, am, pm or hours
	Minutes  int    `json:"minutes"`  // with hours
	Reason   string `json:"reason"`
}

var correctable = map[string]bool{"office": true, "home": true, "satellite": true, "elsewhere": true, "leave": true}

// Correct records where an employee worked on a working day as HR found it,
// with the reason. It stands against every later derivation until HR
// withdraws it. The audit trail keeps what changed and that a reason was
// given, not the reason (it may speak of health).
func (s *Ledger) Correct(ctx context.Context, actor *Actor, employeeID, date string, in Correction) (*AttendanceDay, error) {
	if !policies.CanCorrectLedger(subject(actor)) {
		return nil, forbidden()
	}
	var v Validator
	d, err := policies.ParseDate(date)
	v.Check(err == nil, "date", "invalid", "日付は YYYY-MM-DD 形式です。", "The date is YYYY-MM-DD.")
	v.Check(correctable[in.Location], "location", "invalid", "勤務場所は office、home、satellite、elsewhere、leave のいずれかです。",
		"The location is office, home, satellite, elsewhere or leave.")
	switch policies.Unit(in.Portion) {
	case policies.UnitFull, policies.UnitAM, policies.UnitPM:
		v.Check(in.Minutes == 0, "minutes", "not_allowed", "時間数は hours のときだけ指定します。", "Minutes go with hours only.")
	case policies.UnitHours:
		v.Check(in.Minutes > 0 && in.Minutes <= 24*60, "minutes", "invalid", "時間数（分）は1〜1440です。", "Minutes are 1 to 1,440.")
	default:
		v.Add("portion", "invalid", "区分は full、am、pm、hours のいずれかです。", "The portion is full, am, pm or hours.")
	}
	n := len([]rune(strings.TrimSpace(in.Reason)))
	v.Check(n >= 1 && n <= 500, "reason", "required", "訂正の理由を500文字以内で入力してください。", "Give the reason, in at most 500 characters.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *AttendanceDay
	err = s.tx(ctx, func(tx *gorm.DB) error {
		emp, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID)
		if err != nil {
			return err
		}
		cal, err := s.orgCalendar(ctx, tx, actor.OrganizationID)
		if err != nil {
			return err
		}
		if c := cal.On(d); c != nil && !c.IsOfficeDay(d) {
			v.Add("date", "not_working_day", "閉庁日は訂正できません。", "The offices are closed on that day.")
			return v.Err()
		}
		before, err := models.WorkDays{}.Of(ctx, tx, actor.OrganizationID, employeeID, []string{date})
		if err != nil {
			return err
		}
		deptOn, err := s.departmentsOn(ctx, tx, emp, []string{date})
		if err != nil {
			return err
		}
		w := models.WorkDay{OrganizationID: actor.OrganizationID, EmployeeID: emp.ID, Day: models.Day(date), DepartmentID: deptOn[date],
			Location: policies.Location(in.Location), Portion: policies.Unit(in.Portion), Minutes: in.Minutes,
			CorrectedBy: &actor.EmployeeID, Correction: strings.TrimSpace(in.Reason), Actual: true, UpdatedAt: s.now()}
		if err := (models.WorkDays{}).Put(ctx, tx, &w); err != nil {
			return err
		}
		out = &AttendanceDay{EmployeeID: emp.ID, EmployeeName: emp.FullName(), DepartmentID: w.DepartmentID, Day: d, WorkDay: w}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "work_day.correct", TargetType: "employee", TargetID: emp.ID,
			Before: workDayAudit(date, before), After: workDayAudit(date, []models.WorkDay{w})})
	})
	return out, err
}

// Uncorrect withdraws HR's correction of a day: the day is derived from its
// sources again.
func (s *Ledger) Uncorrect(ctx context.Context, actor *Actor, employeeID, date string) error {
	if !policies.CanCorrectLedger(subject(actor)) {
		return forbidden()
	}
	if _, err := policies.ParseDate(date); err != nil || !models.ValidID(employeeID) {
		return notFound("correction of " + date)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		before, err := models.WorkDays{}.Of(ctx, tx, actor.OrganizationID, employeeID, []string{date})
		if err != nil {
			return err
		}
		if len(before) == 0 || before[0].CorrectedBy == nil {
			return notFound("correction of " + date)
		}
		if err := (models.WorkDays{}).Delete(ctx, tx, actor.OrganizationID, employeeID, date); err != nil {
			return err
		}
		if _, err := s.refreshWorkDays(ctx, tx, actor.OrganizationID, employeeID, []string{date}); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "work_day.uncorrect", TargetType: "employee", TargetID: employeeID,
			Before: workDayAudit(date, before)})
	})
}

// workDayAudit is what the audit trail keeps of a day's entry: where, and
// whether it was a correction with a reason, never the reason itself.
func workDayAudit(date string, ws []models.WorkDay) map[string]any {
	out := map[string]any{"date": date, "location": "office"}
	if len(ws) > 0 {
		w := ws[0]
		out["location"], out["portion"], out["minutes"], out["corrected"] = w.Location, w.Portion, w.Minutes, w.CorrectedBy != nil
	}
	return out
}
