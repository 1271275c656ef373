package models

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/policies"
)

// checkinAlphabet leaves out I, L, O and U, which people mistake for 1, 0
// and V when typing a code from a sticker (Crockford's base 32).
const checkinAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCheckinCode draws a space's check-in code: 10 characters, 50 bits.
func NewCheckinCode() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = checkinAlphabet[b[i]&31]
	}
	return string(b[:])
}

// NormalizeCheckinCode reads a code as typed: case, spaces and hyphens do
// not matter, and the letters people mistake for digits are read as them.
func NormalizeCheckinCode(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\u3000", "").Replace(s))
	return strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(s)
}

// ByCheckinCode returns the space whose code it is.
func (Spaces) ByCheckinCode(ctx context.Context, db *gorm.DB, code string) (*Space, error) {
	var sp Space
	if len(code) != 10 {
		return nil, Translate(ErrNotFound, "space by check-in code")
	}
	if err := db.WithContext(ctx).Where("checkin_code = ?", code).Take(&sp).Error; err != nil {
		return nil, Translate(err, "space by check-in code")
	}
	return &sp, nil
}

// RotateCheckinCode gives the space a new code; the old one stops working.
func (Spaces) RotateCheckinCode(ctx context.Context, db *gorm.DB, sp *Space, now time.Time) error {
	code := NewCheckinCode()
	res := db.WithContext(ctx).Model(sp).Updates(map[string]any{"checkin_code": code, "updated_at": now})
	if res.Error != nil {
		return Translate(res.Error, "rotate check-in code of %s", sp.ID)
	}
	sp.CheckinCode, sp.UpdatedAt = &code, now
	return nil
}

// OfOffice returns every open space of an office in name order, with its code
// (for the office's printable sheet of QR codes).
func (Spaces) OfOffice(ctx context.Context, db *gorm.DB, officeID string) ([]Space, error) {
	var sps []Space
	err := db.WithContext(ctx).Where("office_id = ? AND active", officeID).Order("name, id").Find(&sps).Error
	return sps, Translate(err, "spaces of office %s", officeID)
}

// OfPersonOnSpace returns the person's live bookings of the space that
// overlap [from, to).
func (Bookings) OfPersonOnSpace(ctx context.Context, db *gorm.DB, employeeID, spaceID string, from, to time.Time) ([]Booking, error) {
	var bs []Booking
	err := overlapping(ctx, db, from, to, "").Where("employee_id = ? AND space_id = ?", employeeID, spaceID).
		Order("start_at").Find(&bs).Error
	return bs, Translate(err, "bookings of %s on space %s", employeeID, spaceID)
}

// AwaitingCheckIn returns the live bookings not checked in that started in
// (now-MaxBookingLength, now] at offices requiring check-in, with their
// offices' grace periods: the candidates for release as no-shows.
type AwaitingCheckIn struct {
	Booking
	CheckinGraceMin int
}

// AwaitingCheckIn lists them (see the type).
func (Bookings) AwaitingCheckIn(ctx context.Context, db *gorm.DB, now time.Time, limit int) ([]AwaitingCheckIn, error) {
	var out []AwaitingCheckIn
	err := db.WithContext(ctx).Table("bookings AS b").Select("b.*, o.checkin_grace_min").
		Joins("JOIN offices o ON o.id = b.office_id").
		Where("b.status = ? AND b.checked_in_at IS NULL AND b.start_at <= ? AND b.start_at > ? AND o.checkin_required",
			policies.BookingConfirmed, now.UTC(), now.Add(-MaxBookingLength).UTC()).
		Order("b.start_at, b.id").Limit(limit).Scan(&out).Error
	return out, Translate(err, "bookings awaiting check-in")
}

// ReleaseNoShow marks a booking a no-show if it is still live and not
// checked in; false when another process (or a check-in) got there first,
// so that each booking is released once however many workers look.
func (Bookings) ReleaseNoShow(ctx context.Context, db *gorm.DB, b *Booking, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&Booking{}).
		Where("id = ? AND status = ? AND checked_in_at IS NULL", b.ID, policies.BookingConfirmed).
		Updates(map[string]any{"status": policies.BookingCancelled, "no_show": true, "cancelled_at": now.UTC(),
			"sequence": gorm.Expr("sequence + 1"), "updated_at": now.UTC()})
	if res.Error != nil {
		return false, Translate(res.Error, "release no-show %s", b.ID)
	}
	if res.RowsAffected == 1 {
		b.Status, b.NoShow, b.CancelledAt, b.UpdatedAt = policies.BookingCancelled, true, &now, now
		b.Sequence++
	}
	return res.RowsAffected == 1, nil
}

