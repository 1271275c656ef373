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

\echo '== Ledger counted by department-day, whole organisation, one month (WorkDays.DayCounts, what the ratio report reads)'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, department_id,
  sum(CASE WHEN location = 'leave' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location = 'home' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location = 'satellite' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location = 'elsewhere' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location IN ('home', 'satellite', 'elsewhere') AND NOT portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN actual AND NOT (location = 'leave' AND portion = 'full') THEN 1 ELSE 0 END)
FROM work_days WHERE organization_id = :'org' AND day >= :'month_from' AND day <= :'month_to'
GROUP BY day, department_id;

\echo '== Ledger counted by department-day, one 課 and its 係, one month (WorkDays.DayCounts with departments: each day and department probed)'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, department_id,
  sum(CASE WHEN location = 'leave' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location = 'home' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location = 'satellite' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location = 'elsewhere' AND portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN location IN ('home', 'satellite', 'elsewhere') AND NOT portion = 'full' THEN 1 ELSE 0 END),
  sum(CASE WHEN actual AND NOT (location = 'leave' AND portion = 'full') THEN 1 ELSE 0 END)
FROM work_days WHERE organization_id = :'org' AND day >= :'month_from' AND day <= :'month_to'
  AND day IN (:alldays) AND department_id IN (:below)
GROUP BY day, department_id;

\echo '== Ledger tally with requests told apart, two weeks (WorkDays.Tally, the forecast)'
EXPLAIN (ANALYZE, BUFFERS) SELECT day, department_id, location, portion, actual, request_id IS NOT NULL, count(*)
FROM work_days WHERE organization_id = :'org' AND day >= :'month_from' AND day <= (:'month_from'::date + 13)
GROUP BY day, department_id, location, portion, actual, request_id IS NOT NULL;

\echo '== Members counted, whole organisation, one month (Assignments.MemberCounts)'
EXPLAIN (ANALYZE, BUFFERS) SELECT a.department_id, CASE WHEN a.valid_from < :'month_from' THEN :'month_from' ELSE a.valid_from END AS valid_from,
  CASE WHEN a.valid_to > :'month_to' THEN NULL ELSE a.valid_to END AS valid_to, e.active, e.deactivated_at, count(*) AS n
FROM assignments a JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id
WHERE a.organization_id = :'org' AND a.valid_from <= :'month_to' AND (a.valid_to IS NULL OR a.valid_to > :'month_from')
  AND NOT e.active AND e.deactivated_at >= :'month_from'
GROUP BY 1, 2, 3, 4, 5
UNION ALL
SELECT a.department_id, CASE WHEN a.valid_from < :'month_from' THEN :'month_from' ELSE a.valid_from END,
  CASE WHEN a.valid_to > :'month_to' THEN NULL ELSE a.valid_to END, TRUE, NULL, count(*)
FROM assignments a
WHERE a.organization_id = :'org' AND a.valid_from <= :'month_to' AND (a.valid_to IS NULL OR a.valid_to > :'month_from')
  AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.organization_id = a.organization_id AND e.id = a.employee_id AND NOT e.active)
GROUP BY 1, 2, 3;

\echo '== Members counted, one 課 and its 係 (Assignments.MemberCounts with departments)'
EXPLAIN (ANALYZE, BUFFERS) SELECT a.department_id, CASE WHEN a.valid_from < :'month_from' THEN :'month_from' ELSE a.valid_from END AS valid_from,
  CASE WHEN a.valid_to > :'month_to' THEN NULL ELSE a.valid_to END AS valid_to, e.active, e.deactivated_at, count(*) AS n
FROM assignments a JOIN employees e ON e.organization_id = a.organization_id AND e.id = a.employee_id
WHERE a.organization_id = :'org' AND a.valid_from <= :'month_to' AND (a.valid_to IS NULL OR a.valid_to > :'month_from') AND a.department_id IN (:below)
  AND NOT e.active AND e.deactivated_at >= :'month_from'
GROUP BY 1, 2, 3, 4, 5
UNION ALL
SELECT a.department_id, CASE WHEN a.valid_from < :'month_from' THEN :'month_from' ELSE a.valid_from END,
  CASE WHEN a.valid_to > :'month_to' THEN NULL ELSE a.valid_to END, TRUE, NULL, count(*)
