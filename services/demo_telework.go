package services

import (
	"context"
	"errors"
	"time"

	"github.com/kinmuchi/kinmuchi/policies"
)

// SeedDemo creates the demo municipalities (see Employees.SeedDemo) and, on
// a fresh seed, a few telework requests of the demo employee, decided by the
// shipped policy like any other, so the supervisor's inbox has work in it.
func (s *Services) SeedDemo(ctx context.Context, password string) (*DemoResult, error) {
	res, err := s.Employees.SeedDemo(ctx, password)
	if err != nil || !res.Seeded {
		return res, err
	}
	org, err := s.Employees.orgs.GetBySlug(ctx, s.Employees.db, DemoOrgSlug)
	if err != nil {
		return nil, err
	}
	emp, err := s.Employees.employees.GetByEmail(ctx, s.Employees.db, "employee@demo.example")
	if err != nil {
		return nil, err
	}
	actor := &Actor{EmployeeID: emp.ID, OrganizationID: org.ID, Roles: emp.Roles}
	child, err := s.Family.Create(ctx, actor, FamilyInput{Relation: Some("child"), Name: Some("勤務 ひなた"),
		BirthDate:  Some(time.Date(s.Employees.now().Year()-6, time.June, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)),
		Cohabiting: Some(true)})
	if err != nil {
		return nil, err
	}
	requests := []TeleworkInput{
		{Dates: []string{demoOfficeDay(s.Employees.now(), 3)}, Unit: "full", Place: "home", Reason: "childcare", FamilyMemberID: &child.ID, Note: "保育園の行事のため"},
		{Dates: []string{demoOfficeDay(s.Employees.now(), 10)}, Unit: "am", Place: "home", Reason: "general"},
	}
	for _, in := range requests {
		_, err := s.Telework.Submit(ctx, actor, in)
		if errors.Is(err, ErrRefused) {
			// The demo's own rules may refuse a day (a council session, say);
			// the demo goes on without that request.
			continue
		}
		if err != nil {
			return nil, err
		}
		res.Requests++
	}
	return res, nil
}

// demoOfficeDay returns the first office day at least skip days after now.
func demoOfficeDay(now time.Time, skip int) string {
	cal := policies.Default().Calendar()
	d := policies.DateOf(now.In(policies.Default().Location())).AddDays(skip)
	for !cal.IsOfficeDay(d) {
		d = d.AddDays(1)
	}
	return d.String()
}
