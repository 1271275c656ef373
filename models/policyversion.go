package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// PolicyVersion is one stored version of an organisation's telework policy.
type PolicyVersion struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	PolicyID       string
	Version        string
	EffectiveFrom  Day
	Document       string
	Note           string // why HR stored it
	CreatedBy      *string
	CreatedAt      time.Time
}

// TableName implements gorm.Tabler.
func (PolicyVersion) TableName() string { return "telework_policy_versions" }

// PolicyVersions stores telework policy versions.
type PolicyVersions struct{}

// All returns every version of the organisation's policy by effective date.
func (PolicyVersions) All(ctx context.Context, db *gorm.DB, orgID string) ([]PolicyVersion, error) {
	var vs []PolicyVersion
	err := db.WithContext(ctx).Where("organization_id = ?", orgID).Order("effective_from").Find(&vs).Error
	return vs, Translate(err, "policy versions of %s", orgID)
}

// Create stores a new version.
func (PolicyVersions) Create(ctx context.Context, db *gorm.DB, v *PolicyVersion) error {
	return Translate(db.WithContext(ctx).Create(v).Error, "store policy version %q", v.Version)
}
