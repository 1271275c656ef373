package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// IdempotencyKey remembers the answer to a creating request so that a retry
// with the same key gets the same answer and creates nothing new. A row with
// no status code is a request still in progress.
type IdempotencyKey struct {
	OrganizationID string `gorm:"primaryKey"`
	ActorID        string `gorm:"primaryKey"`
	Key            string `gorm:"primaryKey"`
	Method         string
	Path           string
	RequestHash    string
	StatusCode     *int
	ContentType    *string
	ResponseBody   []byte
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// IdempotencyKeys stores idempotency keys.
type IdempotencyKeys struct{}

// Claim records key as in progress. It returns the stored row and false when
// the key is already known (in progress or finished).
func (IdempotencyKeys) Claim(ctx context.Context, db *gorm.DB, k *IdempotencyKey) (*IdempotencyKey, bool, error) {
	// An expired key is forgotten first so that it can be used again.
	err := db.WithContext(ctx).Where("organization_id = ? AND actor_id = ? AND key = ? AND expires_at < ?",
		k.OrganizationID, k.ActorID, k.Key, k.CreatedAt).Delete(&IdempotencyKey{}).Error
	if err != nil {
		return nil, false, Translate(err, "expire idempotency key")
	}
	err = db.WithContext(ctx).Create(k).Error
	if err == nil {
		return k, true, nil
	}
	if Kind(err) != ErrConflict {
		return nil, false, Translate(err, "claim idempotency key")
	}
	var existing IdempotencyKey
	err = db.WithContext(ctx).Where("organization_id = ? AND actor_id = ? AND key = ?", k.OrganizationID, k.ActorID, k.Key).
		Take(&existing).Error
	if err != nil {
		return nil, false, Translate(err, "read idempotency key")
	}
	return &existing, false, nil
}

// Complete stores the answer for a claimed key.
func (IdempotencyKeys) Complete(ctx context.Context, db *gorm.DB, k *IdempotencyKey) error {
	err := db.WithContext(ctx).Model(k).
		Select("status_code", "content_type", "response_body").Updates(k).Error
	return Translate(err, "complete idempotency key")
}

// Release forgets a claimed key whose request failed, so it can be retried.
func (IdempotencyKeys) Release(ctx context.Context, db *gorm.DB, k *IdempotencyKey) error {
	err := db.WithContext(ctx).Where("organization_id = ? AND actor_id = ? AND key = ? AND status_code IS NULL",
		k.OrganizationID, k.ActorID, k.Key).Delete(&IdempotencyKey{}).Error
	return Translate(err, "release idempotency key")
}

// DeleteExpired removes keys past their expiry.
func (IdempotencyKeys) DeleteExpired(ctx context.Context, db *gorm.DB, now time.Time) (int64, error) {
	res := db.WithContext(ctx).Where("expires_at < ?", now).Delete(&IdempotencyKey{})
	return res.RowsAffected, Translate(res.Error, "delete expired idempotency keys")
}
