package services

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// EscalationReport counts what one run of the escalation job did.
type EscalationReport struct {
	Reminded  int
	Escalated int
}

// escalationBatch bounds the tasks one run looks at; the next run (a minute
// later) takes the rest.
const escalationBatch = 500

// Escalate reminds the approvers of tasks waiting ReminderAfterOfficeHours
// and passes tasks waiting EscalateAfterOfficeHours (office hours of the
// organisation's calendar) to the approver's deputy, else the approver of the
// next step of the route, else HR; the new approver, the applicant and the
// original approver are told. Everything happens in tx, the job's
// transaction, and every change is conditional on the task being as it was
// read, so a concurrent run or decision never makes it happen twice.
func (s *Approvals) Escalate(ctx context.Context, tx *gorm.DB) (EscalationReport, error) {
	var rep EscalationReport
	now := s.now()
	// Office hours never outrun the wall clock: nothing younger can be due.
	cands, err := s.tasks.PendingOlderThan(ctx, tx, now.Add(-policies.ReminderAfterOfficeHours*time.Hour), escalationBatch)
	if err != nil {
		return rep, err
	}
	type orgCal struct {
		loc *time.Location
		cal *policies.Calendar
	}
	cals := map[string]orgCal{}
	for i := range cands {
		t := &cands[i]
		oc, ok := cals[t.OrganizationID]
		if !ok {
			loc, err := s.location(ctx, tx, t.OrganizationID)
			if err != nil {
				return rep, err
			}
			cal, err := s.orgCalendar(ctx, tx, t.OrganizationID)
			if err != nil {
				return rep, err
			}
			oc = orgCal{loc: loc, cal: cal.On(policies.DateOf(now.In(loc)))}
			cals[t.OrganizationID] = oc
		}
		switch policies.Due(oc.cal, oc.loc, policies.PendingTask{Since: t.UpdatedAt, Reminded: t.RemindedAt != nil}, now) {
		case policies.DueReminder:
			done, err := s.remind(ctx, tx, t, now)
			if err != nil {
				return rep, err
			}
			if done {
				rep.Reminded++
			}
		case policies.DueEscalation:
			done, err := s.escalate(ctx, tx, t, oc.loc, now)
			if err != nil {
				return rep, err
			}
			if done {
				rep.Escalated++
			}
		case policies.DueNothing:
		}
	}
	return rep, nil
}

func (s *Approvals) remind(ctx context.Context, tx *gorm.DB, t *models.ApprovalTask, now time.Time) (bool, error) {
	ok, err := s.tasks.MarkReminded(ctx, tx, t, now)
	if err != nil || !ok {
		return false, err
	}
	r, err := s.telework.request(ctx, tx, t.OrganizationID, t.RequestID)
	if err != nil {
		return false, err
	}
	return true, s.notify(ctx, tx, notice{kind: NoticeApprovalReminder, request: r, task: t}, t.ApproverID)
}

func (s *Approvals) escalate(ctx context.Context, tx *gorm.DB, t *models.ApprovalTask, loc *time.Location, now time.Time) (bool, error) {
	r, err := s.telework.request(ctx, tx, t.OrganizationID, t.RequestID)
	if err != nil {
		return false, err
	}
	to, kind, err := s.escalationTarget(ctx, tx, t, r, models.DayOf(now.In(loc)))
	if err != nil || to == "" {
		return false, err // nobody else to pass it to: it stays, and the approver keeps it
	}
	from := t.ApproverID
	ok, err := s.tasks.Reassign(ctx, tx, t, to, kind, now)
	if err != nil || !ok {
		return false, err
	}
	system := &Actor{OrganizationID: t.OrganizationID}
	if err := s.audit.record(ctx, tx, system, auditEntry{Action: "approval_task.escalate", TargetType: "approval_task", TargetID: t.ID,
		After: map[string]any{"request_id": r.ID, "from": from, "to": to, "to_kind": kind, "step": t.StepName}}); err != nil {
		return false, err
	}
	if err := s.notify(ctx, tx, notice{kind: NoticeApprovalEscalated, request: r, task: t}, to); err != nil {
		return false, err
	}
	if err := s.notify(ctx, tx, notice{kind: NoticeTaskEscalatedAway, request: r, task: t}, from); err != nil {
		return false, err
	}
	return true, s.notify(ctx, tx, notice{kind: NoticeRequestEscalated, request: r, task: t}, r.EmployeeID)
}

// escalationTarget chooses who receives an overdue task: the approver's
// deputy for today, else the first approver of the next step of the route
// (the next approver in the line), else an HR member. Never the applicant,
// the current approver, or someone who already holds a task of that step
// (one task per approver and step). Empty when nobody fits.
func (s *Approvals) escalationTarget(ctx context.Context, tx *gorm.DB, t *models.ApprovalTask, r *models.TeleworkRequest, today models.Day) (string, string, error) {
	tasks, err := s.tasks.OfRequest(ctx, tx, t.OrganizationID, t.RequestID)
	if err != nil {
		return "", "", err
	}
	round := currentRound(tasks, t.Round)
	fits := func(id string) (bool, error) {
		if id == "" || id == r.EmployeeID || id == t.ApproverID {
			return false, nil
		}
		for _, c := range round {
			if c.StepIndex == t.StepIndex && c.ApproverID == id {
				return false, nil
			}
		}
		e, err := s.employees.Get(ctx, tx, t.OrganizationID, id)
		if err != nil {
			return false, err
		}
		return e.Active, nil
	}
	ds, err := s.delegations.Involving(ctx, tx, t.OrganizationID, t.ApproverID)
	if err != nil {
		return "", "", err
	}
	for _, d := range ds {
		if d.ApproverID == t.ApproverID && d.StartsOn <= today && today <= d.EndsOn {
			if ok, err := fits(d.DeputyID); err != nil || ok {
				return d.DeputyID, "deputy", err
			}
		}
	}
	next := -1
	for _, c := range round {
		if c.StepIndex > t.StepIndex && c.Status == policies.TaskWaiting && (next < 0 || c.StepIndex < next) {
			next = c.StepIndex
		}
	}
	for _, c := range round {
		if c.StepIndex == next && c.Status == policies.TaskWaiting {
			if ok, err := fits(c.ApproverID); err != nil || ok {
				return c.ApproverID, "next_approver", err
			}
		}
	}
	hr, err := s.employees.ActiveWithRole(ctx, tx, t.OrganizationID, policies.RoleHR)
	if err != nil {
		return "", "", err
	}
	for _, id := range hr {
		if ok, err := fits(id); err != nil || ok {
			return id, "hr", err
		}
	}
	return "", "", nil
}
