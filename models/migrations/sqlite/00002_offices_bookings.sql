-- Offices, their spaces, and seat bookings. Kept column for column in step with
-- ../postgres/00002_offices_bookings.sql (a test compares them). SQLite has no
-- exclusion constraints: triggers refuse an overlapping confirmed booking of the
-- same space or the same person, and every write transaction is taken at BEGIN
-- (BEGIN IMMEDIATE), so the check and the insert cannot interleave with another
-- writer. Instants are fixed-width UTC text, so they compare correctly as text.

-- +goose Up
CREATE TABLE offices (
    id                  TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id     TEXT NOT NULL REFERENCES organizations (id),
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind                TEXT NOT NULL CHECK (kind IN ('main_building', 'satellite', 'partner_coworking')),
    address             TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    time_zone           TEXT NOT NULL DEFAULT 'Asia/Tokyo' CHECK (length(time_zone) BETWEEN 1 AND 64),
    booking_unit        TEXT NOT NULL DEFAULT '30m' CHECK (booking_unit IN ('15m', '30m', '60m', 'half_day')),
    midday_min          INTEGER NOT NULL DEFAULT 720 CHECK (midday_min BETWEEN 1 AND 1439),
    max_advance_days    INTEGER NOT NULL DEFAULT 30 CHECK (max_advance_days BETWEEN 0 AND 366),
    max_minutes_per_day INTEGER NOT NULL DEFAULT 1440 CHECK (max_minutes_per_day BETWEEN 15 AND 1440),
    closed_on_holidays  BOOLEAN NOT NULL DEFAULT 1 CHECK (closed_on_holidays IN (0, 1)),
    active              BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, name)
);

CREATE TABLE office_hours (
    office_id  TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_min  INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1439),
    closes_min INTEGER NOT NULL CHECK (closes_min BETWEEN 1 AND 1440),
    PRIMARY KEY (office_id, weekday),
    CHECK (opens_min < closes_min)
);

CREATE TABLE office_closed_days (
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day       TEXT NOT NULL CHECK (date(day) IS day),
    name      TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    PRIMARY KEY (office_id, day)
);

CREATE TABLE office_shares (
    office_id       TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (office_id, organization_id)
);
CREATE INDEX office_shares_organization ON office_shares (organization_id);

CREATE TABLE office_managers (
    office_id       TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    employee_id     TEXT NOT NULL,
    PRIMARY KEY (office_id, employee_id),
    FOREIGN KEY (organization_id, office_id) REFERENCES offices (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX office_managers_employee ON office_managers (employee_id);

CREATE TABLE spaces (
    id                 TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id    TEXT NOT NULL,
    office_id          TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('open_seat', 'booth', 'private_room', 'meeting_room')),
    name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    floor              TEXT NOT NULL DEFAULT '' CHECK (length(floor) <= 50),
    zone               TEXT NOT NULL DEFAULT '' CHECK (length(zone) <= 100),
    capacity           INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 1000),
    has_monitor        BOOLEAN NOT NULL DEFAULT 0 CHECK (has_monitor IN (0, 1)),
    has_privacy_filter BOOLEAN NOT NULL DEFAULT 0 CHECK (has_privacy_filter IN (0, 1)),
    has_web_camera     BOOLEAN NOT NULL DEFAULT 0 CHECK (has_web_camera IN (0, 1)),
    calls_allowed      BOOLEAN NOT NULL DEFAULT 0 CHECK (calls_allowed IN (0, 1)),
    active             BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    UNIQUE (office_id, id),
    UNIQUE (office_id, name),
    CHECK (kind <> 'open_seat' OR capacity = 1),
    FOREIGN KEY (organization_id, office_id) REFERENCES offices (organization_id, id)
);

CREATE TABLE bookings (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL,
    office_id       TEXT NOT NULL REFERENCES offices (id),
    space_id        TEXT NOT NULL,
    employee_id     TEXT NOT NULL,
    start_at        DATETIME NOT NULL,
    end_at          DATETIME NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    cancelled_at    DATETIME,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (end_at > start_at),
    -- One local day at most (25 hours on a day clocks go back), so a search for
    -- overlaps can bound start_at from below and use the indexes.
    CHECK ((julianday(end_at) - julianday(start_at)) * 24 <= 25),
    CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL),
    FOREIGN KEY (office_id, space_id) REFERENCES spaces (office_id, id),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX bookings_office_time ON bookings (office_id, start_at);
CREATE INDEX bookings_employee_time ON bookings (organization_id, employee_id, start_at);
CREATE INDEX bookings_space_time ON bookings (space_id, start_at);
CREATE INDEX bookings_person_time ON bookings (employee_id, start_at);

-- The exclusion constraints of PostgreSQL, as triggers. The messages start with
-- "booking overlaps", which models.Kind reads as a conflict. The last condition
-- is implied by the others (no booking is longer than 25 hours) and lets the
-- index on (space_id, start_at) or (employee_id, start_at) bound the search.
-- +goose StatementBegin
CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
WHEN NEW.status = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'booking overlaps: space')
    WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.space_id = NEW.space_id AND b.status = 'confirmed'
                  AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at
                  AND b.start_at > strftime('%Y-%m-%d %H:%M:%f', NEW.start_at, '-25 hours'));
    SELECT RAISE(ABORT, 'booking overlaps: person')
    WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.employee_id = NEW.employee_id AND b.status = 'confirmed'
                  AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at
                  AND b.start_at > strftime('%Y-%m-%d %H:%M:%f', NEW.start_at, '-25 hours'));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF space_id, employee_id, start_at, end_at, status ON bookings
WHEN NEW.status = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'booking overlaps: space')
    WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.id <> NEW.id AND b.space_id = NEW.space_id AND b.status = 'confirmed'
                  AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at
                  AND b.start_at > strftime('%Y-%m-%d %H:%M:%f', NEW.start_at, '-25 hours'));
    SELECT RAISE(ABORT, 'booking overlaps: person')
    WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.id <> NEW.id AND b.employee_id = NEW.employee_id AND b.status = 'confirmed'
                  AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at
                  AND b.start_at > strftime('%Y-%m-%d %H:%M:%f', NEW.start_at, '-25 hours'));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER bookings_no_overlap_update;
DROP TRIGGER bookings_no_overlap_insert;
DROP TABLE bookings;
DROP TABLE spaces;
DROP TABLE office_managers;
DROP TABLE office_shares;
DROP TABLE office_closed_days;
DROP TABLE office_hours;
DROP TABLE offices;
