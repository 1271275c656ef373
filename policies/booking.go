package policies

import (
	"fmt"
	"slices"
	"time"
)

// Booking rules: whether a seat booking fits an office's calendar and limits.
// The office's settings and the request come in, a list of violations with
// stable rule ids goes out; "now" is an argument, never read from a clock.

// BookingUnit is the grid an office is booked on.
type BookingUnit string

// The booking units an office may choose.
const (
	BookingUnit15m     BookingUnit = "15m"
	BookingUnit30m     BookingUnit = "30m"
	BookingUnit60m     BookingUnit = "60m"
	BookingUnitHalfDay BookingUnit = "half_day" // 午前 opening→midday, 午後 midday→closing
)

// BookingUnits lists every unit.
var BookingUnits = []BookingUnit{BookingUnit15m, BookingUnit30m, BookingUnit60m, BookingUnitHalfDay}

// Minutes returns the step of a minute unit, 0 for half days.
func (u BookingUnit) Minutes() int {
	switch u {
	case BookingUnit15m:
		return 15
	case BookingUnit30m:
		return 30
	case BookingUnit60m:
		return 60
	}
	return 0
}

func (u BookingUnit) text() Text {
	if u == BookingUnitHalfDay {
		return Text{Ja: "半日", En: "half a day"}
	}
	return msg("%d分", "%d minutes", u.Minutes())
}

// Rule ids of the booking rules.
const (
	RuleBookingOrder        = "booking.order"
	RuleBookingPast         = "booking.past"
	RuleBookingTooFar       = "booking.too_far"
	RuleBookingClosedDay    = "booking.closed_day"
	RuleBookingOutsideHours = "booking.outside_hours"
	RuleBookingUnit         = "booking.unit"
	RuleBookingTooLong      = "booking.too_long"
	RuleBookingSpansDays    = "booking.spans_days"
)

// Midnight closes an office at the end of its day (a Clock of 24:00).
const Midnight Clock = 24 * 60

// OpeningHours are one weekday's hours: open from Opens until Closes.
type OpeningHours struct {
	Opens, Closes Clock
}

// OfficeRules are an office's booking settings.
type OfficeRules struct {
	Location *time.Location
	// Hours by time.Weekday (0 = Sunday); nil: closed that weekday.
	Hours [7]*OpeningHours
	// ClosedDays are the office's own closing days, with their names.
	ClosedDays map[Date]Text
	// ClosedOnHolidays: the office closes when its organisation closes its
	// offices (Organization's calendar: holidays, the year-end, the
	// organisation's closing days); without an Organization, on national
	// holidays.
	ClosedOnHolidays bool
	Organization     *OrgCalendar
	Unit             BookingUnit
	// Midday ends the morning for half-day booking.
	Midday           Clock
	MaxAdvanceDays   int
	MaxMinutesPerDay int // 0: no limit
}

// Closed tells whether the office is closed all day on d, and why.
func (o OfficeRules) Closed(d Date) (Text, bool) {
	if name, ok := o.ClosedDays[d]; ok {
		if name.IsZero() {
			name = Text{Ja: "休館日", En: "a closing day"}
		}
		return name, true
	}
	if o.ClosedOnHolidays {
		if o.Organization != nil {
			if why, ok := o.Organization.ClosedForOffices(d); ok {
				return why, true
			}
		} else if h, ok := HolidayOn(d); ok {
			return h.Name, true
		}
	}
	if o.Hours[d.Weekday()] == nil {
		wd := d.Weekday()
		return Text{Ja: bookingWeekdayJa[wd] + "曜日（定休日）", En: wd.String() + "s (closed weekly)"}, true
	}
	return Text{}, false
}

var bookingWeekdayJa = [7]string{"日", "月", "火", "水", "木", "金", "土"}

// Boundaries returns the times of day at which a booking on d may start or
// end, in order: the opening time, every unit step after it, and the closing
// time (for half days: opening, midday and closing). Consecutive boundaries
// are the day's slots. Nil when the office is closed on d.
func (o OfficeRules) Boundaries(d Date) []Clock {
	if _, closed := o.Closed(d); closed {
		return nil
	}
	h := o.Hours[d.Weekday()]
	out := []Clock{h.Opens}
	if step := Clock(o.Unit.Minutes()); step > 0 {
		for c := h.Opens + step; c < h.Closes; c += step {
			out = append(out, c)
		}
	} else if o.Midday > h.Opens && o.Midday < h.Closes {
		out = append(out, o.Midday)
	}
	return append(out, h.Closes)
}

// At returns the instant of time of day c on d in the office's zone (24:00
// is the next midnight).
func (o OfficeRules) At(d Date, c Clock) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, int(c)/60, int(c)%60, 0, 0, o.Location)
}

// CurrentSlotStart is the earliest instant a booking may start at now: the
// start of the slot now falls in, or now itself outside opening hours.
func (o OfficeRules) CurrentSlotStart(now time.Time) time.Time {
	local := now.In(o.Location)
	today := DateOf(local)
	bs := o.Boundaries(today)
	for i := 0; i+1 < len(bs); i++ {
		from, to := o.At(today, bs[i]), o.At(today, bs[i+1])
		if !local.Before(from) && local.Before(to) {
			return from
		}
	}
	return now
}

// LastBookableDay is the furthest day one may book on at now.
func (o OfficeRules) LastBookableDay(now time.Time) Date {
	return DateOf(now.In(o.Location)).AddDays(o.MaxAdvanceDays)
}

