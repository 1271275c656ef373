package services

import (
	"context"
	"fmt"
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

// List returns staff days (HR).
func (s *StaffDays) List(ctx context.Context, actor *Actor, q StaffDayQuery) ([]models.StaffDay, error) {
	if !policies.CanManageStaffDays(subject(actor)) {
		return nil, forbidden()
	}
	var v Validator
	for field, d := range map[string]string{"from": q.From, "to": q.To} {
		if d != "" {
			_, err := policies.ParseDate(d)
			v.Check(err == nil, field, "invalid", "日付は YYYY-MM-DD 形式です。", "Dates are YYYY-MM-DD.")
		}
	}
	if err := v.Err(); err != nil {
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
	if !policies.CanManageStaffDays(subject(actor)) {
		return nil, forbidden()
	}
	var out []models.StaffDay
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var v Validator
		now := s.now()
		for i, d := range in {
			field := fmt.Sprintf("days[%d]", i)
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
		if err := s.store.Upsert(ctx, tx, out); err != nil {
			return err
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
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.store.Delete(ctx, tx, actor.OrganizationID, employeeID, date, kind); err != nil {
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
