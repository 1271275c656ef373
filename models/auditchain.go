package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AuditCheckpoint is the head of the audit chain signed with the key kept
// outside the database.
type AuditCheckpoint struct {
	Position  int64 `gorm:"primaryKey;autoIncrement:false"`
	Hash      string
	RowCount  int64
	SignedAt  time.Time
	PublicKey string
	Signature string
}

// AuditChain stores the hash chain over audit_events.
type AuditChain struct{}

// sealLock is the advisory lock that makes sealing single-runner across
// processes on PostgreSQL (the embedded database has one writer anyway).
const sealLock = 0x6b696e6d75636869 // "kinmuchi"

// Lock takes the sealing lock until tx ends; sealers on other processes wait.
func (AuditChain) Lock(ctx context.Context, tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	return Translate(tx.WithContext(ctx).Exec("SELECT pg_advisory_xact_lock(?)", int64(sealLock)).Error, "lock audit chain")
}

// Head returns the last sealed row (nil when nothing is sealed yet).
func (AuditChain) Head(ctx context.Context, db *gorm.DB) (*AuditEvent, error) {
	var es []AuditEvent
	err := db.WithContext(ctx).Where("chain_position IS NOT NULL").Order("chain_position DESC").Limit(1).Find(&es).Error
	if err != nil || len(es) == 0 {
		return nil, Translate(err, "read audit chain head")
	}
	return &es[0], nil
}

// Unsealed returns up to limit rows not yet in the chain, oldest first.
func (AuditChain) Unsealed(ctx context.Context, db *gorm.DB, limit int) ([]AuditEvent, error) {
	var es []AuditEvent
	err := db.WithContext(ctx).Where("chain_position IS NULL").Order("created_at, id").Limit(limit).Find(&es).Error
	return es, Translate(err, "read unsealed audit events")
}

// CountUnsealed counts the rows not yet in the chain.
func (AuditChain) CountUnsealed(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&AuditEvent{}).Where("chain_position IS NULL").Count(&n).Error
	return n, Translate(err, "count unsealed audit events")
}

// Seal gives one unsealed row its place in the chain. It fails if the row
// was sealed meanwhile, so a row never gets two places.
func (AuditChain) Seal(ctx context.Context, tx *gorm.DB, id string, position int64, hash string) error {
	res := tx.WithContext(ctx).Table("audit_events").Where("id = ? AND chain_position IS NULL", id).
		Updates(map[string]any{"chain_position": position, "chain_hash": hash})
	if res.Error != nil {
		return Translate(res.Error, "seal audit event")
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("seal audit event %s: %w", id, ErrConflict)
	}
	return nil
}

// Sealed returns up to limit sealed rows after position, in chain order.
func (AuditChain) Sealed(ctx context.Context, db *gorm.DB, after int64, limit int) ([]AuditEvent, error) {
	var es []AuditEvent
	err := db.WithContext(ctx).Where("chain_position > ?", after).Order("chain_position").Limit(limit).Find(&es).Error
	return es, Translate(err, "read audit chain")
}

// InsertCheckpoint stores a signed head.
func (AuditChain) InsertCheckpoint(ctx context.Context, tx *gorm.DB, c *AuditCheckpoint) error {
	return Translate(tx.WithContext(ctx).Create(c).Error, "write audit checkpoint")
}

// LastCheckpoint returns the newest stored checkpoint (nil when none).
func (AuditChain) LastCheckpoint(ctx context.Context, db *gorm.DB) (*AuditCheckpoint, error) {
	var cs []AuditCheckpoint
	err := db.WithContext(ctx).Order("position DESC").Limit(1).Find(&cs).Error
	if err != nil || len(cs) == 0 {
		return nil, Translate(err, "read audit checkpoint")
	}
	return &cs[0], nil
}

// Checkpoints returns every stored checkpoint, oldest first.
func (AuditChain) Checkpoints(ctx context.Context, db *gorm.DB) ([]AuditCheckpoint, error) {
	var cs []AuditCheckpoint
	err := db.WithContext(ctx).Order("position").Find(&cs).Error
	return cs, Translate(err, "read audit checkpoints")
}
