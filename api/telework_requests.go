package api

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

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

// heldSeatOut is a seat booked for a satellite request, as the applicant
// and the approvers see it.
type heldSeatOut struct {
	BookingID string    `json:"booking_id"`
	Office    string    `json:"office_name"`
	Space     string    `json:"space_name"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Tentative bool      `json:"tentative"`
}

// requestSummaryOut is what every view of a request shows: who, when,
// where, why (the category), where it stands and its tasks. The inbox shows
// only this, its verdicts being the item's results decided now; a request's
// own view adds the stored decision, the trail and the seats.
type requestSummaryOut struct {
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
	SubmittedAt     time.Time             `json:"submitted_at"`
	DecidedAt       *time.Time            `json:"decided_at"`
	DecidedBy       *string               `json:"decided_by"`
	DecisionComment string                `json:"decision_comment"`
	Tasks           []taskOut             `json:"tasks"`
	// Issue 22: the scheme, kind of work and pool named, the prior notice
	// of a late request, and when its reason was found to have lapsed.
	Scheme   string     `json:"scheme"`
	WorkKind string     `json:"work_kind"`
	Pool     string     `json:"pool"`
	Notice   *noticeOut `json:"notice"`
	LapsedAt *time.Time `json:"lapsed_at"`
}

type teleworkOut struct {
	requestSummaryOut
	HeldSeats      []heldSeatOut        `json:"held_seats,omitempty"`
	Warnings       []policies.Result    `json:"warnings"`
	ExtraSteps     []string             `json:"extra_steps"`
	PolicyVersions []policies.PolicyRef `json:"policy_versions"`
	Decision       policies.Decision    `json:"decision"`
	Trail          []trailOut           `json:"trail"`
}

type noticeOut struct {
	Method string    `json:"method"`
	To     string    `json:"to"`
	At     time.Time `json:"at"`
}

func clockOf(m *int) *string {
	if m == nil {
		return nil
	}
	s := fmt.Sprintf("%02d:%02d", *m/60, *m%60)
	return &s
}

func teleworkOutOf(v *services.TeleworkView) teleworkOut {
	out := teleworkOut{requestSummaryOut: summaryOutOf(v, v.Decision.Flags()),
		Warnings: v.Decision.Warnings(), ExtraSteps: v.Decision.ExtraSteps(), PolicyVersions: v.Decision.Versions(), Decision: v.Decision,
		Trail: []trailOut{}}
	for _, t := range v.Trail {
		out.Trail = append(out.Trail, trailOut{Action: t.Action, ActorID: t.ActorID, ActorName: t.ActorName, At: t.At, Comment: t.Comment, PolicyVersions: t.Policy,
			SameApproverSteps: t.SameApproverSteps})
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
	for _, h := range v.HeldSeats {
		loc := loadZone(h.Location)
		out.HeldSeats = append(out.HeldSeats, heldSeatOut{BookingID: h.BookingID, Office: h.OfficeName, Space: h.SpaceName,
			Start: h.Booking.StartAt.In(loc), End: h.Booking.EndAt.In(loc), Tentative: h.Booking.Tentative})
	}
	return out
}

// summaryOutOf is the summary of a request with the decision's flags
// (the stored decision's in its own view, the current one in the inbox).
func summaryOutOf(v *services.TeleworkView, flags []string) requestSummaryOut {
	out := requestSummaryOut{
		ID: v.ID, EmployeeID: v.EmployeeID, EmployeeName: v.EmployeeName, DepartmentID: v.DepartmentID, Status: v.Status,
		Unit: v.Unit, StartTime: clockOf(v.StartMinute), EndTime: clockOf(v.EndMinute), Place: v.Place, OfficeID: v.OfficeID,
		PlaceDetail: v.PlaceDetail, Reason: v.Reason, ReasonName: v.ReasonName, Note: v.Note, Flags: slices.Clone(flags),
		SubmittedAt: v.SubmittedAt, DecidedAt: v.DecidedAt, DecidedBy: v.DecidedBy, DecisionComment: v.DecisionComment,
		Dates: []string{}, Days: []teleworkDayOut{}, Tasks: mapSlice(v.Tasks, taskOutOf),
	}
	if v.FamilyVisible {
		out.FamilyMemberID = v.FamilyMemberID
	}
	out.Scheme, out.WorkKind, out.Pool, out.LapsedAt = v.TeleworkRequest.Scheme, v.WorkKind, v.Pool, v.LapsedAt
	if v.NoticeAt != nil {
		out.Notice = &noticeOut{Method: v.NoticeMethod, To: v.NoticeTo, At: *v.NoticeAt}
	}
	if v.LapsedAt != nil {
		out.Flags = append(out.Flags, policies.FlagReasonLapsed)
	}
	if out.Flags == nil {
		out.Flags = []string{}
	}
	for _, d := range v.Days {
		out.Dates = append(out.Dates, d.Day.String())
		out.Days = append(out.Days, teleworkDayOut{Date: d.Day.String(), Unit: d.Unit, Minutes: d.Minutes})
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
