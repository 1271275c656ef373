package services

import (
	"context"
	"slices"

	"github.com/kinmuchi/kinmuchi/models"
)

// ActorNames names the staff who acted in the events (actor and, for a
// deputy's decision, whom they acted for), so that an auditor reads who did
// what without looking each id up. Names come from the reader's own
// organisation only: the trail is per organisation.
func (s *Audit) ActorNames(ctx context.Context, actor *Actor, events []models.AuditEvent) (map[string]string, error) {
	var ids []string
	for _, e := range events {
		for _, id := range []*string{e.ActorID, e.OnBehalfOfID} {
			if id != nil && !slices.Contains(ids, *id) {
				ids = append(ids, *id)
			}
		}
	}
	return s.employees.Names(ctx, s.db, actor.OrganizationID, ids)
}
