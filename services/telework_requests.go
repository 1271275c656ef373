package services

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// TeleworkView is a request as its reader may see it.
type TeleworkView struct {
	*models.TeleworkRequest
	// HeldSeats are the seats booked for a satellite request (one request's
	// view only; lists leave them out).
	HeldSeats    []HeldSeat
	EmployeeName string
	Decision     policies.Decision
	ReasonName   i18n.Text
	// FamilyVisible: the applicant sees the family member the request
	// names; everyone else the reason category and nothing of the family.
	FamilyVisible bool
	Trail         []TrailEntry
	// Tasks are the approval tasks of every round, in route order.
	Tasks []TaskView
}

// TrailEntry is one step of a request's history.
type TrailEntry struct {
	Action    string
	ActorID   *string
	ActorName string
	At        time.Time
	Comment   string
	Policy    []policies.PolicyRef
	// SameApproverSteps are the further steps the action completed because
	// the same person approves them (同一承認者の自動承認).
	SameApproverSteps []string
}

func (s *Telework) view(ctx context.Context, db *gorm.DB, actor *Actor, r *models.TeleworkRequest) (*TeleworkView, error) {
	vs, err := s.viewsWithSeats(ctx, db, actor, []*models.TeleworkRequest{r})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// viewsWithSeats are views that also show the seats held for satellite
// requests (one request's view).
func (s *Telework) viewsWithSeats(ctx context.Context, db *gorm.DB, actor *Actor, rs []*models.TeleworkRequest) ([]*TeleworkView, error) {
	vs, err := s.views(ctx, db, actor, rs)
	if err != nil {
		return nil, err
	}
	var satellite []string
	for _, r := range rs {
		if r.Place == "satellite" {
			satellite = append(satellite, r.ID)
		}
	}
	if len(satellite) == 0 {
		return vs, nil
	}
	seats, err := s.heldSeats(ctx, db, satellite)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		v.HeldSeats = seats[v.ID]
	}
	return vs, nil
}

// views builds the views of a page of requests of one organisation with a
// fixed number of queries, whatever the page size.
func (s *Telework) views(ctx context.Context, db *gorm.DB, actor *Actor, rs []*models.TeleworkRequest) ([]*TeleworkView, error) {
	return s.viewsOf(ctx, db, actor, rs, true)
}

// summaries are views without the stored decision and the trail: what an
// inbox page shows of its requests, whose verdicts it decides again. Decoding
// fifty stored decisions was a quarter of an inbox page's processor time.
func (s *Telework) summaries(ctx context.Context, db *gorm.DB, actor *Actor, rs []*models.TeleworkRequest) ([]*TeleworkView, error) {
	return s.viewsOf(ctx, db, actor, rs, false)
}

func (s *Telework) viewsOf(ctx context.Context, db *gorm.DB, actor *Actor, rs []*models.TeleworkRequest, full bool) ([]*TeleworkView, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	orgID := rs[0].OrganizationID
	set, err := s.policySet(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(rs))
	people := make([]string, 0, len(rs))
	for _, r := range rs {
		ids = append(ids, r.ID)
		people = append(people, r.EmployeeID)
	}
	var events []models.AuditEvent
	if full {
		if events, err = (models.AuditEvents{}).ForTargets(ctx, db, orgID, "telework_request", ids); err != nil {
			return nil, err
		}
	}
	tasks, err := s.tasks.OfRequests(ctx, db, orgID, ids)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if e.ActorID != nil {
			people = append(people, *e.ActorID)
		}
	}
	for _, t := range tasks {
		people = append(people, t.ApproverID)
		for _, p := range []*string{t.DecidedBy, t.OnBehalfOf} {
			if p != nil {
				people = append(people, *p)
			}
		}
	}
	names, err := s.employees.Names(ctx, db, orgID, people)
	if err != nil {
		return nil, err
	}
	var verified map[string]bool
	if full {
		if verified, err = s.verifiedFamily(ctx, db, orgID, rs); err != nil {
			return nil, err
		}
	}
	out := make([]*TeleworkView, 0, len(rs))
	byID := make(map[string]*TeleworkView, len(rs))
	for _, r := range rs {
		// A copy: the view hides fields from some readers, and the caller's
		// request (re-evaluated after, in the inbox) must keep them.
		shown := *r
		v := &TeleworkView{TeleworkRequest: &shown, EmployeeName: names[r.EmployeeID]}
		if full {
			dec, err := decodeDecision(r.Decision)
			if err != nil {
				return nil, fmt.Errorf("request %s: %w", r.ID, err)
			}
			v.Decision = decisionFor(actor, r, dec, verified)
		}
		// Only the applicant sees which member is named; HR reads the family
		// itself in the audited family-member views.
		v.FamilyVisible = r.EmployeeID == actor.EmployeeID
		if !v.FamilyVisible {
			v.FamilyMemberID = nil
		}
		v.ReasonName = reasonName(set, r)
		out = append(out, v)
		byID[r.ID] = v
	}
	for _, t := range tasks {
		byID[t.RequestID].Tasks = append(byID[t.RequestID].Tasks, taskView(t, names))
	}
	// The trail's comments come from where they are kept: a decision's on its
	// task, the applicant's withdrawal or cancellation (the last change) on the request.
	comments := map[string]string{}
	for _, t := range tasks {
		comments[t.ID] = t.Comment
	}
	for _, e := range events {
		v := byID[e.TargetID]
		v.Trail = append(v.Trail, trailEntry(e, names, comments, v.DecisionComment))
	}
	return out, nil
}

