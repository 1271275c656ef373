package api_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// offices is alpha's two offices: 駅前サテライト, shared with beta and managed
// by sup (weekdays 08:30–17:15, 30-minute unit, 14 days ahead, 8 hours a day,
// closed on 4 December 2026), and 北部支所, not shared.
type offices struct {
	shared, private        string
	a1, a2, a3, booth, mtg string // spaces of the shared office
	north                  string // a seat of the private one
}

func (e *env) seedOffices(admin string) offices {
	e.t.Helper()
	var o offices
	o.shared = e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: map[string]any{
		"name": "駅前サテライト", "kind": "satellite", "address": "駅前1-1", "booking_unit": "30m",
		"max_advance_days": 14, "max_minutes_per_day": 480, "closed_days": []map[string]string{{"date": "2026-12-04", "name": "設備点検"}},
		"shared_with": []string{"beta-village"}, "managers": []string{e.fx.sup},
	}}).must(e.t, 201).str("id")
	o.private = e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: map[string]any{"name": "北部支所"}}).must(e.t, 201).str("id")
	space := func(office, name, kind string, capacity int, attrs ...string) string {
		body := map[string]any{"name": name, "kind": kind, "capacity": capacity, "attributes": append([]string{}, attrs...), "floor": "2F"}
		return e.do(req{method: "POST", path: "/api/v1/offices/" + office + "/spaces", token: admin, body: body}).must(e.t, 201).str("id")
	}
	o.a1 = space(o.shared, "A-01", "open_seat", 1, "monitor")
	o.a2 = space(o.shared, "A-02", "open_seat", 1)
	o.a3 = space(o.shared, "A-03", "open_seat", 1, "monitor", "privacy_filter")
	o.booth = space(o.shared, "B-01", "booth", 1, "web_camera", "calls_allowed")
	o.mtg = space(o.shared, "M-01", "meeting_room", 6, "monitor", "web_camera", "calls_allowed")
	o.north = space(o.private, "N-01", "open_seat", 1)
	return o
}

// book asks for a booking of space from start to end (RFC 3339).
func (e *env) book(token, space, start, end string) *res {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/bookings", token: token, body: map[string]string{"space_id": space, "start": start, "end": end}})
}

// problemField returns the codes of the problem's field errors.
func (r *res) fieldCodes() []string {
	var out []string
	errs, _ := r.json["errors"].([]any)
	for _, fe := range errs {
		out = append(out, fe.(map[string]any)["code"].(string))
	}
	return out
}

