-- The organisation chart's version (issue 20): see the PostgreSQL file.

-- +goose Up
ALTER TABLE organizations ADD COLUMN chart_version INTEGER NOT NULL DEFAULT 1;
-- +goose StatementBegin
CREATE TRIGGER departments_chart_insert AFTER INSERT ON departments BEGIN UPDATE organizations SET chart_version = chart_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER departments_chart_update AFTER UPDATE ON departments BEGIN UPDATE organizations SET chart_version = chart_version + 1 WHERE id = OLD.organization_id; UPDATE organizations SET chart_version = chart_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER departments_chart_delete AFTER DELETE ON departments BEGIN UPDATE organizations SET chart_version = chart_version + 1 WHERE id = OLD.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER department_flags_chart_insert AFTER INSERT ON department_flags BEGIN UPDATE organizations SET chart_version = chart_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER department_flags_chart_update AFTER UPDATE ON department_flags BEGIN UPDATE organizations SET chart_version = chart_version + 1 WHERE id = OLD.organization_id; UPDATE organizations SET chart_version = chart_version + 1 WHERE id = NEW.organization_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER department_flags_chart_delete AFTER DELETE ON department_flags BEGIN UPDATE organizations SET chart_version = chart_version + 1 WHERE id = OLD.organization_id; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER department_flags_chart_delete;
DROP TRIGGER department_flags_chart_update;
DROP TRIGGER department_flags_chart_insert;
DROP TRIGGER departments_chart_delete;
DROP TRIGGER departments_chart_update;
DROP TRIGGER departments_chart_insert;
ALTER TABLE organizations DROP COLUMN chart_version;
