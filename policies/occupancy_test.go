package policies

import (
	"testing"
	"time"
)

// occupancyOffice opens 09:00–12:00 on weekdays, closed on national
// holidays, in Japan time.
func occupancyOffice() OfficeRules {
	o := OfficeRules{Location: jst, ClosedDays: map[Date]Text{}, ClosedOnHolidays: true, Unit: BookingUnit30m}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		o.Hours[wd] = &OpeningHours{Opens: 9 * 60, Closes: 12 * 60}
	}
	return o
}

func TestComputeOccupancy(t *testing.T) {
	o := occupancyOffice()
	spaces := []OccupiedSpace{{"s1", "open_seat"}, {"s2", "open_seat"}, {"b1", "booth"}}
	book := func(space, org, from, to string) OccupyingBooking {
		return OccupyingBooking{SpaceID: space, OrganizationID: org, Start: at(from), End: at(to)}
	}
	// Tuesday 1 and Wednesday 2 December 2026; Thursday 3 has none.
	bookings := []OccupyingBooking{
		book("s1", "city", "2026-12-01 09:00", "2026-12-01 12:00"), // 180 min
		book("b1", "town", "2026-12-01 10:30", "2026-12-01 11:30"), // 60 min, 30 in the 10:00 hour and 30 in 11:00
		book("s2", "city", "2026-12-02 09:00", "2026-12-02 10:00"), // 60 min
	}
	from, to := day("2026-12-01"), day("2026-12-03")

	days := ComputeOccupancy(o, spaces, bookings, from, to, BucketDay)
	if len(days) != 3 {
		t.Fatalf("%d day buckets", len(days))
	}
	tue := days[0]
	// 3 spaces × 180 open minutes; 240 booked minutes.
	if tue.Key != "2026-12-01" || tue.Bookings != 2 || tue.BookedMinutes != 240 || tue.OpenMinutes != 540 {
		t.Fatalf("Tuesday: %+v", tue)
	}
	if k := tue.ByKind["booth"]; k.BookedMinutes != 60 || k.OpenMinutes != 180 || k.Utilisation() != 1.0/3 {
		t.Errorf("booths on Tuesday: %+v", k)
	}
	if c, tw := tue.ByOrganization["city"], tue.ByOrganization["town"]; c.BookedMinutes != 180 || tw.BookedMinutes != 60 || tw.Bookings != 1 {
		t.Errorf("by organisation: %+v %+v", c, tw)
	}
	if thu := days[2]; thu.BookedMinutes != 0 || thu.OpenMinutes != 540 || thu.Utilisation() != 0 {
		t.Errorf("Thursday: %+v", thu)
	}

	hours := ComputeOccupancy(o, spaces, bookings, from, to, BucketHour)
	want := map[string]struct{ bookings, booked, open int }{
		"09:00": {2, 60 + 60, 3 * 60 * 3}, // s1 and s2 start; 3 days × 3 spaces × 60
		"10:00": {1, 60 + 30, 540},        // s1's hour, the booth's first half
		"11:00": {0, 60 + 30, 540},
	}
	if len(hours) != 3 {
		t.Fatalf("hour buckets: %+v", hours)
	}
	for _, h := range hours {
		w := want[h.Key]
		if h.Bookings != w.bookings || h.BookedMinutes != w.booked || h.OpenMinutes != w.open {
			t.Errorf("%s: %+v, want %+v", h.Key, h, w)
		}
	}
	if peak := PeakHours(hours, 1); peak[0].Key != "09:00" {
		t.Errorf("peak %s", peak[0].Key)
	}

	weekdays := ComputeOccupancy(o, spaces, bookings, day("2026-11-30"), day("2026-12-06"), BucketWeekday)
	if len(weekdays) != 5 || weekdays[0].Key != "monday" || weekdays[1].Key != "tuesday" || weekdays[1].BookedMinutes != 240 {
		t.Fatalf("weekdays: %+v", weekdays)
	}
	// The heat map's buckets: each weekday's hours, Monday first; a
	// weekday's hours add up to its weekday bucket.
	cells := ComputeOccupancy(o, spaces, bookings, day("2026-11-30"), day("2026-12-06"), BucketWeekdayHour)
	if len(cells) != 5*3 || cells[0].Key != "monday 09:00" || cells[3].Key != "tuesday 09:00" || cells[14].Key != "friday 11:00" {
		t.Fatalf("weekday hours: %+v", cells)
	}
	tuesday := 0
	for _, c := range cells[3:6] {
		tuesday += c.BookedMinutes
	}
	if tuesday != weekdays[1].BookedMinutes || cells[4].BookedMinutes != 60+30 || cells[3].Bookings != 1 || cells[3].OpenMinutes != 180 {
		t.Errorf("Tuesday's hours: %+v", cells[3:6])
	}
	// A holiday closes the office: no open minutes, in a day bucket of its own.
	holiday := ComputeOccupancy(o, spaces, nil, day("2026-11-23"), day("2026-11-23"), BucketDay)
	if len(holiday) != 1 || holiday[0].OpenMinutes != 0 {
		t.Errorf("勤労感謝の日: %+v", holiday)
	}
}
