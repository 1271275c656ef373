package services

import (
	"context"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
)

// MeInput is what a person may change of their own profile.
type MeInput struct {
	Language Optional[string] `json:"language"`
}

// UpdateMe stores the actor's own settings: the language the UI and their
// e-mails use.
func (s *Employees) UpdateMe(ctx context.Context, actor *Actor, in MeInput) (*Profile, error) {
	var v Validator
	if in.Language.Set {
		v.Check(in.Language.Value == "ja" || in.Language.Value == "en", "language", "invalid", "言語は ja または en です。", "The language must be ja or en.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Language.Set {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			e, err := s.employees.Get(ctx, tx, actor.OrganizationID, actor.EmployeeID)
			if err != nil {
				return err
			}
			if e.Language == in.Language.Value {
				return nil
			}
			if err := s.employees.SetLanguage(ctx, tx, actor.OrganizationID, actor.EmployeeID, in.Language.Value, s.now()); err != nil {
				return err
			}
			return s.audit.record(ctx, tx, actor, auditEntry{Action: "employee.set_language", TargetType: "employee", TargetID: e.ID,
				Before: map[string]any{"language": e.Language}, After: map[string]any{"language": in.Language.Value}})
		})
		if err != nil {
			return nil, err
		}
	}
	return s.Me(ctx, actor)
}

// Language is the person's language, or the organisation's when they chose none.
func Language(e *models.Employee, org *models.Organization) string {
	if e.Language != "" {
		return e.Language
	}
	return org.Language
}

// StaffEntry is a colleague as the staff search shows them: a name and a
// department, nothing else.
type StaffEntry struct {
	ID             string
	Name           string
	DepartmentID   string
	DepartmentName string
}

// SearchStaff finds active colleagues of the actor's organisation by part of
// their name or its kana (never by e-mail), for anyone signed in: naming a
// deputy, who often sits outside one's line, needs it.
func (s *Employees) SearchStaff(ctx context.Context, actor *Actor, query string, p Page) ([]StaffEntry, string, error) {
	active := true
	es, next, err := s.employees.List(ctx, s.db, actor.OrganizationID, models.EmployeeFilter{NameQuery: readingQuery(query), Active: &active}, p.store())
	if err != nil {
		return nil, "", err
	}
	depts, err := s.departmentField(ctx, s.db, actor.OrganizationID, departmentName)
	if err != nil {
		return nil, "", err
	}
	out := make([]StaffEntry, 0, len(es))
	for _, e := range es {
		out = append(out, StaffEntry{ID: e.ID, Name: e.FullName(), DepartmentID: e.DepartmentID, DepartmentName: depts[e.DepartmentID]})
	}
	return out, next, nil
}

// Names returns the names of the organisation's people with these ids, for
// lists that refer to colleagues (a delegation's approver and deputy).
func (s *Employees) Names(ctx context.Context, actor *Actor, ids []string) (map[string]string, error) {
	return s.employees.Names(ctx, s.db, actor.OrganizationID, ids)
}
