package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/kinmuchi/kinmuchi/policies"
)

// Assignment is one stretch of an employee's departments over time: from
// ValidFrom up to (not including) ValidTo, open when ValidTo is nil. An
// employee's rows tile time; a row starting after today is a transfer still
// to come.
type Assignment struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	EmployeeID     string
	DepartmentID   string
	ValidFrom      Day
	ValidTo        *Day
	Note           string
	CreatedBy      *string
	CreatedAt      time.Time
}

// Covers reports whether the assignment holds on the day.
func (a *Assignment) Covers(day string) bool {
	return a.ValidFrom.String() <= day && (a.ValidTo == nil || day < a.ValidTo.String())
}

// Assignments stores the department history.
type Assignments struct{}

// Of returns the employee's history, oldest first.
func (Assignments) Of(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]Assignment, error) {
	var out []Assignment
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ?", orgID, employeeID).Order("valid_from").Find(&out).Error
	return out, Translate(err, "assignments of %s", employeeID)
}

// OfForUpdate returns the employee's history, oldest first, locking the rows
// (PostgreSQL) so that two transfers of one person are made one after the other.
func (Assignments) OfForUpdate(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]Assignment, error) {
	var out []Assignment
	q := db.WithContext(ctx)
	if db.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	err := q.Where("organization_id = ? AND employee_id = ?", orgID, employeeID).Order("valid_from").Find(&out).Error
	return out, Translate(err, "assignments of %s", employeeID)
}

// Overlapping returns the organisation's assignments that hold on some day
// from one date to another (of the employees given, or everyone's when nil).
func (Assignments) Overlapping(ctx context.Context, db *gorm.DB, orgID string, employeeIDs []string, from, to string) ([]Assignment, error) {
	q := db.WithContext(ctx).Select("employee_id", "department_id", "valid_from", "valid_to").
		Where("organization_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)", orgID, to, from)
	if employeeIDs != nil {
		q = q.Where("employee_id IN ?", employeeIDs)
	}
	var out []Assignment
	err := q.Find(&out).Error
	return out, Translate(err, "assignments of %s", orgID)
}

// Create stores an assignment.
func (Assignments) Create(ctx context.Context, db *gorm.DB, a *Assignment) error {
	return Translate(db.WithContext(ctx).Create(a).Error, "create assignment of %s", a.EmployeeID)
}

// Save stores an assignment's changed department, dates and note.
func (Assignments) Save(ctx context.Context, db *gorm.DB, a *Assignment) error {
	err := db.WithContext(ctx).Model(&Assignment{}).Where("organization_id = ? AND id = ?", a.OrganizationID, a.ID).
		Select("department_id", "valid_from", "valid_to", "note").Updates(a).Error
	return Translate(err, "save assignment %s", a.ID)
}

// Delete removes an assignment.
func (Assignments) Delete(ctx context.Context, db *gorm.DB, orgID, id string) error {
	return Translate(db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Delete(&Assignment{}).Error, "delete assignment %s", id)
}

// Due lists the employees of the organisation whose department column is
// not the one their history gives for the day (a transfer took effect).
func (Assignments) Due(ctx context.Context, db *gorm.DB, orgID, day string) ([]Assignment, error) {
	var out []Assignment
	err := db.WithContext(ctx).Table("assignments AS a").Select("a.*").
		Joins("JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id").
		Where("a.organization_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to > ?) AND e.department_id <> a.department_id", orgID, day, day).
		Order("a.employee_id").Find(&out).Error
	return out, Translate(err, "transfers due in %s", orgID)
}

// SetDepartment moves the employee's department column (the department as of
// today) to the one the history gives.
func (Employees) SetDepartment(ctx context.Context, db *gorm.DB, orgID, id, deptID string, at time.Time) error {
	err := db.WithContext(ctx).Model(&Employee{}).Where("organization_id = ? AND id = ?", orgID, id).
		Updates(map[string]any{"department_id": deptID, "updated_at": at}).Error
	return Translate(err, "set department of %s", id)
}

