package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// StaffRecords keeps the dated staff record (issue 22): hire date,
// employment type with probation and term, rank, working days, commute and
// usual workplace, each from a date. The commute tells where a person
// lives: only the person and HR read the record, every read by HR is
// audited, and the audit trail keeps which fields changed, never their
// values.
type StaffRecords struct {
	*base
	store    models.StaffRecords
	telework *Telework
}

// StaffRecordInput is one record as HR sends it.
type StaffRecordInput struct {
	ValidFrom      string   `json:"valid_from"`
	HireDate       *string  `json:"hire_date"`
	EmploymentType string   `json:"employment_type"`
	ProbationUntil *string  `json:"probation_until"`
	TermUntil      *string  `json:"term_until"`
	Rank           string   `json:"rank"`
	WorkDays       []string `json:"work_days"`
	CommuteMinutes *int     `json:"commute_minutes"`
	CommuteKm      *int     `json:"commute_km"`
	WorkplaceID    *string  `json:"workplace_id"`
}

// StaffEmploymentTypes are the employment types a staff record may hold:
// the same as an employee's (migration 00053 widened the employee's check).
var StaffEmploymentTypes = employmentTypes

// History returns an employee's records, oldest first, to the person and
// to HR (whose read is audited). Anyone else is told there is nothing.
func (s *StaffRecords) History(ctx context.Context, actor *Actor, employeeID string) ([]models.StaffRecord, error) {
	self := employeeID == actor.EmployeeID
	if !policies.CanReadStaffRecord(subject(actor), self) {
		return nil, notFound("staff record of " + employeeID)
	}
	var out []models.StaffRecord
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID); err != nil {
			return err
		}
		var err error
		if out, err = s.store.Of(ctx, tx, actor.OrganizationID, []string{employeeID}); err != nil || self {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "staff_record.read", TargetType: "employee", TargetID: employeeID,
			After: map[string]any{"count": len(out)}})
	})
	return out, err
}

// Put stores HR's record of an employee from a date (replacing one from the
// same date), and checks the employee's live requests again: a record that
// takes away a condition a day relied on is reported, not left silent.
func (s *StaffRecords) Put(ctx context.Context, actor *Actor, employeeID string, in StaffRecordInput) (*models.StaffRecord, error) {
	if !policies.CanManageStaffRecord(subject(actor)) {
		return nil, forbidden()
	}
	var out *models.StaffRecord
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// The person is the path's: another organisation's (or nobody) is not
		// found, as on every other route, not a field to correct.
		if _, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID); err != nil {
			return err
		}
		var v Validator
		r, err := s.check(ctx, tx, actor, employeeID, in, "", &v)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		out = r
		return s.store1(ctx, tx, actor, []models.StaffRecord{*r})
	})
	return out, err
}

func (s *StaffRecords) store1(ctx context.Context, tx *gorm.DB, actor *Actor, rs []models.StaffRecord) error {
	var who []string
	for i := range rs {
		rs[i].RecordedBy, rs[i].CreatedAt = actor.EmployeeID, s.now()
		if err := s.store.Put(ctx, tx, &rs[i]); err != nil {
			return err
		}
		if !slices.Contains(who, rs[i].EmployeeID) {
			who = append(who, rs[i].EmployeeID)
		}
	}
	// Which people and dates changed; never the values (the commute is
	// sensitive, the rest is the person's record).
	keys := make([]string, len(rs))
	for i, r := range rs {
		keys[i] = r.EmployeeID + "@" + r.ValidFrom.String()
	}
	if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "staff_record.put", TargetType: "organization", TargetID: actor.OrganizationID,
		After: map[string]any{"records": keys}}); err != nil {
		return err
	}
	for _, id := range who {
		if err := s.telework.recheck(ctx, tx, actor, actor.OrganizationID, id, ""); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the record from a date (HR).
func (s *StaffRecords) Delete(ctx context.Context, actor *Actor, employeeID, from string) error {
	if !policies.CanManageStaffRecord(subject(actor)) {
		return forbidden()
	}
	if _, err := policies.ParseDate(from); err != nil {
		return notFound("staff record from " + from)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.store.Delete(ctx, tx, actor.OrganizationID, employeeID, models.Day(from)); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "staff_record.delete", TargetType: "employee", TargetID: employeeID,
			Before: map[string]any{"valid_from": from}}); err != nil {
			return err
		}
		return s.telework.recheck(ctx, tx, actor, actor.OrganizationID, employeeID, "")
	})
}

