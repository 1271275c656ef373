package policies

import (
	"slices"
	"testing"
	"time"
)

var bookingZone = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		return time.FixedZone("JST", 9*3600)
	}
	return loc
}()

// testOffice is open 08:30–17:15 on weekdays and 10:00–16:00 on Saturdays,
// booked by 30 minutes up to 14 days ahead and 8 hours a day, closed on
// holidays and on 4 December 2026 (maintenance).
func testOffice() OfficeRules {
	weekday := &OpeningHours{Opens: 8*60 + 30, Closes: 17*60 + 15}
	return OfficeRules{
		Location:         bookingZone,
		Hours:            [7]*OpeningHours{nil, weekday, weekday, weekday, weekday, weekday, {Opens: 10 * 60, Closes: 16 * 60}},
		ClosedDays:       map[Date]Text{NewDate(2026, 12, 4): {Ja: "設備点検", En: "maintenance"}},
		ClosedOnHolidays: true,
		Unit:             BookingUnit30m,
		Midday:           12 * 60,
		MaxAdvanceDays:   14,
		MaxMinutesPerDay: 480,
	}
}

// bookingNow is Tuesday 1 December 2026, 09:10 in Tokyo.
var bookingNow = time.Date(2026, 12, 1, 9, 10, 0, 0, bookingZone)

func bookingAt(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", day+" "+hm, bookingZone)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02 15:04", day+" "+hm, bookingZone)
	}
	if err != nil {
		panic(err)
	}
	return t
}

