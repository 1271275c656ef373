package services

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// A person's private calendar feed (iCalendar, RFC 5545): their bookings
// and approved telework days, for Outlook, Google Calendar or a phone to
// subscribe to. The token in its address is the only key, so it is long and
// random, stored only as its SHA-256, and never logged (the access log keeps
// the route, not the path). Calendars get shared: the feed names places and
// times, never a reason, a note or a family member.

// feedTokenBytes is the token's randomness: 256 bits.
const feedTokenBytes = 32

// Feed window: what a calendar needs to show, bounded so the answer stays small.
const (
	feedPast   = 60 * 24 * time.Hour
	feedFuture = 400 * 24 * time.Hour
	feedLimit  = 2000
)

func hashFeedToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FeedPath is the API path of a feed token's calendar: with
// KINMUCHI_PUBLIC_URL before it, the URL one subscribes to.
func FeedPath(token string) string { return "/api/v1/calendar/" + token + ".ics" }

// CreateCalendarFeed makes a new token for the actor's feed, replacing (and
// so revoking) any earlier one. The token is answered this once.
func (s *Bookings) CreateCalendarFeed(ctx context.Context, actor *Actor) (string, error) {
	var raw [feedTokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	err := s.tx(ctx, func(tx *gorm.DB) error {
		f := &models.CalendarFeed{EmployeeID: actor.EmployeeID, OrganizationID: actor.OrganizationID, TokenHash: hashFeedToken(token), CreatedAt: s.now()}
		if err := (models.CalendarFeeds{}).Replace(ctx, tx, f); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "calendar_feed.create", TargetType: "employee", TargetID: actor.EmployeeID})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// CalendarFeedState tells whether the actor has a feed, and since when.
func (s *Bookings) CalendarFeedState(ctx context.Context, actor *Actor) (*time.Time, error) {
	f, err := models.CalendarFeeds{}.Get(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &f.CreatedAt, nil
}

// RevokeCalendarFeed revokes the actor's feed: its address answers 404 from
// now on. Revoking when there is none is not an error.
func (s *Bookings) RevokeCalendarFeed(ctx context.Context, actor *Actor) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		gone, err := models.CalendarFeeds{}.Delete(ctx, tx, actor.OrganizationID, actor.EmployeeID)
		if err != nil || !gone {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "calendar_feed.revoke", TargetType: "employee", TargetID: actor.EmployeeID})
	})
}

