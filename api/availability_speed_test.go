package api_test

import (
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// freeOf returns the free intervals of a space in an availability answer.
func freeOf(r *res, space string) []any {
	for _, sp := range r.json["spaces"].([]any) {
		if m := sp.(map[string]any); m["id"] == space {
			return m["free"].([]any)
		}
	}
	return nil
}

// A day's availability is computed once per version of what it depends on
// and kept, gzipped for clients that take it, with an ETag; yet a booking
// made by another process, or written straight into the database, shows at
// once, because the database bumps the version the answer is kept under.
func TestAvailabilityIsKeptButFollowsEveryBooking(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp := e.login(adminEmail), e.login(empEmail)
		office, seats := e.mainBuilding(admin, 24)
		path := "/api/v1/offices/" + office + "/availability?date=2026-12-02"
		get := func(headers map[string]string, srv ...bool) *res {
			t.Helper()
			r := req{method: "GET", path: path, token: emp, headers: headers}
			if len(srv) > 0 {
				r.srv = e.srv
			}
			return e.do(r)
		}
		first := get(map[string]string{"Accept-Encoding": "gzip"}).must(t, 200)
		etag := first.header.Get("ETag")
		if etag == "" || first.header.Get("Content-Encoding") != "gzip" || len(freeOf(first, seats[0])) != 1 {
			t.Fatalf("first answer: ETag %q, encoding %q: %s", etag, first.header.Get("Content-Encoding"), first.body)
		}
		plain := get(nil).must(t, 200)
		if plain.header.Get("Content-Encoding") != "" || plain.header.Get("ETag") != etag || string(plain.body) != string(first.body) {
			t.Fatalf("plain answer differs: %q %q", plain.header.Get("Content-Encoding"), plain.header.Get("ETag"))
		}
		get(map[string]string{"If-None-Match": etag}).must(t, 304)
		// Kept: asking again costs the session check and one query.
		rec := e.recordStatements()
		if sqls := rec.during(func() { get(nil).must(t, 200) }); len(sqls) != 2 {
			t.Fatalf("%d statements for a kept answer, want 2: %q", len(sqls), sqls)
		}

		// Another process books seat 0 from 10:00 to 11:00.
		other := e.newServer()
		e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, srv: other, body: map[string]string{
			"space_id": seats[0], "start": "2026-12-02T10:00:00+09:00", "end": "2026-12-02T11:00:00+09:00"}}).must(t, 201)
		var after *res
		sqls := rec.during(func() { after = get(map[string]string{"If-None-Match": etag}).must(t, 200) })
		if len(sqls) > 4 {
			t.Fatalf("%d statements for a new answer, want at most 4: %q", len(sqls), sqls)
		}
		if after.header.Get("ETag") == etag || len(freeOf(after, seats[0])) != 2 {
			t.Fatalf("the other process's booking does not show: %v", freeOf(after, seats[0]))
		}
		etag = after.header.Get("ETag")

		// Cancelled by hand in the database: the seat is free again at once.
		if err := e.db.Gorm.Exec("UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE space_id = ?", e.clock.Now().UTC(), seats[0]).Error; err != nil {
			t.Fatal(err)
		}
		again := get(map[string]string{"If-None-Match": etag}).must(t, 200)
		if len(freeOf(again, seats[0])) != 1 {
			t.Fatalf("the cancellation does not show: %v", freeOf(again, seats[0]))
		}
		// A seat taken out of service on another server is gone from the answer.
		e.do(req{method: "PATCH", path: "/api/v1/spaces/" + seats[1], token: admin, srv: other, body: map[string]any{"active": false}}).must(t, 200)
		if gone := get(nil).must(t, 200); freeOf(gone, seats[1]) != nil || len(gone.json["spaces"].([]any)) != 23 {
			t.Fatalf("the inactive seat still shows: %d spaces", len(gone.json["spaces"].([]any)))
		}
	})
}