// MoveDays gives the employee's live request days and ledger entries from
// one date up to another (open when to is "") to the department, and
// returns the full-day request days that moved from another department, for
// the caller to move the attendance counters with them.
func (TeleworkRequests) MoveDays(ctx context.Context, db *gorm.DB, orgID, employeeID, deptID, from, to string) ([]TeleworkDay, error) {
	span := func(q *gorm.DB) *gorm.DB {
		q = q.Where("organization_id = ? AND employee_id = ? AND day >= ? AND department_id <> ?", orgID, employeeID, from, deptID)
		if to != "" {
			q = q.Where("day < ?", to)
		}
		return q
	}
	var moved []TeleworkDay
	if err := span(db.WithContext(ctx).Where("active = ? AND unit = ?", true, "full")).Find(&moved).Error; err != nil {
		return nil, Translate(err, "request days of %s", employeeID)
	}
	if err := span(db.WithContext(ctx).Model(&TeleworkDay{})).Update("department_id", deptID).Error; err != nil {
		return nil, Translate(err, "move request days of %s", employeeID)
	}
	if err := span(db.WithContext(ctx).Model(&WorkDay{})).Update("department_id", deptID).Error; err != nil {
		return nil, Translate(err, "move work days of %s", employeeID)
	}
	return moved, nil
}

// LiveFullDays returns the employee's live (pending or approved) full-day
// request days among the days: those the attendance counters count.
func (TeleworkRequests) LiveFullDays(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) ([]TeleworkDay, error) {
	var out []TeleworkDay
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND day IN ? AND active = ? AND unit = ?",
		orgID, employeeID, days, true, "full").Find(&out).Error
	return out, Translate(err, "live days of %s", employeeID)
}

// Membership is an assignment with what tells whether its employee still
// works: the report counts a deactivated employee until the deactivation.
type Membership struct {
	EmployeeID    string
	DepartmentID  string
	ValidFrom     Day
	ValidTo       *Day
	Active        bool
	DeactivatedAt *time.Time
}

// Members returns the assignments of the organisation's staff that hold on
// some day from one date to another, leaving out those deactivated before
// since (the start of the period).
// Only the departments given are read, or all when deptIDs is nil.
func (Assignments) Members(ctx context.Context, db *gorm.DB, orgID, from, to string, since time.Time, deptIDs []string) ([]Membership, error) {
	var out []Membership
	q := db.WithContext(ctx)
	if deptIDs != nil {
		q = q.Where("a.department_id IN ?", deptIDs)
	}
	err := q.Table("assignments AS a").
		Select("a.employee_id, a.department_id, a.valid_from, a.valid_to, e.active, e.deactivated_at").
		Joins("JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id").
		Where("a.organization_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to > ?)", orgID, to, from).
		Where("(e.active = ? OR e.deactivated_at >= ?)", true, since).
		Scan(&out).Error
	return out, Translate(err, "members of %s", orgID)
}

// MemberCount is how many of a department's staff are its members from a
// day (the period's first at the earliest) until another (nil: to the
// period's end), and whether they still work.
type MemberCount struct {
	DepartmentID  string
	ValidFrom     Day
	ValidTo       *Day
	Active        bool
	DeactivatedAt *time.Time
	N             int
}

