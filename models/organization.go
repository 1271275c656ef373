package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Organization is a tenant: one municipality (or a union of them).
type Organization struct {
	ID       string `gorm:"primaryKey"`
	Slug     string
	Name     string
	TimeZone string
	Language string
	// WebhookURL receives a JSON post per notification (e.g. a Microsoft
	// Teams or LINE WORKS incoming webhook); empty: none.
	WebhookURL string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// CalendarVersion is bumped by the database whenever the policy versions,
	// the closing days or the zone change (migration 00060); read only, so
	// that a save can never put it back.
	CalendarVersion int64 `gorm:"->"`
	// ChartVersion is bumped whenever a department or its flags change
	// (migration 00080); read only too.
	ChartVersion int64 `gorm:"->"`
}

// ClosingDay is a day the organisation closes its offices by its own ordinance.
type ClosingDay struct {
	OrganizationID string `gorm:"primaryKey"`
	Day            Day    `gorm:"primaryKey"` // in the organisation's zone
	Name           string
}

// TableName implements gorm.Tabler.
func (ClosingDay) TableName() string { return "organization_closing_days" }

// Officer names the employee holding a named office (e.g. the
// information-security officer), whom approval routes can call on.
type Officer struct {
	OrganizationID string `gorm:"primaryKey"`
	Role           string `gorm:"primaryKey"`
	EmployeeID     string
}

// TableName implements gorm.Tabler.
func (Officer) TableName() string { return "organization_officers" }

// Organizations queries organisations.
type Organizations struct{}

// Get returns the organisation.
func (Organizations) Get(ctx context.Context, db *gorm.DB, id string) (*Organization, error) {
	var o Organization
	err := db.WithContext(ctx).Where("id = ?", id).Take(&o).Error
	if err != nil {
		return nil, Translate(err, "organization %s", id)
	}
	return &o, nil
}

// All returns every organisation, by slug.
func (Organizations) All(ctx context.Context, db *gorm.DB) ([]Organization, error) {
	var out []Organization
	err := db.WithContext(ctx).Order("slug").Find(&out).Error
	return out, Translate(err, "organisations")
}

// GetBySlug returns the organisation with that slug.
func (Organizations) GetBySlug(ctx context.Context, db *gorm.DB, slug string) (*Organization, error) {
	var o Organization
	if err := db.WithContext(ctx).Where("slug = ?", slug).Take(&o).Error; err != nil {
		return nil, Translate(err, "organization %q", slug)
	}
	return &o, nil
}

// Create stores a new organisation.
func (Organizations) Create(ctx context.Context, db *gorm.DB, o *Organization) error {
	return Translate(db.WithContext(ctx).Create(o).Error, "create organization %q", o.Slug)
}

// Update saves the organisation's settings.
func (Organizations) Update(ctx context.Context, db *gorm.DB, o *Organization) error {
	res := db.WithContext(ctx).Model(o).Select("name", "time_zone", "language", "webhook_url", "updated_at").Updates(o)
	if res.Error != nil {
		return Translate(res.Error, "update organization %s", o.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update organization %s", o.ID)
	}
	return nil
}

// ClosingDays lists the organisation's own closing days in date order.
func (Organizations) ClosingDays(ctx context.Context, db *gorm.DB, orgID string) ([]ClosingDay, error) {
	var days []ClosingDay
	err := db.WithContext(ctx).Where("organization_id = ?", orgID).Order("day").Find(&days).Error
	return days, Translate(err, "closing days of %s", orgID)
}

// ReplaceClosingDays sets the organisation's closing days to days.
func (Organizations) ReplaceClosingDays(ctx context.Context, db *gorm.DB, orgID string, days []ClosingDay) error {
	if err := db.WithContext(ctx).Where("organization_id = ?", orgID).Delete(&ClosingDay{}).Error; err != nil {
		return Translate(err, "clear closing days of %s", orgID)
	}
	if len(days) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&days).Error, "store closing days of %s", orgID)
}

// Officers lists the organisation's named officers.
func (Organizations) Officers(ctx context.Context, db *gorm.DB, orgID string) ([]Officer, error) {
	var os []Officer
	err := db.WithContext(ctx).Where("organization_id = ?", orgID).Order("role").Find(&os).Error
	return os, Translate(err, "officers of %s", orgID)
}

// ReplaceOfficers sets the organisation's named officers.
func (Organizations) ReplaceOfficers(ctx context.Context, db *gorm.DB, orgID string, officers []Officer) error {
	if err := db.WithContext(ctx).Where("organization_id = ?", orgID).Delete(&Officer{}).Error; err != nil {
		return Translate(err, "clear officers of %s", orgID)
	}
	if len(officers) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&officers).Error, "store officers of %s", orgID)
}

// Any reports whether at least one organisation exists.
func (Organizations) Any(ctx context.Context, db *gorm.DB) (bool, error) {
	var ids []string
	err := db.WithContext(ctx).Model(&Organization{}).Limit(1).Pluck("id", &ids).Error
	return len(ids) > 0, Translate(err, "look for an organisation")
}

// LockForSetup makes the caller's transaction the only one creating
// organisations until it ends, so two `kinmuchi init` run at once cannot both
// find the database empty. The embedded database needs nothing more: its
// transactions begin IMMEDIATE and so already exclude every other writer.
func (Organizations) LockForSetup(ctx context.Context, tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	// SHARE ROW EXCLUSIVE conflicts with itself and with inserts, not with readers.
	return Translate(tx.WithContext(ctx).Exec("LOCK TABLE organizations IN SHARE ROW EXCLUSIVE MODE").Error, "lock organisations for set-up")
}
