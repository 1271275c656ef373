package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// AvailabilityQuery asks which spaces of an office are free on a day.
type AvailabilityQuery struct {
	Date     string // YYYY-MM-DD in the office's zone; default today there
	From, To string // HH:MM local; default opening and closing
	Kind     string
	Attrs    []string
}

// Interval is a half-open stretch of time [Start, End).
type Interval struct {
	Start, End time.Time
}

// SlotCount is one unit slot and how many of the matching spaces are free in it.
type SlotCount struct {
	Interval
	Free int
}

// SpaceAvailability is one space and its free (bookable) intervals.
type SpaceAvailability struct {
	Space models.Space
	Free  []Interval
}

// Availability is an office's day: its hours, each matching space's free
// intervals and, per slot, how many spaces are free. "Free" means bookable
// now: slots already past, or beyond how far ahead one may book, are not.
type Availability struct {
	Office   *models.Office
	Location *time.Location
	Date     policies.Date
	// Open is false on a closed day, with the reason.
	Open         bool
	ClosedReason policies.Text
	// Bookable is false when no slot of the day may be booked now (past, too
	// far ahead, closed), with the reason.
	Bookable  bool
	Reason    policies.Text
	Opens     *policies.Clock
	Closes    *policies.Clock
	From, To  time.Time
	Unit      string
	Slots     []SlotCount
	Spaces    []SpaceAvailability
	FreeTotal int // spaces with at least one free interval
	// Tag names this answer: the office, the question, the versions it was
	// computed at and the current slot. Equal tags, equal answers (an ETag);
	// an answer is shared between requests and never changed once made.
	Tag string
	// Base is the Tag of the answer this one was made from when a booking
	// changed (empty: computed whole); only the spaces at the indices in
	// Changed differ from it, so an encoding of Base holds for the others.
	Base    string
	Changed []int
}

// keptDay is the last answer to a question with what it was computed from.
// Shared between requests and never changed once kept.
type keptDay struct {
	a *Availability
	// stable names what, besides bookings, the answer depends on (the
	// question, the office's settings, the calendar, the current slot, today).
	stable string
	// shards are the bookings' versions per shard the answer is at least as
	// new as (its bookings were read after these versions were).
	shards [models.BookingShardCount]int64
	free   [][]bool // per space of a.Spaces, per slot
}

