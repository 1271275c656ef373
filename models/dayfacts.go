package models

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/policies"
)

// DayFacts is everything the ledger's write path reads of one employee's
// days: the organisation's zone and calendar version, the employee's
// department column, their leave, approved and live request days, bookings,
// department history and stored ledger entries.
type DayFacts struct {
	TimeZone        string
	CalendarVersion int64
	DepartmentID    string // the employee's department column
	Leave           []StaffDay
	Approved        []ApprovedDay
	Live            []TeleworkDay // live (pending or approved) full-day request days
	// Bookings start from the day before the first day to the day after the
	// last, in UTC: every local day of the days in any zone; the caller
	// keeps those on the days in the organisation's zone.
	Bookings []SatelliteBooking
	History  []Assignment // the stretches holding on some day from the first to the last
	Stored   []WorkDay
}

// factsSpan is the first and last of the days, and the UTC span
// DayFacts.Bookings covers.
func factsSpan(days []string) (first, last string, from, to time.Time, err error) {
	first, last = days[0], days[0]
	for _, d := range days {
		first, last = min(first, d), max(last, d)
	}
	f, err := time.Parse(time.DateOnly, first)
	if err != nil {
		return first, last, from, to, fmt.Errorf("day facts from %q: %w", first, err)
	}
	l, err := time.Parse(time.DateOnly, last)
	if err != nil {
		return first, last, from, to, fmt.Errorf("day facts to %q: %w", last, err)
	}
	return first, last, f.AddDate(0, 0, -1), l.AddDate(0, 0, 2), nil
}

