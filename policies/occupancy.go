package policies

import (
	"slices"
	"strings"
	"time"
)

// OccupancyBucket says how an occupancy report groups time.
type OccupancyBucket string

// The groupings of an occupancy report: each day, each hour of the day
// (over the whole period), each weekday (over the whole period), each hour
// of each weekday (over the whole period: the heat map of a month in one
// answer).
const (
	BucketDay         OccupancyBucket = "day"
	BucketHour        OccupancyBucket = "hour"
	BucketWeekday     OccupancyBucket = "weekday"
	BucketWeekdayHour OccupancyBucket = "weekday_hour"
)

// OccupiedSpace is a bookable space of an office.
type OccupiedSpace struct {
	ID   string
	Kind string
}

// OccupyingBooking is a confirmed booking, with the organisation of its
// booker (a shared office is split by organisation).
type OccupyingBooking struct {
	SpaceID        string
	OrganizationID string
	Start, End     time.Time
}

// Occupancy is one bucket of an occupancy report. Minutes are counted in the
// office's opening hours only: a booking's part outside them (which the
// booking rules do not allow) counts for nothing.
type Occupancy struct {
	Key           string // 2026-12-02, 09:00, monday or "monday 09:00"
	Bookings      int    // bookings that start in the bucket
	BookedMinutes int
	OpenMinutes   int // opening minutes × spaces
	ByKind        map[string]*KindOccupancy
	// ByOrganization holds bookings and booked minutes by the booker's
	// organisation.
	ByOrganization map[string]*KindOccupancy
}

// KindOccupancy is a part of a bucket: a kind of space or an organisation.
type KindOccupancy struct {
	Bookings      int
	BookedMinutes int
	OpenMinutes   int // for kinds only
}

// Utilisation is booked minutes over open minutes (0 when the office was
// closed throughout).
func (o Occupancy) Utilisation() float64 { return ratio(o.BookedMinutes, o.OpenMinutes) }

// Utilisation of a part: booked over open minutes.
func (k KindOccupancy) Utilisation() float64 { return ratio(k.BookedMinutes, k.OpenMinutes) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

var weekdayKeys = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// ComputeOccupancy measures an office's use from one date to another, both
// included, by bucket. Every day of the period opens a bucket by day; by hour
// and weekday, the buckets are those the office was open in, in order.
func ComputeOccupancy(o OfficeRules, spaces []OccupiedSpace, bookings []OccupyingBooking, from, to Date, bucket OccupancyBucket) []Occupancy {
	kindOf := make(map[string]string, len(spaces))
	perKind := map[string]int{}
	for _, s := range spaces {
		kindOf[s.ID] = s.Kind
		perKind[s.Kind]++
	}
	// Bookings lie within a day's opening hours, so each day reads its own.
	byDay := map[Date][]OccupyingBooking{}
	for _, bk := range bookings {
		d := DateOf(bk.Start.In(o.Location))
		byDay[d] = append(byDay[d], bk)
	}
	buckets := map[string]*Occupancy{}
	var order []string
	get := func(key string) *Occupancy {
		b, ok := buckets[key]
		if !ok {
			b = &Occupancy{Key: key, ByKind: map[string]*KindOccupancy{}, ByOrganization: map[string]*KindOccupancy{}}
			buckets[key] = b
			order = append(order, key)
		}
		return b
	}
	part := func(m map[string]*KindOccupancy, k string) *KindOccupancy {
		if m[k] == nil {
			m[k] = &KindOccupancy{}
		}
		return m[k]
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		if bucket == BucketDay {
			get(d.String())
		}
		bounds := o.Boundaries(d)
		if len(bounds) == 0 {
			continue
		}
		opens, closes := o.At(d, bounds[0]), o.At(d, bounds[len(bounds)-1])
		// Each open window is cut at the hours (by hour) or kept whole.
		for _, w := range windows(opens, closes, bucket) {
			key := bucketKey(d, w.start, bucket)
			b := get(key)
			minutes := int(w.end.Sub(w.start) / time.Minute)
			b.OpenMinutes += minutes * len(spaces)
			for kind, n := range perKind {
				part(b.ByKind, kind).OpenMinutes += minutes * n
			}
			for _, bk := range byDay[d] {
				kind, ok := kindOf[bk.SpaceID]
				if !ok {
					continue
				}
				m := overlapMinutes(bk.Start, bk.End, w.start, w.end)
				starts := !bk.Start.Before(w.start) && bk.Start.Before(w.end)
				if m == 0 && !starts {
					continue
				}
				n := 0
				if starts {
					n = 1
				}
				b.Bookings += n
				b.BookedMinutes += m
				for _, p := range []*KindOccupancy{part(b.ByKind, kind), part(b.ByOrganization, bk.OrganizationID)} {
					p.Bookings += n
					p.BookedMinutes += m
				}
			}
		}
	}
	out := make([]Occupancy, 0, len(order))
	for _, k := range order {
		out = append(out, *buckets[k])
	}
	if bucket != BucketDay {
		slices.SortStableFunc(out, func(a, b Occupancy) int { return bucketRank(a.Key, bucket) - bucketRank(b.Key, bucket) })
	}
	return out
}

type window struct{ start, end time.Time }

func windows(opens, closes time.Time, bucket OccupancyBucket) []window {
	if bucket != BucketHour && bucket != BucketWeekdayHour {
		return []window{{opens, closes}}
	}
	var out []window
	for s := opens; s.Before(closes); {
		e := s.Truncate(time.Hour).Add(time.Hour)
		if _, off := s.Zone(); off%3600 != 0 {
			e = s.Add(time.Hour) // a zone off the hour: hours from the opening
		}
		if e.After(closes) {
			e = closes
		}
		out = append(out, window{s, e})
		s = e
	}
	return out
}

func bucketKey(d Date, start time.Time, bucket OccupancyBucket) string {
	switch bucket {
	case BucketHour:
		return Clock(start.Hour() * 60).String()
	case BucketWeekday:
		return weekdayKeys[d.Weekday()]
	case BucketWeekdayHour:
		return weekdayKeys[d.Weekday()] + " " + Clock(start.Hour()*60).String()
	case BucketDay:
	}
	return d.String()
}

// bucketRank orders hour and weekday buckets (Monday first, then by hour).
func bucketRank(key string, bucket OccupancyBucket) int {
	weekday := func(k string) int { return (slices.Index(weekdayKeys[:], k) + 6) % 7 }
	clock := func(k string) int { c, _ := ParseClock(k); return int(c) }
	switch bucket {
	case BucketWeekday:
		return weekday(key)
	case BucketWeekdayHour:
		w, hm, _ := strings.Cut(key, " ")
		return weekday(w)*24*60 + clock(hm)
	case BucketDay, BucketHour:
	}
	return clock(key)
}

func overlapMinutes(s1, e1, s2, e2 time.Time) int {
	s, e := s1, e1
	if s2.After(s) {
		s = s2
	}
	if e2.Before(e) {
		e = e2
	}
	if !e.After(s) {
		return 0
	}
	return int(e.Sub(s) / time.Minute)
}

// PeakHours returns the hours (by bucket key) with the most booked minutes,
// most first; ties in hour order.
func PeakHours(hours []Occupancy, n int) []Occupancy {
	out := slices.Clone(hours)
	slices.SortStableFunc(out, func(a, b Occupancy) int { return b.BookedMinutes - a.BookedMinutes })
	return out[:min(n, len(out))]
}
