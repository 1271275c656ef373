package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// Check-in, QR codes, recurring bookings and calendar feeds (issue 16).
// Links that leave kinmuchi (the URL a QR code carries, a feed's address)
// are built from KINMUCHI_PUBLIC_URL only, never from the request's Host.

func inZone(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	l := t.In(loc)
	return &l
}

// publicLink prefixes a path with the public address; without one there is
// no link to give, and the operator is told what to set.
func (s *Server) publicLink(path string) (string, error) {
	if s.publicURL == "" {
		return "", services.Fail(services.ErrInvalidState, "公開URL（KINMUCHI_PUBLIC_URL）が設定されていないため、リンクを作れません。管理者に設定を依頼してください。",
			"No public address (KINMUCHI_PUBLIC_URL) is set, so no link can be made; ask the administrator to set it.")
	}
	return s.publicURL + path, nil
}

type checkInIn struct {
	Code string `json:"code"`
}

type checkInOut struct {
	Booking any  `json:"booking"`
	WalkIn  bool `json:"walk_in"`
}

func (s *Server) checkIn(c echo.Context) error {
	var in checkInIn
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	r, err := s.svc.Bookings.CheckIn(c.Request().Context(), actorFrom(c), in.Code)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if r.WalkIn {
		status = http.StatusCreated
	}
	return ok(c, status, checkInOut{Booking: bookingOutOf(*r.BookingView), WalkIn: r.WalkIn})
}

func (s *Server) checkOut(c echo.Context) error {
	b, err := s.svc.Bookings.CheckOut(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, bookingOutOf(*b))
}

type checkinCodeOut struct {
	SpaceID   string `json:"space_id"`
	SpaceName string `json:"space_name"`
	Office    string `json:"office_name"`
	Code      string `json:"code"`
	URL       string `json:"url"`
	// QRPNG is the QR code as a data: URL, for a page to show or print.
	QRPNG string `json:"qr_png"`
}

// qr is the check-in URL of a code and its QR code, 512 pixels square.
func (s *Server) qr(code string) (string, []byte, error) {
	link, err := s.publicLink(services.CheckInPath(code))
	if err != nil {
		return "", nil, err
	}
	png, err := qrcode.Encode(link, qrcode.Medium, 512)
	return link, png, err
}

func (s *Server) codeOut(sc services.SpaceCode) (checkinCodeOut, error) {
	link, png, err := s.qr(sc.Code)
	if err != nil {
		return checkinCodeOut{}, err
	}
	return checkinCodeOut{SpaceID: sc.Space.ID, SpaceName: sc.Space.Name, Office: sc.OfficeName, Code: sc.Code, URL: link,
		QRPNG: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)}, nil
}

