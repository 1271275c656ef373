package services

import (
	"context"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// InboxItem is a task the caller may decide, with what they need to decide
// it: the request (reason category only, never family details), the rules'
// results as they stand now, and each day's office attendance if approved.
type InboxItem struct {
	Task       models.ApprovalTask
	OnBehalfOf *string // the approver the caller stands in for, if a deputy
	// OnBehalfOfName is that approver's name.
	OnBehalfOfName string
	Request        *TeleworkView
	Results        []policies.Result
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
	today, err := s.today(ctx, db, actor.OrganizationID)
	if err != nil {
		return nil, "", err
	}
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
	items := make([]InboxItem, 0, len(tasks))
	for _, t := range tasks {
		item, err := s.inboxItem(ctx, db, actor, t)
		if err != nil {
			return nil, "", err
		}
		items = append(items, item)
	}
	return items, next, nil
}

func (s *Approvals) inboxItem(ctx context.Context, tx *gorm.DB, actor *Actor, t models.ApprovalTask) (InboxItem, error) {
	item := InboxItem{Task: t}
	if t.ApproverID != actor.EmployeeID {
		id := t.ApproverID
		item.OnBehalfOf = &id
		approver, err := s.employees.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return item, err
		}
		item.OnBehalfOfName = approver.FullName()
	}
	r, err := s.telework.request(ctx, tx, actor.OrganizationID, t.RequestID)
	if err != nil {
		return item, err
	}
	// The approver reads the request as an approver: family details hidden
	// even from an HR approver's inbox, which is about the decision.
	approverView := &Actor{EmployeeID: actor.EmployeeID, OrganizationID: actor.OrganizationID}
	if item.Request, err = s.telework.view(ctx, tx, approverView, r); err != nil {
		return item, err
	}
	sc, err := s.telework.decideStored(ctx, tx, r, false)
	if err != nil {
		return item, err
	}
	verified, err := s.telework.verifiedFamily(ctx, tx, r.OrganizationID, []*models.TeleworkRequest{r})
	if err != nil {
		return item, err
	}
	item.Results, item.Refused = decisionFor(actor, r, sc.decision, verified).AllResults(), sc.decision.Refused()
	item.Projections, err = s.telework.project(ctx, tx, sc)
	return item, err
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