func TestOfficesAndSpaces(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, sup, emp, emp2 := e.login(adminEmail), e.login(supEmail), e.login(empEmail), e.login(emp2Email)
		o := e.seedOffices(admin)

		got := e.do(req{method: "GET", path: "/api/v1/offices/" + o.private, token: admin}).must(t, 200)
		if got.str("time_zone") != "Asia/Tokyo" || got.str("booking_unit") != "30m" || got.str("midday") != "12:00" || len(got.json["opening_hours"].([]any)) != 5 {
			t.Fatalf("defaults: %s", got.body)
		}
		// Only admins open offices.
		e.do(req{method: "POST", path: "/api/v1/offices", token: emp, body: map[string]any{"name": "勝手な施設"}}).must(t, 403)
		// The manager edits their office's hours and rules, not its sharing or managers.
		e.do(req{method: "PATCH", path: "/api/v1/offices/" + o.shared, token: sup, body: map[string]any{
			"opening_hours": []map[string]string{{"weekday": "monday", "opens": "08:30", "closes": "17:15"}, {"weekday": "tuesday", "opens": "08:30", "closes": "17:15"},
				{"weekday": "wednesday", "opens": "08:30", "closes": "17:15"}, {"weekday": "thursday", "opens": "08:30", "closes": "17:15"},
				{"weekday": "friday", "opens": "08:30", "closes": "17:15"}, {"weekday": "saturday", "opens": "10:00", "closes": "16:00"}},
		}}).must(t, 200)
		e.do(req{method: "PATCH", path: "/api/v1/offices/" + o.shared, token: sup, body: map[string]any{"shared_with": []string{}}}).must(t, 403)
		e.do(req{method: "PATCH", path: "/api/v1/offices/" + o.private, token: sup, body: map[string]any{"name": "x"}}).must(t, 403)
		e.do(req{method: "POST", path: "/api/v1/offices/" + o.shared + "/spaces", token: sup, body: map[string]any{"name": "A-04"}}).must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/offices/" + o.shared + "/spaces", token: emp, body: map[string]any{"name": "A-05"}}).must(t, 403)

		// Owners see sharing and managers; partners see the office without them.
		own := e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared, token: emp}).must(t, 200)
		if _, ok := own.json["managers"]; !ok || own.json["can_edit"] != false {
			t.Fatalf("an owner's employee: %s", own.body)
		}
		partner := e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared, token: emp2}).must(t, 200)
		if _, ok := partner.json["managers"]; ok || partner.json["organization"].(map[string]any)["name"] != "アルファ町" {
			t.Fatalf("a partner sees too much: %s", partner.body)
		}
		list := e.do(req{method: "GET", path: "/api/v1/offices", token: emp2}).must(t, 200).items()
		if len(list) != 1 || list[0]["id"] != o.shared {
			t.Fatalf("beta sees %v", list)
		}
		// An office not shared with the caller does not exist for them, nor its spaces.
		for _, p := range []string{"/api/v1/offices/" + o.private, "/api/v1/offices/" + o.private + "/spaces",
			"/api/v1/offices/" + o.private + "/availability", "/api/v1/spaces/" + o.north} {
			e.do(req{method: "GET", path: p, token: emp2}).must(t, 404)
		}
		spaces := e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/spaces?attr=monitor&attr=web_camera", token: emp2}).must(t, 200).items()
		if len(spaces) != 1 || spaces[0]["name"] != "M-01" {
			t.Fatalf("attribute filter: %v", spaces)
		}
		e.do(req{method: "PATCH", path: "/api/v1/spaces/" + o.a2, token: sup, body: map[string]any{"active": false, "zone": "窓側"}}).must(t, 200)

		// Creating offices and spaces is idempotent.
		key := map[string]string{"Idempotency-Key": "office-1"}
		first := e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: map[string]any{"name": "南部支所"}, headers: key}).must(t, 201)
		again := e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: map[string]any{"name": "南部支所"}, headers: key}).must(t, 201)
		if first.str("id") != again.str("id") || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatal("the retry created another office")
		}

		bad := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"no name", map[string]any{"kind": "satellite"}, "name"},
			{"unknown kind", map[string]any{"name": "x", "kind": "castle"}, "kind"},
			{"unknown zone", map[string]any{"name": "x", "time_zone": "Mars/Olympus"}, "time_zone"},
			{"closing before opening", map[string]any{"name": "x", "opening_hours": []map[string]string{{"weekday": "monday", "opens": "17:00", "closes": "09:00"}}}, "opening_hours[0].closes"},
			{"unknown weekday", map[string]any{"name": "x", "opening_hours": []map[string]string{{"weekday": "funday", "opens": "09:00", "closes": "17:00"}}}, "opening_hours[0].weekday"},
			{"unknown unit", map[string]any{"name": "x", "booking_unit": "45m"}, "booking_unit"},
			{"unknown partner", map[string]any{"name": "x", "shared_with": []string{"nowhere"}}, "shared_with[0]"},
			{"shared with itself", map[string]any{"name": "x", "shared_with": []string{"alpha-town"}}, "shared_with[0]"},
			{"a manager from another organisation", map[string]any{"name": "x", "managers": []string{e.fx.emp2}}, "managers[0]"},
			{"a name taken", map[string]any{"name": "北部支所"}, "name"},
		}
		for _, c := range bad {
			r := e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: c.body}).must(t, 422)
			if !strings.Contains(string(r.body), `"field":"`+c.field+`"`) {
				t.Errorf("%s: errors do not name %s: %s", c.name, c.field, r.body)
			}
		}
		r := e.do(req{method: "POST", path: "/api/v1/offices/" + o.shared + "/spaces", token: admin, body: map[string]any{"name": "A-01"}}).must(t, 422)
		if !slices.Contains(r.fieldCodes(), "taken") {
			t.Fatalf("duplicate space name: %s", r.body)
		}
		e.do(req{method: "POST", path: "/api/v1/offices/" + o.shared + "/spaces", token: admin, body: map[string]any{"name": "A-09", "capacity": 2}}).must(t, 422)
	})
}

