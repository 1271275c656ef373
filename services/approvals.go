package services

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// ErrNeedsConfirmation: the rules now warn where they did not at submission;
// the approver must confirm to approve over it.
var ErrNeedsConfirmation = errors.New("confirmation required")

// Approvals follows each request's route: tasks resolved to people, decided
// one step after another, by deputies when approvers are away.
type Approvals struct {
	*base
	telework    *Telework
	tasks       models.ApprovalTasks
	delegations models.Delegations
}

// start resolves the route of a decided request into tasks of a new round:
// the first step pending, the others waiting.
func (s *Approvals) start(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest, emp *models.Employee, l *line, route policies.Route, fromStep int) error {
	existing, err := s.tasks.OfRequest(ctx, tx, r.OrganizationID, r.ID)
	if err != nil {
		return err
	}
	round := 1
	if n := len(existing); n > 0 {
		round = existing[n-1].Round + 1
	}
	now := s.now()
	var ts []models.ApprovalTask
	first := true
	for i, step := range route.Steps {
		if i < fromStep {
			continue
		}
		people, err := s.resolve(ctx, tx, emp, l, step.Approvers)
		if err != nil {
			return err
		}
		status := models.TaskWaiting
		if first {
			status = models.TaskPending
		}
		first = false
		for _, p := range people {
			ts = append(ts, models.ApprovalTask{ID: models.NewID(), OrganizationID: r.OrganizationID, RequestID: r.ID, Round: round,
				StepIndex: i, StepName: step.Name, StepLabel: step.Label.Ja, Mode: string(step.Mode), ApproverKind: p.kind,
				ApproverID: p.id, Conditional: step.Conditional, Status: status, CreatedAt: now, UpdatedAt: now})
		}
	}
	if err := s.tasks.Create(ctx, tx, ts); err != nil {
		return err
	}
	var pending []string
	for _, t := range ts {
		if t.Status == models.TaskPending {
			pending = append(pending, t.ApproverID)
		}
	}
	if len(ts) == 0 {
		return nil
	}
	return s.notify(ctx, tx, notice{kind: NoticeApprovalRequested, request: r, task: &ts[0]}, pending...)
}

type approver struct{ kind, id string }

// resolve turns approver kinds into people, never the applicant. A kind that
// finds nobody falls back to the department head, then to HR, so that no
// request waits on a post nobody holds.
func (s *Approvals) resolve(ctx context.Context, tx *gorm.DB, emp *models.Employee, l *line, kinds []string) ([]approver, error) {
	var out []approver
	add := func(kind string, ids ...string) {
		for _, id := range ids {
			if id != "" && id != emp.ID && !slices.ContainsFunc(out, func(a approver) bool { return a.id == id }) {
				out = append(out, approver{kind, id})
			}
		}
	}
	for _, kind := range kinds {
		ids, err := s.who(ctx, tx, emp, l, kind)
		if err != nil {
			return nil, err
		}
		add(kind, ids...)
	}
	for _, fallback := range []string{"department_head", "hr"} {
		if len(out) > 0 {
			break
		}
		ids, err := s.who(ctx, tx, emp, l, fallback)
		if err != nil {
			return nil, err
		}
		add(fallback, ids...)
	}
	if len(out) == 0 {
		return nil, Fail(ErrInvalidState, "承認者が見つかりません。人事課に所属長・人事担当の登録を依頼してください。",
			"No approver could be found; ask HR to register department heads and HR staff.")
	}
	return out, nil
}

