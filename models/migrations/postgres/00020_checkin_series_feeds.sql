-- Check-in, no-shows, recurring bookings, seats held for a remote day and
-- calendar feeds (issue 16).
--
-- A booking held for a pending satellite telework request is "tentative" but
-- keeps the status 'confirmed', so the two exclusion constraints that refuse a
-- double booking cover it unchanged. A no-show is a cancelled booking marked
-- no_show. sequence counts the changes a calendar feed must announce.

-- +goose Up
ALTER TABLE offices ADD COLUMN checkin_required boolean NOT NULL DEFAULT false;
-- Minutes before the start from which one may check in, and after it until which.
ALTER TABLE offices ADD COLUMN checkin_opens_min integer NOT NULL DEFAULT 15 CHECK (checkin_opens_min BETWEEN 0 AND 240);
ALTER TABLE offices ADD COLUMN checkin_grace_min integer NOT NULL DEFAULT 15 CHECK (checkin_grace_min BETWEEN 0 AND 240);
ALTER TABLE offices ADD COLUMN walk_ins boolean NOT NULL DEFAULT false;

-- The code a space's QR code carries (and people can type): rotated by its
-- office's managers, unique across every organisation.
ALTER TABLE spaces ADD COLUMN checkin_code text CHECK (checkin_code ~ '^[0-9A-Z]{10}$');
UPDATE spaces SET checkin_code = upper(substr(md5(id::text || random()::text), 1, 10));
CREATE UNIQUE INDEX spaces_checkin_code ON spaces (checkin_code);

-- A weekly pattern of bookings. Each occurrence is a booking of its own
-- (bookings.series_id); booked_through is the last day the pattern was tried
-- for, so the daily job books each later day once.
CREATE TABLE booking_series (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    employee_id     uuid NOT NULL,
    office_id       uuid NOT NULL,
    space_id        uuid NOT NULL,
    -- One bit per weekday, 1 << time.Weekday (Sunday = 0).
    weekdays        integer NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    start_min       integer NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min         integer NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    from_day        date NOT NULL,
    until_day       date NOT NULL,
    booked_through  date NOT NULL,
    status          text NOT NULL CHECK (status IN ('active', 'cancelled')),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (start_min < end_min),
    CHECK (from_day <= until_day AND until_day - from_day <= 366),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (office_id, space_id) REFERENCES spaces (office_id, id)
);
CREATE INDEX booking_series_due ON booking_series (booked_through) WHERE status = 'active';

ALTER TABLE bookings ADD COLUMN series_id uuid;
ALTER TABLE bookings ADD CONSTRAINT bookings_series FOREIGN KEY (organization_id, series_id) REFERENCES booking_series (organization_id, id);
ALTER TABLE bookings ADD COLUMN request_id uuid;
ALTER TABLE bookings ADD CONSTRAINT bookings_request FOREIGN KEY (organization_id, request_id) REFERENCES telework_requests (organization_id, id);
ALTER TABLE bookings ADD COLUMN tentative boolean NOT NULL DEFAULT false;
ALTER TABLE bookings ADD COLUMN checked_in_at timestamptz;
ALTER TABLE bookings ADD COLUMN checked_out_at timestamptz;
ALTER TABLE bookings ADD COLUMN no_show boolean NOT NULL DEFAULT false;
ALTER TABLE bookings ADD COLUMN sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0);
ALTER TABLE bookings ADD CONSTRAINT bookings_no_show_cancelled CHECK (NOT no_show OR status = 'cancelled');
ALTER TABLE bookings ADD CONSTRAINT bookings_tentative_has_request CHECK (NOT tentative OR request_id IS NOT NULL);
-- What the no-show job scans: live bookings not checked in.
CREATE INDEX bookings_awaiting_checkin ON bookings (start_at) WHERE status = 'confirmed' AND checked_in_at IS NULL;
CREATE INDEX bookings_series_of ON bookings (series_id) WHERE series_id IS NOT NULL;
CREATE INDEX bookings_request_of ON bookings (request_id) WHERE request_id IS NOT NULL;

-- A person's private calendar feed: only the token's SHA-256 is kept.
CREATE TABLE calendar_feeds (
    employee_id     uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    token_hash      text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at      timestamptz NOT NULL,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);

-- +goose Down
DROP TABLE calendar_feeds;
DROP INDEX bookings_request_of;
DROP INDEX bookings_series_of;
DROP INDEX bookings_awaiting_checkin;
ALTER TABLE bookings DROP CONSTRAINT bookings_tentative_has_request;
ALTER TABLE bookings DROP CONSTRAINT bookings_no_show_cancelled;
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
