package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/singleflight"
	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// ErrBookingRules means the booking breaks the office's rules (hours, unit, how
// far ahead, how long, in the past).
var ErrBookingRules = errors.New("breaks the booking rules")

// Bookings books seats and rooms, moves and cancels bookings, and answers
// availability.
type Bookings struct {
	*base
	offices  models.Offices
	spaces   models.Spaces
	bookings models.Bookings
	// availability keeps the last answer to each question (issue 20).
	availability versioned[*keptDay]
	computing    singleflight.Group
}

// BookingInput is a booking as sent, or the fields of a move. Times are
// RFC 3339 with any offset.
type BookingInput struct {
	SpaceID Optional[string] `json:"space_id"`
	Start   Optional[string] `json:"start"`
	End     Optional[string] `json:"end"`
}

// BookingView is a booking as the actor may see it. Full is false for those
// who run the office but are neither the booker nor their HR: they see only
// the time, the space, and the booker's name and organisation.
type BookingView struct {
	models.Booking
	Full          bool
	Location      *time.Location
	OfficeName    string
	SpaceName     string
	BookerName    string
	BookerOrgName string
	CanCancel     bool
	CanMove       bool
}

// Book makes a booking for the actor. The rules answer 422, a clash with
// another booking of the space or of the person 409, an office not shared
// with the actor's organisation 404.
func (s *Bookings) Book(ctx context.Context, actor *Actor, in BookingInput) (*BookingView, error) {
	var v Validator
	spaceID := requiredID(&v, in.SpaceID, "space_id")
	start, end := bookingTime(&v, in.Start, "start", true), bookingTime(&v, in.End, "end", true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	b := &models.Booking{ID: models.NewID(), OrganizationID: actor.OrganizationID, EmployeeID: actor.EmployeeID, SpaceID: spaceID,
		StartAt: start.UTC(), EndAt: end.UTC(), Status: policies.BookingConfirmed, CreatedAt: now, UpdatedAt: now}
	var out *BookingView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		p, err := s.place(ctx, tx, actor, b)
		if err != nil {
			return err
		}
		if err := s.create(ctx, tx, actor, &p.Office, b, "booking.create"); err != nil {
			return err
		}
		out, err = placedView(actor, p, b)
		return err
	})
	if err != nil {
		return nil, s.explainConflict(ctx, actor, b, err)
	}
	return out, nil
}

// create stores a new booking in its office: the seat-hold rule, the
// office's rules and the clash check, the ledger, and the audit event
// (action, by actor) in the caller's transaction. A booking checked in on
// creation (a walk-in) is derived into the ledger even in a main building.
func (s *Bookings) create(ctx context.Context, tx *gorm.DB, actor *Actor, o *models.Office, b *models.Booking, action string) error {
	if err := s.hold(ctx, tx, o, b); err != nil {
		return err
	}
	if err := s.store(ctx, tx, o, b, s.bookings.Create); err != nil {
		return err
	}
	kind := o.Kind
	if b.CheckedInAt != nil {
		kind = ""
	}
	if err := s.refreshBookingDays(ctx, tx, b, kind, b.StartAt); err != nil {
		return err
	}
	return s.audit.record(ctx, tx, actor, auditEntry{Action: action, TargetType: "booking", TargetID: b.ID, After: bookingAudit(b)})
}

// place finds the booking's space in an office the actor may book in (one
// query, which also decides access), fills the office's settings from the
// process's copy when current, sets the booking's office and returns what
// the answer needs besides.
func (s *Bookings) place(ctx context.Context, tx *gorm.DB, actor *Actor, b *models.Booking) (*models.Placement, error) {
	p, err := s.offices.Place(ctx, tx, actor.OrganizationID, actor.EmployeeID, b.SpaceID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, notFound("space " + b.SpaceID)
	}
	if err != nil {
		return nil, err
	}
	o := &p.Office
	o.OwnerCalendarVersion = p.OwnerCalendarVersion
	if err := s.withSettings(ctx, tx, o); err != nil {
		return nil, err
	}
	if !p.Space.Active || !o.Active {
		var v Validator
		v.Add("space_id", "inactive", "この席・部屋は現在予約を受け付けていません。", "This space is not open for booking.")
		return nil, v.Err()
	}
	b.OfficeID = o.ID
	return p, nil
}

