package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Office kinds.
const (
	OfficeMainBuilding     = "main_building"     // 本庁舎: free-address seats
	OfficeSatellite        = "satellite"         // the organisation's own satellite office
	OfficePartnerCoworking = "partner_coworking" // a partner's coworking space
)

// Space kinds.
const (
	SpaceOpenSeat    = "open_seat"
	SpaceBooth       = "booth"
	SpacePrivateRoom = "private_room"
	SpaceMeetingRoom = "meeting_room"
)

// Office is a place where staff book seats. It belongs to one organisation and
// may be shared with others (office_shares).
type Office struct {
	ID               string `gorm:"primaryKey"`
	OrganizationID   string
	Name             string
	Kind             string
	Address          string
	TimeZone         string
	BookingUnit      string // 15m, 30m, 60m or half_day
	MiddayMin        int    // where the morning ends, in minutes after midnight
	MaxAdvanceDays   int
	MaxMinutesPerDay int
	ClosedOnHolidays bool
	Active           bool
	// Check-in: whether a booking must be checked in (else it is released as
	// a no-show), from how many minutes before its start and until how many
	// after, and whether someone may check in to a free space unbooked.
	CheckinRequired bool
	CheckinOpensMin int
	CheckinGraceMin int
	WalkIns         bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// SettingsVersion is bumped by the database whenever the office's hours,
	// closed days, shares, managers or spaces change (migration 00060), so a
	// process may keep them and ask only whether they changed. Never written
	// from Go.
	SettingsVersion int64 `gorm:"->"`
	// OwnerCalendarVersion is the owning organisation's calendar_version
	// when the office was read with it (Offices.Place), else 0.
	OwnerCalendarVersion int64 `gorm:"-"`

	Hours      []OfficeHours     `gorm:"-"`
	ClosedDays []OfficeClosedDay `gorm:"-"`
	SharedWith []string          `gorm:"-"` // organisation ids
	Managers   []string          `gorm:"-"` // employee ids
}

// OfficeHours are the opening hours of one weekday (0 = Sunday).
type OfficeHours struct {
	OfficeID  string `gorm:"primaryKey"`
	Weekday   int    `gorm:"primaryKey"`
	OpensMin  int
	ClosesMin int
}

// OfficeClosedDay is a day the office is closed.
type OfficeClosedDay struct {
	OfficeID string `gorm:"primaryKey"`
	Day      string `gorm:"primaryKey"` // YYYY-MM-DD in the office's zone
	Name     string
}

// OfficeShare lets another organisation's people see and book an office.
type OfficeShare struct {
	OfficeID       string `gorm:"primaryKey"`
	OrganizationID string `gorm:"primaryKey"`
}

// OfficeManager is an employee of the owning organisation who manages an office.
type OfficeManager struct {
	OfficeID       string `gorm:"primaryKey"`
	OrganizationID string
	EmployeeID     string `gorm:"primaryKey"`
}

// Offices queries offices with their hours, closed days, shares and managers.
type Offices struct{}

// visibleTo restricts q to the offices an organisation owns or is shared.
func visibleTo(q *gorm.DB, db *gorm.DB, orgID string) *gorm.DB {
	return q.Where("(organization_id = ? OR id IN (?))", orgID,
		db.Model(&OfficeShare{}).Select("office_id").Where("organization_id = ?", orgID))
}

// GetVisible returns an office the organisation owns or is shared with it;
// any other office is not found.
func (s Offices) GetVisible(ctx context.Context, db *gorm.DB, orgID, id string) (*Office, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "office %q", id)
	}
	var o Office
	q := visibleTo(db.WithContext(ctx).Where("id = ?", id), db, orgID)
	if err := q.Take(&o).Error; err != nil {
		return nil, Translate(err, "office %s", id)
	}
	return &o, s.load(ctx, db, []*Office{&o})
}

// OfficeFilter narrows an office list.
type OfficeFilter struct {
	Kind   string
	Active *bool
}

