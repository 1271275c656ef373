package models

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Placement is what a booking needs to know before it is decided, read in
// one query: the space, its office (without hours, closed days, shares and
// managers, which the services keep per process by SettingsVersion), the
// calendar versions of the owning and the booking organisation, and the
// names the answer shows. A space of an office the booker's organisation
// neither owns nor is shared is not found: the database decides access.
type Placement struct {
	Space  Space  `gorm:"embedded"`
	Office Office `gorm:"embedded;embeddedPrefix:o_"`
	// OwnerCalendarVersion and BookerCalendarVersion are
	// organizations.calendar_version of the office's owner and of the booker.
	OwnerCalendarVersion  int64
	BookerCalendarVersion int64
	BookerOrgName         string
	BookerFamilyName      string
	BookerGivenName       string
}

// BookerName is the booker's full name as every answer shows it.
func (p *Placement) BookerName() string {
	return (&Employee{FamilyName: p.BookerFamilyName, GivenName: p.BookerGivenName}).FullName()
}

var (
	officeColumnsOnce sync.Once
	officeColumns     string
)

// officeSelect lists the office's columns as o_<column>, from the model, so
// that a column added to Office is read here too.
func officeSelect(db *gorm.DB) string {
	officeColumnsOnce.Do(func() {
		s, err := schema.Parse(&Office{}, &sync.Map{}, db.NamingStrategy)
		if err != nil {
			panic(err) // the model is fixed at compile time
		}
		cols := make([]string, 0, len(s.DBNames))
		for _, c := range s.DBNames {
			cols = append(cols, "o."+c+" AS o_"+c)
		}
		officeColumns = strings.Join(cols, ", ")
	})
	return officeColumns
}

// Place reads the space, its office and the booker's names and calendar
// version, if the booker's organisation owns the office or is shared it.
func (Offices) Place(ctx context.Context, db *gorm.DB, bookerOrgID, bookerID, spaceID string) (*Placement, error) {
	if !ValidID(spaceID) || !ValidID(bookerID) {
		return nil, Translate(ErrNotFound, "space %q", spaceID)
	}
	var p []Placement
	err := db.WithContext(ctx).Raw(`SELECT s.*, `+officeSelect(db)+`, oo.calendar_version AS owner_calendar_version,
		bo.calendar_version AS booker_calendar_version, bo.name AS booker_org_name,
		e.family_name AS booker_family_name, e.given_name AS booker_given_name
		FROM spaces s JOIN offices o ON o.id = s.office_id JOIN organizations oo ON oo.id = o.organization_id
		JOIN organizations bo ON bo.id = @org JOIN employees e ON e.organization_id = bo.id AND e.id = @booker
		WHERE s.id = @space AND (o.organization_id = @org
			OR EXISTS (SELECT 1 FROM office_shares sh WHERE sh.office_id = o.id AND sh.organization_id = @org))`,
		map[string]any{"org": bookerOrgID, "booker": bookerID, "space": spaceID}).Scan(&p).Error
	if err != nil {
		return nil, Translate(err, "space %s", spaceID)
	}
	if len(p) == 0 {
		return nil, Translate(ErrNotFound, "space %s", spaceID)
	}
	return &p[0], nil
}

// Settings fills an office's hours, closed days, shares and managers: what
// the services keep per process and read again when SettingsVersion moves.
func (s Offices) Settings(ctx context.Context, db *gorm.DB, o *Office) error {
	return s.load(ctx, db, []*Office{o})
}

// OfficeDay is an office as availability reads it, with the versions its
// answer depends on.
type OfficeDay struct {
	Office               Office `gorm:"embedded;embeddedPrefix:o_"`
	OwnerCalendarVersion int64
	// BookingsVersion grows with every booking written in the office whose
	// start falls on a UTC day in the range asked (a sum of counters that
	// only grow, bumped by the database: migration 00060).
	BookingsVersion int64
	// BookingShards is the same per shard (the last hex digit of the space
	// id): a shard whose sum has not moved has no booking changed, so what
	// was computed for its spaces still holds.
	BookingShards [BookingShardCount]int64 `gorm:"-"`
	Shards        string                   // shard:sum,… as the query returns it
}

// BookingShardCount is how many shards booking_versions counts per office
// and day (migration 00060).
const BookingShardCount = 16

// BookingShard is the shard of a space's bookings: its id's last hex digit,
// as the database's trigger computes it.
func BookingShard(spaceID string) int {
	if spaceID == "" {
		return 0
	}
	return max(0, strings.IndexByte("0123456789abcdef", spaceID[len(spaceID)-1]))
}

// OfficeForDay reads an office the organisation owns or is shared, with its
// owner's calendar version and the versions of its bookings starting on the
// UTC days [fromDay, toDay], per shard and in all, in one query.
func (Offices) OfficeForDay(ctx context.Context, db *gorm.DB, orgID, officeID, fromDay, toDay string) (*OfficeDay, error) {
	if !ValidID(officeID) {
		return nil, Translate(ErrNotFound, "office %q", officeID)
	}
	var out []OfficeDay
	concat := "group_concat"
	if db.Dialector.Name() == "postgres" {
		concat = "string_agg"
	}
	err := db.WithContext(ctx).Raw(`SELECT `+officeSelect(db)+`, oo.calendar_version AS owner_calendar_version,
		coalesce((SELECT `+concat+`(v.shard || ':' || v.total, ',') FROM (SELECT shard, sum(version) AS total FROM booking_versions
			WHERE office_id = o.id AND day >= @from AND day <= @to GROUP BY shard) v), '') AS shards
		FROM offices o JOIN organizations oo ON oo.id = o.organization_id
		WHERE o.id = @office AND (o.organization_id = @org
			OR EXISTS (SELECT 1 FROM office_shares sh WHERE sh.office_id = o.id AND sh.organization_id = @org))`,
		map[string]any{"org": orgID, "office": officeID, "from": fromDay, "to": toDay}).Scan(&out).Error
	if err != nil {
		return nil, Translate(err, "office %s", officeID)
	}
	if len(out) == 0 {
		return nil, Translate(ErrNotFound, "office %s", officeID)
	}
	od := &out[0]
	for _, part := range strings.Split(od.Shards, ",") {
		shard, total, _ := strings.Cut(part, ":")
		i, err1 := strconv.Atoi(shard)
		n, err2 := strconv.ParseInt(total, 10, 64)
		if err1 != nil || err2 != nil || i < 0 || i >= BookingShardCount {
			continue // no row yet (an empty string): nothing booked, version 0
		}
		od.BookingShards[i] = n
		od.BookingsVersion += n
	}
	return od, nil
}