// placedView is the booker's own booking as they see it, built from what
// place read: no query.
func placedView(actor *Actor, p *models.Placement, b *models.Booking) (*BookingView, error) {
	v, ok := bookingViewOf(actor, *b, &p.Office, p.Space.Name, p.BookerName(), p.BookerOrgName)
	if !ok {
		return nil, notFound("booking " + b.ID)
	}
	return &v, nil
}

// store checks the office's rules and that the space and the person are
// free, then writes the booking with save. The check gives the clash a name;
// the database's own guard (exclusion constraints, triggers) makes it true
// when two requests race.
func (s *Bookings) store(ctx context.Context, tx *gorm.DB, o *models.Office, b *models.Booking, save func(context.Context, *gorm.DB, *models.Booking) error) error {
	rules, err := s.officeRules(ctx, tx, o)
	if err != nil {
		return err
	}
	day := policies.DateOf(b.StartAt.In(rules.Location))
	from, to := rules.At(day, 0), rules.At(day, policies.Midnight)
	around, err := s.bookings.Around(ctx, tx, b.OrganizationID, b.EmployeeID, b.SpaceID, b.StartAt, b.EndAt, from, to, b.ID)
	if err != nil {
		return err
	}
	if vs := policies.CheckBooking(rules, policies.BookingRequest{Start: b.StartAt, End: b.EndAt, Now: s.now(), OtherMinutes: otherMinutes(around, b, from, to)}); len(vs) > 0 {
		return bookingRefusal(vs)
	}
	if space, person := clashesIn(around, b); space != nil || person != nil {
		return s.clashError(ctx, tx, b, space, person)
	}
	return save(ctx, tx, b)
}

// otherMinutes adds up the person's other bookings in the booking's office
// within its local day [from, to).
func otherMinutes(around []models.Booking, b *models.Booking, from, to time.Time) int {
	var total time.Duration
	for _, o := range around {
		if o.EmployeeID == b.EmployeeID && o.OfficeID == b.OfficeID && o.StartAt.Before(to) && o.EndAt.After(from) {
			total += minTime(o.EndAt, to).Sub(maxTime(o.StartAt, from))
		}
	}
	return int(total / time.Minute)
}

