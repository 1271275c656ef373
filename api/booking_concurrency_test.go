package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// crowdSize is how many people race for one seat.
const crowdSize = 200

// secondProcess is another server with its own connection pool on the same
// database, as a second server process would be: nothing is shared with the
// first but the database.
func (e *env) secondProcess() *api.Server {
	e.t.Helper()
	opts := models.OpenOptions{MaxConns: 50, Now: e.clock.Now}
	switch e.dialect {
	case models.Postgres:
		var name string
		if err := e.db.SQL.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
			e.t.Fatal(err)
		}
		u, err := url.Parse(os.Getenv(testutil.PostgresURLVar))
		if err != nil {
			e.t.Fatal(err)
		}
		u.Path = "/" + name
		opts.URL = u.String()
	case models.SQLite:
		var seq int
		var name, file string
		if err := e.db.SQL.QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
			e.t.Fatal(err)
		}
		opts.DataDir = filepath.Dir(file)
	}
	db, err := models.Open(context.Background(), opts)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	svc := services.New(services.Config{DB: db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi"})
	return api.New(api.Deps{Services: svc, DB: db.SQL})
}

// crowd adds n employees to alpha (one precomputed password hash for all) and
// signs them all in concurrently, returning their access tokens.
func (e *env) crowd(n int) []string {
	e.t.Helper()
	ctx := context.Background()
	hash, now := fixtureHash(), e.clock.Now()
	err := e.db.Gorm.Transaction(func(tx *gorm.DB) error {
		for i := range n {
			emp := &models.Employee{ID: models.NewID(), OrganizationID: e.fx.alpha, EmployeeNumber: fmt.Sprintf("C%04d", i),
				Email: fmt.Sprintf("crowd%04d@alpha.example", i), FamilyName: "群衆", GivenName: fmt.Sprint(i), DepartmentID: e.fx.dAffairs,
				EmploymentType: models.EmploymentRegular, Active: true, PasswordHash: &hash, Roles: []policies.Role{policies.RoleEmployee}, CreatedAt: now, UpdatedAt: now}
			if err := (models.Employees{}).Create(ctx, tx, emp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	tokens := make([]string, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8) // argon2 wants memory; a few sign-ins at a time
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			status, body := send(e.srv, "POST", "/api/v1/auth/login", "", map[string]string{"email": fmt.Sprintf("crowd%04d@alpha.example", i), "password": testPassword})
			var s struct {
				AccessToken string `json:"access_token"`
			}
			if err := json.Unmarshal(body, &s); status != 200 || err != nil {
				errs <- fmt.Errorf("sign-in %d: %d %s", i, status, body)
				return
			}
			tokens[i] = s.AccessToken
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		e.t.Fatal(err)
	}
	return tokens
}

// send is a request safe to make from many goroutines (e.do fails the test,
// which only the test's own goroutine may do).
func send(srv *api.Server, method, path, token string, body any) (int, []byte) {
	b, _ := json.Marshal(body)
	r := httptest.NewRequest(method, path, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "192.0.2.20:50000"
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, r)
	return rec.Code, rec.Body.Bytes()
}

// race fires every request at once (spread over the servers in turn) and
// returns how many answered each status. Every 409 must be a problem naming
// the clash.
func race(t *testing.T, servers []*api.Server, tokens []string, spaces []string, start, end string) map[int]int {
	t.Helper()
	type answer struct {
		status int
		body   []byte
	}
	answers := make([]answer, len(tokens))
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for i, tok := range tokens {
		wg.Go(func() {
			<-gate
			status, body := send(servers[i%len(servers)], "POST", "/api/v1/bookings", tok,
				map[string]string{"space_id": spaces[i%len(spaces)], "start": start, "end": end})
			answers[i] = answer{status, body}
		})
	}
	close(gate)
	wg.Wait()
	counts := map[int]int{}
	for _, a := range answers {
		counts[a.status]++
		switch a.status {
		case http.StatusCreated:
		case http.StatusConflict:
			if !strings.Contains(string(a.body), `"type":"urn:kinmuchi:problem:conflict"`) {
				t.Errorf("a 409 that is not a conflict problem: %s", a.body)
			}
		default:
			t.Errorf("answer %d: %s", a.status, a.body)
		}
	}
	return counts
}

// checkNoOverlap asks the database itself, with a self-join, for any two
// confirmed bookings of one space or one person that overlap.
func (e *env) checkNoOverlap() {
	e.t.Helper()
	n, err := (models.Bookings{}).OverlappingPairs(context.Background(), e.db.Gorm)
	if err != nil || n != 0 {
		e.t.Fatalf("overlapping pairs of bookings: %d (%v)", n, err)
	}
}

func TestNoDoubleBookingUnderConcurrency(t *testing.T) {
	if testing.Short() {
		t.Skip("the crowd takes a few seconds")
	}
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d, 50)
		o := e.seedOffices(e.login(adminEmail))
		tokens := e.crowd(crowdSize)
		want := map[int]int{http.StatusCreated: 1, http.StatusConflict: crowdSize - 1}

		t.Run("200 people, one seat, one server", func(t *testing.T) {
			got := race(t, []*api.Server{e.srv}, tokens, []string{o.a1}, "2026-12-02T09:00:00+09:00", "2026-12-02T10:00:00+09:00")
			if got[201] != want[201] || got[409] != want[409] {
				t.Fatalf("answers %v, want %v", got, want)
			}
		})
		t.Run("200 people, one seat, two server processes", func(t *testing.T) {
			servers := []*api.Server{e.srv, e.secondProcess()}
			got := race(t, servers, tokens, []string{o.a2}, "2026-12-02T11:00:00+09:00", "2026-12-02T12:00:00+09:00")
			if got[201] != want[201] || got[409] != want[409] {
				t.Fatalf("answers %v, want %v", got, want)
			}
		})
		t.Run("one person, two seats at once", func(t *testing.T) {
			one := make([]string, 20)
			for i := range one {
				one[i] = tokens[0]
			}
			servers := []*api.Server{e.srv, e.secondProcess()}
			got := race(t, servers, one, []string{o.a3, o.booth}, "2026-12-02T14:00:00+09:00", "2026-12-02T15:00:00+09:00")
			if got[201] != 1 || got[409] != len(one)-1 {
				t.Fatalf("answers %v, want one 201", got)
			}
		})
		e.checkNoOverlap()
		var confirmed int64
		e.db.Gorm.Model(&models.Booking{}).Where("status = ?", policies.BookingConfirmed).Count(&confirmed)
		if confirmed != 3 {
			t.Fatalf("%d confirmed bookings, want 3", confirmed)
		}
	})
}