// who lists the active people an approver kind names for the employee.
func (s *Approvals) who(ctx context.Context, tx *gorm.DB, emp *models.Employee, l *line, kind string) ([]string, error) {
	active := func(ids ...string) ([]string, error) {
		var out []string
		for _, id := range ids {
			e, err := s.employees.Get(ctx, tx, emp.OrganizationID, id)
			if errors.Is(err, models.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if e.Active && e.ID != emp.ID {
				out = append(out, e.ID)
			}
		}
		return out, nil
	}
	// headFrom walks up the line from unit i to the first head who is not the applicant.
	headFrom := func(i int) ([]string, error) {
		for ; i >= 0; i-- {
			d, err := s.departments.Get(ctx, tx, emp.OrganizationID, l.ids[i])
			if err != nil {
				return nil, err
			}
			if d.HeadID != nil {
				if ids, err := active(*d.HeadID); err != nil || len(ids) > 0 {
					return ids, err
				}
			}
		}
		return nil, nil
	}
	switch {
	case kind == "supervisor":
		if emp.SupervisorID != nil {
			return active(*emp.SupervisorID)
		}
		return nil, nil
	case kind == "department_head":
		return headFrom(len(l.ids) - 1)
	case strings.HasPrefix(kind, "head:"):
		level := strings.TrimPrefix(kind, "head:")
		for i := len(l.units) - 1; i >= 0; i-- {
			if l.units[i].Level == level {
				return headFrom(i)
			}
		}
		return nil, nil
	case kind == "hr":
		return s.employees.ActiveWithRole(ctx, tx, emp.OrganizationID, policies.RoleHR)
	case strings.HasPrefix(kind, "officer:"):
		name := strings.TrimPrefix(kind, "officer:")
		officers, err := s.orgs.Officers(ctx, tx, emp.OrganizationID)
		if err != nil {
			return nil, err
		}
		for _, o := range officers {
			if o.Role == name || o.Role == name+"_officer" {
				return active(o.EmployeeID)
			}
		}
		return nil, nil
	}
	return nil, nil
}

// Decision input of one task.
type DecideInput struct {
	Action  string `json:"action"` // approve, reject or return
	Comment string `json:"comment"`
	// Confirm approves over warnings that appeared since submission.
	Confirm bool `json:"confirm"`
	// ReturnTo is the step to send back to; nil sends back to the applicant.
	ReturnTo *int `json:"return_to_step"`
}

// authority tells on whose behalf the actor may decide a task: the approver
// themselves, or a deputy named by the approver for today. A deputy's
// authority is not passed on: delegations are not followed further.
func (s *Approvals) authority(ctx context.Context, tx *gorm.DB, actor *Actor, t *models.ApprovalTask) (onBehalfOf *string, ok bool, err error) {
	if t.ApproverID == actor.EmployeeID {
		return nil, true, nil
	}
	today, err := s.today(ctx, tx, actor.OrganizationID)
	if err != nil {
		return nil, false, err
	}
	ds, err := s.delegations.ActiveFor(ctx, tx, actor.OrganizationID, actor.EmployeeID, today)
	if err != nil {
		return nil, false, err
	}
	for _, d := range ds {
		if d.ApproverID == t.ApproverID {
			id := t.ApproverID
			return &id, true, nil
		}
	}
	return nil, false, nil
}

func (s *Approvals) today(ctx context.Context, db *gorm.DB, orgID string) (models.Day, error) {
	loc, err := s.location(ctx, db, orgID)
	if err != nil {
		return "", err
	}
	return models.DayOf(s.now().In(loc)), nil
}

// Decide approves, rejects or returns one task.
func (s *Approvals) Decide(ctx context.Context, actor *Actor, taskID string, in DecideInput) (*TeleworkView, error) {
	var out *TeleworkView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		t, err := s.tasks.Get(ctx, tx, actor.OrganizationID, taskID)
		if err != nil {
			return err
		}
		out, err = s.decide(ctx, tx, actor, t, in)
		return err
	})
	return out, err
}

