package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // renders staff days, which services return as stored
	"github.com/kinmuchi/kinmuchi/services"
)

type staffDayOut struct {
	EmployeeID string `json:"employee_id"`
	Date       string `json:"date"`
	Kind       string `json:"kind"`
	Portion    string `json:"portion"`
	Note       string `json:"note"`
	// EmployeeName is given in lists, for HR reading them.
	EmployeeName string `json:"employee_name,omitempty"`
}

// staffDaysOut renders days with their staff's names.
func (s *Server) staffDaysOut(c echo.Context, ds []models.StaffDay) ([]staffDayOut, error) {
	names, err := s.svc.StaffDays.Names(c.Request().Context(), actorFrom(c), ds)
	if err != nil {
		return nil, err
	}
	return mapSlice(ds, func(d models.StaffDay) staffDayOut {
		out := staffDayOutOf(d)
		out.EmployeeName = names[d.EmployeeID]
		return out
	}), nil
}

func staffDayOutOf(d models.StaffDay) staffDayOut {
	return staffDayOut{EmployeeID: d.EmployeeID, Date: d.Day.String(), Kind: d.Kind, Portion: d.Portion, Note: d.Note}
}

func (s *Server) listLeave(c echo.Context) error {
	q := services.StaffDayQuery{EmployeeID: c.QueryParam("employee_id"), From: c.QueryParam("from"), To: c.QueryParam("to"), Kind: c.QueryParam("kind")}
	ds, err := s.svc.StaffDays.List(c.Request().Context(), actorFrom(c), q)
	if err != nil {
		return err
	}
	out, err := s.staffDaysOut(c, ds)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(out, ""))
}

type putLeaveRequest struct {
	Days []services.StaffDayInput `json:"days"`
}

func (s *Server) putLeave(c echo.Context) error {
	var in putLeaveRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	ds, err := s.svc.StaffDays.Put(c.Request().Context(), actorFrom(c), in.Days)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(ds, staffDayOutOf), ""))
}

func (s *Server) deleteLeave(c echo.Context) error {
	err := s.svc.StaffDays.Delete(c.Request().Context(), actorFrom(c), idParam(c, "employee_id"), idParam(c, "date"), c.QueryParam("kind"))
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type leaveImportOut struct {
	DryRun bool          `json:"dry_run"`
	Items  []staffDayOut `json:"items"`
}

// importLeave stores the days of a CSV, or with dry_run=true checks them
// row by row and answers what would be stored, storing nothing.
func (s *Server) importLeave(c echo.Context) error {
	data, dryRun, err := csvImport(c)
	if err != nil {
		return err
	}
	ds, err := s.svc.StaffDays.Import(c.Request().Context(), actorFrom(c), data, dryRun)
	if err != nil {
		return err
	}
	out, err := s.staffDaysOut(c, ds)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, leaveImportOut{DryRun: dryRun, Items: out})
}