// taskView names the people of a task.
func taskView(t models.ApprovalTask, names map[string]string) TaskView {
	tv := TaskView{ApprovalTask: t, ApproverName: names[t.ApproverID]}
	if t.DecidedBy != nil {
		tv.DecidedByName = names[*t.DecidedBy]
	}
	if t.OnBehalfOf != nil {
		tv.OnBehalfOfName = names[*t.OnBehalfOf]
	}
	return tv
}

// trailEntry is what a request's trail shows of one of its audit events.
func trailEntry(e models.AuditEvent, names, taskComments map[string]string, requestComment string) TrailEntry {
	t := TrailEntry{Action: strings.TrimPrefix(e.Action, "telework_request."), ActorID: e.ActorID, At: e.CreatedAt}
	if e.ActorID != nil {
		t.ActorName = names[*e.ActorID]
	}
	var after struct {
		TaskID            string               `json:"task_id"`
		HasComment        bool                 `json:"has_comment"`
		Versions          []policies.PolicyRef `json:"policy_versions"`
		SameApproverSteps []string             `json:"same_approver_steps"`
	}
	_ = json.Unmarshal(e.After, &after)
	t.Policy, t.SameApproverSteps = after.Versions, after.SameApproverSteps
	switch {
	case after.TaskID != "":
		t.Comment = taskComments[after.TaskID]
	case after.HasComment && (t.Action == string(policies.ActWithdraw) || t.Action == string(policies.ActCancel)):
		t.Comment = requestComment // both end the request: no later change replaced it
	}
	return t
}

// decisionFor is the one place that decides how much of a request's
// decision its reader sees: the applicant all of it, everyone else (an
// approver, HR acting on the request) family facts at category level only
// (policies.Decision.For). HR checks the facts themselves in the audited
// family-member views.
func decisionFor(actor *Actor, r *models.TeleworkRequest, dec policies.Decision, verified map[string]bool) policies.Decision {
	if r.EmployeeID == actor.EmployeeID {
		return dec.For(policies.AudienceApplicant, false)
	}
	return dec.For(policies.AudienceApprover, familyVerified(r, verified))
}

func familyVerified(r *models.TeleworkRequest, verified map[string]bool) policies.FamilyVerified {
	return policies.FamilyVerified(r.FamilyMemberID != nil && verified[*r.FamilyMemberID])
}

// verifiedFamily tells which of the requests' family members HR verified.
func (s *Telework) verifiedFamily(ctx context.Context, db *gorm.DB, orgID string, rs []*models.TeleworkRequest) (map[string]bool, error) {
	var ids []string
	for _, r := range rs {
		if r.FamilyMemberID != nil {
			ids = append(ids, *r.FamilyMemberID)
		}
	}
	return s.family.Verified(ctx, db, orgID, ids)
}

// reasonName is the name of the request's reason in the version in force on
// its first day.
func reasonName(set *policies.Set, r *models.TeleworkRequest) i18n.Text {
	if len(r.Days) == 0 {
		return i18n.Text{}
	}
	d, err := policies.ParseDate(r.Days[0].Day.String())
	if err != nil {
		return i18n.Text{}
	}
	if p := set.InForce(d); p != nil {
		if name, ok := p.ReasonName(r.Reason); ok {
			return i18n.Text(name)
		}
	}
	return i18n.Text{}
}

