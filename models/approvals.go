package models

import (
	"context"
	"time"

	"github.com/kinmuchi/kinmuchi/policies"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ApprovalTask is one approver's part in one step of a request's route.
type ApprovalTask struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	RequestID      string
	Round          int // resubmission round; earlier rounds stay as history
	StepIndex      int
	StepName       string
	StepLabel      string
	Mode           string
	ApproverKind   string
	ApproverID     string
	Conditional    bool
	Status         policies.TaskState
	DecidedBy      *string
	OnBehalfOf     *string
	Comment        string
	PolicyVersions string
	DecidedAt      *time.Time
	// RemindedAt: the current approver was reminded (cleared on escalation).
	RemindedAt *time.Time
	// EscalatedAt and EscalatedFrom: when the task last passed to another
	// approver because it waited too long, and from whom.
	EscalatedAt   *time.Time
	EscalatedFrom *string
	// CreatedAt is when the task was made; UpdatedAt, for a pending task,
	// when its approver received it (it became pending or was escalated):
	// reminders leave it alone.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ApprovalTasks stores approval tasks.
type ApprovalTasks struct{}

// Create stores tasks.
func (ApprovalTasks) Create(ctx context.Context, db *gorm.DB, ts []ApprovalTask) error {
	if len(ts) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&ts).Error, "store approval tasks")
}

// Get returns one task of the organisation.
func (ApprovalTasks) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*ApprovalTask, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "approval task %q", id)
	}
	var t ApprovalTask
	if err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&t).Error; err != nil {
		return nil, Translate(err, "approval task %s", id)
	}
	return &t, nil
}

// OfRequest returns a request's tasks in route order, every round.
func (s ApprovalTasks) OfRequest(ctx context.Context, db *gorm.DB, orgID, requestID string) ([]ApprovalTask, error) {
	return s.OfRequests(ctx, db, orgID, []string{requestID})
}

// OfRequests returns the tasks of several requests, each request's in route
// order.
func (ApprovalTasks) OfRequests(ctx context.Context, db *gorm.DB, orgID string, requestIDs []string) ([]ApprovalTask, error) {
	var ts []ApprovalTask
	if len(requestIDs) == 0 {
		return ts, nil
	}
	err := db.WithContext(ctx).Where("organization_id = ? AND request_id IN ?", orgID, requestIDs).
		Order("request_id, round, step_index, id").Find(&ts).Error
	return ts, Translate(err, "tasks of %d requests", len(requestIDs))
}

// Save stores a task's state.
func (ApprovalTasks) Save(ctx context.Context, db *gorm.DB, t *ApprovalTask) error {
	return Translate(db.WithContext(ctx).Save(t).Error, "save approval task %s", t.ID)
}

// Inbox returns the pending tasks of the given approvers, oldest first.
func (ApprovalTasks) Inbox(ctx context.Context, db *gorm.DB, orgID string, approverIDs []string, status policies.TaskState, p Page) ([]ApprovalTask, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ? AND approver_id IN ?", orgID, approverIDs)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var ts []ApprovalTask
	if err := p.apply(q, "id").Find(&ts).Error; err != nil {
		return nil, "", Translate(err, "inbox")
	}
	ts, next := trim(ts, p, func(t ApprovalTask) string { return t.ID })
	return ts, next, nil
}

// Delegation names a deputy who decides an approver's tasks for a period.
type Delegation struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	ApproverID     string
	DeputyID       string
	StartsOn       Day
	EndsOn         Day
	Note           string
	CreatedBy      string
	RevokedAt      *time.Time
	CreatedAt      time.Time
}

// Delegations stores delegations.
type Delegations struct{}

// Create stores a delegation; an overlapping one for the same approver is a conflict.
func (Delegations) Create(ctx context.Context, db *gorm.DB, d *Delegation) error {
	return Translate(db.WithContext(ctx).Create(d).Error, "store delegation")
}