// Availability answers the office's free spaces on a day. One query reads
// the office, decides access and reads the versions the answer depends on
// (the office's settings and spaces, its owner's calendar, the bookings of
// the days around, per shard of spaces); an answer already computed at those
// versions, for the same question and the same current slot, is reused as it
// is. When only bookings have changed since the kept answer, one more query
// reads the bookings of the spaces whose shard moved (a sixteenth of the
// office for one booking) and only those spaces are computed again (issue
// 20: a booking landing cost a whole recomputation). Otherwise two more
// queries (its spaces, the day's bookings on the office's time index) and
// the rest is computed here: 1,000 spaces cost the same round trips as ten.
func (s *Bookings) Availability(ctx context.Context, actor *Actor, officeID string, q AvailabilityQuery) (*Availability, error) {
	mf, err := SpaceListFilter{Kind: q.Kind, Attributes: q.Attrs}.filter()
	if err != nil {
		return nil, err
	}
	now := s.now()
	var v Validator
	asked := policies.DateOf(now)
	if q.Date != "" {
		d, err := policies.ParseDate(q.Date)
		v.Check(err == nil, "date", "invalid", "date は YYYY-MM-DD 形式の日付です。", "date must be YYYY-MM-DD.")
		asked = d
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	// Whatever the office's zone, its local day and the bookings that may
	// overlap it (up to 25 hours long) start within these UTC days.
	od, err := s.offices.OfficeForDay(ctx, s.db, actor.OrganizationID, officeID, asked.AddDays(-3).String(), asked.AddDays(2).String())
	if errors.Is(err, models.ErrNotFound) {
		return nil, notFound("office " + officeID)
	}
	if err != nil {
		return nil, err
	}
	o := &od.Office
	o.OwnerCalendarVersion = od.OwnerCalendarVersion
	if err := s.withSettings(ctx, s.db, o); err != nil {
		return nil, err
	}
	if !policies.CanSeeOffice(officeStanding(actor, o)) {
		return nil, notFound("office " + officeID)
	}
	rules, err := s.officeRules(ctx, s.db, o)
	if err != nil {
		return nil, err
	}
	a := &Availability{Office: o, Location: rules.Location, Unit: o.BookingUnit, Date: policies.DateOf(now.In(rules.Location)), Slots: []SlotCount{}}
	if q.Date != "" {
		a.Date = asked
	}
	bounds := rules.Boundaries(a.Date)
	a.From, a.To = rules.At(a.Date, 0), rules.At(a.Date, policies.Midnight)
	if len(bounds) > 0 {
		opens, closes := bounds[0], bounds[len(bounds)-1]
		a.Open, a.Opens, a.Closes = true, &opens, &closes
		from, to := windowOf(&v, q, opens, closes)
		if err := v.Err(); err != nil {
			return nil, err
		}
		a.From, a.To = rules.At(a.Date, from), rules.At(a.Date, to)
		a.Slots = slotsIn(rules, a.Date, bounds, from, to)
	} else {
		a.ClosedReason, _ = rules.Closed(a.Date)
	}
	open := bookableFrom(rules, a, now)
	mf.Active = ptrTo(true)
	question := fmt.Sprintf("%s/%s/%d-%d/%s/%q", o.ID, a.Date, a.From.Unix(), a.To.Unix(), mf.Kind, mf.Attrs)
	// Now enters the answer only through the current slot and today's date
	// (how far ahead one may book, whether the day is past).
	stable := fmt.Sprintf("%s/%d-%d/%d/%s", question, o.SettingsVersion, od.OwnerCalendarVersion, open.Unix(),
		policies.DateOf(now.In(rules.Location)))
	a.Tag = fmt.Sprintf("%s/%d", stable, od.BookingsVersion)
	kept, haveKept := s.availability.latest(question)
	if haveKept && kept.a.Tag == a.Tag {
		return kept.a, nil
	}
	// Requests that miss together (a booking has just landed) wait for one
	// computation rather than each repeating it.
	made, err, _ := s.computing.Do(a.Tag, func() (any, error) {
		var free [][]bool
		var err error
		if haveKept && kept.stable == stable && movedShards(kept.shards, od.BookingShards) <= models.BookingShardCount/2 {
			free, err = s.updateAvailability(ctx, a, kept, od.BookingShards, open)
		} else {
			free, err = s.fillAvailability(ctx, a, mf, open)
		}
		if err != nil {
			return nil, err
		}
		s.availability.put(question, od.BookingsVersion, &keptDay{a: a, stable: stable, shards: od.BookingShards, free: free})
		return a, nil
	})
	if err != nil {
		return nil, err
	}
	return made.(*Availability), nil
}

// fillAvailability reads the office's matching spaces and the day's bookings
// (one query each, on their indexes) and computes each space's free
// intervals and each slot's free count. It returns each space's free slots.
func (s *Bookings) fillAvailability(ctx context.Context, a *Availability, mf models.SpaceFilter, open time.Time) ([][]bool, error) {
	spaces, err := s.spaces.All(ctx, s.db, a.Office.ID, mf)
	if err != nil {
		return nil, err
	}
	booked, err := s.bookings.InOffice(ctx, s.db, a.Office.ID, a.From, a.To, nil)
	if err != nil {
		return nil, err
	}
	busy := bySpace(booked)
	a.Spaces = make([]SpaceAvailability, len(spaces))
	free := make([][]bool, len(spaces))
	for i, sp := range spaces {
		a.Spaces[i].Space = sp
		free[i] = a.place(i, nil, freeSlots(a.Slots, busy[sp.ID], open))
	}
	return free, nil
}

// updateAvailability makes the answer from the kept one k: the bookings of
// the spaces in the shards that moved since k are read again and only those
// spaces computed; the others, and the slots' counts, carry over. It returns
// each space's free slots.
func (s *Bookings) updateAvailability(ctx context.Context, a *Availability, k *keptDay, shards [models.BookingShardCount]int64, open time.Time) ([][]bool, error) {
	ids, at := []string{}, []int{}
	for i, sa := range k.a.Spaces {
		if sh := models.BookingShard(sa.Space.ID); k.shards[sh] != shards[sh] {
			ids, at = append(ids, sa.Space.ID), append(at, i)
		}
	}
	booked, err := s.bookings.InOffice(ctx, s.db, a.Office.ID, a.From, a.To, ids)
	if err != nil {
		return nil, err
	}
	busy := bySpace(booked)
	a.Spaces, a.FreeTotal, a.Base = slices.Clone(k.a.Spaces), k.a.FreeTotal, k.a.Tag
	for i := range a.Slots {
		a.Slots[i].Free = k.a.Slots[i].Free
	}
	free := slices.Clone(k.free)
	for _, i := range at {
		fresh := freeSlots(a.Slots, busy[a.Spaces[i].Space.ID], open)
		if slices.Equal(fresh, free[i]) {
			continue
		}
		free[i] = a.place(i, free[i], fresh)
		a.Changed = append(a.Changed, i)
	}
	return free, nil
}

// place sets space i's free intervals to the slots now free, moving the
// slots' counts and the total from what was free before (nil: nothing was
// counted yet), and returns now.
func (a *Availability) place(i int, before, now []bool) []bool {
	for j := range now {
		if j < len(before) && before[j] {
			a.Slots[j].Free--
		}
		if now[j] {
			a.Slots[j].Free++
		}
	}
	if len(a.Spaces[i].Free) > 0 {
		a.FreeTotal--
	}
	a.Spaces[i].Free = merge(a.Slots, now)
	if len(a.Spaces[i].Free) > 0 {
		a.FreeTotal++
	}
	return now
}

func bySpace(booked []models.BookedInterval) map[string][]models.BookedInterval {
	busy := make(map[string][]models.BookedInterval, len(booked))
	for _, b := range booked {
		busy[b.SpaceID] = append(busy[b.SpaceID], b)
	}
	return busy
}

// movedShards counts the shards whose versions differ.
func movedShards(was, is [models.BookingShardCount]int64) int {
	n := 0
	for i := range was {
		if was[i] != is[i] {
			n++
		}
	}
	return n
}

// maxAvailabilityAnswers bounds the answers kept per process: one for 1,000
// spaces holds about half a megabyte.
const maxAvailabilityAnswers = 32

func ptrTo[T any](v T) *T { return &v }

// windowOf reads from and to (HH:MM local), clipped to the opening hours.
func windowOf(v *Validator, q AvailabilityQuery, opens, closes policies.Clock) (policies.Clock, policies.Clock) {
	from, to := opens, closes
	if q.From != "" {
		c, ok := ParseTimeOfDay(q.From, false)
		v.Check(ok, "from", "invalid", "from は HH:MM 形式の時刻です。", "from must be a time of day, HH:MM.")
		from = max(c, opens)
	}
	if q.To != "" {
		c, ok := ParseTimeOfDay(q.To, true)
		v.Check(ok, "to", "invalid", "to は HH:MM 形式の時刻です（24:00 も可）。", "to must be a time of day, HH:MM (or 24:00).")
		to = min(c, closes)
	}
	if q.From != "" && q.To != "" && len(v.Fields()) == 0 {
		v.Check(from < to, "to", "order", "to は from より後にしてください。", "to must be after from.")
	}
	return from, to
}

// slotsIn returns the day's slots that lie within [from, to].
func slotsIn(rules policies.OfficeRules, d policies.Date, bounds []policies.Clock, from, to policies.Clock) []SlotCount {
	out := []SlotCount{}
	for i := 0; i+1 < len(bounds); i++ {
		if bounds[i] >= from && bounds[i+1] <= to {
			out = append(out, SlotCount{Interval: Interval{Start: rules.At(d, bounds[i]), End: rules.At(d, bounds[i+1])}})
		}
	}
	return out
}

// bookableFrom sets whether and from when the day may be booked now, and
// returns the earliest bookable instant (the zero time: none).
func bookableFrom(rules policies.OfficeRules, a *Availability, now time.Time) time.Time {
	cutoff := rules.CurrentSlotStart(now)
	switch {
	case !a.Office.Active:
		a.Reason = policies.Text{Ja: "この施設は現在予約を受け付けていません。", En: "This office is not open for booking."}
	case !a.Open:
		a.Reason = a.ClosedReason
	case a.Date.After(rules.LastBookableDay(now)):
		a.Reason = policies.Text{Ja: "この日はまだ予約を受け付けていません。", En: "This day is not open for booking yet."}
	case len(a.Slots) == 0:
		a.Reason = policies.Text{Ja: "指定の時間帯に予約できる枠はありません。", En: "No slot lies within the times asked for."}
	case a.Slots[len(a.Slots)-1].Start.Before(cutoff):
		a.Reason = policies.Text{Ja: "この日の予約できる時間帯は過ぎました。", En: "This day's slots are in the past."}
	default:
		a.Bookable = true
		return cutoff
	}
	return time.Time{}
}

// freeSlots marks the slots in which the space is free and bookable: from
// the cut-off on, and overlapping none of its bookings (half-open intervals:
// a booking ending at 10:00 leaves the 10:00 slot free).
func freeSlots(slots []SlotCount, busy []models.BookedInterval, from time.Time) []bool {
	free := make([]bool, len(slots))
	if from.IsZero() {
		return free
	}
	for i, sl := range slots {
		free[i] = !sl.Start.Before(from) && !slices.ContainsFunc(busy, func(b models.BookedInterval) bool {
			return b.StartAt.Before(sl.End) && sl.Start.Before(b.EndAt)
		})
	}
	return free
}

// merge joins consecutive free slots into intervals.
func merge(slots []SlotCount, free []bool) []Interval {
	out := []Interval{}
	for i, f := range free {
		switch {
		case !f:
		case len(out) > 0 && out[len(out)-1].End.Equal(slots[i].Start):
			out[len(out)-1].End = slots[i].End
		default:
			out = append(out, slots[i].Interval)
		}
	}
	return out
}
