-- Reappointed staff (再任用職員), whom telework policies commonly name beside
-- regular staff.

-- +goose Up
ALTER TABLE employees DROP CONSTRAINT employees_employment_type_check;
ALTER TABLE employees ADD CONSTRAINT employees_employment_type_check
    CHECK (employment_type IN ('regular', 'reappointed', 'fiscal_year', 'temporary', 'probationary'));

-- +goose Down
UPDATE employees SET employment_type = 'regular' WHERE employment_type = 'reappointed';
ALTER TABLE employees DROP CONSTRAINT employees_employment_type_check;
ALTER TABLE employees ADD CONSTRAINT employees_employment_type_check
    CHECK (employment_type IN ('regular', 'fiscal_year', 'temporary', 'probationary'));
