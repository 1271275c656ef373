package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Notification is what one person is told of a change to a request or task.
// Its texts never carry family or health details.
type Notification struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	RecipientID    string
	Kind           string
	RequestID      *string
	TaskID         *string
	TitleJa        string
	TitleEn        string
	BodyJa         string
	BodyEn         string
	ReadAt         *time.Time
	CreatedAt      time.Time
}

// Outbox channels.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// OutboxMessage is one e-mail or webhook post waiting to be delivered,
// written in the transaction of the change it tells of.
type OutboxMessage struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	NotificationID *string
	Channel        string
	Target         string // an e-mail address or a webhook URL
	Payload        string // JSON: the texts to send
	IdempotencyKey string
	Attempts       int
	LastError      string
	DeliveredAt    *time.Time
	CreatedAt      time.Time
}

// TableName implements gorm.Tabler.
func (OutboxMessage) TableName() string { return "notification_outbox" }

// Notifications stores notifications and their outbox.
type Notifications struct{}

// Create stores notifications.
func (Notifications) Create(ctx context.Context, db *gorm.DB, ns []Notification) error {
	if len(ns) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&ns).Error, "store notifications")
}

// CreateOutbox stores outbox messages.
func (Notifications) CreateOutbox(ctx context.Context, db *gorm.DB, ms []OutboxMessage) error {
	if len(ms) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&ms).Error, "store outbox")
}

// Of lists a recipient's notifications, newest first; Page.After is the last
// id of the previous page.
func (Notifications) Of(ctx context.Context, db *gorm.DB, orgID, recipientID string, unreadOnly bool, p Page) ([]Notification, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ? AND recipient_id = ?", orgID, recipientID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var ns []Notification
	if err := q.Order("id DESC").Limit(p.Limit + 1).Find(&ns).Error; err != nil {
		return nil, "", Translate(err, "notifications")
	}
	ns, next := trim(ns, p, func(n Notification) string { return n.ID })
	return ns, next, nil
}

// Unread counts a recipient's unread notifications.
func (Notifications) Unread(ctx context.Context, db *gorm.DB, orgID, recipientID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Notification{}).Where("organization_id = ? AND recipient_id = ? AND read_at IS NULL", orgID, recipientID).Count(&n).Error
	return n, Translate(err, "unread notifications")
}

// MarkRead marks one of the recipient's notifications read (once: a second
// call keeps the first time) and returns it.
func (Notifications) MarkRead(ctx context.Context, db *gorm.DB, orgID, recipientID, id string, at time.Time) (*Notification, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "notification %q", id)
	}
	if err := db.WithContext(ctx).Model(&Notification{}).Where("organization_id = ? AND recipient_id = ? AND id = ? AND read_at IS NULL", orgID, recipientID, id).
		Update("read_at", at).Error; err != nil {
		return nil, Translate(err, "read notification %s", id)
	}
	var n Notification
	if err := db.WithContext(ctx).Where("organization_id = ? AND recipient_id = ? AND id = ?", orgID, recipientID, id).Take(&n).Error; err != nil {
		return nil, Translate(err, "notification %s", id)
	}
	return &n, nil
}

// Outbox returns one outbox message, locked for update on PostgreSQL.
func (Notifications) Outbox(ctx context.Context, db *gorm.DB, id string, lock bool) (*OutboxMessage, error) {
	q := db.WithContext(ctx).Where("id = ?", id)
	if lock && db.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var m OutboxMessage
	if err := q.Take(&m).Error; err != nil {
		return nil, Translate(err, "outbox message %s", id)
	}
	return &m, nil
}

// MarkDelivered records the delivery of an undelivered message; it reports
// false when the message was delivered already.
func (Notifications) MarkDelivered(ctx context.Context, db *gorm.DB, id string, attempts int, at time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND delivered_at IS NULL", id).
		Updates(map[string]any{"delivered_at": at, "attempts": attempts, "last_error": ""})
	return res.RowsAffected == 1, Translate(res.Error, "deliver outbox message %s", id)
}

// RecordFailure records a failed attempt.
func (Notifications) RecordFailure(ctx context.Context, db *gorm.DB, id string, attempts int, msg string) error {
	if len(msg) > 500 {
		msg = msg[:500]
	}
	return Translate(db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND delivered_at IS NULL", id).
		Updates(map[string]any{"attempts": attempts, "last_error": msg}).Error, "outbox message %s", id)
}