// clashesIn picks, among the bookings read around b, the first that
// overlaps it on its space and the first that overlaps it for its person.
func clashesIn(around []models.Booking, b *models.Booking) (space, person *models.Booking) {
	for i := range around {
		o := &around[i]
		if !(o.StartAt.Before(b.EndAt) && b.StartAt.Before(o.EndAt)) {
			continue
		}
		if o.SpaceID == b.SpaceID && space == nil {
			space = o
		}
		if o.EmployeeID == b.EmployeeID && person == nil {
			person = o
		}
	}
	return space, person
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// bookingRefusal is the 422 answer listing every rule the booking breaks.
func bookingRefusal(vs []policies.BookingViolation) error {
	e := &Error{Kind: ErrBookingRules, Detail: i18n.Text(vs[0].Message), Extra: map[string]any{"violations": vs}}
	for _, v := range vs {
		e.Fields = append(e.Fields, FieldError{Field: v.Field, Code: v.Rule, Message: i18n.Text(v.Message)})
	}
	return e
}

// clashError is the 409 answer naming what the booking clashes with: the
// space's other booking (its time only: whose it is is not the caller's
// business) or the person's own other booking (time, office and space).
func (s *Bookings) clashError(ctx context.Context, db *gorm.DB, b *models.Booking, space, person *models.Booking) error {
	clash, other := models.ClashSpace, space
	if space == nil {
		clash, other = models.ClashPerson, person
	}
	o, err := s.offices.ByIDs(ctx, db, []string{other.OfficeID})
	if err != nil {
		return err
	}
	sps, err := s.spaces.ByIDs(ctx, db, []string{other.SpaceID})
	if err != nil {
		return err
	}
	loc := time.UTC
	officeName := ""
	if of := o[other.OfficeID]; of != nil {
		loc, officeName = loadLocation(of.TimeZone), of.Name
	}
	spaceName := sps[other.SpaceID].Name
	from, to := other.StartAt.In(loc).Format("2006-01-02 15:04"), other.EndAt.In(loc).Format("15:04")
	conflicting := map[string]any{"start": other.StartAt.In(loc), "end": other.EndAt.In(loc), "space_id": other.SpaceID, "space_name": spaceName}
	var e *Error
	if clash == models.ClashSpace {
		e = Fail(models.ErrConflict, fmt.Sprintf("%s は %s〜%s に既に予約されています。別の席か時間帯を選んでください。", spaceName, from, to),
			fmt.Sprintf("%s is already booked from %s to %s; choose another space or time.", spaceName, from, to))
	} else {
		e = Fail(models.ErrConflict, fmt.Sprintf("同じ時間帯に既に予約があります（%s %s、%s〜%s）。", officeName, spaceName, from, to),
			fmt.Sprintf("You already have a booking at that time (%s, %s, %s to %s).", officeName, spaceName, from, to))
		conflicting["id"], conflicting["office_id"], conflicting["office_name"] = other.ID, other.OfficeID, officeName
	}
	e.Extra = map[string]any{"clash": clash, "conflicting_booking": conflicting}
	e.Fields = []FieldError{{Field: "space_id", Code: "booking." + clash + "_taken", Message: e.Detail}}
	if clash == models.ClashPerson {
		e.Fields[0].Field = "start"
	}
	return e
}

// explainConflict turns a conflict the database found (two requests raced
// past the check) into the same named answer the check gives, looked up
// after the failed transaction. A deadlock or serialization failure between
// two bookings names nothing and says so.
func (s *Bookings) explainConflict(ctx context.Context, actor *Actor, b *models.Booking, err error) error {
	var named *Error
	if !errors.Is(err, models.ErrConflict) || (errors.As(err, &named) && named.Extra["clash"] != nil) {
		return err
	}
	space, person, lerr := s.bookings.Clashes(ctx, s.db, b.SpaceID, b.EmployeeID, b.StartAt, b.EndAt, b.ID)
	if lerr == nil && (space != nil || person != nil) {
		if models.BookingClash(err) == models.ClashPerson && person != nil {
			space = nil
		}
		return s.clashError(ctx, s.db, b, space, person)
	}
	e := Fail(models.ErrConflict, "同時に行われた別の予約と競合しました。空き状況を確認してからやり直してください。",
		"Another booking made at the same moment got in the way; check availability and try again.")
	e.Err = err
	return e
}

// requiredID reads a required id field.
func requiredID(v *Validator, o Optional[string], field string) string {
	if !o.Set || o.Null || o.Value == "" {
		v.Add(field, "required", "必須項目です。", "This field is required.")
		return ""
	}
	return o.Value
}

// bookingTime reads an RFC 3339 instant with an offset.
func bookingTime(v *Validator, o Optional[string], field string, required bool) time.Time {
	if !o.Set && !required {
		return time.Time{}
	}
	if !o.Set || o.Null || o.Value == "" {
		v.Add(field, "required", "必須項目です。", "This field is required.")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, o.Value)
	if err != nil || !policies.SaneInstant(t) {
		v.Add(field, "invalid", "日時はタイムゾーン付きの RFC 3339 形式（例: 2026-12-02T09:00:00+09:00）にしてください。",
			"Must be an RFC 3339 date and time with an offset, e.g. 2026-12-02T09:00:00+09:00.")
	}
	return t
}

// Get returns a booking as the actor may see it; anyone else gets not found.
func (s *Bookings) Get(ctx context.Context, actor *Actor, id string) (*BookingView, error) {
	b, err := s.bookings.Get(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	v, err := s.view(ctx, s.db, actor, b)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Cancel cancels a booking, freeing its space: the booker, the office's
// managers and the owning organisation's administrators.
func (s *Bookings) Cancel(ctx context.Context, actor *Actor, id string) (*BookingView, error) {
	var out *BookingView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		b, v, err := s.changeable(ctx, tx, actor, id, func(v *BookingView) bool { return v.CanCancel })
		if err != nil {
			return err
		}
		if !b.EndAt.After(s.now()) {
			return notNow(b, "終了した予約は取り消せません。", "A booking that has ended cannot be cancelled.")
		}
		if err := s.cancelBooking(ctx, tx, actor, b, s.now()); err != nil {
			return err
		}
		v.Booking = *b
		out = v
		return nil
	})
	return out, err
}

// cancelBooking cancels one booking in tx: its status, the ledger and
// counters of its days, and its audit event, as one unit for every way a
// booking ends early (one booking, or what is left of a series).
func (s *Bookings) cancelBooking(ctx context.Context, tx *gorm.DB, actor *Actor, b *models.Booking, now time.Time) error {
	before := bookingAudit(b)
	b.Status, b.CancelledAt, b.UpdatedAt = policies.BookingCancelled, &now, now
	if err := s.bookings.Update(ctx, tx, b); err != nil {
		return err
	}
	if err := s.refreshBookingDays(ctx, tx, b, "", b.StartAt); err != nil {
		return err
	}
	return s.audit.record(ctx, tx, actor, auditEntry{Action: "booking.cancel", TargetType: "booking", TargetID: b.ID, Before: before, After: bookingAudit(b)})
}

// Move changes a booking's space or times (the booker only), under the same
// rules as a new booking, in one transaction.
func (s *Bookings) Move(ctx context.Context, actor *Actor, id string, in BookingInput) (*BookingView, error) {
	var v Validator
	if in.SpaceID.Set {
		requiredID(&v, in.SpaceID, "space_id")
	}
	start, end := bookingTime(&v, in.Start, "start", false), bookingTime(&v, in.End, "end", false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *BookingView
	var moved models.Booking
	err := s.tx(ctx, func(tx *gorm.DB) error {
		b, _, err := s.changeable(ctx, tx, actor, id, func(v *BookingView) bool { return v.CanMove })
		if err != nil {
			return err
		}
		if !b.StartAt.After(s.now()) {
			return notNow(b, "開始済みの予約は変更できません。", "A booking that has started cannot be moved.")
		}
		before, was := bookingAudit(b), b.StartAt
		if in.SpaceID.Set {
			b.SpaceID = in.SpaceID.Value
		}
		if in.Start.Set {
			b.StartAt = start.UTC()
		}
		if in.End.Set {
			b.EndAt = end.UTC()
		}
		b.UpdatedAt = s.now()
		moved = *b
		p, err := s.place(ctx, tx, actor, b)
		if err != nil {
			return err
		}
		if err := s.hold(ctx, tx, &p.Office, b); err != nil {
			return err
		}
		if err := s.store(ctx, tx, &p.Office, b, s.bookings.Update); err != nil {
			return err
		}
		// The move may have left a satellite office: both days are derived again.
		if err := s.refreshBookingDays(ctx, tx, b, "", was, b.StartAt); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "booking.move", TargetType: "booking", TargetID: b.ID, Before: before, After: bookingAudit(b)}); err != nil {
			return err
		}
		out, err = placedView(actor, p, b)
		return err
	})
	if err != nil {
		return nil, s.explainConflict(ctx, actor, &moved, err)
	}
	return out, nil
}

