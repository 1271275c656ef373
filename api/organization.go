package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type closingDayOut struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

type officerOut struct {
	Role         string `json:"role"`
	EmployeeID   string `json:"employee_id"`
	EmployeeName string `json:"employee_name"`
}

type organizationOut struct {
	ID          string          `json:"id"`
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	TimeZone    string          `json:"time_zone"`
	Language    string          `json:"language"`
	WebhookURL  *string         `json:"webhook_url"` // administrators only
	ClosingDays []closingDayOut `json:"closing_days"`
	Officers    []officerOut    `json:"officers"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

func organizationView(s *services.OrganizationSettings) organizationOut {
	out := organizationOut{
		ID: s.Org.ID, Slug: s.Org.Slug, Name: s.Org.Name, TimeZone: s.Org.TimeZone, Language: s.Org.Language,
		ClosingDays: []closingDayOut{}, Officers: []officerOut{}, UpdatedAt: s.Org.UpdatedAt,
	}
	if s.ShowWebhook {
		out.WebhookURL = &s.Org.WebhookURL
	}
	for _, d := range s.ClosingDays {
		out.ClosingDays = append(out.ClosingDays, closingDayOut{Date: d.Day.String(), Name: d.Name})
	}
	for _, o := range s.Officers {
		out.Officers = append(out.Officers, officerOut{Role: o.Role, EmployeeID: o.EmployeeID, EmployeeName: s.OfficerNames[o.EmployeeID]})
	}
	return out
}

func (s *Server) getOrganization(c echo.Context) error {
	o, err := s.svc.Organizations.Get(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, organizationView(o))
}

type calendarDayOut struct {
	Date      policies.Date  `json:"date"`
	OfficeDay bool           `json:"office_day"`
	Closure   *policies.Text `json:"closure"`
}

func (s *Server) getCalendar(c echo.Context) error {
	days, err := s.svc.Organizations.Calendar(c.Request().Context(), actorFrom(c), c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, map[string]any{"days": mapSlice(days, func(d services.CalendarDay) calendarDayOut {
		return calendarDayOut{Date: d.Date, OfficeDay: d.OfficeDay, Closure: d.Closure}
	})})
}

func (s *Server) updateOrganization(c echo.Context) error {
	var in services.UpdateOrganization
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	o, err := s.svc.Organizations.Update(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, organizationView(o))
}
