package policies

import (
	"testing"
	"time"
)

// on1Dec is a time of day on Tuesday 1 December 2026 in Japan.
func on1Dec(hhmm string) time.Time { return at("2026-12-01 " + hhmm) }

func TestCheckInWindow(t *testing.T) {
	w := CheckInWindow{OpensBefore: 15 * time.Minute, Grace: 15 * time.Minute}
	start := on1Dec("10:00")
	tests := []struct {
		now  string
		want CheckInTiming
	}{
		{"09:44", CheckInTooEarly},
		{"09:45", CheckInInTime}, // the window opens exactly 15 minutes before
		{"10:00", CheckInInTime},
		{"10:15", CheckInInTime}, // and closes exactly 15 after
		{"10:16", CheckInTooLate},
	}
	for _, tc := range tests {
		if got := w.Timing(start, on1Dec(tc.now)); got != tc.want {
			t.Errorf("at %s: %v, want %v", tc.now, got, tc.want)
		}
	}
	for _, tc := range []struct {
		required bool
		now      string
		want     bool
	}{
		{true, "10:15", false}, {true, "10:16", true}, {false, "11:30", false},
	} {
		if got := NoShowDue(tc.required, w, start, on1Dec(tc.now)); got != tc.want {
			t.Errorf("no-show (required %v) at %s: %v", tc.required, tc.now, got)
		}
	}
}

func TestChooseCheckIn(t *testing.T) {
	w := CheckInWindow{OpensBefore: 15 * time.Minute, Grace: 15 * time.Minute}
	morning := CheckInCandidate{ID: "am", Start: on1Dec("09:00"), End: on1Dec("12:00")}
	afternoon := CheckInCandidate{ID: "pm", Start: on1Dec("13:00"), End: on1Dec("15:00")}
	tests := []struct {
		name   string
		bs     []CheckInCandidate
		now    string
		found  bool
		id     string
		timing CheckInTiming
	}{
		{"no booking", nil, "10:00", false, "", 0},
		{"the booking starting now", []CheckInCandidate{morning, afternoon}, "08:50", true, "am", CheckInInTime},
		{"between two: the next is too early", []CheckInCandidate{morning, afternoon}, "12:30", true, "pm", CheckInTooEarly},
		{"running, past its grace: too late", []CheckInCandidate{morning}, "10:00", true, "am", CheckInTooLate},
		{"running and already checked in: again, harmlessly", []CheckInCandidate{{ID: "am", Start: on1Dec("09:00"), End: on1Dec("12:00"), CheckedIn: true}}, "11:00", true, "am", CheckInInTime},
		{"ended: nothing", []CheckInCandidate{morning}, "12:00", false, "", 0},
		{"too late for one, in time for the next", []CheckInCandidate{morning, {ID: "late", Start: on1Dec("10:30"), End: on1Dec("11:30")}}, "10:20", true, "late", CheckInInTime},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ChooseCheckIn(w, tc.bs, on1Dec(tc.now))
			if c.Found != tc.found || c.Booking.ID != tc.id || c.Timing != tc.timing {
				t.Errorf("got %+v", c)
			}
		})
	}
}

func TestWalkInEnd(t *testing.T) {
	hours := &OpeningHours{Opens: 8*60 + 30, Closes: 17*60 + 15}
	var week [7]*OpeningHours
	for d := time.Monday; d <= time.Friday; d++ {
		week[d] = hours
	}
	byMinutes := OfficeRules{Location: jst, Hours: week, Unit: BookingUnit30m}
	byHalves := OfficeRules{Location: jst, Hours: week, Unit: BookingUnitHalfDay, Midday: 12 * 60}
	tests := []struct {
		name string
		o    OfficeRules
		now  string
		end  string
		open bool
	}{
		{"rest of the day", byMinutes, "10:10", "17:15", true},
		{"rest of the morning by half days", byHalves, "10:10", "12:00", true},
		{"rest of the afternoon by half days", byHalves, "13:00", "17:15", true},
		{"before opening", byMinutes, "08:00", "", false},
		{"after closing", byMinutes, "17:15", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			end, open := tc.o.WalkInEnd(on1Dec(tc.now))
			if open != tc.open || (open && !end.Equal(on1Dec(tc.end))) {
				t.Errorf("got %v %v", end, open)
			}
		})
	}
}

func TestHoldSeat(t *testing.T) {
	d := day("2026-12-07")
	tests := []struct {
		name          string
		needs, sat    bool
		req           *SatelliteRequest
		want          SeatHold
		wantViolation bool
	}{
		{"the policy asks nothing", false, true, nil, SeatConfirmed, false},
		{"a main building", true, false, nil, SeatConfirmed, false},
		{"no request", true, true, nil, SeatRefused, true},
		{"a pending request holds the seat", true, true, &SatelliteRequest{ID: "r", State: StatePending}, SeatTentative, false},
		{"an approved request confirms it", true, true, &SatelliteRequest{ID: "r", State: StateApproved}, SeatConfirmed, false},
		{"a rejected request does not count", true, true, &SatelliteRequest{ID: "r", State: StateRejected}, SeatRefused, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, v := HoldSeat(tc.needs, tc.sat, d, tc.req)
			if got != tc.want || (v != nil) != tc.wantViolation {
				t.Fatalf("got %v %+v", got, v)
			}
			if v != nil && (v.Rule != RuleBookingNeedsRequest || v.Message.Ja == "" || v.Message.En == "") {
				t.Fatalf("violation %+v", v)
			}
		})
	}
}

func TestSeriesDays(t *testing.T) {
	tuesdayAndFriday := 1<<time.Tuesday | 1<<time.Friday
	got := SeriesDays(tuesdayAndFriday, day("2026-12-01"), day("2026-12-11"))
	want := []string{"2026-12-01", "2026-12-04", "2026-12-08", "2026-12-11"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("day %d: %s, want %s", i, got[i], want[i])
		}
	}
	if d := SeriesDays(1<<time.Sunday, day("2026-12-01"), day("2026-12-05")); len(d) != 0 {
		t.Errorf("no Sunday in the range: %v", d)
	}
}
