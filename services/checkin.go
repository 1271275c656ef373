package services

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Check-in by a space's code, check-out, the release of no-shows, and the
// codes office managers print as QR codes.

// Notification kinds of bookings (told to the booker only, never posted to
// the organisation's webhook: a booking is one person's business).
const (
	NoticeBookingNoShow      = "booking_no_show"      // released: not checked in in time
	NoticeBookingReleased    = "booking_released"     // a held seat released with its request
	NoticeSeriesNotBooked    = "series_not_booked"    // an occurrence the daily job could not book
	NoticeBookingConfirmed   = "booking_confirmed"    // a held seat confirmed by the request's approval
	checkinWindowLookAround  = 4 * time.Hour          // the longest check-in opening an office may set
	checkinCandidatesAtATime = 500                    // no-shows released per run at most
	checkinUIPath            = "/check-in/"           // the UI page a QR code opens
	walkInAudit              = "booking.walk_in"      // a booking made by checking in unbooked
	checkInAudit             = "booking.check_in"     // a booking checked in
	checkOutAudit            = "booking.check_out"    // a stay ended early
	noShowAudit              = "booking.no_show"      // a booking released as a no-show
	releaseAudit             = "booking.release_hold" // a held seat released with its request
)

// CheckInPath is the UI page a space's QR code opens: with
// KINMUCHI_PUBLIC_URL before it, the URL the code encodes.
func CheckInPath(code string) string { return checkinUIPath + url.PathEscape(code) }

// CheckInResult is a check-in's outcome: the booking checked in, and
// whether it was made by the check-in (a walk-in).
type CheckInResult struct {
	*BookingView
	WalkIn bool
}

func checkinWindow(o *models.Office) policies.CheckInWindow {
	return policies.CheckInWindow{OpensBefore: time.Duration(o.CheckinOpensMin) * time.Minute, Grace: time.Duration(o.CheckinGraceMin) * time.Minute}
}

// unknownCode is the answer to a code no space has (mistyped, or rotated).
func unknownCode() error {
	var v Validator
	v.Add("code", "unknown", "このコードの席・部屋は見つかりません。コードを確かめるか、席の QR コードを読み取り直してください。",
		"No space has this code. Check the code, or scan the space's QR code again.")
	return v.Err()
}

