-- Indexes for the attendance reports at scale (50,000 staff, a year).
--
-- The ratio report counts a month of the ledger by department, day and kind
-- (models.WorkDays.TallyIn). With every column it reads in the index, in the
-- order it groups by, the count is an index-only scan grouped as it is read:
-- no visit of the table's rows and no sort or hash of 200,000 of them. It
-- replaces work_days_org_day, of which it is an extension, so that a write
-- of the ledger keeps one index, not two.
--
-- Essential-staff marks are a few among a month's leave (staff_days holds
-- both); the report reads the marks only.

-- +goose Up
DROP INDEX work_days_org_day;
CREATE INDEX work_days_tally ON work_days (organization_id, day, department_id, location, portion, actual, request_id);
CREATE INDEX staff_days_essential ON staff_days (organization_id, day) WHERE kind = 'essential';

-- +goose Down
DROP INDEX staff_days_essential;
DROP INDEX work_days_tally;
CREATE INDEX work_days_org_day ON work_days (organization_id, day, department_id);
