package services

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Recurring bookings: a weekly pattern whose occurrences are bookings of
// their own. Occurrences within the office's advance limit are booked at
// once; the later ones by the daily job (BookDueSeries) once the limit
// reaches them.

// SeriesInput is a weekly pattern as sent.
type SeriesInput struct {
	SpaceID   Optional[string]   `json:"space_id"`
	Weekdays  Optional[[]string] `json:"weekdays"`
	StartTime Optional[string]   `json:"start_time"`
	EndTime   Optional[string]   `json:"end_time"`
	From      Optional[string]   `json:"from"`
	Until     Optional[string]   `json:"until"`
}

// Occurrence outcomes.
const (
	OccurrenceBooked = "booked"
	OccurrenceFailed = "failed"
	OccurrenceLater  = "later" // beyond the advance limit: the daily job books it
)

// Occurrence is one day of a series: booked (with its booking), not booked
// (with the rule or clash that refused it), or to be booked later.
type Occurrence struct {
	Date    string
	Outcome string
	Booking *BookingView
	Reason  string // a rule id: booking.closed_day, booking.space_taken …
	Message i18n.Text
}

// SeriesView is a series as its owner sees it.
type SeriesView struct {
	models.BookingSeries
	OfficeName  string
	SpaceName   string
	Occurrences []Occurrence // on creation only
}

// maxSeriesDays bounds a series to a year, as the database does.
const maxSeriesDays = 366

// CreateSeries books a weekly pattern for the actor: each occurrence within
// the advance limit now, each with its own outcome; the series is kept even
// when some (or all) could not be booked.
func (s *Bookings) CreateSeries(ctx context.Context, actor *Actor, in SeriesInput) (*SeriesView, error) {
	var v Validator
	spaceID := requiredID(&v, in.SpaceID, "space_id")
	mask := 0
	if !in.Weekdays.Set || len(in.Weekdays.Value) == 0 {
		v.Add("weekdays", "required", "曜日を1つ以上選んでください。", "Choose at least one weekday.")
	}
	for i, w := range in.Weekdays.Value {
		n := slices.Index(Weekdays, w)
		if n < 0 {
			v.Add(fmt.Sprintf("weekdays[%d]", i), "invalid", "曜日は monday〜sunday で指定してください。", "The weekday must be monday to sunday.")
			continue
		}
		mask |= 1 << n
	}
	startMin, endMin := timeOfDay(&v, in.StartTime, "start_time", false), timeOfDay(&v, in.EndTime, "end_time", true)
	if v.Err() == nil && startMin >= endMin {
		v.Add("end_time", "order", "終了時刻は開始時刻より後にしてください。", "The end time must be after the start time.")
	}
	from, until := dateField(&v, in.From, "from"), dateField(&v, in.Until, "until")
	if v.Err() == nil {
		if until.Before(from) {
			v.Add("until", "order", "終了日は開始日以降にしてください。", "The last day must not be before the first.")
		} else if until.Sub(from) > maxSeriesDays {
			v.Add("until", "too_long", "繰り返し予約は1年（366日）までです。", "A recurring booking may last at most a year (366 days).")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	var out *SeriesView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		sp, o, _, err := s.visibleSpace(ctx, tx, actor, spaceID)
		if err != nil {
			return err
		}
		rules, err := s.officeRules(ctx, tx, o)
		if err != nil {
			return err
		}
		if today := policies.DateOf(now.In(rules.Location)); from.Before(today) {
			var v Validator
			v.Add("from", "past", "開始日は今日以降にしてください。", "The first day must be today or later.")
			return v.Err()
		}
		through := minDate(until, rules.LastBookableDay(now))
		if through.Before(from) {
			through = from.AddDays(-1)
		}
		series := &models.BookingSeries{ID: models.NewID(), OrganizationID: actor.OrganizationID, EmployeeID: actor.EmployeeID, OfficeID: o.ID,
			SpaceID: sp.ID, Weekdays: mask, StartMin: int(startMin), EndMin: int(endMin), FromDay: models.Day(from.String()),
			UntilDay: models.Day(until.String()), BookedThrough: models.Day(through.String()), Status: models.SeriesActive, CreatedAt: now, UpdatedAt: now}
		if err := (models.BookingSeriesStore{}).Create(ctx, tx, series); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "booking_series.create", TargetType: "booking_series", TargetID: series.ID,
			After: seriesAudit(series)}); err != nil {
			return err
		}
		occ, err := s.bookOccurrences(ctx, tx, actor, o, series, from, through)
		if err != nil {
			return err
		}
		for _, d := range policies.SeriesDays(mask, through.AddDays(1), until) {
			last := d.AddDays(-o.MaxAdvanceDays).Words()
			occ = append(occ, Occurrence{Date: d.String(), Outcome: OccurrenceLater, Reason: policies.RuleBookingTooFar, Message: i18n.T(
				"予約受付の期間外です。"+last.Ja+"に自動で予約します（できなかった場合はお知らせします）。",
				"Beyond the advance limit: it will be booked automatically on "+last.En+" (you will be told if it cannot be).")})
		}
		out = &SeriesView{BookingSeries: *series, OfficeName: o.Name, SpaceName: sp.Name, Occurrences: occ}
		return nil
	})
	return out, err
}

