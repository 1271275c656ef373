package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// ErrRefused means the telework rules refuse the request.
var ErrRefused = errors.New("refused by the rules")

// Telework handles telework requests: decided by the organisation's rules,
// with the attendance band held under concurrency.
type Telework struct {
	*base
	policies   *TeleworkPolicies
	requests   models.TeleworkRequests
	family     models.FamilyMembers
	staff      models.StaffDays
	attendance models.Attendance
	tasks      models.ApprovalTasks
	approvals  *Approvals
}

// TeleworkInput is a request as the employee sends it.
type TeleworkInput struct {
	Dates []string `json:"dates"`
	// Unit is full, am, pm or hours; hours need StartTime and EndTime (HH:MM).
	Unit           string  `json:"unit"`
	StartTime      string  `json:"start_time"`
	EndTime        string  `json:"end_time"`
	Place          string  `json:"place"` // home, satellite or elsewhere
	OfficeID       *string `json:"office_id"`
	PlaceDetail    string  `json:"place_detail"`
	Reason         string  `json:"reason"`
	FamilyMemberID *string `json:"family_member_id"`
	Note           string  `json:"note"`
	// Scheme names one of the policy's schemes; WorkKind the kind of work;
	// Pool a shared resource used (a loan PC); Notice the prior notice of
	// a same-day or late request.
	Scheme   string       `json:"scheme"`
	WorkKind string       `json:"work_kind"`
	Pool     string       `json:"pool"`
	Notice   *NoticeInput `json:"notice"`
}

// NoticeInput is a prior notice: how (phone, email, chat), to whom, when.
type NoticeInput struct {
	Method string `json:"method"`
	To     string `json:"to"`
	At     string `json:"at"`
}

// levelOf names the organisation levels the way policies do (bands and
// routes name a level such as "ka").
var levelOf = map[string]string{
	models.KindBureau: "kyoku", models.KindDepartment: "bu", models.KindDivision: "ka", models.KindSection: "kakari",
}

// shape is a validated input.
type shape struct {
	dates        []policies.Date
	unit         policies.Unit
	start, end   *int
	minutes      int
	family       *models.FamilyMember
	place        string
	officeID     *string
	placeDetail  string
	reason, note string
	// appliedAt is when the request was made: now for a new one, the
	// submission for a stored one decided again (a deadline met at
	// submission stays met when the approver looks later).
	appliedAt              time.Time
	scheme, workKind, pool string
	notice                 *policies.Notice
	// filedBefore, when set, counts against the limits only the requests
	// filed before it (ids are time-ordered): a recheck asks whether a day
	// held in its turn, so that a later request past a cap does not take
	// away the day of an earlier one.
	filedBefore string
}

func parseClock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

