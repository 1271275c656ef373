package services

import (
	"context"
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

// ErrNeedsConfirmation means the rules now warn where they did not at submission;
// the approver must confirm to approve over it.
var ErrNeedsConfirmation = errors.New("confirmation required")

// Approvals follows each request's route: tasks resolved to people, decided
// one step after another, by deputies when approvers are away.
type Approvals struct {
	*base
	telework    requestKeeper
	tasks       models.ApprovalTasks
	delegations models.Delegations
}

// requestKeeper is what Approvals needs of the telework requests it
// routes (Telework keeps them): read and store one, release its counters,
// tell how the actor stands to its applicant, the applicant's line, decide
// it again as stored and project its attendance, and show it.
type requestKeeper interface {
	request(ctx context.Context, db *gorm.DB, orgID, id string) (*models.TeleworkRequest, error)
	store(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest) error
	release(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) error
	standing(ctx context.Context, db *gorm.DB, actor *Actor, employeeID string) (policies.Standing, error)
	lineOf(ctx context.Context, db *gorm.DB, emp *models.Employee) (*line, error)
	decideStored(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest, lock bool) (*storedCase, error)
	decideAllStored(ctx context.Context, db *gorm.DB, org *models.Organization, rs []*models.TeleworkRequest) ([]*storedCase, error)
	requestsToDecide(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]*models.TeleworkRequest, error)
	summaries(ctx context.Context, db *gorm.DB, actor *Actor, rs []*models.TeleworkRequest) ([]*TeleworkView, error)
	verifiedFamily(ctx context.Context, db *gorm.DB, orgID string, rs []*models.TeleworkRequest) (map[string]bool, error)
	view(ctx context.Context, db *gorm.DB, actor *Actor, r *models.TeleworkRequest) (*TeleworkView, error)
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
		status := policies.TaskWaiting
		if first {
			status = policies.TaskPending
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
		if t.Status == policies.TaskPending {
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

// DecideInput is the decision on one task.
type DecideInput struct {
	Action  policies.RequestAction `json:"action"` // approve, reject or return
	Comment string                 `json:"comment"`
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

// openTaskOf is the request's open task the actor may decide, as its
// approver or their deputy (a pending one before one still waiting), or nil.
func (s *Approvals) openTaskOf(ctx context.Context, tx *gorm.DB, actor *Actor, requestID string) (*models.ApprovalTask, error) {
	tasks, err := s.tasks.OfRequest(ctx, tx, actor.OrganizationID, requestID)
	if err != nil {
		return nil, err
	}
	var mine *models.ApprovalTask
	for i := range tasks {
		t := &tasks[i]
		if t.Status != policies.TaskPending && t.Status != policies.TaskWaiting {
			continue
		}
		if _, ok, err := s.authority(ctx, tx, actor, t); err != nil {
			return nil, err
		} else if ok && (mine == nil || t.Status == policies.TaskPending && mine.Status != policies.TaskPending) {
			mine = t
		}
	}
	return mine, nil
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
		r, err := s.telework.request(ctx, tx, actor.OrganizationID, requestID)
		if err != nil {
			return err
		}
		st, err := s.telework.standing(ctx, tx, actor, r.EmployeeID)
		if err != nil {
			return err
		}
		// A deputy (代理承認者) is not in the applicant's line but holds the
		// open task's authority: they decide here as on the task's route.
		readable := policies.CanReadRequest(subject(actor), st)
		mine, err := s.openTaskOf(ctx, tx, actor, requestID)
		if err != nil {
			return err
		}
		if mine == nil {
			if !readable {
				return notFound("telework request " + requestID)
			}
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

// decide takes one decision on a task: it checks who may take it, decides
// the request again (an approval), asks policies.DecideRound what the
// decision does to the round, then stores, notifies and audits that.
func (s *Approvals) decide(ctx context.Context, tx *gorm.DB, actor *Actor, t *models.ApprovalTask, in DecideInput) (*TeleworkView, error) {
	if len([]rune(in.Comment)) > 2000 {
		var v Validator
		v.Add("comment", "too_long", "コメントは2000文字以内です。", "The comment must be at most 2,000 characters.")
		return nil, v.Err()
	}
	r, onBehalf, err := s.lockForDecision(ctx, tx, actor, t, in.Action)
	if err != nil {
		return nil, err
	}
	tasks, err := s.tasks.OfRequest(ctx, tx, r.OrganizationID, r.ID)
	if err != nil {
		return nil, err
	}
	current := currentRound(tasks, t.Round)
	dec, err := decodeDecision(r.Decision)
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", r.ID, err)
	}
	if in.Action == policies.ActApprove {
		if dec, err = s.approvable(ctx, tx, actor, r, dec, in.Confirm); err != nil {
			return nil, err
		}
	}
	if in.Action == policies.ActReturn && in.ReturnTo != nil && (*in.ReturnTo < 0 || *in.ReturnTo >= t.StepIndex) {
		var v Validator
		v.Add("return_to_step", "invalid", "差し戻し先は、このステップより前のステップにしてください。", "Return to a step before this one.")
		return nil, v.Err()
	}
	mine := slices.IndexFunc(current, func(c models.ApprovalTask) bool { return c.ID == t.ID })
	if mine < 0 {
		return nil, fmt.Errorf("task %s is not in round %d of request %s", t.ID, t.Round, r.ID)
	}
	round := policies.DecideRound(roundOf(current), mine, in.Action, !dec.Route.SeparateSameApprover)

	applied, err := s.applyRound(ctx, tx, actor, current, mine, round, dec, onBehalf, in.Comment)
	if err != nil {
		return nil, err
	}
	to := round.Request
	if in.Action == policies.ActReturn && in.ReturnTo != nil {
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
	changed, err := s.storeDecision(ctx, tx, actor, r, dec, to, in.Comment)
	if err != nil {
		return nil, err
	}
	if err := s.notifyDecision(ctx, tx, r, &current[mine], in.Action, changed, applied.promoted); err != nil {
		return nil, err
	}
	for i := range applied.skipped {
		if err := s.notify(ctx, tx, notice{kind: NoticeTaskSkipped, request: r, task: &applied.skipped[i]}, applied.skipped[i].ApproverID); err != nil {
			return nil, err
		}
	}
	after := requestAudit(r)
	after["has_comment"], after["task_id"], after["step"], after["skipped_tasks"] = in.Comment != "", t.ID, t.StepName, len(applied.skipped)
	if len(applied.carried) > 0 {
		after["same_approver_steps"] = applied.carried // the trail shows what one approval completed
	}
	if in.ReturnTo != nil {
		after["return_to_step"] = *in.ReturnTo
	}
	entry := auditEntry{Action: "telework_request." + string(in.Action), TargetType: "telework_request", TargetID: r.ID, After: after, OnBehalfOf: onBehalf}
	if err := s.audit.record(ctx, tx, actor, entry); err != nil {
		return nil, err
	}
	return s.telework.view(ctx, tx, actor, r)
}

// appliedRound is what storing a round's decision changed.
type appliedRound struct {
	skipped  []models.ApprovalTask // closed by 引き上げ; their approvers are told
	promoted []string              // approvers whose tasks became pending
	carried  []string              // steps approved with the decided task (同一承認者)
}

// applyRound stores the tasks whose state the round's decision changed;
// those the approver decided carry their name, comment and the versions.
func (s *Approvals) applyRound(ctx context.Context, tx *gorm.DB, actor *Actor, current []models.ApprovalTask, mine int,
	round policies.RoundDecision, dec policies.Decision, onBehalf *string, comment string) (appliedRound, error) {
	var out appliedRound
	now := s.now()
	for k := range current {
		c := &current[k]
		to := round.States[k]
		if to == c.Status {
			continue
		}
		c.Status, c.UpdatedAt = to, now
		if slices.Contains(round.Decided, k) {
			c.DecidedBy, c.OnBehalfOf, c.Comment, c.DecidedAt = &actor.EmployeeID, onBehalf, comment, &now
			c.PolicyVersions = refsText(dec.Versions())
			if k != mine {
				out.carried = append(out.carried, c.StepName)
			}
		}
		switch {
		case slices.Contains(round.Skipped, k):
			out.skipped = append(out.skipped, *c)
		case slices.Contains(round.Promoted, k):
			out.promoted = append(out.promoted, c.ApproverID)
		}
		if err := s.tasks.Save(ctx, tx, c); err != nil {
			return out, err
		}
	}
	return out, nil
}

// lockForDecision reads the task again under a lock (the escalation job may
// have passed it on since it was read) and its request, and checks that the
// actor may take the action on it now: on whose behalf, if a deputy.
func (s *Approvals) lockForDecision(ctx context.Context, tx *gorm.DB, actor *Actor, t *models.ApprovalTask, action policies.RequestAction) (*models.TeleworkRequest, *string, error) {
	t, err := s.tasks.Lock(ctx, tx, t.OrganizationID, t.ID)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.telework.request(ctx, tx, actor.OrganizationID, t.RequestID)
	if err != nil {
		return nil, nil, err
	}
	if r.EmployeeID == actor.EmployeeID {
		return nil, nil, forbidden() // nobody decides their own request, whatever the route says
	}
	onBehalf, ok, err := s.authority(ctx, tx, actor, t)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		st, err := s.telework.standing(ctx, tx, actor, r.EmployeeID)
		if err != nil {
			return nil, nil, err
		}
		if policies.CanReadRequest(subject(actor), st) {
			return nil, nil, forbidden()
		}
		return nil, nil, notFound("approval task " + t.ID)
	}
	if _, legal := policies.Transition(r.Status, action); !legal ||
		(action != policies.ActApprove && action != policies.ActReject && action != policies.ActReturn) {
		return nil, nil, invalidState(r.Status, action)
	}
	if !t.Status.Open() {
		e := Fail(ErrInvalidState, "このタスクは既に処理されています。", "This task has already been dealt with.")
		e.Extra = map[string]any{"current_status": r.Status, "task_status": t.Status}
		return nil, nil, e
	}
	return r, onBehalf, nil
}

// approvable decides the request again for its approval: a refusal cannot be
// approved over, and a warning new since submission needs the approver's
// confirmation. Both answers carry the decision as the approver may read it.
func (s *Approvals) approvable(ctx context.Context, tx *gorm.DB, actor *Actor, r *models.TeleworkRequest, stored policies.Decision, confirm bool) (policies.Decision, error) {
	sc, err := s.telework.decideStored(ctx, tx, r, true)
	if err != nil {
		return stored, err
	}
	fresh := sc.decision
	if !fresh.Refused() && (confirm || len(newWarnings(stored, fresh)) == 0) {
		return fresh, nil
	}
	verified, err := s.telework.verifiedFamily(ctx, tx, r.OrganizationID, []*models.TeleworkRequest{r})
	if err != nil {
		return fresh, err
	}
	shown := decisionFor(actor, r, fresh, verified)
	if fresh.Refused() {
		return fresh, refusal(shown)
	}
	return fresh, &Error{Kind: ErrNeedsConfirmation, Detail: i18n.T(
		"申請後に状況が変わり、規程の警告があります。内容を確認のうえ、confirm を付けて承認してください。",
		"The situation changed since submission and the rules now warn; review and approve with confirm."),
		Extra: map[string]any{"results": newWarnings(decisionFor(actor, r, stored, verified), shown)}}
}

// storeDecision stores the request's state after a decision with the
// decision re-taken, and releases its counters when it no longer counts.
// It reports whether the state changed.
func (s *Approvals) storeDecision(ctx context.Context, tx *gorm.DB, actor *Actor, r *models.TeleworkRequest, dec policies.Decision, to policies.RequestState, comment string) (bool, error) {
	raw, err := encodeDecision(dec)
	if err != nil {
		return false, err
	}
	now := s.now()
	wasCounting := policies.Counts(r.Status)
	changed := to != r.Status
	if changed {
		r.Status, r.DecidedAt, r.DecidedBy, r.DecisionComment = to, &now, &actor.EmployeeID, comment
		for i := range r.Days {
			r.Days[i].Active = policies.Counts(to)
		}
	}
	r.Decision, r.Flags, r.UpdatedAt = raw, strings.Join(dec.Flags(), ","), now
	if err := s.telework.store(ctx, tx, r); err != nil {
		return false, err
	}
	if wasCounting && !policies.Counts(r.Status) {
		if err := s.telework.release(ctx, tx, r); err != nil {
			return false, err
		}
	}
	if changed {
		if err := s.settleHeldSeats(ctx, tx, r); err != nil {
			return false, err
		}
		if _, err := s.refreshWorkDays(ctx, tx, r.OrganizationID, r.EmployeeID, requestDays(r)); err != nil {
			return false, err
		}
	}
	return changed, nil
}

// roundOf is the round as policies.DecideRound reads it.
func roundOf(round []models.ApprovalTask) []policies.RoundTask {
	out := make([]policies.RoundTask, len(round))
	for i, c := range round {
		out[i] = policies.RoundTask{Step: c.StepIndex, Approver: c.ApproverID, Mode: policies.Mode(c.Mode), State: c.Status}
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

// closeAll cancels every open task of a request that left the route
// (withdrawn or cancelled by the applicant).
func (s *Approvals) closeAll(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest, now time.Time) error {
	tasks, err := s.tasks.OfRequest(ctx, tx, r.OrganizationID, r.ID)
	if err != nil {
		return err
	}
	for i := range tasks {
		if t := &tasks[i]; t.Status == policies.TaskPending || t.Status == policies.TaskWaiting {
			t.Status, t.UpdatedAt = policies.TaskCancelled, now
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
func (s *Approvals) notifyDecision(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest, t *models.ApprovalTask, action policies.RequestAction, changed bool, promoted []string) error {
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