func TestBookingRulesAnswer422(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp := e.login(empEmail)
		o := e.seedOffices(e.login(adminEmail))
		e.book(emp, o.a3, "2026-12-02T13:00:00+09:00", "2026-12-02T17:00:00+09:00").must(t, 201)
		cases := []struct {
			name, start, end, rule string
		}{
			{"end before start", "2026-12-02T10:00:00+09:00", "2026-12-02T09:00:00+09:00", "booking.order"},
			{"in the past", "2026-12-01T08:30:00+09:00", "2026-12-01T09:30:00+09:00", "booking.past"},
			{"too far ahead", "2026-12-16T09:00:00+09:00", "2026-12-16T10:00:00+09:00", "booking.too_far"},
			{"the office's closed day", "2026-12-04T09:00:00+09:00", "2026-12-04T10:00:00+09:00", "booking.closed_day"},
			{"a Sunday", "2026-12-06T09:00:00+09:00", "2026-12-06T10:00:00+09:00", "booking.closed_day"},
			{"before opening", "2026-12-02T08:00:00+09:00", "2026-12-02T09:00:00+09:00", "booking.outside_hours"},
			{"off the booking unit", "2026-12-02T09:10:00+09:00", "2026-12-02T10:00:00+09:00", "booking.unit"},
			{"longer than a day allows with the afternoon booked", "2026-12-02T08:30:00+09:00", "2026-12-02T13:00:00+09:00", "booking.too_long"},
			{"over two days", "2026-12-02T16:00:00+09:00", "2026-12-03T09:00:00+09:00", "booking.spans_days"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.book(emp, o.a1, c.start, c.end).must(t, 422)
				if r.str("type") != api.ProblemTypeBase+"booking-rules" || !slices.Contains(r.fieldCodes(), c.rule) {
					t.Fatalf("want %s: %s", c.rule, r.body)
				}
				if vs, _ := r.json["violations"].([]any); len(vs) == 0 || r.str("detail") == "" {
					t.Fatalf("no violations listed: %s", r.body)
				}
			})
		}
		// The messages follow the caller's language.
		r := e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, headers: map[string]string{"Accept-Language": "en"},
			body: map[string]string{"space_id": o.a1, "start": "2026-12-04T09:00:00+09:00", "end": "2026-12-04T10:00:00+09:00"}}).must(t, 422)
		if r.str("detail") != "The office is closed on 2026-12-04 (設備点検)." {
			t.Fatalf("detail %q", r.str("detail"))
		}
		// Malformed times and missing fields are field errors too.
		for _, body := range []map[string]string{{"space_id": o.a1, "start": "2026-12-02 09:00", "end": "2026-12-02T10:00:00+09:00"}, {"space_id": o.a1}} {
			e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, body: body}).must(t, 422)
		}
		if n := e.count("bookings"); n != 1 {
			t.Fatalf("%d bookings stored, want 1", n)
		}
	})
}