// MemberCounts is Members counted by the database: the stretches are cut to
// the period, so everyone in a department all period long falls into one
// row instead of one each (50,000 staff read as a few hundred rows). A
// deactivated employee keeps a row of their own, since the report counts
// them until the day of their deactivation in the organisation's zone.
//
// The active are counted from the history alone, leaving out the few who
// are not (the partial index employees_inactive finds them): joining every
// member's employee row only to learn that they work read all 50,000 of them
// even for one department's report.
func (Assignments) MemberCounts(ctx context.Context, db *gorm.DB, orgID, from, to string, since time.Time, deptIDs []string) ([]MemberCount, error) {
	in := ""
	if deptIDs != nil {
		in = " AND a.department_id IN @depts"
	}
	// The few who are not active come first: the embedded database takes a
	// compound query's column types from its first part, and reads the
	// deactivation as a time only when it is a column there.
	q := `SELECT a.department_id, CASE WHEN a.valid_from < @from THEN @from ELSE a.valid_from END AS valid_from,
		CASE WHEN a.valid_to > @to THEN NULL ELSE a.valid_to END AS valid_to, e.active, e.deactivated_at, count(*) AS n
	FROM assignments a JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id
	WHERE a.organization_id = @org AND a.valid_from <= @to AND (a.valid_to IS NULL OR a.valid_to > @from)` + in + `
		AND NOT e.active AND e.deactivated_at >= @since
	GROUP BY 1, 2, 3, 4, 5
	UNION ALL
	SELECT a.department_id, CASE WHEN a.valid_from < @from THEN @from ELSE a.valid_from END,
		CASE WHEN a.valid_to > @to THEN NULL ELSE a.valid_to END, TRUE, NULL, count(*)
	FROM assignments a
	WHERE a.organization_id = @org AND a.valid_from <= @to AND (a.valid_to IS NULL OR a.valid_to > @from)` + in + `
		AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.organization_id = a.organization_id AND e.id = a.employee_id AND NOT e.active)
	GROUP BY 1, 2, 3` // by position: the cut stretches are expressions with parameters
	var out []MemberCount
	err := db.WithContext(ctx).Raw(q, map[string]any{"org": orgID, "from": from, "to": to, "since": since, "depts": deptIDs}).
		Scan(&out).Error
	return out, Translate(err, "count members of %s", orgID)
}

// LedgerTally counts a department-day's ledger entries of one kind.
type LedgerTally struct {
	DepartmentID string
	Day          Day
	Location     string
	Portion      string
	Actual       bool
	Requested    bool // from a telework request (approved)
	N            int
}

// Tally counts the organisation's ledger entries by department, day and
// kind from one date to another, telling apart those a request made (the
// forecast's approved days away): a report reads counts, never the rows.
func (WorkDays) Tally(ctx context.Context, db *gorm.DB, orgID, from, to string) ([]LedgerTally, error) {
	var out []LedgerTally
	// Grouped in the order of the index work_days_tally, which holds every
	// column read: PostgreSQL counts the rows as the index gives them,
	// without sorting them (but for the request's presence, an expression).
	const keys = "day, department_id, location, portion, actual, request_id IS NOT NULL"
	rows, err := db.WithContext(ctx).Model(&WorkDay{}).Select(keys+", count(*)").
		Where("organization_id = ? AND day >= ? AND day <= ?", orgID, from, to).Group(keys).Rows()
	if err != nil {
		return nil, Translate(err, "tally work days of %s", orgID)
	}
	defer rows.Close()
	// By hand: GORM's reflection over the 40,000 rows of a month of 50,000
	// staff took most of the report's Go time.
	var t LedgerTally
	dest := []any{&t.Day, &t.DepartmentID, &t.Location, &t.Portion, &t.Actual, &t.Requested, &t.N}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, Translate(err, "tally work days of %s", orgID)
		}
		out = append(out, t)
	}
	return out, Translate(rows.Err(), "tally work days of %s", orgID)
}

// LedgerDayCount is a department-day of the ledger counted the way the
// ratio report counts it (policies.DayTally): full days of leave, home,
// satellite and elsewhere; parts of days away from the office; and the
// entries recorded as actual, leave all day left out.
type LedgerDayCount struct {
	DepartmentID                                       string
	Day                                                Day
	Leave, Home, Satellite, Elsewhere, Partial, Actual int
}

