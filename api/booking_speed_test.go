package api_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// statements records the SQL statements sent through GORM on the test's
// database while on (BEGIN and COMMIT are not statements GORM runs as
// callbacks, so they are not counted, as the issue counts).
type statements struct {
	mu  sync.Mutex
	on  bool
	sql []string
}

func (e *env) recordStatements() *statements {
	e.t.Helper()
	s := &statements{}
	record := func(db *gorm.DB) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.on {
			s.sql = append(s.sql, strings.Join(strings.Fields(db.Statement.SQL.String()), " "))
		}
	}
	cb := e.db.Gorm.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("test:statements", record),
		cb.Create().After("gorm:create").Register("test:statements", record),
		cb.Update().After("gorm:update").Register("test:statements", record),
		cb.Delete().After("gorm:delete").Register("test:statements", record),
		cb.Row().After("gorm:row").Register("test:statements", record),
		cb.Raw().After("gorm:raw").Register("test:statements", record),
	} {
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return s
}

// during returns the statements fn sends.
func (s *statements) during(fn func()) []string {
	s.mu.Lock()
	s.on, s.sql = true, nil
	s.mu.Unlock()
	fn()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.sql
}

// mainBuilding opens a main building (closed on holidays, weekdays 08:30–17:15
// by default) with seats, as the issue measures booking in.
func (e *env) mainBuilding(admin string, seats int) (office string, spaces []string) {
	e.t.Helper()
	office = e.do(req{method: "POST", path: "/api/v1/offices", token: admin, body: map[string]any{
		"name": "本庁舎", "kind": "main_building", "max_advance_days": 30, "closed_on_holidays": true}}).must(e.t, 201).str("id")
	for i := range seats {
		spaces = append(spaces, e.do(req{method: "POST", path: "/api/v1/offices/" + office + "/spaces", token: admin,
			body: map[string]any{"name": fmt.Sprintf("H-%02d", i)}}).must(e.t, 201).str("id"))
	}
	return office, spaces
}

// One booking in a main building costs at most six statements, the session
// check included: the token's person, roles and session; the space, office,
// access and names; the bookings around it; the insert; the audit event.
// The office's settings come from the process's copy once read.
func TestBookingTakesAtMostSixStatements(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp := e.login(adminEmail), e.login(empEmail)
		_, seats := e.mainBuilding(admin, 3)
		e.book(emp, seats[0], "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201) // reads the settings once
		rec := e.recordStatements()
		var got *res
		sqls := rec.during(func() {
			got = e.book(emp, seats[1], "2026-12-02T10:00:00+09:00", "2026-12-02T11:00:00+09:00").must(t, 201)
		})
		t.Logf("%d statements", len(sqls))
		if len(sqls) > 6 {
			t.Fatalf("%d statements for one booking, want at most 6:\n%s", len(sqls), strings.Join(sqls, "\n"))
		}
		// Built from what was in hand, the answer still names everything.
		if got.json["space"].(map[string]any)["name"] != "H-01" || got.json["office"].(map[string]any)["name"] != "本庁舎" ||
			got.json["booker"].(map[string]any)["name"] == "" || got.json["booker"].(map[string]any)["organization"] == "" || got.json["can_cancel"] != true {
			t.Fatalf("answer: %s", got.body)
		}
		// Still audited, and a clash is still refused by name.
		if n := e.count("audit_events WHERE action = 'booking.create'"); n != 2 {
			t.Fatalf("%d booking.create events, want 2", n)
		}
		e.book(emp, seats[1], "2026-12-02T10:30:00+09:00", "2026-12-02T11:30:00+09:00").must(t, 409)
	})
}

