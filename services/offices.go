package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // office zones are validated and used even where the host has no zone database
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Offices manages offices (the main building, satellite offices, partner
// coworking spaces) and their spaces.
type Offices struct {
	*base
	offices models.Offices
	spaces  models.Spaces
}

// Weekdays are the names opening hours are written with, Sunday first as
// time.Weekday counts.
var Weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// OpeningHoursInput is one weekday's opening hours as sent.
type OpeningHoursInput struct {
	Weekday string `json:"weekday"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
}

// OfficeInput is an office as sent for creation, or the fields of a partial update.
type OfficeInput struct {
	Name             Optional[string]              `json:"name"`
	Kind             Optional[string]              `json:"kind"`
	Address          Optional[string]              `json:"address"`
	TimeZone         Optional[string]              `json:"time_zone"`
	OpeningHours     Optional[[]OpeningHoursInput] `json:"opening_hours"`
	ClosedDays       Optional[[]ClosingDayInput]   `json:"closed_days"`
	ClosedOnHolidays Optional[bool]                `json:"closed_on_holidays"`
	BookingUnit      Optional[string]              `json:"booking_unit"`
	Midday           Optional[string]              `json:"midday"`
	MaxAdvanceDays   Optional[int]                 `json:"max_advance_days"`
	MaxMinutesPerDay Optional[int]                 `json:"max_minutes_per_day"`
	// SharedWith names partner organisations by slug.
	SharedWith Optional[[]string] `json:"shared_with"`
	// Managers are employee ids of the owning organisation.
	Managers Optional[[]string] `json:"managers"`
	Active   Optional[bool]     `json:"active"`
	// Check-in: required (else no booking is released as a no-show), the
	// window in minutes before and after a booking's start, walk-ins.
	CheckinRequired    Optional[bool] `json:"checkin_required"`
	CheckinOpensBefore Optional[int]  `json:"checkin_opens_before_minutes"`
	CheckinGrace       Optional[int]  `json:"checkin_grace_minutes"`
	WalkIns            Optional[bool] `json:"walk_ins"`
}

// PersonRef names an employee.
type PersonRef struct {
	ID   string
	Name string
}

// OfficeView is an office as the actor may see it. Partners see the office
// and its rules; who manages it and whom it is shared with are its own
// organisation's business (nil for anyone else).
type OfficeView struct {
	*models.Office
	Owner      models.OrganizationRef
	SharedWith []models.OrganizationRef
	Managers   []PersonRef
	Location   *time.Location
	CanEdit    bool
	CanGovern  bool
}

// standing is how the actor stands to the office.
func officeStanding(actor *Actor, o *models.Office) policies.OfficeStanding {
	return policies.OfficeStanding{
		Owner:   o.OrganizationID == actor.OrganizationID,
		Shared:  slices.Contains(o.SharedWith, actor.OrganizationID),
		Manager: o.OrganizationID == actor.OrganizationID && slices.Contains(o.Managers, actor.EmployeeID),
	}
}

// visibleOffice loads an office the actor may see; any other is not found.
func (b *base) visibleOffice(ctx context.Context, db *gorm.DB, actor *Actor, id string) (*models.Office, policies.OfficeStanding, error) {
	o, err := models.Offices{}.GetVisible(ctx, db, actor.OrganizationID, id)
	if err != nil {
		return nil, policies.OfficeStanding{}, err
	}
	st := officeStanding(actor, o)
	if !policies.CanSeeOffice(st) {
		return nil, st, notFound("office " + id)
	}
	return o, st, nil
}

// List returns one page of the offices the actor's organisation owns or is shared.
func (s *Offices) List(ctx context.Context, actor *Actor, q OfficeQuery, p Page) ([]OfficeView, string, error) {
	offices, next, err := s.offices.ListVisible(ctx, s.db, actor.OrganizationID, models.OfficeFilter{Kind: q.Kind, Active: q.Active}, p.store())
	if err != nil {
		return nil, "", err
	}
	views, err := s.views(ctx, s.db, actor, offices)
	return views, next, err
}

// Get returns one office the actor may see.
func (s *Offices) Get(ctx context.Context, actor *Actor, id string) (*OfficeView, error) {
	o, _, err := s.visibleOffice(ctx, s.db, actor, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, s.db, actor, o)
}

func (s *Offices) view(ctx context.Context, db *gorm.DB, actor *Actor, o *models.Office) (*OfficeView, error) {
	vs, err := s.views(ctx, db, actor, []*models.Office{o})
	if err != nil {
		return nil, err
	}
	return &vs[0], nil
}

func (s *Offices) views(ctx context.Context, db *gorm.DB, actor *Actor, os []*models.Office) ([]OfficeView, error) {
	orgIDs := []string{actor.OrganizationID}
	var managerIDs []string
	for _, o := range os {
		orgIDs = append(orgIDs, o.OrganizationID)
		if o.OrganizationID == actor.OrganizationID {
			orgIDs = append(orgIDs, o.SharedWith...)
			managerIDs = append(managerIDs, o.Managers...)
		}
	}
	orgs, err := models.OrganizationRefs(ctx, db, orgIDs)
	if err != nil {
		return nil, err
	}
	names, err := s.employees.Names(ctx, db, actor.OrganizationID, managerIDs)
	if err != nil {
		return nil, err
	}
	out := make([]OfficeView, 0, len(os))
	for _, o := range os {
		st := officeStanding(actor, o)
		v := OfficeView{Office: o, Owner: orgs[o.OrganizationID], Location: loadLocation(o.TimeZone),
			CanEdit: policies.CanEditOffice(subject(actor), st), CanGovern: policies.CanGovernOffice(subject(actor), st)}
		if st.Owner {
			v.SharedWith, v.Managers = []models.OrganizationRef{}, []PersonRef{}
			for _, id := range o.SharedWith {
				v.SharedWith = append(v.SharedWith, orgs[id])
			}
			for _, id := range o.Managers {
				v.Managers = append(v.Managers, PersonRef{ID: id, Name: names[id]})
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// Create opens an office for the actor's organisation (administrators).
func (s *Offices) Create(ctx context.Context, actor *Actor, in OfficeInput) (*OfficeView, error) {
	if !policies.CanCreateOffice(subject(actor)) {
		return nil, forbidden()
	}
	now := s.now()
	var out *OfficeView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		org, err := s.orgs.Get(ctx, tx, actor.OrganizationID)
		if err != nil {
			return err
		}
		o := &models.Office{ID: models.NewID(), OrganizationID: actor.OrganizationID, Kind: models.OfficeSatellite,
			TimeZone: org.TimeZone, BookingUnit: string(policies.BookingUnit30m), MiddayMin: 12 * 60, MaxAdvanceDays: 30,
			MaxMinutesPerDay: 24 * 60, ClosedOnHolidays: true, Active: true, CheckinOpensMin: 15, CheckinGraceMin: 15, CreatedAt: now, UpdatedAt: now,
			Hours: defaultOfficeHours()}
		if err := s.apply(ctx, tx, o, in, true); err != nil {
			return err
		}
		if err := s.offices.Create(ctx, tx, o); err != nil {
			return nameTaken(err, "この名前の施設は既にあります。", "An office with this name already exists.")
		}
		if out, err = s.view(ctx, tx, actor, o); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "office.create", TargetType: "office", TargetID: o.ID, After: officeAudit(o)})
	})
	return out, err
}

// defaultOfficeHours are a town hall's: weekdays 08:30 to 17:15.
func defaultOfficeHours() []models.OfficeHours {
	var hs []models.OfficeHours
	for wd := time.Monday; wd <= time.Friday; wd++ {
		hs = append(hs, models.OfficeHours{Weekday: int(wd), OpensMin: 8*60 + 30, ClosesMin: 17*60 + 15})
	}
	return hs
}

// Update changes an office: its managers and the owning organisation's
// administrators; sharing and managers are the administrators' alone.
func (s *Offices) Update(ctx context.Context, actor *Actor, id string, in OfficeInput) (*OfficeView, error) {
	var out *OfficeView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		o, st, err := s.visibleOffice(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !policies.CanEditOffice(subject(actor), st) || ((in.SharedWith.Set || in.Managers.Set) && !policies.CanGovernOffice(subject(actor), st)) {
			return forbidden()
		}
		before := officeAudit(o)
		if err := s.apply(ctx, tx, o, in, false); err != nil {
			return err
		}
		o.UpdatedAt = s.now()
		if err := s.offices.Update(ctx, tx, o); err != nil {
			return nameTaken(err, "この名前の施設は既にあります。", "An office with this name already exists.")
		}
		if out, err = s.view(ctx, tx, actor, o); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "office.update", TargetType: "office", TargetID: o.ID, Before: before, After: officeAudit(o)})
	})
	return out, err
}

// nameTaken turns a unique-name conflict into a field error.
func nameTaken(err error, ja, en string) error {
	if errors.Is(err, models.ErrConflict) {
		var v Validator
		v.Add("name", "taken", ja, en)
		return v.Err()
	}
	return err
}

var officeKinds = []string{models.OfficeMainBuilding, models.OfficeSatellite, models.OfficePartnerCoworking}

// textField checks a text field's length (and presence, when required) and
// sets it.
func textField(v *Validator, o Optional[string], field string, required bool, limit int, dst *string) {
	blank := !o.Set || o.Null || strings.TrimSpace(o.Value) == ""
	switch {
	case required && blank:
		v.Add(field, "required", "必須項目です。", "This field is required.")
	case !o.Set:
	case utf8.RuneCountInString(o.Value) > limit:
		v.Add(field, "too_long", fmt.Sprintf("%d文字以内で入力してください。", limit), fmt.Sprintf("At most %d characters.", limit))
	default:
		*dst = strings.TrimSpace(o.Value) // null clears an optional text
	}
}

// oneOf checks an enumerated field and sets it.
func oneOf(v *Validator, o Optional[string], field string, allowed []string, dst *string) {
	if !o.Set {
		return
	}
	if o.Null || !slices.Contains(allowed, o.Value) {
		list := strings.Join(allowed, ", ")
		v.Add(field, "invalid", "次のいずれかを指定してください: "+list, "Must be one of: "+list)
		return
	}
	*dst = o.Value
}

// intField checks a whole-number field's range and sets it.
func intField(v *Validator, o Optional[int], field string, lo, hi int, dst *int) {
	if !o.Set {
		return
	}
	if o.Null || o.Value < lo || o.Value > hi {
		v.Add(field, "out_of_range", fmt.Sprintf("%d から %d までの整数にしてください。", lo, hi), fmt.Sprintf("Must be a whole number from %d to %d.", lo, hi))
		return
	}
	*dst = o.Value
}

func boolField(o Optional[bool], dst *bool) {
	if o.Set && !o.Null {
		*dst = o.Value
	}
}

// ParseTimeOfDay reads "HH:MM"; closing times may also be "24:00".
func ParseTimeOfDay(s string, closing bool) (policies.Clock, bool) {
	if closing && s == "24:00" {
		return policies.Midnight, true
	}
	c, err := policies.ParseClock(s)
	return c, err == nil
}

// apply validates in and copies it onto o; create requires the name.
func (s *Offices) apply(ctx context.Context, tx *gorm.DB, o *models.Office, in OfficeInput, create bool) error {
	var v Validator
	textField(&v, in.Name, "name", create || in.Name.Set, 200, &o.Name)
	oneOf(&v, in.Kind, "kind", officeKinds, &o.Kind)
	textField(&v, in.Address, "address", false, 500, &o.Address)
	if in.TimeZone.Set {
		if _, err := time.LoadLocation(in.TimeZone.Value); err != nil || in.TimeZone.Value == "" || in.TimeZone.Value == "Local" {
			v.Add("time_zone", "invalid", "IANA のタイムゾーン名（例: Asia/Tokyo）にしてください。", "Must be an IANA time zone such as Asia/Tokyo.")
		} else {
			o.TimeZone = in.TimeZone.Value
		}
	}
	units := make([]string, 0, len(policies.BookingUnits))
	for _, u := range policies.BookingUnits {
		units = append(units, string(u))
	}
	oneOf(&v, in.BookingUnit, "booking_unit", units, &o.BookingUnit)
	if in.Midday.Set {
		if c, ok := ParseTimeOfDay(in.Midday.Value, false); ok && c > 0 {
			o.MiddayMin = int(c)
		} else {
			v.Add("midday", "invalid", "HH:MM 形式の時刻にしてください。", "Must be a time of day, HH:MM.")
		}
	}
	intField(&v, in.MaxAdvanceDays, "max_advance_days", 0, 366, &o.MaxAdvanceDays)
	intField(&v, in.MaxMinutesPerDay, "max_minutes_per_day", 15, 24*60, &o.MaxMinutesPerDay)
	boolField(in.ClosedOnHolidays, &o.ClosedOnHolidays)
	boolField(in.Active, &o.Active)
	boolField(in.CheckinRequired, &o.CheckinRequired)
	boolField(in.WalkIns, &o.WalkIns)
	intField(&v, in.CheckinOpensBefore, "checkin_opens_before_minutes", 0, 240, &o.CheckinOpensMin)
	intField(&v, in.CheckinGrace, "checkin_grace_minutes", 0, 240, &o.CheckinGraceMin)
	if in.OpeningHours.Set {
		o.Hours = openingHours(&v, in.OpeningHours.Value)
	}
	if in.ClosedDays.Set {
		o.ClosedDays = closedDays(&v, in.ClosedDays.Value)
	}
	if in.SharedWith.Set {
		ids, err := s.partnerIDs(ctx, tx, &v, o.OrganizationID, in.SharedWith.Value)
		if err != nil {
			return err
		}
		o.SharedWith = ids
	}
	if in.Managers.Set {
		if err := s.checkManagers(ctx, tx, &v, o.OrganizationID, in.Managers.Value); err != nil {
			return err
		}
		o.Managers = slices.Compact(slices.Sorted(slices.Values(in.Managers.Value)))
	}
	return v.Err()
}

func openingHours(v *Validator, in []OpeningHoursInput) []models.OfficeHours {
	var out []models.OfficeHours
	seen := map[int]bool{}
	for i, h := range in {
		field := fmt.Sprintf("opening_hours[%d]", i)
		wd := slices.Index(Weekdays, h.Weekday)
		opens, okOpen := ParseTimeOfDay(h.Opens, false)
		closes, okClose := ParseTimeOfDay(h.Closes, true)
		switch {
		case wd < 0:
			v.Add(field+".weekday", "invalid", "曜日は monday〜sunday で指定してください。", "The weekday must be monday to sunday.")
		case seen[wd]:
			v.Add(field+".weekday", "duplicate", "同じ曜日が2回指定されています。", "This weekday is given twice.")
		case !okOpen || !okClose:
			v.Add(field, "invalid", "開館・閉館は HH:MM 形式の時刻です（閉館は 24:00 も可）。", "Opening and closing are times of day, HH:MM (closing may be 24:00).")
		case opens >= closes:
			v.Add(field+".closes", "order", "閉館時刻は開館時刻より後にしてください。", "Closing must be after opening.")
		default:
			seen[wd] = true
			out = append(out, models.OfficeHours{Weekday: wd, OpensMin: int(opens), ClosesMin: int(closes)})
		}
	}
	return out
}

func closedDays(v *Validator, in []ClosingDayInput) []models.OfficeClosedDay {
	var out []models.OfficeClosedDay
	seen := map[string]bool{}
	for i, d := range in {
		field := fmt.Sprintf("closed_days[%d]", i)
		_, err := policies.ParseDate(d.Date)
		switch {
		case err != nil:
			v.Add(field+".date", "invalid", "日付は YYYY-MM-DD 形式です。", "The date must be YYYY-MM-DD.")
		case seen[d.Date]:
			v.Add(field+".date", "duplicate", "同じ日付が2回指定されています。", "This date is given twice.")
		case utf8.RuneCountInString(d.Name) > 200:
			v.Add(field+".name", "too_long", "名称は200文字以内です。", "The name must be at most 200 characters.")
		default:
			seen[d.Date] = true
			out = append(out, models.OfficeClosedDay{Day: d.Date, Name: d.Name})
		}
	}
	return out
}

// partnerIDs resolves the slugs of the organisations to share with.
func (s *Offices) partnerIDs(ctx context.Context, tx *gorm.DB, v *Validator, ownerID string, slugs []string) ([]string, error) {
	found, err := models.OrganizationsBySlug(ctx, tx, slugs)
	if err != nil {
		return nil, err
	}
	var ids []string
	for i, slug := range slugs {
		org, ok := found[slug]
		switch {
		case !ok:
			v.Add(fmt.Sprintf("shared_with[%d]", i), "not_found", "その組織は見つかりません。", "No such organisation.")
		case org.ID == ownerID:
			v.Add(fmt.Sprintf("shared_with[%d]", i), "own_organization", "自分の組織とは共有できません（既に利用できます）。", "An office is always open to its own organisation.")
		default:
			ids = append(ids, org.ID)
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(ids))), nil
}

// checkManagers requires active employees of the owning organisation.
func (s *Offices) checkManagers(ctx context.Context, tx *gorm.DB, v *Validator, orgID string, ids []string) error {
	for i, id := range ids {
		e, err := s.employees.Get(ctx, tx, orgID, id)
		switch {
		case errors.Is(err, models.ErrNotFound):
			v.Add(fmt.Sprintf("managers[%d]", i), "not_found", "この組織の職員ではありません。", "Not an employee of this organisation.")
		case err != nil:
			return err
		case !e.Active:
			v.Add(fmt.Sprintf("managers[%d]", i), "inactive", "無効化された職員は管理者にできません。", "A deactivated employee cannot manage an office.")
		}
	}
	return nil
}

// officeAudit is what the audit trail keeps of an office.
func officeAudit(o *models.Office) map[string]any {
	return map[string]any{
		"name": o.Name, "kind": o.Kind, "address": o.Address, "time_zone": o.TimeZone, "booking_unit": o.BookingUnit,
		"midday_min": o.MiddayMin, "max_advance_days": o.MaxAdvanceDays, "max_minutes_per_day": o.MaxMinutesPerDay,
		"closed_on_holidays": o.ClosedOnHolidays, "active": o.Active, "hours": o.Hours, "closed_days": o.ClosedDays,
		"shared_with": o.SharedWith, "managers": o.Managers, "checkin_required": o.CheckinRequired, "checkin_opens_min": o.CheckinOpensMin,
		"checkin_grace_min": o.CheckinGraceMin, "walk_ins": o.WalkIns,
	}
}

// rulesOf turns an office's settings into the booking rules.
func rulesOf(o *models.Office) policies.OfficeRules {
	r := policies.OfficeRules{
		Location: loadLocation(o.TimeZone), ClosedDays: make(map[policies.Date]policies.Text, len(o.ClosedDays)),
		ClosedOnHolidays: o.ClosedOnHolidays, Unit: policies.BookingUnit(o.BookingUnit), Midday: policies.Clock(o.MiddayMin),
		MaxAdvanceDays: o.MaxAdvanceDays, MaxMinutesPerDay: o.MaxMinutesPerDay,
	}
	for _, h := range o.Hours {
		r.Hours[h.Weekday] = &policies.OpeningHours{Opens: policies.Clock(h.OpensMin), Closes: policies.Clock(h.ClosesMin)}
	}
	for _, d := range o.ClosedDays {
		if day, err := policies.ParseDate(d.Day); err == nil {
			r.ClosedDays[day] = policies.Text{Ja: d.Name, En: d.Name}
		}
	}
	return r
}

// Spaces.

// Space attributes as the API names them, with their columns.
var spaceAttributes = map[string]string{
	"monitor": "has_monitor", "privacy_filter": "has_privacy_filter", "web_camera": "has_web_camera", "calls_allowed": "calls_allowed",
}

// SpaceAttributeNames lists the attributes in the order they are shown.
var SpaceAttributeNames = []string{"monitor", "privacy_filter", "web_camera", "calls_allowed"}

var spaceKinds = []string{models.SpaceOpenSeat, models.SpaceBooth, models.SpacePrivateRoom, models.SpaceMeetingRoom}

// SpaceInput is a space as sent for creation, or the fields of a partial update.
type SpaceInput struct {
	Kind       Optional[string]   `json:"kind"`
	Name       Optional[string]   `json:"name"`
	Floor      Optional[string]   `json:"floor"`
	Zone       Optional[string]   `json:"zone"`
	Capacity   Optional[int]      `json:"capacity"`
	Attributes Optional[[]string] `json:"attributes"`
	Active     Optional[bool]     `json:"active"`
}

// SpaceView is a space with its office's zone.
type SpaceView struct {
	models.Space
	CanEdit bool
}

// Attributes returns the names of the space's attributes.
func Attributes(sp *models.Space) []string {
	has := map[string]bool{"monitor": sp.HasMonitor, "privacy_filter": sp.HasPrivacyFilter, "web_camera": sp.HasWebCamera, "calls_allowed": sp.CallsAllowed}
	out := []string{}
	for _, a := range SpaceAttributeNames {
		if has[a] {
			out = append(out, a)
		}
	}
	return out
}

// SpaceListFilter narrows a space list as the API asks.
type SpaceListFilter struct {
	Kind       string
	Active     *bool
	Attributes []string
}

// filter checks the attribute names and turns them into columns.
func (f SpaceListFilter) filter() (models.SpaceFilter, error) {
	mf := models.SpaceFilter{Kind: f.Kind, Active: f.Active}
	var v Validator
	for _, a := range f.Attributes {
		col, ok := spaceAttributes[a]
		v.Check(ok, "attr", "invalid", "attr は monitor, privacy_filter, web_camera, calls_allowed のいずれかです。",
			"attr must be monitor, privacy_filter, web_camera or calls_allowed.")
		mf.Attrs = append(mf.Attrs, col)
	}
	if f.Kind != "" {
		v.Check(slices.Contains(spaceKinds, f.Kind), "kind", "invalid", "kind は open_seat, booth, private_room, meeting_room のいずれかです。",
			"kind must be open_seat, booth, private_room or meeting_room.")
	}
	return mf, v.Err()
}

// ListSpaces returns one page of an office's spaces.
func (s *Offices) ListSpaces(ctx context.Context, actor *Actor, officeID string, f SpaceListFilter, p Page) ([]SpaceView, string, error) {
	mf, err := f.filter()
	if err != nil {
		return nil, "", err
	}
	o, st, err := s.visibleOffice(ctx, s.db, actor, officeID)
	if err != nil {
		return nil, "", err
	}
	sps, next, err := s.spaces.List(ctx, s.db, o.ID, mf, p.store())
	if err != nil {
		return nil, "", err
	}
	out := make([]SpaceView, 0, len(sps))
	for _, sp := range sps {
		out = append(out, SpaceView{Space: sp, CanEdit: policies.CanEditOffice(subject(actor), st)})
	}
	return out, next, nil
}

// visibleSpace loads a space whose office the actor may see.
func (b *base) visibleSpace(ctx context.Context, db *gorm.DB, actor *Actor, id string) (*models.Space, *models.Office, policies.OfficeStanding, error) {
	sp, err := models.Spaces{}.Get(ctx, db, id)
	if err != nil {
		return nil, nil, policies.OfficeStanding{}, err
	}
	o, st, err := b.visibleOffice(ctx, db, actor, sp.OfficeID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil, st, notFound("space " + id)
	}
	return sp, o, st, err
}

// GetSpace returns one space of an office the actor may see.
func (s *Offices) GetSpace(ctx context.Context, actor *Actor, id string) (*SpaceView, error) {
	sp, _, st, err := s.visibleSpace(ctx, s.db, actor, id)
	if err != nil {
		return nil, err
	}
	return &SpaceView{Space: *sp, CanEdit: policies.CanEditOffice(subject(actor), st)}, nil
}

// CreateSpace adds a space to an office (its managers and administrators).
func (s *Offices) CreateSpace(ctx context.Context, actor *Actor, officeID string, in SpaceInput) (*SpaceView, error) {
	var out *SpaceView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		o, st, err := s.visibleOffice(ctx, tx, actor, officeID)
		if err != nil {
			return err
		}
		if !policies.CanEditOffice(subject(actor), st) {
			return forbidden()
		}
		now := s.now()
		sp := &models.Space{ID: models.NewID(), OrganizationID: o.OrganizationID, OfficeID: o.ID, Kind: models.SpaceOpenSeat,
			Capacity: 1, Active: true, CreatedAt: now, UpdatedAt: now}
		if err := applySpace(sp, in, true); err != nil {
			return err
		}
		if err := s.spaces.Create(ctx, tx, sp); err != nil {
			return nameTaken(err, "この施設に同じ名前（番号）の席・部屋が既にあります。", "This office already has a space with this name.")
		}
		out = &SpaceView{Space: *sp, CanEdit: true}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "space.create", TargetType: "space", TargetID: sp.ID, After: spaceAudit(sp)})
	})
	return out, err
}

// UpdateSpace changes a space (its office's managers and administrators).
func (s *Offices) UpdateSpace(ctx context.Context, actor *Actor, id string, in SpaceInput) (*SpaceView, error) {
	var out *SpaceView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		sp, _, st, err := s.visibleSpace(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !policies.CanEditOffice(subject(actor), st) {
			return forbidden()
		}
		before := spaceAudit(sp)
		if err := applySpace(sp, in, false); err != nil {
			return err
		}
		sp.UpdatedAt = s.now()
		if err := s.spaces.Update(ctx, tx, sp); err != nil {
			return nameTaken(err, "この施設に同じ名前（番号）の席・部屋が既にあります。", "This office already has a space with this name.")
		}
		out = &SpaceView{Space: *sp, CanEdit: true}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "space.update", TargetType: "space", TargetID: sp.ID, Before: before, After: spaceAudit(sp)})
	})
	return out, err
}

func applySpace(sp *models.Space, in SpaceInput, create bool) error {
	var v Validator
	textField(&v, in.Name, "name", create || in.Name.Set, 100, &sp.Name)
	oneOf(&v, in.Kind, "kind", spaceKinds, &sp.Kind)
	textField(&v, in.Floor, "floor", false, 50, &sp.Floor)
	textField(&v, in.Zone, "zone", false, 100, &sp.Zone)
	intField(&v, in.Capacity, "capacity", 1, 1000, &sp.Capacity)
	boolField(in.Active, &sp.Active)
	if in.Attributes.Set {
		for i, a := range in.Attributes.Value {
			_, ok := spaceAttributes[a]
			v.Check(ok, fmt.Sprintf("attributes[%d]", i), "invalid", "属性は monitor, privacy_filter, web_camera, calls_allowed のいずれかです。",
				"An attribute is monitor, privacy_filter, web_camera or calls_allowed.")
		}
		setAttributes(sp, in.Attributes.Value)
	}
	if sp.Kind == models.SpaceOpenSeat && sp.Capacity != 1 {
		field := "capacity"
		if !in.Capacity.Set {
			field = "kind"
		}
		v.Add(field, "seat_capacity", "座席の定員は1です。複数人で使う場合は会議室などにしてください。",
			"An open seat holds one person; make a room for more.")
	}
	return v.Err()
}

// setAttributes sets exactly the named attributes of the space.
func setAttributes(sp *models.Space, attrs []string) {
	sp.HasMonitor = slices.Contains(attrs, "monitor")
	sp.HasPrivacyFilter = slices.Contains(attrs, "privacy_filter")
	sp.HasWebCamera = slices.Contains(attrs, "web_camera")
	sp.CallsAllowed = slices.Contains(attrs, "calls_allowed")
}

func spaceAudit(sp *models.Space) map[string]any {
	return map[string]any{"office_id": sp.OfficeID, "kind": sp.Kind, "name": sp.Name, "floor": sp.Floor, "zone": sp.Zone,
		"capacity": sp.Capacity, "attributes": Attributes(sp), "active": sp.Active}
}
