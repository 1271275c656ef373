-- What a request says beyond its days (issue 22): the scheme, the kind of
-- work, the shared pool it uses (counted per day for the pool's cap) and
-- the prior notice of a late request; lapsed_at marks an approved request
-- whose reason no longer holds on some of its days. Family facts that
-- start and end: the expected date of a birth, and a period of care.
-- (SQLite adds no table constraint to an existing table: the two-column
-- checks are column checks here.)

-- +goose Up
ALTER TABLE telework_requests ADD COLUMN scheme TEXT NOT NULL DEFAULT '' CHECK (length(scheme) <= 64);
ALTER TABLE telework_requests ADD COLUMN work_kind TEXT NOT NULL DEFAULT '' CHECK (length(work_kind) <= 64);
ALTER TABLE telework_requests ADD COLUMN pool TEXT NOT NULL DEFAULT '' CHECK (length(pool) <= 64);
ALTER TABLE telework_requests ADD COLUMN notice_method TEXT NOT NULL DEFAULT '' CHECK (notice_method IN ('', 'phone', 'email', 'chat'));
ALTER TABLE telework_requests ADD COLUMN notice_to TEXT NOT NULL DEFAULT '' CHECK (length(notice_to) <= 100);
ALTER TABLE telework_requests ADD COLUMN notice_at DATETIME CHECK ((notice_method = '') = (notice_at IS NULL));
ALTER TABLE telework_requests ADD COLUMN lapsed_at DATETIME;
ALTER TABLE telework_request_days ADD COLUMN scheme TEXT NOT NULL DEFAULT '';
ALTER TABLE telework_request_days ADD COLUMN pool TEXT NOT NULL DEFAULT '';
CREATE INDEX telework_days_pool ON telework_request_days (organization_id, pool, day) WHERE active AND pool <> '';
ALTER TABLE family_members ADD COLUMN expected_date TEXT CHECK (expected_date IS NULL OR date(expected_date) IS expected_date);
ALTER TABLE family_members ADD COLUMN care_from TEXT CHECK (care_from IS NULL OR date(care_from) IS care_from);
ALTER TABLE family_members ADD COLUMN care_to TEXT CHECK (care_to IS NULL OR (date(care_to) IS care_to AND care_from IS NOT NULL AND care_to >= care_from));

-- +goose Down
DROP INDEX telework_days_pool;
ALTER TABLE family_members DROP COLUMN care_to;
ALTER TABLE family_members DROP COLUMN care_from;
ALTER TABLE family_members DROP COLUMN expected_date;
ALTER TABLE telework_request_days DROP COLUMN pool;
ALTER TABLE telework_request_days DROP COLUMN scheme;
ALTER TABLE telework_requests DROP COLUMN lapsed_at;
ALTER TABLE telework_requests DROP COLUMN notice_at;
ALTER TABLE telework_requests DROP COLUMN notice_to;
ALTER TABLE telework_requests DROP COLUMN notice_method;
ALTER TABLE telework_requests DROP COLUMN pool;
ALTER TABLE telework_requests DROP COLUMN work_kind;
ALTER TABLE telework_requests DROP COLUMN scheme;