// bookOccurrences books the series' days in [from, through], each in a
// savepoint of its own so that a refused day leaves the others booked.
// actor audits the bookings: the owner, or the system for the daily job.
func (s *Bookings) bookOccurrences(ctx context.Context, tx *gorm.DB, actor *Actor, o *models.Office, series *models.BookingSeries, from, through policies.Date) ([]Occurrence, error) {
	rules, err := s.officeRules(ctx, tx, o)
	if err != nil {
		return nil, err
	}
	owner := &Actor{OrganizationID: series.OrganizationID, EmployeeID: series.EmployeeID}
	var out []Occurrence
	for _, d := range policies.SeriesDays(series.Weekdays, from, through) {
		now := s.now()
		b := &models.Booking{ID: models.NewID(), OrganizationID: series.OrganizationID, EmployeeID: series.EmployeeID, OfficeID: o.ID,
			SpaceID: series.SpaceID, SeriesID: &series.ID, StartAt: rules.At(d, policies.Clock(series.StartMin)).UTC(),
			EndAt: rules.At(d, policies.Clock(series.EndMin)).UTC(), Status: policies.BookingConfirmed, CreatedAt: now, UpdatedAt: now}
		var view *BookingView
		err := tx.Transaction(func(stx *gorm.DB) error {
			if err := s.create(ctx, stx, actor, o, b, "booking.create"); err != nil {
				return err
			}
			var err error
			view, err = s.view(ctx, stx, owner, b)
			return err
		})
		var refused *Error
		switch {
		case err == nil:
			out = append(out, Occurrence{Date: d.String(), Outcome: OccurrenceBooked, Booking: view})
		case errors.As(err, &refused) && (errors.Is(err, ErrBookingRules) || errors.Is(err, models.ErrConflict)) && len(refused.Fields) > 0:
			out = append(out, Occurrence{Date: d.String(), Outcome: OccurrenceFailed, Reason: refused.Fields[0].Code, Message: refused.Detail})
		default:
			return nil, err
		}
	}
	return out, nil
}

// ListSeries returns the actor's series, newest first.
func (s *Bookings) ListSeries(ctx context.Context, actor *Actor) ([]SeriesView, error) {
	ss, err := models.BookingSeriesStore{}.Of(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
	if err != nil {
		return nil, err
	}
	return s.seriesViews(ctx, s.db, ss)
}

func (s *Bookings) seriesViews(ctx context.Context, db *gorm.DB, ss []models.BookingSeries) ([]SeriesView, error) {
	var officeIDs, spaceIDs []string
	for _, x := range ss {
		officeIDs, spaceIDs = append(officeIDs, x.OfficeID), append(spaceIDs, x.SpaceID)
	}
	os, err := s.offices.ByIDs(ctx, db, slices.Compact(slices.Sorted(slices.Values(officeIDs))))
	if err != nil {
		return nil, err
	}
	sps, err := s.spaces.ByIDs(ctx, db, slices.Compact(slices.Sorted(slices.Values(spaceIDs))))
	if err != nil {
		return nil, err
	}
	out := make([]SeriesView, 0, len(ss))
	for _, x := range ss {
		name := ""
		if o := os[x.OfficeID]; o != nil {
			name = o.Name
		}
		out = append(out, SeriesView{BookingSeries: x, OfficeName: name, SpaceName: sps[x.SpaceID].Name})
	}
	return out, nil
}

// CancelSeries cancels the rest of the actor's series: its occurrences yet
// to start, and the occurrences the daily job would still book.
func (s *Bookings) CancelSeries(ctx context.Context, actor *Actor, id string) (*SeriesView, error) {
	var out *SeriesView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		series, err := models.BookingSeriesStore{}.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil || series.EmployeeID != actor.EmployeeID {
			return notFound("booking series " + id)
		}
		if series.Status != models.SeriesActive {
			e := Fail(ErrInvalidState, "この繰り返し予約は既に取り消されています。", "This recurring booking has already been cancelled.")
			e.Extra = map[string]any{"current_status": series.Status}
			return e
		}
		now := s.now()
		bs, err := s.bookings.OfSeries(ctx, tx, series.ID)
		if err != nil {
			return err
		}
		for i := range bs {
			b := &bs[i]
			if b.Status != policies.BookingConfirmed || !b.StartAt.After(now) {
				continue // cancelled already, or under way: the rest is what is left
			}
			if err := s.cancelBooking(ctx, tx, actor, b, now); err != nil {
				return err
			}
		}
		before := seriesAudit(series)
		if err := (models.BookingSeriesStore{}).SetStatus(ctx, tx, series, models.SeriesCancelled, now); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "booking_series.cancel", TargetType: "booking_series", TargetID: series.ID,
			Before: before, After: seriesAudit(series)}); err != nil {
			return err
		}
		vs, err := s.seriesViews(ctx, tx, []models.BookingSeries{*series})
		if err == nil {
			out = &vs[0]
		}
		return err
	})
	return out, err
}

