-- Notifications and their delivery. As ../postgres/00005_notifications.sql.

-- +goose Up
ALTER TABLE organizations ADD COLUMN webhook_url TEXT NOT NULL DEFAULT ''
    CHECK (webhook_url = '' OR (length(webhook_url) <= 2000 AND webhook_url LIKE 'https://%'));

ALTER TABLE approval_tasks ADD COLUMN reminded_at DATETIME;
ALTER TABLE approval_tasks ADD COLUMN escalated_at DATETIME;
ALTER TABLE approval_tasks ADD COLUMN escalated_from TEXT;
CREATE INDEX approval_tasks_pending ON approval_tasks (updated_at) WHERE status = 'pending';

CREATE TABLE notifications (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL,
    recipient_id    TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    request_id      TEXT,
    task_id         TEXT,
    title_ja        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    body_ja         TEXT NOT NULL,
    body_en         TEXT NOT NULL,
    read_at         DATETIME,
    created_at      DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, recipient_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, request_id) REFERENCES telework_requests (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_recipient ON notifications (organization_id, recipient_id, id);
CREATE INDEX notifications_unread ON notifications (organization_id, recipient_id) WHERE read_at IS NULL;

CREATE TABLE notification_outbox (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL,
    notification_id TEXT,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    target          TEXT NOT NULL CHECK (length(target) BETWEEN 1 AND 2000),
    payload         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      TEXT NOT NULL DEFAULT '',
    delivered_at    DATETIME,
    created_at      DATETIME NOT NULL,
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
