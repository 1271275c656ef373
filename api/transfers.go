package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/services"
)

type assignmentOut struct {
	ID             string    `json:"id"`
	EmployeeID     string    `json:"employee_id"`
	DepartmentID   string    `json:"department_id"`
	DepartmentName string    `json:"department_name"`
	ValidFrom      string    `json:"valid_from"`
	ValidTo        *string   `json:"valid_to"`
	Note           string    `json:"note"`
	InEffect       bool      `json:"in_effect"`
	CreatedAt      time.Time `json:"created_at"`
}

func assignmentOutOf(a services.AssignmentView) assignmentOut {
	out := assignmentOut{ID: a.ID, EmployeeID: a.EmployeeID, DepartmentID: a.DepartmentID, DepartmentName: a.DepartmentName,
		ValidFrom: a.ValidFrom.String(), Note: a.Note, InEffect: a.InEffect, CreatedAt: a.CreatedAt}
	if a.ValidTo != nil {
		to := a.ValidTo.String()
		out.ValidTo = &to
	}
	return out
}

// listAssignments is an employee's departments over time.
func (s *Server) listAssignments(c echo.Context) error {
	as, err := s.svc.Transfers.History(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, map[string]any{"items": mapSlice(as, assignmentOutOf)})
}

// createTransfer enters a transfer with its effective date.
func (s *Server) createTransfer(c echo.Context) error {
	var in services.TransferInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	a, err := s.svc.Transfers.Transfer(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, assignmentOutOf(*a))
}

// updateTransfer changes a transfer not yet in effect.
func (s *Server) updateTransfer(c echo.Context) error {
	var in services.TransferInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	a, err := s.svc.Transfers.Change(c.Request().Context(), actorFrom(c), idParam(c, "id"), idParam(c, "transfer_id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, assignmentOutOf(*a))
}

// withdrawTransfer removes a transfer not yet in effect.
func (s *Server) withdrawTransfer(c echo.Context) error {
	if err := s.svc.Transfers.Withdraw(c.Request().Context(), actorFrom(c), idParam(c, "id"), idParam(c, "transfer_id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