func (s *Telework) validate(ctx context.Context, db *gorm.DB, actor *Actor, in TeleworkInput) (*shape, error) {
	var v Validator
	sh := &shape{place: in.Place, officeID: in.OfficeID, placeDetail: strings.TrimSpace(in.PlaceDetail), reason: in.Reason, note: in.Note, appliedAt: s.now()}
	if len(in.Dates) == 0 || len(in.Dates) > 31 {
		v.Add("dates", "required", "日付を1〜31日指定してください。", "Send 1 to 31 dates.")
	}
	for i, d := range in.Dates {
		pd, err := policies.ParseDate(d)
		switch {
		case err != nil:
			v.Add(fmt.Sprintf("dates[%d]", i), "invalid", "日付は YYYY-MM-DD 形式です。", "Dates are YYYY-MM-DD.")
		case slices.Contains(sh.dates, pd):
			v.Add(fmt.Sprintf("dates[%d]", i), "duplicate", "同じ日付が重複しています。", "The same date appears twice.")
		default:
			sh.dates = append(sh.dates, pd)
		}
	}
	slices.SortFunc(sh.dates, policies.Date.Compare)
	sh.unit = policies.Unit(in.Unit)
	switch sh.unit {
	case policies.UnitFull, policies.UnitAM, policies.UnitPM:
		if in.StartTime != "" || in.EndTime != "" {
			v.Add("start_time", "not_allowed", "時刻は時間単位（hours）のときだけ指定します。", "Times are only for the hours unit.")
		}
	case policies.UnitHours:
		st, ok1 := parseClock(in.StartTime)
		en, ok2 := parseClock(in.EndTime)
		if !ok1 || !ok2 || en <= st {
			v.Add("start_time", "invalid", "時間単位では開始・終了時刻（HH:MM、開始 < 終了）を指定してください。", "The hours unit needs start_time and end_time (HH:MM, start before end).")
		} else {
			sh.start, sh.end, sh.minutes = &st, &en, en-st
		}
	default:
		v.Add("unit", "invalid", "単位は full（終日）、am（午前）、pm（午後）、hours（時間単位）のいずれかです。", "The unit is full, am, pm or hours.")
	}
	switch in.Place {
	case "home":
	case "satellite":
		v.Check(in.OfficeID != nil && *in.OfficeID != "", "office_id", "required", "サテライトオフィスを指定してください。", "Name the satellite office.")
	case "elsewhere":
		v.Check(sh.placeDetail != "", "place_detail", "required", "勤務場所を具体的に入力してください。", "Say where you will work.")
	default:
		v.Add("place", "invalid", "勤務場所は home（自宅）、satellite（サテライトオフィス）、elsewhere（その他）のいずれかです。", "The place is home, satellite or elsewhere.")
	}
	v.Check(len([]rune(sh.placeDetail)) <= 200, "place_detail", "too_long", "200文字以内です。", "At most 200 characters.")
	v.Check(len([]rune(in.Note)) <= 2000, "note", "too_long", "2000文字以内です。", "At most 2,000 characters.")
	v.Check(in.Reason != "", "reason", "required", "事由を指定してください。", "The reason is required.")
	s.validateDetails(in, sh, &v)
	if in.FamilyMemberID != nil && *in.FamilyMemberID != "" {
		m, err := s.family.Get(ctx, db, actor.OrganizationID, actor.EmployeeID, *in.FamilyMemberID)
		switch {
		case errors.Is(err, models.ErrNotFound):
			v.Add("family_member_id", "not_found", "登録されている家族から選んでください。", "Choose one of your registered family members.")
		case err != nil:
			return nil, err
		default:
			sh.family = m
		}
	}
	if in.Place == "satellite" && in.OfficeID != nil && *in.OfficeID != "" {
		_, err := models.Offices{}.GetVisible(ctx, db, actor.OrganizationID, *in.OfficeID)
		switch {
		case errors.Is(err, models.ErrNotFound):
			v.Add("office_id", "not_found", "そのサテライトオフィスは利用できません。", "No such office is available to you.")
		case err != nil:
			return nil, err
		}
	}
	return sh, v.Err()
}

// line is the employee's organisation line, root first, with what the rules
// need to know of each unit.
type line struct {
	units []policies.OrgUnit
	ids   []string            // department ids, root first
	sub   map[string][]string // each unit's department and those below it
	tree  *orgTree            // the chart it was read from
}

func (s *Telework) lineOf(ctx context.Context, db *gorm.DB, emp *models.Employee) (*line, error) {
	t, err := s.departmentTree(ctx, db, emp.OrganizationID)
	if err != nil {
		return nil, err
	}
	return t.lineOf(emp.DepartmentID), nil
}

// decide evaluates a prepared request inside db (the caller's transaction,
// after the attendance rows are locked).
func (s *Telework) decide(ctx context.Context, db *gorm.DB, p *prepared, exceptRequest string) (policies.Decision, error) {
	c := factsCase{emp: p.emp, line: p.line, shape: p.shape, except: exceptRequest, history: p.history, historyRead: true}
	fs, rows, err := s.factsOf(ctx, db, p.org, []factsCase{c})
	if err != nil {
		return policies.Decision{}, err
	}
	return policies.EvaluateRequest(rows.set, fs[0]), nil
}

// Preview decides a request without storing it.
func (s *Telework) Preview(ctx context.Context, actor *Actor, in TeleworkInput) (*policies.Decision, error) {
	// Reads only: no transaction (see Approvals.Inbox).
	p, err := s.prepare(ctx, s.db, actor, in)
	if err != nil {
		return nil, err
	}
	dec, err := s.decide(ctx, s.db, p, "")
	if err != nil {
		return nil, err
	}
	return &dec, nil
}

// prepared is a validated request with its applicant (in the department of
// the day it is submitted), their line, their organisation and their
// departments from today over the request's days.
type prepared struct {
	org     *models.Organization
	emp     *models.Employee
	line    *line
	shape   *shape
	history []models.Assignment
}

