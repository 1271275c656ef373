package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models" // renders the delegations services return as stored
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type taskOut struct {
	ID             string             `json:"id"`
	RequestID      string             `json:"request_id"`
	Round          int                `json:"round"`
	StepIndex      int                `json:"step_index"`
	StepName       string             `json:"step_name"`
	StepLabel      string             `json:"step_label"`
	Mode           string             `json:"mode"`
	Conditional    bool               `json:"conditional"`
	ApproverKind   string             `json:"approver_kind"`
	ApproverID     string             `json:"approver_id"`
	ApproverName   string             `json:"approver_name"`
	Status         policies.TaskState `json:"status"`
	DecidedBy      *string            `json:"decided_by"`
	DecidedByName  string             `json:"decided_by_name"`
	OnBehalfOf     *string            `json:"on_behalf_of"`
	OnBehalfOfName string             `json:"on_behalf_of_name"`
	Comment        string             `json:"comment"`
	PolicyVersions string             `json:"policy_versions"`
	DecidedAt      *time.Time         `json:"decided_at"`
	// Escalation: the approver an overdue task was passed on from, and when.
	EscalatedFrom *string    `json:"escalated_from"`
	EscalatedAt   *time.Time `json:"escalated_at"`
	RemindedAt    *time.Time `json:"reminded_at"`
}

func taskOutOf(t services.TaskView) taskOut {
	return taskOut{ID: t.ID, RequestID: t.RequestID, Round: t.Round, StepIndex: t.StepIndex, StepName: t.StepName, StepLabel: t.StepLabel,
		Mode: t.Mode, Conditional: t.Conditional, ApproverKind: t.ApproverKind, ApproverID: t.ApproverID, ApproverName: t.ApproverName,
		Status: t.Status, DecidedBy: t.DecidedBy, DecidedByName: t.DecidedByName, OnBehalfOf: t.OnBehalfOf, OnBehalfOfName: t.OnBehalfOfName,
		Comment: t.Comment, PolicyVersions: t.PolicyVersions, DecidedAt: t.DecidedAt,
		EscalatedFrom: t.EscalatedFrom, EscalatedAt: t.EscalatedAt, RemindedAt: t.RemindedAt}
}

type inboxItemOut struct {
	Task         taskOut               `json:"task"`
	OnBehalfOf   *string               `json:"on_behalf_of"`
	OnBehalfName string                `json:"on_behalf_of_name"`
	Request      requestSummaryOut     `json:"request"`
	Results      []policies.Result     `json:"results"`
	Refused      bool                  `json:"refused"`
	Late         bool                  `json:"late"`
	AfterTheFact bool                  `json:"after_the_fact"`
	Projections  []policies.Projection `json:"attendance"`
}

func (s *Server) inbox(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	items, next, err := s.svc.Approvals.Inbox(c.Request().Context(), actorFrom(c), c.QueryParam("status"), p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(items, func(it services.InboxItem) inboxItemOut {
		out := inboxItemOut{Task: taskOutOf(services.TaskView{ApprovalTask: it.Task}), OnBehalfOf: it.OnBehalfOf, OnBehalfName: it.OnBehalfOfName,
			Request: summaryOutOf(it.Request, it.Flags), Results: it.Results, Refused: it.Refused, Projections: it.Projections,
			Late: slices.Contains(it.Flags, policies.FlagLateApplication), AfterTheFact: slices.Contains(it.Flags, policies.FlagAfterTheFact)}
		if out.Projections == nil {
			out.Projections = []policies.Projection{}
		}
		return out
	}), next))
}

type decideRequest struct {
	Comment      string `json:"comment"`
	Confirm      bool   `json:"confirm"`
	ReturnToStep *int   `json:"return_to_step"`
}

// decider decides one task: by its id, or by its request's id.
type decider func(a *services.Approvals, ctx context.Context, actor *services.Actor, id string, in services.DecideInput) (*services.TeleworkView, error)

