package services

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// NoticeWebhookTest is the kind of an administrator's test post.
const NoticeWebhookTest = "webhook_test"

// WebhookDelivery is how a webhook post stands: delivered, failing (its
// attempts and last error, which names the host at most), or waiting.
type WebhookDelivery struct {
	ID          string
	Host        string
	Attempts    int
	LastError   string
	DeliveredAt *time.Time
	CreatedAt   time.Time
}

func webhookDeliveryOf(m *models.OutboxMessage) *WebhookDelivery {
	return &WebhookDelivery{ID: m.ID, Host: webhookHost(m.Target), Attempts: m.Attempts, LastError: m.LastError, DeliveredAt: m.DeliveredAt, CreatedAt: m.CreatedAt}
}

// webhookHost is the host a webhook URL posts to; the rest of the URL (its
// path is often the channel's secret) is never shown or audited.
func webhookHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// TestWebhook queues a test post to the organisation's webhook. It goes the
// way every notice goes (an outbox row and a delivery job in one
// transaction, then the guarded sender), so a test that arrives proves the
// path real notices take, the address guard included.
func (s *Organizations) TestWebhook(ctx context.Context, actor *Actor) (*WebhookDelivery, error) {
	if !policies.CanManageOrganization(subject(actor)) {
		return nil, forbidden()
	}
	var out *WebhookDelivery
	err := s.tx(ctx, func(tx *gorm.DB) error {
		org, err := s.orgs.Get(ctx, tx, actor.OrganizationID)
		if err != nil {
			return err
		}
		var v Validator
		v.Check(org.WebhookURL != "", "webhook_url", "missing", "Webhook の URL が設定されていません。先に URL を保存してください。",
			"No webhook URL is set; save one first.")
		if err := v.Err(); err != nil {
			return err
		}
		payload, err := json.Marshal(OutboxPayload{Kind: NoticeWebhookTest, Language: org.Language,
			TitleJa: "勤務地からのテスト送信", TitleEn: "Test post from kinmuchi",
			BodyJa: fmt.Sprintf("%sの Webhook の設定を確認するためのテスト送信です。", org.Name),
			BodyEn: fmt.Sprintf("A test post to check %s's webhook settings.", org.Name), Path: "/admin/organization"})
		if err != nil {
			return err
		}
		id := models.NewID()
		m := models.OutboxMessage{ID: id, OrganizationID: org.ID, Channel: models.ChannelWebhook, Target: org.WebhookURL,
			Payload: string(payload), IdempotencyKey: id, CreatedAt: s.now()}
		if err := s.notifications.CreateOutbox(ctx, tx, []models.OutboxMessage{m}); err != nil {
			return err
		}
		if s.queue != nil {
			if err := s.queue.EnqueueTx(ctx, tx, args.Deliver{OutboxID: id}); err != nil {
				return fmt.Errorf("enqueue webhook test %s: %w", id, err)
			}
		}
		out = webhookDeliveryOf(&m)
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "organization.webhook_test", TargetType: "organization", TargetID: org.ID,
			After: map[string]any{"outbox_id": id, "host": out.Host}})
	})
	return out, err
}

// WebhookDelivery reads how one of the organisation's webhook posts stands
// (administrators, who sent the test).
func (s *Organizations) WebhookDelivery(ctx context.Context, actor *Actor, id string) (*WebhookDelivery, error) {
	if !policies.CanManageOrganization(subject(actor)) {
		return nil, forbidden()
	}
	if !models.ValidID(id) {
		return nil, notFound("webhook delivery " + id)
	}
	m, err := s.notifications.Outbox(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	if m.OrganizationID != actor.OrganizationID || m.Channel != models.ChannelWebhook {
		return nil, fmt.Errorf("webhook delivery %s: %w", id, models.ErrNotFound)
	}
	return webhookDeliveryOf(m), nil
}