// Facts reads the employee's facts on the days (at least one). On
// PostgreSQL it is one statement: the write path runs it on every change
// that moves someone, and each round trip to the server costs more than
// the reads themselves. The embedded database has no round trips, and reads
// them table by table (FactsByTable), which gives the same answer.
func (WorkDays) Facts(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) (*DayFacts, error) {
	if db.Dialector.Name() != "postgres" {
		return WorkDays{}.FactsByTable(ctx, db, orgID, employeeID, days)
	}
	first, last, from, to, err := factsSpan(days)
	if err != nil {
		return nil, err
	}
	// One row shape for every source: src names it, the other columns are
	// its fields or NULL (see the scan below for which is which).
	const q = `
SELECT 'org' AS src, NULL::date AS day, NULL::date AS day2, o.time_zone AS a, NULL::text AS b, NULL::text AS c, NULL::text AS d,
       NULL::text AS e, NULL::text AS f, NULL::text AS g, o.calendar_version AS n, NULL::boolean AS flag,
       NULL::timestamptz AS t1, NULL::timestamptz AS t2, NULL::timestamptz AS t3
  FROM organizations o WHERE o.id = @org
UNION ALL
SELECT 'emp', NULL, NULL, e.department_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM employees e WHERE e.organization_id = @org AND e.id = @emp
UNION ALL
SELECT 'leave', s.day, NULL, s.kind, s.portion, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM staff_days s WHERE s.organization_id = @org AND s.employee_id = @emp AND s.day IN @days
UNION ALL
-- d.active (always true of an approved request's days) lets the partial
-- index telework_days_employee answer (see ApprovedDays).
SELECT 'approved', d.day, NULL, d.request_id::text, d.unit, r.place, r.office_id::text, NULL, NULL, NULL, d.minutes, NULL, NULL, NULL, NULL
  FROM telework_request_days d JOIN telework_requests r ON r.id = d.request_id
 WHERE d.organization_id = @org AND d.employee_id = @emp AND d.day IN @days AND d.active AND r.status = @approved
UNION ALL
SELECT 'live', d.day, NULL, d.request_id::text, d.department_id::text, NULL, NULL, NULL, NULL, NULL, d.minutes, NULL, NULL, NULL, NULL
  FROM telework_request_days d
 WHERE d.organization_id = @org AND d.employee_id = @emp AND d.day IN @days AND d.active AND d.unit = 'full'
UNION ALL
SELECT 'booking', NULL, NULL, b.office_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.kind = @main, b.start_at, b.end_at, b.checked_in_at
  FROM bookings b JOIN offices o ON o.id = b.office_id
 WHERE b.organization_id = @org AND b.employee_id = @emp AND b.status = @confirmed AND b.start_at >= @from AND b.start_at < @to
   AND (o.kind <> @main OR b.checked_in_at IS NOT NULL)
UNION ALL
SELECT 'history', a.valid_from, a.valid_to, a.department_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM assignments a WHERE a.organization_id = @org AND a.employee_id = @emp AND a.valid_from <= @last AND (a.valid_to IS NULL OR a.valid_to > @first)
UNION ALL
SELECT 'stored', w.day, NULL, w.department_id::text, w.location, w.portion, w.office_id::text, w.request_id::text, w.corrected_by::text,
       w.correction, w.minutes, w.actual, w.updated_at, NULL, NULL
  FROM work_days w WHERE w.organization_id = @org AND w.employee_id = @emp AND w.day IN @days`
	rows, err := db.WithContext(ctx).Raw(q, map[string]any{
		"org": orgID, "emp": employeeID, "days": days, "first": first, "last": last, "from": from, "to": to,
		"approved": policies.StateApproved, "confirmed": policies.BookingConfirmed, "main": OfficeMainBuilding,
	}).Rows()
	if err != nil {
		return nil, Translate(err, "day facts of %s", employeeID)
	}
	defer rows.Close()
	out := &DayFacts{}
	for rows.Next() {
		var (
			src                 string
			day, day2           sql.NullString
			a, b, c, d, e, f, g sql.NullString
			n                   sql.NullInt64
			flag                sql.NullBool
			t1, t2, t3          sql.NullTime
		)
		if err := rows.Scan(&src, &day, &day2, &a, &b, &c, &d, &e, &f, &g, &n, &flag, &t1, &t2, &t3); err != nil {
			return nil, Translate(err, "day facts of %s", employeeID)
		}
		dayOf := func(s sql.NullString) Day { return Day(s.String[:min(len(s.String), 10)]) }
		optional := func(s sql.NullString) *string {
			if !s.Valid {
				return nil
			}
			v := s.String
			return &v
		}
		switch src {
		case "org":
			out.TimeZone, out.CalendarVersion = a.String, n.Int64
		case "emp":
			out.DepartmentID = a.String
		case "leave":
			out.Leave = append(out.Leave, StaffDay{OrganizationID: orgID, EmployeeID: employeeID, Day: dayOf(day), Kind: a.String, Portion: b.String})
		case "approved":
			out.Approved = append(out.Approved, ApprovedDay{RequestID: a.String, Day: dayOf(day), Unit: b.String, Place: c.String, OfficeID: optional(d),
				Minutes: int(n.Int64)})
		case "live":
			out.Live = append(out.Live, TeleworkDay{OrganizationID: orgID, EmployeeID: employeeID, RequestID: a.String, DepartmentID: b.String,
				Day: dayOf(day), Unit: "full", Minutes: int(n.Int64), Active: true})
		case "booking":
			bk := SatelliteBooking{OfficeID: a.String, StartAt: t1.Time, EndAt: t2.Time, MainBuilding: flag.Bool}
			if t3.Valid {
				at := t3.Time
				bk.CheckedInAt = &at
			}
			out.Bookings = append(out.Bookings, bk)
		case "history":
			h := Assignment{OrganizationID: orgID, EmployeeID: employeeID, DepartmentID: a.String, ValidFrom: dayOf(day)}
			if day2.Valid {
				to := dayOf(day2)
				h.ValidTo = &to
			}
			out.History = append(out.History, h)
		case "stored":
			out.Stored = append(out.Stored, WorkDay{OrganizationID: orgID, EmployeeID: employeeID, Day: dayOf(day), DepartmentID: a.String,
				Location: policies.Location(b.String), Portion: policies.Unit(c.String), OfficeID: optional(d), RequestID: optional(e),
				CorrectedBy: optional(f), Correction: g.String, Minutes: int(n.Int64), Actual: flag.Bool, UpdatedAt: t1.Time})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, Translate(err, "day facts of %s", employeeID)
	}
	if out.TimeZone == "" {
		return nil, Translate(ErrNotFound, "organization %s", orgID)
	}
	return out, nil
}

// FactsByTable is Facts read one table at a time.
func (WorkDays) FactsByTable(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) (*DayFacts, error) {
	first, last, from, to, err := factsSpan(days)
	if err != nil {
		return nil, err
	}
	var org struct {
		TimeZone        string
		CalendarVersion int64
	}
	res := db.WithContext(ctx).Table("organizations").Select("time_zone, calendar_version").Where("id = ?", orgID).Scan(&org)
	if res.Error != nil {
		return nil, Translate(res.Error, "organization %s", orgID)
	}
	if res.RowsAffected == 0 {
		return nil, Translate(ErrNotFound, "organization %s", orgID)
	}
	out := &DayFacts{TimeZone: org.TimeZone, CalendarVersion: org.CalendarVersion}
	if err := db.WithContext(ctx).Model(&Employee{}).Select("department_id").Where("organization_id = ? AND id = ?", orgID, employeeID).
		Scan(&out.DepartmentID).Error; err != nil {
		return nil, Translate(err, "employee %s", employeeID)
	}
	if out.Leave, err = (StaffDays{}).Of(ctx, db, orgID, employeeID, days); err != nil {
		return nil, err
	}
	if out.Approved, err = (TeleworkRequests{}).ApprovedDays(ctx, db, orgID, employeeID, days); err != nil {
		return nil, err
	}
	if out.Live, err = (TeleworkRequests{}).LiveFullDays(ctx, db, orgID, employeeID, days); err != nil {
		return nil, err
	}
	if out.Bookings, err = (Bookings{}).SatelliteBookings(ctx, db, orgID, employeeID, from, to); err != nil {
		return nil, err
	}
	if out.History, err = (Assignments{}).Overlapping(ctx, db, orgID, []string{employeeID}, first, last); err != nil {
		return nil, err
	}
	if out.Stored, err = (WorkDays{}).Of(ctx, db, orgID, employeeID, days); err != nil {
		return nil, err
	}
	return out, nil
}
