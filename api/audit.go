package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // renders audit events, which services return as stored
	"github.com/kinmuchi/kinmuchi/services"
)

type auditEventOut struct {
	ID           string          `json:"id"`
	ActorID      *string         `json:"actor_id"`
	OnBehalfOfID *string         `json:"on_behalf_of_id"`
	Action       string          `json:"action"`
	TargetType   string          `json:"target_type"`
	TargetID     string          `json:"target_id"`
	Before       json.RawMessage `json:"before"`
	After        json.RawMessage `json:"after"`
	RequestID    string          `json:"request_id"`
	ClientIP     string          `json:"client_ip"`
	CreatedAt    time.Time       `json:"created_at"`
	// ActorName and OnBehalfOfName are given in the list, for the reader.
	ActorName      string `json:"actor_name,omitempty"`
	OnBehalfOfName string `json:"on_behalf_of_name,omitempty"`
}

func auditEventOutOf(e models.AuditEvent) auditEventOut {
	raw := func(j models.JSON) json.RawMessage {
		if j == nil {
			return json.RawMessage("null")
		}
		return json.RawMessage(j)
	}
	return auditEventOut{ID: e.ID, ActorID: e.ActorID, OnBehalfOfID: e.OnBehalfOfID, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, Before: raw(e.Before), After: raw(e.After), RequestID: e.RequestID, ClientIP: e.ClientIP, CreatedAt: e.CreatedAt}
}

func (s *Server) listAuditEvents(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	from, err := timeParam(c, "from")
	if err != nil {
		return err
	}
	to, err := timeParam(c, "to")
	if err != nil {
		return err
	}
	// An auditor looks for what happened last: newest first unless asked.
	switch c.QueryParam("order") {
	case "", "desc":
		p.Desc = true
	case "asc":
	default:
		return badParam("order", "order は asc または desc です。", "order is asc or desc.")
	}
	f := services.AuditQuery{Action: c.QueryParam("action"), TargetType: c.QueryParam("target_type"), TargetID: c.QueryParam("target_id"),
		ActorID: c.QueryParam("actor_id"), From: from, To: to}
	es, next, err := s.svc.Audit.List(c.Request().Context(), actorFrom(c), f, p)
	if err != nil {
		return err
	}
	names, err := s.svc.Audit.ActorNames(c.Request().Context(), actorFrom(c), es)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(es, func(e models.AuditEvent) auditEventOut {
		out := auditEventOutOf(e)
		if e.ActorID != nil {
			out.ActorName = names[*e.ActorID]
		}
		if e.OnBehalfOfID != nil {
			out.OnBehalfOfName = names[*e.OnBehalfOfID]
		}
		return out
	}), next))
}
