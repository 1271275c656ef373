package services

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Transfers (人事異動) take effect on a date: the 1 April moves are entered
// in March. An employee's departments over time are the rows of
// `assignments`, which tile time; employees.department_id is the department
// as of today, moved on the effective date by ApplyDue. Everything that
// depends on a date asks the history: the ledger's department of a day, the
// attendance-band counters of request days (moved here when a transfer is
// entered, changed or withdrawn), membership in the ratio report, and the
// route of a request submitted from the effective date.
type Transfers struct {
	*base
	assignments models.Assignments
	// telework checks live requests again after a transfer (issue 22): a
	// day now in an excluded department is marked, not left approved.
	telework *Telework
}

// AssignmentView is one stretch of the history, named.
type AssignmentView struct {
	models.Assignment
	DepartmentName string
	InEffect       bool
}

// TransferInput moves an employee to a department from a date.
type TransferInput struct {
	DepartmentID  Optional[string] `json:"department_id"`
	EffectiveFrom Optional[string] `json:"effective_from"`
	Note          Optional[string] `json:"note"`
}

// localDay is the organisation's date now.
func (b *base) localDay(ctx context.Context, db *gorm.DB, orgID string) (policies.Date, error) {
	loc, err := b.location(ctx, db, orgID)
	if err != nil {
		return policies.Date{}, err
	}
	return policies.DateOf(b.now().In(loc)), nil
}

// departmentsOn returns the employee's department on each of the days, from
// their history; a day before it (there is none after the first row's start
// in practice) keeps the department column's.
func (b *base) departmentsOn(ctx context.Context, db *gorm.DB, emp *models.Employee, days []string) (map[string]string, error) {
	return b.historyOn(ctx, db, emp.OrganizationID, emp.ID, days, func() (string, error) { return emp.DepartmentID, nil })
}

// historyOn is departmentsOn for an employee not read: column gives the
// department column, asked only for a day the history does not cover.
func (b *base) historyOn(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string, column func() (string, error)) (map[string]string, error) {
	out := make(map[string]string, len(days))
	if len(days) == 0 {
		return out, nil
	}
	first, last := days[0], days[0]
	for _, d := range days {
		first, last = min(first, d), max(last, d)
	}
	rows, err := models.Assignments{}.Overlapping(ctx, db, orgID, []string{employeeID}, first, last)
	if err != nil {
		return nil, err
	}
	fallback := ""
	for _, d := range days {
		for i := range rows {
			if rows[i].Covers(d) {
				out[d] = rows[i].DepartmentID
			}
		}
		if _, ok := out[d]; !ok {
			if fallback == "" {
				if fallback, err = column(); err != nil {
					return nil, err
				}
			}
			out[d] = fallback
		}
	}
	return out, nil
}

// saveEmployee stores a new employee (the store starts their history) or a
// changed one; a changed department column (an edit, not a dated transfer)
// takes effect today. prevDept is the department before the change.
func (b *base) saveEmployee(ctx context.Context, tx *gorm.DB, actorID *string, e *models.Employee, isNew bool, prevDept string) error {
	if isNew {
		return b.employees.Create(ctx, tx, e)
	}
	if err := b.employees.Update(ctx, tx, e); err != nil {
		return err
	}
	if e.DepartmentID == prevDept {
		return nil
	}
	today, err := b.localDay(ctx, tx, e.OrganizationID)
	if err != nil {
		return err
	}
	rows, err := models.Assignments{}.OfForUpdate(ctx, tx, e.OrganizationID, e.ID)
	if err != nil {
		return err
	}
	for i := range rows {
		if rows[i].Covers(today.String()) && rows[i].ValidFrom.String() == today.String() {
			// Moved once already today: today's stretch changes department.
			rows[i].DepartmentID = e.DepartmentID
			if err := (models.Assignments{}).Save(ctx, tx, &rows[i]); err != nil {
				return err
			}
			return b.followHistory(ctx, tx, e, today.String())
		}
	}
	_, err = b.transfer(ctx, tx, actorID, e, e.DepartmentID, today, "")
	return err
}

