package services

import (
	"context"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// OccupancyQuery asks for an office's use over a period.
type OccupancyQuery struct {
	OfficeID string
	From, To string // dates, both included
	Bucket   string // day (default), hour or weekday
}

// OccupancyReport is an office's use, by bucket.
type OccupancyReport struct {
	Office   *models.Office
	From, To policies.Date
	Bucket   policies.OccupancyBucket
	Buckets  []policies.Occupancy
	// PeakHours are the hours with the most booked minutes over the period.
	PeakHours []policies.Occupancy
	// Organizations names the organisations of Buckets' ByOrganization. The
	// key OthersKey, not named here, stands for every organisation but the
	// reader's where the reader sees the others only as one total.
	Organizations map[string]string
	// NoShows are the bookings of the period released because nobody
	// checked in (every organisation's: a count names nobody).
	NoShows int
	// Language is the reader's organisation's (ja or en): downloads head
	// their columns in it.
	Language string
}

// OthersKey is the part of a shared office's use that stands for every
// organisation but the reader's.
const OthersKey = ""

// Occupancy measures a satellite office's use: bookings, booked hours against
// open hours by kind of space, and the peak hours. In a shared office each
// organisation's HR sees its own use in full and the others' as one total;
// the office's managers see every organisation's.
func (s *Bookings) Occupancy(ctx context.Context, actor *Actor, q OccupancyQuery) (*OccupancyReport, error) {
	o, st, err := s.visibleOffice(ctx, s.db, actor, q.OfficeID)
	if err != nil {
		return nil, err
	}
	if !policies.CanReadOccupancy(subject(actor), st) {
		return nil, forbidden()
	}
	rules, err := s.officeRules(ctx, s.db, o)
	if err != nil {
		return nil, err
	}
	org, err := s.orgs.Get(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	rep := &OccupancyReport{Office: o, Language: org.Language}
	if err := rep.period(q, policies.DateOf(s.now().In(rules.Location))); err != nil {
		return nil, err
	}
	spaces, err := s.spaces.All(ctx, s.db, o.ID, models.SpaceFilter{Active: ptrTo(true)})
	if err != nil {
		return nil, err
	}
	from, to := rules.At(rep.From, 0), rules.At(rep.To.AddDays(1), 0)
	booked, err := s.bookings.Occupying(ctx, s.db, o.ID, from, to)
	if err != nil {
		return nil, err
	}
	if rep.NoShows, err = s.bookings.NoShows(ctx, s.db, o.ID, from, to); err != nil {
		return nil, err
	}
	var ss []policies.OccupiedSpace
	for _, sp := range spaces {
		ss = append(ss, policies.OccupiedSpace{ID: sp.ID, Kind: sp.Kind})
	}
	var bs []policies.OccupyingBooking
	for _, b := range booked {
		bs = append(bs, policies.OccupyingBooking{SpaceID: b.SpaceID, OrganizationID: b.OrganizationID, Start: b.StartAt, End: b.EndAt})
	}
	rep.Buckets = policies.ComputeOccupancy(rules, ss, bs, rep.From, rep.To, rep.Bucket)
	rep.PeakHours = policies.PeakHours(policies.ComputeOccupancy(rules, ss, bs, rep.From, rep.To, policies.BucketHour), 3)
	return rep, s.nameOrganizations(ctx, actor, rep, policies.CanSeeEveryOrganizationsUse(st))
}

// period reads the query's period and bucket: by default this month so far.
func (r *OccupancyReport) period(q OccupancyQuery, today policies.Date) error {
	var v Validator
	y, m, _ := today.Civil()
	r.From, r.To, r.Bucket = policies.NewDate(y, m, 1), today, policies.OccupancyBucket(q.Bucket)
	for _, p := range []struct {
		name, value string
		dst         *policies.Date
	}{{"from", q.From, &r.From}, {"to", q.To, &r.To}} {
		if p.value == "" {
			continue
		}
		d, err := policies.ParseDate(p.value)
		if err != nil {
			v.Add(p.name, "invalid", "日付は YYYY-MM-DD 形式です。", "Dates are YYYY-MM-DD.")
			continue
		}
		*p.dst = d
	}
	v.Check(!r.To.Before(r.From) && r.To.Before(r.From.AddDays(367)), "to", "invalid",
		"期間は開始日から1年以内で、開始日以降にしてください。", "The period ends on or after its start, within a year.")
	switch r.Bucket {
	case "":
		r.Bucket = policies.BucketDay
	case policies.BucketDay, policies.BucketHour, policies.BucketWeekday, policies.BucketWeekdayHour:
	default:
		v.Add("bucket", "invalid", "bucket は day、hour、weekday、weekday_hour のいずれかです。", "bucket is day, hour, weekday or weekday_hour.")
	}
	if err := v.Err(); err != nil {
		e := err.(*Error)
		e.Kind = ErrInvalidParameter
		return e
	}
	return nil
}

// nameOrganizations names the organisations of the report, folding the
// others into one total for a reader who may not see them apart.
func (s *Bookings) nameOrganizations(ctx context.Context, actor *Actor, rep *OccupancyReport, seesAll bool) error {
	rep.Organizations = map[string]string{}
	fold := func(parts map[string]*policies.KindOccupancy) map[string]*policies.KindOccupancy {
		out := make(map[string]*policies.KindOccupancy, len(parts))
		for id, p := range parts {
			if seesAll || id == actor.OrganizationID {
				out[id] = p
				rep.Organizations[id] = ""
				continue
			}
			if out[OthersKey] == nil {
				out[OthersKey] = &policies.KindOccupancy{}
			}
			out[OthersKey].Bookings += p.Bookings
			out[OthersKey].BookedMinutes += p.BookedMinutes
		}
		return out
	}
	for i := range rep.Buckets {
		rep.Buckets[i].ByOrganization = fold(rep.Buckets[i].ByOrganization)
	}
	for i := range rep.PeakHours {
		rep.PeakHours[i].ByOrganization = fold(rep.PeakHours[i].ByOrganization)
	}
	for id := range rep.Organizations {
		org, err := s.orgs.Get(ctx, s.db, id)
		if err != nil {
			return err
		}
		rep.Organizations[id] = org.Name
	}
	return nil
}