// CheckIn checks the actor in at the space whose code it is: their booking
// of it starting now, inside the office's window; or, without one, a
// walk-in booking for the rest of the slot or day where the office allows
// walk-ins and the space is free.
func (s *Bookings) CheckIn(ctx context.Context, actor *Actor, code string) (*CheckInResult, error) {
	code = models.NormalizeCheckinCode(code)
	if code == "" {
		var v Validator
		v.Add("code", "required", "必須項目です。", "This field is required.")
		return nil, v.Err()
	}
	now := s.now()
	var out *CheckInResult
	var walkIn *models.Booking
	err := s.tx(ctx, func(tx *gorm.DB) error {
		sp, err := s.spaces.ByCheckinCode(ctx, tx, code)
		if err != nil {
			return unknownCode()
		}
		if _, _, _, err := s.visibleSpace(ctx, tx, actor, sp.ID); err != nil {
			return unknownCode() // an office not shared with the actor: its codes mean nothing to them
		}
		bs, err := s.bookings.OfPersonOnSpace(ctx, tx, actor.EmployeeID, sp.ID, now.Add(-models.MaxBookingLength), now.Add(checkinWindowLookAround))
		if err != nil {
			return err
		}
		o, err := s.offices.ByIDs(ctx, tx, []string{sp.OfficeID})
		if err != nil {
			return err
		}
		office := o[sp.OfficeID]
		w := checkinWindow(office)
		cands := make([]policies.CheckInCandidate, len(bs))
		for i, b := range bs {
			cands[i] = policies.CheckInCandidate{ID: b.ID, Start: b.StartAt, End: b.EndAt, CheckedIn: b.CheckedInAt != nil}
		}
		choice := policies.ChooseCheckIn(w, cands, now)
		loc := loadLocation(office.TimeZone)
		switch {
		case !choice.Found:
			walkIn, out, err = s.walkIn(ctx, tx, actor, office, sp, now)
			return err
		case choice.Timing == policies.CheckInTooEarly:
			opens := choice.Booking.Start.Add(-w.OpensBefore).In(loc).Format("15:04")
			e := Fail(ErrInvalidState, fmt.Sprintf("チェックインはまだできません。開始の%d分前（%s）から受け付けます。", office.CheckinOpensMin, opens),
				fmt.Sprintf("It is too early to check in: check-in opens %d minutes before the start, at %s.", office.CheckinOpensMin, opens))
			e.Extra = map[string]any{"reason": "too_early", "booking_id": choice.Booking.ID, "opens_at": choice.Booking.Start.Add(-w.OpensBefore).In(loc)}
			return e
		case choice.Timing == policies.CheckInTooLate:
			closed := choice.Booking.Start.Add(w.Grace).In(loc).Format("15:04")
			e := Fail(ErrInvalidState, fmt.Sprintf("チェックインの受付は %s（開始から%d分後）で終了しました。", closed, office.CheckinGraceMin),
				fmt.Sprintf("Check-in closed at %s, %d minutes after the start.", closed, office.CheckinGraceMin))
			e.Extra = map[string]any{"reason": "too_late", "booking_id": choice.Booking.ID}
			return e
		}
		b, err := s.bookings.Get(ctx, tx, choice.Booking.ID, true)
		if err != nil {
			return err
		}
		if b.CheckedInAt == nil {
			before := bookingAudit(b)
			b.CheckedInAt, b.UpdatedAt = &now, now
			if err := s.bookings.Update(ctx, tx, b); err != nil {
				return err
			}
			if err := s.refreshBookingDays(ctx, tx, b, "", b.StartAt); err != nil {
				return err
			}
			if err := s.audit.record(ctx, tx, actor, auditEntry{Action: checkInAudit, TargetType: "booking", TargetID: b.ID, Before: before, After: bookingAudit(b)}); err != nil {
				return err
			}
		}
		v, err := s.view(ctx, tx, actor, b)
		out = &CheckInResult{BookingView: v}
		return err
	})
	if err != nil && walkIn != nil {
		return nil, s.explainConflict(ctx, actor, walkIn, err)
	}
	return out, err
}

// walkIn books the free space for the rest of the slot (half-day offices)
// or the day, checked in, where the office allows it.
func (s *Bookings) walkIn(ctx context.Context, tx *gorm.DB, actor *Actor, o *models.Office, sp *models.Space, now time.Time) (*models.Booking, *CheckInResult, error) {
	if !o.WalkIns {
		e := Fail(ErrInvalidState, "この席・部屋に今の時間帯のあなたの予約はありません。この施設では予約なしの利用はできないため、先に予約してください。",
			"You have no booking of this space now, and this office does not take walk-ins: book it first.")
		e.Extra = map[string]any{"reason": "no_booking"}
		return nil, nil, e
	}
	rules, err := s.officeRules(ctx, tx, o)
	if err != nil {
		return nil, nil, err
	}
	end, open := rules.WalkInEnd(now)
	if !open {
		e := Fail(ErrInvalidState, "施設の開館時間外のため、予約なしでは利用できません。", "The office is not open now, so you cannot walk in.")
		e.Extra = map[string]any{"reason": "closed"}
		return nil, nil, e
	}
	b := &models.Booking{ID: models.NewID(), OrganizationID: actor.OrganizationID, EmployeeID: actor.EmployeeID, SpaceID: sp.ID, OfficeID: o.ID,
		StartAt: rules.CurrentSlotStart(now).UTC(), EndAt: end.UTC(), Status: policies.BookingConfirmed, CheckedInAt: &now, CreatedAt: now, UpdatedAt: now}
	if !sp.Active || !o.Active {
		return b, nil, Fail(ErrInvalidState, "この席・部屋は現在利用を受け付けていません。", "This space is not open for use.")
	}
	if err := s.create(ctx, tx, actor, o, b, walkInAudit); err != nil {
		return b, nil, err
	}
	v, err := s.view(ctx, tx, actor, b)
	return b, &CheckInResult{BookingView: v, WalkIn: true}, err
}