// check validates one input into a record; field prefixes its errors.
func (s *StaffRecords) check(ctx context.Context, tx *gorm.DB, actor *Actor, employeeID string, in StaffRecordInput, field string, v *Validator) (*models.StaffRecord, error) {
	f := func(name string) string { return field + name }
	if _, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			v.Add(f("employee"), "not_found", "職員が見つかりません。", "No such employee.")
			return nil, nil
		}
		return nil, err
	}
	r := &models.StaffRecord{OrganizationID: actor.OrganizationID, EmployeeID: employeeID, EmploymentType: in.EmploymentType, Rank: in.Rank,
		CommuteMinutes: in.CommuteMinutes, CommuteKm: in.CommuteKm}
	from, err := policies.ParseDate(in.ValidFrom)
	if err != nil {
		v.Add(f("valid_from"), "invalid", "適用開始日は YYYY-MM-DD 形式で指定してください。", "valid_from must be a date (YYYY-MM-DD).")
	}
	r.ValidFrom = models.Day(in.ValidFrom)
	date := func(name string, s *string, ja string) *models.Day {
		if s == nil || *s == "" {
			return nil
		}
		d, err := policies.ParseDate(*s)
		if err != nil {
			v.Add(f(name), "invalid", ja+"は YYYY-MM-DD 形式で指定してください。", name+" must be a date (YYYY-MM-DD).")
			return nil
		}
		if name != "hire_date" && !from.IsZero() && d.Before(from) {
			v.Add(f(name), "before_start", ja+"は適用開始日以後の日にしてください。", name+" must not be before valid_from.")
		}
		day := models.Day(d.String())
		return &day
	}
	r.HireDate = date("hire_date", in.HireDate, "採用日")
	r.ProbationUntil = date("probation_until", in.ProbationUntil, "条件付採用期間の終了日")
	r.TermUntil = date("term_until", in.TermUntil, "任期の終了日")
	v.Check(slices.Contains(StaffEmploymentTypes, in.EmploymentType), f("employment_type"), "invalid",
		"任用形態は "+strings.Join(StaffEmploymentTypes, "、")+" のいずれかです。", "The employment type is one of "+strings.Join(StaffEmploymentTypes, ", ")+".")
	v.Check(in.Rank == "" || slices.Contains(policies.RankNames(), in.Rank), f("rank"), "invalid",
		"職位は "+strings.Join(policies.RankNames(), "、")+" のいずれかです。", "The rank is one of "+strings.Join(policies.RankNames(), ", ")+".")
	for _, d := range in.WorkDays {
		if !slices.Contains(policies.WeekdayNames(), d) {
			v.Add(f("work_days"), "invalid", "勤務日は monday〜sunday の曜日名で指定してください。", "Working days are weekday names (monday … sunday).")
			break
		}
	}
	r.WorkDays = strings.Join(in.WorkDays, ",")
	v.Check(in.CommuteMinutes == nil || (*in.CommuteMinutes >= 0 && *in.CommuteMinutes <= 600), f("commute_minutes"), "invalid",
		"通勤時間（片道、分）は 0〜600 です。", "The commute (one way, minutes) is 0 to 600.")
	v.Check(in.CommuteKm == nil || (*in.CommuteKm >= 0 && *in.CommuteKm <= 1000), f("commute_km"), "invalid",
		"通勤距離（片道、km）は 0〜1000 です。", "The commute distance (one way, km) is 0 to 1000.")
	if in.WorkplaceID != nil && *in.WorkplaceID != "" {
		o, err := models.Offices{}.GetVisible(ctx, tx, actor.OrganizationID, *in.WorkplaceID)
		switch {
		case errors.Is(err, models.ErrNotFound) || (err == nil && o.OrganizationID != actor.OrganizationID):
			v.Add(f("workplace_id"), "not_found", "通常の勤務場所は、組織の施設から選んでください。", "The usual workplace is one of the organisation's offices.")
		case err != nil:
			return nil, err
		default:
			r.WorkplaceID = in.WorkplaceID
		}
	}
	return r, nil
}

