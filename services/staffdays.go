package services

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// StaffDays keeps who is on leave, and who is designated essential, on which
// day, so the attendance bands know who is working.
type StaffDays struct {
	*base
	store models.StaffDays
}

// StaffDayInput is one day as HR enters it.
type StaffDayInput struct {
	EmployeeID string `json:"employee_id"`
	Date       string `json:"date"`
	Kind       string `json:"kind"`    // leave (default) or essential
	Portion    string `json:"portion"` // full (default), am or pm
	Note       string `json:"note"`
}

// StaffDayQuery narrows the list.
type StaffDayQuery struct {
	EmployeeID string
	From, To   string
	Kind       string
}

// List returns staff days: anyone's for HR, one's own for everyone else
// (asking for someone else's is forbidden).
func (s *StaffDays) List(ctx context.Context, actor *Actor, q StaffDayQuery) ([]models.StaffDay, error) {
	if !policies.CanManageStaffDays(subject(actor)) {
		if q.EmployeeID != "" && q.EmployeeID != actor.EmployeeID {
			return nil, forbidden()
		}
		q.EmployeeID = actor.EmployeeID
	}
	if err := checkRange(q.From, q.To); err != nil {
		return nil, err
	}
	f := models.StaffDayFilter{From: q.From, To: q.To, Kind: q.Kind}
	if q.EmployeeID != "" {
		f.EmployeeIDs = []string{q.EmployeeID}
	}
	return s.store.List(ctx, s.db, actor.OrganizationID, f)
}

// Put stores days (HR), replacing the same person, day and kind.
func (s *StaffDays) Put(ctx context.Context, actor *Actor, in []StaffDayInput) ([]models.StaffDay, error) {
	return s.put(ctx, actor, in, false, func(i int) string { return fmt.Sprintf("days[%d]", i) })
}

// put stores the days (with dryRun, checks them and stores nothing);
// fieldOf names the i-th day in error messages.
func (s *StaffDays) put(ctx context.Context, actor *Actor, in []StaffDayInput, dryRun bool, fieldOf func(i int) string) ([]models.StaffDay, error) {
	if !policies.CanManageStaffDays(subject(actor)) {
		return nil, forbidden()
	}
	var out []models.StaffDay
	err := s.tx(ctx, func(tx *gorm.DB) (err error) {
		var v Validator
		now := s.now()
		for i, d := range in {
			field := fieldOf(i)
			row, ok := s.check(ctx, tx, actor, d, field, &v)
			if ok {
				row.CreatedAt = now
				out = append(out, row)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			v.Add("days", "required", "登録する日を1件以上指定してください。", "Send at least one day.")
			return v.Err()
		}
		if dryRun {
			return nil
		}
		byEmployee := map[string][]string{}
		for _, d := range out {
			byEmployee[d.EmployeeID] = append(byEmployee[d.EmployeeID], d.Day.String())
		}
		before := map[string]map[string]bool{}
		for id, days := range byEmployee {
			if before[id], err = fullLeave(ctx, tx, actor.OrganizationID, id, days); err != nil {
				return err
			}
		}
		if err := s.store.Upsert(ctx, tx, out); err != nil {
			return err
		}
		for id, days := range byEmployee {
			if err := s.leaveChanged(ctx, tx, actor.OrganizationID, id, days, before[id]); err != nil {
				return err
			}
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "staff_day.put", TargetType: "organization", TargetID: actor.OrganizationID,
			After: map[string]any{"days": staffDaysAudit(out)}})
	})
	return out, err
}

// Delete removes one day (HR).
func (s *StaffDays) Delete(ctx context.Context, actor *Actor, employeeID, date, kind string) error {
	if !policies.CanManageStaffDays(subject(actor)) {
		return forbidden()
	}
	if kind == "" {
		kind = models.StaffLeave
	}
	// A malformed id or date names no stored day (PostgreSQL would refuse to
	// compare it with its uuid and date columns).
	if _, err := policies.ParseDate(date); err != nil || !models.ValidID(employeeID) {
		return fmt.Errorf("staff day %q: %w", date, models.ErrNotFound)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		days := []string{date}
		before, err := fullLeave(ctx, tx, actor.OrganizationID, employeeID, days)
		if err != nil {
			return err
		}
		if err := s.store.Delete(ctx, tx, actor.OrganizationID, employeeID, date, kind); err != nil {
			return err
		}
		if err := s.leaveChanged(ctx, tx, actor.OrganizationID, employeeID, days, before); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "staff_day.delete", TargetType: "employee", TargetID: employeeID,
			Before: map[string]any{"date": date, "kind": kind}})
	})
}

func (s *StaffDays) check(ctx context.Context, tx *gorm.DB, actor *Actor, d StaffDayInput, field string, v *Validator) (models.StaffDay, bool) {
	row := models.StaffDay{OrganizationID: actor.OrganizationID, EmployeeID: d.EmployeeID, Day: models.Day(d.Date), Kind: d.Kind, Portion: d.Portion,
		Note: strings.TrimSpace(d.Note), CreatedBy: &actor.EmployeeID}
	if row.Kind == "" {
		row.Kind = models.StaffLeave
	}
	if row.Portion == "" {
		row.Portion = "full"
	}
	ok := true
	bad := func(sub, code, ja, en string) {
		v.Add(field+"."+sub, code, ja, en)
		ok = false
	}
	if _, err := s.employees.Get(ctx, tx, actor.OrganizationID, d.EmployeeID); err != nil {
		bad("employee_id", "not_found", "職員が見つかりません。", "No such employee.")
	}
	if _, err := policies.ParseDate(d.Date); err != nil {
		bad("date", "invalid", "日付は YYYY-MM-DD 形式です。", "The date must be YYYY-MM-DD.")
	}
	if row.Kind != models.StaffLeave && row.Kind != models.StaffEssential {
		bad("kind", "invalid", "種別は leave（休暇）または essential（出勤必須）です。", "The kind is leave or essential.")
	}
	if row.Portion != "full" && row.Portion != "am" && row.Portion != "pm" {
		bad("portion", "invalid", "区分は full（終日）、am（午前）、pm（午後）です。", "The portion is full, am or pm.")
	}
	if len([]rune(row.Note)) > 200 {
		bad("note", "too_long", "備考は200文字以内です。", "The note must be at most 200 characters.")
	}
	return row, ok
}

