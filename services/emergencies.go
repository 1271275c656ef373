package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Emergencies keeps the emergency periods HR declares (issue 22): a
// disaster, an infectious disease or another emergency with its period,
// for everyone or limited to departments or usual workplaces. The policy's
// emergency keys say what they relax; a self-declared reason is no longer
// the only way to lift limits.
type Emergencies struct {
	*base
	telework *Telework
	store    models.EmergencyPeriods
}

// EmergencyInput is a period as HR sends it.
type EmergencyInput struct {
	Name          string   `json:"name"`
	Kind          string   `json:"kind"`
	StartsOn      string   `json:"starts_on"`
	EndsOn        string   `json:"ends_on"`
	DepartmentIDs []string `json:"department_ids"`
	OfficeIDs     []string `json:"office_ids"`
}

var emergencyKinds = []string{"disaster", "infection", "other"}

// List returns the periods touching [from, to] (everyone may read them:
// they are announcements, and the rules cite them).
func (s *Emergencies) List(ctx context.Context, actor *Actor, from, to string) ([]models.EmergencyPeriod, error) {
	var v Validator
	f, err1 := policies.ParseDate(from)
	t, err2 := policies.ParseDate(to)
	v.Check(err1 == nil, "from", "invalid", "from は YYYY-MM-DD 形式です。", "from must be YYYY-MM-DD.")
	v.Check(err2 == nil, "to", "invalid", "to は YYYY-MM-DD 形式です。", "to must be YYYY-MM-DD.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if t.Before(f) {
		v.Add("to", "before_start", "to は from 以後の日にしてください。", "to must not be before from.")
		return nil, v.Err()
	}
	return s.store.Overlapping(ctx, s.db, actor.OrganizationID, models.Day(from), models.Day(to))
}

// Create records a period (HR).
func (s *Emergencies) Create(ctx context.Context, actor *Actor, in EmergencyInput) (*models.EmergencyPeriod, error) {
	if !policies.CanDeclareEmergency(subject(actor)) {
		return nil, forbidden()
	}
	var v Validator
	name := strings.TrimSpace(in.Name)
	v.Check(name != "" && utf8.RuneCountInString(name) <= 100, "name", "required", "名前（例: 台風10号）を100文字以内で入力してください。", "Give a name (e.g. Typhoon 10) of at most 100 characters.")
	v.Check(slices.Contains(emergencyKinds, in.Kind), "kind", "invalid", "種類は disaster（災害）、infection（感染症）、other（その他）のいずれかです。", "The kind is disaster, infection or other.")
	from, err1 := policies.ParseDate(in.StartsOn)
	to, err2 := policies.ParseDate(in.EndsOn)
	v.Check(err1 == nil, "starts_on", "invalid", "開始日は YYYY-MM-DD 形式です。", "starts_on must be YYYY-MM-DD.")
	v.Check(err2 == nil, "ends_on", "invalid", "終了日は YYYY-MM-DD 形式です。", "ends_on must be YYYY-MM-DD.")
	if err1 == nil && err2 == nil {
		v.Check(!to.Before(from), "ends_on", "before_start", "終了日は開始日以後の日にしてください。", "ends_on must not be before starts_on.")
		v.Check(to.Sub(from) < 366, "ends_on", "too_long", "期間は1年以内にしてください。", "The period is at most a year.")
	}
	now := s.now()
	e := &models.EmergencyPeriod{ID: models.NewID(), OrganizationID: actor.OrganizationID, Name: name, Kind: in.Kind,
		StartsOn: models.Day(in.StartsOn), EndsOn: models.Day(in.EndsOn), CreatedBy: actor.EmployeeID, CreatedAt: now, UpdatedAt: now}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for i, id := range in.DepartmentIDs {
			if _, err := s.departments.Get(ctx, tx, actor.OrganizationID, id); err != nil {
				if !errors.Is(err, models.ErrNotFound) {
					return err
				}
				v.Add(fmt.Sprintf("department_ids[%d]", i), "not_found", "部署が見つかりません。", "No such department.")
				continue
			}
			e.Scopes = append(e.Scopes, models.EmergencyScope{DepartmentID: &in.DepartmentIDs[i]})
		}
		for i, id := range in.OfficeIDs {
			o, err := models.Offices{}.GetVisible(ctx, tx, actor.OrganizationID, id)
			if err != nil && !errors.Is(err, models.ErrNotFound) {
				return err
			}
			if err != nil || o.OrganizationID != actor.OrganizationID {
				v.Add(fmt.Sprintf("office_ids[%d]", i), "not_found", "施設が見つかりません。", "No such office.")
				continue
			}
			e.Scopes = append(e.Scopes, models.EmergencyScope{OfficeID: &in.OfficeIDs[i]})
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.store.Create(ctx, tx, e); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "emergency_period.create", TargetType: "emergency_period", TargetID: e.ID,
			After: map[string]any{"name": e.Name, "kind": e.Kind, "starts_on": e.StartsOn, "ends_on": e.EndsOn, "scopes": len(e.Scopes)}})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Delete removes a period (HR), for one recorded by mistake or withdrawn.