// staffRecordColumns are the CSV headers of a staff record import.
var staffRecordColumns = map[string]string{
	"employee_number": "employee_number", "職員番号": "employee_number",
	"valid_from": "valid_from", "適用開始日": "valid_from",
	"hire_date": "hire_date", "採用日": "hire_date",
	"employment_type": "employment_type", "任用形態": "employment_type",
	"probation_until": "probation_until", "条件付採用期間終了日": "probation_until",
	"term_until": "term_until", "任期終了日": "term_until",
	"rank": "rank", "職位": "rank",
	"work_days": "work_days", "勤務日": "work_days",
	"commute_minutes": "commute_minutes", "通勤時間": "commute_minutes",
	"commute_km": "commute_km", "通勤距離": "commute_km",
	"workplace_id": "workplace_id", "勤務場所": "workplace_id",
}

var rankAliases = map[string]string{"一般": "staff", "主任": "shunin", "係長級": "kakaricho", "課長補佐級": "kacho_hosa",
	"課長級": "kacho", "次長級": "jicho", "部長級": "bucho"}

var weekdayAliases = map[string]string{"月": "monday", "火": "tuesday", "水": "wednesday", "木": "thursday", "金": "friday", "土": "saturday", "日": "sunday"}

// StaffRecordImport says what an import stored, or would store.
type StaffRecordImport struct {
	DryRun bool
	Rows   int
	// Items are the rows as read, so that HR sees each one before storing
	// (the commute is left out: it is shown only in the employee's record).
	Items []StaffRecordImportRow
}

// StaffRecordImportRow is one row of an import: whose record from which
// date, and whether it adds a record or replaces the one from that date.
type StaffRecordImportRow struct {
	Line           int
	EmployeeID     string
	EmployeeNumber string
	EmployeeName   string
	ValidFrom      string
	EmploymentType string
	Rank           string
	Replaces       bool
}

