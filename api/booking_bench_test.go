package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// The booking and availability paths through the whole server (token,
// handler, use case, PostgreSQL) for docs/BENCHMARKS.md (issue 20). Run on a
// durable cluster:
//
//	go run ./internal/tools/withpg --durable -- go test ./api/ -run '^$' -bench 'BookingCreate|AvailabilityUnderLoad' -benchtime 5s
//
// The file uses only what the server had before issue 20, so that the same
// benchmark measures the code before and after in one session.

const (
	benchSeats   = 1000
	benchClients = 8
)

var benchJST = time.FixedZone("JST", 9*3600)

// benchSite is an organisation with people signed in and a main building of
// benchSeats seats, open every day 08:30–17:30 by 30 minutes, bookable a
// year ahead, served by one server on PostgreSQL.
type benchSite struct {
	h      http.Handler
	db     *models.DB
	org    string
	office string
	seats  []string
	people []string
	tokens []string // of the first signedIn people
}

func newBenchSite(b *testing.B, people, signedIn int) *benchSite {
	b.Helper()
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2026, 12, 1, 8, 0, 0, 0, benchJST))
	db := testutil.DB(b, models.Postgres, testutil.Options{MaxConns: 20, Now: clk.Now})
	svc := services.New(services.Config{DB: db.Gorm, Clock: clk, JWTSecret: testSecret, Issuer: "kinmuchi"})
	site := &benchSite{h: api.New(api.Deps{Services: svc, DB: db.SQL}).Handler(), db: db}
	now, hash := clk.Now(), fixtureHash()
	org := &models.Organization{ID: models.NewID(), Slug: "bench-city", Name: "ベンチ市", TimeZone: "Asia/Tokyo", Language: "ja", CreatedAt: now, UpdatedAt: now}
	dept := &models.Department{ID: models.NewID(), OrganizationID: org.ID, Code: "100", Name: "総務課", Kind: models.KindDivision, CreatedAt: now, UpdatedAt: now}
	var admin *services.Actor
	emails := make([]string, people)
	err := db.Gorm.Transaction(func(tx *gorm.DB) error {
		if err := (models.Organizations{}).Create(ctx, tx, org); err != nil {
			return err
		}
		if err := (models.Departments{}).Create(ctx, tx, dept); err != nil {
			return err
		}
		for i := range people {
			roles := []policies.Role{policies.RoleEmployee}
			if i == 0 {
				roles = append(roles, policies.RoleAdmin)
			}
			emails[i] = fmt.Sprintf("b%04d@bench.example", i)
			e := &models.Employee{ID: models.NewID(), OrganizationID: org.ID, EmployeeNumber: fmt.Sprintf("B%04d", i), Email: emails[i],
				FamilyName: "試験", GivenName: fmt.Sprint(i), DepartmentID: dept.ID, EmploymentType: models.EmploymentRegular, Active: true,
				PasswordHash: &hash, Roles: roles, CreatedAt: now, UpdatedAt: now}
			if err := (models.Employees{}).Create(ctx, tx, e); err != nil {
				return err
			}
			site.people = append(site.people, e.ID)
			if i == 0 {
				admin = &services.Actor{EmployeeID: e.ID, OrganizationID: org.ID, Roles: roles}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var hours []services.OpeningHoursInput
	for _, wd := range services.Weekdays {
		hours = append(hours, services.OpeningHoursInput{Weekday: wd, Opens: "08:30", Closes: "17:30"})
	}
	o, err := svc.Offices.Create(ctx, admin, services.OfficeInput{Name: services.Some("本庁舎"), Kind: services.Some(models.OfficeMainBuilding),
		OpeningHours: services.Some(hours), ClosedOnHolidays: services.Some(false), MaxAdvanceDays: services.Some(366)})
	if err != nil {
		b.Fatal(err)
	}
	site.office = o.ID
	for i := range benchSeats {
		sp, err := svc.Offices.CreateSpace(ctx, admin, o.ID, services.SpaceInput{Name: services.Some(fmt.Sprintf("%d-%03d", i/100+1, i%100))})
		if err != nil {
			b.Fatal(err)
		}
		site.seats = append(site.seats, sp.ID)
	}
	site.org = org.ID
	for _, email := range emails[:signedIn] {
		status, body := site.send("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": testPassword})
		var s struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(body, &s); status != 200 || err != nil {
			b.Fatalf("sign-in: %d %s", status, body)
		}
		site.tokens = append(site.tokens, s.AccessToken)
	}
	return site
}

func (s *benchSite) send(method, path, token string, body any) (int, []byte) {
	var rd *bytes.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(nil)
	}
	r := httptest.NewRequest(method, path, rd)
	r.RemoteAddr = "192.0.2.10:50000"
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	r.Header.Set("Accept-Encoding", "gzip") // as browsers and Go's client send
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w.Code, w.Body.Bytes()
}

// slotOf is the n-th 30-minute slot from 2 December 2026 on (18 a day).
func slotOf(n int) (string, string) {
	t := time.Date(2026, 12, 2+n/18, 8, 30, 0, 0, benchJST).Add(time.Duration(n%18) * 30 * time.Minute)
	return t.Format(time.RFC3339), t.Add(30 * time.Minute).Format(time.RFC3339)
}

// book makes person p book seat p in their k-th slot; nothing clashes.
func (s *benchSite) book(p, k int) error {
	start, end := slotOf(k)
	status, body := s.send("POST", "/api/v1/bookings", s.tokens[p], map[string]string{"space_id": s.seats[p], "start": start, "end": end})
	if status != http.StatusCreated {
		return fmt.Errorf("booking: %d %s", status, body)
	}
	return nil
}

// BenchmarkBookingCreate: benchClients clients, each a person booking their
// own seat in successive slots, through the whole server.
func BenchmarkBookingCreate(b *testing.B) {
	site := newBenchSite(b, benchClients, benchClients)
	var next atomic.Int64
	b.SetParallelism(1)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Value
	for c := range benchClients {
		wg.Go(func() {
			for k := 0; ; k++ {
				if next.Add(1) > int64(b.N) {
					return
				}
				if err := site.book(c, k); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "bookings/s")
}

// BenchmarkAvailabilityUnderLoad asks for the day's availability of the
// 1,000 seats holding 3,000 bookings, at 200 requests a second without
// If-None-Match, while 20 bookings a second land on that day, and reports
// the latency percentiles.
func BenchmarkAvailabilityUnderLoad(b *testing.B) {
	site := newBenchSite(b, benchSeats, benchClients)
	// 3,000 bookings on 2 December, written straight into the database:
	// person i holds three slots of seat i.
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, benchJST)
	err := site.db.Gorm.Transaction(func(tx *gorm.DB) error {
		for i := range benchSeats {
			for k := range 3 {
				start, end := slotOf((i%6)*3 + k)
				st, _ := time.Parse(time.RFC3339, start)
				en, _ := time.Parse(time.RFC3339, end)
				bk := &models.Booking{ID: models.NewID(), OrganizationID: site.org, OfficeID: site.office, SpaceID: site.seats[i], EmployeeID: site.people[i],
					StartAt: st, EndAt: en, Status: policies.BookingConfirmed, CreatedAt: now, UpdatedAt: now}
				if err := (models.Bookings{}).Create(context.Background(), tx, bk); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var failed atomic.Value
	path := "/api/v1/offices/" + site.office + "/availability?date=2026-12-02"
	b.ResetTimer()
	for b.Loop() {
		const rate, seconds = 200, 5
		stop := make(chan struct{})
		var landed atomic.Int64
		go func() { // bookings keep landing on the day, in slots the seeding left free
			tick := time.NewTicker(time.Second / 20)
			defer tick.Stop()
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				// The k-th landing: person k mod 8 takes their next slot j of
				// the day, on a seat whose seeded slots are elsewhere.
				j := (k / benchClients) % 16
				seat := benchClients + (k*37)%(benchSeats-benchClients)
				for (seat%6) == j/3 || seat < benchClients {
					seat = (seat + 1) % benchSeats
				}
				start, end := slotOf(j)
				if status, _ := site.send("POST", "/api/v1/bookings", site.tokens[k%benchClients], map[string]string{"space_id": site.seats[seat], "start": start, "end": end}); status == 201 {
					landed.Add(1)
				}
			}
		}()
		lat := make([]time.Duration, rate*seconds)
		cpu0 := processCPU()
		var reqs sync.WaitGroup
		tick := time.NewTicker(time.Second / rate)
		for i := range lat {
			<-tick.C
			reqs.Go(func() {
				t0 := time.Now()
				if status, body := site.send("GET", path, site.tokens[i%benchClients], nil); status != 200 {
					failed.Store(fmt.Errorf("availability: %d %s", status, body))
				}
				lat[i] = time.Since(t0)
			})
		}
		tick.Stop()
		reqs.Wait()
		close(stop)
		if err, _ := failed.Load().(error); err != nil {
			b.Fatal(err)
		}
		slices.Sort(lat)
		p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(p(0.50), "p50-ms")
		b.ReportMetric(p(0.99), "p99-ms")
		b.ReportMetric(float64(landed.Load())/seconds, "bookings/s")
		// This process's CPU (server and clients; not PostgreSQL's) per
		// availability request, the bookings landing included: the figure a
		// shared machine's load does not move much.
		b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(len(lat)), "cpu-µs/req")
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