// ListVisible returns one page of the offices the organisation owns or is shared.
func (s Offices) ListVisible(ctx context.Context, db *gorm.DB, orgID string, f OfficeFilter, p Page) ([]*Office, string, error) {
	q := visibleTo(db.WithContext(ctx), db, orgID)
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	var os []*Office
	if err := p.apply(q, "id").Find(&os).Error; err != nil {
		return nil, "", Translate(err, "list offices")
	}
	os, next := trim(os, p, func(o *Office) string { return o.ID })
	return os, next, s.load(ctx, db, os)
}

// load fills the office's hours, closed days, shares and managers.
func (Offices) load(ctx context.Context, db *gorm.DB, os []*Office) error {
	if len(os) == 0 {
		return nil
	}
	byID := make(map[string]*Office, len(os))
	ids := make([]string, 0, len(os))
	for _, o := range os {
		byID[o.ID] = o
		ids = append(ids, o.ID)
		o.Hours, o.ClosedDays, o.SharedWith, o.Managers = nil, nil, nil, nil
	}
	var hours []OfficeHours
	if err := db.WithContext(ctx).Where("office_id IN ?", ids).Order("weekday").Find(&hours).Error; err != nil {
		return Translate(err, "office hours")
	}
	for _, h := range hours {
		byID[h.OfficeID].Hours = append(byID[h.OfficeID].Hours, h)
	}
	var days []OfficeClosedDay
	if err := db.WithContext(ctx).Where("office_id IN ?", ids).Order("day").Find(&days).Error; err != nil {
		return Translate(err, "office closed days")
	}
	for _, d := range days {
		d.Day = civilDay(d.Day)
		byID[d.OfficeID].ClosedDays = append(byID[d.OfficeID].ClosedDays, d)
	}
	var shares []OfficeShare
	if err := db.WithContext(ctx).Where("office_id IN ?", ids).Order("organization_id").Find(&shares).Error; err != nil {
		return Translate(err, "office shares")
	}
	for _, sh := range shares {
		byID[sh.OfficeID].SharedWith = append(byID[sh.OfficeID].SharedWith, sh.OrganizationID)
	}
	var managers []OfficeManager
	if err := db.WithContext(ctx).Where("office_id IN ?", ids).Order("employee_id").Find(&managers).Error; err != nil {
		return Translate(err, "office managers")
	}
	for _, m := range managers {
		byID[m.OfficeID].Managers = append(byID[m.OfficeID].Managers, m.EmployeeID)
	}
	return nil
}

