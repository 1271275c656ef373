package api_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// testPublicURL is KINMUCHI_PUBLIC_URL in the API tests.
const testPublicURL = "https://kinmuchi.example.jp"

// jst reads a local time in Tokyo on a December 2026 day: at(3, "09:50").
func at(day int, hhmm string) time.Time {
	t, err := time.Parse("2006-01-02 15:04 -0700", "2026-12-"+twoDigits(day)+" "+hhmm+" +0900")
	if err != nil {
		panic(err)
	}
	return t
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// checkinOffice makes the shared office require check-in (from 15 minutes
// before the start until 15 after) and take walk-ins.
func (e *env) checkinOffice(o offices) {
	e.t.Helper()
	e.do(req{method: "PATCH", path: "/api/v1/offices/" + o.shared, token: e.login(adminEmail), body: map[string]any{
		"checkin_required": true, "walk_ins": true, "checkin_opens_before_minutes": 15, "checkin_grace_minutes": 15}}).must(e.t, 200)
}

func (e *env) code(space string) string {
	e.t.Helper()
	r := e.do(req{method: "GET", path: "/api/v1/spaces/" + space + "/checkin-code", token: e.login(adminEmail)}).must(e.t, 200)
	if r.str("url") != testPublicURL+"/check-in/"+r.str("code") || !strings.HasPrefix(r.str("qr_png"), "data:image/png;base64,") {
		e.t.Fatalf("code: %s", r.body)
	}
	return r.str("code")
}

func (e *env) checkIn(token, code string, status int) *res {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/check-in", token: token, body: map[string]string{"code": code}}).must(e.t, status)
}

func TestCheckInWindowCodesWalkInsAndCheckOut(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp := e.login(empEmail)
		o := e.seedOffices(e.login(adminEmail))
		e.checkinOffice(o)
		morning := e.book(emp, o.a1, "2026-12-01T10:00:00+09:00", "2026-12-01T12:00:00+09:00").must(t, 201).str("id")
		afternoon := e.book(emp, o.a2, "2026-12-01T13:00:00+09:00", "2026-12-01T14:00:00+09:00").must(t, 201).str("id")
		code := e.code(o.a1)

		// 09:00: check-in opens at 09:45.
		r := e.checkIn(emp, code, 409)
		if r.json["reason"] != "too_early" || !strings.Contains(r.str("detail"), "09:45") {
			t.Fatalf("too early: %s", r.body)
		}
		// A wrong code names the field; a typed code ignores case and hyphens.
		if r := e.checkIn(emp, "ZZZZZZZZZZ", 422); !strings.Contains(string(r.body), `"field":"code"`) {
			t.Fatalf("wrong code: %s", r.body)
		}
		e.clock.Set(at(1, "09:50"))
		emp, sup := e.login(empEmail), e.login(supEmail)
		typed := strings.ToLower(code[:5]) + "-" + code[5:]
		r = e.checkIn(emp, typed, 200)
		b := r.json["booking"].(map[string]any)
		if b["id"] != morning || b["checked_in_at"] == nil || r.json["walk_in"] != false {
			t.Fatalf("in time: %s", r.body)
		}
		// The ledger records the satellite day as actual.
		var wd models.WorkDay
		if err := e.db.Gorm.Where("employee_id = ? AND day = ?", e.fx.emp, "2026-12-01").Take(&wd).Error; err != nil || !wd.Actual || wd.Location != policies.LocationSatellite {
			t.Fatalf("ledger after check-in: %+v %v", wd, err)
		}

		// A rotated code stops working; the new one works.
		rot := e.do(req{method: "POST", path: "/api/v1/spaces/" + o.a1 + "/checkin-code/rotate", token: sup}).must(t, 200)
		e.do(req{method: "POST", path: "/api/v1/spaces/" + o.a1 + "/checkin-code/rotate", token: emp}).must(t, 403)
		e.checkIn(emp, code, 422)
		e.checkIn(emp, rot.str("code"), 200)

		// Checking out at 10:30 frees the rest: another person books 10:30–12:00.
		e.clock.Set(at(1, "10:30"))
		emp, other := e.login(empEmail), e.login(otherEmail)
		out := e.do(req{method: "POST", path: "/api/v1/bookings/" + morning + "/check-out", token: emp}).must(t, 200)
		if out.str("end") != "2026-12-01T10:30:00+09:00" || out.json["checked_out_at"] == nil {
			t.Fatalf("check-out: %s", out.body)
		}
		e.do(req{method: "POST", path: "/api/v1/bookings/" + morning + "/check-out", token: emp}).must(t, 409)
		e.do(req{method: "POST", path: "/api/v1/bookings/" + afternoon + "/check-out", token: emp}).must(t, 409) // not checked in
		e.book(other, o.a1, "2026-12-01T10:30:00+09:00", "2026-12-01T12:00:00+09:00").must(t, 201)
		// HR has a desk at the main building this afternoon.
		admin := e.login(adminEmail)
		main := e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: map[string]any{"name": "本庁舎", "kind": "main_building"}}).must(t, 201).str("id")
		desk := e.do(req{method: "POST", path: "/api/v1/offices/" + main + "/spaces", token: admin, body: map[string]any{"name": "3F-01", "kind": "open_seat", "capacity": 1}}).must(t, 201).str("id")
		e.book(e.login(hrEmail), desk, "2026-12-01T13:30:00+09:00", "2026-12-01T15:00:00+09:00").must(t, 201)
		var hrDays int64 // a main-building booking alone says nothing of where HR works
		e.db.Gorm.Model(&models.WorkDay{}).Where("employee_id = ?", e.fx.hr).Count(&hrDays)
		if hrDays != 0 {
			t.Fatalf("%d ledger rows for a main-building booking", hrDays)
		}

		// 13:20 is past the afternoon booking's grace period.
		e.clock.Set(at(1, "13:20"))
		emp, sup = e.login(empEmail), e.login(supEmail)
		if r := e.checkIn(emp, e.code(o.a2), 409); r.json["reason"] != "too_late" {
			t.Fatalf("too late: %s", r.body)
		}
		// A walk-in on a free seat books the rest of the day, checked in.
		w := e.checkIn(sup, e.code(o.a3), 201)
		wb := w.json["booking"].(map[string]any)
		if w.json["walk_in"] != true || wb["start"] != "2026-12-01T13:00:00+09:00" || wb["end"] != "2026-12-01T17:15:00+09:00" || wb["checked_in_at"] == nil {
			t.Fatalf("walk-in: %s", w.body)
		}
		// A walk-in on a taken seat says who holds it, and where walk-ins are off, why not.
		if r := e.checkIn(emp, e.code(o.a3), 409); r.json["clash"] != "space" {
			t.Fatalf("taken seat: %s", r.body)
		}
		if r := e.checkIn(emp, e.code(o.north), 409); r.json["reason"] != "no_booking" {
			t.Fatalf("no walk-ins: %s", r.body)
		}
		// A check-in at a main building makes the day an office day that
		// happened (actual) in the ledger.
		e.checkIn(e.login(hrEmail), e.code(desk), 200)
		var office models.WorkDay
		if err := e.db.Gorm.Where("employee_id = ? AND day = ?", e.fx.hr, "2026-12-01").Take(&office).Error; err != nil ||
			office.Location != policies.LocationOffice || !office.Actual {
			t.Fatalf("ledger after a main-building check-in: %+v %v", office, err)
		}
		var audits int64
		e.db.Gorm.Table("audit_events").Where("action IN ?", []string{"booking.check_in", "booking.check_out", "booking.walk_in", "space.rotate_checkin_code"}).Count(&audits)
		// Checking in again with the new code changed nothing, and is not audited.
		if audits != 5 {
			t.Fatalf("%d check-in audit events, want 5", audits)
		}
		// The QR code is a PNG for those who run the office only.
		png := e.do(req{method: "GET", path: "/api/v1/spaces/" + o.a1 + "/qr.png", token: sup}).must(t, 200)
		if !bytes.HasPrefix(png.body, []byte("\x89PNG")) {
			t.Fatal("qr.png is not a PNG")
		}
		e.do(req{method: "GET", path: "/api/v1/spaces/" + o.a1 + "/qr.png", token: emp}).must(t, 403)
		if sheet := e.do(req{method: "GET", path: "/api/v1/offices/" + o.shared + "/checkin-codes", token: sup}).must(t, 200).items(); len(sheet) != 5 {
			t.Fatalf("sheet: %d spaces", len(sheet))
		}
	})
}