// DecideRequest decides the actor's own open task of a request (the one
// they, or the approver they stand in for, hold in the current round).
func (s *Approvals) DecideRequest(ctx context.Context, actor *Actor, requestID string, in DecideInput) (*TeleworkView, error) {
	var out *TeleworkView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		r, err := s.telework.requests.Get(ctx, tx, actor.OrganizationID, requestID)
		if err != nil {
			return err
		}
		st, err := s.telework.standing(ctx, tx, actor, r.EmployeeID)
		if err != nil {
			return err
		}
		if !policies.CanReadRequest(subject(actor), st) {
			return notFound("telework request " + requestID)
		}
		tasks, err := s.tasks.OfRequest(ctx, tx, actor.OrganizationID, requestID)
		if err != nil {
			return err
		}
		var mine *models.ApprovalTask
		for i := range tasks {
			t := &tasks[i]
			if t.Status != models.TaskPending && t.Status != models.TaskWaiting {
				continue
			}
			if _, ok, err := s.authority(ctx, tx, actor, t); err != nil {
				return err
			} else if ok && (mine == nil || t.Status == models.TaskPending && mine.Status != models.TaskPending) {
				mine = t
			}
		}
		if mine == nil {
			if r.Status != policies.StatePending {
				return invalidState(r.Status, in.Action)
			}
			return forbidden()
		}
		out, err = s.decide(ctx, tx, actor, mine, in)
		return err
	})
	return out, err
}

