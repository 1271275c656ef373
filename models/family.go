package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// FamilyMember is a family member an employee declared for childcare or
// nursing-care requests. Sensitive personal data: read it only through the
// services, which audit reads by anyone but the employee.
type FamilyMember struct {
	ID                     string `gorm:"primaryKey"`
	OrganizationID         string
	EmployeeID             string
	Relation               string
	Name                   string
	BirthDate              *Day
	Cohabiting             bool
	CareLevel              *int
	CareNeedDays           *int
	PartnershipCertificate bool
	EvidenceNote           string
	VerifiedAt             *time.Time
	VerifiedBy             *string
	VerificationNote       string // what HR checked (e.g. 住民票の写しで確認)
	// ExpectedDate is a child's expected date of birth; CareFrom and
	// CareTo bound a period of care (issue 22: facts that start and end).
	ExpectedDate *Day
	CareFrom     *Day
	CareTo       *Day
	DeletedAt    *time.Time
	PurgedAt     *time.Time // pseudonymised past its retention
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// FamilyMembers stores family members.
type FamilyMembers struct{}

// OfEmployee lists the employee's current family members.
func (FamilyMembers) OfEmployee(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]FamilyMember, error) {
	var ms []FamilyMember
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND deleted_at IS NULL", orgID, employeeID).
		Order("id").Find(&ms).Error
	return ms, Translate(err, "family members of %s", employeeID)
}

// Get returns one current family member of the employee.
func (FamilyMembers) Get(ctx context.Context, db *gorm.DB, orgID, employeeID, id string) (*FamilyMember, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "family member %q", id)
	}
	var m FamilyMember
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND id = ? AND deleted_at IS NULL", orgID, employeeID, id).Take(&m).Error
	if err != nil {
		return nil, Translate(err, "family member %s", id)
	}
	return &m, nil
}

// Current returns the organisation's current (not removed) family members
// with the given ids, keyed by id.
func (FamilyMembers) Current(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]*FamilyMember, error) {
	var ms []*FamilyMember
	err := db.WithContext(ctx).Where("organization_id = ? AND id IN ? AND deleted_at IS NULL", orgID, ids).Find(&ms).Error
	out := make(map[string]*FamilyMember, len(ms))
	for _, m := range ms {
		out[m.ID] = m
	}
	return out, Translate(err, "family members")
}

// Verified returns, of the given members, those HR has verified: what an
// approver may know of a request's family member.
func (FamilyMembers) Verified(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if ValidID(id) {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return out, nil
	}
	var verified []string
	err := db.WithContext(ctx).Model(&FamilyMember{}).Where("organization_id = ? AND id IN ? AND verified_at IS NOT NULL", orgID, valid).
		Pluck("id", &verified).Error
	for _, id := range verified {
		out[id] = true
	}
	return out, Translate(err, "verified family members")
}

// List returns one page of the organisation's current family members,
// verified or not (nil: both), in creation order.
func (FamilyMembers) List(ctx context.Context, db *gorm.DB, orgID string, verified *bool, p Page) ([]FamilyMember, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ? AND deleted_at IS NULL", orgID)
	switch {
	case verified == nil:
	case *verified:
		q = q.Where("verified_at IS NOT NULL")
	default:
		q = q.Where("verified_at IS NULL")
	}
	var ms []FamilyMember
	if err := p.apply(q, "id").Find(&ms).Error; err != nil {
		return nil, "", Translate(err, "family members of %s", orgID)
	}
	ms, next := trim(ms, p, func(m FamilyMember) string { return m.ID })
	return ms, next, nil
}

// Save creates or updates a family member.
func (FamilyMembers) Save(ctx context.Context, db *gorm.DB, m *FamilyMember) error {
	return Translate(db.WithContext(ctx).Save(m).Error, "save family member %s", m.ID)
}
