package services

import (
	"context"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Audit lets HR and administrators read the audit trail.
type Audit struct {
	*base
	store models.AuditEvents
}

// List returns one page of the actor's organisation's audit trail.
func (s *Audit) List(ctx context.Context, actor *Actor, q AuditQuery, p Page) ([]models.AuditEvent, string, error) {
	if !policies.CanReadAudit(subject(actor)) {
		return nil, "", forbidden()
	}
	f := models.AuditFilter{Action: q.Action, TargetType: q.TargetType, TargetID: q.TargetID, ActorID: q.ActorID, From: q.From, To: q.To}
	return s.store.List(ctx, s.db, actor.OrganizationID, f, p.store())
}

func subject(a *Actor) policies.Subject {
	return policies.Subject{EmployeeID: a.EmployeeID, Roles: a.Roles}
}