// History lists an employee's departments over time (HR, administrators,
// the person and their line).
func (s *Transfers) History(ctx context.Context, actor *Actor, employeeID string) ([]AssignmentView, error) {
	emp, err := (&Employees{base: s.base}).visible(ctx, s.db, actor, employeeID)
	if err != nil {
		return nil, err
	}
	return s.views(ctx, s.db, emp)
}

func (s *Transfers) views(ctx context.Context, db *gorm.DB, emp *models.Employee) ([]AssignmentView, error) {
	rows, err := s.assignments.Of(ctx, db, emp.OrganizationID, emp.ID)
	if err != nil {
		return nil, err
	}
	names, err := s.departmentField(ctx, db, emp.OrganizationID, departmentName)
	if err != nil {
		return nil, err
	}
	today, err := s.localDay(ctx, db, emp.OrganizationID)
	if err != nil {
		return nil, err
	}
	out := make([]AssignmentView, 0, len(rows))
	for _, r := range rows {
		out = append(out, AssignmentView{Assignment: r, DepartmentName: names[r.DepartmentID], InEffect: r.ValidFrom.String() <= today.String()})
	}
	return out, nil
}

// Transfer moves the employee to a department from a date (HR and
// administrators). A date in the past rewrites the history from then.
func (s *Transfers) Transfer(ctx context.Context, actor *Actor, employeeID string, in TransferInput) (*AssignmentView, error) {
	if !policies.CanTransferEmployees(subject(actor)) {
		return nil, forbidden()
	}
	var v Validator
	eff, err := policies.ParseDate(in.EffectiveFrom.Value)
	v.Check(in.EffectiveFrom.Set && err == nil, "effective_from", "invalid", "発令日は YYYY-MM-DD 形式の日付で指定してください。", "The effective date is YYYY-MM-DD.")
	v.Check(in.DepartmentID.Set && in.DepartmentID.Value != "", "department_id", "required", "異動先の所属を指定してください。", "Name the department to move to.")
	note := strings.TrimSpace(in.Note.Value)
	v.Check(len([]rune(note)) <= 200, "note", "too_long", "備考は200文字以内で入力してください。", "The note is at most 200 characters.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *AssignmentView
	err = s.tx(ctx, func(tx *gorm.DB) error {
		emp, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID)
		if err != nil {
			return err
		}
		if err := s.checkDepartment(ctx, tx, emp.OrganizationID, in.DepartmentID.Value); err != nil {
			return err
		}
		a, err := s.transfer(ctx, tx, &actor.EmployeeID, emp, in.DepartmentID.Value, eff, note)
		if err != nil {
			return err
		}
		if err := s.telework.recheck(ctx, tx, actor, emp.OrganizationID, emp.ID, ""); err != nil {
			return err
		}
		out, err = s.view(ctx, tx, emp, a.ID)
		return err
	})
	return out, err
}

func (s *Transfers) checkDepartment(ctx context.Context, tx *gorm.DB, orgID, deptID string) error {
	var v Validator
	d, err := s.departments.Get(ctx, tx, orgID, deptID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		v.Add("department_id", "not_found", "指定された所属が見つかりません。", "No such department.")
	case err != nil:
		return err
	case !d.Active:
		v.Add("department_id", "inactive", "この組織は廃止されているため、職員を配置できません。", "This department is closed and takes no new staff.")
	}
	return v.Err()
}

