package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type policyVersionOut struct {
	ID            *string    `json:"id"`
	PolicyID      string     `json:"policy_id"`
	Version       string     `json:"version"`
	EffectiveFrom string     `json:"effective_from"`
	EffectiveTo   *string    `json:"effective_to"`
	Title         i18n.Text  `json:"title"`
	BuiltIn       bool       `json:"built_in"`
	Document      string     `json:"document"`
	CreatedAt     *time.Time `json:"created_at"`
	CreatedBy     *string    `json:"created_by"`
	CreatedByName string     `json:"created_by_name"`
	Note          string     `json:"note"`
}

func policyVersionOutOf(v services.PolicyVersionView) policyVersionOut {
	out := policyVersionOut{PolicyID: v.Policy.ID(), Version: v.Policy.Version(), EffectiveFrom: v.EffectiveFrom.String(),
		Title: i18n.Text(v.Policy.Title()), BuiltIn: v.BuiltIn, Document: string(v.Policy.Source()), CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy,
		CreatedByName: v.CreatedByName, Note: v.Note}
	if v.ID != "" {
		out.ID = &v.ID
	}
	if to := v.Policy.EffectiveTo(); !to.IsZero() {
		s := to.String()
		out.EffectiveTo = &s
	}
	return out
}

func dateParam(c echo.Context, name string) (policies.Date, error) {
	v := c.QueryParam(name)
	if v == "" {
		return policies.Date{}, nil
	}
	d, err := policies.ParseDate(v)
	if err != nil {
		return d, badParam(name, fmt.Sprintf("%s は YYYY-MM-DD 形式の日付にしてください。", name), fmt.Sprintf("%s must be a date, YYYY-MM-DD.", name))
	}
	return d, nil
}

func (s *Server) getTeleworkPolicy(c echo.Context) error {
	d, err := dateParam(c, "date")
	if err != nil {
		return err
	}
	v, err := s.svc.Policies.InForce(c.Request().Context(), actorFrom(c), d)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, policyVersionOutOf(*v))
}

func (s *Server) listTeleworkPolicyVersions(c echo.Context) error {
	vs, err := s.svc.Policies.Versions(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(vs, policyVersionOutOf), ""))
}

type policyDocumentRequest struct {
	Document      string `json:"document"`
	EffectiveFrom string `json:"effective_from"`
}

type newPolicyVersionRequest struct {
	Document      string `json:"document"`
	EffectiveFrom string `json:"effective_from"`
	Note          string `json:"note"` // why HR stores it, shown in the history
}

func (s *Server) createTeleworkPolicyVersion(c echo.Context) error {
	var in newPolicyVersionRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	var eff policies.Date
	if in.EffectiveFrom != "" {
		d, err := policies.ParseDate(in.EffectiveFrom)
		if err != nil {
			var v services.Validator
			v.Add("effective_from", "invalid", "施行日は YYYY-MM-DD 形式です。", "effective_from must be YYYY-MM-DD.")
			return v.Err()
		}
		eff = d
	}
	v, err := s.svc.Policies.Create(c.Request().Context(), actorFrom(c), in.Document, eff, in.Note)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, policyVersionOutOf(*v))
}

type validateOut struct {
	Valid         bool      `json:"valid"`
	PolicyID      string    `json:"policy_id"`
	Version       string    `json:"version"`
	EffectiveFrom string    `json:"effective_from"`
	Title         i18n.Text `json:"title"`
}

func (s *Server) validateTeleworkPolicy(c echo.Context) error {
	var in policyDocumentRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	p, err := s.svc.Policies.Validate(c.Request().Context(), actorFrom(c), in.Document)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, validateOut{Valid: true, PolicyID: p.ID(), Version: p.Version(), EffectiveFrom: p.EffectiveFrom().String(), Title: i18n.Text(p.Title())})
}

type simulateCaseOut struct {
	EmployeeID   string            `json:"employee_id"`
	EmployeeName string            `json:"employee_name"`
	Changed      bool              `json:"changed"`
	Draft        policies.Decision `json:"draft"`
	InForce      policies.Decision `json:"in_force"`
}

type storedChangeOut struct {
	RequestID    string                `json:"request_id"`
	EmployeeID   string                `json:"employee_id"`
	EmployeeName string                `json:"employee_name"`
	Status       policies.RequestState `json:"status"`
	Reason       string                `json:"reason"`
	Dates        []string              `json:"dates"`
	Rules        []string              `json:"rules"`
}

type simulationOut struct {
	From          string            `json:"from"`
	To            string            `json:"to"`
	Checked       int               `json:"checked"`
	Truncated     bool              `json:"truncated"`
	Cases         []simulateCaseOut `json:"cases"`
	NewlyRefused  []storedChangeOut `json:"newly_refused"`
	NewlyAccepted []storedChangeOut `json:"newly_accepted"`
}

func storedChangeOutOf(c services.StoredChange) storedChangeOut {
	out := storedChangeOut{RequestID: c.Request.ID, EmployeeID: c.Request.EmployeeID, EmployeeName: c.EmployeeName,
		Status: c.Request.Status, Reason: c.Request.Reason, Dates: []string{}, Rules: c.Rules}
	for _, d := range c.Request.Days {
		out.Dates = append(out.Dates, d.Day.String())
	}
	if out.Rules == nil {
		out.Rules = []string{}
	}
	return out
}

// simulateTeleworkPolicy decides a draft, not stored, beside the rules in
// force: for the cases HR names, and on the requests already stored.
func (s *Server) simulateTeleworkPolicy(c echo.Context) error {
	var in services.SimulateInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	sim, err := s.svc.Telework.Simulate(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	out := simulationOut{From: sim.From.String(), To: sim.To.String(), Checked: sim.Checked, Truncated: sim.Truncated,
		Cases: mapSlice(sim.Cases, func(cs services.CaseSimulation) simulateCaseOut {
			return simulateCaseOut{EmployeeID: cs.EmployeeID, EmployeeName: cs.EmployeeName, Changed: cs.Changed(), Draft: cs.Draft, InForce: cs.InForce}
		}),
		NewlyRefused: mapSlice(sim.NewlyRefused, storedChangeOutOf), NewlyAccepted: mapSlice(sim.NewlyAccepted, storedChangeOutOf)}
	return ok(c, http.StatusOK, out)
}
