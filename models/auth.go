package models

import (
	"github.com/kinmuchi/kinmuchi/policies"

	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RefreshToken is one link of a refresh-token family. Only the token's hash is
// stored; a rotated token that comes back means the family was stolen.
type RefreshToken struct {
	ID              string `gorm:"primaryKey"`
	OrganizationID  string
	EmployeeID      string
	FamilyID        string
	TokenHash       string
	IssuedAt        time.Time
	ExpiresAt       time.Time
	FamilyExpiresAt time.Time
	RotatedAt       *time.Time
	RevokedAt       *time.Time
	RevokeReason    *string
	ClientIP        string
	UserAgent       string
}

// RefreshTokens queries refresh tokens.
type RefreshTokens struct{}

// Create stores a new token.
func (RefreshTokens) Create(ctx context.Context, db *gorm.DB, t *RefreshToken) error {
	return Translate(db.WithContext(ctx).Create(t).Error, "store refresh token")
}

// GetByHash finds a token by its hash.
func (RefreshTokens) GetByHash(ctx context.Context, db *gorm.DB, hash string) (*RefreshToken, error) {
	var t RefreshToken
	if err := db.WithContext(ctx).Where("token_hash = ?", hash).Take(&t).Error; err != nil {
		return nil, Translate(err, "refresh token")
	}
	return &t, nil
}

// MarkRotated marks the token used, only if it was still live; false when
// another request rotated or revoked it first (the caller treats that as reuse).
func (RefreshTokens) MarkRotated(ctx context.Context, db *gorm.DB, id string, at time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&RefreshToken{}).
		Where("id = ? AND rotated_at IS NULL AND revoked_at IS NULL", id).
		Update("rotated_at", at)
	return res.RowsAffected == 1, Translate(res.Error, "rotate refresh token %s", id)
}

// RevokeFamily revokes every live token of the family.
func (RefreshTokens) RevokeFamily(ctx context.Context, db *gorm.DB, familyID, reason string, at time.Time) (int64, error) {
	res := db.WithContext(ctx).Model(&RefreshToken{}).
		Where("family_id = ? AND revoked_at IS NULL", familyID).
		Updates(map[string]any{"revoked_at": at, "revoke_reason": reason})
	return res.RowsAffected, Translate(res.Error, "revoke token family %s", familyID)
}

// RevokeEmployee revokes every live token of the employee, but those of the
// family keep (the session making the change; "" keeps none).
func (RefreshTokens) RevokeEmployee(ctx context.Context, db *gorm.DB, employeeID, reason string, at time.Time, keep string) (int64, error) {
	q := db.WithContext(ctx).Model(&RefreshToken{}).Where("employee_id = ? AND revoked_at IS NULL", employeeID)
	if keep != "" {
		q = q.Where("family_id <> ?", keep)
	}
	res := q.Updates(map[string]any{"revoked_at": at, "revoke_reason": reason})
	return res.RowsAffected, Translate(res.Error, "revoke tokens of %s", employeeID)
}

// SessionCheck is what every authenticated request learns of its caller.
type SessionCheck struct {
	Active bool
	Roles  []policies.Role
	// Live: the session (refresh-token family) is neither revoked nor expired.
	Live bool
}

// CheckSession reads the employee, their roles and whether the session is
// live in one query (a row per role), so that a deactivated account or a
// revoked session is refused on the very next request at the cost of one
// round trip. An unknown employee is not found.
func (RefreshTokens) CheckSession(ctx context.Context, db *gorm.DB, orgID, employeeID, familyID string, now time.Time) (*SessionCheck, error) {
	if !ValidID(employeeID) {
		return nil, Translate(ErrNotFound, "employee %q", employeeID)
	}
	var rows []struct {
		Active bool
		Role   *policies.Role
		Live   bool
	}
	err := db.WithContext(ctx).Raw(`SELECT e.active, r.role, EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = @family
			AND t.organization_id = e.organization_id AND t.employee_id = e.id AND t.revoked_at IS NULL AND t.family_expires_at > @now) AS live
		FROM employees e LEFT JOIN employee_roles r ON r.employee_id = e.id
		WHERE e.organization_id = @org AND e.id = @id ORDER BY r.role`,
		map[string]any{"family": familyID, "now": now, "org": orgID, "id": employeeID}).Scan(&rows).Error
	if err != nil {
		return nil, Translate(err, "session of %s", employeeID)
	}
	if len(rows) == 0 {
		return nil, Translate(ErrNotFound, "employee %s", employeeID)
	}
	out := &SessionCheck{Active: rows[0].Active, Live: rows[0].Live && ValidID(familyID)}
	for _, r := range rows {
		if r.Role != nil {
			out.Roles = append(out.Roles, *r.Role)
		}
	}
	return out, nil
}

// FamilyLive reports whether a session (refresh-token family) of the
// employee is still live. A session of someone else is not: an access token
// carries both the subject and the session, and they must belong together.
func (RefreshTokens) FamilyLive(ctx context.Context, db *gorm.DB, orgID, employeeID, familyID string, now time.Time) (bool, error) {
	if !ValidID(familyID) || !ValidID(employeeID) {
		return false, nil
	}
	var n int64
	err := db.WithContext(ctx).Model(&RefreshToken{}).
		Where("family_id = ? AND organization_id = ? AND employee_id = ? AND revoked_at IS NULL AND family_expires_at > ?", familyID, orgID, employeeID, now).
		Limit(1).Count(&n).Error
	return n > 0, Translate(err, "session %s", familyID)
}

// LoginThrottle counts failed sign-ins for one key (an account or an address).
type LoginThrottle struct {
	Key         string `gorm:"primaryKey"`
	Failures    int
	Lockouts    int
	WindowStart time.Time
	LockedUntil *time.Time
	UpdatedAt   time.Time
}

// LoginThrottles keeps the failed sign-in counters shared by every process.
type LoginThrottles struct{}

// Get returns the counter for key, or a zero counter.
func (LoginThrottles) Get(ctx context.Context, db *gorm.DB, key string) (*LoginThrottle, error) {
	var t LoginThrottle
	err := db.WithContext(ctx).Where("key = ?", key).Take(&t).Error
	if err == gorm.ErrRecordNotFound {
		return &LoginThrottle{Key: key}, nil
	}
	return &t, Translate(err, "login throttle")
}

// Lock returns the counter for key, locked against other writers until the
// transaction ends (PostgreSQL; SQLite transactions already hold the database).
func (LoginThrottles) Lock(ctx context.Context, db *gorm.DB, key string, now time.Time) (*LoginThrottle, error) {
	// Insert-or-ignore first so there is always a row to lock.
	err := db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&LoginThrottle{Key: key, WindowStart: now, UpdatedAt: now}).Error
	if err != nil {
		return nil, Translate(err, "login throttle")
	}
	var t LoginThrottle
	q := db.WithContext(ctx).Where("key = ?", key)
	if db.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return &t, Translate(q.Take(&t).Error, "login throttle")
}

// Save stores the counter.
func (LoginThrottles) Save(ctx context.Context, db *gorm.DB, t *LoginThrottle) error {
	return Translate(db.WithContext(ctx).Save(t).Error, "save login throttle")
}

// Delete forgets the counter (after a successful sign-in).
func (LoginThrottles) Delete(ctx context.Context, db *gorm.DB, key string) error {
	return Translate(db.WithContext(ctx).Where("key = ?", key).Delete(&LoginThrottle{}).Error, "clear login throttle")
}