// requestAudit is what the audit trail keeps of a request: no family data,
// and of the decision's comment only whether there is one (it may name a
// reason, and the retention purge could not reach it in the sealed chain).
func requestAudit(r *models.TeleworkRequest) map[string]any {
	days := make([]string, 0, len(r.Days))
	for _, d := range r.Days {
		days = append(days, d.Day.String())
	}
	dec, _ := decodeDecision(r.Decision) // a row that does not decode is audited without its versions
	return map[string]any{"status": r.Status, "dates": days, "unit": r.Unit, "place": r.Place, "reason": r.Reason,
		"flags": r.Flags, "policy_versions": dec.Versions(), "has_comment": r.DecisionComment != ""}
}

// standing tells how the actor stands to the request's applicant.
func (s *Telework) standing(ctx context.Context, db *gorm.DB, actor *Actor, employeeID string) (policies.Standing, error) {
	st := policies.Standing{Self: employeeID == actor.EmployeeID}
	var err error
	if !st.Self {
		st.InLine, err = s.employees.InLine(ctx, db, actor.OrganizationID, actor.EmployeeID, employeeID)
	}
	return st, err
}

// Get returns a request the actor may read (others: not found).
func (s *Telework) Get(ctx context.Context, actor *Actor, id string) (*TeleworkView, error) {
	r, err := s.requests.Get(ctx, s.db, actor.OrganizationID, id)
	if err != nil {
		return nil, err
	}
	st, err := s.standing(ctx, s.db, actor, r.EmployeeID)
	if err != nil {
		return nil, err
	}
	if !policies.CanReadRequest(subject(actor), st) {
		// A deputy reads what they may decide (as any approver does: without
		// the applicant's private facts).
		task, err := s.approvals.openTaskOf(ctx, s.db, actor, r.ID)
		if err != nil {
			return nil, err
		}
		if task == nil {
			return nil, notFound("telework request " + id)
		}
	}
	return s.view(ctx, s.db, actor, r)
}

// TeleworkQuery narrows a request list.
type TeleworkQuery struct {
	EmployeeID   string
	DepartmentID string
	Status       string
	From, To     string
	// All asks for more than one's own requests (any filter but mine).
	All bool
}

// List returns one page of requests: one's own by default; with filters,
// those of one's line (supervisors and heads) or of everyone (HR).
func (s *Telework) List(ctx context.Context, actor *Actor, q TeleworkQuery, p Page) ([]*TeleworkView, string, error) {
	f := models.TeleworkFilter{EmployeeID: q.EmployeeID, DepartmentID: q.DepartmentID, Status: q.Status, From: q.From, To: q.To}
	if err := checkRange(q.From, q.To); err != nil {
		return nil, "", err
	}
	switch {
	case !q.All || q.EmployeeID == actor.EmployeeID:
		f.EmployeeID = actor.EmployeeID
	case policies.CanReadRequest(subject(actor), policies.Standing{}):
		// HR reads every request of the organisation.
	default:
		f.Manager = actor.EmployeeID
	}
	rs, next, err := s.requests.List(ctx, s.db, actor.OrganizationID, f, p.store())
	if err != nil {
		return nil, "", err
	}
	out, err := s.views(ctx, s.db, actor, rs)
	return out, next, err
}