func bookingRFC(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestBookingRules(t *testing.T) {
	halfDay := func(o *OfficeRules) { o.Unit, o.MaxMinutesPerDay = BookingUnitHalfDay, 0 }
	cases := []struct {
		name       string
		office     func(*OfficeRules)
		start, end time.Time
		other      int
		want       []string // rule ids, in order
		field      string   // of the first violation, when set
	}{
		{name: "a free hour tomorrow", start: bookingAt("2026-12-02", "09:00"), end: bookingAt("2026-12-02", "10:00")},
		{name: "the current slot may still be booked", start: bookingAt("2026-12-01", "09:00"), end: bookingAt("2026-12-01", "09:30")},
		{name: "the slot before the current one is past", start: bookingAt("2026-12-01", "08:30"), end: bookingAt("2026-12-01", "09:30"),
			want: []string{RuleBookingPast}, field: "start"},
		{name: "yesterday is past", start: bookingAt("2026-11-30", "09:00"), end: bookingAt("2026-11-30", "10:00"), want: []string{RuleBookingPast}},
		{name: "past and outside the hours", start: bookingAt("2026-11-30", "07:00"), end: bookingAt("2026-11-30", "08:00"),
			want: []string{RuleBookingPast, RuleBookingOutsideHours}},
		{name: "end before start", start: bookingAt("2026-12-02", "10:00"), end: bookingAt("2026-12-02", "09:00"), want: []string{RuleBookingOrder}, field: "end"},
		{name: "empty interval", start: bookingAt("2026-12-02", "10:00"), end: bookingAt("2026-12-02", "10:00"), want: []string{RuleBookingOrder}},
		{name: "the last bookable day", start: bookingAt("2026-12-15", "09:00"), end: bookingAt("2026-12-15", "10:00")},
		{name: "one day too far", start: bookingAt("2026-12-16", "09:00"), end: bookingAt("2026-12-16", "10:00"), want: []string{RuleBookingTooFar}},
		{name: "the office's own closing day", start: bookingAt("2026-12-04", "09:00"), end: bookingAt("2026-12-04", "10:00"), want: []string{RuleBookingClosedDay}},
		{name: "a weekday with no hours", start: bookingAt("2026-12-06", "10:00"), end: bookingAt("2026-12-06", "11:00"), want: []string{RuleBookingClosedDay}},
		{name: "Saturday has its own hours", start: bookingAt("2026-12-05", "10:00"), end: bookingAt("2026-12-05", "11:00")},
		{name: "Saturday before opening", start: bookingAt("2026-12-05", "09:00"), end: bookingAt("2026-12-05", "11:00"), want: []string{RuleBookingOutsideHours}},
		{name: "a national holiday", office: func(o *OfficeRules) { o.MaxAdvanceDays = 60 },
			start: bookingAt("2027-01-11", "09:00"), end: bookingAt("2027-01-11", "10:00"), want: []string{RuleBookingClosedDay}},
		{name: "a holiday in an office open on holidays", office: func(o *OfficeRules) { o.MaxAdvanceDays, o.ClosedOnHolidays = 60, false },
			start: bookingAt("2027-01-11", "09:00"), end: bookingAt("2027-01-11", "10:00")},
		{name: "before opening", start: bookingAt("2026-12-02", "08:00"), end: bookingAt("2026-12-02", "09:00"), want: []string{RuleBookingOutsideHours}, field: "start"},
		{name: "after closing", start: bookingAt("2026-12-02", "17:00"), end: bookingAt("2026-12-02", "17:30"), want: []string{RuleBookingOutsideHours}, field: "end"},
		{name: "off the grid at the start", start: bookingAt("2026-12-02", "09:15"), end: bookingAt("2026-12-02", "10:00"), want: []string{RuleBookingUnit}, field: "start"},
		{name: "off the grid at the end", start: bookingAt("2026-12-02", "09:00"), end: bookingAt("2026-12-02", "09:45"), want: []string{RuleBookingUnit}, field: "end"},
		{name: "seconds are off the grid", start: bookingAt("2026-12-02", "09:00:30"), end: bookingAt("2026-12-02", "10:00"), want: []string{RuleBookingUnit}},
		{name: "the short last slot up to closing", start: bookingAt("2026-12-02", "16:30"), end: bookingAt("2026-12-02", "17:15")},
		{name: "the whole day is longer than 8 hours", start: bookingAt("2026-12-02", "08:30"), end: bookingAt("2026-12-02", "17:15"), want: []string{RuleBookingTooLong}},
		{name: "too long with the day's other bookings", start: bookingAt("2026-12-02", "13:00"), end: bookingAt("2026-12-02", "17:00"), other: 270, want: []string{RuleBookingTooLong}},
		{name: "exactly the daily limit", start: bookingAt("2026-12-02", "13:00"), end: bookingAt("2026-12-02", "17:00"), other: 240},
		{name: "over midnight", office: func(o *OfficeRules) { o.Hours[3] = &OpeningHours{Opens: 0, Closes: Midnight} },
			start: bookingAt("2026-12-02", "16:00"), end: bookingAt("2026-12-03", "09:00"), want: []string{RuleBookingSpansDays}},
		{name: "until midnight in an office open around the clock", office: func(o *OfficeRules) { o.Hours[3] = &OpeningHours{Opens: 0, Closes: Midnight} },
			start: bookingAt("2026-12-02", "23:00"), end: bookingAt("2026-12-03", "00:00")},
		{name: "sent in UTC: 09:00 in Tokyo", start: bookingRFC("2026-12-02T00:00:00Z"), end: bookingRFC("2026-12-02T01:00:00Z")},
		{name: "sent in New York time: 22:00 in Tokyo", start: bookingRFC("2026-12-02T08:00:00-05:00"), end: bookingRFC("2026-12-02T09:00:00-05:00"),
			want: []string{RuleBookingOutsideHours}},
		{name: "the morning", office: halfDay, start: bookingAt("2026-12-02", "08:30"), end: bookingAt("2026-12-02", "12:00")},
		{name: "the afternoon", office: halfDay, start: bookingAt("2026-12-02", "12:00"), end: bookingAt("2026-12-02", "17:15")},
		{name: "the whole day by half days", office: halfDay, start: bookingAt("2026-12-02", "08:30"), end: bookingAt("2026-12-02", "17:15")},
		{name: "part of the morning", office: halfDay, start: bookingAt("2026-12-02", "09:00"), end: bookingAt("2026-12-02", "12:00"), want: []string{RuleBookingUnit}},
		{name: "hours counted from opening", office: func(o *OfficeRules) { o.Unit = BookingUnit60m },
			start: bookingAt("2026-12-02", "08:30"), end: bookingAt("2026-12-02", "09:30")},
		{name: "hours off the opening", office: func(o *OfficeRules) { o.Unit = BookingUnit60m },
			start: bookingAt("2026-12-02", "09:00"), end: bookingAt("2026-12-02", "10:00"), want: []string{RuleBookingUnit}},
		{name: "quarter hours", office: func(o *OfficeRules) { o.Unit = BookingUnit15m },
			start: bookingAt("2026-12-02", "09:15"), end: bookingAt("2026-12-02", "09:45")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := testOffice()
			if c.office != nil {
				c.office(&o)
			}
			vs := CheckBooking(o, BookingRequest{Start: c.start, End: c.end, Now: bookingNow, OtherMinutes: c.other})
			var got []string
			for _, v := range vs {
				got = append(got, v.Rule)
				if v.Message.Ja == "" || v.Message.En == "" || v.Field == "" {
					t.Errorf("%s: message or field missing: %+v", v.Rule, v)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("rules %v, want %v (%+v)", got, c.want, vs)
			}
			if c.field != "" && vs[0].Field != c.field {
				t.Fatalf("field %q, want %q", vs[0].Field, c.field)
			}
		})
	}
}

func TestBookingMessagesArePoliteJapanese(t *testing.T) {
	vs := CheckBooking(testOffice(), BookingRequest{Start: bookingAt("2026-12-04", "09:00"), End: bookingAt("2026-12-04", "10:00"), Now: bookingNow})
	if len(vs) != 1 || vs[0].Message.Ja != "2026-12-04 は設備点検のため休館です。" || vs[0].Message.En != "The office is closed on 2026-12-04 (maintenance)." {
		t.Fatalf("%+v", vs)
	}
	vs = CheckBooking(testOffice(), BookingRequest{Start: bookingAt("2026-12-02", "09:15"), End: bookingAt("2026-12-02", "10:00"), Now: bookingNow})
	if want := "予約は30分単位です（08:30 から区切ります。終了は閉館 17:15 でも構いません）。"; vs[0].Message.Ja != want {
		t.Fatalf("%q", vs[0].Message.Ja)
	}
}

func TestBookingGrid(t *testing.T) {
	o := testOffice()
	wed := NewDate(2026, 12, 2)
	if got := o.Boundaries(wed); len(got) != 19 || got[0] != 8*60+30 || got[17] != 17*60 || got[18] != 17*60+15 {
		t.Fatalf("30-minute grid: %v", got)
	}
	if got := o.Boundaries(NewDate(2026, 12, 6)); got != nil {
		t.Fatalf("a closed day has slots: %v", got)
	}
	o.Unit = BookingUnitHalfDay
	if got := o.Boundaries(wed); !slices.Equal(got, []Clock{8*60 + 30, 12 * 60, 17*60 + 15}) {
		t.Fatalf("half days: %v", got)
	}
	// At 13:00 the afternoon slot (from 12:00) is current and still bookable.
	if got := o.CurrentSlotStart(bookingAt("2026-12-02", "13:00")); !got.Equal(bookingAt("2026-12-02", "12:00")) {
		t.Fatalf("current half day starts %v", got)
	}
	// Before opening, anything from now on is bookable.
	if early := bookingAt("2026-12-02", "07:00"); !o.CurrentSlotStart(early).Equal(early) {
		t.Fatal("before opening, now is the cut-off")
	}
	o.Midday = 8 * 60 // outside the hours: one slot for the whole day
	if got := o.Boundaries(wed); !slices.Equal(got, []Clock{8*60 + 30, 17*60 + 15}) {
		t.Fatalf("midday outside the hours: %v", got)
	}
	if got := o.LastBookableDay(bookingNow); got != NewDate(2026, 12, 15) {
		t.Fatalf("last bookable day %v", got)
	}
}
