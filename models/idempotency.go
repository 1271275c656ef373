package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// IdempotencyKey records that a creating request sent with a key produced a
// resource, answered with a status. It is written in the transaction of the
// change itself, so it exists exactly when the change committed. It holds
// ids and a hash, never the answer's body (which may hold personal data).
type IdempotencyKey struct {
	OrganizationID string `gorm:"primaryKey"`
	ActorID        string `gorm:"primaryKey"`
	Key            string `gorm:"primaryKey"`
	Method         string
	Path           string
	RequestHash    string
	StatusCode     int
	ResourceType   string
	ResourceID     string
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// IdempotencyKeys stores idempotency keys.
type IdempotencyKeys struct{}

// Find returns the actor's key if it has not expired at now.
func (IdempotencyKeys) Find(ctx context.Context, db *gorm.DB, orgID, actorID, key string, now time.Time) (*IdempotencyKey, error) {
	var k IdempotencyKey
	err := db.WithContext(ctx).Where("organization_id = ? AND actor_id = ? AND key = ? AND expires_at >= ?", orgID, actorID, key, now).
		Take(&k).Error
	if err != nil {
		return nil, Translate(err, "read idempotency key")
	}
	return &k, nil
}

// Record stores k in the caller's transaction. An expired row of the same key
// is forgotten first, so the key can be used again; a live one makes this a
// conflict (the same key's change committed meanwhile).
func (IdempotencyKeys) Record(ctx context.Context, tx *gorm.DB, k *IdempotencyKey) error {
	err := tx.WithContext(ctx).Where("organization_id = ? AND actor_id = ? AND key = ? AND expires_at < ?",
		k.OrganizationID, k.ActorID, k.Key, k.CreatedAt).Delete(&IdempotencyKey{}).Error
	if err != nil {
		return Translate(err, "expire idempotency key")
	}
	return Translate(tx.WithContext(ctx).Create(k).Error, "record idempotency key")
}

// DeleteExpired removes keys past their expiry.
func (IdempotencyKeys) DeleteExpired(ctx context.Context, db *gorm.DB, now time.Time) (int64, error) {
	res := db.WithContext(ctx).Where("expires_at < ?", now).Delete(&IdempotencyKey{})
	return res.RowsAffected, Translate(res.Error, "delete expired idempotency keys")
}
