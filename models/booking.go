package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinmuchi/kinmuchi/policies"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Only confirmed bookings hold their space and person
// (policies.BookingConfirmed).

// Booking is one person's booking of one space for a half-open interval
// [StartAt, EndAt). It belongs to the booker's organisation, which need not
// own the office.
type Booking struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	OfficeID       string
	SpaceID        string
	EmployeeID     string
	StartAt        time.Time
	EndAt          time.Time
	Status         policies.BookingState
	CancelledAt    *time.Time
	// SeriesID: an occurrence of a weekly series. RequestID: booked for a
	// satellite telework request; Tentative while that request is pending
	// (it holds the seat all the same).
	SeriesID     *string
	RequestID    *string
	Tentative    bool
	CheckedInAt  *time.Time
	CheckedOutAt *time.Time
	// NoShow: released because nobody checked in (status cancelled).
	NoShow bool
	// Sequence counts changes, for calendar feeds (RFC 5545 SEQUENCE).
	Sequence  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// What a booking clashed with.
const (
	ClashSpace  = "space"
	ClashPerson = "person"
)

// BookingClash tells which guard refused a booking: ClashSpace, ClashPerson,
// or "" when err is no overlap (a deadlock or serialization failure between
// two bookings is a conflict too, but names neither).
func BookingClash(err error) string {
	var c clashError
	if errors.As(err, &c) {
		return string(c)
	}
	return ""
}

// clashError is an overlap the database refused: a conflict that remembers
// which guard refused it.
type clashError string

func (c clashError) Error() string {
	return "booking overlaps another booking of the same " + string(c)
}
func (c clashError) Is(target error) bool { return target == ErrConflict }

// translateBooking is Translate for booking writes, keeping which guard
// (space or person) refused an overlap.
func translateBooking(err error, format string, args ...any) error {
	var pgErr *pgconn.PgError
	clash := ""
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pgErr) && pgErr.Code == "23P01":
		clash = map[string]string{"bookings_space_overlap": ClashSpace, "bookings_person_overlap": ClashPerson}[pgErr.ConstraintName]
	case strings.Contains(err.Error(), sqliteOverlapMessage+ClashSpace):
		clash = ClashSpace
	case strings.Contains(err.Error(), sqliteOverlapMessage+ClashPerson):
		clash = ClashPerson
	}
	if clash == "" {
		return Translate(err, format, args...)
	}
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), clashError(clash))
}

// Bookings queries bookings.
type Bookings struct{}

// Get returns a booking of any organisation; the caller decides who may see it.
// forUpdate locks the row (PostgreSQL; SQLite's write transaction already
// excludes every other writer).
func (Bookings) Get(ctx context.Context, db *gorm.DB, id string, forUpdate bool) (*Booking, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "booking %q", id)
	}
	q := db.WithContext(ctx).Where("id = ?", id)
	if forUpdate && db.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var b Booking
	if err := q.Take(&b).Error; err != nil {
		return nil, Translate(err, "booking %s", id)
	}
	return &b, nil
}

// MaxBookingLength is the longest booking the database accepts: one local
// day, 25 hours on the day clocks go back.
const MaxBookingLength = 25 * time.Hour

// overlapping selects confirmed bookings that overlap [start, end), except
// one. A booking overlapping start began less than MaxBookingLength before
// it, which bounds the index range from below however long the history is.
func overlapping(ctx context.Context, db *gorm.DB, start, end time.Time, exceptID string) *gorm.DB {
	q := db.WithContext(ctx).Where("status = ? AND start_at < ? AND start_at > ? AND end_at > ?",
		policies.BookingConfirmed, end.UTC(), start.Add(-MaxBookingLength).UTC(), start.UTC())
	if exceptID != "" {
		q = q.Where("id <> ?", exceptID)
	}
	return q
}

