package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // renders the organisations an office is shared with
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type orgRefOut struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type openingHoursOut struct {
	Weekday string `json:"weekday"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
}

type closedDayOut struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

type officeOut struct {
	ID               string            `json:"id"`
	Organization     orgRefOut         `json:"organization"`
	Name             string            `json:"name"`
	Kind             string            `json:"kind"`
	Address          string            `json:"address"`
	TimeZone         string            `json:"time_zone"`
	OpeningHours     []openingHoursOut `json:"opening_hours"`
	ClosedDays       []closedDayOut    `json:"closed_days"`
	ClosedOnHolidays bool              `json:"closed_on_holidays"`
	BookingUnit      string            `json:"booking_unit"`
	Midday           string            `json:"midday"`
	MaxAdvanceDays   int               `json:"max_advance_days"`
	MaxMinutesPerDay int               `json:"max_minutes_per_day"`
	// Only the owning organisation sees whom it shares with and who manages it.
	SharedWith *[]orgRefOut `json:"shared_with,omitempty"`
	Managers   *[]refOut    `json:"managers,omitempty"`
	Active     bool         `json:"active"`
	// Check-in settings.
	CheckinRequired    bool `json:"checkin_required"`
	CheckinOpensBefore int  `json:"checkin_opens_before_minutes"`
	CheckinGrace       int  `json:"checkin_grace_minutes"`
	WalkIns            bool `json:"walk_ins"`
	CanEdit            bool `json:"can_edit"`
	// CanManageSharing: may change shared_with and managers.
	CanManageSharing bool      `json:"can_manage_sharing"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func orgRefOf(r models.OrganizationRef) orgRefOut {
	return orgRefOut{ID: r.ID, Slug: r.Slug, Name: r.Name}
}

func officeOutOf(v services.OfficeView) officeOut {
	out := officeOut{
		ID: v.ID, Organization: orgRefOf(v.Owner), Name: v.Name, Kind: v.Kind, Address: v.Address, TimeZone: v.TimeZone,
		OpeningHours: []openingHoursOut{}, ClosedDays: []closedDayOut{}, ClosedOnHolidays: v.ClosedOnHolidays,
		BookingUnit: v.BookingUnit, Midday: policies.Clock(v.MiddayMin).String(), MaxAdvanceDays: v.MaxAdvanceDays,
		MaxMinutesPerDay: v.MaxMinutesPerDay, Active: v.Active, CanEdit: v.CanEdit, CanManageSharing: v.CanGovern,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, CheckinRequired: v.CheckinRequired, CheckinOpensBefore: v.CheckinOpensMin,
		CheckinGrace: v.CheckinGraceMin, WalkIns: v.WalkIns,
	}
	for _, h := range v.Hours {
		out.OpeningHours = append(out.OpeningHours, openingHoursOut{Weekday: services.Weekdays[h.Weekday],
			Opens: policies.Clock(h.OpensMin).String(), Closes: policies.Clock(h.ClosesMin).String()})
	}
	for _, d := range v.ClosedDays {
		out.ClosedDays = append(out.ClosedDays, closedDayOut{Date: d.Day, Name: d.Name})
	}
	if v.SharedWith != nil {
		shared := mapSlice(v.SharedWith, orgRefOf)
		managers := mapSlice(v.Managers, func(p services.PersonRef) refOut { return refOut(p) })
		out.SharedWith, out.Managers = &shared, &managers
	}
	return out
}

func (s *Server) listOffices(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	active, err := boolParam(c, "active")
	if err != nil {
		return err
	}
	offices, next, err := s.svc.Offices.List(c.Request().Context(), actorFrom(c), services.OfficeQuery{Kind: c.QueryParam("kind"), Active: active}, p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(offices, officeOutOf), next))
}

func (s *Server) getOffice(c echo.Context) error {
	o, err := s.svc.Offices.Get(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, officeOutOf(*o))
}

func (s *Server) createOffice(c echo.Context) error {
	var in services.OfficeInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	o, err := s.svc.Offices.Create(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, officeOutOf(*o))
}

func (s *Server) updateOffice(c echo.Context) error {
	var in services.OfficeInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	o, err := s.svc.Offices.Update(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, officeOutOf(*o))
}

// Spaces.