func TestHalfOpenIntervalsClashesAndCancellation(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, other, sup := e.login(empEmail), e.login(otherEmail), e.login(supEmail)
		o := e.seedOffices(e.login(adminEmail))
		first := e.book(emp, o.a1, "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		// [09:00,10:00) and [10:00,11:00) do not clash, nor [08:30,09:00).
		e.book(other, o.a1, "2026-12-02T10:00:00+09:00", "2026-12-02T11:00:00+09:00").must(t, 201)
		e.book(other, o.a1, "2026-12-02T08:30:00+09:00", "2026-12-02T09:00:00+09:00").must(t, 201)
		// The seat is taken: 409 names the space and the time, not the person.
		r := e.book(sup, o.a1, "2026-12-02T09:30:00+09:00", "2026-12-02T10:30:00+09:00").must(t, 409)
		cb, _ := r.json["conflicting_booking"].(map[string]any)
		if r.json["clash"] != "space" || cb["start"] == nil || cb["id"] != nil || !strings.Contains(r.str("detail"), "A-01") {
			t.Fatalf("space clash: %s", r.body)
		}
		// The person is taken: 409 names their own booking.
		r = e.book(emp, o.a2, "2026-12-02T09:30:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 409)
		cb, _ = r.json["conflicting_booking"].(map[string]any)
		if r.json["clash"] != "person" || cb["id"] != first.str("id") {
			t.Fatalf("person clash: %s", r.body)
		}
		// Cancelling frees the space; cancelling twice is a state error.
		e.do(req{method: "POST", path: "/api/v1/bookings/" + first.str("id") + "/cancel", token: emp}).must(t, 200)
		r = e.do(req{method: "POST", path: "/api/v1/bookings/" + first.str("id") + "/cancel", token: emp}).must(t, 409)
		if r.json["current_status"] != "cancelled" {
			t.Fatalf("%s", r.body)
		}
		e.book(sup, o.a1, "2026-12-02T09:30:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		// My bookings are the live ones; the cancelled one is there when asked
		// for, and offers no action.
		if mine := e.do(req{method: "GET", path: "/api/v1/bookings", token: emp}).must(t, 200).items(); len(mine) != 0 {
			t.Fatalf("my active bookings: %v", mine)
		}
		for _, q := range []string{"?status=cancelled", "?status=all"} {
			mine := e.do(req{method: "GET", path: "/api/v1/bookings" + q, token: emp}).must(t, 200).items()
			if len(mine) != 1 || mine[0]["status"] != "cancelled" || mine[0]["cancelled_at"] == nil ||
				mine[0]["can_cancel"] != false || mine[0]["can_move"] != false {
				t.Fatalf("my bookings%s: %v", q, mine)
			}
		}
		var audits int64
		e.db.Gorm.Table("audit_events").Where("action LIKE 'booking.%'").Count(&audits)
		if audits != 5 {
			t.Fatalf("%d booking audit events, want 5", audits)
		}
	})
}

func TestBookingTimeZones(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp := e.login(empEmail)
		o := e.seedOffices(e.login(adminEmail))
		// 09:00 in Tokyo sent as 19:00 the evening before in New York.
		r := e.book(emp, o.a1, "2026-12-01T19:00:00-05:00", "2026-12-01T20:30:00-05:00").must(t, 201)
		if r.str("start") != "2026-12-02T09:00:00+09:00" || r.str("end") != "2026-12-02T10:30:00+09:00" || r.str("time_zone") != "Asia/Tokyo" {
			t.Fatalf("shown back: %s", r.body)
		}
		var b models.Booking
		if err := e.db.Gorm.Where("id = ?", r.str("id")).Take(&b).Error; err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC); !b.StartAt.Equal(want) || offsetOf(b.StartAt) != 0 {
			t.Fatalf("stored %v, want %v in UTC", b.StartAt, want)
		}
		// A UTC request that lands at 22:00 in Tokyo is outside the hours.
		e.book(emp, o.a2, "2026-12-02T13:00:00Z", "2026-12-02T14:00:00Z").must(t, 422)
		// The office's day, not UTC's: availability shows the booking in Tokyo time.
		a := e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/availability?date=2026-12-02&kind=open_seat", token: emp}).must(t, 200)
		for _, sp := range a.json["spaces"].([]any) {
			s := sp.(map[string]any)
			if s["id"] == o.a1 {
				first := s["free"].([]any)[0].(map[string]any)
				if first["start"] != "2026-12-02T08:30:00+09:00" || first["end"] != "2026-12-02T09:00:00+09:00" {
					t.Fatalf("A-01's first free interval: %v", first)
				}
			}
		}
	})
}

