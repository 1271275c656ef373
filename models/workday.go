package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/kinmuchi/kinmuchi/policies"
)

// WorkDay is one entry of the work-location ledger: where an employee works
// on a working day. A working day without an entry is a planned office day.
type WorkDay struct {
	OrganizationID string
	EmployeeID     string `gorm:"primaryKey"`
	Day            Day    `gorm:"primaryKey"`
	DepartmentID   string
	Location       policies.Location
	Portion        policies.Unit
	Minutes        int
	OfficeID       *string
	RequestID      *string
	Actual         bool // false until check-in records where the person was
	// CorrectedBy is the HR officer who corrected the entry, with the reason
	// (Correction); a corrected entry stands until HR withdraws it.
	CorrectedBy *string
	Correction  string
	UpdatedAt   time.Time
}

// WorkDays stores the ledger.
type WorkDays struct{}

// Of returns an employee's entries on the days.
func (WorkDays) Of(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) ([]WorkDay, error) {
	var out []WorkDay
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND day IN ?", orgID, employeeID, days).Find(&out).Error
	return out, Translate(err, "work days of %s", employeeID)
}

// Between returns the entries of the employees (all of the organisation's
// when employeeIDs is nil) from one date to another, by employee and day.
func (WorkDays) Between(ctx context.Context, db *gorm.DB, orgID string, employeeIDs []string, from, to string) ([]WorkDay, error) {
	q := db.WithContext(ctx).Where("organization_id = ? AND day >= ? AND day <= ?", orgID, from, to)
	if employeeIDs != nil {
		q = q.Where("employee_id IN ?", employeeIDs)
	}
	var out []WorkDay
	err := q.Order("employee_id, day").Find(&out).Error
	return out, Translate(err, "work days of %s", orgID)
}

// Put stores an entry, replacing the employee's entry of the day.
func (WorkDays) Put(ctx context.Context, db *gorm.DB, w *WorkDay) error {
	err := db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "employee_id"}, {Name: "day"}},
		DoUpdates: clause.AssignmentColumns([]string{"department_id", "location", "portion", "minutes", "office_id", "request_id", "actual",
			"corrected_by", "correction", "updated_at"}),
	}).Create(w).Error
	return Translate(err, "store work day %s of %s", w.Day, w.EmployeeID)
}

// Delete removes the employee's entry of the day, if any.
func (WorkDays) Delete(ctx context.Context, db *gorm.DB, orgID, employeeID, day string) error {
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND day = ?", orgID, employeeID, day).Delete(&WorkDay{}).Error
	return Translate(err, "delete work day %s of %s", day, employeeID)
}

// ApprovedDay is a day of an approved request, with where it is worked.
type ApprovedDay struct {
	RequestID string
	Day       Day
	Unit      string
	Minutes   int
	Place     string
	OfficeID  *string
}

// ApprovedDays returns the employee's approved telework on the days.
func (TeleworkRequests) ApprovedDays(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) ([]ApprovedDay, error) {
	var out []ApprovedDay
	err := db.WithContext(ctx).Table("telework_request_days AS d").
		Select("d.request_id, d.day, d.unit, d.minutes, r.place, r.office_id").
		Joins("JOIN telework_requests r ON r.id = d.request_id").
		// d.active (always true of an approved request's days) lets the
		// partial index telework_days_employee answer: without it this is a
		// scan of every request day (seconds at 50,000 staff).
		Where("d.organization_id = ? AND d.employee_id = ? AND d.day IN ? AND d.active AND r.status = ?", orgID, employeeID, days, policies.StateApproved).
		Scan(&out).Error
	return out, Translate(err, "approved days of %s", employeeID)
}

// SatelliteBooking is a confirmed booking of an employee at a satellite
// office (the organisation's own or a partner's coworking space), or one
// checked in at a main building (MainBuilding).
type SatelliteBooking struct {
	OfficeID     string
	StartAt      time.Time
	EndAt        time.Time
	CheckedInAt  *time.Time
	MainBuilding bool
}

// SatelliteBookings returns the employee's confirmed bookings at offices
// that are not a main building, and those checked in at one, starting in
// [from, to). The booker's organisation leads the index bookings_employee_time.
func (Bookings) SatelliteBookings(ctx context.Context, db *gorm.DB, orgID, employeeID string, from, to time.Time) ([]SatelliteBooking, error) {
	var out []SatelliteBooking
	err := db.WithContext(ctx).Table("bookings AS b").
		Select("b.office_id, b.start_at, b.end_at, b.checked_in_at, o.kind = ? AS main_building", OfficeMainBuilding).
		Joins("JOIN offices o ON o.id = b.office_id").
		Where("b.organization_id = ? AND b.employee_id = ? AND b.status = ? AND b.start_at >= ? AND b.start_at < ? AND (o.kind <> ? OR b.checked_in_at IS NOT NULL)",
			orgID, employeeID, policies.BookingConfirmed, from.UTC(), to.UTC(), OfficeMainBuilding).
		Scan(&out).Error
	return out, Translate(err, "satellite bookings of %s", employeeID)
}
