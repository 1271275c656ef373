package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// AuditEvent records one change (or one sensitive read): who, on whose
// behalf, what, to which object, the object before and after (sensitive
// fields redacted by the writer), from which request.
type AuditEvent struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID *string
	ActorID        *string
	OnBehalfOfID   *string
	Action         string
	TargetType     string
	TargetID       string
	Before         JSON
	After          JSON
	RequestID      string
	ClientIP       string `gorm:"column:client_ip"`
	CreatedAt      time.Time
	// ChainPosition and ChainHash are set by the sealing job, never by the
	// writer of the event (see AuditChain).
	ChainPosition *int64  `gorm:"->"`
	ChainHash     *string `gorm:"->"`
}

// AuditEvents stores the audit trail.
type AuditEvents struct{}

// Insert writes the event; call it inside the transaction of the change.
func (AuditEvents) Insert(ctx context.Context, db *gorm.DB, e *AuditEvent) error {
	return Translate(db.WithContext(ctx).Exec(insertAuditEvent, e.insertValues()...).Error, "write audit event %s", e.Action)
}

// insertAuditEvent writes an event as its writer may (the chain columns are
// the sealing job's). Spelt out for the reason insertBooking is; a test fails
// when a field is added to AuditEvent and not here.
const insertAuditEvent = `INSERT INTO audit_events (id, organization_id, actor_id, on_behalf_of_id, action, target_type, target_id,
	before, after, request_id, client_ip, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertValues are the values of insertAuditEvent's columns, in its order.
func (e *AuditEvent) insertValues() []any {
	return []any{e.ID, e.OrganizationID, e.ActorID, e.OnBehalfOfID, e.Action, e.TargetType, e.TargetID,
		e.Before, e.After, e.RequestID, e.ClientIP, e.CreatedAt}
}

// AuditFilter narrows the audit trail.
type AuditFilter struct {
	Action     string
	TargetType string
	TargetID   string
	ActorID    string
	From, To   *time.Time
}

// List returns one page of the organisation's audit trail, in the page's order.
func (AuditEvents) List(ctx context.Context, db *gorm.DB, orgID string, f AuditFilter, p Page) ([]AuditEvent, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ?", orgID)
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.TargetType != "" {
		q = q.Where("target_type = ?", f.TargetType)
	}
	if f.TargetID != "" {
		q = q.Where("target_id = ?", f.TargetID)
	}
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.From != nil {
		q = q.Where("created_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("created_at < ?", f.To.UTC())
	}
	var es []AuditEvent
	if err := p.apply(q, "id").Find(&es).Error; err != nil {
		return nil, "", Translate(err, "list audit events")
	}
	es, next := trim(es, p, func(e AuditEvent) string { return e.ID })
	return es, next, nil
}

// ForTargets returns the events of the given objects of one type, oldest
// first (the trails of a page of requests, in one query).
func (AuditEvents) ForTargets(ctx context.Context, db *gorm.DB, orgID, targetType string, ids []string) ([]AuditEvent, error) {
	var es []AuditEvent
	if len(ids) == 0 {
		return es, nil
	}
	err := db.WithContext(ctx).Where("organization_id = ? AND target_type = ? AND target_id IN ?", orgID, targetType, ids).
		Order("id").Find(&es).Error
	return es, Translate(err, "audit events of %d %s", len(ids), targetType)
}

// Get returns one of the organisation's events.
func (AuditEvents) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*AuditEvent, error) {
	var e AuditEvent
	err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&e).Error
	if err != nil {
		return nil, Translate(err, "read audit event")
	}
	return &e, nil
}