func TestNoShowsReleasedOnceByThreeWorkerProcesses(t *testing.T) {
	e := newEnv(t, models.Postgres, 60)
	emp, other, sup := e.login(empEmail), e.login(otherEmail), e.login(supEmail)
	_ = sup
	o := e.seedOffices(e.login(adminEmail))
	e.checkinOffice(o)
	late := e.book(emp, o.a1, "2026-12-01T10:00:00+09:00", "2026-12-01T11:00:00+09:00").must(t, 201).str("id")
	e.book(other, o.a2, "2026-12-01T10:00:00+09:00", "2026-12-01T11:00:00+09:00").must(t, 201)
	present := e.book(sup, o.a3, "2026-12-01T10:00:00+09:00", "2026-12-01T11:00:00+09:00").must(t, 201).str("id")
	// 北部支所 does not require check-in: its booking stays.
	kept := e.book(emp, o.north, "2026-12-01T11:00:00+09:00", "2026-12-01T12:00:00+09:00").must(t, 201).str("id")
	e.clock.Set(at(1, "10:05"))
	e.checkIn(e.login(supEmail), e.code(o.a3), 200)

	ws := e.workerProcesses(3, jobs.Options{MaxWorkers: 8})
	e.clock.Set(at(1, "12:30")) // every grace period is over
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for range 3 {
				if err := w.q.Insert(context.Background(), args.ReleaseNoShows{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	waitFor(t, 60*time.Second, "the no-show jobs", func() bool {
		var n int64
		e.db.Gorm.Table("river_job").Where("kind = ? AND state = ?", (args.ReleaseNoShows{}).Kind(), "completed").Count(&n)
		return n == 9
	})
	var released int64
	e.db.Gorm.Table("audit_events").Where("action = ?", "booking.no_show").Count(&released)
	var told int64
	e.db.Gorm.Table("notifications").Where("kind = ?", "booking_no_show").Count(&told)
	if released != 2 || told != 2 {
		t.Fatalf("%d releases and %d notices, want each no-show released and told once (2)", released, told)
	}
	for id, want := range map[string]string{late: "cancelled", present: "confirmed", kept: "confirmed"} {
		b := e.do(req{method: "GET", path: "/api/v1/bookings/" + id, token: e.login(adminEmail)}).must(t, 200)
		if b.str("status") != want || (want == "cancelled") != (b.json["no_show"] == true) {
			t.Fatalf("booking %s: %s", id, b.body)
		}
	}
	// The seat is free again.
	e.book(e.login(otherEmail), o.a1, "2026-12-01T13:00:00+09:00", "2026-12-01T14:00:00+09:00").must(t, 201)
	// The office's use counts the two no-shows.
	occ := e.do(req{method: "GET", path: "/api/v1/reports/occupancy?office_id=" + o.shared + "&from=2026-12-01&to=2026-12-01", token: e.login(hrEmail)}).must(t, 200)
	if occ.json["no_shows"] != 2.0 {
		t.Fatalf("occupancy no-shows %v", occ.json["no_shows"])
	}
}

func TestSeriesClashesClosedDaysAndTheAdvanceWindow(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, other := e.login(empEmail), e.login(otherEmail)
		o := e.seedOffices(e.login(adminEmail))
		e.book(other, o.a1, "2026-12-10T09:00:00+09:00", "2026-12-10T10:00:00+09:00").must(t, 201)
		w := e.startWorker(jobs.Options{})
		r := e.do(req{method: "POST", path: "/api/v1/booking-series", token: emp, body: map[string]any{"space_id": o.a1, "weekdays": []string{"thursday", "friday"},
			"start_time": "09:00", "end_time": "10:00", "from": "2026-12-02", "until": "2026-12-25"}}).must(t, 201)
		outcomes := map[string]string{}
		for _, x := range r.json["occurrences"].([]any) {
			m := x.(map[string]any)
			outcomes[m["date"].(string)] = m["outcome"].(string) + " " + str(m["reason"])
		}
		want := map[string]string{"2026-12-03": "booked ", "2026-12-04": "failed booking.closed_day", "2026-12-10": "failed booking.space_taken",
			"2026-12-11": "booked ", "2026-12-17": "later booking.too_far", "2026-12-18": "later booking.too_far",
			"2026-12-24": "later booking.too_far", "2026-12-25": "later booking.too_far"}
		if len(outcomes) != len(want) {
			t.Fatalf("occurrences %v", outcomes)
		}
		for day, o := range want {
			if outcomes[day] != o {
				t.Errorf("%s: %q, want %q", day, outcomes[day], o)
			}
		}
		series := r.str("id")
		// The window moves on: the daily job books what it reaches, once.
		e.clock.Set(at(4, "00:10"))
		w.run(t, args.BookDueSeries{})
		w.run(t, args.BookDueSeries{})
		mine := func() map[string]string {
			out := map[string]string{}
			for _, b := range e.do(req{method: "GET", path: "/api/v1/bookings?status=all&limit=100", token: e.login(empEmail)}).must(t, 200).items() {
				if b["series_id"] == series {
					out[b["start"].(string)[:10]] = b["status"].(string)
				}
			}
			return out
		}
		if got := mine(); len(got) != 4 || got["2026-12-17"] != "confirmed" || got["2026-12-18"] != "confirmed" {
			t.Fatalf("after the window moved: %v", got)
		}
		// Someone takes the 24th before the window reaches it: the owner is told.
		e.clock.Set(at(10, "09:00"))
		other = e.login(otherEmail)
		e.book(other, o.a1, "2026-12-24T09:00:00+09:00", "2026-12-24T09:30:00+09:00").must(t, 201)
		e.clock.Set(at(11, "00:10"))
		w.run(t, args.BookDueSeries{})
		if got := mine(); len(got) != 5 || got["2026-12-25"] != "confirmed" || got["2026-12-24"] != "" {
			t.Fatalf("the last days: %v", got)
		}
		var told int64
		e.db.Gorm.Table("notifications").Where("recipient_id = ? AND kind = ?", e.fx.emp, "series_not_booked").Count(&told)
		if told != 1 {
			t.Fatalf("%d notices of an occurrence not booked, want 1", told)
		}
		if ns := e.do(req{method: "GET", path: "/api/v1/notifications", token: e.login(empEmail)}).must(t, 200).items(); len(ns) == 0 || ns[0]["kind"] != "series_not_booked" ||
			!strings.Contains(ns[0]["body"].(string), "2026年12月24日") {
			t.Fatalf("the owner's notice: %v", ns)
		}

		// Cancel one occurrence, then the rest.
		emp, other = e.login(empEmail), e.login(otherEmail)
		var dec17 string
		for _, b := range e.do(req{method: "GET", path: "/api/v1/bookings?limit=100", token: emp}).must(t, 200).items() {
			if strings.HasPrefix(b["start"].(string), "2026-12-17") {
				dec17 = b["id"].(string)
			}
		}
		// Moving one occurrence keeps it in the series.
		var dec18 string
		for _, b := range e.do(req{method: "GET", path: "/api/v1/bookings?limit=100", token: emp}).must(t, 200).items() {
			if strings.HasPrefix(b["start"].(string), "2026-12-18") {
				dec18 = b["id"].(string)
			}
		}
		moved := e.do(req{method: "PATCH", path: "/api/v1/bookings/" + dec18, token: emp, body: map[string]string{
			"start": "2026-12-18T13:00:00+09:00", "end": "2026-12-18T14:00:00+09:00"}}).must(t, 200)
		if moved.json["series_id"] != series {
			t.Fatalf("moved occurrence: %s", moved.body)
		}
		e.do(req{method: "POST", path: "/api/v1/bookings/" + dec17 + "/cancel", token: emp}).must(t, 200)
		e.do(req{method: "POST", path: "/api/v1/booking-series/" + series + "/cancel", token: other}).must(t, 404)
		c := e.do(req{method: "POST", path: "/api/v1/booking-series/" + series + "/cancel", token: emp}).must(t, 200)
		if c.str("status") != "cancelled" {
			t.Fatalf("series: %s", c.body)
		}
		got := mine()
		for day, st := range map[string]string{"2026-12-03": "confirmed", "2026-12-11": "cancelled", "2026-12-17": "cancelled", "2026-12-18": "cancelled", "2026-12-25": "cancelled"} {
			if got[day] != st {
				t.Errorf("%s: %s, want %s", day, got[day], st)
			}
		}
		e.do(req{method: "POST", path: "/api/v1/booking-series/" + series + "/cancel", token: emp}).must(t, 409)
		if l := e.do(req{method: "GET", path: "/api/v1/booking-series", token: emp}).must(t, 200).items(); len(l) != 1 || l[0]["weekdays"].([]any)[0] != "thursday" {
			t.Fatalf("my series: %v", l)
		}
		// Bad patterns change nothing.
		before := e.count("booking_series")
		for _, body := range []map[string]any{
			{"space_id": o.a1, "weekdays": []string{"funday"}, "start_time": "09:00", "end_time": "10:00", "from": "2026-12-14", "until": "2026-12-20"},
			{"space_id": o.a1, "weekdays": []string{"monday"}, "start_time": "10:00", "end_time": "09:00", "from": "2026-12-14", "until": "2026-12-20"},
			{"space_id": o.a1, "weekdays": []string{"monday"}, "start_time": "09:00", "end_time": "10:00", "from": "2026-12-14", "until": "2028-12-20"},
			{"space_id": o.a1, "weekdays": []string{"monday"}, "start_time": "09:00", "end_time": "10:00", "from": "2026-12-01", "until": "2026-12-20"},
		} {
			e.do(req{method: "POST", path: "/api/v1/booking-series", token: emp, body: body}).must(t, 422)
		}
		if e.count("booking_series") != before {
			t.Fatal("a refused series was stored")
		}
	})
}

// satellitePolicy is the test policy saying that work at a satellite
// office needs an approved telework request.
func satellitePolicy() string {
	return strings.Replace(withRoute("    - name: supervisor\n      approvers: [supervisor]\n"), "eligibility:\n", "eligibility:\n  satellite_needs_request: true\n", 1)
}

func TestSeatsHeldForASatelliteRequest(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(satellitePolicy())
		emp, sup := e.login(empEmail), e.login(supEmail)
		o := e.seedOffices(e.login(adminEmail))
		// No request: refused, with a reason that says so.
		r := e.book(emp, o.a1, "2026-12-07T09:00:00+09:00", "2026-12-07T17:00:00+09:00").must(t, 422)
		if codes := r.fieldCodes(); len(codes) != 1 || codes[0] != "booking.needs_request" {
			t.Fatalf("without a request: %s", r.body)
		}
		satellite := map[string]any{"place": "satellite", "office_id": o.shared}
		req1 := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", satellite)}).must(t, 201).str("id")
		held := e.book(emp, o.a1, "2026-12-07T09:00:00+09:00", "2026-12-07T17:00:00+09:00").must(t, 201)
		if held.json["tentative"] != true || held.json["request_id"] != req1 {
			t.Fatalf("held: %s", held.body)
		}
		// A tentative booking holds the seat: the service and the database refuse a second person.
		second := e.login(hrEmail)
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: second, body: telework([]string{"2026-12-07"}, "general", satellite)}).must(t, 201)
		if r := e.book(second, o.a1, "2026-12-07T10:00:00+09:00", "2026-12-07T11:00:00+09:00").must(t, 409); r.json["clash"] != "space" {
			t.Fatalf("second person: %s", r.body)
		}
		now := e.clock.Now()
		raw := &models.Booking{ID: models.NewID(), OrganizationID: e.fx.alpha, OfficeID: o.shared, SpaceID: o.a1, EmployeeID: e.fx.other,
			StartAt: at(7, "10:00"), EndAt: at(7, "11:00"), Status: policies.BookingConfirmed, CreatedAt: now, UpdatedAt: now}
		if err := (models.Bookings{}).Create(context.Background(), e.db.Gorm, raw); models.BookingClash(err) != models.ClashSpace {
			t.Fatalf("the database let a booking overlap a tentative one: %v", err)
		}
		// The approver sees the held seat; approval confirms it.
		view := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + req1, token: sup}).must(t, 200)
		seats, _ := view.json["held_seats"].([]any)
		if len(seats) != 1 || seats[0].(map[string]any)["tentative"] != true || seats[0].(map[string]any)["space_name"] != "A-01" {
			t.Fatalf("the approver's view: %s", view.body)
		}
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + req1 + "/approve", token: sup, body: map[string]any{"comment": ""}}).must(t, 200)
		if b := e.do(req{method: "GET", path: "/api/v1/bookings/" + held.str("id"), token: emp}).must(t, 200); b.json["tentative"] != false || b.str("status") != "confirmed" {
			t.Fatalf("after approval: %s", b.body)
		}
		// A rejected request releases its seat, and the person is told.
		req2 := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", satellite)}).must(t, 201).str("id")
		held2 := e.book(emp, o.a2, "2026-12-08T09:00:00+09:00", "2026-12-08T12:00:00+09:00").must(t, 201).str("id")
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + req2 + "/reject", token: sup, body: map[string]any{"comment": "窓口対応のため"}}).must(t, 200)
		if b := e.do(req{method: "GET", path: "/api/v1/bookings/" + held2, token: emp}).must(t, 200); b.str("status") != "cancelled" {
			t.Fatalf("after rejection: %s", b.body)
		}
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: second, body: telework([]string{"2026-12-08"}, "general", satellite)}).must(t, 201)
		e.book(second, o.a2, "2026-12-08T09:00:00+09:00", "2026-12-08T12:00:00+09:00").must(t, 201)
		// Withdrawing a pending request releases its held seat; cancelling an
		// approved one releases the seat it had confirmed.
		req3 := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", satellite)}).must(t, 201).str("id")
		held3 := e.book(emp, o.a1, "2026-12-09T09:00:00+09:00", "2026-12-09T17:00:00+09:00").must(t, 201).str("id")
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + req3 + "/withdraw", token: emp}).must(t, 200)
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + req1 + "/cancel", token: emp}).must(t, 200)
		for name, id := range map[string]string{"withdrawn": held3, "cancelled": held.str("id")} {
			if b := e.do(req{method: "GET", path: "/api/v1/bookings/" + id, token: emp}).must(t, 200); b.str("status") != "cancelled" {
				t.Fatalf("the seat of a %s request: %s", name, b.body)
			}
		}
		// Both seats are free again for someone with a request of their own
		// (the second person asked for the 7th above).
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: second, body: telework([]string{"2026-12-09"}, "general", satellite)}).must(t, 201)
		e.book(second, o.a1, "2026-12-07T09:00:00+09:00", "2026-12-07T17:00:00+09:00").must(t, 201)
		e.book(second, o.a1, "2026-12-09T09:00:00+09:00", "2026-12-09T17:00:00+09:00").must(t, 201)
		var told int64
		e.db.Gorm.Table("notifications").Where("recipient_id = ? AND kind = ?", e.fx.emp, "booking_released").Count(&told)
		if told != 3 {
			t.Fatalf("%d release notices, want 3 (rejected, withdrawn, cancelled)", told)
		}
	})
}

