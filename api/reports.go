package api

import (
	"maps"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type partOut struct {
	Kind           string   `json:"kind,omitempty"`
	OrganizationID *string  `json:"organization_id,omitempty"`
	Name           string   `json:"name,omitempty"`
	Bookings       int      `json:"bookings"`
	BookedHours    float64  `json:"booked_hours"`
	OpenHours      *float64 `json:"open_hours,omitempty"`
	Utilisation    *float64 `json:"utilisation,omitempty"`
}

type occupancyBucketOut struct {
	Key            string    `json:"key"`
	Bookings       int       `json:"bookings"`
	BookedHours    float64   `json:"booked_hours"`
	OpenHours      float64   `json:"open_hours"`
	Utilisation    float64   `json:"utilisation"`
	ByKind         []partOut `json:"by_kind"`
	ByOrganization []partOut `json:"by_organization"`
}

type occupancyOut struct {
	Office    refOut               `json:"office"`
	From      string               `json:"from"`
	To        string               `json:"to"`
	Bucket    string               `json:"bucket"`
	Buckets   []occupancyBucketOut `json:"buckets"`
	PeakHours []occupancyBucketOut `json:"peak_hours"`
	// NoShows are the period's bookings released because nobody checked in.
	NoShows *int `json:"no_shows"`
}

func hours(minutes int) float64 { return float64(minutes) / 60 }

var othersName = i18n.T("その他の団体", "Other organisations")

func occupancyBucketOutOf(rep *services.OccupancyReport, lang i18n.Lang) func(policies.Occupancy) occupancyBucketOut {
	return func(b policies.Occupancy) occupancyBucketOut {
		out := occupancyBucketOut{Key: b.Key, Bookings: b.Bookings, BookedHours: hours(b.BookedMinutes), OpenHours: hours(b.OpenMinutes),
			Utilisation: b.Utilisation(), ByKind: []partOut{}, ByOrganization: []partOut{}}
		for _, kind := range slices.Sorted(maps.Keys(b.ByKind)) {
			k := b.ByKind[kind]
			open, u := hours(k.OpenMinutes), k.Utilisation()
			out.ByKind = append(out.ByKind, partOut{Kind: kind, Bookings: k.Bookings, BookedHours: hours(k.BookedMinutes), OpenHours: &open, Utilisation: &u})
		}
		for _, id := range slices.Sorted(maps.Keys(b.ByOrganization)) {
			p := b.ByOrganization[id]
			part := partOut{Name: rep.Organizations[id], Bookings: p.Bookings, BookedHours: hours(p.BookedMinutes)}
			if id == services.OthersKey {
				part.Name = othersName.In(lang)
			} else {
				part.OrganizationID = &id
			}
			out.ByOrganization = append(out.ByOrganization, part)
		}
		return out
	}
}

// occupancy reports a satellite office's use (HR of the organisations that
// own or share it, and its managers), as JSON, CSV or XLSX.
func (s *Server) occupancy(c echo.Context) error {
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	q := services.OccupancyQuery{OfficeID: c.QueryParam("office_id"), From: c.QueryParam("from"), To: c.QueryParam("to"), Bucket: c.QueryParam("bucket")}
	if q.OfficeID == "" {
		return badParam("office_id", "office_id を指定してください。", "office_id is required.")
	}
	rep, err := s.svc.Bookings.Occupancy(c.Request().Context(), actorFrom(c), q)
	if err != nil {
		return err
	}
	lang := langOf(c)
	out := occupancyOut{Office: refOut{ID: rep.Office.ID, Name: rep.Office.Name}, From: rep.From.String(), To: rep.To.String(),
		Bucket: string(rep.Bucket), Buckets: mapSlice(rep.Buckets, occupancyBucketOutOf(rep, lang)),
		PeakHours: mapSlice(rep.PeakHours, occupancyBucketOutOf(rep, lang)), NoShows: &rep.NoShows}
	t := table{name: "occupancy", headers: []i18n.Text{i18n.T("区分", "Bucket"), i18n.T("予約件数", "Bookings"),
		i18n.T("予約時間", "Booked hours"), i18n.T("開館時間（席×時間）", "Open hours (spaces × hours)"), i18n.T("利用率", "Utilisation")}}
	for _, b := range out.Buckets {
		t.rows = append(t.rows, []any{bucketLabel(b.Key, i18n.Lang(rep.Language)), b.Bookings, b.BookedHours, b.OpenHours, percent(b.Utilisation)})
	}
	return export(c, format, i18n.Lang(rep.Language), t, out)
}

// weekdayLabels names the weekday keys of the weekday and weekday_hour
// buckets in a download, which people read (the JSON keeps the keys).
var weekdayLabels = map[string]i18n.Text{
	"monday": i18n.T("月曜日", "Monday"), "tuesday": i18n.T("火曜日", "Tuesday"), "wednesday": i18n.T("水曜日", "Wednesday"),
	"thursday": i18n.T("木曜日", "Thursday"), "friday": i18n.T("金曜日", "Friday"), "saturday": i18n.T("土曜日", "Saturday"),
	"sunday": i18n.T("日曜日", "Sunday"),
}

func bucketLabel(key string, lang i18n.Lang) string {
	day, rest, _ := strings.Cut(key, " ")
	if l, ok := weekdayLabels[day]; ok {
		return strings.TrimSpace(l.In(lang) + " " + rest)
	}
	return key
}
