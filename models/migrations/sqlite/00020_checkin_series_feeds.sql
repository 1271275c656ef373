-- Check-in, no-shows, recurring bookings, seats held for a remote day and
-- calendar feeds (issue 16); see the PostgreSQL file. SQLite cannot add a
-- composite foreign key to an existing table: triggers keep a booking's
-- series and request in the booking's organisation instead.

-- +goose Up
ALTER TABLE offices ADD COLUMN checkin_required BOOLEAN NOT NULL DEFAULT 0 CHECK (checkin_required IN (0, 1));
ALTER TABLE offices ADD COLUMN checkin_opens_min INTEGER NOT NULL DEFAULT 15 CHECK (checkin_opens_min BETWEEN 0 AND 240);
ALTER TABLE offices ADD COLUMN checkin_grace_min INTEGER NOT NULL DEFAULT 15 CHECK (checkin_grace_min BETWEEN 0 AND 240);
ALTER TABLE offices ADD COLUMN walk_ins BOOLEAN NOT NULL DEFAULT 0 CHECK (walk_ins IN (0, 1));

ALTER TABLE spaces ADD COLUMN checkin_code TEXT CHECK (length(checkin_code) = 10 AND checkin_code NOT GLOB '*[^0-9A-Z]*');
UPDATE spaces SET checkin_code = upper(hex(randomblob(5)));
CREATE UNIQUE INDEX spaces_checkin_code ON spaces (checkin_code);

CREATE TABLE booking_series (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL,
    employee_id     TEXT NOT NULL,
    office_id       TEXT NOT NULL,
    space_id        TEXT NOT NULL,
    weekdays        INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    start_min       INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min         INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    from_day        TEXT NOT NULL CHECK (date(from_day) IS from_day),
    until_day       TEXT NOT NULL CHECK (date(until_day) IS until_day),
    booked_through  TEXT NOT NULL CHECK (date(booked_through) IS booked_through),
    status          TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (start_min < end_min),
    CHECK (from_day <= until_day AND julianday(until_day) - julianday(from_day) <= 366),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (office_id, space_id) REFERENCES spaces (office_id, id)
);
CREATE INDEX booking_series_due ON booking_series (booked_through) WHERE status = 'active';

ALTER TABLE bookings ADD COLUMN series_id TEXT REFERENCES booking_series (id);
ALTER TABLE bookings ADD COLUMN request_id TEXT REFERENCES telework_requests (id);
ALTER TABLE bookings ADD COLUMN tentative BOOLEAN NOT NULL DEFAULT 0 CHECK (tentative IN (0, 1) AND (NOT tentative OR request_id IS NOT NULL));
ALTER TABLE bookings ADD COLUMN checked_in_at DATETIME;
ALTER TABLE bookings ADD COLUMN checked_out_at DATETIME;
ALTER TABLE bookings ADD COLUMN no_show BOOLEAN NOT NULL DEFAULT 0 CHECK (no_show IN (0, 1) AND (NOT no_show OR status = 'cancelled'));
ALTER TABLE bookings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);
CREATE INDEX bookings_awaiting_checkin ON bookings (start_at) WHERE status = 'confirmed' AND checked_in_at IS NULL;
CREATE INDEX bookings_series_of ON bookings (series_id) WHERE series_id IS NOT NULL;
CREATE INDEX bookings_request_of ON bookings (request_id) WHERE request_id IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER bookings_tenant_links BEFORE INSERT ON bookings
WHEN NEW.series_id IS NOT NULL OR NEW.request_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: booking series of another organisation')
    WHERE NEW.series_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM booking_series s WHERE s.id = NEW.series_id AND s.organization_id = NEW.organization_id);
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: telework request of another organisation')
    WHERE NEW.request_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM telework_requests r WHERE r.id = NEW.request_id AND r.organization_id = NEW.organization_id);
END;
-- +goose StatementEnd

CREATE TABLE calendar_feeds (
    employee_id     TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at      DATETIME NOT NULL,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TRIGGER bookings_tenant_links;
DROP INDEX bookings_request_of;
DROP INDEX bookings_series_of;
DROP INDEX bookings_awaiting_checkin;
ALTER TABLE bookings DROP COLUMN sequence;
ALTER TABLE bookings DROP COLUMN no_show;
ALTER TABLE bookings DROP COLUMN checked_out_at;
ALTER TABLE bookings DROP COLUMN checked_in_at;
ALTER TABLE bookings DROP COLUMN tentative;
ALTER TABLE bookings DROP COLUMN request_id;
ALTER TABLE bookings DROP COLUMN series_id;
DROP TABLE booking_series;
DROP INDEX spaces_checkin_code;
ALTER TABLE spaces DROP COLUMN checkin_code;
ALTER TABLE offices DROP COLUMN walk_ins;
ALTER TABLE offices DROP COLUMN checkin_grace_min;
ALTER TABLE offices DROP COLUMN checkin_opens_min;
ALTER TABLE offices DROP COLUMN checkin_required;