func (s *Approvals) decide(ctx context.Context, tx *gorm.DB, actor *Actor, t *models.ApprovalTask, in DecideInput) (*TeleworkView, error) {
	if len([]rune(in.Comment)) > 2000 {
		var v Validator
		v.Add("comment", "too_long", "コメントは2000文字以内です。", "The comment must be at most 2,000 characters.")
		return nil, v.Err()
	}
	// Read the task again under a lock: the escalation job may have passed
	// it to another approver since it was read.
	t, err := s.tasks.Lock(ctx, tx, t.OrganizationID, t.ID)
	if err != nil {
		return nil, err
	}
	r, err := s.telework.requests.Get(ctx, tx, actor.OrganizationID, t.RequestID)
	if err != nil {
		return nil, err
	}
	if r.EmployeeID == actor.EmployeeID {
		return nil, forbidden() // nobody decides their own request, whatever the route says
	}
	onBehalf, ok, err := s.authority(ctx, tx, actor, t)
	if err != nil {
		return nil, err
	}
	if !ok {
		st, err := s.telework.standing(ctx, tx, actor, r.EmployeeID)
		if err != nil {
			return nil, err
		}
		if policies.CanReadRequest(subject(actor), st) {
			return nil, forbidden()
		}
		return nil, notFound("approval task " + t.ID)
	}
	to, legal := policies.Transition(r.Status, in.Action)
	if !legal || (in.Action != policies.ActApprove && in.Action != policies.ActReject && in.Action != policies.ActReturn) {
		return nil, invalidState(r.Status, in.Action)
	}
	if t.Status != models.TaskPending && t.Status != models.TaskWaiting {
		e := Fail(ErrInvalidState, "このタスクは既に処理されています。", "This task has already been dealt with.")
		e.Extra = map[string]any{"current_status": r.Status, "task_status": t.Status}
		return nil, e
	}
	tasks, err := s.tasks.OfRequest(ctx, tx, r.OrganizationID, r.ID)
	if err != nil {
		return nil, err
	}
	current := currentRound(tasks, t.Round)
	now := s.now()
	var dec policies.Decision
	if err := json.Unmarshal(r.Decision, &dec); err != nil {
		return nil, fmt.Errorf("decision of %s: %w", r.ID, err)
	}
	if in.Action == policies.ActApprove {
		fresh, err := s.reevaluate(ctx, tx, r)
		if err != nil {
			return nil, err
		}
		if fresh.Refused() || len(newWarnings(dec, fresh)) > 0 && !in.Confirm {
			// What the approver is told is the decision as they may read it.
			verified, err := s.telework.verifiedFamily(ctx, tx, r.OrganizationID, []*models.TeleworkRequest{r})
			if err != nil {
				return nil, err
			}
			shown := decisionFor(actor, r, fresh, verified)
			if fresh.Refused() {
				return nil, refusal(shown)
			}
			return nil, &Error{Kind: ErrNeedsConfirmation, Detail: i18n.T(
				"申請後に状況が変わり、規程の警告があります。内容を確認のうえ、confirm を付けて承認してください。",
				"The situation changed since submission and the rules now warn; review and approve with confirm."),
				Extra: map[string]any{"results": newWarnings(decisionFor(actor, r, dec, verified), shown)}}
		}
		dec = fresh
	}
	decided := func(task *models.ApprovalTask, status string) {
		task.Status, task.DecidedBy, task.OnBehalfOf, task.Comment, task.DecidedAt, task.UpdatedAt = status, &actor.EmployeeID, onBehalf, in.Comment, &now, now
		task.PolicyVersions = refsText(dec.Versions())
	}
	closeOpen := func(status string, keep func(models.ApprovalTask) bool) error {
		for i := range current {
			c := &current[i]
			if c.ID != t.ID && (c.Status == models.TaskPending || c.Status == models.TaskWaiting) && !keep(*c) {
				c.Status, c.UpdatedAt = status, now
				if err := s.tasks.Save(ctx, tx, c); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var skipped []models.ApprovalTask // closed by 引き上げ; their approvers are told
	var carried []models.ApprovalTask // approved with t: 同一承認者の自動承認
	var promoted []string             // approvers whose tasks became pending
	switch in.Action {
	case policies.ActApprove:
		// 引き上げ承認: deciding a later step closes the earlier ones as skipped.
		for i := range current {
			c := &current[i]
			if c.StepIndex < t.StepIndex && (c.Status == models.TaskPending || c.Status == models.TaskWaiting) {
				c.Status, c.UpdatedAt = models.TaskSkipped, now
				skipped = append(skipped, *c)
				if err := s.tasks.Save(ctx, tx, c); err != nil {
					return nil, err
				}
			}
		}
		decided(t, models.TaskApproved)
		if err := s.tasks.Save(ctx, tx, t); err != nil {
			return nil, err
		}
		last := t
		if !dec.Route.SeparateSameApprover {
			for _, i := range policies.SameApproverCarries(roundTasks(current, t), slices.IndexFunc(current, func(c models.ApprovalTask) bool { return c.ID == t.ID })) {
				c := &current[i]
				decided(c, models.TaskApproved)
				if err := s.tasks.Save(ctx, tx, c); err != nil {
					return nil, err
				}
				carried = append(carried, *c)
				last = c
			}
		}
		done, next := stepState(current, last)
		if !done {
			to = r.Status // the step (合議) still waits for others
		} else if next >= 0 {
			to = r.Status
			if err := closeOpen(models.TaskCancelled, func(c models.ApprovalTask) bool { return c.StepIndex != last.StepIndex }); err != nil {
				return nil, err
			}
			for i := range current {
				if c := &current[i]; c.StepIndex == next && c.Status == models.TaskWaiting {
					c.Status, c.UpdatedAt = models.TaskPending, now
					promoted = append(promoted, c.ApproverID)
					if err := s.tasks.Save(ctx, tx, c); err != nil {
						return nil, err
					}
				}
			}
		} else if err := closeOpen(models.TaskCancelled, func(models.ApprovalTask) bool { return false }); err != nil {
			return nil, err
		}
	case policies.ActReject:
		decided(t, models.TaskRejected)
		if err := s.tasks.Save(ctx, tx, t); err != nil {
			return nil, err
		}
		if err := closeOpen(models.TaskCancelled, func(models.ApprovalTask) bool { return false }); err != nil {
			return nil, err
		}
	case policies.ActReturn:
		decided(t, models.TaskReturned)
		if err := s.tasks.Save(ctx, tx, t); err != nil {
			return nil, err
		}
		if err := closeOpen(models.TaskCancelled, func(models.ApprovalTask) bool { return false }); err != nil {
			return nil, err
		}
		if in.ReturnTo != nil {
			if *in.ReturnTo < 0 || *in.ReturnTo >= t.StepIndex {
				var v Validator
				v.Add("return_to_step", "invalid", "差し戻し先は、このステップより前のステップにしてください。", "Return to a step before this one.")
				return nil, v.Err()
			}
			emp, err := s.employees.Get(ctx, tx, r.OrganizationID, r.EmployeeID)
			if err != nil {
				return nil, err
			}
			l, err := s.telework.lineOf(ctx, tx, emp)
			if err != nil {
				return nil, err
			}
			if err := s.start(ctx, tx, r, emp, l, dec.Route, *in.ReturnTo); err != nil {
				return nil, err
			}
			to = r.Status // back to an earlier approver; the request stays pending
		}
	}
	raw, err := json.Marshal(dec)
	if err != nil {
		return nil, err
	}
	wasCounting := policies.Counts(r.Status)
	changed := to != r.Status
	if changed {
		r.Status, r.DecidedAt, r.DecidedBy, r.DecisionComment = to, &now, &actor.EmployeeID, in.Comment
		for i := range r.Days {
			r.Days[i].Active = policies.Counts(to)
		}
	}
	r.Decision, r.Flags, r.UpdatedAt = models.JSON(raw), strings.Join(dec.Flags(), ","), now
	if err := s.telework.requests.Update(ctx, tx, r); err != nil {
		return nil, err
	}
	if wasCounting && !policies.Counts(r.Status) {
		if err := s.telework.count(ctx, tx, r, -1); err != nil {
			return nil, err
		}
	}
	if err := s.notifyDecision(ctx, tx, r, t, in.Action, changed, promoted); err != nil {
		return nil, err
	}
	for i := range skipped {
		if err := s.notify(ctx, tx, notice{kind: NoticeTaskSkipped, request: r, task: &skipped[i]}, skipped[i].ApproverID); err != nil {
			return nil, err
		}
	}
	after := requestAudit(r)
	after["comment"], after["task_id"], after["step"], after["skipped_tasks"] = in.Comment, t.ID, t.StepName, len(skipped)
	if len(carried) > 0 {
		// The trail shows which further steps this one approval completed.
		steps := make([]string, 0, len(carried))
		for _, c := range carried {
			steps = append(steps, c.StepName)
		}
		after["same_approver_steps"] = steps
	}
	if in.ReturnTo != nil {
		after["return_to_step"] = *in.ReturnTo
	}
	entry := auditEntry{Action: "telework_request." + in.Action, TargetType: "telework_request", TargetID: r.ID, After: after, OnBehalfOf: onBehalf}
	if err := s.audit.record(ctx, tx, actor, entry); err != nil {
		return nil, err
	}
	return s.telework.view(ctx, tx, actor, r)
}

// roundTasks is the round as policies.SameApproverCarries reads it, with t
// (just approved) counted as approved.
func roundTasks(round []models.ApprovalTask, t *models.ApprovalTask) []policies.RoundTask {
	out := make([]policies.RoundTask, len(round))
	for i, c := range round {
		out[i] = policies.RoundTask{Step: c.StepIndex, Approver: c.ApproverID, Mode: policies.Mode(c.Mode),
			Approved: c.Status == models.TaskApproved || c.ID == t.ID, Skipped: c.Status == models.TaskSkipped,
			Open: c.ID != t.ID && (c.Status == models.TaskPending || c.Status == models.TaskWaiting)}
	}
	return out
}

// currentRound returns the tasks of one round.
func currentRound(all []models.ApprovalTask, round int) []models.ApprovalTask {
	var out []models.ApprovalTask
	for _, t := range all {
		if t.Round == round {
			out = append(out, t)
		}
	}
	return out
}

// stepState tells whether t's step is complete after its approval (see
// policies.StepDone) and which step comes next (-1: none, the request is
// approved).
func stepState(round []models.ApprovalTask, t *models.ApprovalTask) (done bool, next int) {
	approved, approvers := 1, 1 // t itself, just approved
	next = -1
	for _, c := range round {
		if c.StepIndex == t.StepIndex && c.ID != t.ID && c.Status != models.TaskSkipped {
			approvers++
			if c.Status == models.TaskApproved {
				approved++
			}
		}
		if c.StepIndex > t.StepIndex && (next < 0 || c.StepIndex < next) {
			next = c.StepIndex
		}
	}
	return policies.StepDone(policies.Mode(t.Mode), approved, approvers), next
}

// newWarnings returns the warnings of fresh whose rule did not warn before.
func newWarnings(before, fresh policies.Decision) []policies.Result {
	seen := map[string]bool{}
	for _, w := range before.Warnings() {
		seen[w.Rule+"|"+w.Date.String()] = true
	}
	var out []policies.Result
	for _, w := range fresh.Warnings() {
		if !seen[w.Rule+"|"+w.Date.String()] {
			out = append(out, w)
		}
	}
	return out
}

func refsText(refs []policies.PolicyRef) string {
	parts := make([]string, 0, len(refs))
	for _, r := range refs {
		parts = append(parts, r.ID+"@"+r.Version)
	}
	return strings.Join(parts, ",")
}

// reevaluate decides the stored request again under the rules as they stand,
// with the attendance rows locked as at submission.
func (s *Approvals) reevaluate(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) (policies.Decision, error) {
	emp, err := s.employees.Get(ctx, tx, r.OrganizationID, r.EmployeeID)
	if err != nil {
		return policies.Decision{}, err
	}
	l, err := s.telework.lineOf(ctx, tx, emp)
	if err != nil {
		return policies.Decision{}, err
	}
	sh, err := s.telework.shapeOf(ctx, tx, r)
	if err != nil {
		return policies.Decision{}, err
	}
	days := make([]string, 0, len(r.Days))
	for _, d := range r.Days {
		days = append(days, d.Day.String())
	}
	if err := s.telework.attendance.Lock(ctx, tx, r.OrganizationID, l.ids, days, s.now()); err != nil {
		return policies.Decision{}, err
	}
	applicant := &Actor{EmployeeID: emp.ID, OrganizationID: emp.OrganizationID, Roles: emp.Roles}
	return s.telework.decide(ctx, tx, applicant, emp, l, sh, r.ID)
}

// closeAll cancels every open task of a request that left the route
// (withdrawn or cancelled by the applicant).
func (s *Approvals) closeAll(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest, now time.Time) error {
	tasks, err := s.tasks.OfRequest(ctx, tx, r.OrganizationID, r.ID)
	if err != nil {
		return err
	}
	for i := range tasks {
		if t := &tasks[i]; t.Status == models.TaskPending || t.Status == models.TaskWaiting {
			t.Status, t.UpdatedAt = models.TaskCancelled, now
			if err := s.tasks.Save(ctx, tx, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// notifyDecision tells the applicant of a decision that changed the
// request's state (or completed a step), and the approvers whose tasks it
// made pending. A return to an earlier step tells that step's approvers
// through start.
func (s *Approvals) notifyDecision(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest, t *models.ApprovalTask, action string, changed bool, promoted []string) error {
	kind := ""
	switch {
	case changed && action == policies.ActApprove:
		kind = NoticeRequestApproved
	case changed && action == policies.ActReject:
		kind = NoticeRequestRejected
	case changed && action == policies.ActReturn:
		kind = NoticeRequestReturned
	case len(promoted) > 0:
		kind = NoticeStepApproved
	}
	if kind != "" {
		if err := s.notify(ctx, tx, notice{kind: kind, request: r, task: t}, r.EmployeeID); err != nil {
			return err
		}
	}
	if len(promoted) == 0 {
		return nil
	}
	return s.notify(ctx, tx, notice{kind: NoticeApprovalRequested, request: r}, promoted...)
}