func TestPartnersBookSharedOfficesAndManagersSeeLittle(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, emp2, sup, hr, admin2 := e.login(empEmail), e.login(emp2Email), e.login(supEmail), e.login(hrEmail), e.login(admin2Email)
		o := e.seedOffices(e.login(adminEmail))
		// A travelling civil servant of beta books the shared office; the booking is beta's.
		visit := e.book(emp2, o.booth, "2026-12-03T13:00:00+09:00", "2026-12-03T15:00:00+09:00").must(t, 201)
		if visit.str("organization_id") != e.fx.beta || visit.str("employee_id") != e.fx.emp2 {
			t.Fatalf("whose booking: %s", visit.body)
		}
		// The office not shared with beta answers 404, however it is asked.
		e.book(emp2, o.north, "2026-12-03T13:00:00+09:00", "2026-12-03T15:00:00+09:00").must(t, 404)
		e.do(req{method: "GET", path: "/api/v1/bookings?office_id=" + o.private, token: emp2}).must(t, 404)
		own := e.book(emp, o.a1, "2026-12-03T09:00:00+09:00", "2026-12-03T10:00:00+09:00").must(t, 201)

		// The manager sees each booking in the office as time, space, name and
		// organisation, and the seat's state (held, checked in, released) only.
		limited := []string{"id", "office", "space", "start", "end", "time_zone", "status", "booker", "can_cancel", "can_move", "tentative", "checked_in_at", "no_show"}
		items := e.do(req{method: "GET", path: "/api/v1/bookings?office_id=" + o.shared + "&from=2026-12-03T00:00:00%2B09:00&to=2026-12-04T00:00:00%2B09:00", token: sup}).must(t, 200).items()
		if len(items) != 2 {
			t.Fatalf("the manager sees %d bookings", len(items))
		}
		for _, it := range items {
			for k := range it {
				if !slices.Contains(limited, k) {
					t.Errorf("the manager sees %s: %v", k, it)
				}
			}
		}
		if b := items[1]["booker"].(map[string]any); b["organization"] != "ベータ村" || b["name"] != "職員 太郎" {
			t.Fatalf("booker: %v", b)
		}
		got := e.do(req{method: "GET", path: "/api/v1/bookings/" + visit.str("id"), token: sup}).must(t, 200)
		if _, ok := got.json["employee_id"]; ok {
			t.Fatalf("the manager sees the booker's id: %s", got.body)
		}
		// Nobody else of alpha sees the visitor's booking; alpha's HR sees alpha's bookings whole.
		e.do(req{method: "GET", path: "/api/v1/bookings/" + visit.str("id"), token: emp}).must(t, 404)
		e.do(req{method: "GET", path: "/api/v1/bookings/" + visit.str("id"), token: hr}).must(t, 404)
		e.do(req{method: "GET", path: "/api/v1/bookings/" + own.str("id"), token: admin2}).must(t, 404)
		if whole := e.do(req{method: "GET", path: "/api/v1/bookings/" + own.str("id"), token: hr}).must(t, 200); whole.str("employee_id") != e.fx.emp {
			t.Fatalf("hr: %s", whole.body)
		}
		hrList := e.do(req{method: "GET", path: "/api/v1/bookings?office_id=" + o.shared, token: hr}).must(t, 200).items()
		if len(hrList) != 1 || hrList[0]["id"] != own.str("id") {
			t.Fatalf("hr lists %v", hrList)
		}
		// Others see only their own, with or without office_id.
		if l := e.do(req{method: "GET", path: "/api/v1/bookings?office_id=" + o.shared, token: emp2}).must(t, 200).items(); len(l) != 1 || l[0]["id"] != visit.str("id") {
			t.Fatalf("beta's own: %v", l)
		}
		// The manager may free the seat but not move the booking.
		e.do(req{method: "PATCH", path: "/api/v1/bookings/" + visit.str("id"), token: sup, body: map[string]string{"start": "2026-12-03T15:00:00+09:00"}}).must(t, 403)
		e.do(req{method: "POST", path: "/api/v1/bookings/" + visit.str("id") + "/cancel", token: sup}).must(t, 200)
		// HR reads its people's bookings but does not cancel them.
		e.do(req{method: "POST", path: "/api/v1/bookings/" + own.str("id") + "/cancel", token: hr}).must(t, 403)
	})
}