// civilDay keeps the YYYY-MM-DD of a date column: PostgreSQL's driver hands
// dates back as instants at midnight UTC, SQLite as the text stored.
func civilDay(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

// Create stores a new office with its hours, closed days, shares and managers.
func (s Offices) Create(ctx context.Context, db *gorm.DB, o *Office) error {
	if err := db.WithContext(ctx).Create(o).Error; err != nil {
		return Translate(err, "create office %q", o.Name)
	}
	return s.replaceChildren(ctx, db, o)
}

// Update saves every editable field of the office and replaces its hours,
// closed days, shares and managers.
func (s Offices) Update(ctx context.Context, db *gorm.DB, o *Office) error {
	res := db.WithContext(ctx).Model(o).Where("organization_id = ?", o.OrganizationID).
		Select("name", "kind", "address", "time_zone", "booking_unit", "midday_min", "max_advance_days",
			"max_minutes_per_day", "closed_on_holidays", "active", "checkin_required", "checkin_opens_min", "checkin_grace_min",
			"walk_ins", "updated_at").
		Updates(o)
	if res.Error != nil {
		return Translate(res.Error, "update office %s", o.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update office %s", o.ID)
	}
	return s.replaceChildren(ctx, db, o)
}

func (Offices) replaceChildren(ctx context.Context, db *gorm.DB, o *Office) error {
	db = db.WithContext(ctx)
	for _, child := range []any{&OfficeHours{}, &OfficeClosedDay{}, &OfficeShare{}, &OfficeManager{}} {
		if err := db.Where("office_id = ?", o.ID).Delete(child).Error; err != nil {
			return Translate(err, "clear settings of office %s", o.ID)
		}
	}
	for i := range o.Hours {
		o.Hours[i].OfficeID = o.ID
	}
	for i := range o.ClosedDays {
		o.ClosedDays[i].OfficeID = o.ID
	}
	shares := make([]OfficeShare, 0, len(o.SharedWith))
	for _, org := range o.SharedWith {
		shares = append(shares, OfficeShare{OfficeID: o.ID, OrganizationID: org})
	}
	managers := make([]OfficeManager, 0, len(o.Managers))
	for _, e := range o.Managers {
		managers = append(managers, OfficeManager{OfficeID: o.ID, OrganizationID: o.OrganizationID, EmployeeID: e})
	}
	for _, insert := range []func() error{
		func() error { return insertAll(db, o.Hours) },
		func() error { return insertAll(db, o.ClosedDays) },
		func() error { return insertAll(db, shares) },
		func() error { return insertAll(db, managers) },
	} {
		if err := insert(); err != nil {
			return Translate(err, "store settings of office %s", o.ID)
		}
	}
	return nil
}

// insertAll inserts rows; none inserts nothing.
func insertAll[T any](db *gorm.DB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	return db.Create(&rows).Error
}

// Space is a seat, booth or room in an office.
type Space struct {
	ID               string `gorm:"primaryKey"`
	OrganizationID   string
	OfficeID         string
	Kind             string
	Name             string
	Floor            string
	Zone             string
	Capacity         int
	HasMonitor       bool
	HasPrivacyFilter bool
	HasWebCamera     bool
	CallsAllowed     bool
	Active           bool
	// CheckinCode is what the space's QR code carries; nil only for a space
	// not yet stored (BeforeCreate draws one).
	CheckinCode *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// BeforeCreate draws the space's check-in code.
func (sp *Space) BeforeCreate(*gorm.DB) error {
	if sp.CheckinCode == nil {
		c := NewCheckinCode()
		sp.CheckinCode = &c
	}
	return nil
}

// SpaceFilter narrows a space list. Attrs are column names that must be true
// (has_monitor, has_privacy_filter, has_web_camera, calls_allowed).
type SpaceFilter struct {
	Kind   string
	Active *bool
	Attrs  []string
}

// SpaceAttributeColumns are the attribute columns a filter may ask for.
var SpaceAttributeColumns = []string{"has_monitor", "has_privacy_filter", "has_web_camera", "calls_allowed"}

// Spaces queries spaces.
type Spaces struct{}

// Get returns a space of any office; the caller checks the office's visibility.
func (Spaces) Get(ctx context.Context, db *gorm.DB, id string) (*Space, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "space %q", id)
	}
	var sp Space
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&sp).Error; err != nil {
		return nil, Translate(err, "space %s", id)
	}
	return &sp, nil
}

func (Spaces) filtered(ctx context.Context, db *gorm.DB, officeID string, f SpaceFilter) *gorm.DB {
	q := db.WithContext(ctx).Where("office_id = ?", officeID)
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	for _, a := range f.Attrs {
		if slices.Contains(SpaceAttributeColumns, a) {
			q = q.Where(a+" = ?", true)
		}
	}
	return q
}

// List returns one page of an office's spaces.
func (s Spaces) List(ctx context.Context, db *gorm.DB, officeID string, f SpaceFilter, p Page) ([]Space, string, error) {
	var sps []Space
	if err := p.apply(s.filtered(ctx, db, officeID, f), "id").Find(&sps).Error; err != nil {
		return nil, "", Translate(err, "list spaces")
	}
	sps, next := trim(sps, p, func(sp Space) string { return sp.ID })
	return sps, next, nil
}