// staffDaysAudit keeps who, when and what kind; the note may hold a reason
// for leave (health), which stays out of the audit trail.
func staffDaysAudit(days []models.StaffDay) []map[string]string {
	out := make([]map[string]string, 0, len(days))
	for _, d := range days {
		out = append(out, map[string]string{"employee_id": d.EmployeeID, "date": d.Day.String(), "kind": d.Kind, "portion": d.Portion})
	}
	return out
}

var staffDayColumns = map[string]string{
	"employee_number": "employee_number", "職員番号": "employee_number", "社員番号": "employee_number",
	"date": "date", "日付": "date", "年月日": "date",
	"kind": "kind", "種別": "kind",
	"portion": "portion", "区分": "portion",
	"note": "note", "備考": "note",
}

var staffDayAliases = map[string]string{
	"leave": models.StaffLeave, "休暇": models.StaffLeave, "休": models.StaffLeave,
	"essential": models.StaffEssential, "出勤必須": models.StaffEssential, "必須": models.StaffEssential,
	"full": "full", "終日": "full", "全日": "full", "am": "am", "午前": "am", "pm": "pm", "午後": "pm",
}

// Import reads leave and essential-staff days from a CSV (UTF-8 with or
// without BOM, or Shift_JIS): employee_number（職員番号）, date（日付, YYYY-MM-DD
// or YYYY/MM/DD）, kind（種別: 休暇/出勤必須）, portion（区分: 終日/午前/午後）,
// note（備考）. Nothing is stored unless every row is good.
func (s *StaffDays) Import(ctx context.Context, actor *Actor, data []byte, dryRun bool) ([]models.StaffDay, error) {
	if !policies.CanManageStaffDays(subject(actor)) {
		return nil, forbidden()
	}
	text, _, err := decodeCSVText(data)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(text, staffDayColumns, []string{"employee_number", "date"})
	if err != nil {
		return nil, err
	}
	numbers := make([]string, 0, len(rows))
	for _, r := range rows {
		numbers = append(numbers, r.values["employee_number"])
	}
	byNumber, err := s.employees.ByNumbers(ctx, s.db, actor.OrganizationID, numbers)
	if err != nil {
		return nil, err
	}
	var v Validator
	in := make([]StaffDayInput, 0, len(rows))
	lines := make([]int, 0, len(rows))
	for _, r := range rows {
		field := func(col string) string { return fmt.Sprintf("rows[%d].%s", r.line, col) }
		e, ok := byNumber[r.values["employee_number"]]
		if !ok {
			v.Add(field("employee_number"), "not_found", "職員番号が登録されていません。", "No employee has this number.")
			continue
		}
		d := StaffDayInput{EmployeeID: e.ID, Date: strings.ReplaceAll(r.values["date"], "/", "-"), Note: r.values["note"]}
		for col, dst := range map[string]*string{"kind": &d.Kind, "portion": &d.Portion} {
			if x := strings.ToLower(r.values[col]); x != "" {
				if a, ok := staffDayAliases[x]; ok {
					*dst = a
				} else {
					v.Add(field(col), "invalid", fmt.Sprintf("%q は使えません。", x), fmt.Sprintf("%q is not accepted.", x))
				}
			}
		}
		in = append(in, d)
		lines = append(lines, r.line)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.put(ctx, actor, in, dryRun, func(i int) string { return fmt.Sprintf("rows[%d]", lines[i]) })
}

// Names names the staff of the days, so that HR checks an import or a list by
// name rather than by id. Everyone may read their own days, so the names
// are of the days the actor was given.
func (s *StaffDays) Names(ctx context.Context, actor *Actor, days []models.StaffDay) (map[string]string, error) {
	var ids []string
	for _, d := range days {
		if !slices.Contains(ids, d.EmployeeID) {
			ids = append(ids, d.EmployeeID)
		}
	}
	return s.employees.Names(ctx, s.db, actor.OrganizationID, ids)
}

// leaveChanged follows a change of the employee's leave on the days: a live
// full-day request stops counting as remote on a day of full leave (and
// counts again when the leave goes), and the ledger derives the days again.
func (b *base) leaveChanged(ctx context.Context, tx *gorm.DB, orgID, employeeID string, days []string, before map[string]bool) error {
	if len(days) == 0 {
		return nil
	}
	days = slices.Compact(slices.Sorted(slices.Values(days)))
	// One read of the days' facts serves the counters (the leave now, the
	// live full days) and the ledger.
	facts, err := models.WorkDays{}.Facts(ctx, tx, orgID, employeeID, days)
	if err != nil {
		return err
	}
	after := fullLeaveOf(facts.Leave)
	for _, d := range facts.Live {
		day := d.Day.String()
		if before[day] == after[day] {
			continue
		}
		delta := 1
		if after[day] {
			delta = -1
		}
		if err := (models.Attendance{}).Adjust(ctx, tx, orgID, d.DepartmentID, day, delta, b.now()); err != nil {
			return err
		}
	}
	_, err = b.refreshWith(ctx, tx, orgID, employeeID, days, facts)
	return err
}
