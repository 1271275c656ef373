-- The employment types the dated staff record knows (issue 22) are allowed on
-- the employee too: 再任用短時間勤務職員 (reappointed_short) and 任期付職員
-- (fixed_term), so that the employee's type and the record's can agree.
-- Widening keeps every row valid; going down folds the two back into the
-- nearest older type (reappointed, temporary) before narrowing.

-- +goose Up
ALTER TABLE employees DROP CONSTRAINT employees_employment_type_check;
ALTER TABLE employees ADD CONSTRAINT employees_employment_type_check
    CHECK (employment_type IN ('regular', 'reappointed', 'reappointed_short', 'fixed_term', 'fiscal_year', 'temporary', 'probationary'));

-- +goose Down
UPDATE employees SET employment_type = 'reappointed' WHERE employment_type = 'reappointed_short';
UPDATE employees SET employment_type = 'temporary' WHERE employment_type = 'fixed_term';
ALTER TABLE employees DROP CONSTRAINT employees_employment_type_check;
ALTER TABLE employees ADD CONSTRAINT employees_employment_type_check
    CHECK (employment_type IN ('regular', 'reappointed', 'fiscal_year', 'temporary', 'probationary'));