// BookDueSeries books, in the caller's transaction (the daily job's), the
// occurrences the advance limit has reached since the last run, and tells
// each owner of an occurrence that could not be booked. Each series is
// claimed by moving its booked_through conditionally, so concurrent runs
// book each day once.
func (s *Bookings) BookDueSeries(ctx context.Context, tx *gorm.DB) (booked, failed int, err error) {
	due, err := models.BookingSeriesStore{}.Due(ctx, tx, 1000)
	if err != nil {
		return 0, 0, err
	}
	now := s.now()
	for i := range due {
		series := &due[i]
		os, err := s.offices.ByIDs(ctx, tx, []string{series.OfficeID})
		if err != nil {
			return booked, failed, err
		}
		o := os[series.OfficeID]
		rules, err := s.officeRules(ctx, tx, o)
		if err != nil {
			return booked, failed, err
		}
		until, _ := policies.ParseDate(series.UntilDay.String())
		was, _ := policies.ParseDate(series.BookedThrough.String())
		through := minDate(until, rules.LastBookableDay(now))
		if !through.After(was) {
			continue
		}
		claimed, err := models.BookingSeriesStore{}.Advance(ctx, tx, series, models.Day(through.String()), now)
		if err != nil || !claimed {
			if err != nil {
				return booked, failed, err
			}
			continue
		}
		occ, err := s.bookOccurrences(ctx, tx, &Actor{OrganizationID: series.OrganizationID}, o, series, was.AddDays(1), through)
		if err != nil {
			return booked, failed, err
		}
		for _, x := range occ {
			if x.Outcome == OccurrenceBooked {
				booked++
				continue
			}
			failed++
			d, _ := policies.ParseDate(x.Date)
			b := &models.Booking{OrganizationID: series.OrganizationID, EmployeeID: series.EmployeeID, OfficeID: o.ID, SpaceID: series.SpaceID,
				StartAt: rules.At(d, policies.Clock(series.StartMin)), EndAt: rules.At(d, policies.Clock(series.EndMin))}
			if err := s.tellBooker(ctx, tx, b, NoticeSeriesNotBooked, policies.Text(x.Message)); err != nil {
				return booked, failed, err
			}
		}
	}
	return booked, failed, nil
}

func minDate(a, b policies.Date) policies.Date {
	if a.Before(b) {
		return a
	}
	return b
}

func seriesAudit(x *models.BookingSeries) map[string]any {
	return map[string]any{"space_id": x.SpaceID, "office_id": x.OfficeID, "employee_id": x.EmployeeID, "weekdays": x.Weekdays,
		"start_min": x.StartMin, "end_min": x.EndMin, "from": x.FromDay, "until": x.UntilDay, "status": x.Status}
}

// timeOfDay reads a required HH:MM time (24:00 allowed for an end).
func timeOfDay(v *Validator, o Optional[string], field string, closing bool) policies.Clock {
	if !o.Set || o.Null || o.Value == "" {
		v.Add(field, "required", "必須項目です。", "This field is required.")
		return 0
	}
	c, ok := ParseTimeOfDay(o.Value, closing)
	if !ok {
		v.Add(field, "invalid", "HH:MM 形式の時刻にしてください。", "Must be a time of day, HH:MM.")
	}
	return c
}

// dateField reads a required YYYY-MM-DD date.
func dateField(v *Validator, o Optional[string], field string) policies.Date {
	if !o.Set || o.Null || o.Value == "" {
		v.Add(field, "required", "必須項目です。", "This field is required.")
		return policies.Date{}
	}
	d, err := policies.ParseDate(o.Value)
	if err != nil {
		v.Add(field, "invalid", "日付は YYYY-MM-DD 形式にしてください。", "Must be a date, YYYY-MM-DD.")
	}
	return d
}