func TestCalendarFeed(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute("    - name: supervisor\n      approvers: [supervisor]\n"))
		emp, sup := e.login(empEmail), e.login(supEmail)
		o := e.seedOffices(e.login(adminEmail))
		kept := e.book(emp, o.a1, "2026-12-02T09:00:00+09:00", "2026-12-02T12:00:00+09:00").must(t, 201).str("id")
		gone := e.book(emp, o.a2, "2026-12-03T09:00:00+09:00", "2026-12-03T10:00:00+09:00").must(t, 201).str("id")
		e.do(req{method: "POST", path: "/api/v1/bookings/" + gone + "/cancel", token: emp}).must(t, 200)
		secret := "子の通院に付き添うため"
		rid := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", map[string]any{"note": secret})}).must(t, 201).str("id")
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + rid + "/approve", token: sup, body: map[string]any{"comment": ""}}).must(t, 200)

		if f := e.do(req{method: "GET", path: "/api/v1/me/calendar-feed", token: emp}).must(t, 200); f.json["active"] != false {
			t.Fatalf("before: %s", f.body)
		}
		feed := e.do(req{method: "POST", path: "/api/v1/me/calendar-feed", token: emp}).must(t, 201).str("url")
		path, ok := strings.CutPrefix(feed, testPublicURL)
		if !ok || !strings.HasSuffix(path, ".ics") || len(path) < len("/api/v1/calendar/")+43 {
			t.Fatalf("feed url %q", feed)
		}
		if f := e.do(req{method: "GET", path: "/api/v1/me/calendar-feed", token: emp}).must(t, 200); f.json["active"] != true || f.json["url"] != nil {
			t.Fatalf("the url is shown once: %s", f.body)
		}
		var stored models.CalendarFeed
		if err := e.db.Gorm.Take(&stored).Error; err != nil || strings.Contains(path, stored.TokenHash) {
			t.Fatalf("the token is kept only as a hash: %v", err)
		}
		body := e.do(req{method: "GET", path: path}).must(t, 200)
		if strings.Contains(string(body.body), secret) || strings.Contains(string(body.body), "general") {
			t.Fatal("the feed carries the request's reason or note")
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(body.body))
		if err != nil {
			t.Fatal(err)
		}
		if tzs := cal.Timezones(); len(tzs) != 1 || tzs[0].GetProperty(ics.ComponentPropertyTzid).Value != "Asia/Tokyo" {
			t.Fatalf("VTIMEZONE: %v", tzs)
		}
		events := map[string]*ics.VEvent{}
		for _, ev := range cal.Events() {
			if ev.GetProperty(ics.ComponentPropertyDtstamp) == nil || ev.GetProperty(ics.ComponentPropertySequence) == nil {
				t.Fatalf("event %s lacks DTSTAMP or SEQUENCE", ev.Id())
			}
			events[ev.Id()] = ev
		}
		if len(events) != 3 {
			t.Fatalf("%d events, want 3", len(events))
		}
		k := events[kept+"@kinmuchi"]
		start, err := k.GetStartAt()
		if err != nil || !start.Equal(at(2, "09:00")) || k.GetProperty(ics.ComponentPropertyStatus).Value != "CONFIRMED" {
			t.Fatalf("the booking: %v %v", start, err)
		}
		g := events[gone+"@kinmuchi"]
		if g.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" || g.GetProperty(ics.ComponentPropertySequence).Value != "1" {
			t.Fatal("the cancelled booking is not sent as cancelled with its sequence bumped")
		}
		day := events[rid+"-2026-12-09@kinmuchi"]
		if day == nil || day.GetProperty(ics.ComponentPropertyDtStart).Value != "20261209" {
			t.Fatalf("the approved day: %v", day)
		}
		// Revoked: 404, and a made-up token too.
		e.do(req{method: "DELETE", path: "/api/v1/me/calendar-feed", token: emp}).must(t, 204)
		e.do(req{method: "GET", path: path}).must(t, 404)
		e.do(req{method: "GET", path: "/api/v1/calendar/" + strings.Repeat("A", 43) + ".ics"}).must(t, 404)
	})
}

// workerProcesses starts n job queues with workers on the test's PostgreSQL
// database, each with its own connection pool, as n processes would; o.DB
// is set for each.
func (e *env) workerProcesses(n int, o jobs.Options) []*worker {
	e.t.Helper()
	var name string
	if err := e.db.SQL.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		e.t.Fatal(err)
	}
	u, err := url.Parse(testutil.PostgresServer(e.t))
	if err != nil {
		e.t.Fatal(err)
	}
	u.Path = "/" + name
	var ws []*worker
	for range n {
		db, err := models.Open(context.Background(), models.OpenOptions{URL: u.String(), MaxConns: 12, Now: e.clock.Now})
		if err != nil {
			e.t.Fatal(err)
		}
		e.t.Cleanup(func() { db.Close() })
		o.DB = db
		ws = append(ws, e.startWorker(o))
	}
	return ws
}