// OfSeries returns the series' bookings in start order.
func (Bookings) OfSeries(ctx context.Context, db *gorm.DB, seriesID string) ([]Booking, error) {
	var bs []Booking
	err := db.WithContext(ctx).Where("series_id = ?", seriesID).Order("start_at, id").Find(&bs).Error
	return bs, Translate(err, "bookings of series %s", seriesID)
}

// OfRequest returns the live bookings made for a telework request.
func (b Bookings) OfRequest(ctx context.Context, db *gorm.DB, requestID string) ([]Booking, error) {
	return b.OfRequests(ctx, db, []string{requestID})
}

// OfRequests is OfRequest for many requests.
func (Bookings) OfRequests(ctx context.Context, db *gorm.DB, requestIDs []string) ([]Booking, error) {
	var bs []Booking
	err := db.WithContext(ctx).Where("request_id IN ? AND status = ?", requestIDs, policies.BookingConfirmed).Order("start_at, id").Find(&bs).Error
	return bs, Translate(err, "bookings of requests")
}

// SatelliteRequestOn returns the person's live telework request at the
// office whose days include day (pending or approved), nil when none.
func (TeleworkRequests) SatelliteRequestOn(ctx context.Context, db *gorm.DB, orgID, employeeID, officeID, day string) (*TeleworkRequest, error) {
	var rs []TeleworkRequest
	err := db.WithContext(ctx).Table("telework_requests AS r").Select("r.id, r.status").
		Joins("JOIN telework_request_days d ON d.request_id = r.id").
		Where("r.organization_id = ? AND r.employee_id = ? AND r.place = ? AND r.office_id = ? AND d.day = ? AND r.status IN ?",
			orgID, employeeID, "satellite", officeID, day, []policies.RequestState{policies.StateApproved, policies.StatePending}).
		Order("r.status").Limit(1).Scan(&rs).Error
	if err != nil || len(rs) == 0 {
		return nil, Translate(err, "satellite request of %s on %s", employeeID, day)
	}
	return &rs[0], nil
}

// BookingSeries is a weekly pattern of bookings of one space.
type BookingSeries struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	EmployeeID     string
	OfficeID       string
	SpaceID        string
	Weekdays       int // 1 << time.Weekday per weekday
	StartMin       int
	EndMin         int
	FromDay        Day
	UntilDay       Day
	BookedThrough  Day
	Status         string // active or cancelled
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TableName implements gorm.Tabler.
func (BookingSeries) TableName() string { return "booking_series" }

// Series states.
const (
	SeriesActive    = "active"
	SeriesCancelled = "cancelled"
)

// BookingSeriesStore queries booking series.
type BookingSeriesStore struct{}

// Create stores a series.
func (BookingSeriesStore) Create(ctx context.Context, db *gorm.DB, s *BookingSeries) error {
	return Translate(db.WithContext(ctx).Create(s).Error, "create booking series")
}

// Get returns a series of the organisation.
func (BookingSeriesStore) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*BookingSeries, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "booking series %q", id)
	}
	var s BookingSeries
	if err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&s).Error; err != nil {
		return nil, Translate(err, "booking series %s", id)
	}
	return &s, nil
}

// Of returns the person's series, newest first.
func (BookingSeriesStore) Of(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]BookingSeries, error) {
	var out []BookingSeries
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ?", orgID, employeeID).Order("id DESC").Limit(200).Find(&out).Error
	return out, Translate(err, "booking series of %s", employeeID)
}

// Due returns active series with days not yet tried up to their end.
func (BookingSeriesStore) Due(ctx context.Context, db *gorm.DB, limit int) ([]BookingSeries, error) {
	var out []BookingSeries
	err := db.WithContext(ctx).Where("status = ? AND booked_through < until_day", SeriesActive).Order("id").Limit(limit).Find(&out).Error
	return out, Translate(err, "booking series due")
}