// Clashes returns the confirmed bookings, other than exceptID, that overlap
// [start, end) on the space or for the person: at most one of each.
func (Bookings) Clashes(ctx context.Context, db *gorm.DB, spaceID, employeeID string, start, end time.Time, exceptID string) (space, person *Booking, err error) {
	var bs []Booking
	err = overlapping(ctx, db, start, end, exceptID).Where("(space_id = ? OR employee_id = ?)", spaceID, employeeID).
		Order("start_at").Limit(4).Find(&bs).Error
	if err != nil {
		return nil, nil, Translate(err, "bookings clashing with %s", spaceID)
	}
	for i := range bs {
		if bs[i].SpaceID == spaceID && space == nil {
			space = &bs[i]
		}
		if bs[i].EmployeeID == employeeID && person == nil {
			person = &bs[i]
		}
	}
	return space, person, nil
}

// Around returns, in one query, what a new or moved booking is checked
// against: the person's confirmed bookings overlapping the local day
// [dayFrom, dayTo) in any office (for the daily limit and a clash of the
// person) and the space's confirmed bookings overlapping [start, end),
// except one. The database's exclusion constraints still decide a race.
func (Bookings) Around(ctx context.Context, db *gorm.DB, orgID, employeeID, spaceID string, start, end, dayFrom, dayTo time.Time, exceptID string) ([]Booking, error) {
	var bs []Booking
	q := db.WithContext(ctx).Where("status = ?", policies.BookingConfirmed).
		Where(db.Where("organization_id = ? AND employee_id = ? AND start_at < ? AND start_at > ? AND end_at > ?",
			orgID, employeeID, dayTo.UTC(), dayFrom.Add(-MaxBookingLength).UTC(), dayFrom.UTC()).
			Or("space_id = ? AND start_at < ? AND start_at > ? AND end_at > ?", spaceID, end.UTC(), start.Add(-MaxBookingLength).UTC(), start.UTC()))
	if exceptID != "" {
		q = q.Where("id <> ?", exceptID)
	}
	err := q.Order("start_at").Find(&bs).Error
	return bs, Translate(err, "bookings around %s", spaceID)
}

// BookedInterval is the part of a booking availability needs.
type BookedInterval struct {
	SpaceID string
	StartAt time.Time
	EndAt   time.Time
}

// InOffice returns every confirmed booking of the office overlapping
// [from, to): one query for the whole office, however many spaces it has;
// only of the spaces named when spaceIDs is not nil.
func (Bookings) InOffice(ctx context.Context, db *gorm.DB, officeID string, from, to time.Time, spaceIDs []string) ([]BookedInterval, error) {
	var out []BookedInterval
	q := overlapping(ctx, db, from, to, "").Model(&Booking{}).Where("office_id = ?", officeID)
	if spaceIDs != nil {
		q = q.Where("space_id IN ?", spaceIDs)
	}
	err := q.Select("space_id", "start_at", "end_at").Find(&out).Error
	return out, Translate(err, "bookings of office %s", officeID)
}

// OccupyingBooking is a confirmed booking as an occupancy report reads it.
type OccupyingBooking struct {
	SpaceID        string
	OrganizationID string
	StartAt        time.Time
	EndAt          time.Time
}

// Occupying returns the confirmed bookings of the office overlapping
// [from, to), with their bookers' organisations.
func (Bookings) Occupying(ctx context.Context, db *gorm.DB, officeID string, from, to time.Time) ([]OccupyingBooking, error) {
	var out []OccupyingBooking
	err := db.WithContext(ctx).Model(&Booking{}).Where("office_id = ? AND status = ? AND start_at < ? AND end_at > ?",
		officeID, policies.BookingConfirmed, to.UTC(), from.UTC()).Select("space_id", "organization_id", "start_at", "end_at").Find(&out).Error
	return out, Translate(err, "occupancy of office %s", officeID)
}

// NoShows counts the office's bookings released because nobody checked in,
// starting in [from, to).
func (Bookings) NoShows(ctx context.Context, db *gorm.DB, officeID string, from, to time.Time) (int, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Booking{}).Where("office_id = ? AND no_show = ? AND start_at >= ? AND start_at < ?",
		officeID, true, from.UTC(), to.UTC()).Count(&n).Error
	return int(n), Translate(err, "no-shows of office %s", officeID)
}

// BookingCursor is where a page of bookings (in start order) ends.
type BookingCursor struct {
	StartAt time.Time
	ID      string
}