// All returns every space of an office that matches, in name order, without
// the timestamps (for availability: one lean query however many spaces).
func (s Spaces) All(ctx context.Context, db *gorm.DB, officeID string, f SpaceFilter) ([]Space, error) {
	var sps []Space
	err := s.filtered(ctx, db, officeID, f).Order("name, id").
		Select("id", "organization_id", "office_id", "kind", "name", "floor", "zone", "capacity",
			"has_monitor", "has_privacy_filter", "has_web_camera", "calls_allowed", "active").Find(&sps).Error
	return sps, Translate(err, "spaces of office %s", officeID)
}

// Create stores a new space.
func (Spaces) Create(ctx context.Context, db *gorm.DB, sp *Space) error {
	return Translate(db.WithContext(ctx).Create(sp).Error, "create space %q", sp.Name)
}

// Update saves every editable field of the space.
func (Spaces) Update(ctx context.Context, db *gorm.DB, sp *Space) error {
	res := db.WithContext(ctx).Model(sp).Where("office_id = ?", sp.OfficeID).
		Select("kind", "name", "floor", "zone", "capacity", "has_monitor", "has_privacy_filter", "has_web_camera",
			"calls_allowed", "active", "updated_at").
		Updates(sp)
	if res.Error != nil {
		return Translate(res.Error, "update space %s", sp.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update space %s", sp.ID)
	}
	return nil
}

// ByIDs returns offices of any organisation with their settings, keyed by id
// (to show bookings whose office the caller may no longer see).
func (s Offices) ByIDs(ctx context.Context, db *gorm.DB, ids []string) (map[string]*Office, error) {
	out := make(map[string]*Office, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		var os []*Office
		if err := db.WithContext(ctx).Where("id IN ?", chunk).Find(&os).Error; err != nil {
			return nil, Translate(err, "offices by id")
		}
		if err := s.load(ctx, db, os); err != nil {
			return nil, err
		}
		for _, o := range os {
			out[o.ID] = o
		}
	}
	return out, nil
}

// ByIDs returns spaces of any office, keyed by id.
func (Spaces) ByIDs(ctx context.Context, db *gorm.DB, ids []string) (map[string]Space, error) {
	out := make(map[string]Space, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		var sps []Space
		if err := db.WithContext(ctx).Where("id IN ?", chunk).Find(&sps).Error; err != nil {
			return nil, Translate(err, "spaces by id")
		}
		for _, sp := range sps {
			out[sp.ID] = sp
		}
	}
	return out, nil
}

// OrganizationRef names an organisation to people of another one.
type OrganizationRef struct {
	ID   string
	Slug string
	Name string
}

// OrganizationRefs returns the names of organisations, keyed by id.
func OrganizationRefs(ctx context.Context, db *gorm.DB, ids []string) (map[string]OrganizationRef, error) {
	return organizationRefs(ctx, db, "id", ids, func(r OrganizationRef) string { return r.ID })
}

// OrganizationsBySlug returns the organisations with those slugs, keyed by slug.
func OrganizationsBySlug(ctx context.Context, db *gorm.DB, slugs []string) (map[string]OrganizationRef, error) {
	return organizationRefs(ctx, db, "slug", slugs, func(r OrganizationRef) string { return r.Slug })
}

func organizationRefs(ctx context.Context, db *gorm.DB, col string, keys []string, key func(OrganizationRef) string) (map[string]OrganizationRef, error) {
	out := make(map[string]OrganizationRef, len(keys))
	for chunk := range slices.Chunk(keys, 500) {
		var rs []OrganizationRef
		err := db.WithContext(ctx).Table("organizations").Select("id", "slug", "name").Where(col+" IN ?", chunk).Find(&rs).Error
		if err != nil {
			return nil, Translate(err, "organisations by %s", col)
		}
		for _, r := range rs {
			out[key(r)] = r
		}
	}
	return out, nil
}
