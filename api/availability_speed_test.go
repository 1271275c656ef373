package api_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
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

// The kept answer follows bookings by computing again only the spaces whose
// shard moved and re-encoding only their part; after every change, made here,
// by another server or by hand in the database, it is the same, byte for
// byte and gzipped or not, as a server with nothing kept computes whole. A
// seat just booked never shows free, a seat just cancelled never shows taken.
func TestAvailabilityKeptAcrossChangesEqualsAWholeAnswer(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		people := []string{e.login(empEmail), e.login(otherEmail), e.login(supEmail), e.login(headEmail), e.login(hrEmail)}
		office, seats := e.mainBuilding(admin, 70) // three parts of 32 and every shard
		path := "/api/v1/offices/" + office + "/availability?date=2026-12-02"
		other := e.newServer()
		kept := func() (*res, *res) {
			t.Helper()
			zipped := e.do(req{method: "GET", path: path, token: people[0], headers: map[string]string{"Accept-Encoding": "gzip"}}).must(t, 200)
			plain := e.do(req{method: "GET", path: path, token: people[0]}).must(t, 200)
			if zipped.header.Get("Content-Encoding") != "gzip" || string(zipped.body) != string(plain.body) {
				t.Fatalf("the gzipped answer is not the plain one")
			}
			return zipped, plain
		}
		kept()
		rnd := rand.New(rand.NewPCG(20, uint64(len(d))))
		var booked []string
		for step := range 40 {
			seat := seats[rnd.IntN(len(seats))]
			hour := 9 + rnd.IntN(8)
			what := ""
			switch k := rnd.IntN(5); {
			case k < 3 || len(booked) == 0: // book, here or on the other server
				srv := e.srv
				if k == 1 {
					srv = other
				}
				start, end := fmt.Sprintf("2026-12-02T%02d:00:00+09:00", hour), fmt.Sprintf("2026-12-02T%02d:00:00+09:00", hour+1)
				r := e.do(req{method: "POST", path: "/api/v1/bookings", token: people[rnd.IntN(len(people))], srv: srv,
					body: map[string]string{"space_id": seat, "start": start, "end": end}})
				if r.status != 201 {
					continue // a clash (the seat or the person is taken then): nothing changed
				}
				booked = append(booked, r.str("id"))
				what = "booked " + seat + " at " + start
				_, plain := kept()
				if slices.ContainsFunc(freeOf(plain, seat), func(iv any) bool {
					m := iv.(map[string]any)
					return m["start"].(string) <= start && start < m["end"].(string)
				}) {
					t.Fatalf("step %d: %s, yet it shows free: %v", step, what, freeOf(plain, seat))
				}
			case k == 3: // cancelled through the API
				id := booked[rnd.IntN(len(booked))]
				if r := e.do(req{method: "POST", path: "/api/v1/bookings/" + id + "/cancel", token: admin}); r.status != 200 {
					continue // cancelled before
				}
				what = "cancelled " + id
			default: // moved to another seat by hand: two shards change
				id := booked[rnd.IntN(len(booked))]
				if err := e.db.Gorm.Exec("UPDATE bookings SET space_id = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.space_id = ?)",
					seat, id, seat).Error; err != nil {
					t.Fatal(err)
				}
				what = "moved " + id + " to " + seat + " in SQL"
			}
			zipped, plain := kept()
			whole := e.do(req{method: "GET", path: path, token: people[0], srv: e.newServer()}).must(t, 200)
			if string(plain.body) != string(whole.body) || string(zipped.body) != string(whole.body) {
				t.Fatalf("step %d (%s): the kept answer differs from a whole one:\n%s\n%s", step, what, plain.body, whole.body)
			}
		}
	})
}