// A session ends at once, though the booking path no longer reads the
// person, roles and session separately: the very next request is refused.
func TestRevokedSessionIsRefusedOnTheNextBooking(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		_, seats := e.mainBuilding(admin, 2)
		r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": empEmail, "password": testPassword}}).must(t, 200)
		tok := r.str("access_token")
		e.book(tok, seats[0], "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/auth/logout", body: map[string]string{"refresh_token": r.str("refresh_token")}}).must(t, 204)
		e.book(tok, seats[1], "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 401)
		// Deactivation too, on the next request of a live session.
		emp2 := e.login(otherEmail)
		e.book(emp2, seats[1], "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00").must(t, 201)
		if err := e.db.Gorm.Exec("UPDATE employees SET active = ?, deactivated_at = ? WHERE id = ?", false, e.clock.Now().UTC(), e.fx.other).Error; err != nil {
			t.Fatal(err)
		}
		e.book(emp2, seats[1], "2026-12-02T10:00:00+09:00", "2026-12-02T11:00:00+09:00").must(t, 401)
		if n := e.count("bookings"); n != 2 {
			t.Fatalf("%d bookings, want 2", n)
		}
	})
}

// The office's settings a process keeps are only a copy: a change through
// the API (on another server, as another process would see it) or straight
// in the database takes effect on the very next booking.
func TestOfficeSettingsChangeTakesEffectOnTheNextBooking(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp := e.login(adminEmail), e.login(empEmail)
		office, seats := e.mainBuilding(admin, 2)
		other := e.newServer()
		book := func(srv any, start, end string, status int) {
			t.Helper()
			r := req{method: "POST", path: "/api/v1/bookings", token: emp, body: map[string]string{"space_id": seats[0], "start": start, "end": end}}
			if srv != nil {
				r.srv = other
			}
			e.do(r).must(t, status)
		}
		// Both servers read and keep the settings.
		book(nil, "2026-12-02T09:00:00+09:00", "2026-12-02T09:30:00+09:00", 201)
		book(other, "2026-12-02T09:30:00+09:00", "2026-12-02T10:00:00+09:00", 201)

		// Closed on 3 December, through the API of the first server: the second refuses it.
		e.do(req{method: "PATCH", path: "/api/v1/offices/" + office, token: admin, body: map[string]any{
			"closed_days": []map[string]string{{"date": "2026-12-03", "name": "庁舎点検"}}}}).must(t, 200)
		book(other, "2026-12-03T09:00:00+09:00", "2026-12-03T10:00:00+09:00", 422)
		book(nil, "2026-12-03T09:00:00+09:00", "2026-12-03T10:00:00+09:00", 422)

		// Wednesdays end at 12:00, written by hand as another program would:
		// the database bumps the version, and both servers follow.
		var before int64
		e.db.Gorm.Raw("SELECT settings_version FROM offices WHERE id = ?", office).Scan(&before)
		if err := e.db.Gorm.Exec("UPDATE office_hours SET closes_min = 720 WHERE office_id = ? AND weekday = 3", office).Error; err != nil {
			t.Fatal(err)
		}
		var after int64
		e.db.Gorm.Raw("SELECT settings_version FROM offices WHERE id = ?", office).Scan(&after)
		if after <= before {
			t.Fatalf("settings_version %d after a change, was %d", after, before)
		}
		book(nil, "2026-12-09T13:00:00+09:00", "2026-12-09T14:00:00+09:00", 422)
		book(other, "2026-12-09T13:00:00+09:00", "2026-12-09T14:00:00+09:00", 422)
		// And back: the next booking is accepted again.
		if err := e.db.Gorm.Exec("UPDATE office_hours SET closes_min = 1035 WHERE office_id = ? AND weekday = 3", office).Error; err != nil {
			t.Fatal(err)
		}
		book(other, "2026-12-09T13:00:00+09:00", "2026-12-09T14:00:00+09:00", 201)

		// A closing day of the organisation, written by hand, closes the office too.
		if err := e.db.Gorm.Exec("INSERT INTO organization_closing_days (organization_id, day, name) VALUES (?, ?, ?)", e.fx.alpha, "2026-12-10", "臨時休庁").Error; err != nil {
			t.Fatal(err)
		}
		book(nil, "2026-12-10T09:00:00+09:00", "2026-12-10T10:00:00+09:00", 422)
		book(other, "2026-12-10T09:00:00+09:00", "2026-12-10T10:00:00+09:00", 422)
	})
}
