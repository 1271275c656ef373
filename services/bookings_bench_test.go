package services_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// benchSpaces is the size of the office the benchmarks book in.
const benchSpaces = 1000

var benchZone = time.FixedZone("JST", 9*3600)

// benchOffice is an organisation with benchSpaces people and an office of
// benchSpaces open seats, open every day 08:30–17:30 by 30 minutes, bookable
// a year ahead.
type benchOffice struct {
	svc     *services.Services
	db      *models.DB
	admin   *services.Actor
	people  []*services.Actor
	office  string
	spaces  []string
	clock   *clock.Fixed
	dialect models.Dialect
}

func newBenchOffice(b *testing.B, d models.Dialect) *benchOffice {
	b.Helper()
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2026, 12, 1, 8, 0, 0, 0, benchZone))
	db := testutil.DB(b, d, testutil.Options{MaxConns: 10, Now: clk.Now})
	w := &benchOffice{svc: services.New(services.Config{DB: db.Gorm, Clock: clk, JWTSecret: []byte("bench-secret-long-enough-for-hs256!!"), Issuer: "kinmuchi"}),
		db: db, clock: clk, dialect: d}
	now := clk.Now()
	org := &models.Organization{ID: models.NewID(), Slug: "bench-city", Name: "ベンチ市", TimeZone: "Asia/Tokyo", Language: "ja", CreatedAt: now, UpdatedAt: now}
	dept := &models.Department{ID: models.NewID(), OrganizationID: org.ID, Code: "100", Name: "総務課", Kind: models.KindDivision, CreatedAt: now, UpdatedAt: now}
	err := db.Gorm.Transaction(func(tx *gorm.DB) error {
		if err := (models.Organizations{}).Create(ctx, tx, org); err != nil {
			return err
		}
		if err := (models.Departments{}).Create(ctx, tx, dept); err != nil {
			return err
		}
		for i := range benchSpaces {
			roles := []policies.Role{policies.RoleEmployee}
			if i == 0 {
				roles = append(roles, policies.RoleAdmin)
			}
			e := &models.Employee{ID: models.NewID(), OrganizationID: org.ID, EmployeeNumber: fmt.Sprintf("B%05d", i), Email: fmt.Sprintf("b%05d@bench.example", i),
				FamilyName: "試験", GivenName: fmt.Sprint(i), DepartmentID: dept.ID, EmploymentType: models.EmploymentRegular, Active: true,
				Roles: roles, CreatedAt: now, UpdatedAt: now}
			if err := (models.Employees{}).Create(ctx, tx, e); err != nil {
				return err
			}
			w.people = append(w.people, &services.Actor{EmployeeID: e.ID, OrganizationID: org.ID, Roles: roles})
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	w.admin = w.people[0]
	var hours []services.OpeningHoursInput
	for _, wd := range services.Weekdays {
		hours = append(hours, services.OpeningHoursInput{Weekday: wd, Opens: "08:30", Closes: "17:30"})
	}
	o, err := w.svc.Offices.Create(ctx, w.admin, services.OfficeInput{Name: services.Some("本庁舎"), Kind: services.Some(models.OfficeMainBuilding),
		OpeningHours: services.Some(hours), ClosedOnHolidays: services.Some(false), MaxAdvanceDays: services.Some(366)})
	if err != nil {
		b.Fatal(err)
	}
	w.office = o.ID
	for i := range benchSpaces {
		attrs := []string{}
		if i%3 == 0 {
			attrs = append(attrs, "monitor")
		}
		sp, err := w.svc.Offices.CreateSpace(ctx, w.admin, o.ID, services.SpaceInput{Name: services.Some(fmt.Sprintf("%d-%03d", i/100+1, i%100)),
			Attributes: services.Some(attrs)})
		if err != nil {
			b.Fatal(err)
		}
		w.spaces = append(w.spaces, sp.ID)
	}
	return w
}

// slot returns the n-th 30-minute slot from 2 December 2026 on (18 a day).
func slot(n int) (string, string) {
	day := time.Date(2026, 12, 2+n/18, 8, 30, 0, 0, benchZone).Add(time.Duration(n%18) * 30 * time.Minute)
	return day.Format(time.RFC3339), day.Add(30 * time.Minute).Format(time.RFC3339)
}

func (w *benchOffice) book(b *testing.B, person, n int) {
	start, end := slot(n)
	_, err := w.svc.Bookings.Book(context.Background(), w.people[person], services.BookingInput{
		SpaceID: services.Some(w.spaces[person]), Start: services.Some(start), End: services.Some(end)})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCreateBooking books one seat for 30 minutes per iteration through
// the use case (rules, clash check, insert under the database's guards, audit
// event), in an office of 1,000 seats: person i books seat i in successive
// slots, so nothing clashes.
func BenchmarkCreateBooking(b *testing.B) {
	for _, d := range testutil.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			w := newBenchOffice(b, d)
			b.ResetTimer()
			i := 0
			for b.Loop() {
				w.book(b, i%benchSpaces, i/benchSpaces)
				i++
			}
		})
	}
}

// BenchmarkAvailability1000Spaces answers a day's availability of an office
// of 1,000 seats holding 3,000 bookings that day.
func BenchmarkAvailability1000Spaces(b *testing.B) {
	for _, d := range testutil.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			w := newBenchOffice(b, d)
			for p := range benchSpaces {
				for k := range 3 {
					w.book(b, p, (p+k*6)%18)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				a, err := w.svc.Bookings.Availability(context.Background(), w.people[1], w.office, services.AvailabilityQuery{Date: "2026-12-02"})
				if err != nil || len(a.Spaces) != benchSpaces || len(a.Slots) != 18 {
					b.Fatalf("%v: %d spaces, %d slots", err, len(a.Spaces), len(a.Slots))
				}
			}
		})
	}
}