// Get returns one live delegation.
func (Delegations) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*Delegation, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "delegation %q", id)
	}
	var d Delegation
	if err := db.WithContext(ctx).Where("organization_id = ? AND id = ? AND revoked_at IS NULL", orgID, id).Take(&d).Error; err != nil {
		return nil, Translate(err, "delegation %s", id)
	}
	return &d, nil
}

// Revoke ends a delegation.
func (Delegations) Revoke(ctx context.Context, db *gorm.DB, d *Delegation, at time.Time) error {
	d.RevokedAt = &at
	return Translate(db.WithContext(ctx).Model(d).Update("revoked_at", at).Error, "revoke delegation %s", d.ID)
}

// Involving lists the live delegations given by or to the employee (all,
// when employeeID is empty).
func (Delegations) Involving(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]Delegation, error) {
	q := db.WithContext(ctx).Where("organization_id = ? AND revoked_at IS NULL", orgID)
	if employeeID != "" {
		q = q.Where("approver_id = ? OR deputy_id = ?", employeeID, employeeID)
	}
	var ds []Delegation
	err := q.Order("starts_on, id").Find(&ds).Error
	return ds, Translate(err, "delegations")
}

// ActiveFor returns the approvers who named the deputy for a range covering day.
func (Delegations) ActiveFor(ctx context.Context, db *gorm.DB, orgID, deputyID string, day Day) ([]Delegation, error) {
	var ds []Delegation
	err := db.WithContext(ctx).Where("organization_id = ? AND deputy_id = ? AND revoked_at IS NULL AND starts_on <= ? AND ends_on >= ?",
		orgID, deputyID, day, day).Find(&ds).Error
	return ds, Translate(err, "delegations to %s", deputyID)
}

// PendingOlderThan lists pending tasks of every organisation that their
// approver received before the instant (the escalation job's candidates).
func (ApprovalTasks) PendingOlderThan(ctx context.Context, db *gorm.DB, before time.Time, limit int) ([]ApprovalTask, error) {
	var ts []ApprovalTask
	err := db.WithContext(ctx).Where("status = ? AND updated_at <= ?", policies.TaskPending, before).Order("updated_at, id").Limit(limit).Find(&ts).Error
	return ts, Translate(err, "pending tasks")
}

// Reassign passes a pending task to another approver, only if it is still
// pending with the approver it had and unchanged since (updated_at): a
// concurrent decision or escalation makes it report false.
func (ApprovalTasks) Reassign(ctx context.Context, db *gorm.DB, t *ApprovalTask, to, kind string, at time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&ApprovalTask{}).
		Where("id = ? AND status = ? AND approver_id = ? AND updated_at = ?", t.ID, policies.TaskPending, t.ApproverID, t.UpdatedAt).
		Updates(map[string]any{"approver_id": to, "approver_kind": kind, "escalated_from": t.ApproverID, "escalated_at": at,
			"reminded_at": nil, "updated_at": at})
	return res.RowsAffected == 1, Translate(res.Error, "escalate task %s", t.ID)
}

// MarkReminded records a reminder, only once per approver; it reports false
// when another run reminded first or the task moved on. updated_at is left
// alone: it tells when the approver received the task.
func (ApprovalTasks) MarkReminded(ctx context.Context, db *gorm.DB, t *ApprovalTask, at time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&ApprovalTask{}).
		Where("id = ? AND status = ? AND approver_id = ? AND updated_at = ? AND reminded_at IS NULL", t.ID, policies.TaskPending, t.ApproverID, t.UpdatedAt).
		UpdateColumn("reminded_at", at)
	return res.RowsAffected == 1, Translate(res.Error, "remind task %s", t.ID)
}

// Lock reads a task again, locked on PostgreSQL until the transaction ends,
// so that a decision and an escalation of the same task never interleave
// (SQLite's write transactions already exclude each other).
func (ApprovalTasks) Lock(ctx context.Context, db *gorm.DB, orgID, id string) (*ApprovalTask, error) {
	q := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id)
	if db.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var t ApprovalTask
	if err := q.Take(&t).Error; err != nil {
		return nil, Translate(err, "approval task %s", id)
	}
	return &t, nil
}