func TestMovingABooking(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, other := e.login(empEmail), e.login(otherEmail)
		o := e.seedOffices(e.login(adminEmail))
		b := e.book(emp, o.a1, "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		e.book(other, o.a2, "2026-12-02T11:00:00+09:00", "2026-12-02T12:00:00+09:00").must(t, 201)
		path := "/api/v1/bookings/" + b.str("id")
		moved := e.do(req{method: "PATCH", path: path, token: emp, body: map[string]string{"start": "2026-12-02T09:30:00+09:00", "end": "2026-12-02T11:00:00+09:00"}}).must(t, 200)
		if moved.str("start") != "2026-12-02T09:30:00+09:00" {
			t.Fatalf("%s", moved.body)
		}
		// Onto a taken seat: 409; off the grid: 422; someone else's: 404. Nothing changes.
		e.do(req{method: "PATCH", path: path, token: emp, body: map[string]string{"space_id": o.a2, "start": "2026-12-02T10:30:00+09:00", "end": "2026-12-02T11:30:00+09:00"}}).must(t, 409)
		e.do(req{method: "PATCH", path: path, token: emp, body: map[string]string{"end": "2026-12-02T11:10:00+09:00"}}).must(t, 422)
		e.do(req{method: "PATCH", path: path, token: other, body: map[string]string{"end": "2026-12-02T12:00:00+09:00"}}).must(t, 404)
		now := e.do(req{method: "GET", path: path, token: emp}).must(t, 200)
		if now.str("start") != "2026-12-02T09:30:00+09:00" || now.str("end") != "2026-12-02T11:00:00+09:00" || now.json["space"].(map[string]any)["id"] != o.a1 {
			t.Fatalf("a refused move changed the booking: %s", now.body)
		}
		// Moving within its own time (overlapping itself) is no clash; to another seat neither.
		e.do(req{method: "PATCH", path: path, token: emp, body: map[string]string{"space_id": o.a3, "end": "2026-12-02T10:30:00+09:00"}}).must(t, 200)
		// Once it has started it stays.
		e.clock.Set(time.Date(2026, 12, 2, 9, 45, 0, 0, time.FixedZone("JST", 9*3600)))
		emp = e.login(empEmail)
		r := e.do(req{method: "PATCH", path: path, token: emp, body: map[string]string{"end": "2026-12-02T11:00:00+09:00"}}).must(t, 409)
		if r.json["current_status"] != "confirmed" {
			t.Fatalf("%s", r.body)
		}
	})
}

