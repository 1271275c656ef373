package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/services"
)

type departmentOut struct {
	ID           string    `json:"id"`
	ParentID     *string   `json:"parent_id"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	NameKana     string    `json:"name_kana"`
	Kind         string    `json:"kind"`
	HeadID       *string   `json:"head_id"`
	HeadName     *string   `json:"head_name"`
	CounterWork  bool      `json:"counter_work"`
	MyNumberWork bool      `json:"my_number_work"`
	Active       bool      `json:"active"`
	Flags        []string  `json:"flags"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func departmentOutOf(d services.DepartmentView) departmentOut {
	out := departmentOut{
		ID: d.ID, ParentID: d.ParentID, Code: d.Code, Name: d.Name, NameKana: d.NameKana, Kind: d.Kind,
		HeadID: d.HeadID, CounterWork: d.CounterWork, MyNumberWork: d.MyNumberWork, Active: d.Active, Flags: d.Flags, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
	if out.Flags == nil {
		out.Flags = []string{}
	}
	if d.HeadID != nil {
		out.HeadName = &d.HeadName
	}
	return out
}

func (s *Server) listDepartments(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	f := services.DepartmentQuery{Kind: c.QueryParam("kind"), Query: c.QueryParam("q")}
	if c.QueryParams().Has("parent_id") {
		v := c.QueryParam("parent_id")
		f.ParentID = &v
	}
	ds, next, err := s.svc.Departments.List(c.Request().Context(), actorFrom(c), f, p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(ds, departmentOutOf), next))
}

func (s *Server) getDepartment(c echo.Context) error {
	d, err := s.svc.Departments.Get(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, departmentOutOf(*d))
}

func (s *Server) createDepartment(c echo.Context) error {
	var in services.DepartmentInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	d, err := s.svc.Departments.Create(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, departmentOutOf(*d))
}

func (s *Server) updateDepartment(c echo.Context) error {
	var in services.DepartmentInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	d, err := s.svc.Departments.Update(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, departmentOutOf(*d))
}

func (s *Server) deleteDepartment(c echo.Context) error {
	if err := s.svc.Departments.Delete(c.Request().Context(), actorFrom(c), idParam(c, "id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}