func (s *Server) spaceQR(c echo.Context) error {
	sc, err := s.svc.Offices.SpaceCode(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	_, png, err := s.qr(sc.Code)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/png", png)
}

// spaceCode answers a space's code as read (GET) or rotated (POST).
func (s *Server) spaceCode(get func(*services.Offices, context.Context, *services.Actor, string) (*services.SpaceCode, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		sc, err := get(s.svc.Offices, c.Request().Context(), actorFrom(c), idParam(c, "id"))
		if err != nil {
			return err
		}
		out, err := s.codeOut(*sc)
		if err != nil {
			return err
		}
		return ok(c, http.StatusOK, out)
	}
}

func (s *Server) officeCodes(c echo.Context) error {
	scs, err := s.svc.Offices.OfficeCodes(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	out := make([]checkinCodeOut, 0, len(scs))
	for _, sc := range scs {
		o, err := s.codeOut(sc)
		if err != nil {
			return err
		}
		out = append(out, o)
	}
	return ok(c, http.StatusOK, newList(out, ""))
}

// Recurring bookings.

type seriesOut struct {
	ID            string     `json:"id"`
	Office        refOut     `json:"office"`
	Space         refOut     `json:"space"`
	Weekdays      []string   `json:"weekdays"`
	StartTime     string     `json:"start_time"`
	EndTime       string     `json:"end_time"`
	From          string     `json:"from"`
	Until         string     `json:"until"`
	BookedThrough string     `json:"booked_through"`
	Status        string     `json:"status"`
	CreatedAt     time.Time  `json:"created_at"`
	Occurrences   []occurOut `json:"occurrences,omitempty"`
}

type occurOut struct {
	Date    string  `json:"date"`
	Outcome string  `json:"outcome"`
	Booking any     `json:"booking,omitempty"`
	Reason  string  `json:"reason,omitempty"`
	Message *string `json:"message,omitempty"`
}

func seriesOutOf(lang i18n.Lang) func(v services.SeriesView) seriesOut {
	return func(v services.SeriesView) seriesOut {
		out := seriesOut{ID: v.ID, Office: refOut{ID: v.OfficeID, Name: v.OfficeName}, Space: refOut{ID: v.SpaceID, Name: v.SpaceName},
			Weekdays: []string{}, StartTime: policies.Clock(v.StartMin).String(), EndTime: policies.Clock(v.EndMin).String(),
			From: v.FromDay.String(), Until: v.UntilDay.String(), BookedThrough: v.BookedThrough.String(), Status: v.Status, CreatedAt: v.CreatedAt}
		for i, w := range services.Weekdays {
			if v.Weekdays&(1<<i) != 0 {
				out.Weekdays = append(out.Weekdays, w)
			}
		}
		for _, o := range v.Occurrences {
			x := occurOut{Date: o.Date, Outcome: o.Outcome, Reason: o.Reason}
			if o.Booking != nil {
				x.Booking = bookingOutOf(*o.Booking)
			}
			if o.Message.Ja != "" {
				m := o.Message.In(lang)
				x.Message = &m
			}
			out.Occurrences = append(out.Occurrences, x)
		}
		return out
	}
}

func (s *Server) createSeries(c echo.Context) error {
	var in services.SeriesInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	v, err := s.svc.Bookings.CreateSeries(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, seriesOutOf(langOf(c))(*v))
}

func (s *Server) listSeries(c echo.Context) error {
	vs, err := s.svc.Bookings.ListSeries(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(vs, seriesOutOf(langOf(c))), ""))
}

func (s *Server) cancelSeries(c echo.Context) error {
	v, err := s.svc.Bookings.CancelSeries(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, seriesOutOf(langOf(c))(*v))
}

// Calendar feeds.

type calendarFeedOut struct {
	// URL is answered once, when the feed is made; later only whether one exists.
	URL       string     `json:"url,omitempty"`
	Active    bool       `json:"active"`
	CreatedAt *time.Time `json:"created_at"`
}

func (s *Server) getCalendarFeed(c echo.Context) error {
	at, err := s.svc.Bookings.CalendarFeedState(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, calendarFeedOut{Active: at != nil, CreatedAt: at})
}

func (s *Server) createCalendarFeed(c echo.Context) error {
	if _, err := s.publicLink(""); err != nil {
		return err
	}
	token, err := s.svc.Bookings.CreateCalendarFeed(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	link, err := s.publicLink(services.FeedPath(token))
	if err != nil {
		return err
	}
	at, err := s.svc.Bookings.CalendarFeedState(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, calendarFeedOut{URL: link, Active: true, CreatedAt: at})
}

func (s *Server) revokeCalendarFeed(c echo.Context) error {
	if err := s.svc.Bookings.RevokeCalendarFeed(c.Request().Context(), actorFrom(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// calendarFeed answers a feed without sign-in: the token is the key.
func (s *Server) calendarFeed(c echo.Context) error {
	file := c.Param("file")
	const ext = ".ics"
	if len(file) <= len(ext) || file[len(file)-len(ext):] != ext {
		return errRouteNotFoundProblem()
	}
	body, err := s.svc.Bookings.CalendarFeed(c.Request().Context(), file[:len(file)-len(ext)])
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// loadZone reads a stored zone name; an unknown one (never stored) is UTC.
func loadZone(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}
