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
	return ok(c, http.StatusOK, newList(mapSlice(days, func(a services.AttendanceDay) attendanceDayOut {
		return attendanceDayOut{EmployeeID: a.EmployeeID, EmployeeName: a.EmployeeName, DepartmentID: a.DepartmentID, Date: a.Day.String(),
			Location: a.Location, Portion: a.Portion, Minutes: a.Minutes, OfficeID: a.OfficeID, RequestID: a.RequestID, Planned: !a.Actual}
	}), ""))
}