// transfer starts a stretch in the department on the date, splitting the
// stretch that held then, and moves what depends on the department from
// that date.
func (b *base) transfer(ctx context.Context, tx *gorm.DB, actorID *string, emp *models.Employee, deptID string, eff policies.Date, note string) (*models.Assignment, error) {
	rows, err := models.Assignments{}.OfForUpdate(ctx, tx, emp.OrganizationID, emp.ID)
	if err != nil {
		return nil, err
	}
	day := eff.String()
	var v Validator
	cur := -1
	for i := range rows {
		if rows[i].Covers(day) {
			cur = i
		}
	}
	switch {
	case cur < 0:
		v.Add("effective_from", "before_history", "発令日が所属の記録の始まりより前です。", "The effective date is before the department history begins.")
	case rows[cur].ValidFrom.String() == day:
		return nil, Fail(models.ErrConflict, "この日付の異動が既にあります。変更する場合はその異動を編集してください。",
			"A transfer on that date exists already: change it instead.")
	case rows[cur].DepartmentID == deptID:
		v.Add("department_id", "same", "その日には既にその所属です。", "The employee is already in that department on that day.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	before := rows[cur]
	a := &models.Assignment{ID: models.NewID(), OrganizationID: emp.OrganizationID, EmployeeID: emp.ID, DepartmentID: deptID,
		ValidFrom: models.Day(day), ValidTo: before.ValidTo, Note: note, CreatedBy: actorID, CreatedAt: b.now()}
	split := before
	d := models.Day(day)
	split.ValidTo = &d
	if err := (models.Assignments{}).Save(ctx, tx, &split); err != nil {
		return nil, err
	}
	if err := (models.Assignments{}).Create(ctx, tx, a); err != nil {
		return nil, err
	}
	if err := b.followHistory(ctx, tx, emp, day); err != nil {
		return nil, err
	}
	return a, b.audit.record(ctx, tx, actorOf(actorID, emp.OrganizationID), auditEntry{Action: "employee.transfer", TargetType: "employee", TargetID: emp.ID,
		Before: map[string]any{"department_id": before.DepartmentID, "date": day},
		After:  map[string]any{"department_id": deptID, "effective_from": day, "valid_to": dayOrNil(a.ValidTo), "note": note}})
}

// Change alters a transfer not yet in effect: its department, date or note.
func (s *Transfers) Change(ctx context.Context, actor *Actor, employeeID, id string, in TransferInput) (*AssignmentView, error) {
	if !policies.CanTransferEmployees(subject(actor)) {
		return nil, forbidden()
	}
	var out *AssignmentView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		emp, rows, i, err := s.pending(ctx, tx, actor, employeeID, id)
		if err != nil {
			return err
		}
		a := rows[i]
		prev := rows[i-1]
		var v Validator
		if in.DepartmentID.Set {
			if err := s.checkDepartment(ctx, tx, emp.OrganizationID, in.DepartmentID.Value); err != nil {
				return err
			}
			a.DepartmentID = in.DepartmentID.Value
		}
		if in.EffectiveFrom.Set {
			eff, err := policies.ParseDate(in.EffectiveFrom.Value)
			v.Check(err == nil, "effective_from", "invalid", "発令日は YYYY-MM-DD 形式の日付で指定してください。", "The effective date is YYYY-MM-DD.")
			a.ValidFrom = models.Day(eff.String())
		}
		if in.Note.Set {
			a.Note = strings.TrimSpace(in.Note.Value)
			v.Check(len([]rune(a.Note)) <= 200, "note", "too_long", "備考は200文字以内で入力してください。", "The note is at most 200 characters.")
		}
		v.Check(a.DepartmentID != prev.DepartmentID, "department_id", "same", "異動前と同じ所属です。", "That is the department before the transfer.")
		v.Check(a.ValidFrom.String() > prev.ValidFrom.String() && (a.ValidTo == nil || a.ValidFrom.String() < a.ValidTo.String()),
			"effective_from", "out_of_order", "発令日は前後の異動の間にしてください。", "The effective date must fall between the transfers before and after it.")
		if err := v.Err(); err != nil {
			return err
		}
		from := min(a.ValidFrom.String(), rows[i].ValidFrom.String())
		prev.ValidTo = &a.ValidFrom
		if err := (models.Assignments{}).Save(ctx, tx, &prev); err != nil {
			return err
		}
		if err := (models.Assignments{}).Save(ctx, tx, &a); err != nil {
			return err
		}
		if err := s.followHistory(ctx, tx, emp, from); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "employee.transfer_change", TargetType: "employee", TargetID: emp.ID,
			Before: transferAudit(rows[i]), After: transferAudit(a)}); err != nil {
			return err
		}
		// A department that a day relied on (or refused) may now hold on other
		// days: checked again as entering a transfer is.
		if err := s.telework.recheck(ctx, tx, actor, emp.OrganizationID, emp.ID, ""); err != nil {
			return err
		}
		out, err = s.view(ctx, tx, emp, a.ID)
		return err
	})
	return out, err
}

