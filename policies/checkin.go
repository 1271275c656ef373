package policies

import (
	"fmt"
	"time"
)

// Check-in rules: when a booking may be checked in, when one not checked in
// is a no-show, how long a walk-in lasts, and whether a booking at a
// satellite office is held for a telework request. Now is always an argument.

// CheckInWindow is an office's check-in setting: one may check in from
// OpensBefore before a booking's start until Grace after it.
type CheckInWindow struct {
	OpensBefore time.Duration
	Grace       time.Duration
}

// CheckInTiming is where an instant lies relative to a booking's window.
type CheckInTiming int

// The timings of a check-in.
const (
	CheckInTooEarly CheckInTiming = iota
	CheckInInTime
	CheckInTooLate
)

// Timing tells whether a booking starting at start may be checked in at now.
func (w CheckInWindow) Timing(start, now time.Time) CheckInTiming {
	switch {
	case now.Before(start.Add(-w.OpensBefore)):
		return CheckInTooEarly
	case now.After(start.Add(w.Grace)):
		return CheckInTooLate
	}
	return CheckInInTime
}

// NoShowDue reports whether a booking not checked in is released as a
// no-show at now: only where the office requires check-in, once its grace
// period is over.
func NoShowDue(required bool, w CheckInWindow, start, now time.Time) bool {
	return required && w.Timing(start, now) == CheckInTooLate
}

// CheckInCandidate is a booking one might be checking in to.
type CheckInCandidate struct {
	ID         string
	Start, End time.Time
	CheckedIn  bool
}

// CheckInChoice is what a check-in finds among the person's bookings of the
// space: the booking to check in (Timing CheckInInTime), or the nearest one
// and why it cannot be checked in yet or any more; Found false when there is
// no booking of the space around now.
type CheckInChoice struct {
	Found   bool
	Booking CheckInCandidate
	Timing  CheckInTiming
}

// ChooseCheckIn picks the booking a check-in at now is for: one whose window
// holds now, else the next one to start, else the last one that started.
// A booking already checked in is chosen again (checking in twice is
// harmless); one that has ended is never chosen.
func ChooseCheckIn(w CheckInWindow, bs []CheckInCandidate, now time.Time) CheckInChoice {
	var next, last *CheckInCandidate
	for i := range bs {
		b := &bs[i]
		if !b.End.After(now) {
			continue
		}
		switch w.Timing(b.Start, now) {
		case CheckInInTime:
			return CheckInChoice{Found: true, Booking: *b, Timing: CheckInInTime}
		case CheckInTooEarly:
			if next == nil || b.Start.Before(next.Start) {
				next = b
			}
		case CheckInTooLate:
			if b.CheckedIn {
				return CheckInChoice{Found: true, Booking: *b, Timing: CheckInInTime}
			}
			if last == nil || b.Start.After(last.Start) {
				last = b
			}
		}
	}
	switch {
	case next != nil:
		return CheckInChoice{Found: true, Booking: *next, Timing: CheckInTooEarly}
	case last != nil:
		return CheckInChoice{Found: true, Booking: *last, Timing: CheckInTooLate}
	}
	return CheckInChoice{}
}

// WalkInEnd is when a walk-in at now ends: the end of the half day for an
// office booked by half days, else closing time. False when the office is
// not open at now.
func (o OfficeRules) WalkInEnd(now time.Time) (time.Time, bool) {
	local := now.In(o.Location)
	day := DateOf(local)
	bs := o.Boundaries(day)
	if len(bs) < 2 || local.Before(o.At(day, bs[0])) || !local.Before(o.At(day, bs[len(bs)-1])) {
		return time.Time{}, false
	}
	if o.Unit == BookingUnitHalfDay {
		for _, c := range bs[1:] {
			if t := o.At(day, c); t.After(local) {
				return t, true
			}
		}
	}
	return o.At(day, bs[len(bs)-1]), true
}

// RuleBookingNeedsRequest is the rule id of the seat-hold rule.
const RuleBookingNeedsRequest = "booking.needs_request"

// SeatHold is how a booking at a satellite office stands to telework
// requests: made as confirmed, held (tentative) for a pending request, or
// refused.
type SeatHold int

// The outcomes of the seat-hold rule.
const (
	SeatConfirmed SeatHold = iota
	SeatTentative
	SeatRefused
)

// SatelliteRequest is the person's telework request at the office covering
// a booking's day, as the seat-hold rule reads it.
type SatelliteRequest struct {
	ID    string
	State RequestState
}

// HoldSeat decides a booking at a satellite office on day when the policy
// says that work there needs an approved telework request (needsRequest):
// with an approved request it is confirmed, with a pending one held, and
// without either refused with a reason that says so. Offices that are main
// buildings, and policies that do not ask for a request, confirm.
func HoldSeat(needsRequest, satellite bool, day Date, req *SatelliteRequest) (SeatHold, *BookingViolation) {
	if !needsRequest || !satellite {
		return SeatConfirmed, nil
	}
	if req != nil {
		switch req.State {
		case StateApproved:
			return SeatConfirmed, nil
		case StatePending:
			return SeatTentative, nil
		case StateRejected, StateReturned, StateWithdrawn, StateCancelled:
		}
	}
	w := day.Words()
	return SeatRefused, &BookingViolation{Rule: RuleBookingNeedsRequest, Field: "start", Message: Text{
		Ja: fmt.Sprintf("サテライトオフィスで勤務するには在宅勤務（テレワーク）申請が必要です。%s のこの施設での勤務を申請してから予約してください。", w.Ja),
		En: fmt.Sprintf("Working at a satellite office needs a telework request. Request to work at this office on %s, then book.", w.En),
	}}
}

// SeriesDays are the days from from to until (inclusive) whose weekday is in
// the mask (1 << time.Weekday).
func SeriesDays(mask int, from, until Date) []Date {
	var out []Date
	for d := from; !d.After(until); d = d.AddDays(1) {
		if mask&(1<<d.Weekday()) != 0 {
			out = append(out, d)
		}
	}
	return out
}