type spaceOut struct {
	ID         string    `json:"id"`
	OfficeID   string    `json:"office_id"`
	Kind       string    `json:"kind"`
	Name       string    `json:"name"`
	Floor      string    `json:"floor"`
	Zone       string    `json:"zone"`
	Capacity   int       `json:"capacity"`
	Attributes []string  `json:"attributes"`
	Active     bool      `json:"active"`
	CanEdit    bool      `json:"can_edit"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func spaceOutOf(v services.SpaceView) spaceOut {
	return spaceOut{ID: v.ID, OfficeID: v.OfficeID, Kind: v.Kind, Name: v.Name, Floor: v.Floor, Zone: v.Zone, Capacity: v.Capacity,
		Attributes: services.Attributes(&v.Space), Active: v.Active, CanEdit: v.CanEdit, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}

func (s *Server) listSpaces(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	active, err := boolParam(c, "active")
	if err != nil {
		return err
	}
	f := services.SpaceListFilter{Kind: c.QueryParam("kind"), Active: active, Attributes: c.QueryParams()["attr"]}
	sps, next, err := s.svc.Offices.ListSpaces(c.Request().Context(), actorFrom(c), idParam(c, "id"), f, p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(sps, spaceOutOf), next))
}

func (s *Server) getSpace(c echo.Context) error {
	sp, err := s.svc.Offices.GetSpace(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, spaceOutOf(*sp))
}

func (s *Server) createSpace(c echo.Context) error {
	var in services.SpaceInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	sp, err := s.svc.Offices.CreateSpace(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, spaceOutOf(*sp))
}

func (s *Server) updateSpace(c echo.Context) error {
	var in services.SpaceInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	sp, err := s.svc.Offices.UpdateSpace(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, spaceOutOf(*sp))
}

// Availability.

type intervalOut struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

type slotOut struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Free  int       `json:"free"`
}

type spaceFreeOut struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Kind       string        `json:"kind"`
	Floor      string        `json:"floor"`
	Zone       string        `json:"zone"`
	Capacity   int           `json:"capacity"`
	Attributes []string      `json:"attributes"`
	Free       []intervalOut `json:"free"`
}

type availabilityOut struct {
	Office       refOut         `json:"office"`
	Date         string         `json:"date"`
	TimeZone     string         `json:"time_zone"`
	Open         bool           `json:"open"`
	ClosedReason *string        `json:"closed_reason"`
	Bookable     bool           `json:"bookable"`
	Reason       *string        `json:"reason"`
	Opens        *string        `json:"opens"`
	Closes       *string        `json:"closes"`
	From         time.Time      `json:"from"`
	To           time.Time      `json:"to"`
	BookingUnit  string         `json:"booking_unit"`
	Slots        []slotOut      `json:"slots"`
	Spaces       []spaceFreeOut `json:"spaces"`
	FreeSpaces   int            `json:"free_spaces"`
}

func (s *Server) availability(c echo.Context) error {
	q := services.AvailabilityQuery{Date: c.QueryParam("date"), From: c.QueryParam("from"), To: c.QueryParam("to"),
		Kind: c.QueryParam("kind"), Attrs: c.QueryParams()["attr"]}
	a, err := s.svc.Bookings.Availability(c.Request().Context(), actorFrom(c), idParam(c, "id"), q)
	if err != nil {
		return err
	}
	lang := string(langOf(c))
	return s.answerTagged(c, a.Tag, a.Base, func(base []encodedPart) ([][]byte, error) { return availabilityParts(a, lang, base) })
}

// spacesPerPart is how many spaces an encoded part of availability holds:
// a booking re-encodes and compresses its space's part (about 9 KB), not
// the whole answer.
const spacesPerPart = 32

// availabilityParts encodes the answer as consecutive parts: everything up
// to the spaces' array, the spaces by spacesPerPart, and the rest. A part of
// spaces none of which changed since base (the encoding of a.Base, when kept)
// is nil: base's is reused.
func availabilityParts(a *services.Availability, lang string, base []encodedPart) ([][]byte, error) {
	head := *a
	head.Spaces = nil
	whole, err := marshal(availabilityOutOf(&head, lang))
	if err != nil {
		return nil, err
	}
	// The spaces are the last array before free_spaces; no string in
	// between can hold this unescaped.
	at := bytes.LastIndex(whole, []byte(`"spaces":[]`)) + len(`"spaces":[`)
	groups := (len(a.Spaces) + spacesPerPart - 1) / spacesPerPart
	parts := make([][]byte, groups+2)
	parts[0], parts[groups+1] = whole[:at], whole[at:]
	changed := make([]bool, groups)
	for _, i := range a.Changed {
		changed[i/spacesPerPart] = true
	}
	reuse := a.Base != "" && len(base) == len(parts)
	for g := range groups {
		if reuse && !changed[g] {
			continue
		}
		var p []byte
		for i := g * spacesPerPart; i < min(len(a.Spaces), (g+1)*spacesPerPart); i++ {
			one, err := marshal(spaceFreeOutOf(a.Spaces[i], a.Location))
			if err != nil {
				return nil, err
			}
			if i > 0 {
				p = append(p, ',')
			}
			p = append(p, bytes.TrimSuffix(one, []byte("\n"))...)
		}
		parts[g+1] = p
	}
	return parts, nil
}

// availabilityOutOf shows a day's availability in the office's zone.
func availabilityOutOf(a *services.Availability, lang string) availabilityOut {
	in := func(t time.Time) time.Time { return t.In(a.Location) }
	text := func(t policies.Text) *string {
		if t.IsZero() {
			return nil
		}
		s := t.In(lang)
		return &s
	}
	clock := func(c *policies.Clock) *string {
		if c == nil {
			return nil
		}
		s := c.String()
		return &s
	}
	out := availabilityOut{Office: refOut{ID: a.Office.ID, Name: a.Office.Name}, Date: a.Date.String(), TimeZone: a.Office.TimeZone,
		Open: a.Open, ClosedReason: text(a.ClosedReason), Bookable: a.Bookable, Reason: text(a.Reason), Opens: clock(a.Opens),
		Closes: clock(a.Closes), From: in(a.From), To: in(a.To), BookingUnit: a.Unit, FreeSpaces: a.FreeTotal,
		Slots: make([]slotOut, 0, len(a.Slots)), Spaces: make([]spaceFreeOut, 0, len(a.Spaces))}
	for _, sl := range a.Slots {
		out.Slots = append(out.Slots, slotOut{Start: in(sl.Start), End: in(sl.End), Free: sl.Free})
	}
	for _, sa := range a.Spaces {
		out.Spaces = append(out.Spaces, spaceFreeOutOf(sa, a.Location))
	}
	return out
}

func spaceFreeOutOf(sa services.SpaceAvailability, loc *time.Location) spaceFreeOut {
	sp := sa.Space
	free := make([]intervalOut, 0, len(sa.Free))
	for _, iv := range sa.Free {
		free = append(free, intervalOut{Start: iv.Start.In(loc), End: iv.End.In(loc)})
	}
	return spaceFreeOut{ID: sp.ID, Name: sp.Name, Kind: sp.Kind, Floor: sp.Floor, Zone: sp.Zone,
		Capacity: sp.Capacity, Attributes: services.Attributes(&sp), Free: free}
}