// Act withdraws or cancels a request, as its applicant (approve, reject and
// return are decisions: see Approvals.DecideRequest). An action the state
// does not allow answers a conflict naming the current state.
func (s *Telework) Act(ctx context.Context, actor *Actor, id string, action policies.RequestAction, comment string) (*TeleworkView, error) {
	if action != policies.ActWithdraw && action != policies.ActCancel {
		return nil, fmt.Errorf("telework request %s: %q is not an applicant's action", id, action)
	}
	if len([]rune(comment)) > 2000 {
		var v Validator
		v.Add("comment", "too_long", "コメントは2000文字以内です。", "The comment must be at most 2,000 characters.")
		return nil, v.Err()
	}
	var out *TeleworkView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		r, err := s.requests.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		st, err := s.standing(ctx, tx, actor, r.EmployeeID)
		if err != nil {
			return err
		}
		if !policies.CanReadRequest(subject(actor), st) {
			return notFound("telework request " + id)
		}
		if !st.Self {
			return forbidden()
		}
		to, ok := policies.Transition(r.Status, action)
		if !ok {
			return invalidState(r.Status, action)
		}
		if action == policies.ActCancel {
			if err := s.checkCancel(ctx, tx, r); err != nil {
				return err
			}
		}
		now := s.now()
		was := policies.Counts(r.Status)
		// The comment of the request's last state change is kept on the
		// request (where the retention purge reaches it), not in the audit trail.
		r.Status, r.UpdatedAt, r.DecisionComment = to, now, comment
		open, err := s.tasks.OfRequest(ctx, tx, r.OrganizationID, r.ID)
		if err != nil {
			return err
		}
		if err := s.approvals.closeAll(ctx, tx, r, now); err != nil {
			return err
		}
		var told []string
		for _, t := range open {
			// Those holding the request now, and on cancelling an approved
			// request those who approved it.
			if t.Status == policies.TaskPending || (action == policies.ActCancel && t.Status == policies.TaskApproved && t.DecidedBy != nil) {
				told = append(told, t.ApproverID)
			}
		}
		kind := NoticeRequestWithdrawn
		if action == policies.ActCancel {
			kind = NoticeRequestCancelled
		}
		if err := s.notify(ctx, tx, notice{kind: kind, request: r}, told...); err != nil {
			return err
		}
		for i := range r.Days {
			r.Days[i].Active = policies.Counts(to)
		}
		if err := s.requests.Update(ctx, tx, r); err != nil {
			return err
		}
		if was && !policies.Counts(to) {
			if err := s.count(ctx, tx, r, -1); err != nil {
				return err
			}
		}
		if err := s.settleHeldSeats(ctx, tx, r); err != nil {
			return err
		}
		if _, err := s.refreshWorkDays(ctx, tx, r.OrganizationID, r.EmployeeID, requestDays(r)); err != nil {
			return err
		}
		after := requestAudit(r)
		after["has_comment"] = comment != ""
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "telework_request." + string(action), TargetType: "telework_request", TargetID: r.ID, After: after}); err != nil {
			return err
		}
		out, err = s.view(ctx, tx, actor, r)
		return err
	})
	return out, err
}

func (s *Telework) checkCancel(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) error {
	loc, err := s.location(ctx, tx, r.OrganizationID)
	if err != nil {
		return err
	}
	today := policies.DateOf(s.now().In(loc))
	if len(r.Days) > 0 {
		first, _ := policies.ParseDate(r.Days[0].Day.String())
		if !policies.CanCancelBefore(today, first) {
			return Fail(ErrInvalidState, "初日を過ぎた申請は取り消せません。", "A request can only be cancelled before its first day.")
		}
	}
	return nil
}

func invalidState(status policies.RequestState, action policies.RequestAction) error {
	e := Fail(ErrInvalidState,
		fmt.Sprintf("この申請は現在「%s」のため、この操作（%s）はできません。", stateLabels[status].Ja, action),
		fmt.Sprintf("The request is %s, so it cannot be %s.", status, actionPast[action]))
	e.Extra = map[string]any{"current_status": status}
	return e
}

var stateLabels = map[policies.RequestState]i18n.Text{
	policies.StatePending: i18n.T("承認待ち", "pending"), policies.StateApproved: i18n.T("承認済み", "approved"),
	policies.StateRejected: i18n.T("却下", "rejected"), policies.StateReturned: i18n.T("差し戻し", "returned"),
	policies.StateWithdrawn: i18n.T("取り下げ", "withdrawn"), policies.StateCancelled: i18n.T("取り消し", "cancelled"),
}

var actionPast = map[policies.RequestAction]string{
	policies.ActApprove: "approved", policies.ActReject: "rejected", policies.ActReturn: "returned",
	policies.ActWithdraw: "withdrawn", policies.ActCancel: "cancelled", policies.ActResubmit: "resubmitted",
}

// Resubmit replaces a returned request's content and submits it again; it is
// decided afresh under the rules.
func (s *Telework) Resubmit(ctx context.Context, actor *Actor, id string, in TeleworkInput) (*TeleworkView, error) {
	var out *TeleworkView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		r, err := s.requests.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		if r.EmployeeID != actor.EmployeeID {
			return notFound("telework request " + id)
		}
		to, ok := policies.Transition(r.Status, policies.ActResubmit)
		if !ok {
			return invalidState(r.Status, policies.ActResubmit)
		}
		p, err := s.prepare(ctx, tx, actor, in)
		if err != nil {
			return err
		}
		now := s.now()
		r.Status, r.SubmittedAt, r.UpdatedAt, r.DecidedAt, r.DecidedBy, r.DecisionComment = to, now, now, nil, nil, ""
		out, err = s.decideAndStore(ctx, tx, actor, p, r, policies.ActResubmit)
		return err
	})
	return out, err
}
