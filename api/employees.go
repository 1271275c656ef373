package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type employeeOut struct {
	ID             string          `json:"id"`
	EmployeeNumber string          `json:"employee_number"`
	Email          string          `json:"email"`
	FamilyName     string          `json:"family_name"`
	GivenName      string          `json:"given_name"`
	FamilyNameKana string          `json:"family_name_kana"`
	GivenNameKana  string          `json:"given_name_kana"`
	DepartmentID   string          `json:"department_id"`
	DepartmentName string          `json:"department_name"`
	SupervisorID   *string         `json:"supervisor_id"`
	SupervisorName *string         `json:"supervisor_name"`
	Roles          []policies.Role `json:"roles"`
	EmploymentType string          `json:"employment_type"`
	HasRemotePC    bool            `json:"has_remote_pc"`
	Active         bool            `json:"active"`
	HasPassword    bool            `json:"has_password"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
}

func employeeOutOf(e services.EmployeeView) employeeOut {
	out := employeeOut{
		ID: e.ID, EmployeeNumber: e.EmployeeNumber, Email: e.Email, FamilyName: e.FamilyName, GivenName: e.GivenName,
		FamilyNameKana: e.FamilyNameKana, GivenNameKana: e.GivenNameKana, DepartmentID: e.DepartmentID,
		DepartmentName: e.DepartmentName, SupervisorID: e.SupervisorID, Roles: e.Roles, EmploymentType: e.EmploymentType,
		HasRemotePC: e.HasRemotePC, Active: e.Active, HasPassword: e.PasswordHash != nil, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
	}
	if out.Roles == nil {
		out.Roles = []policies.Role{}
	}
	if e.SupervisorID != nil {
		out.SupervisorName = &e.SupervisorName
	}
	return out
}

func (s *Server) listEmployees(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	active, err := boolParam(c, "active")
	if err != nil {
		return err
	}
	f := services.EmployeeListFilter{DepartmentID: c.QueryParam("department_id"), SupervisorID: c.QueryParam("supervisor_id"), Active: active, Query: c.QueryParam("q")}
	es, next, err := s.svc.Employees.List(c.Request().Context(), actorFrom(c), f, p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(es, employeeOutOf), next))
}

func (s *Server) getEmployee(c echo.Context) error {
	e, err := s.svc.Employees.Get(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, employeeOutOf(*e))
}

func (s *Server) createEmployee(c echo.Context) error {
	var in services.EmployeeInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	e, err := s.svc.Employees.Create(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, employeeOutOf(*e))
}

func (s *Server) updateEmployee(c echo.Context) error {
	var in services.EmployeeInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	e, err := s.svc.Employees.Update(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, employeeOutOf(*e))
}

type setPasswordRequest struct {
	Password string `json:"password"`
}

func (s *Server) setEmployeePassword(c echo.Context) error {
	var in setPasswordRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	if err := s.svc.Employees.SetPassword(c.Request().Context(), actorFrom(c), idParam(c, "id"), in.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *Server) changeOwnPassword(c echo.Context) error {
	var in changePasswordRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	if err := s.svc.Employees.ChangeOwnPassword(c.Request().Context(), actorFrom(c), in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type refOut struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type meOut struct {
	ID             string          `json:"id"`
	Email          string          `json:"email"`
	EmployeeNumber string          `json:"employee_number"`
	FamilyName     string          `json:"family_name"`
	GivenName      string          `json:"given_name"`
	FamilyNameKana string          `json:"family_name_kana"`
	GivenNameKana  string          `json:"given_name_kana"`
	Roles          []policies.Role `json:"roles"`
	EmploymentType string          `json:"employment_type"`
	HasRemotePC    bool            `json:"has_remote_pc"`
	Language       string          `json:"language"`
	Today          string          `json:"today"`
	Organization   meOrgOut        `json:"organization"`
	Department     refOut          `json:"department"`
	Supervisor     *refOut         `json:"supervisor"`
	Heads          []refOut        `json:"heads"`
}

type meOrgOut struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	Language string `json:"language"`
}

func (s *Server) me(c echo.Context) error {
	p, err := s.svc.Employees.Me(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, meOutOf(p))
}

func (s *Server) updateMe(c echo.Context) error {
	var in services.MeInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	p, err := s.svc.Employees.UpdateMe(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, meOutOf(p))
}

type staffOut struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department refOut `json:"department"`
}

func (s *Server) searchStaff(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	es, next, err := s.svc.Employees.SearchStaff(c.Request().Context(), actorFrom(c), c.QueryParam("q"), p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(es, func(e services.StaffEntry) staffOut {
		return staffOut{ID: e.ID, Name: e.Name, Department: refOut{ID: e.DepartmentID, Name: e.DepartmentName}}
	}), next))
}

func meOutOf(p *services.Profile) meOut {
	e := p.Employee
	out := meOut{
		ID: e.ID, Email: e.Email, EmployeeNumber: e.EmployeeNumber, FamilyName: e.FamilyName, GivenName: e.GivenName,
		FamilyNameKana: e.FamilyNameKana, GivenNameKana: e.GivenNameKana, Roles: e.Roles, EmploymentType: e.EmploymentType,
		HasRemotePC:  e.HasRemotePC,
		Language:     services.Language(e.Employee, p.Organization),
		Today:        p.Today.String(),
		Organization: meOrgOut{ID: p.Organization.ID, Name: p.Organization.Name, TimeZone: p.Organization.TimeZone, Language: p.Organization.Language},
		Department:   refOut{ID: e.DepartmentID, Name: e.DepartmentName},
		Heads:        []refOut{},
	}
	if e.SupervisorID != nil {
		out.Supervisor = &refOut{ID: *e.SupervisorID, Name: e.SupervisorName}
	}
	for _, d := range p.Heads {
		out.Heads = append(out.Heads, refOut{ID: d.ID, Name: d.Name})
	}
	return out
}
