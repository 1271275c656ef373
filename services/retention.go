package services

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Retention purges sensitive personal data past the retention the policy in
// force sets (retention.personal_data_years): family members are
// pseudonymised in place (requests keep pointing at them, and the decisions
// stored with requests are already in their redacted form), reason texts and
// approvers' comments are emptied. Audit rows hold neither (see redactedKeys), so the audit chain
// is untouched and still verifies.
type Retention struct {
	*base
	store models.Retention
}

// PurgeReport counts what one run purged, in every organisation.
type PurgeReport struct {
	FamilyMembers int
	models.PurgedTexts
}

// Purge runs the purge for every organisation, each in its own transaction
// with an audit event that counts what went and never names it.
func (s *Retention) Purge(ctx context.Context) (PurgeReport, error) {
	var total PurgeReport
	orgs, err := s.orgs.All(ctx, s.db)
	if err != nil {
		return total, err
	}
	for i := range orgs {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			rep, err := s.purge(ctx, tx, &orgs[i])
			total.FamilyMembers += rep.FamilyMembers
			total.RequestNotes += rep.RequestNotes
			total.LeaveNotes += rep.LeaveNotes
			total.Corrections += rep.Corrections
			total.DecisionComments += rep.DecisionComments
			total.TaskComments += rep.TaskComments
			return err
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (s *Retention) purge(ctx context.Context, tx *gorm.DB, org *models.Organization) (PurgeReport, error) {
	var rep PurgeReport
	loc := loadLocation(org.TimeZone)
	now := s.now()
	today := policies.DateOf(now.In(loc))
	set, _, err := s.policies.set(ctx, tx, org.ID)
	if err != nil {
		return rep, err
	}
	p := set.InForce(today)
	if p == nil {
		return rep, nil
	}
	years := p.Document().Retention.PersonalDataYears
	if years < 1 {
		return rep, nil // a policy older than the key: parsing fills it in, so never
	}
	uses, err := s.store.FamilyUses(ctx, tx, org.ID)
	if err != nil {
		return rep, err
	}
	for _, u := range uses {
		if !policies.PastRetention(lastUse(u, loc), today, years) {
			continue
		}
		if err := s.store.PurgeFamilyMember(ctx, tx, org.ID, u.ID, now); err != nil {
			return rep, err
		}
		if err := s.redactDecisions(ctx, tx, org.ID, u); err != nil {
			return rep, err
		}
		rep.FamilyMembers++
	}
	cutoff := policies.RetentionCutoff(today, years)
	if rep.PurgedTexts, err = s.store.PurgeTexts(ctx, tx, org.ID, models.Day(cutoff.String()), cutoff.In(loc)); err != nil {
		return rep, err
	}
	if rep.FamilyMembers == 0 && rep.PurgedTexts == (models.PurgedTexts{}) {
		return rep, nil
	}
	return rep, s.audit.record(ctx, tx, nil, auditEntry{Action: "personal_data.purge", TargetType: "organization", TargetID: org.ID,
		OrganizationID: &org.ID, After: map[string]any{"retention_years": years, "last_used_before": cutoff.String(),
			"family_members": rep.FamilyMembers, "request_notes": rep.RequestNotes, "leave_notes": rep.LeaveNotes, "correction_reasons": rep.Corrections,
			"decision_comments": rep.DecisionComments, "task_comments": rep.TaskComments}})
}

// redactDecisions stores the decisions of the requests that named a purged
// family member in the form approvers read (the family rules folded into
// one category-level result), so their history stays readable without the
// member's details (a child's birth date is in the full form's messages).
func (s *Retention) redactDecisions(ctx context.Context, tx *gorm.DB, orgID string, u models.FamilyUse) error {
	rs, err := s.store.DecisionsNaming(ctx, tx, orgID, u.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		dec, err := decodeDecision(r.Decision)
		if err != nil {
			return err
		}
		raw, err := encodeDecision(dec.For(policies.AudienceApprover, policies.FamilyVerified(u.VerifiedAt != nil)))
		if err != nil {
			return err
		}
		if err := s.store.SetDecision(ctx, tx, orgID, r.ID, raw); err != nil {
			return err
		}
	}
	return nil
}

// lastUse is the last day a family member's details were used: changed,
// verified, deleted, or named by a requested day.
func lastUse(u models.FamilyUse, loc *time.Location) policies.Date {
	last := policies.DateOf(u.UpdatedAt.In(loc))
	for _, t := range []*time.Time{u.DeletedAt, u.VerifiedAt} {
		if t != nil {
			if d := policies.DateOf(t.In(loc)); d.After(last) {
				last = d
			}
		}
	}
	if d, err := policies.ParseDate(u.LastRequestDay.String()); err == nil && d.After(last) {
		last = d
	}
	return last
}
