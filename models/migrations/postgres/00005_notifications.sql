-- Notifications and their delivery: what each person is told when a request
-- or task changes, and an outbox of e-mails and webhook posts written in the
-- same transaction. Also the escalation marks of approval tasks and the
-- organisation's webhook URL.

-- +goose Up
ALTER TABLE organizations ADD COLUMN webhook_url text NOT NULL DEFAULT ''
    CHECK (webhook_url = '' OR (length(webhook_url) <= 2000 AND webhook_url LIKE 'https://%'));

ALTER TABLE approval_tasks ADD COLUMN reminded_at timestamptz;
ALTER TABLE approval_tasks ADD COLUMN escalated_at timestamptz;
ALTER TABLE approval_tasks ADD COLUMN escalated_from uuid;
CREATE INDEX approval_tasks_pending ON approval_tasks (updated_at) WHERE status = 'pending';

CREATE TABLE notifications (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    recipient_id    uuid NOT NULL,
    kind            text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    request_id      uuid,
    task_id         uuid,
    title_ja        text NOT NULL,
    title_en        text NOT NULL,
    body_ja         text NOT NULL,
    body_en         text NOT NULL,
    read_at         timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, recipient_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, request_id) REFERENCES telework_requests (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_recipient ON notifications (organization_id, recipient_id, id);
CREATE INDEX notifications_unread ON notifications (organization_id, recipient_id) WHERE read_at IS NULL;

CREATE TABLE notification_outbox (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    notification_id uuid,
    channel         text NOT NULL CHECK (channel IN ('email', 'webhook')),
    target          text NOT NULL CHECK (length(target) BETWEEN 1 AND 2000),
    payload         text NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text NOT NULL DEFAULT '',
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL,
    FOREIGN KEY (organization_id, notification_id) REFERENCES notifications (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_outbox_undelivered ON notification_outbox (created_at) WHERE delivered_at IS NULL;

-- +goose Down
DROP TABLE notification_outbox;
DROP TABLE notifications;
DROP INDEX approval_tasks_pending;
ALTER TABLE approval_tasks DROP COLUMN escalated_from;
ALTER TABLE approval_tasks DROP COLUMN escalated_at;
ALTER TABLE approval_tasks DROP COLUMN reminded_at;
ALTER TABLE organizations DROP COLUMN webhook_url;
