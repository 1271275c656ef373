package services

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// DelegationInput names a deputy for an approver and a period.
type DelegationInput struct {
	ApproverID string `json:"approver_id"` // empty: oneself
	DeputyID   string `json:"deputy_id"`
	StartsOn   string `json:"starts_on"`
	EndsOn     string `json:"ends_on"`
	Note       string `json:"note"`
}

// Delegations lists the live delegations given by or to the actor (HR: all).
func (s *Approvals) Delegations(ctx context.Context, actor *Actor) ([]models.Delegation, error) {
	who := actor.EmployeeID
	if policies.CanManageDelegations(subject(actor), false) {
		who = ""
	}
	return s.delegations.Involving(ctx, s.db, actor.OrganizationID, who)
}

// Delegate names a deputy (代理承認): the approver themselves, or HR for
// them. Periods of one approver cannot overlap (the database refuses it).
func (s *Approvals) Delegate(ctx context.Context, actor *Actor, in DelegationInput) (*models.Delegation, error) {
	if in.ApproverID == "" {
		in.ApproverID = actor.EmployeeID
	}
	if !policies.CanManageDelegations(subject(actor), in.ApproverID == actor.EmployeeID) {
		return nil, forbidden()
	}
	var out *models.Delegation
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var v Validator
		from, err1 := policies.ParseDate(in.StartsOn)
		to, err2 := policies.ParseDate(in.EndsOn)
		v.Check(err1 == nil, "starts_on", "invalid", "開始日は YYYY-MM-DD 形式です。", "starts_on must be YYYY-MM-DD.")
		v.Check(err2 == nil, "ends_on", "invalid", "終了日は YYYY-MM-DD 形式です。", "ends_on must be YYYY-MM-DD.")
		if err1 == nil && err2 == nil {
			v.Check(!to.Before(from), "ends_on", "before_start", "終了日は開始日以降にしてください。", "ends_on must not be before starts_on.")
		}
		v.Check(in.DeputyID != in.ApproverID, "deputy_id", "self", "自分自身を代理者にはできません。", "An approver cannot be their own deputy.")
		v.Check(len([]rune(in.Note)) <= 200, "note", "too_long", "200文字以内です。", "At most 200 characters.")
		for field, id := range map[string]string{"approver_id": in.ApproverID, "deputy_id": in.DeputyID} {
			e, err := s.employees.Get(ctx, tx, actor.OrganizationID, id)
			if err != nil || !e.Active {
				v.Add(field, "not_found", "有効な職員を指定してください。", "Name an active employee.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		d := &models.Delegation{ID: models.NewID(), OrganizationID: actor.OrganizationID, ApproverID: in.ApproverID, DeputyID: in.DeputyID,
			StartsOn: models.Day(from.String()), EndsOn: models.Day(to.String()), Note: strings.TrimSpace(in.Note), CreatedBy: actor.EmployeeID, CreatedAt: s.now()}
		if err := s.delegations.Create(ctx, tx, d); err != nil {
			return overlapping(err)
		}
		out = d
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "delegation.create", TargetType: "delegation", TargetID: d.ID,
			After: map[string]any{"approver_id": d.ApproverID, "deputy_id": d.DeputyID, "starts_on": d.StartsOn, "ends_on": d.EndsOn}})
	})
	return out, err
}

func overlapping(err error) error {
	if e := models.Kind(err); e == models.ErrConflict {
		return &Error{Kind: models.ErrConflict, Err: err, Detail: Fail(e,
			"同じ承認者の代理期間が重なっています。既存の代理を取り消してから登録してください。",
			"This period overlaps another delegation of the same approver; revoke that one first.").Detail}
	}
	return err
}

// Revoke ends a delegation (its approver or HR).
func (s *Approvals) Revoke(ctx context.Context, actor *Actor, id string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		d, err := s.delegations.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		if !policies.CanManageDelegations(subject(actor), d.ApproverID == actor.EmployeeID) {
			if d.DeputyID == actor.EmployeeID {
				return forbidden()
			}
			return notFound("delegation " + id)
		}
		if err := s.delegations.Revoke(ctx, tx, d, s.now()); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "delegation.revoke", TargetType: "delegation", TargetID: d.ID})
	})
}
