-- What a request says beyond its days (issue 22): the scheme, the kind of
-- work, the shared pool it uses (counted per day for the pool's cap) and
-- the prior notice of a late request; lapsed_at marks an approved request
-- whose reason no longer holds on some of its days. Family facts that
-- start and end: the expected date of a birth, and a period of care.

-- +goose Up
ALTER TABLE telework_requests ADD COLUMN scheme text NOT NULL DEFAULT '' CHECK (length(scheme) <= 64);
ALTER TABLE telework_requests ADD COLUMN work_kind text NOT NULL DEFAULT '' CHECK (length(work_kind) <= 64);
ALTER TABLE telework_requests ADD COLUMN pool text NOT NULL DEFAULT '' CHECK (length(pool) <= 64);
ALTER TABLE telework_requests ADD COLUMN notice_method text NOT NULL DEFAULT '' CHECK (notice_method IN ('', 'phone', 'email', 'chat'));
ALTER TABLE telework_requests ADD COLUMN notice_to text NOT NULL DEFAULT '' CHECK (length(notice_to) <= 100);
ALTER TABLE telework_requests ADD COLUMN notice_at timestamptz;
ALTER TABLE telework_requests ADD COLUMN lapsed_at timestamptz;
ALTER TABLE telework_requests ADD CONSTRAINT telework_requests_notice_check CHECK ((notice_method = '') = (notice_at IS NULL));
ALTER TABLE telework_request_days ADD COLUMN scheme text NOT NULL DEFAULT '';
ALTER TABLE telework_request_days ADD COLUMN pool text NOT NULL DEFAULT '';
CREATE INDEX telework_days_pool ON telework_request_days (organization_id, pool, day) WHERE active AND pool <> '';
ALTER TABLE family_members ADD COLUMN expected_date date;
ALTER TABLE family_members ADD COLUMN care_from date;
ALTER TABLE family_members ADD COLUMN care_to date;
ALTER TABLE family_members ADD CONSTRAINT family_members_care_period_check CHECK (care_to IS NULL OR (care_from IS NOT NULL AND care_to >= care_from));

-- +goose Down
ALTER TABLE family_members DROP CONSTRAINT family_members_care_period_check;
ALTER TABLE family_members DROP COLUMN care_to;
ALTER TABLE family_members DROP COLUMN care_from;
ALTER TABLE family_members DROP COLUMN expected_date;
DROP INDEX telework_days_pool;
ALTER TABLE telework_request_days DROP COLUMN pool;
ALTER TABLE telework_request_days DROP COLUMN scheme;
ALTER TABLE telework_requests DROP CONSTRAINT telework_requests_notice_check;
ALTER TABLE telework_requests DROP COLUMN lapsed_at;
ALTER TABLE telework_requests DROP COLUMN notice_at;
ALTER TABLE telework_requests DROP COLUMN notice_to;
ALTER TABLE telework_requests DROP COLUMN notice_method;
ALTER TABLE telework_requests DROP COLUMN pool;
ALTER TABLE telework_requests DROP COLUMN work_kind;
ALTER TABLE telework_requests DROP COLUMN scheme;
