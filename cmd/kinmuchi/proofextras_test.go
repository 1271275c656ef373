package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// proofExtras is what the PostgreSQL proof adds to the booking load: people
// checking in while it runs, bookings nobody checks in (the no-show job
// releases them), approval tasks gone overdue (the escalation job passes
// them on) and the secrets that ride on paths: a webhook's and calendar
// feeds' (a full run's logs must hold none).
type proofExtras struct {
	checkins []proofCheckIn
	noShows  []string
	feeds    []string // /api/v1/calendar/<token>.ics
	overdue  []string // approval task ids
	hook     *httptest.Server
	posts    atomic.Int32
	secret   string // the webhook URL's path
}

type proofCheckIn struct {
	person, booking, code string
	status                int
}

// newProofHook starts the organisation's webhook receiver (TLS, as
// webhooks must be) and gives the environment that makes the processes
// trust it and allow its loopback address.
func newProofHook(t *testing.T) (*proofExtras, []string) {
	x := &proofExtras{}
	x.hook = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, x.secret) {
			x.posts.Add(1)
		}
	}))
	t.Cleanup(x.hook.Close)
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	x.secret = "/services/T0PROOF/B0PROOF/" + hex.EncodeToString(b)
	ca := filepath.Join(t.TempDir(), "hook-ca.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: x.hook.Certificate().Raw})
	if err := os.WriteFile(ca, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	return x, []string{"SSL_CERT_FILE=" + ca, "KINMUCHI_WEBHOOK_ALLOW=127.0.0.1/32"}
}

// setUp points the organisation's webhook at the receiver, opens an office
// that requires check-in with a seat per check-in and per no-show, and gives
// some people calendar feeds. The bookings are made through the API for
// the world's first slot, then moved in SQL to now (the processes run on
// the real clock): the no-shows started 40 minutes ago (their grace is
// over), the check-ins start in 10 minutes (their window is open).
func (x *proofExtras) setUp(t *testing.T, w *proofWorld, base string, db *sql.DB, n int) {
	t.Helper()
	if status, body := call(base, "PATCH", "/api/v1/organization", w.admin, map[string]any{"webhook_url": x.hook.URL + x.secret}); status != 200 {
		t.Fatalf("webhook: %d %v", status, body)
	}
	w.secrets = append(w.secrets, x.secret)
	status, body := call(base, "POST", "/api/v1/offices", w.admin, map[string]any{"name": "検証チェックイン", "kind": "satellite",
		"checkin_required": true, "checkin_opens_before_minutes": 60})
	if status != 201 {
		t.Fatalf("check-in office: %d %v", status, body)
	}
	office := body["id"].(string)
	now := time.Now().UTC().Truncate(time.Minute)
	for i := range 2 * n {
		status, body := call(base, "POST", "/api/v1/offices/"+office+"/spaces", w.admin, map[string]any{"name": fmt.Sprintf("C%02d", i+1)})
		if status != 201 {
			t.Fatalf("seat: %d %v", status, body)
		}
		seat := body["id"].(string)
		person := w.people[i]
		status, body = call(base, "POST", "/api/v1/bookings", w.tokens[person], map[string]any{"space_id": seat, "start": w.slots[0][0], "end": w.slots[0][1]})
		if status != 201 {
			t.Fatalf("booking to check in: %d %v", status, body)
		}
		booking := body["id"].(string)
		start := now.Add(10 * time.Minute)
		if i%2 == 1 {
			start = now.Add(-40 * time.Minute)
		}
		if _, err := db.Exec(`UPDATE bookings SET start_at = $1, end_at = $2 WHERE id = $3`, start, start.Add(time.Hour), booking); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			x.noShows = append(x.noShows, booking)
			continue
		}
		status, body = call(base, "GET", "/api/v1/spaces/"+seat+"/checkin-code", w.admin, nil)
		if status != 200 {
			t.Fatalf("check-in code: %d %v", status, body)
		}
		x.checkins = append(x.checkins, proofCheckIn{person: person, booking: booking, code: body["code"].(string)})
	}
	for _, person := range w.people[2*n : 2*n+n/2] {
		status, body := call(base, "POST", "/api/v1/me/calendar-feed", w.tokens[person], nil)
		url, _ := body["url"].(string)
		_, file, ok := strings.Cut(url, "/api/v1/calendar/")
		if status != 201 || !ok {
			t.Fatalf("calendar feed: %d %v", status, body)
		}
		x.feeds = append(x.feeds, "/api/v1/calendar/"+file)
		w.secrets = append(w.secrets, strings.TrimSuffix(file, ".ics"))
	}
}

