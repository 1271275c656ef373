package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// Telework policy versions.

type policyVersionOut struct {
	ID            *string    `json:"id"`
	PolicyID      string     `json:"policy_id"`
	Version       string     `json:"version"`
	EffectiveFrom string     `json:"effective_from"`
	Title         i18n.Text  `json:"title"`
	BuiltIn       bool       `json:"built_in"`
	Document      string     `json:"document"`
	CreatedAt     *time.Time `json:"created_at"`
	CreatedBy     *string    `json:"created_by"`
}

func policyVersionOutOf(v services.PolicyVersionView) policyVersionOut {
	out := policyVersionOut{PolicyID: v.Policy.ID(), Version: v.Policy.Version(), EffectiveFrom: v.EffectiveFrom.String(),
		Title: i18n.Text(v.Policy.Title()), BuiltIn: v.BuiltIn, Document: string(v.Policy.Source()), CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy}
	if v.ID != "" {
		out.ID = &v.ID
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

func (s *Server) createTeleworkPolicyVersion(c echo.Context) error {
	var in policyDocumentRequest
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
	v, err := s.svc.Policies.Create(c.Request().Context(), actorFrom(c), in.Document, eff)
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

// Family members.

type familyMemberOut struct {
	ID                     string      `json:"id"`
	EmployeeID             string      `json:"employee_id"`
	Relation               string      `json:"relation"`
	Name                   string      `json:"name"`
	BirthDate              *models.Day `json:"birth_date"`
	Cohabiting             bool        `json:"cohabiting"`
	CareLevel              *int        `json:"care_level"`
	CareNeedDays           *int        `json:"care_need_days"`
	PartnershipCertificate bool        `json:"partnership_certificate"`
	EvidenceNote           string      `json:"evidence_note"`
	VerifiedAt             *time.Time  `json:"verified_at"`
	UpdatedAt              time.Time   `json:"updated_at"`
}

func familyMemberOutOf(m models.FamilyMember) familyMemberOut {
	return familyMemberOut{ID: m.ID, EmployeeID: m.EmployeeID, Relation: m.Relation, Name: m.Name, BirthDate: m.BirthDate, Cohabiting: m.Cohabiting,
		CareLevel: m.CareLevel, CareNeedDays: m.CareNeedDays, PartnershipCertificate: m.PartnershipCertificate, EvidenceNote: m.EvidenceNote,
		VerifiedAt: m.VerifiedAt, UpdatedAt: m.UpdatedAt}
}

func (s *Server) listMyFamily(c echo.Context) error {
	ms, err := s.svc.Family.ListMine(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, newList(mapSlice(ms, familyMemberOutOf), ""))
}

func (s *Server) createMyFamily(c echo.Context) error {
	var in services.FamilyInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	m, err := s.svc.Family.Create(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, familyMemberOutOf(*m))
}

func (s *Server) updateMyFamily(c echo.Context) error {
	var in services.FamilyInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	m, err := s.svc.Family.Update(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, familyMemberOutOf(*m))
}

func (s *Server) deleteMyFamily(c echo.Context) error {
	if err := s.svc.Family.Delete(c.Request().Context(), actorFrom(c), idParam(c, "id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listEmployeeFamily(c echo.Context) error {
	ms, err := s.svc.Family.ListOf(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, newList(mapSlice(ms, familyMemberOutOf), ""))
}

func (s *Server) verifyEmployeeFamily(c echo.Context) error {
	m, err := s.svc.Family.Verify(c.Request().Context(), actorFrom(c), idParam(c, "id"), idParam(c, "member_id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, familyMemberOutOf(*m))
}

// Leave and essential-staff days.

type staffDayOut struct {
	EmployeeID string `json:"employee_id"`
	Date       string `json:"date"`
	Kind       string `json:"kind"`
	Portion    string `json:"portion"`
	Note       string `json:"note"`
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
	return ok(c, http.StatusOK, newList(mapSlice(ds, staffDayOutOf), ""))
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

// Telework requests.

type teleworkDayOut struct {
	Date    string `json:"date"`
	Unit    string `json:"unit"`
	Minutes int    `json:"minutes"`
}

type trailOut struct {
	Action         string               `json:"action"`
	ActorID        *string              `json:"actor_id"`
	ActorName      string               `json:"actor_name"`
	At             time.Time            `json:"at"`
	Comment        string               `json:"comment"`
	PolicyVersions []policies.PolicyRef `json:"policy_versions"`
	// SameApproverSteps: further steps this approval completed (同一承認者の自動承認).
	SameApproverSteps []string `json:"same_approver_steps,omitempty"`
}

type teleworkOut struct {
	ID              string                `json:"id"`
	EmployeeID      string                `json:"employee_id"`
	EmployeeName    string                `json:"employee_name"`
	DepartmentID    string                `json:"department_id"`
	Status          policies.RequestState `json:"status"`
	Dates           []string              `json:"dates"`
	Days            []teleworkDayOut      `json:"days"`
	Unit            string                `json:"unit"`
	StartTime       *string               `json:"start_time"`
	EndTime         *string               `json:"end_time"`
	Place           string                `json:"place"`
	OfficeID        *string               `json:"office_id"`
	PlaceDetail     string                `json:"place_detail"`
	Reason          string                `json:"reason"`
	ReasonName      i18n.Text             `json:"reason_name"`
	FamilyMemberID  *string               `json:"family_member_id,omitempty"`
	Note            string                `json:"note"`
	Flags           []string              `json:"flags"`
	Warnings        []policies.Result     `json:"warnings"`
	ExtraSteps      []string              `json:"extra_steps"`
	PolicyVersions  []policies.PolicyRef  `json:"policy_versions"`
	Decision        policies.Decision     `json:"decision"`
	SubmittedAt     time.Time             `json:"submitted_at"`
	DecidedAt       *time.Time            `json:"decided_at"`
	DecidedBy       *string               `json:"decided_by"`
	DecisionComment string                `json:"decision_comment"`
	Trail           []trailOut            `json:"trail"`
	Tasks           []taskOut             `json:"tasks"`
}

func clockOf(m *int) *string {
	if m == nil {
		return nil
	}
	s := fmt.Sprintf("%02d:%02d", *m/60, *m%60)
	return &s
}

func teleworkOutOf(v *services.TeleworkView) teleworkOut {
	out := teleworkOut{
		ID: v.ID, EmployeeID: v.EmployeeID, EmployeeName: v.EmployeeName, DepartmentID: v.DepartmentID, Status: v.Status,
		Unit: v.Unit, StartTime: clockOf(v.StartMinute), EndTime: clockOf(v.EndMinute), Place: v.Place, OfficeID: v.OfficeID,
		PlaceDetail: v.PlaceDetail, Reason: v.Reason, ReasonName: v.ReasonName, Note: v.Note, Flags: v.Decision.Flags(),
		Warnings: v.Decision.Warnings(), ExtraSteps: v.Decision.ExtraSteps(), PolicyVersions: v.Decision.Versions(), Decision: v.Decision,
		SubmittedAt: v.SubmittedAt, DecidedAt: v.DecidedAt, DecidedBy: v.DecidedBy, DecisionComment: v.DecisionComment,
		Dates: []string{}, Days: []teleworkDayOut{}, Trail: []trailOut{}, Tasks: mapSlice(v.Tasks, taskOutOf),
	}
	if v.FamilyVisible {
		out.FamilyMemberID = v.FamilyMemberID
	}
	for _, d := range v.Days {
		out.Dates = append(out.Dates, d.Day.String())
		out.Days = append(out.Days, teleworkDayOut{Date: d.Day.String(), Unit: d.Unit, Minutes: d.Minutes})
	}
	for _, t := range v.Trail {
		out.Trail = append(out.Trail, trailOut{Action: t.Action, ActorID: t.ActorID, ActorName: t.ActorName, At: t.At, Comment: t.Comment, PolicyVersions: t.Policy,
			SameApproverSteps: t.SameApproverSteps})
	}
	if out.Flags == nil {
		out.Flags = []string{}
	}
	if out.Warnings == nil {
		out.Warnings = []policies.Result{}
	}
	if out.ExtraSteps == nil {
		out.ExtraSteps = []string{}
	}
	if out.PolicyVersions == nil {
		out.PolicyVersions = []policies.PolicyRef{}
	}
	return out
}

type previewOut struct {
	Refused  bool              `json:"refused"`
	Decision policies.Decision `json:"decision"`
}

func (s *Server) previewTelework(c echo.Context) error {
	var in services.TeleworkInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	d, err := s.svc.Telework.Preview(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, previewOut{Refused: d.Refused(), Decision: *d})
}

func (s *Server) submitTelework(c echo.Context) error {
	var in services.TeleworkInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	v, err := s.svc.Telework.Submit(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, teleworkOutOf(v))
}

func (s *Server) resubmitTelework(c echo.Context) error {
	var in services.TeleworkInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	v, err := s.svc.Telework.Resubmit(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, teleworkOutOf(v))
}

func (s *Server) getTelework(c echo.Context) error {
	v, err := s.svc.Telework.Get(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, teleworkOutOf(v))
}

func (s *Server) listTelework(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	qp := c.QueryParams()
	q := services.TeleworkQuery{EmployeeID: qp.Get("employee_id"), DepartmentID: qp.Get("department_id"), Status: qp.Get("status"),
		From: qp.Get("from"), To: qp.Get("to")}
	q.All = q.EmployeeID != "" || q.DepartmentID != "" || q.From != "" || q.To != "" || qp.Get("scope") == "all"
	vs, next, err := s.svc.Telework.List(c.Request().Context(), actorFrom(c), q, p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(vs, teleworkOutOf), next))
}

type actRequest struct {
	Comment string `json:"comment"`
}

// act returns the handler of one state change of a request.
func (s *Server) act(action policies.RequestAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in actRequest
		if err := bindOptional(c, &in); err != nil {
			return err
		}
		v, err := s.svc.Telework.Act(c.Request().Context(), actorFrom(c), idParam(c, "id"), action, in.Comment)
		if err != nil {
			return err
		}
		return ok(c, http.StatusOK, teleworkOutOf(v))
	}
}

func (s *Server) importLeave(c echo.Context) error {
	data, err := uploadedCSV(c)
	if err != nil {
		return err
	}
	ds, err := s.svc.StaffDays.Import(c.Request().Context(), actorFrom(c), data)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(ds, staffDayOutOf), ""))
}
