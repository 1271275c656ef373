package services

import (
	"context"
	"slices"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// InboxItem is a task the caller may decide, with what they need to decide
// it: the request's summary (reason category only, never family details;
// no stored decision nor trail, which its own view shows), the rules'
// results and flags as they stand now, and each day's office attendance if
// approved.
type InboxItem struct {
	Task       models.ApprovalTask
	OnBehalfOf *string // the approver the caller stands in for, if a deputy
	// OnBehalfOfName is that approver's name.
	OnBehalfOfName string
	Request        *TeleworkView
	Results        []policies.Result
	Flags          []string
	Refused        bool
	Projections    []policies.Projection
}

// Inbox lists the tasks the actor may decide now: their own and those of
// approvers who named them deputy for today.
func (s *Approvals) Inbox(ctx context.Context, actor *Actor, status string, p Page) ([]InboxItem, string, error) {
	state := policies.TaskState(status)
	switch state {
	case "":
		state = policies.TaskPending
	case policies.TaskPending, policies.TaskWaiting:
	default:
		e := Fail(ErrInvalidParameter, "status は pending または waiting です。", "status is pending or waiting.")
		e.Fields = []FieldError{{Field: "status", Code: "invalid", Message: e.Detail}}
		return nil, "", e
	}
	// Reads only: no transaction, which on the embedded database would hold
	// the one writer's lock while the inbox is computed.
	db := s.db
	org, err := s.orgs.Get(ctx, db, actor.OrganizationID)
	if err != nil {
		return nil, "", err
	}
	today := models.DayOf(s.now().In(loadLocation(org.TimeZone)))
	ds, err := s.delegations.ActiveFor(ctx, db, actor.OrganizationID, actor.EmployeeID, today)
	if err != nil {
		return nil, "", err
	}
	approvers := []string{actor.EmployeeID}
	for _, d := range ds {
		approvers = append(approvers, d.ApproverID)
	}
	tasks, next, err := s.tasks.Inbox(ctx, db, actor.OrganizationID, approvers, state, p.store())
	if err != nil {
		return nil, "", err
	}
	items, err := s.inboxItems(ctx, db, actor, org, tasks)
	return items, next, err
}

// inboxItems shows a page of tasks in a fixed number of queries, whatever
// its size: the requests, their views and every fact the rules read are
// loaded for the whole page, then each request is decided in memory.
func (s *Approvals) inboxItems(ctx context.Context, db *gorm.DB, actor *Actor, org *models.Organization, tasks []models.ApprovalTask) ([]InboxItem, error) {
	if len(tasks) == 0 {
		return []InboxItem{}, nil
	}
	orgID := org.ID
	var ids, approvers []string
	for _, t := range tasks {
		ids = append(ids, t.RequestID)
		if t.ApproverID != actor.EmployeeID {
			approvers = append(approvers, t.ApproverID)
		}
	}
	byID, err := s.telework.requestsToDecide(ctx, db, orgID, ids)
	if err != nil {
		return nil, err
	}
	// One request may hold two tasks of the page (the caller's and one they
	// stand in for): it is decided once.
	var rs []*models.TeleworkRequest
	for _, id := range ids {
		r := byID[id]
		if r == nil {
			return nil, notFound("telework request " + id)
		}
		if !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	names := map[string]string{}
	if len(approvers) > 0 {
		if names, err = s.employees.Names(ctx, db, orgID, approvers); err != nil {
			return nil, err
		}
	}
	// The approver reads the requests as an approver: family details hidden
	// even from an HR approver's inbox, which is about the decision.
	approverView := &Actor{EmployeeID: actor.EmployeeID, OrganizationID: orgID}
	views, err := s.telework.summaries(ctx, db, approverView, rs)
	if err != nil {
		return nil, err
	}
	cases, err := s.telework.decideAllStored(ctx, db, org, rs)
	if err != nil {
		return nil, err
	}
	verified, err := s.telework.verifiedFamily(ctx, db, orgID, rs)
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(rs))
	for i, r := range rs {
		at[r.ID] = i
	}
	items := make([]InboxItem, 0, len(tasks))
	for _, t := range tasks {
		i := at[t.RequestID]
		r, sc := rs[i], cases[i]
		shown := decisionFor(actor, r, sc.decision, verified)
		item := InboxItem{Task: t, Request: views[i], Refused: sc.decision.Refused(), Projections: sc.project(),
			Results: shown.AllResults(), Flags: shown.Flags()}
		if t.ApproverID != actor.EmployeeID {
			id := t.ApproverID
			item.OnBehalfOf, item.OnBehalfOfName = &id, names[id]
		}
		items = append(items, item)
	}
	return items, nil
}

// BulkItem is one decision of a bulk request.
type BulkItem struct {
	TaskID string `json:"task_id"`
	DecideInput
}

// BulkResult is the outcome of one item: the request as it now stands, or
// the error that stopped it.
type BulkResult struct {
	TaskID  string
	Request *TeleworkView
	Err     error
}

// Bulk decides many tasks (一括承認), each in its own transaction: one
// failure does not undo the others.
func (s *Approvals) Bulk(ctx context.Context, actor *Actor, items []BulkItem) ([]BulkResult, error) {
	if len(items) == 0 || len(items) > 200 {
		var v Validator
		v.Add("items", "invalid", "1〜200件を指定してください。", "Send 1 to 200 items.")
		return nil, v.Err()
	}
	out := make([]BulkResult, 0, len(items))
	for _, it := range items {
		v, err := s.Decide(ctx, actor, it.TaskID, it.DecideInput)
		out = append(out, BulkResult{TaskID: it.TaskID, Request: v, Err: err})
	}
	return out, nil
}

// TaskView is a task with the names shown beside its ids.
type TaskView struct {
	models.ApprovalTask
	ApproverName   string
	DecidedByName  string
	OnBehalfOfName string
}