func (s *Telework) prepare(ctx context.Context, tx *gorm.DB, actor *Actor, in TeleworkInput) (*prepared, error) {
	sh, err := s.validate(ctx, tx, actor, in)
	if err != nil {
		return nil, err
	}
	p := &prepared{shape: sh}
	if p.emp, err = s.employees.Row(ctx, tx, actor.OrganizationID, actor.EmployeeID); err != nil {
		return nil, err
	}
	if p.org, err = s.orgs.Get(ctx, tx, p.emp.OrganizationID); err != nil {
		return nil, err
	}
	// A request takes the route of the department the employee is in on
	// the day it is submitted, even in the hour before the job that moves
	// the department column has run on a transfer's effective date. One
	// read of the history answers that and the department of each day.
	today := policies.DateOf(s.now().In(loadLocation(p.org.TimeZone))).String()
	first, last := today, today
	for _, d := range sh.dates {
		first, last = min(first, d.String()), max(last, d.String())
	}
	if p.history, err = (models.Assignments{}).Overlapping(ctx, tx, p.org.ID, []string{p.emp.ID}, first, last); err != nil {
		return nil, err
	}
	p.emp.DepartmentID = onDays(p.history, []string{today}, p.emp.DepartmentID)[today]
	tree, err := s.chart(ctx, tx, p.org)
	if err != nil {
		return nil, err
	}
	p.line = tree.lineOf(p.emp.DepartmentID)
	return p, nil
}

// refusal is the 422 answer to a request the rules refuse.
func refusal(dec policies.Decision) error {
	var failed []policies.Result
	for _, r := range dec.AllResults() {
		if r.Outcome == policies.Fail {
			failed = append(failed, r)
		}
	}
	detail := i18n.T("規程により、この申請はできません。理由をご確認ください。", "The telework rules refuse this request; see the reasons.")
	if len(failed) > 0 {
		detail = i18n.Text(failed[0].Message)
	}
	return &Error{Kind: ErrRefused, Detail: detail, Extra: map[string]any{"results": failed, "decision": dec}}
}

// Submit decides and stores a request. A refused request stores nothing;
// one with warnings or extra approval steps is stored with them.
func (s *Telework) Submit(ctx context.Context, actor *Actor, in TeleworkInput) (*TeleworkView, error) {
	var out *TeleworkView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		p, err := s.prepare(ctx, tx, actor, in)
		if err != nil {
			return err
		}
		now := s.now()
		r := &models.TeleworkRequest{ID: models.NewID(), OrganizationID: p.emp.OrganizationID, EmployeeID: p.emp.ID, DepartmentID: p.emp.DepartmentID,
			Status: policies.StatePending, SubmittedAt: now, CreatedAt: now, UpdatedAt: now}
		out, err = s.decideAndStore(ctx, tx, actor, p, r, policies.ActSubmit)
		return err
	})
	return out, err
}

