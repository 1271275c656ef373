-- The organisation chart's version (issue 20): the telework rules read the
-- chart (departments and their flags) on every preview, submission and inbox
-- page. A process keeps a copy under organizations.chart_version, which
-- these triggers bump on any change, from any process or by hand, and uses
-- the copy only while the version read with the organisation is unchanged.

-- +goose Up
ALTER TABLE organizations ADD COLUMN chart_version bigint NOT NULL DEFAULT 1;
-- +goose StatementBegin
CREATE FUNCTION bump_org_chart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE organizations SET chart_version = chart_version + 1 WHERE id = OLD.organization_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE organizations SET chart_version = chart_version + 1 WHERE id = NEW.organization_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER departments_chart AFTER INSERT OR UPDATE OR DELETE ON departments FOR EACH ROW EXECUTE FUNCTION bump_org_chart();
CREATE TRIGGER department_flags_chart AFTER INSERT OR UPDATE OR DELETE ON department_flags FOR EACH ROW EXECUTE FUNCTION bump_org_chart();

-- +goose Down
DROP TRIGGER department_flags_chart ON department_flags;
DROP TRIGGER departments_chart ON departments;
DROP FUNCTION bump_org_chart();
ALTER TABLE organizations DROP COLUMN chart_version;
