-- Versions the database bumps, so that a process may cache what changes
-- rarely and ask only "has it changed?" on the hot paths (issue 20):
-- offices.settings_version moves with any change to an office, its hours,
-- closed days, shares, managers or spaces; organizations.calendar_version
-- with its policy versions, closing days and time zone; booking_versions with every
-- booking written, per office, UTC day of its start and shard (the last hex
-- digit of the space id, so that bookings of different spaces rarely wait
-- on the same counter row). Triggers bump them, so a change made by another
-- process, or by hand, invalidates every cache as surely as one made here.

-- +goose Up
ALTER TABLE offices ADD COLUMN settings_version bigint NOT NULL DEFAULT 1;
ALTER TABLE organizations ADD COLUMN calendar_version bigint NOT NULL DEFAULT 1;

CREATE TABLE booking_versions (
    office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day       date NOT NULL,
    shard     integer NOT NULL CHECK (shard >= 0 AND shard < 16),
    version   bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, day, shard)
);

-- +goose StatementBegin
CREATE FUNCTION bump_office_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bump_org_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = OLD.organization_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = NEW.organization_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bump_booking_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO booking_versions (office_id, day, shard) VALUES (OLD.office_id, (OLD.start_at AT TIME ZONE 'UTC')::date, strpos('0123456789abcdef', right(OLD.space_id::text, 1)) - 1)
        ON CONFLICT (office_id, day, shard) DO UPDATE SET version = booking_versions.version + 1;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO booking_versions (office_id, day, shard) VALUES (NEW.office_id, (NEW.start_at AT TIME ZONE 'UTC')::date, strpos('0123456789abcdef', right(NEW.space_id::text, 1)) - 1)
        ON CONFLICT (office_id, day, shard) DO UPDATE SET version = booking_versions.version + 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER office_hours_version AFTER INSERT OR UPDATE OR DELETE ON office_hours FOR EACH ROW EXECUTE FUNCTION bump_office_settings();
CREATE TRIGGER office_closed_days_version AFTER INSERT OR UPDATE OR DELETE ON office_closed_days FOR EACH ROW EXECUTE FUNCTION bump_office_settings();
CREATE TRIGGER office_shares_version AFTER INSERT OR UPDATE OR DELETE ON office_shares FOR EACH ROW EXECUTE FUNCTION bump_office_settings();
CREATE TRIGGER office_managers_version AFTER INSERT OR UPDATE OR DELETE ON office_managers FOR EACH ROW EXECUTE FUNCTION bump_office_settings();
CREATE TRIGGER spaces_version AFTER INSERT OR UPDATE OR DELETE ON spaces FOR EACH ROW EXECUTE FUNCTION bump_office_settings();
CREATE TRIGGER policy_versions_calendar AFTER INSERT OR UPDATE OR DELETE ON telework_policy_versions FOR EACH ROW EXECUTE FUNCTION bump_org_calendar();
CREATE TRIGGER closing_days_calendar AFTER INSERT OR UPDATE OR DELETE ON organization_closing_days FOR EACH ROW EXECUTE FUNCTION bump_org_calendar();
-- +goose StatementBegin
CREATE FUNCTION bump_org_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.calendar_version := OLD.calendar_version + 1;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER organization_zone_calendar BEFORE UPDATE OF time_zone ON organizations FOR EACH ROW
    WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION bump_org_zone();
-- The office's own row too (its unit, rules, zone, name, whether it is open):
-- an update that does not bump the version itself bumps it.
-- +goose StatementBegin
CREATE FUNCTION bump_office_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.settings_version = OLD.settings_version THEN
        NEW.settings_version := OLD.settings_version + 1;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER offices_version BEFORE UPDATE ON offices FOR EACH ROW EXECUTE FUNCTION bump_office_row();
CREATE TRIGGER bookings_version AFTER INSERT OR UPDATE OR DELETE ON bookings FOR EACH ROW EXECUTE FUNCTION bump_booking_version();

-- +goose Down
DROP TRIGGER bookings_version ON bookings;
DROP TRIGGER closing_days_calendar ON organization_closing_days;
DROP TRIGGER policy_versions_calendar ON telework_policy_versions;
DROP TRIGGER spaces_version ON spaces;
DROP TRIGGER office_managers_version ON office_managers;
DROP TRIGGER office_shares_version ON office_shares;
DROP TRIGGER office_closed_days_version ON office_closed_days;
DROP TRIGGER office_hours_version ON office_hours;
DROP TRIGGER organization_zone_calendar ON organizations;
DROP TRIGGER offices_version ON offices;
DROP FUNCTION bump_office_row();
DROP FUNCTION bump_org_zone();
DROP FUNCTION bump_booking_version();
DROP FUNCTION bump_org_calendar();
DROP FUNCTION bump_office_settings();
DROP TABLE booking_versions;
ALTER TABLE organizations DROP COLUMN calendar_version;
ALTER TABLE offices DROP COLUMN settings_version;