// BookingFilter selects bookings. Exactly the rows matching every set field
// are returned; the services set the scope (a person, an organisation, an
// office) from what the caller may see.
type BookingFilter struct {
	EmployeeID     string
	OrganizationID string
	OfficeID       string
	// From and To keep the bookings overlapping [From, To).
	From, To *time.Time
	Status   policies.BookingState
	Limit    int
	After    *BookingCursor
}

// List returns one page of bookings in start order and the cursor of the next.
func (Bookings) List(ctx context.Context, db *gorm.DB, f BookingFilter) ([]Booking, *BookingCursor, error) {
	q := db.WithContext(ctx)
	for col, v := range map[string]string{"employee_id": f.EmployeeID, "organization_id": f.OrganizationID, "office_id": f.OfficeID, "status": string(f.Status)} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.From != nil {
		q = q.Where("end_at > ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("start_at < ?", f.To.UTC())
	}
	if f.After != nil {
		at := f.After.StartAt.UTC()
		q = q.Where("(start_at > ? OR (start_at = ? AND id > ?))", at, at, f.After.ID)
	}
	var bs []Booking
	if err := q.Order("start_at, id").Limit(f.Limit + 1).Find(&bs).Error; err != nil {
		return nil, nil, Translate(err, "list bookings")
	}
	if len(bs) <= f.Limit {
		return bs, nil, nil
	}
	bs = bs[:f.Limit]
	last := bs[len(bs)-1]
	return bs, &BookingCursor{StartAt: last.StartAt, ID: last.ID}, nil
}

// Create stores a new booking. An overlap the database refuses is ErrConflict;
// BookingClash tells which.
func (Bookings) Create(ctx context.Context, db *gorm.DB, b *Booking) error {
	b.StartAt, b.EndAt = b.StartAt.UTC(), b.EndAt.UTC()
	return translateBooking(db.WithContext(ctx).Exec(insertBooking, b.insertValues()...).Error, "create booking of %s", b.SpaceID)
}

// insertBooking writes every column of a booking. It is spelt out, not left
// to GORM's Create, which builds the statement by reflection on every call:
// a few per cent of a booking's CPU (issue 20). TestBookingInsertWritesEveryField
// fails when a field is added to Booking and not here.
const insertBooking = `INSERT INTO bookings (id, organization_id, office_id, space_id, employee_id, start_at, end_at, status, cancelled_at,
	series_id, request_id, tentative, checked_in_at, checked_out_at, no_show, sequence, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertValues are the values of insertBooking's columns, in its order.
func (b *Booking) insertValues() []any {
	return []any{b.ID, b.OrganizationID, b.OfficeID, b.SpaceID, b.EmployeeID, b.StartAt, b.EndAt, string(b.Status), b.CancelledAt,
		b.SeriesID, b.RequestID, b.Tentative, b.CheckedInAt, b.CheckedOutAt, b.NoShow, b.Sequence, b.CreatedAt, b.UpdatedAt}
}

// Update saves the booking's space, times, state and check-in, and counts
// the change in its sequence.
func (Bookings) Update(ctx context.Context, db *gorm.DB, b *Booking) error {
	b.StartAt, b.EndAt = b.StartAt.UTC(), b.EndAt.UTC()
	b.Sequence++
	res := db.WithContext(ctx).Model(b).
		Select("office_id", "space_id", "start_at", "end_at", "status", "cancelled_at", "request_id", "tentative", "checked_in_at",
			"checked_out_at", "no_show", "sequence", "updated_at").Updates(b)
	if res.Error != nil {
		return translateBooking(res.Error, "update booking %s", b.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update booking %s", b.ID)
	}
	return nil
}

// OverlappingPairs counts pairs of confirmed bookings that overlap on the same
// space or the same person: the invariant the database guards, checked
// independently (tests, and an operator's sanity check).
func (Bookings) OverlappingPairs(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT count(*) FROM bookings a JOIN bookings b
		ON a.id < b.id AND (a.space_id = b.space_id OR a.employee_id = b.employee_id)
		AND a.start_at < b.end_at AND b.start_at < a.end_at
		WHERE a.status = ? AND b.status = ?`, policies.BookingConfirmed, policies.BookingConfirmed).Scan(&n).Error
	return n, Translate(err, "count overlapping bookings")
}