// decideAndStore locks the attendance rows of the line on the dates, decides
// under that lock, stores the request (created on submit, updated on
// resubmit) with its days and the counters, starts its approval route and
// records the action in the audit trail.
func (s *Telework) decideAndStore(ctx context.Context, tx *gorm.DB, actor *Actor, p *prepared, r *models.TeleworkRequest, action policies.RequestAction) (*TeleworkView, error) {
	emp, l, sh := p.emp, p.line, p.shape
	days := make([]string, 0, len(sh.dates))
	for _, d := range sh.dates {
		days = append(days, d.String())
	}
	// Each day counts for the department the employee is in on that day (a
	// transfer may fall inside the request); its counters are locked too.
	deptOn := onDays(p.history, days, emp.DepartmentID)
	locked := slices.Clone(l.ids)
	for _, d := range deptOn {
		if !slices.Contains(locked, d) {
			locked = append(locked, d)
		}
	}
	if err := s.attendance.Lock(ctx, tx, emp.OrganizationID, locked, days, s.now()); err != nil {
		return nil, err
	}
	dec, err := s.decide(ctx, tx, p, r.ID)
	if err != nil {
		return nil, err
	}
	if dec.Refused() {
		return nil, refusal(dec)
	}
	raw, err := encodeDecision(dec)
	if err != nil {
		return nil, err
	}
	r.Unit, r.StartMinute, r.EndMinute = string(sh.unit), sh.start, sh.end
	r.Place, r.OfficeID, r.PlaceDetail, r.Reason, r.Note = sh.place, sh.officeID, sh.placeDetail, sh.reason, sh.note
	if sh.place != "satellite" {
		r.OfficeID = nil
	}
	r.FamilyMemberID = nil
	if sh.family != nil {
		r.FamilyMemberID = &sh.family.ID
	}
	r.Decision, r.Flags = raw, strings.Join(dec.Flags(), ",")
	r.Scheme, r.WorkKind, r.Pool, r.LapsedAt = sh.scheme, sh.workKind, sh.pool, nil
	r.NoticeMethod, r.NoticeTo, r.NoticeAt = "", "", nil
	if n := sh.notice; n != nil {
		at := n.At.UTC()
		r.NoticeMethod, r.NoticeTo, r.NoticeAt = n.Method, n.To, &at
	}
	r.Days = nil
	for i, d := range days {
		scheme := ""
		if i < len(dec.Dates) {
			scheme = dec.Dates[i].Scheme
		}
		r.Days = append(r.Days, models.TeleworkDay{OrganizationID: r.OrganizationID, RequestID: r.ID, EmployeeID: r.EmployeeID,
			DepartmentID: deptOn[d], Day: models.Day(d), Unit: r.Unit, Minutes: sh.minutes, Reason: r.Reason, Scheme: scheme, Pool: sh.pool, Active: true})
	}
	if action == policies.ActSubmit {
		err = s.requests.Create(ctx, tx, r)
	} else {
		err = s.requests.Update(ctx, tx, r)
	}
	if errors.Is(err, models.ErrConflict) {
		return nil, Fail(models.ErrConflict, "同じ日に有効な在宅勤務の申請が既にあります。", "You already have a live telework request for that day.")
	}
	if err != nil {
		return nil, err
	}
	if err := s.count(ctx, tx, r, +1); err != nil {
		return nil, err
	}
	if err := s.approvals.start(ctx, tx, r, emp, l, dec.Route, 0); err != nil {
		return nil, err
	}
	if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "telework_request." + string(action), TargetType: "telework_request", TargetID: r.ID, After: requestAudit(r)}); err != nil {
		return nil, err
	}
	return s.view(ctx, tx, actor, r)
}

// count moves the remote counters of the departments of the request's full
// days. A day of full leave is not counted: the person is already out of
// the ratio's base, and counting them as away too would count them twice.
func (s *Telework) count(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest, delta int) error {
	if r.Unit != string(policies.UnitFull) {
		return nil // part of a day in the office counts as present
	}
	onLeave, err := fullLeave(ctx, tx, r.OrganizationID, r.EmployeeID, requestDays(r))
	if err != nil {
		return err
	}
	for _, d := range r.Days {
		if onLeave[d.Day.String()] {
			continue
		}
		if err := s.attendance.Adjust(ctx, tx, r.OrganizationID, d.DepartmentID, d.Day.String(), delta, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// storedShape rebuilds the validated input of a stored request, to decide
// it again; family holds the organisation's current members it may name.
func storedShape(r *models.TeleworkRequest, family map[string]*models.FamilyMember) (*shape, error) {
	sh := &shape{unit: policies.Unit(r.Unit), start: r.StartMinute, end: r.EndMinute, place: r.Place, officeID: r.OfficeID,
		placeDetail: r.PlaceDetail, reason: r.Reason, note: r.Note, appliedAt: r.SubmittedAt, scheme: r.Scheme, workKind: r.WorkKind, pool: r.Pool}
	if r.NoticeAt != nil {
		sh.notice = &policies.Notice{Method: r.NoticeMethod, To: r.NoticeTo, At: *r.NoticeAt}
	}
	if r.StartMinute != nil && r.EndMinute != nil {
		sh.minutes = *r.EndMinute - *r.StartMinute
	}
	for _, d := range r.Days {
		pd, err := policies.ParseDate(d.Day.String())
		if err != nil {
			return nil, fmt.Errorf("day of %s: %w", r.ID, err)
		}
		sh.dates = append(sh.dates, pd)
	}
	// A member removed since submission no longer supports the request.
	if r.FamilyMemberID != nil {
		if m := family[*r.FamilyMemberID]; m != nil && m.EmployeeID == r.EmployeeID {
			sh.family = m
		}
	}
	return sh, nil
}
