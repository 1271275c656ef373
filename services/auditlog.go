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

// Each calls fn with every event the query selects, newest first, a page
// at a time (a download of the whole trail never holds it all), with the
// names of the people who acted.
func (s *Audit) Each(ctx context.Context, actor *Actor, q AuditQuery, fn func(e models.AuditEvent, actorName string) error) error {
	p := Page{Limit: 500, Desc: true}
	for {
		es, next, err := s.List(ctx, actor, q, p)
		if err != nil {
			return err
		}
		var ids []string
		for _, e := range es {
			if e.ActorID != nil {
				ids = append(ids, *e.ActorID)
			}
		}
		names, err := s.employees.Names(ctx, s.db, actor.OrganizationID, ids)
		if err != nil {
			return err
		}
		for _, e := range es {
			name := ""
			if e.ActorID != nil {
				name = names[*e.ActorID]
			}
			if err := fn(e, name); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		p.After = next
	}
}