// Import reads staff records from a CSV (UTF-8 with or without BOM, or
// Shift_JIS), one record per line: 職員番号, 適用開始日, 採用日, 任用形態,
// 条件付採用期間終了日, 任期終了日, 職位, 勤務日 (月火水木 or monday;tuesday),
// 通勤時間, 通勤距離, 勤務場所 (the office id). Nothing is stored unless
// every row is good.
func (s *StaffRecords) Import(ctx context.Context, actor *Actor, data []byte, dryRun bool) (*StaffRecordImport, error) {
	if !policies.CanManageStaffRecord(subject(actor)) {
		return nil, forbidden()
	}
	text, _, err := decodeCSVText(data)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(text, staffRecordColumns, []string{"employee_number", "valid_from", "employment_type"})
	if err != nil {
		return nil, err
	}
	var res *StaffRecordImport
	err = s.tx(ctx, func(tx *gorm.DB) error {
		numbers := make([]string, 0, len(rows))
		for _, r := range rows {
			numbers = append(numbers, r.values["employee_number"])
		}
		byNumber, err := s.employees.ByNumbers(ctx, tx, actor.OrganizationID, numbers)
		if err != nil {
			return err
		}
		var v Validator
		var out []models.StaffRecord
		res = &StaffRecordImport{DryRun: dryRun, Rows: len(rows)}
		for _, r := range rows {
			prefix := fmt.Sprintf("rows[%d].", r.line)
			e, ok := byNumber[r.values["employee_number"]]
			if !ok {
				v.Add(prefix+"employee_number", "not_found", "職員番号が登録されていません。", "No employee has this number.")
				continue
			}
			in, bad := staffRecordRow(r.values)
			for _, col := range bad {
				v.Add(prefix+col, "invalid", "数値で指定してください。", "Must be a number.")
			}
			rec, err := s.check(ctx, tx, actor, e.ID, in, prefix, &v)
			if err != nil {
				return err
			}
			if rec != nil {
				out = append(out, *rec)
				had, err := s.store.Of(ctx, tx, actor.OrganizationID, []string{e.ID})
				if err != nil {
					return err
				}
				res.Items = append(res.Items, StaffRecordImportRow{Line: r.line, EmployeeID: e.ID, EmployeeNumber: e.EmployeeNumber,
					EmployeeName: e.FamilyName + " " + e.GivenName, ValidFrom: rec.ValidFrom.String(), EmploymentType: rec.EmploymentType, Rank: rec.Rank,
					Replaces: slices.ContainsFunc(had, func(x models.StaffRecord) bool { return x.ValidFrom == rec.ValidFrom })})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if dryRun {
			return nil
		}
		return s.store1(ctx, tx, actor, out)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// staffRecordRow turns a CSV row into an input, reading Japanese labels.
func staffRecordRow(vals map[string]string) (StaffRecordInput, []string) {
	opt := func(col string) *string {
		if x := strings.ReplaceAll(vals[col], "/", "-"); x != "" {
			return &x
		}
		return nil
	}
	var bad []string
	num := func(col string) *int {
		if vals[col] == "" {
			return nil
		}
		n, err := strconv.Atoi(vals[col])
		if err != nil {
			bad = append(bad, col)
			return nil
		}
		return &n
	}
	in := StaffRecordInput{ValidFrom: strings.ReplaceAll(vals["valid_from"], "/", "-"), HireDate: opt("hire_date"), ProbationUntil: opt("probation_until"),
		TermUntil: opt("term_until"), EmploymentType: vals["employment_type"], Rank: vals["rank"],
		CommuteMinutes: num("commute_minutes"), CommuteKm: num("commute_km"), WorkplaceID: opt("workplace_id")}
	if a, ok := employmentAliases[in.EmploymentType]; ok {
		in.EmploymentType = a
	}
	if a, ok := rankAliases[in.Rank]; ok {
		in.Rank = a
	}
	if w := vals["work_days"]; w != "" {
		if strings.ContainsAny(w, ";, ") {
			in.WorkDays = strings.FieldsFunc(w, func(r rune) bool { return r == ';' || r == ',' || r == ' ' })
		} else {
			for _, r := range w {
				if d, ok := weekdayAliases[string(r)]; ok {
					in.WorkDays = append(in.WorkDays, d)
				} else {
					in.WorkDays = append(in.WorkDays, string(r))
				}
			}
		}
	}
	return in, bad
}

// staffFacts turns the records into the engine's dated facts: the hire
// date is the latest one recorded.
func staffFacts(rs []models.StaffRecord) (policies.Date, []policies.StaffRecord) {
	var hire policies.Date
	out := make([]policies.StaffRecord, 0, len(rs))
	day := func(d *models.Day) policies.Date {
		if d == nil {
			return policies.Date{}
		}
		p, _ := policies.ParseDate(d.String())
		return p
	}
	for _, r := range rs {
		if h := day(r.HireDate); !h.IsZero() {
			hire = h
		}
		from, _ := policies.ParseDate(r.ValidFrom.String())
		pr := policies.StaffRecord{From: from, EmploymentType: r.EmploymentType, ProbationUntil: day(r.ProbationUntil), TermUntil: day(r.TermUntil),
			Rank: r.Rank}
		if r.WorkDays != "" {
			pr.WorkDays = strings.Split(r.WorkDays, ",")
		}
		if r.CommuteMinutes != nil {
			pr.CommuteMinutes = *r.CommuteMinutes
		}
		if r.CommuteKm != nil {
			pr.CommuteKm = *r.CommuteKm
		}
		if r.WorkplaceID != nil {
			pr.Workplace = *r.WorkplaceID
		}
		out = append(out, pr)
	}
	return hire, out
}