// CheckOut ends the booker's checked-in stay now and frees the rest of it.
func (s *Bookings) CheckOut(ctx context.Context, actor *Actor, id string) (*BookingView, error) {
	var out *BookingView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		b, _, err := s.changeable(ctx, tx, actor, id, func(v *BookingView) bool { return v.CanMove })
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case b.CheckedInAt == nil:
			return notNow(b, "チェックインしていない予約はチェックアウトできません。", "Only a booking checked in can be checked out.")
		case b.CheckedOutAt != nil || !b.EndAt.After(now):
			return notNow(b, "この予約は既に終了しています。", "This booking has already ended.")
		}
		before, was := bookingAudit(b), b.StartAt
		b.CheckedOutAt, b.UpdatedAt = &now, now
		if now.After(b.StartAt) {
			b.EndAt = now
		} else {
			// Checked in early and leaving before the start: nothing is left to keep.
			b.Status, b.CancelledAt = policies.BookingCancelled, &now
		}
		if err := s.bookings.Update(ctx, tx, b); err != nil {
			return err
		}
		if err := s.refreshBookingDays(ctx, tx, b, "", was); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: checkOutAudit, TargetType: "booking", TargetID: b.ID, Before: before, After: bookingAudit(b)}); err != nil {
			return err
		}
		out, err = s.view(ctx, tx, actor, b)
		return err
	})
	return out, err
}

// ReleaseNoShows releases, in the caller's transaction (the job's), the
// bookings not checked in by the end of their grace period at offices that
// require check-in, and tells their bookers. Each release is conditional on
// the booking being still live and not checked in, so concurrent runs on
// several processes release each booking once.
func (s *Bookings) ReleaseNoShows(ctx context.Context, tx *gorm.DB) (int, error) {
	now := s.now()
	due, err := s.bookings.AwaitingCheckIn(ctx, tx, now, checkinCandidatesAtATime)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range due {
		b := &due[i].Booking
		w := policies.CheckInWindow{Grace: time.Duration(due[i].CheckinGraceMin) * time.Minute}
		if !policies.NoShowDue(true, w, b.StartAt, now) {
			continue
		}
		before := bookingAudit(b)
		released, err := s.bookings.ReleaseNoShow(ctx, tx, b, now)
		if err != nil {
			return n, err
		}
		if !released {
			continue
		}
		n++
		if err := s.refreshBookingDays(ctx, tx, b, "", b.StartAt); err != nil {
			return n, err
		}
		system := &Actor{OrganizationID: b.OrganizationID}
		if err := s.audit.record(ctx, tx, system, auditEntry{Action: noShowAudit, TargetType: "booking", TargetID: b.ID, Before: before, After: bookingAudit(b)}); err != nil {
			return n, err
		}
		if err := s.tellBooker(ctx, tx, b, NoticeBookingNoShow); err != nil {
			return n, err
		}
	}
	return n, nil
}

// bookingNotices: title ja, title en, body ja, body en; {what} names the
// office, the space and the time.
var bookingNotices = map[string][4]string{
	NoticeBookingNoShow: {"予約が解放されました（チェックインなし）", "Booking released: no check-in",
		"{what} の予約は、チェックインの受付時間内にチェックインがなかったため解放されました。", "Your booking of {what} was released because nobody checked in in time."},
	NoticeBookingReleased: {"仮押さえの席が解放されました", "Held seat released",
		"{what} の仮押さえは、在宅勤務申請が承認されなかったため解放されました。", "The seat held at {what} was released because the telework request was not approved."},
	NoticeBookingConfirmed: {"仮押さえの席が確定しました", "Held seat confirmed",
		"{what} の仮押さえは、在宅勤務申請の承認により確定しました。", "The seat held at {what} is confirmed: the telework request was approved."},
	NoticeSeriesNotBooked: {"繰り返し予約の一部を予約できませんでした", "A recurring booking could not be made",
		"繰り返し予約のうち {what} は予約できませんでした（{why}）。", "The recurring booking of {what} could not be made ({why})."},
}

