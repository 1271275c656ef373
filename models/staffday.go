package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// StaffDay marks an employee on leave, or designated essential, on a day.
type StaffDay struct {
	OrganizationID string
	EmployeeID     string `gorm:"primaryKey"`
	Day            Day    `gorm:"primaryKey"`
	Kind           string `gorm:"primaryKey"` // leave or essential
	Portion        string // full, am or pm
	Note           string
	CreatedBy      *string
	CreatedAt      time.Time
}

// Staff day kinds.
const (
	StaffLeave     = "leave"
	StaffEssential = "essential"
)

// StaffDays stores leave and essential-staff days.
type StaffDays struct{}

// Upsert stores the days, replacing the same person, day and kind.
func (StaffDays) Upsert(ctx context.Context, db *gorm.DB, days []StaffDay) error {
	if len(days) == 0 {
		return nil
	}
	err := db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "employee_id"}, {Name: "day"}, {Name: "kind"}},
		DoUpdates: clause.AssignmentColumns([]string{"portion", "note", "created_by", "created_at"}),
	}).CreateInBatches(&days, 500).Error
	return Translate(err, "store staff days")
}

// Delete removes one day.
func (StaffDays) Delete(ctx context.Context, db *gorm.DB, orgID, employeeID, day, kind string) error {
	res := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND day = ? AND kind = ?", orgID, employeeID, day, kind).Delete(&StaffDay{})
	if res.Error != nil {
		return Translate(res.Error, "delete staff day")
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "staff day %s %s", day, kind)
	}
	return nil
}

// StaffDayFilter narrows a list of staff days.
type StaffDayFilter struct {
	EmployeeIDs []string // empty: everyone
	From, To    string   // inclusive dates; empty: open
	Kind        string
}

// List returns the organisation's staff days in date order.
func (StaffDays) List(ctx context.Context, db *gorm.DB, orgID string, f StaffDayFilter) ([]StaffDay, error) {
	q := db.WithContext(ctx).Where("organization_id = ?", orgID)
	if len(f.EmployeeIDs) > 0 {
		q = q.Where("employee_id IN ?", f.EmployeeIDs)
	}
	if f.From != "" {
		q = q.Where("day >= ?", f.From)
	}
	if f.To != "" {
		q = q.Where("day <= ?", f.To)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	var out []StaffDay
	err := q.Order("day, employee_id, kind").Limit(10000).Find(&out).Error
	return out, Translate(err, "list staff days")
}

// DepartmentCount is a number per department (and day).
type DepartmentCount struct {
	DepartmentID string
	Day          Day
	Kind         string
	N            int
}

// CountByDepartment counts, per department, day and kind, the active
// employees on full-day leave or designated essential on the days, in the
// departments given (a request's line: an organisation-wide count on every
// submission costs seconds in a large municipality).
func (StaffDays) CountByDepartment(ctx context.Context, db *gorm.DB, orgID string, days, deptIDs []string) ([]DepartmentCount, error) {
	var rows []DepartmentCount
	err := db.WithContext(ctx).Table("staff_days AS s").
		Select("a.department_id AS department_id, s.day AS day, s.kind AS kind, count(*) AS n").
		Joins("JOIN employees e ON e.id = s.employee_id AND e.organization_id = s.organization_id").
		// The department of the day, as transfers give it.
		Joins("JOIN assignments a ON a.employee_id = s.employee_id AND a.valid_from <= s.day AND (a.valid_to IS NULL OR a.valid_to > s.day)").
		Where("s.organization_id = ? AND s.day IN ? AND e.active = ? AND (s.kind = ? OR s.portion = ?)", orgID, days, true, StaffEssential, "full").
		Where("a.department_id IN ?", deptIDs).
		Group("a.department_id, s.day, s.kind").Scan(&rows).Error
	return rows, Translate(err, "count staff days")
}

// EssentialByDepartment counts, per department (as transfers give it on
// the day) and day, the active staff designated essential, of the
// departments given (all when deptIDs is nil). The ratio report needs only
// these: leave it reads from the ledger.
func (StaffDays) EssentialByDepartment(ctx context.Context, db *gorm.DB, orgID string, days, deptIDs []string) ([]DepartmentCount, error) {
	var rows []DepartmentCount
	q := db.WithContext(ctx).Table("staff_days AS s").
		Select("a.department_id AS department_id, s.day AS day, s.kind AS kind, count(*) AS n").
		Joins("JOIN employees e ON e.id = s.employee_id AND e.organization_id = s.organization_id").
		Joins("JOIN assignments a ON a.employee_id = s.employee_id AND a.valid_from <= s.day AND (a.valid_to IS NULL OR a.valid_to > s.day)").
		Where("s.organization_id = ? AND s.day IN ? AND e.active = ? AND s.kind = ?", orgID, days, true, StaffEssential)
	if deptIDs != nil {
		q = q.Where("a.department_id IN ?", deptIDs)
	}
	err := q.Group("a.department_id, s.day, s.kind").Scan(&rows).Error
	return rows, Translate(err, "count essential staff")
}

// Of returns one employee's staff days on the days.
func (s StaffDays) Of(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) ([]StaffDay, error) {
	return s.OfEmployees(ctx, db, orgID, []string{employeeID}, days)
}

// OfEmployees returns the employees' staff days on the days.
func (StaffDays) OfEmployees(ctx context.Context, db *gorm.DB, orgID string, employeeIDs, days []string) ([]StaffDay, error) {
	var out []StaffDay
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id IN ? AND day IN ?", orgID, employeeIDs, days).Find(&out).Error
	return out, Translate(err, "staff days")
}
