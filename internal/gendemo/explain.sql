-- EXPLAIN (ANALYZE, BUFFERS) of the queries the reports, the export and the
-- write path run, on the data `kinmuchi gen-demo` made (psql -f; `make
-- bench-scale` runs it after the benchmarks). The statements are the ones
-- GORM sends (models/assignment.go, models/staffday.go, models/workday.go),
-- with the month before today and the generated organisation filled in.
\set QUIET on
\pset pager off
SELECT id AS org FROM organizations WHERE slug = 'gen-city' \gset
SELECT (date_trunc('month', now()) - interval '1 month')::date AS month_from,
       (date_trunc('month', now()) - interval '1 day')::date AS month_to \gset
SELECT d.id AS division FROM departments d WHERE d.organization_id = :'org' AND d.kind = 'division' AND NOT d.counter_work
  AND EXISTS (SELECT 1 FROM departments c WHERE c.parent_id = d.id) ORDER BY d.code LIMIT 1 \gset
SELECT string_agg(quote_literal(id), ',') AS below FROM departments WHERE id = :'division' OR parent_id = :'division' \gset
SELECT string_agg(quote_literal(day::text), ',') AS days FROM generate_series(:'month_from'::date, :'month_to'::date, '1 day') day
  WHERE extract(isodow FROM day) < 6 \gset
SELECT string_agg(quote_literal(day::date::text), ',') AS alldays FROM generate_series(:'month_from'::date, :'month_to'::date, '1 day') day \gset

\echo '== Ledger tally, whole organisation, one month (WorkDays.TallyIn, what the ratio report reads)'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, department_id, location, portion, actual, count(*)
FROM work_days WHERE organization_id = :'org' AND day >= :'month_from' AND day <= :'month_to'
GROUP BY day, department_id, location, portion, actual;

\echo '== Ledger tally, one 課 and its 係, one month (WorkDays.TallyIn with departments: each day and department probed)'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, department_id, location, portion, actual, count(*)
FROM work_days WHERE organization_id = :'org' AND day >= :'month_from' AND day <= :'month_to'
  AND day IN (:alldays) AND department_id IN (:below)
GROUP BY day, department_id, location, portion, actual;

\echo '== Ledger tally with requests told apart, two weeks (WorkDays.Tally, the forecast)'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, department_id, location, portion, actual, request_id IS NOT NULL, count(*)
FROM work_days WHERE organization_id = :'org' AND day >= :'month_from' AND day <= (:'month_from'::date + 13)
GROUP BY day, department_id, location, portion, actual, request_id IS NOT NULL;

\echo '== Members counted, whole organisation, one month (Assignments.MemberCounts)'
EXPLAIN (ANALYZE, BUFFERS) SELECT a.department_id, CASE WHEN a.valid_from < :'month_from' THEN :'month_from' ELSE a.valid_from END AS valid_from,
  CASE WHEN a.valid_to > :'month_to' THEN NULL ELSE a.valid_to END AS valid_to, e.active, e.deactivated_at, count(*) AS n
FROM assignments AS a JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id
WHERE a.organization_id = :'org' AND a.valid_from <= :'month_to' AND (a.valid_to IS NULL OR a.valid_to > :'month_from')
  AND (e.active = true OR e.deactivated_at >= :'month_from')
GROUP BY 1, 2, 3, 4, 5;

\echo '== Members counted, one 課 and its 係 (Assignments.MemberCounts with departments)'
EXPLAIN (ANALYZE, BUFFERS) SELECT a.department_id, CASE WHEN a.valid_from < :'month_from' THEN :'month_from' ELSE a.valid_from END AS valid_from,
  CASE WHEN a.valid_to > :'month_to' THEN NULL ELSE a.valid_to END AS valid_to, e.active, e.deactivated_at, count(*) AS n
FROM assignments AS a JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id
WHERE a.department_id IN (:below) AND a.organization_id = :'org' AND a.valid_from <= :'month_to' AND (a.valid_to IS NULL OR a.valid_to > :'month_from')
  AND (e.active = true OR e.deactivated_at >= :'month_from')
GROUP BY 1, 2, 3, 4, 5;

\echo '== Staff days by department, one month (StaffDays.CountByDepartment: leave and essential, as the telework staffing reads it)'
EXPLAIN (ANALYZE, BUFFERS) SELECT a.department_id AS department_id, s.day AS day, s.kind AS kind, count(*) AS n
FROM staff_days AS s JOIN employees e ON e.id = s.employee_id AND e.organization_id = s.organization_id
JOIN assignments a ON a.employee_id = s.employee_id AND a.valid_from <= s.day AND (a.valid_to IS NULL OR a.valid_to > s.day)
WHERE s.organization_id = :'org' AND s.day IN (:days) AND e.active = true AND (s.kind = 'essential' OR s.portion = 'full')
GROUP BY a.department_id, s.day, s.kind;

\echo '== Essential staff by department, one month (StaffDays.EssentialByDepartment, what the ratio report reads)'
EXPLAIN (ANALYZE, BUFFERS) SELECT a.department_id AS department_id, s.day AS day, s.kind AS kind, count(*) AS n
FROM staff_days AS s JOIN employees e ON e.id = s.employee_id AND e.organization_id = s.organization_id
JOIN assignments a ON a.employee_id = s.employee_id AND a.valid_from <= s.day AND (a.valid_to IS NULL OR a.valid_to > s.day)
WHERE s.organization_id = :'org' AND s.day IN (:days) AND e.active = true AND s.kind = 'essential'
GROUP BY a.department_id, s.day, s.kind;

\echo '== One export batch: a year of the ledger for 500 people (WorkDays.Between)'
SELECT string_agg(quote_literal(id), ',') AS batch FROM (SELECT id FROM employees WHERE organization_id = :'org' ORDER BY id LIMIT 500) x \gset
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM work_days WHERE organization_id = :'org' AND day >= (:'month_to'::date - 364) AND day <= :'month_to'
  AND employee_id IN (:batch) ORDER BY employee_id, day;
