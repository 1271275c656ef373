package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // renders staff records and emergency periods, which services return as stored
	"github.com/kinmuchi/kinmuchi/services"
)

// The dated staff record and emergency periods (issue 22).

type staffRecordOut struct {
	EmployeeID     string      `json:"employee_id"`
	ValidFrom      string      `json:"valid_from"`
	HireDate       *models.Day `json:"hire_date"`
	EmploymentType string      `json:"employment_type"`
	ProbationUntil *models.Day `json:"probation_until"`
	TermUntil      *models.Day `json:"term_until"`
	Rank           string      `json:"rank"`
	WorkDays       []string    `json:"work_days"`
	CommuteMinutes *int        `json:"commute_minutes"`
	CommuteKm      *int        `json:"commute_km"`
	WorkplaceID    *string     `json:"workplace_id"`
	RecordedAt     time.Time   `json:"recorded_at"`
}

func staffRecordOutOf(r models.StaffRecord) staffRecordOut {
	out := staffRecordOut{EmployeeID: r.EmployeeID, ValidFrom: r.ValidFrom.String(), HireDate: r.HireDate, EmploymentType: r.EmploymentType,
		ProbationUntil: r.ProbationUntil, TermUntil: r.TermUntil, Rank: r.Rank, WorkDays: []string{}, CommuteMinutes: r.CommuteMinutes,
		CommuteKm: r.CommuteKm, WorkplaceID: r.WorkplaceID, RecordedAt: r.CreatedAt}
	if r.WorkDays != "" {
		out.WorkDays = strings.Split(r.WorkDays, ",")
	}
	return out
}

func (s *Server) staffRecordsOf(c echo.Context, employeeID string) error {
	rs, err := s.svc.StaffRecords.History(c.Request().Context(), actorFrom(c), employeeID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, newList(mapSlice(rs, staffRecordOutOf), ""))
}

func (s *Server) listMyStaffRecords(c echo.Context) error {
	return s.staffRecordsOf(c, actorFrom(c).EmployeeID)
}

func (s *Server) listStaffRecords(c echo.Context) error { return s.staffRecordsOf(c, idParam(c, "id")) }

func (s *Server) putStaffRecord(c echo.Context) error {
	var in services.StaffRecordInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	in.ValidFrom = c.Param("valid_from")
	r, err := s.svc.StaffRecords.Put(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, staffRecordOutOf(*r))
}

func (s *Server) deleteStaffRecord(c echo.Context) error {
	if err := s.svc.StaffRecords.Delete(c.Request().Context(), actorFrom(c), idParam(c, "id"), c.Param("valid_from")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type staffRecordImportOut struct {
	DryRun bool                `json:"dry_run"`
	Rows   int                 `json:"rows"`
	Items  []staffRecordRowOut `json:"items"`
}

type staffRecordRowOut struct {
	Line           int    `json:"line"`
	EmployeeID     string `json:"employee_id"`
	EmployeeNumber string `json:"employee_number"`
	EmployeeName   string `json:"employee_name"`
	ValidFrom      string `json:"valid_from"`
	EmploymentType string `json:"employment_type"`
	Rank           string `json:"rank"`
	Outcome        string `json:"outcome"`
}

// importStaffRecords stores the records of a CSV, or with dry_run=true
// checks every row and stores nothing.
func (s *Server) importStaffRecords(c echo.Context) error {
	data, dryRun, err := csvImport(c)
	if err != nil {
		return err
	}
	res, err := s.svc.StaffRecords.Import(c.Request().Context(), actorFrom(c), data, dryRun)
	if err != nil {
		return err
	}
	out := staffRecordImportOut{DryRun: res.DryRun, Rows: res.Rows, Items: make([]staffRecordRowOut, 0, len(res.Items))}
	for _, r := range res.Items {
		outcome := "create"
		if r.Replaces {
			outcome = "replace"
		}
		out.Items = append(out.Items, staffRecordRowOut{Line: r.Line, EmployeeID: r.EmployeeID, EmployeeNumber: r.EmployeeNumber, EmployeeName: r.EmployeeName,
			ValidFrom: r.ValidFrom, EmploymentType: r.EmploymentType, Rank: r.Rank, Outcome: outcome})
	}
	return ok(c, http.StatusOK, out)
}

type emergencyOut struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Kind          string    `json:"kind"`
	StartsOn      string    `json:"starts_on"`
	EndsOn        string    `json:"ends_on"`
	DepartmentIDs []string  `json:"department_ids"`
	OfficeIDs     []string  `json:"office_ids"`
	CreatedAt     time.Time `json:"created_at"`
}

func emergencyOutOf(e models.EmergencyPeriod) emergencyOut {
	out := emergencyOut{ID: e.ID, Name: e.Name, Kind: e.Kind, StartsOn: e.StartsOn.String(), EndsOn: e.EndsOn.String(),
		DepartmentIDs: []string{}, OfficeIDs: []string{}, CreatedAt: e.CreatedAt}
	for _, sc := range e.Scopes {
		if sc.DepartmentID != nil {
			out.DepartmentIDs = append(out.DepartmentIDs, *sc.DepartmentID)
		}
		if sc.OfficeID != nil {
			out.OfficeIDs = append(out.OfficeIDs, *sc.OfficeID)
		}
	}
	return out
}

func (s *Server) listEmergencies(c echo.Context) error {
	es, err := s.svc.Emergencies.List(c.Request().Context(), actorFrom(c), c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(es, emergencyOutOf), ""))
}

func (s *Server) createEmergency(c echo.Context) error {
	var in services.EmergencyInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	e, err := s.svc.Emergencies.Create(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, emergencyOutOf(*e))
}

// endEmergency sets the last day of an emergency period.
func (s *Server) endEmergency(c echo.Context) error {
	var in struct {
		EndsOn string `json:"ends_on"`
	}
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	e, err := s.svc.Emergencies.End(c.Request().Context(), actorFrom(c), idParam(c, "id"), in.EndsOn)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, emergencyOutOf(*e))
}

func (s *Server) deleteEmergency(c echo.Context) error {
	if err := s.svc.Emergencies.Delete(c.Request().Context(), actorFrom(c), idParam(c, "id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
