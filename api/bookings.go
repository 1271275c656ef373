package api

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type bookerOut struct {
	Name         string `json:"name"`
	Organization string `json:"organization"`
}

// bookingOut is what those who run an office see of a booking in it: the
// time, the space, and the booker's name and organisation.
type bookingOut struct {
	ID        string                `json:"id"`
	Office    refOut                `json:"office"`
	Space     refOut                `json:"space"`
	Start     time.Time             `json:"start"`
	End       time.Time             `json:"end"`
	TimeZone  string                `json:"time_zone"`
	Status    policies.BookingState `json:"status"`
	Booker    bookerOut             `json:"booker"`
	CanCancel bool                  `json:"can_cancel"`
	CanMove   bool                  `json:"can_move"`
	// Tentative: held for a pending telework request (it holds the seat).
	Tentative   bool       `json:"tentative"`
	CheckedInAt *time.Time `json:"checked_in_at"`
	NoShow      bool       `json:"no_show"`
}

// bookingFullOut is the whole booking, for the booker and their HR.
type bookingFullOut struct {
	bookingOut
	EmployeeID     string     `json:"employee_id"`
	OrganizationID string     `json:"organization_id"`
	CancelledAt    *time.Time `json:"cancelled_at"`
	CheckedOutAt   *time.Time `json:"checked_out_at"`
	SeriesID       *string    `json:"series_id"`
	RequestID      *string    `json:"request_id"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// bookingOutOf shows a booking in its office's zone, whole or limited.
func bookingOutOf(v services.BookingView) any {
	b := bookingOut{ID: v.ID, Office: refOut{ID: v.OfficeID, Name: v.OfficeName}, Space: refOut{ID: v.SpaceID, Name: v.SpaceName},
		Start: v.StartAt.In(v.Location), End: v.EndAt.In(v.Location), TimeZone: v.Location.String(), Status: v.Status,
		Booker: bookerOut{Name: v.BookerName, Organization: v.BookerOrgName}, CanCancel: v.CanCancel, CanMove: v.CanMove,
		Tentative: v.Tentative, CheckedInAt: inZone(v.CheckedInAt, v.Location), NoShow: v.NoShow}
	if !v.Full {
		return b
	}
	return bookingFullOut{bookingOut: b, EmployeeID: v.EmployeeID, OrganizationID: v.OrganizationID, CancelledAt: v.CancelledAt,
		CheckedOutAt: inZone(v.CheckedOutAt, v.Location), SeriesID: v.SeriesID, RequestID: v.RequestID, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}

func (s *Server) createBooking(c echo.Context) error {
	var in services.BookingInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	b, err := s.svc.Bookings.Book(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, bookingOutOf(*b))
}

func (s *Server) getBooking(c echo.Context) error {
	b, err := s.svc.Bookings.Get(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, bookingOutOf(*b))
}

func (s *Server) moveBooking(c echo.Context) error {
	var in services.BookingInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	b, err := s.svc.Bookings.Move(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, bookingOutOf(*b))
}

func (s *Server) cancelBooking(c echo.Context) error {
	b, err := s.svc.Bookings.Cancel(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, bookingOutOf(*b))
}

func (s *Server) listBookings(c echo.Context) error {
	// pageParams reads the limit; the cursor of this list is its own.
	p, err := pageParams(c)
	var pe *services.Error
	if err != nil && !(errors.As(err, &pe) && len(pe.Fields) == 1 && pe.Fields[0].Field == "cursor") {
		return err
	}
	f := services.BookingListFilter{OfficeID: c.QueryParam("office_id"), Status: c.QueryParam("status"), Limit: p.Limit}
	if v := c.QueryParam("cursor"); v != "" {
		cur, ok := decodeBookingCursor(v)
		if !ok {
			return badParam("cursor", "cursor が正しくありません。前のページの next_cursor をそのまま渡してください。",
				"The cursor is invalid; pass the previous page's next_cursor unchanged.")
		}
		f.After = cur
	}
	if f.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	bs, next, err := s.svc.Bookings.List(c.Request().Context(), actorFrom(c), f)
	if err != nil {
		return err
	}
	l := list[any]{Items: mapSlice(bs, bookingOutOf)}
	if next != nil {
		cur := encodeBookingCursor(*next)
		l.NextCursor = &cur
	}
	return ok(c, http.StatusOK, l)
}

// Bookings are listed in start order, so their cursor holds the last start
// and id (opaque to clients like every cursor).
func encodeBookingCursor(c services.BookingCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte("at:" + strconv.FormatInt(c.StartAt.UnixMilli(), 10) + ":" + c.ID))
}

func decodeBookingCursor(s string) (*services.BookingCursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	rest, ok := strings.CutPrefix(string(b), "at:")
	ms, id, found := strings.Cut(rest, ":")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || !found || err != nil || !services.ValidID(id) {
		return nil, false
	}
	return &services.BookingCursor{StartAt: time.UnixMilli(n).UTC(), ID: id}, true
}