// changeable locks a booking the actor may act on. One they may see but not
// change is forbidden; one they may not see is not found; one no longer
// confirmed is in the wrong state.
func (s *Bookings) changeable(ctx context.Context, tx *gorm.DB, actor *Actor, id string, may func(*BookingView) bool) (*models.Booking, *BookingView, error) {
	b, err := s.bookings.Get(ctx, tx, id, true)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.view(ctx, tx, actor, b)
	if err != nil {
		return nil, nil, err
	}
	// The state first: a cancelled booking offers no action to anyone
	// (can_cancel and can_move are false), and saying why beats "forbidden".
	if b.Status != policies.BookingConfirmed {
		return nil, nil, notNow(b, "この予約は既に取り消されています。", "This booking has already been cancelled.")
	}
	if !may(v) {
		return nil, nil, forbidden()
	}
	return b, v, nil
}

// notNow is the 409 answer to an action the booking's state does not allow.
func notNow(b *models.Booking, ja, en string) error {
	e := Fail(ErrInvalidState, ja, en)
	e.Extra = map[string]any{"current_status": b.Status}
	return e
}

// view shows one booking as the actor may see it; not found if they may not.
func (s *Bookings) view(ctx context.Context, db *gorm.DB, actor *Actor, b *models.Booking) (*BookingView, error) {
	vs, err := s.views(ctx, db, actor, []models.Booking{*b})
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, notFound("booking " + b.ID)
	}
	return &vs[0], nil
}