// Withdraw removes a transfer not yet in effect: the stretch before it
// continues.
func (s *Transfers) Withdraw(ctx context.Context, actor *Actor, employeeID, id string) error {
	if !policies.CanTransferEmployees(subject(actor)) {
		return forbidden()
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		emp, rows, i, err := s.pending(ctx, tx, actor, employeeID, id)
		if err != nil {
			return err
		}
		prev := rows[i-1]
		if err := s.assignments.Delete(ctx, tx, emp.OrganizationID, id); err != nil {
			return err
		}
		prev.ValidTo = rows[i].ValidTo
		if i+1 < len(rows) && rows[i+1].DepartmentID == prev.DepartmentID {
			// The stretch after returns to the same department: one stretch.
			prev.ValidTo = rows[i+1].ValidTo
			if err := s.assignments.Delete(ctx, tx, emp.OrganizationID, rows[i+1].ID); err != nil {
				return err
			}
		}
		if err := s.assignments.Save(ctx, tx, &prev); err != nil {
			return err
		}
		if err := s.followHistory(ctx, tx, emp, rows[i].ValidFrom.String()); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "employee.transfer_withdraw", TargetType: "employee", TargetID: emp.ID,
			Before: transferAudit(rows[i])}); err != nil {
			return err
		}
		return s.telework.recheck(ctx, tx, actor, emp.OrganizationID, emp.ID, "")
	})
}

// pending finds a transfer that has not taken effect yet, with the history
// around it (locked).
func (s *Transfers) pending(ctx context.Context, tx *gorm.DB, actor *Actor, employeeID, id string) (*models.Employee, []models.Assignment, int, error) {
	if !models.ValidID(employeeID) || !models.ValidID(id) {
		return nil, nil, 0, notFound("transfer " + id)
	}
	emp, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID)
	if err != nil {
		return nil, nil, 0, err
	}
	rows, err := s.assignments.OfForUpdate(ctx, tx, emp.OrganizationID, emp.ID)
	if err != nil {
		return nil, nil, 0, err
	}
	today, err := s.localDay(ctx, tx, emp.OrganizationID)
	if err != nil {
		return nil, nil, 0, err
	}
	for i := range rows {
		if rows[i].ID != id {
			continue
		}
		if i == 0 || rows[i].ValidFrom.String() <= today.String() {
			return nil, nil, 0, Fail(models.ErrConflict, "この異動は既に発令されているため、変更や取消しはできません。",
				"This transfer has taken effect: it can no longer be changed or withdrawn.")
		}
		return emp, rows, i, nil
	}
	return nil, nil, 0, notFound("transfer " + id)
}

