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
ALTER TABLE offices ADD COLUMN settings_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organizations ADD COLUMN calendar_version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE booking_versions (
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day       TEXT NOT NULL CHECK (date(day) IS day),
    shard     INTEGER NOT NULL CHECK (shard >= 0 AND shard < 16),
    version   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, day, shard)
);

-- +goose StatementBegin
CREATE TRIGGER office_hours_version_insert AFTER INSERT ON office_hours BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_hours_version_update AFTER UPDATE ON office_hours BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_hours_version_delete AFTER DELETE ON office_hours BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_closed_days_version_insert AFTER INSERT ON office_closed_days BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_closed_days_version_update AFTER UPDATE ON office_closed_days BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_closed_days_version_delete AFTER DELETE ON office_closed_days BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_shares_version_insert AFTER INSERT ON office_shares BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_shares_version_update AFTER UPDATE ON office_shares BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_shares_version_delete AFTER DELETE ON office_shares BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_managers_version_insert AFTER INSERT ON office_managers BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_managers_version_update AFTER UPDATE ON office_managers BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER office_managers_version_delete AFTER DELETE ON office_managers BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER spaces_version_insert AFTER INSERT ON spaces BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER spaces_version_update AFTER UPDATE ON spaces BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER spaces_version_delete AFTER DELETE ON spaces BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = OLD.office_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_versions_calendar_insert AFTER INSERT ON telework_policy_versions BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_versions_calendar_update AFTER UPDATE ON telework_policy_versions BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = OLD.organization_id; UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_versions_calendar_delete AFTER DELETE ON telework_policy_versions BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = OLD.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER closing_days_calendar_insert AFTER INSERT ON organization_closing_days BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER closing_days_calendar_update AFTER UPDATE ON organization_closing_days BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = OLD.organization_id; UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER closing_days_calendar_delete AFTER DELETE ON organization_closing_days BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = OLD.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bookings_version_insert AFTER INSERT ON bookings BEGIN INSERT INTO booking_versions (office_id, day, shard) VALUES (NEW.office_id, substr(NEW.start_at, 1, 10), instr('0123456789abcdef', substr(NEW.space_id, -1)) - 1) ON CONFLICT (office_id, day, shard) DO UPDATE SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bookings_version_update AFTER UPDATE ON bookings BEGIN INSERT INTO booking_versions (office_id, day, shard) VALUES (OLD.office_id, substr(OLD.start_at, 1, 10), instr('0123456789abcdef', substr(OLD.space_id, -1)) - 1) ON CONFLICT (office_id, day, shard) DO UPDATE SET version = version + 1; INSERT INTO booking_versions (office_id, day, shard) VALUES (NEW.office_id, substr(NEW.start_at, 1, 10), instr('0123456789abcdef', substr(NEW.space_id, -1)) - 1) ON CONFLICT (office_id, day, shard) DO UPDATE SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bookings_version_delete AFTER DELETE ON bookings BEGIN INSERT INTO booking_versions (office_id, day, shard) VALUES (OLD.office_id, substr(OLD.start_at, 1, 10), instr('0123456789abcdef', substr(OLD.space_id, -1)) - 1) ON CONFLICT (office_id, day, shard) DO UPDATE SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER organization_zone_calendar AFTER UPDATE OF time_zone ON organizations WHEN OLD.time_zone IS NOT NEW.time_zone BEGIN UPDATE organizations SET calendar_version = calendar_version + 1 WHERE id = NEW.id; END;
-- +goose StatementEnd
-- The office's own row too (its unit, rules, zone, name, whether it is open).
-- +goose StatementBegin
CREATE TRIGGER offices_version AFTER UPDATE ON offices WHEN NEW.settings_version = OLD.settings_version BEGIN UPDATE offices SET settings_version = settings_version + 1 WHERE id = NEW.id; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER offices_version;
DROP TRIGGER organization_zone_calendar;
DROP TRIGGER bookings_version_delete;
DROP TRIGGER bookings_version_update;
DROP TRIGGER bookings_version_insert;
DROP TRIGGER closing_days_calendar_delete;
DROP TRIGGER closing_days_calendar_update;
DROP TRIGGER closing_days_calendar_insert;
DROP TRIGGER policy_versions_calendar_delete;
DROP TRIGGER policy_versions_calendar_update;
DROP TRIGGER policy_versions_calendar_insert;
DROP TRIGGER spaces_version_delete;
DROP TRIGGER spaces_version_update;
DROP TRIGGER spaces_version_insert;
DROP TRIGGER office_managers_version_delete;
DROP TRIGGER office_managers_version_update;
DROP TRIGGER office_managers_version_insert;
DROP TRIGGER office_shares_version_delete;
DROP TRIGGER office_shares_version_update;
DROP TRIGGER office_shares_version_insert;
DROP TRIGGER office_closed_days_version_delete;
DROP TRIGGER office_closed_days_version_update;
DROP TRIGGER office_closed_days_version_insert;
DROP TRIGGER office_hours_version_delete;
DROP TRIGGER office_hours_version_update;
DROP TRIGGER office_hours_version_insert;
DROP TABLE booking_versions;
ALTER TABLE organizations DROP COLUMN calendar_version;
ALTER TABLE offices DROP COLUMN settings_version;