// views shows the bookings the actor may see, full or limited, and drops the
// others.
func (s *Bookings) views(ctx context.Context, db *gorm.DB, actor *Actor, bs []models.Booking) ([]BookingView, error) {
	var officeIDs, spaceIDs, orgIDs []string
	people := map[string][]string{}
	for _, b := range bs {
		officeIDs, spaceIDs, orgIDs = append(officeIDs, b.OfficeID), append(spaceIDs, b.SpaceID), append(orgIDs, b.OrganizationID)
		people[b.OrganizationID] = append(people[b.OrganizationID], b.EmployeeID)
	}
	offices, err := s.offices.ByIDs(ctx, db, slices.Compact(slices.Sorted(slices.Values(officeIDs))))
	if err != nil {
		return nil, err
	}
	spaces, err := s.spaces.ByIDs(ctx, db, slices.Compact(slices.Sorted(slices.Values(spaceIDs))))
	if err != nil {
		return nil, err
	}
	orgs, err := models.OrganizationRefs(ctx, db, orgIDs)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for org, ids := range people {
		ns, err := s.employees.Names(ctx, db, org, ids)
		if err != nil {
			return nil, err
		}
		for id, n := range ns {
			names[id] = n
		}
	}
	out := make([]BookingView, 0, len(bs))
	for _, b := range bs {
		o := offices[b.OfficeID]
		if o == nil {
			continue
		}
		if v, ok := bookingViewOf(actor, b, o, spaces[b.SpaceID].Name, names[b.EmployeeID], orgs[b.OrganizationID].Name); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// bookingViewOf shows one booking as the actor may see it, full or limited;
// false if they may not see it at all.
func bookingViewOf(actor *Actor, b models.Booking, o *models.Office, spaceName, bookerName, orgName string) (BookingView, bool) {
	sub := subject(actor)
	st := policies.BookingStanding{Self: b.EmployeeID == actor.EmployeeID, SameOrganization: b.OrganizationID == actor.OrganizationID,
		Office: officeStanding(actor, o)}
	full := policies.CanReadBooking(sub, st)
	live := b.Status == policies.BookingConfirmed // a cancelled booking is history
	if !full && !policies.CanSeeOfficeBookings(sub, st.Office) {
		return BookingView{}, false
	}
	return BookingView{Booking: b, Full: full, Location: loadLocation(o.TimeZone), OfficeName: o.Name,
		SpaceName: spaceName, BookerName: bookerName, BookerOrgName: orgName,
		CanCancel: live && policies.CanCancelBooking(sub, st), CanMove: live && policies.CanMoveBooking(st)}, true
}

// BookingListFilter narrows the bookings listed. Without an office, the
// actor's own bookings; with one, everything in it for those who run it, the
// organisation's bookings there for HR, and one's own there for anyone else.
type BookingListFilter struct {
	OfficeID string
	From, To *time.Time
	Status   string
	Limit    int
	After    *BookingCursor
}

// List returns one page of bookings in start order.
func (s *Bookings) List(ctx context.Context, actor *Actor, f BookingListFilter) ([]BookingView, *BookingCursor, error) {
	mf := models.BookingFilter{From: f.From, To: f.To, Limit: f.Limit, EmployeeID: actor.EmployeeID}
	if f.After != nil {
		mf.After = &models.BookingCursor{StartAt: f.After.StartAt, ID: f.After.ID}
	}
	switch st := policies.BookingState(f.Status); st {
	case "":
		mf.Status = policies.BookingConfirmed // what people mean by "my bookings"
	case policies.BookingConfirmed, policies.BookingCancelled:
		mf.Status = st
	default:
		if f.Status != "all" {
			var v Validator
			v.Add("status", "invalid", "status は confirmed、cancelled、all のいずれかです。", "status must be confirmed, cancelled or all.")
			return nil, nil, v.Err()
		}
	}
	if f.OfficeID != "" {
		_, st, err := s.visibleOffice(ctx, s.db, actor, f.OfficeID)
		if err != nil {
			return nil, nil, err
		}
		mf.OfficeID = f.OfficeID
		switch sub := subject(actor); {
		case policies.CanSeeOfficeBookings(sub, st):
			mf.EmployeeID = ""
		case policies.CanListOrganizationBookings(sub):
			mf.EmployeeID, mf.OrganizationID = "", actor.OrganizationID
		}
	}
	bs, last, err := s.bookings.List(ctx, s.db, mf)
	if err != nil {
		return nil, nil, err
	}
	var next *BookingCursor
	if last != nil {
		next = &BookingCursor{StartAt: last.StartAt, ID: last.ID}
	}
	views, err := s.views(ctx, s.db, actor, bs)
	return views, next, err
}

// bookingAudit is what the audit trail keeps of a booking.
func bookingAudit(b *models.Booking) map[string]any {
	return map[string]any{"office_id": b.OfficeID, "space_id": b.SpaceID, "employee_id": b.EmployeeID,
		"start_at": b.StartAt, "end_at": b.EndAt, "status": b.Status, "cancelled_at": b.CancelledAt,
		"series_id": b.SeriesID, "request_id": b.RequestID, "tentative": b.Tentative, "checked_in_at": b.CheckedInAt,
		"checked_out_at": b.CheckedOutAt, "no_show": b.NoShow}
}