// BookingRequest is a booking to check.
type BookingRequest struct {
	Start, End time.Time
	Now        time.Time
	// OtherMinutes are the person's other booked minutes in this office on
	// the booking's local day.
	OtherMinutes int
}

// BookingViolation is one rule a booking breaks. Field names the request
// field at fault (start or end).
type BookingViolation struct {
	Rule    string `json:"rule"`
	Field   string `json:"field"`
	Message Text   `json:"message"`
}

// CheckBooking returns every rule the booking breaks; none means it may be
// made (whether the space is free is the database's to say).
func CheckBooking(o OfficeRules, r BookingRequest) []BookingViolation {
	var out []BookingViolation
	add := func(rule, field string, m Text) {
		out = append(out, BookingViolation{Rule: rule, Field: field, Message: m})
	}
	if !r.End.After(r.Start) {
		add(RuleBookingOrder, "end", msg("終了日時は開始日時より後にしてください。", "The end must be after the start."))
		return out
	}
	start, end := r.Start.In(o.Location), r.End.In(o.Location)
	day := DateOf(start)
	startMin := clockOf(start)
	endMin, sameDay := endClock(day, end)

	if cutoff := o.CurrentSlotStart(r.Now); start.Before(cutoff) {
		at := cutoff.In(o.Location).Format("2006-01-02 15:04")
		add(RuleBookingPast, "start", msg("過去の時間帯は予約できません（%s より後の枠を選んでください）。",
			"You cannot book in the past (choose a slot from %s on).", at))
	}
	if last := o.LastBookableDay(r.Now); day.After(last) {
		add(RuleBookingTooFar, "start", msg("予約できるのは%[1]d日先（%[2]s）までです。",
			"Bookings open at most %[1]d days ahead (until %[2]s).", o.MaxAdvanceDays, last.String()))
	}
	if !sameDay {
		add(RuleBookingSpansDays, "end", msg("日をまたぐ予約はできません。1日ずつ予約してください。",
			"A booking cannot span two days; book each day separately."))
		return out
	}
	if why, closed := o.Closed(day); closed {
		add(RuleBookingClosedDay, "start", Text{
			Ja: fmt.Sprintf("%s は%sのため休館です。", day.String(), why.Ja),
			En: fmt.Sprintf("The office is closed on %s (%s).", day.String(), why.In("en")),
		})
		return out
	}
	h := o.Hours[day.Weekday()]
	if startMin < h.Opens || endMin > h.Closes {
		field := "start"
		if startMin >= h.Opens {
			field = "end"
		}
		add(RuleBookingOutsideHours, field, msg("開館時間（%s〜%s）内で予約してください。",
			"Book within the opening hours (%s to %s).", h.Opens, h.Closes))
	} else if bs := o.Boundaries(day); !onGrid(start, startMin, bs) || !onGrid(end, endMin, bs) {
		field := "start"
		if onGrid(start, startMin, bs) {
			field = "end"
		}
		add(RuleBookingUnit, field, o.unitMessage(h))
	}
	minutes := int(r.End.Sub(r.Start) / time.Minute)
	if o.MaxMinutesPerDay > 0 && minutes+r.OtherMinutes > o.MaxMinutesPerDay {
		add(RuleBookingTooLong, "end", msg("この施設で1日に予約できるのは合計%[1]d分までです（この日の他の予約: %[2]d分）。",
			"You may book at most %[1]d minutes a day in this office (your other bookings that day: %[2]d minutes).",
			o.MaxMinutesPerDay, r.OtherMinutes))
	}
	return out
}

func (o OfficeRules) unitMessage(h *OpeningHours) Text {
	if o.Unit == BookingUnitHalfDay && o.Midday > h.Opens && o.Midday < h.Closes {
		return msg("予約は半日単位です（午前 %[1]s〜%[2]s、午後 %[2]s〜%[3]s）。",
			"Bookings are by half days (morning %[1]s to %[2]s, afternoon %[2]s to %[3]s).", h.Opens, o.Midday, h.Closes)
	}
	u := o.Unit.text()
	return Text{
		Ja: fmt.Sprintf("予約は%s単位です（%s から区切ります。終了は閉館 %s でも構いません）。", u.Ja, h.Opens, h.Closes),
		En: fmt.Sprintf("Bookings are by %s, counted from opening at %s (or ending at closing, %s).", u.En, h.Opens, h.Closes),
	}
}

// clockOf is the time of day of a local instant, in whole minutes.
func clockOf(t time.Time) Clock { return Clock(t.Hour()*60 + t.Minute()) }

// endClock is the time of day at which a booking starting on day ends:
// midnight after day counts as 24:00; false when it ends on another day.
func endClock(day Date, end time.Time) (Clock, bool) {
	switch DateOf(end) {
	case day:
		return clockOf(end), true
	case day.AddDays(1):
		if clockOf(end) == 0 && end.Second() == 0 && end.Nanosecond() == 0 {
			return Midnight, true
		}
	}
	return 0, false
}

// onGrid reports whether the local instant lies exactly on a boundary.
func onGrid(t time.Time, c Clock, bs []Clock) bool {
	return t.Second() == 0 && t.Nanosecond() == 0 && slices.Contains(bs, c)
}

// BookingState is the state of a booking.
type BookingState string

// The states of a booking: a cancelled one is kept, as history.
const (
	BookingConfirmed BookingState = "confirmed"
	BookingCancelled BookingState = "cancelled"
)