// followHistory makes everything that depends on the employee's department
// from the day on follow the history: request days and ledger entries move
// to the department of their day, the attendance counters with the full
// days that count, and the department column when today changed hands.
func (b *base) followHistory(ctx context.Context, tx *gorm.DB, emp *models.Employee, from string) error {
	rows, err := models.Assignments{}.Of(ctx, tx, emp.OrganizationID, emp.ID)
	if err != nil {
		return err
	}
	var moved []models.TeleworkDay
	for _, r := range rows {
		if r.ValidTo != nil && r.ValidTo.String() <= from {
			continue
		}
		to := ""
		if r.ValidTo != nil {
			to = r.ValidTo.String()
		}
		m, err := models.TeleworkRequests{}.MoveDays(ctx, tx, emp.OrganizationID, emp.ID, r.DepartmentID, max(from, r.ValidFrom.String()), to)
		if err != nil {
			return err
		}
		for i := range m {
			m[i].Reason = r.DepartmentID // where the day moved to, for the counters below
		}
		moved = append(moved, m...)
	}
	if len(moved) > 0 {
		days := make([]string, 0, len(moved))
		for _, d := range moved {
			days = append(days, d.Day.String())
		}
		onLeave, err := fullLeave(ctx, tx, emp.OrganizationID, emp.ID, days)
		if err != nil {
			return err
		}
		for _, d := range moved {
			if onLeave[d.Day.String()] {
				continue // a day of full leave does not count as remote
			}
			if err := (models.Attendance{}).Adjust(ctx, tx, emp.OrganizationID, d.DepartmentID, d.Day.String(), -1, b.now()); err != nil {
				return err
			}
			if err := (models.Attendance{}).Adjust(ctx, tx, emp.OrganizationID, d.Reason, d.Day.String(), +1, b.now()); err != nil {
				return err
			}
		}
	}
	today, err := b.localDay(ctx, tx, emp.OrganizationID)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Covers(today.String()) && r.DepartmentID != emp.DepartmentID {
			emp.DepartmentID = r.DepartmentID
			return b.employees.SetDepartment(ctx, tx, emp.OrganizationID, emp.ID, r.DepartmentID, b.now())
		}
	}
	return nil
}

// fullLeave tells which of the days the employee is on leave all day.
func fullLeave(ctx context.Context, tx *gorm.DB, orgID, employeeID string, days []string) (map[string]bool, error) {
	leave, err := models.StaffDays{}.Of(ctx, tx, orgID, employeeID, days)
	if err != nil {
		return nil, err
	}
	return fullLeaveOf(leave), nil
}

// fullLeaveOf tells which days of the staff days are leave all day.
func fullLeaveOf(leave []models.StaffDay) map[string]bool {
	out := map[string]bool{}
	for _, l := range leave {
		if l.Kind == models.StaffLeave && policies.Unit(l.Portion) == policies.UnitFull {
			out[l.Day.String()] = true
		}
	}
	return out
}

// ApplyDue moves the department column of everyone whose transfer took
// effect by today, in each organisation, with an audit event each. It runs
// hourly as a job; what depends on a date never waits for it.
func (s *Transfers) ApplyDue(ctx context.Context) (int, error) {
	orgs, err := s.orgs.All(ctx, s.db)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range orgs {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			today := policies.DateOf(s.now().In(loadLocation(o.TimeZone))).String()
			due, err := s.assignments.Due(ctx, tx, o.ID, today)
			if err != nil {
				return err
			}
			for _, a := range due {
				if err := s.employees.SetDepartment(ctx, tx, o.ID, a.EmployeeID, a.DepartmentID, s.now()); err != nil {
					return err
				}
				if err := s.audit.record(ctx, tx, nil, auditEntry{Action: "employee.transfer_effective", TargetType: "employee", TargetID: a.EmployeeID,
					OrganizationID: &o.ID, After: map[string]any{"department_id": a.DepartmentID, "effective_from": a.ValidFrom.String()}}); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *Transfers) view(ctx context.Context, tx *gorm.DB, emp *models.Employee, id string) (*AssignmentView, error) {
	vs, err := s.views(ctx, tx, emp)
	if err != nil {
		return nil, err
	}
	for i := range vs {
		if vs[i].ID == id {
			return &vs[i], nil
		}
	}
	return nil, notFound("transfer " + id)
}

func transferAudit(a models.Assignment) map[string]any {
	return map[string]any{"department_id": a.DepartmentID, "effective_from": a.ValidFrom.String(), "note": a.Note}
}

func dayOrNil(d *models.Day) any {
	if d == nil {
		return nil
	}
	return d.String()
}

// actorOf is the actor an audit event names for a change made by an
// employee (or by the system when there is none).
func actorOf(id *string, orgID string) *Actor {
	if id == nil {
		return nil
	}
	return &Actor{EmployeeID: *id, OrganizationID: orgID}
}