// Live requests decided under it are checked again in the same transaction.
func (s *Emergencies) Delete(ctx context.Context, actor *Actor, id string) error {
	if !policies.CanDeclareEmergency(subject(actor)) {
		return forbidden()
	}
	if !models.ValidID(id) {
		return notFound("emergency period " + id)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		e, err := s.store.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		if err := s.store.Delete(ctx, tx, actor.OrganizationID, id); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "emergency_period.delete", TargetType: "emergency_period", TargetID: id}); err != nil {
			return err
		}
		from, _ := policies.ParseDate(e.StartsOn.String())
		to, _ := policies.ParseDate(e.EndsOn.String())
		return s.telework.recheckEmergency(ctx, tx, actor, id, from, to)
	})
}

// End sets the last day of a period (HR): the disaster is over sooner, or
// lasts longer, than first declared. The day may not come before the start,
// and the period stays within a year.
func (s *Emergencies) End(ctx context.Context, actor *Actor, id, endsOn string) (*models.EmergencyPeriod, error) {
	if !policies.CanDeclareEmergency(subject(actor)) {
		return nil, forbidden()
	}
	if !models.ValidID(id) {
		return nil, notFound("emergency period " + id)
	}
	to, err := policies.ParseDate(endsOn)
	if err != nil {
		var v Validator
		v.Add("ends_on", "invalid", "終了日は YYYY-MM-DD 形式です。", "ends_on must be YYYY-MM-DD.")
		return nil, v.Err()
	}
	var out *models.EmergencyPeriod
	err = s.tx(ctx, func(tx *gorm.DB) error {
		e, err := s.store.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		from, _ := policies.ParseDate(e.StartsOn.String())
		var v Validator
		v.Check(!to.Before(from), "ends_on", "before_start", "終了日は開始日以後の日にしてください。", "ends_on must not be before starts_on.")
		v.Check(to.Sub(from) < 366, "ends_on", "too_long", "期間は1年以内にしてください。", "The period is at most a year.")
		if err := v.Err(); err != nil {
			return err
		}
		before := e.EndsOn
		e.EndsOn = models.Day(to.String())
		if err := s.store.End(ctx, tx, actor.OrganizationID, id, e.EndsOn, s.now()); err != nil {
			return err
		}
		out = e
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "emergency_period.end", TargetType: "emergency_period", TargetID: id,
			Before: map[string]any{"ends_on": before}, After: map[string]any{"ends_on": e.EndsOn}}); err != nil {
			return err
		}
		// Ended early: the days it no longer covers are decided again at once.
		was, _ := policies.ParseDate(before.String())
		return s.telework.recheckEmergency(ctx, tx, actor, id, to.AddDays(1), was)
	})
	return out, err
}

// Get returns one period of the actor's organisation.
func (s *Emergencies) Get(ctx context.Context, actor *Actor, id string) (*models.EmergencyPeriod, error) {
	return s.store.Get(ctx, s.db, actor.OrganizationID, id)
}