FROM assignments a
WHERE a.organization_id = :'org' AND a.valid_from <= :'month_to' AND (a.valid_to IS NULL OR a.valid_to > :'month_from') AND a.department_id IN (:below)
  AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.organization_id = a.organization_id AND e.id = a.employee_id AND NOT e.active)
GROUP BY 1, 2, 3;

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

\echo '== The facts of one person''s day, in one statement (WorkDays.Facts: what the write path reads to keep the counters and the ledger)'
SELECT d.employee_id AS emp, d.day AS day FROM telework_request_days d WHERE d.organization_id = :'org' AND d.active AND d.unit = 'full'
  AND d.day >= :'month_from' ORDER BY md5(d.request_id::text) LIMIT 1 \gset
EXPLAIN (ANALYZE, BUFFERS)
SELECT 'org' AS src, NULL::date AS day, NULL::date AS day2, o.time_zone AS a, NULL::text AS b, NULL::text AS c, NULL::text AS d,
       NULL::text AS e, NULL::text AS f, NULL::text AS g, o.calendar_version AS n, NULL::boolean AS flag,
       NULL::timestamptz AS t1, NULL::timestamptz AS t2, NULL::timestamptz AS t3
  FROM organizations o WHERE o.id = '01a222b2-5faa-798e-b409-101e628744fb'
UNION ALL
SELECT 'emp', NULL, NULL, e.department_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM employees e WHERE e.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND e.id = '01a0551d-a000-7018-8bdc-7dda338c2965'
UNION ALL
SELECT 'leave', s.day, NULL, s.kind, s.portion, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM staff_days s WHERE s.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND s.employee_id = '01a0551d-a000-7018-8bdc-7dda338c2965' AND s.day IN ('2026-09-03')
UNION ALL
SELECT 'approved', d.day, NULL, d.request_id::text, d.unit, r.place, r.office_id::text, NULL, NULL, NULL, d.minutes, NULL, NULL, NULL, NULL
  FROM telework_request_days d JOIN telework_requests r ON r.id = d.request_id
 WHERE d.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND d.employee_id = '01a0551d-a000-7018-8bdc-7dda338c2965' AND d.day IN ('2026-09-03') AND d.active AND r.status = 'approved'
UNION ALL
SELECT 'live', d.day, NULL, d.request_id::text, d.department_id::text, NULL, NULL, NULL, NULL, NULL, d.minutes, NULL, NULL, NULL, NULL
  FROM telework_request_days d
 WHERE d.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND d.employee_id = '01a0551d-a000-7018-8bdc-7dda338c2965' AND d.day IN ('2026-09-03') AND d.active AND d.unit = 'full'
UNION ALL
SELECT 'booking', NULL, NULL, b.office_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.kind = 'main_building', b.start_at, b.end_at, b.checked_in_at
  FROM bookings b JOIN offices o ON o.id = b.office_id
 WHERE b.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND b.employee_id = '01a0551d-a000-7018-8bdc-7dda338c2965' AND b.status = 'confirmed' AND b.start_at >= (:'day'::date - 1) AND b.start_at < (:'day'::date + 2)
   AND (o.kind <> 'main_building' OR b.checked_in_at IS NOT NULL)
UNION ALL
SELECT 'history', a.valid_from, a.valid_to, a.department_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM assignments a WHERE a.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND a.employee_id = '01a0551d-a000-7018-8bdc-7dda338c2965' AND a.valid_from <= '2026-09-03' AND (a.valid_to IS NULL OR a.valid_to > '2026-09-03')
UNION ALL
SELECT 'stored', w.day, NULL, w.department_id::text, w.location, w.portion, w.office_id::text, w.request_id::text, w.corrected_by::text,
       w.correction, w.minutes, w.actual, w.updated_at, NULL, NULL
  FROM work_days w WHERE w.organization_id = '01a222b2-5faa-798e-b409-101e628744fb' AND w.employee_id = '01a0551d-a000-7018-8bdc-7dda338c2965' AND w.day IN ('2026-09-03');
