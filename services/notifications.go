package services

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
)

// Notifications lets people read what they were told, and lets the delivery
// job send the outbox.
type Notifications struct {
	*base
}

// List returns the actor's own notifications, newest first, and the unread
// count. Reads only: no transaction (see Approvals.Inbox).
func (s *Notifications) List(ctx context.Context, actor *Actor, unreadOnly bool, p Page) ([]models.Notification, string, int64, error) {
	ns, next, err := s.notifications.Of(ctx, s.db, actor.OrganizationID, actor.EmployeeID, unreadOnly, p.store())
	if err != nil {
		return nil, "", 0, err
	}
	unread, err := s.notifications.Unread(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
	return ns, next, unread, err
}

// Unread counts the actor's unread notifications.
func (s *Notifications) Unread(ctx context.Context, actor *Actor) (int64, error) {
	return s.notifications.Unread(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
}

// MarkRead marks one of the actor's notifications read; another person's is
// not found.
func (s *Notifications) MarkRead(ctx context.Context, actor *Actor, id string) (*models.Notification, error) {
	var out *models.Notification
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.notifications.MarkRead(ctx, tx, actor.OrganizationID, actor.EmployeeID, id, s.now())
		return err
	})
	return out, err
}

// OutboxMessage is an outbox message ready to send.
type OutboxMessage struct {
	ID             string
	Channel        string
	Target         string
	IdempotencyKey string
	Delivered      bool
	Payload        OutboxPayload
}

// Outbox returns one outbox message for the delivery job.
func (s *Notifications) Outbox(ctx context.Context, id string) (*OutboxMessage, error) {
	m, err := s.notifications.Outbox(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	out := &OutboxMessage{ID: m.ID, Channel: m.Channel, Target: m.Target, IdempotencyKey: m.IdempotencyKey, Delivered: m.DeliveredAt != nil}
	if err := json.Unmarshal([]byte(m.Payload), &out.Payload); err != nil {
		return nil, fmt.Errorf("payload of outbox message %s: %w", id, err)
	}
	return out, nil
}

// MarkDelivered records, in the caller's transaction (the delivery job's,
// which completes the job in it too), that the message was sent on the
// attempt. It reports false when it had been marked already.
func (s *Notifications) MarkDelivered(ctx context.Context, tx *gorm.DB, id string, attempt int) (bool, error) {
	return s.notifications.MarkDelivered(ctx, tx, id, attempt, s.now())
}

// RecordFailure records a failed delivery attempt (without the payload).
func (s *Notifications) RecordFailure(ctx context.Context, id string, attempt int, cause error) error {
	return s.notifications.RecordFailure(ctx, s.db, id, attempt, cause.Error())
}