// CalendarFeed renders the feed of a token; an unknown or revoked token is
// not found.
func (s *Bookings) CalendarFeed(ctx context.Context, token string) ([]byte, error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(feedTokenBytes) {
		return nil, notFound("calendar feed")
	}
	db := s.db
	f, err := models.CalendarFeeds{}.ByHash(ctx, db, hashFeedToken(token))
	if err != nil {
		return nil, err
	}
	org, err := s.orgs.Get(ctx, db, f.OrganizationID)
	if err != nil {
		return nil, err
	}
	loc := loadLocation(org.TimeZone)
	now := s.now()
	from, to := now.Add(-feedPast), now.Add(feedFuture)
	bs, _, err := s.bookings.List(ctx, db, models.BookingFilter{EmployeeID: f.EmployeeID, From: &from, To: &to, Limit: feedLimit})
	if err != nil {
		return nil, err
	}
	days, err := models.TeleworkRequests{}.FeedDays(ctx, db, f.OrganizationID, f.EmployeeID,
		policies.DateOf(from.In(loc)).String(), policies.DateOf(to.In(loc)).String())
	if err != nil {
		return nil, err
	}
	var officeIDs, spaceIDs []string
	for _, b := range bs {
		officeIDs, spaceIDs = append(officeIDs, b.OfficeID), append(spaceIDs, b.SpaceID)
	}
	offices, err := s.offices.ByIDs(ctx, db, officeIDs)
	if err != nil {
		return nil, err
	}
	spaces, err := s.spaces.ByIDs(ctx, db, spaceIDs)
	if err != nil {
		return nil, err
	}
	lang := org.Language
	cal := ics.NewCalendarFor("kinmuchi")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(pick(lang, "勤務予定（kinmuchi）", "Work plan (kinmuchi)"))
	cal.SetXWRTimezone(loc.String())
	addTimezone(cal, loc, now)
	for _, b := range bs {
		o := offices[b.OfficeID]
		if o == nil {
			continue
		}
		e := cal.AddEvent(b.ID + "@kinmuchi")
		e.SetDtStampTime(b.UpdatedAt.UTC())
		e.SetSequence(b.Sequence)
		e.SetProperty(ics.ComponentPropertyDtStart, b.StartAt.In(loc).Format("20060102T150405"), ics.WithTZID(loc.String()))
		e.SetProperty(ics.ComponentPropertyDtEnd, b.EndAt.In(loc).Format("20060102T150405"), ics.WithTZID(loc.String()))
		summary := pick(lang, "座席予約: ", "Seat booking: ") + o.Name + " " + spaces[b.SpaceID].Name
		if b.Tentative {
			summary += pick(lang, "（仮押さえ）", " (held)")
		}
		e.SetSummary(summary)
		e.SetLocation(o.Name + " " + spaces[b.SpaceID].Name)
		switch {
		case b.Status == policies.BookingCancelled:
			e.SetStatus(ics.ObjectStatusCancelled)
		case b.Tentative:
			e.SetStatus(ics.ObjectStatusTentative)
		default:
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	for _, d := range days {
		e := cal.AddEvent(d.RequestID + "-" + d.Day.String() + "@kinmuchi")
		e.SetDtStampTime(d.UpdatedAt.UTC())
		day, err := policies.ParseDate(d.Day.String())
		if err != nil {
			continue
		}
		y, m, dd := day.Civil()
		e.SetAllDayStartAt(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC))
		e.SetAllDayEndAt(time.Date(y, m, dd+1, 0, 0, 0, 0, time.UTC))
		e.SetSummary(placeSummary(lang, d.Place, d.Unit))
		e.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		if d.Status == policies.StateCancelled {
			// Only an approved request is ever cancelled: its days were sent once as confirmed.
			e.SetSequence(1)
			e.SetStatus(ics.ObjectStatusCancelled)
		} else {
			e.SetSequence(0)
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func pick(lang, ja, en string) string {
	if lang == "en" {
		return en
	}
	return ja
}

// placeSummary names a telework day by its place and part of the day only.
func placeSummary(lang, place, unit string) string {
	where := map[string][2]string{"home": {"在宅勤務", "Working from home"}, "satellite": {"サテライトオフィス勤務", "Working at a satellite office"},
		"elsewhere": {"テレワーク", "Teleworking"}}[place]
	if where[0] == "" {
		where = [2]string{"テレワーク", "Teleworking"}
	}
	part := map[string][2]string{"am": {"（午前）", " (morning)"}, "pm": {"（午後）", " (afternoon)"}, "hours": {"（時間単位）", " (some hours)"}}[unit]
	return pick(lang, where[0]+part[0], where[1]+part[1])
}

// addTimezone writes the VTIMEZONE of the organisation's zone: one STANDARD
// rule per offset the zone uses this year and next (Japan has one, no
// daylight saving time; a zone with it gets its transitions as they fall).
func addTimezone(cal *ics.Calendar, loc *time.Location, now time.Time) {
	tz := cal.AddTimezone(loc.String())
	y := now.In(loc).Year()
	at := time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	name, off := at.Zone()
	first := tz.AddStandard()
	first.AddProperty(ics.ComponentPropertyDtStart, "19700101T000000")
	first.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(off))
	first.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(off))
	first.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	end := time.Date(y+2, 1, 1, 0, 0, 0, 0, loc)
	for t := at; t.Before(end); {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) {
			break
		}
		from := off
		name, off = next.Zone()
		c := tz.AddStandard()
		c.AddProperty(ics.ComponentPropertyDtStart, next.UTC().Add(time.Duration(from)*time.Second).Format("20060102T150405"))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(from))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(off))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		t = next
	}
}

// offset writes seconds east of UTC as RFC 5545's UTC-OFFSET (+0900).
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
}
