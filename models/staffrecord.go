package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// StaffRecord is what HR records of a person from a date (issue 22): the
// hire date, employment type with probation and term, rank, working days,
// commute and usual workplace. It holds until the next record's ValidFrom.
type StaffRecord struct {
	OrganizationID string
	EmployeeID     string `gorm:"primaryKey"`
	ValidFrom      Day    `gorm:"primaryKey"`
	HireDate       *Day
	EmploymentType string
	ProbationUntil *Day
	TermUntil      *Day
	Rank           string
	// WorkDays are weekday names joined by commas; empty means every
	// office day.
	WorkDays       string
	CommuteMinutes *int
	CommuteKm      *int
	WorkplaceID    *string
	RecordedBy     string
	CreatedAt      time.Time
}

// StaffRecords stores the dated staff record.
type StaffRecords struct{}

// Of returns the employees' records, each one's oldest first: their history.
func (StaffRecords) Of(ctx context.Context, db *gorm.DB, orgID string, employeeIDs []string) ([]StaffRecord, error) {
	var out []StaffRecord
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id IN ?", orgID, employeeIDs).Order("employee_id, valid_from").Find(&out).Error
	return out, Translate(err, "staff records")
}

// Put stores a record, replacing the one of the same employee and date.
func (StaffRecords) Put(ctx context.Context, db *gorm.DB, r *StaffRecord) error {
	err := db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "employee_id"}, {Name: "valid_from"}},
		UpdateAll: true,
	}).Create(r).Error
	return Translate(err, "staff record of %s from %s", r.EmployeeID, r.ValidFrom)
}

// Delete removes the record of the employee from the date.
func (StaffRecords) Delete(ctx context.Context, db *gorm.DB, orgID, employeeID string, from Day) error {
	res := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND valid_from = ?", orgID, employeeID, from).Delete(&StaffRecord{})
	if res.Error == nil && res.RowsAffected == 0 {
		return Translate(ErrNotFound, "staff record of %s from %s", employeeID, from)
	}
	return Translate(res.Error, "staff record of %s", employeeID)
}

// EmergencyPeriod is an emergency HR declared (issue 22), for everyone or
// limited by its scopes to departments or usual workplaces.
type EmergencyPeriod struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	Name           string
	Kind           string
	StartsOn       Day
	EndsOn         Day
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time

	Scopes []EmergencyScope `gorm:"-"`
}

// EmergencyScope limits an emergency to a department (and those below it)
// or to the people whose usual workplace is an office.
type EmergencyScope struct {
	OrganizationID string
	EmergencyID    string
	DepartmentID   *string
	OfficeID       *string
}

// TableName implements gorm.Tabler.
func (EmergencyScope) TableName() string { return "emergency_period_scopes" }

// EmergencyPeriods stores emergency periods.
type EmergencyPeriods struct{}

// Create stores a period and its scopes.
func (EmergencyPeriods) Create(ctx context.Context, db *gorm.DB, e *EmergencyPeriod) error {
	if err := db.WithContext(ctx).Create(e).Error; err != nil {
		return Translate(err, "emergency period")
	}
	for i := range e.Scopes {
		e.Scopes[i].OrganizationID, e.Scopes[i].EmergencyID = e.OrganizationID, e.ID
	}
	if len(e.Scopes) > 0 {
		if err := db.WithContext(ctx).Create(&e.Scopes).Error; err != nil {
			return Translate(err, "emergency period scopes")
		}
	}
	return nil
}

// Overlapping lists the periods that touch [from, to], oldest first, with
// their scopes.
func (EmergencyPeriods) Overlapping(ctx context.Context, db *gorm.DB, orgID string, from, to Day) ([]EmergencyPeriod, error) {
	var out []EmergencyPeriod
	err := db.WithContext(ctx).Where("organization_id = ? AND starts_on <= ? AND ends_on >= ?", orgID, to, from).Order("starts_on, id").Find(&out).Error
	if err != nil || len(out) == 0 {
		return out, Translate(err, "emergency periods")
	}
	ids := make([]string, len(out))
	for i, e := range out {
		ids[i] = e.ID
	}
	var scopes []EmergencyScope
	if err := db.WithContext(ctx).Where("organization_id = ? AND emergency_id IN ?", orgID, ids).Find(&scopes).Error; err != nil {
		return nil, Translate(err, "emergency period scopes")
	}
	for i := range out {
		for _, s := range scopes {
			if s.EmergencyID == out[i].ID {
				out[i].Scopes = append(out[i].Scopes, s)
			}
		}
	}
	return out, nil
}

// Delete removes a period (its scopes go with it).
func (EmergencyPeriods) Delete(ctx context.Context, db *gorm.DB, orgID, id string) error {
	if !ValidID(id) {
		return Translate(ErrNotFound, "emergency period %q", id)
	}
	res := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Delete(&EmergencyPeriod{})
	if res.Error == nil && res.RowsAffected == 0 {
		return Translate(ErrNotFound, "emergency period %s", id)
	}
	return Translate(res.Error, "emergency period %s", id)
}

// End moves a period's last day (ending it early or prolonging it).
func (EmergencyPeriods) End(ctx context.Context, db *gorm.DB, orgID, id string, endsOn Day, at time.Time) error {
	res := db.WithContext(ctx).Model(&EmergencyPeriod{}).Where("organization_id = ? AND id = ?", orgID, id).
		Updates(map[string]any{"ends_on": endsOn, "updated_at": at})
	if res.Error == nil && res.RowsAffected == 0 {
		return Translate(ErrNotFound, "emergency period %s", id)
	}
	return Translate(res.Error, "emergency period %s", id)
}

// Get returns one period with its scopes.
func (EmergencyPeriods) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*EmergencyPeriod, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "emergency period %q", id)
	}
	var e EmergencyPeriod
	if err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&e).Error; err != nil {
		return nil, Translate(err, "emergency period %s", id)
	}
	err := db.WithContext(ctx).Where("organization_id = ? AND emergency_id = ?", orgID, id).Find(&e.Scopes).Error
	return &e, Translate(err, "emergency period scopes")
}