func TestAvailability(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, other := e.login(empEmail), e.login(otherEmail)
		o := e.seedOffices(e.login(adminEmail))
		e.book(emp, o.a1, "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		e.book(other, o.a3, "2026-12-02T09:30:00+09:00", "2026-12-02T12:00:00+09:00").must(t, 201)
		avail := func(q string) *res {
			return e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/availability?" + q, token: emp}).must(t, 200)
		}
		a := avail("date=2026-12-02&kind=open_seat&from=09:00&to=11:00")
		slots := a.json["slots"].([]any)
		free := func(i int) float64 { return slots[i].(map[string]any)["free"].(float64) }
		// Slots 09:00, 09:30, 10:00, 10:30 over three seats.
		if len(slots) != 4 || free(0) != 2 || free(1) != 1 || free(2) != 2 || free(3) != 2 || a.json["bookable"] != true {
			t.Fatalf("slots: %v", slots)
		}
		for _, sp := range a.json["spaces"].([]any) {
			s := sp.(map[string]any)
			ivs := s["free"].([]any)
			if s["id"] == o.a3 && (len(ivs) != 1 || ivs[0].(map[string]any)["end"] != "2026-12-02T09:30:00+09:00") {
				t.Fatalf("A-03 free: %v", ivs)
			}
		}
		if a := avail("date=2026-12-02&attr=calls_allowed&attr=web_camera"); len(a.json["spaces"].([]any)) != 2 {
			t.Fatalf("attributes: %s", a.body)
		}
		// Today: the slots before the current one are not free.
		today := avail("kind=booth").json["slots"].([]any)
		if today[0].(map[string]any)["free"].(float64) != 0 || today[1].(map[string]any)["free"].(float64) != 1 {
			t.Fatalf("today's first slots: %v", today[:2])
		}
		for q, reason := range map[string]string{"date=2026-12-04": "設備点検", "date=2026-12-23": "", "date=2026-12-06": "日曜日"} {
			a := avail(q)
			if a.json["bookable"] != false || (reason != "" && !strings.Contains(a.str("closed_reason"), reason)) {
				t.Fatalf("%s: %s", q, a.body)
			}
		}
		e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/availability?date=2026-02-30", token: emp}).must(t, 422)
		e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/availability?attr=jacuzzi", token: emp}).must(t, 422)
	})
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// seedDemo fills the database with the demo city, as `serve --demo` does.
func (e *env) seedDemo() {
	e.t.Helper()
	svc := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi"})
	if _, err := svc.Employees.SeedDemo(context.Background(), testPassword); err != nil {
		e.t.Fatal(err)
	}
}

func TestDemoHasOfficesAndAVisitor(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.seedDemo()
		city := e.do(req{method: "GET", path: "/api/v1/offices", token: e.login("employee@demo.example")}).must(t, 200).items()
		visitor := e.login(services.DemoVisitor)
		town := e.do(req{method: "GET", path: "/api/v1/offices", token: visitor}).must(t, 200).items()
		if len(city) != 3 || len(town) != 1 || town[0]["name"] != "駅前サテライトオフィス" {
			t.Fatalf("the city sees %d offices, the visitor %v", len(city), town)
		}
		a := e.do(req{method: "GET", path: "/api/v1/offices/" + town[0]["id"].(string) + "/availability?date=2026-12-02&kind=booth", token: visitor}).must(t, 200)
		booth := a.json["spaces"].([]any)[1].(map[string]any)
		e.book(visitor, booth["id"].(string), "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		mine := e.do(req{method: "GET", path: "/api/v1/bookings", token: visitor}).must(t, 200).items()
		if len(mine) != 2 {
			t.Fatalf("the visitor's bookings: %v", mine)
		}
	})
}

// The demo city runs three schemes and a pool of loan PCs (10 a day, allocated by HR past that), so that a new
// user finds them in the policy and the request form: a request naming the pool is counted against it.
func TestDemoRunsSchemesAndALoanPCPool(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.seedDemo()
		emp := e.login("employee@demo.example")
		doc := e.do(req{method: "GET", path: "/api/v1/policies/telework", token: e.login("hr@demo.example")}).must(t, 200)
		for _, want := range []string{"在宅勤務", "サテライトオフィス勤務", "モバイル勤務", "loan_pc", "per_day: 10", "pc_allocation"} {
			if !strings.Contains(string(doc.body), want) {
				t.Fatalf("the demo policy lacks %s: %s", want, doc.body)
			}
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp,
			body: telework([]string{"2026-12-10"}, "general", map[string]any{"scheme": "home", "pool": "loan_pc"})}).must(t, 200)
		if p := resultFor(r, "pool.capacity", "2026-12-10"); p == nil || p["outcome"] != "pass" || !strings.Contains(p["message"].(map[string]any)["ja"].(string), "10") {
			t.Fatalf("the loan PC pool is counted: %s", r.body)
		}
	})
}