// Advance moves booked_through from was to to if no one else has; false
// when another run did it first.
func (BookingSeriesStore) Advance(ctx context.Context, db *gorm.DB, s *BookingSeries, to Day, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&BookingSeries{}).Where("id = ? AND booked_through = ? AND status = ?", s.ID, s.BookedThrough, SeriesActive).
		Updates(map[string]any{"booked_through": to, "updated_at": now.UTC()})
	if res.Error != nil {
		return false, Translate(res.Error, "advance booking series %s", s.ID)
	}
	if res.RowsAffected == 1 {
		s.BookedThrough, s.UpdatedAt = to, now
	}
	return res.RowsAffected == 1, nil
}

// SetStatus saves the series' status.
func (BookingSeriesStore) SetStatus(ctx context.Context, db *gorm.DB, s *BookingSeries, status string, now time.Time) error {
	err := db.WithContext(ctx).Model(s).Updates(map[string]any{"status": status, "updated_at": now.UTC()}).Error
	if err == nil {
		s.Status, s.UpdatedAt = status, now
	}
	return Translate(err, "booking series %s", s.ID)
}

// CalendarFeed is a person's private calendar feed: only the token's hash.
type CalendarFeed struct {
	EmployeeID     string `gorm:"primaryKey"`
	OrganizationID string
	TokenHash      string
	CreatedAt      time.Time
}

// CalendarFeeds stores feed tokens.
type CalendarFeeds struct{}

// Replace stores the person's token hash, replacing any earlier one.
func (CalendarFeeds) Replace(ctx context.Context, db *gorm.DB, f *CalendarFeed) error {
	if err := db.WithContext(ctx).Where("employee_id = ?", f.EmployeeID).Delete(&CalendarFeed{}).Error; err != nil {
		return Translate(err, "revoke calendar feed")
	}
	return Translate(db.WithContext(ctx).Create(f).Error, "store calendar feed")
}

// Delete revokes the person's feed; false when there was none.
func (CalendarFeeds) Delete(ctx context.Context, db *gorm.DB, orgID, employeeID string) (bool, error) {
	res := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ?", orgID, employeeID).Delete(&CalendarFeed{})
	return res.RowsAffected > 0, Translate(res.Error, "revoke calendar feed")
}

// Get returns the person's feed, if any.
func (CalendarFeeds) Get(ctx context.Context, db *gorm.DB, orgID, employeeID string) (*CalendarFeed, error) {
	var f CalendarFeed
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ?", orgID, employeeID).Take(&f).Error
	if err != nil {
		return nil, Translate(err, "calendar feed")
	}
	return &f, nil
}

// ByHash returns the feed whose token hashes to hash.
func (CalendarFeeds) ByHash(ctx context.Context, db *gorm.DB, hash string) (*CalendarFeed, error) {
	var f CalendarFeed
	if err := db.WithContext(ctx).Where("token_hash = ?", hash).Take(&f).Error; err != nil {
		return nil, Translate(err, "calendar feed")
	}
	return &f, nil
}

// FeedDay is a telework day for a calendar feed: approved, or cancelled
// after approval.
type FeedDay struct {
	RequestID string
	Day       Day
	Unit      string
	Place     string
	Status    policies.RequestState
	UpdatedAt time.Time
}

// FeedDays returns the person's approved and cancelled telework days in
// [from, to] (inclusive, YYYY-MM-DD).
func (TeleworkRequests) FeedDays(ctx context.Context, db *gorm.DB, orgID, employeeID, from, to string) ([]FeedDay, error) {
	var out []FeedDay
	err := db.WithContext(ctx).Table("telework_request_days AS d").
		Select("d.request_id, d.day, d.unit, r.place, r.status, r.updated_at").
		Joins("JOIN telework_requests r ON r.id = d.request_id").
		Where("r.organization_id = ? AND r.employee_id = ? AND d.day BETWEEN ? AND ? AND r.status IN ?", orgID, employeeID, from, to,
			[]policies.RequestState{policies.StateApproved, policies.StateCancelled}).
		Order("d.day, d.request_id").Scan(&out).Error
	return out, Translate(err, "telework days of %s", employeeID)
}