// tellBooker tells the booker about their booking; why (optional) is a
// reason in each language for NoticeSeriesNotBooked.
func (b *base) tellBooker(ctx context.Context, tx *gorm.DB, bk *models.Booking, kind string, why ...policies.Text) error {
	org, err := b.orgs.Get(ctx, tx, bk.OrganizationID)
	if err != nil {
		return err
	}
	os, err := models.Offices{}.ByIDs(ctx, tx, []string{bk.OfficeID})
	if err != nil {
		return err
	}
	sps, err := models.Spaces{}.ByIDs(ctx, tx, []string{bk.SpaceID})
	if err != nil {
		return err
	}
	o := os[bk.OfficeID]
	loc := loadLocation(o.TimeZone)
	day := policies.DateOf(bk.StartAt.In(loc)).Words()
	from, to := bk.StartAt.In(loc).Format("15:04"), bk.EndAt.In(loc).Format("15:04")
	t := bookingNotices[kind]
	var whyText policies.Text
	if len(why) > 0 {
		whyText = why[0]
	}
	what := func(date string) string {
		return fmt.Sprintf("%s %s（%s %s〜%s）", o.Name, sps[bk.SpaceID].Name, date, from, to)
	}
	whatEn := fmt.Sprintf("%s %s (%s, %s to %s)", o.Name, sps[bk.SpaceID].Name, day.En, from, to)
	bodyJa := strings.NewReplacer("{what}", what(day.Ja), "{why}", whyText.Ja).Replace(t[2])
	bodyEn := strings.NewReplacer("{what}", whatEn, "{why}", whyText.En).Replace(t[3])
	msg := OutboxPayload{Kind: kind, Language: org.Language, TitleJa: t[0], TitleEn: t[1], BodyJa: bodyJa, BodyEn: bodyEn, Path: "/bookings"}
	return b.deliver(ctx, tx, org, msg, nil, nil, []string{bk.EmployeeID}, false)
}

// SpaceCode is a space's check-in code as its office's managers see it.
type SpaceCode struct {
	Space      models.Space
	OfficeName string
	Code       string
}

// editable loads an office the actor may edit (managers, the owning
// organisation's administrators); anyone else gets not found or forbidden.
func (s *Offices) editable(ctx context.Context, db *gorm.DB, actor *Actor, officeID string) (*models.Office, error) {
	o, st, err := s.visibleOffice(ctx, db, actor, officeID)
	if err != nil {
		return nil, err
	}
	if !policies.CanEditOffice(subject(actor), st) {
		return nil, forbidden()
	}
	return o, nil
}

// SpaceCode returns a space's check-in code, for its QR code.
func (s *Offices) SpaceCode(ctx context.Context, actor *Actor, spaceID string) (*SpaceCode, error) {
	sp, o, _, err := s.visibleSpace(ctx, s.db, actor, spaceID)
	if err != nil {
		return nil, err
	}
	if _, err := s.editable(ctx, s.db, actor, o.ID); err != nil {
		return nil, err
	}
	return &SpaceCode{Space: *sp, OfficeName: o.Name, Code: *sp.CheckinCode}, nil
}

// OfficeCodes returns the check-in codes of an office's open spaces, for a
// printable sheet.
func (s *Offices) OfficeCodes(ctx context.Context, actor *Actor, officeID string) ([]SpaceCode, error) {
	o, err := s.editable(ctx, s.db, actor, officeID)
	if err != nil {
		return nil, err
	}
	sps, err := s.spaces.OfOffice(ctx, s.db, o.ID)
	if err != nil {
		return nil, err
	}
	out := make([]SpaceCode, 0, len(sps))
	for _, sp := range sps {
		out = append(out, SpaceCode{Space: sp, OfficeName: o.Name, Code: *sp.CheckinCode})
	}
	return out, nil
}

// RotateSpaceCode gives a space a new check-in code: printed QR codes of
// the old one stop working.
func (s *Offices) RotateSpaceCode(ctx context.Context, actor *Actor, spaceID string) (*SpaceCode, error) {
	var out *SpaceCode
	err := s.tx(ctx, func(tx *gorm.DB) error {
		sp, o, _, err := s.visibleSpace(ctx, tx, actor, spaceID)
		if err != nil {
			return err
		}
		if _, err := s.editable(ctx, tx, actor, o.ID); err != nil {
			return err
		}
		if err := s.spaces.RotateCheckinCode(ctx, tx, sp, s.now()); err != nil {
			return err
		}
		// The code itself is a credential of sorts: the audit says it changed, not what to.
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "space.rotate_checkin_code", TargetType: "space", TargetID: sp.ID,
			After: map[string]any{"office_id": o.ID}}); err != nil {
			return err
		}
		out = &SpaceCode{Space: *sp, OfficeName: o.Name, Code: *sp.CheckinCode}
		return nil
	})
	return out, err
}
