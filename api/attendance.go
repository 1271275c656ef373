package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type attendanceDayOut struct {
	EmployeeID   string            `json:"employee_id"`
	EmployeeName string            `json:"employee_name"`
	DepartmentID string            `json:"department_id"`
	Date         string            `json:"date"`
	Location     policies.Location `json:"location"`
	Portion      policies.Unit     `json:"portion,omitempty"`
	Minutes      int               `json:"minutes"`
	OfficeID     *string           `json:"office_id"`
	RequestID    *string           `json:"request_id"`
	Planned      bool              `json:"planned"`
	Corrected    bool              `json:"corrected"`
	// Correction is the reason HR gave, shown to HR only.
	Correction *string `json:"correction,omitempty"`
}

func attendanceDayOutOf(a services.AttendanceDay) attendanceDayOut {
	out := attendanceDayOut{EmployeeID: a.EmployeeID, EmployeeName: a.EmployeeName, DepartmentID: a.DepartmentID, Date: a.Day.String(),
		Location: a.Location, Portion: a.Portion, Minutes: a.Minutes, OfficeID: a.OfficeID, RequestID: a.RequestID, Planned: !a.Actual,
		Corrected: a.CorrectedBy != nil}
	if a.Correction != "" {
		out.Correction = &a.Correction
	}
	return out
}

// attendance is the work-location ledger of a period: where each visible
// person works each day.
func (s *Server) attendance(c echo.Context) error {
	q := services.AttendanceQuery{From: c.QueryParam("from"), To: c.QueryParam("to"),
		DepartmentID: c.QueryParam("department_id"), EmployeeID: c.QueryParam("employee_id")}
	days, err := s.svc.Ledger.Attendance(c.Request().Context(), actorFrom(c), q)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(days, attendanceDayOutOf), ""))
}

// correctAttendance is HR's correction of where someone worked on a day.
func (s *Server) correctAttendance(c echo.Context) error {
	var in services.Correction
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	a, err := s.svc.Ledger.Correct(c.Request().Context(), actorFrom(c), idParam(c, "employee_id"), idParam(c, "date"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, attendanceDayOutOf(*a))
}

// uncorrectAttendance withdraws HR's correction of a day.
func (s *Server) uncorrectAttendance(c echo.Context) error {
	if err := s.svc.Ledger.Uncorrect(c.Request().Context(), actorFrom(c), idParam(c, "employee_id"), idParam(c, "date")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
