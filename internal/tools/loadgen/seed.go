package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

const (
	demoPassword  = "kinmuchi-bench-demo-2026"
	staffPassword = "Bench-Staff-Password-2026"
)

var (
	// benchClock is the server's fixed "now": Tuesday 1 December 2026, before
	// the office opens. Every day booked below lies ahead of it.
	benchClock = time.Date(2026, 12, 1, 7, 0, 0, 0, jst)
	jst        = time.FixedZone("JST", 9*3600)
	// availDay holds the 3,000 bookings the availability scenario reads.
	availDay = time.Date(2026, 12, 3, 0, 0, 0, 0, jst)
	// bookDay is the first day the booking scenarios fill, 18 slots a day.
	bookDay = time.Date(2026, 12, 10, 0, 0, 0, 0, jst)
	// captureDay is where the captured bookings land, apart from the others.
	captureDay = time.Date(2027, 6, 1, 0, 0, 0, 0, jst)
	// teleworkDay is what every member of staff asks to work from home on
	// (so the approver's inbox holds one task per person), previewDay what
	// the preview scenario asks.
	teleworkDay = "2026-12-08"
	previewDay  = "2026-12-09"
)

// slot is the k-th 30-minute slot (0–17) of a day from 08:30, when the
// office opens.
func slot(day time.Time, k int) (string, string) {
	s := day.Add(8*time.Hour + 30*time.Minute + time.Duration(k)*30*time.Minute)
	return s.Format(time.RFC3339), s.Add(30 * time.Minute).Format(time.RFC3339)
}

// api calls kinmuchi as a client would.
type api struct {
	base string
	http *http.Client
}

// call sends a JSON request and decodes a 2xx answer into out.
func (a *api) call(method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+"/api/v1"+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, clip(string(b), 400))
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

func (a *api) login(email, password string) (string, error) {
	var s struct {
		AccessToken string `json:"access_token"`
	}
	err := a.call(http.MethodPost, "/auth/login", "", map[string]string{"email": email, "password": password}, &s)
	return s.AccessToken, err
}

type withID struct {
	ID string `json:"id"`
}

// parallel runs f(0…n-1) on `workers` goroutines and returns the first error.
func parallel(n, workers int, f func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// world is what the seeding made: the tokens and ids the scenarios use.
type world struct {
	admin, hr, approver string // tokens
	staff               []string
	office              string
	spaces              []string
}

// seed builds the benchmark's office and people through the API, the way an
// administrator and the staff would, so that every row passes the rules and
// the database's guards: a division of `people` members of staff under one
// approver (who is also its head), each asking to work from home one day
// (the approver's inbox); an office of 1,000 seats open every day
// availDay (twelve slots of 250 people, 1,000 seats). What hashes a password
// (creating a person, signing in) runs two at a time: 19 MiB of argon2 each,
// which eight at once would leave in the server's RSS for the first scenario
// (the sign-in scenario measures that on its own).
//
//08:30–17:30 by 30 minutes; every member signed in; and 3,000 bookings on
func seed(a *api, people, spaces int, logf func(string, ...any)) (*world, error) {
	w := &world{}
	var err error
	if w.admin, err = a.login("admin@demo.example", demoPassword); err != nil {
		return nil, err
	}
	if w.hr, err = a.login("hr@demo.example", demoPassword); err != nil {
		return nil, err
	}
	var dept withID
	if err := a.call(http.MethodPost, "/departments", w.admin, map[string]any{"code": "990", "name": "負荷試験課", "kind": "division"}, &dept); err != nil {
		return nil, err
	}
	person := func(i int, roles []string, supervisor string) map[string]any {
		p := map[string]any{"employee_number": fmt.Sprintf("BENCH%04d", i), "email": fmt.Sprintf("bench%04d@demo.example", i),
			"family_name": "負荷", "given_name": fmt.Sprintf("試験%d", i), "department_id": dept.ID, "roles": roles,
			"employment_type": "regular", "has_remote_pc": true, "password": staffPassword}
		if supervisor != "" {
			p["supervisor_id"] = supervisor
		}
		return p
	}
	var approver withID
	if err := a.call(http.MethodPost, "/employees", w.admin, person(0, []string{"employee", "supervisor"}, ""), &approver); err != nil {
		return nil, err
	}
	if err := a.call(http.MethodPatch, "/departments/"+dept.ID, w.admin, map[string]any{"head_id": approver.ID}, nil); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := parallel(people, 2, func(i int) error {
		return a.call(http.MethodPost, "/employees", w.admin, person(i+1, []string{"employee"}, approver.ID), nil)
	}); err != nil {
		return nil, err
	}
	logf("seed: %d members of staff and their approver created in %s", people, time.Since(start).Round(time.Millisecond))

	hours := []map[string]string{}
	for _, d := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} {
		hours = append(hours, map[string]string{"weekday": d, "opens": "08:30", "closes": "17:30"})
	}
	var office withID
	if err := a.call(http.MethodPost, "/offices", w.admin, map[string]any{"name": "負荷試験庁舎", "kind": "main_building",
		"opening_hours": hours, "closed_on_holidays": false, "max_advance_days": 366}, &office); err != nil {
		return nil, err
	}
	w.office = office.ID
	w.spaces = make([]string, spaces)
	start = time.Now()
	if err := parallel(spaces, 8, func(i int) error {
		var sp withID
		attrs := []string{}
		if i%3 == 0 {
			attrs = append(attrs, "monitor")
		}
		err := a.call(http.MethodPost, "/offices/"+office.ID+"/spaces", w.admin,
			map[string]any{"name": fmt.Sprintf("%d-%03d", i/100+1, i%100), "attributes": attrs}, &sp)
		w.spaces[i] = sp.ID
		return err
	}); err != nil {
		return nil, err
	}
	logf("seed: an office of %d seats created in %s", spaces, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if w.approver, err = a.login("bench0000@demo.example", staffPassword); err != nil {
		return nil, err
	}
	w.staff = make([]string, people)
	if err := parallel(people, 2, func(i int) error {
		t, err := a.login(fmt.Sprintf("bench%04d@demo.example", i+1), staffPassword)
		w.staff[i] = t
		return err
	}); err != nil {
		return nil, err
	}
	logf("seed: %d people signed in in %s", people+1, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if err := parallel(people, 8, func(i int) error {
		return a.call(http.MethodPost, "/telework-requests", w.staff[i], teleworkBody(teleworkDay), nil)
	}); err != nil {
		return nil, err
	}
	logf("seed: %d telework requests submitted in %s", people, time.Since(start).Round(time.Millisecond))

	// Twelve slots × people bookings, seat (p + people·k) mod 1,000 in slot k:
	// distinct seats within a slot, one seat per person at a time.
	perSlot := people
	n := min(3000, 12*perSlot)
	start = time.Now()
	if err := parallel(n, 8, func(i int) error {
		k, p := i/perSlot, i%perSlot
		from, to := slot(availDay, k)
		return a.call(http.MethodPost, "/bookings", w.staff[p], map[string]string{"space_id": w.spaces[(p+perSlot*(k%4))%spaces], "start": from, "end": to}, nil)
	}); err != nil {
		return nil, err
	}
	logf("seed: %d bookings on %s made in %s", n, availDay.Format(time.DateOnly), time.Since(start).Round(time.Millisecond))
	return w, nil
}

func teleworkBody(day string) map[string]any {
	return map[string]any{"dates": []string{day}, "unit": "full", "place": "home", "reason": "general"}
}
