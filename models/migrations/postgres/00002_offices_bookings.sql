-- Offices (the main building, satellite offices, partner coworking spaces), their
-- spaces, and seat bookings. An office belongs to one organisation and may be
-- shared with others, whose people can then book in it; each booking belongs to
-- the booker's organisation. The database itself refuses a double booking: two
-- exclusion constraints over the half-open time range, one per space and one
-- per person.

-- +goose Up
CREATE TABLE offices (
    id                  uuid PRIMARY KEY,
    organization_id     uuid NOT NULL REFERENCES organizations (id),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind                text NOT NULL CHECK (kind IN ('main_building', 'satellite', 'partner_coworking')),
    address             text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    time_zone           text NOT NULL DEFAULT 'Asia/Tokyo' CHECK (length(time_zone) BETWEEN 1 AND 64),
    booking_unit        text NOT NULL DEFAULT '30m' CHECK (booking_unit IN ('15m', '30m', '60m', 'half_day')),
    -- Minutes after midnight where the morning ends for half-day booking.
    midday_min          integer NOT NULL DEFAULT 720 CHECK (midday_min BETWEEN 1 AND 1439),
    max_advance_days    integer NOT NULL DEFAULT 30 CHECK (max_advance_days BETWEEN 0 AND 366),
    max_minutes_per_day integer NOT NULL DEFAULT 1440 CHECK (max_minutes_per_day BETWEEN 15 AND 1440),
    closed_on_holidays  boolean NOT NULL DEFAULT true,
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, name)
);

-- Opening hours per weekday (0 = Sunday, as Go's time.Weekday); no row: closed
-- that weekday. Minutes after local midnight; 1440 closes at midnight.
CREATE TABLE office_hours (
    office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    weekday    integer NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_min  integer NOT NULL CHECK (opens_min BETWEEN 0 AND 1439),
    closes_min integer NOT NULL CHECK (closes_min BETWEEN 1 AND 1440),
    PRIMARY KEY (office_id, weekday),
    CHECK (opens_min < closes_min)
);

-- Days the office is closed beyond its weekly hours and the national holidays.
CREATE TABLE office_closed_days (
    office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day       date NOT NULL,
    name      text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    PRIMARY KEY (office_id, day)
);

-- The organisations whose people may see and book the office besides its own.
CREATE TABLE office_shares (
    office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (office_id, organization_id)
);
CREATE INDEX office_shares_organization ON office_shares (organization_id);

-- The employees (of the owning organisation) who manage the office.
CREATE TABLE office_managers (
    office_id       uuid NOT NULL,
    organization_id uuid NOT NULL,
    employee_id     uuid NOT NULL,
    PRIMARY KEY (office_id, employee_id),
    FOREIGN KEY (organization_id, office_id) REFERENCES offices (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX office_managers_employee ON office_managers (employee_id);

CREATE TABLE spaces (
    id                 uuid PRIMARY KEY,
    organization_id    uuid NOT NULL,
    office_id          uuid NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('open_seat', 'booth', 'private_room', 'meeting_room')),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    floor              text NOT NULL DEFAULT '' CHECK (length(floor) <= 50),
    zone               text NOT NULL DEFAULT '' CHECK (length(zone) <= 100),
    capacity           integer NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 1000),
    has_monitor        boolean NOT NULL DEFAULT false,
    has_privacy_filter boolean NOT NULL DEFAULT false,
    has_web_camera     boolean NOT NULL DEFAULT false,
    calls_allowed      boolean NOT NULL DEFAULT false,
    active             boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (office_id, id),
    UNIQUE (office_id, name),
    CHECK (kind <> 'open_seat' OR capacity = 1),
    FOREIGN KEY (organization_id, office_id) REFERENCES offices (organization_id, id)
);

-- A booking of one space (a seat, or a room taken whole) by one person, in the
-- booker's organisation. Only confirmed bookings hold their space and person;
-- later statuses that hold (tentative, checked_in) join them in the two
-- exclusion constraints and the status check.
CREATE TABLE bookings (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    office_id       uuid NOT NULL REFERENCES offices (id),
    space_id        uuid NOT NULL,
    employee_id     uuid NOT NULL,
    start_at        timestamptz NOT NULL,
    end_at          timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    cancelled_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (end_at > start_at),
    -- One local day at most (25 hours on a day clocks go back), so a search for
    -- overlaps can bound start_at from below and use the indexes.
    CHECK (end_at - start_at <= interval '25 hours'),
    CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL),
    FOREIGN KEY (office_id, space_id) REFERENCES spaces (office_id, id),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    CONSTRAINT bookings_space_overlap EXCLUDE USING gist
        (space_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (status = 'confirmed'),
    CONSTRAINT bookings_person_overlap EXCLUDE USING gist
        (employee_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (status = 'confirmed')
);
CREATE INDEX bookings_office_time ON bookings (office_id, start_at);
CREATE INDEX bookings_employee_time ON bookings (organization_id, employee_id, start_at);

-- +goose Down
DROP TABLE bookings;
DROP TABLE spaces;
DROP TABLE office_managers;
DROP TABLE office_shares;
DROP TABLE office_closed_days;
DROP TABLE office_hours;
DROP TABLE offices;