// DayCounts counts the ledger's entries by department and day from one
// date to another, for the departments given (all when deptIDs is nil).
// The ratio report needs these sums only: counted by the database, a month
// of 50,000 staff comes back as one row per department-day (8,000) instead
// of one per kind of entry (40,000), each of which cost the report's Go
// side more to read than the database to count.
func (WorkDays) DayCounts(ctx context.Context, db *gorm.DB, orgID, from, to string, deptIDs []string) ([]LedgerDayCount, error) {
	const full = "portion = '" + string(policies.UnitFull) + "'"
	const away = "location IN ('" + string(policies.LocationHome) + "', '" + string(policies.LocationSatellite) + "', '" + string(policies.LocationElsewhere) + "')"
	const leaveAllDay = "location = '" + string(policies.LocationLeave) + "' AND " + full
	when := func(cond string) string { return "sum(CASE WHEN " + cond + " THEN n ELSE 0 END)" }
	// Counted first by kind in the order of the index work_days_tally (an
	// index-only scan grouped as it is read, see Tally), then the kinds of
	// each department-day summed: the sums run over the 40,000 kinds, not
	// the 190,000 entries, and in the order the kinds come (no sort).
	const keys = "day, department_id, location, portion, actual"
	kinds := db.WithContext(ctx).Model(&WorkDay{}).Select(keys+", CAST(count(*) AS INTEGER) AS n"). // summed as bigint, not numeric
													Where("organization_id = ? AND day >= ? AND day <= ?", orgID, from, to)
	if deptIDs != nil {
		days, err := daysFromTo(from, to)
		if err != nil {
			return nil, err
		}
		// Each day and department named: the index (day before department)
		// is then probed for each pair, where a range of days would read
		// the whole organisation's month to keep a few departments' rows.
		kinds = kinds.Where("day IN ? AND department_id IN ?", days, deptIDs)
	}
	q := db.WithContext(ctx).Table("(?) AS k", kinds.Group(keys)).Select("day, department_id, " +
		when(leaveAllDay) + ", " +
		when("location = '"+string(policies.LocationHome)+"' AND "+full) + ", " +
		when("location = '"+string(policies.LocationSatellite)+"' AND "+full) + ", " +
		when("location = '"+string(policies.LocationElsewhere)+"' AND "+full) + ", " +
		when(away+" AND NOT "+full) + ", " +
		when("actual AND NOT ("+leaveAllDay+")"))
	rows, err := q.Group("day, department_id").Rows()
	if err != nil {
		return nil, Translate(err, "count work days of %s", orgID)
	}
	defer rows.Close()
	var out []LedgerDayCount
	var c LedgerDayCount
	dest := []any{&c.Day, &c.DepartmentID, &c.Leave, &c.Home, &c.Satellite, &c.Elsewhere, &c.Partial, &c.Actual}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, Translate(err, "count work days of %s", orgID)
		}
		out = append(out, c)
	}
	return out, Translate(rows.Err(), "count work days of %s", orgID)
}

// daysFromTo lists the dates from one to another.
func daysFromTo(from, to string) ([]string, error) {
	first, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return nil, fmt.Errorf("days from %q: %w", from, err)
	}
	var days []string
	for d := first; d.Format(time.DateOnly) <= to; d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(time.DateOnly))
	}
	return days, nil
}

// Counters returns the attendance counters (live full days away) of the
// organisation's departments from one date to another.
func (Attendance) Counters(ctx context.Context, db *gorm.DB, orgID, from, to string) ([]AttendanceDay, error) {
	var out []AttendanceDay
	err := db.WithContext(ctx).Where("organization_id = ? AND day >= ? AND day <= ? AND remote > 0", orgID, from, to).Find(&out).Error
	return out, Translate(err, "attendance counters of %s", orgID)
}

// ForecastBreaches remembers the breaches the attendance forecast announced.
type ForecastBreaches struct{}

// Claim records the breach and reports whether it is new (to announce).
func (ForecastBreaches) Claim(ctx context.Context, db *gorm.DB, orgID, deptID, day, bound string, at time.Time) (bool, error) {
	res := db.WithContext(ctx).Exec(`INSERT INTO forecast_breaches (organization_id, department_id, day, bound, notified_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, orgID, deptID, day, bound, at)
	return res.RowsAffected == 1, Translate(res.Error, "claim breach %s %s", deptID, day)
}
