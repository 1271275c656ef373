package services

import (
	"context"
	"errors"
	"fmt"
	"github.com/kinmuchi/kinmuchi/models"
	"strings"
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
	// The 1 April moves, entered ahead: one member of staff moves from
	// 子育て支援課 to 福祉課 at the start of the next fiscal year.
	childcare, err := s.Employees.departments.GetByCode(ctx, s.Employees.db, org.ID, "320")
	if err != nil {
		return nil, err
	}
	members, _, err := s.Employees.employees.List(ctx, s.Employees.db, org.ID, models.EmployeeFilter{DepartmentID: childcare.ID}, models.Page{Limit: 50})
	if err != nil {
		return nil, err
	}
	var staff *models.Employee
	for _, m := range members {
		if strings.HasPrefix(m.Email, "staff") && (staff == nil || m.EmployeeNumber < staff.EmployeeNumber) {
			staff = m
		}
	}
	if staff == nil {
		return res, nil
	}
	welfare, err := s.Employees.departments.GetByCode(ctx, s.Employees.db, org.ID, "310")
	if err != nil {
		return nil, err
	}
	today := policies.DateOf(s.Employees.now().In(policies.Default().Location()))
	y, _, _ := today.FiscalYearStart().Civil()
	hr, err := s.Employees.employees.GetByEmail(ctx, s.Employees.db, "hr@demo.example")
	if err != nil {
		return nil, err
	}
	{
		_, err = s.Transfers.Transfer(ctx, &Actor{EmployeeID: hr.ID, OrganizationID: org.ID, Roles: hr.Roles}, staff.ID, TransferInput{
			DepartmentID: Some(welfare.ID), EffectiveFrom: Some(fmt.Sprintf("%d-04-01", y+1)), Note: Some(fmt.Sprintf("%d年4月1日付人事異動", y+1))})
		if err != nil {
			return nil, err
		}
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