// decide returns the handler of one decision.
func (s *Server) decide(action policies.RequestAction, by decider) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in decideRequest
		if err := bindOptional(c, &in); err != nil {
			return err
		}
		v, err := by(s.svc.Approvals, c.Request().Context(), actorFrom(c), idParam(c, "id"),
			services.DecideInput{Action: action, Comment: in.Comment, Confirm: in.Confirm, ReturnTo: in.ReturnToStep})
		if err != nil {
			return err
		}
		return ok(c, http.StatusOK, teleworkOutOf(v))
	}
}

type bulkRequest struct {
	Items []bulkItemIn `json:"items"`
}

type bulkItemIn struct {
	TaskID       string                 `json:"task_id"`
	Action       policies.RequestAction `json:"action"`
	Comment      string                 `json:"comment"`
	Confirm      bool                   `json:"confirm"`
	ReturnToStep *int                   `json:"return_to_step"`
}

type bulkResultOut struct {
	TaskID  string         `json:"task_id"`
	Status  int            `json:"status"`
	Request *teleworkOut   `json:"request"`
	Problem map[string]any `json:"problem"`
}

// bulkDecide answers item by item (207-like, as 200 with a status per item).
func (s *Server) bulkDecide(c echo.Context) error {
	var in bulkRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	items := make([]services.BulkItem, 0, len(in.Items))
	for _, it := range in.Items {
		items = append(items, services.BulkItem{TaskID: it.TaskID, DecideInput: services.DecideInput{Action: it.Action, Comment: it.Comment, Confirm: it.Confirm, ReturnTo: it.ReturnToStep}})
	}
	results, err := s.svc.Approvals.Bulk(c.Request().Context(), actorFrom(c), items)
	if err != nil {
		return err
	}
	lang := langOf(c)
	out := make([]bulkResultOut, 0, len(results))
	for _, r := range results {
		o := bulkResultOut{TaskID: r.TaskID, Status: http.StatusOK}
		if r.Err != nil {
			kind, known := classify(r.Err)
			if !known {
				return r.Err // an internal failure is not an item's answer
			}
			detail := defaultDetails[kind.kind]
			var se *services.Error
			if errors.As(r.Err, &se) && se.Detail != (i18n.Text{}) {
				detail = se.Detail
			}
			if detail == (i18n.Text{}) {
				detail = kind.title
			}
			o.Status = kind.status
			o.Problem = map[string]any{"type": ProblemTypeBase + kind.slug, "title": kind.title.In(lang), "status": kind.status, "detail": detail.In(lang)}
		} else {
			v := teleworkOutOf(r.Request)
			o.Request = &v
		}
		out = append(out, o)
	}
	return ok(c, http.StatusOK, map[string]any{"items": out})
}

type delegationOut struct {
	ID         string    `json:"id"`
	ApproverID string    `json:"approver_id"`
	DeputyID   string    `json:"deputy_id"`
	StartsOn   string    `json:"starts_on"`
	EndsOn     string    `json:"ends_on"`
	Note       string    `json:"note"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	// The names, in the list only.
	ApproverName string `json:"approver_name,omitempty"`
	DeputyName   string `json:"deputy_name,omitempty"`
}

func delegationOutOf(d models.Delegation) delegationOut {
	return delegationOut{ID: d.ID, ApproverID: d.ApproverID, DeputyID: d.DeputyID, StartsOn: d.StartsOn.String(), EndsOn: d.EndsOn.String(),
		Note: d.Note, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt}
}

func (s *Server) listDelegations(c echo.Context) error {
	ctx, actor := c.Request().Context(), actorFrom(c)
	ds, err := s.svc.Approvals.Delegations(ctx, actor)
	if err != nil {
		return err
	}
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ApproverID, d.DeputyID)
	}
	names, err := s.svc.Employees.Names(ctx, actor, ids)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(ds, func(d models.Delegation) delegationOut {
		out := delegationOutOf(d)
		out.ApproverName, out.DeputyName = names[d.ApproverID], names[d.DeputyID]
		return out
	}), ""))
}

func (s *Server) createDelegation(c echo.Context) error {
	var in services.DelegationInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	d, err := s.svc.Approvals.Delegate(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, delegationOutOf(*d))
}

func (s *Server) revokeDelegation(c echo.Context) error {
	if err := s.svc.Approvals.Revoke(c.Request().Context(), actorFrom(c), idParam(c, "id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