// alongside checks people in and reads the calendar feeds while the load
// runs, through every process; the returned function waits for it.
func (x *proofExtras) alongside(procs []*proc, w *proofWorld, tally *proofTally) func() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range x.checkins {
			c := &x.checkins[i]
			x.checkIn(procs[i%len(procs)].base, w, c, tally)
			time.Sleep(150 * time.Millisecond)
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 4 * len(x.feeds) {
			status, _, h := callWith(procs[i%len(procs)].base, "GET", x.feeds[i%len(x.feeds)], "", nil, nil)
			if status != 0 {
				tally.add(status, h.Get("Content-Type"), "calendar feed")
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	return wg.Wait
}

func (x *proofExtras) checkIn(base string, w *proofWorld, c *proofCheckIn, tally *proofTally) {
	status, out, h := callWith(base, "POST", "/api/v1/check-in", w.tokens[c.person], nil, map[string]any{"code": c.code})
	c.status = status
	if status != 0 {
		tally.add(status, h.Get("Content-Type"), fmt.Sprint("check-in ", out))
	}
}

// retryCheckIns retries what got no answer or a 503, as a person at the
// seat would.
func (x *proofExtras) retryCheckIns(t *testing.T, procs []*proc, w *proofWorld, tally *proofTally) {
	for i := range x.checkins {
		c := &x.checkins[i]
		for try := 0; c.status == 0 || c.status == 503; try++ {
			if try == 20 {
				t.Fatalf("check-in %s never got an answer", c.booking)
			}
			time.Sleep(200 * time.Millisecond)
			x.checkIn(procs[(i+try)%len(procs)].base, w, c, tally)
		}
	}
}

// makeOverdue has people submit requests and moves their tasks 60 days
// back, so that the escalation job passes each on (once) at its next run.
func (x *proofExtras) makeOverdue(t *testing.T, w *proofWorld, base string, db *sql.DB, n int) {
	t.Helper()
	day := time.Now().AddDate(0, 0, 21)
	for _, person := range w.people[len(w.people)-n:] {
		var id string
		for try := 0; id == "" && try < 10; try++ {
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1)
			}
			status, body := call(base, "POST", "/api/v1/telework-requests", w.tokens[person], map[string]any{
				"dates": []string{day.Format(time.DateOnly)}, "unit": "full", "place": "home", "reason": "general"})
			if status == 201 {
				id = body["id"].(string)
			}
			day = day.AddDate(0, 0, 1)
		}
		if id == "" {
			t.Fatalf("no request of %s could be submitted to escalate", person)
		}
		var task string
		if err := db.QueryRow(`SELECT id FROM approval_tasks WHERE request_id = $1 AND status = 'pending'`, id).Scan(&task); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE approval_tasks SET created_at = now() - interval '60 days', updated_at = now() - interval '60 days' WHERE id = $1`, task); err != nil {
			t.Fatal(err)
		}
		x.overdue = append(x.overdue, task)
	}
}

// jobsOnce waits for the no-show and escalation jobs to have done every
// item, and counts the items done twice: a booking released twice, a task
// escalated twice. It fails for an item never done.
func (x *proofExtras) jobsOnce(t *testing.T, db *sql.DB) (released, escalated, twice int) {
	t.Helper()
	count := func(action string, ids []string) (done, more int) {
		rows, err := db.Query(`SELECT target_id, count(*) FROM audit_events WHERE action = $1 AND target_id = ANY($2) GROUP BY target_id`, action, ids)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				t.Fatal(err)
			}
			done++
			more += n - 1
		}
		return done, more
	}
	deadline := time.Now().Add(150 * time.Second)
	var twiceReleased, twiceEscalated int
	for {
		released, twiceReleased = count("booking.no_show", x.noShows)
		escalated, twiceEscalated = count("approval_task.escalate", x.overdue)
		if released == len(x.noShows) && escalated == len(x.overdue) || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	if released != len(x.noShows) || escalated != len(x.overdue) {
		t.Errorf("after the jobs' runs, %d of %d no-shows released and %d of %d overdue tasks escalated",
			released, len(x.noShows), escalated, len(x.overdue))
	}
	return released, escalated, twiceReleased + twiceEscalated
}

// checkInsKept counts the check-ins answered 200 whose booking is not
// checked in in the database.
func (x *proofExtras) checkInsKept(t *testing.T, db *sql.DB) (answered, lost int) {
	t.Helper()
	for _, c := range x.checkins {
		if c.status != 200 {
			continue
		}
		answered++
		var at sql.NullTime
		if err := db.QueryRow(`SELECT checked_in_at FROM bookings WHERE id = $1`, c.booking).Scan(&at); err != nil || !at.Valid {
			lost++
		}
	}
	return answered, lost
}
