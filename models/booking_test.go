package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// bookingWorld is one organisation with two people and an office of two seats.
type bookingWorld struct {
	org, office, seatA, seatB, alice, bob string
}

func newBookingWorld(t *testing.T, g *gorm.DB) bookingWorld {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w := bookingWorld{org: models.NewID(), office: models.NewID(), seatA: models.NewID(), seatB: models.NewID(), alice: models.NewID(), bob: models.NewID()}
	must(models.Organizations{}.Create(ctx, g, &models.Organization{ID: w.org, Slug: "guard-town", Name: "町", TimeZone: "Asia/Tokyo", Language: "ja", CreatedAt: now, UpdatedAt: now}))
	dept := &models.Department{ID: models.NewID(), OrganizationID: w.org, Code: "1", Name: "課", Kind: models.KindDivision, CreatedAt: now, UpdatedAt: now}
	must(models.Departments{}.Create(ctx, g, dept))
	for i, id := range []string{w.alice, w.bob} {
		must(models.Employees{}.Create(ctx, g, &models.Employee{ID: id, OrganizationID: w.org, EmployeeNumber: string(rune('1' + i)), Email: string(rune('a'+i)) + "@guard.example",
			FamilyName: "試験", GivenName: "太郎", DepartmentID: dept.ID, EmploymentType: models.EmploymentRegular, Active: true, CreatedAt: now, UpdatedAt: now}))
	}
	must(models.Offices{}.Create(ctx, g, &models.Office{ID: w.office, OrganizationID: w.org, Name: "本庁舎", Kind: models.OfficeMainBuilding, TimeZone: "Asia/Tokyo",
		BookingUnit: "30m", MiddayMin: 720, MaxAdvanceDays: 30, MaxMinutesPerDay: 1440, Active: true, CreatedAt: now, UpdatedAt: now}))
	for i, id := range []string{w.seatA, w.seatB} {
		must(models.Spaces{}.Create(ctx, g, &models.Space{ID: id, OrganizationID: w.org, OfficeID: w.office, Kind: models.SpaceOpenSeat, Name: string(rune('A' + i)),
			Capacity: 1, Active: true, CreatedAt: now, UpdatedAt: now}))
	}
	return w
}

// TestTheDatabaseRefusesDoubleBookings writes bookings straight through the
// store, without any check in Go: the exclusion constraints (PostgreSQL) and
// triggers (SQLite) alone must refuse every overlap, on inserts and updates.
func TestTheDatabaseRefusesDoubleBookings(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		ctx := context.Background()
		db := testutil.DB(t, d)
		w := newBookingWorld(t, db.Gorm)
		at := func(h, m int) time.Time { return time.Date(2026, 12, 2, h, m, 0, 0, time.FixedZone("JST", 9*3600)) }
		book := func(space, person string, from, to time.Time) (*models.Booking, error) {
			now := time.Now().UTC()
			b := &models.Booking{ID: models.NewID(), OrganizationID: w.org, OfficeID: w.office, SpaceID: space, EmployeeID: person,
				StartAt: from, EndAt: to, Status: policies.BookingConfirmed, CreatedAt: now, UpdatedAt: now}
			return b, models.Bookings{}.Create(ctx, db.Gorm, b)
		}
		first, err := book(w.seatA, w.alice, at(9, 0), at(10, 0))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name          string
			space, person string
			from, to      time.Time
			clash         string
		}{
			{"same seat, same time, another person", w.seatA, w.bob, at(9, 0), at(10, 0), models.ClashSpace},
			{"same seat, overlapping the end", w.seatA, w.bob, at(9, 30), at(10, 30), models.ClashSpace},
			{"same seat, inside", w.seatA, w.bob, at(9, 15), at(9, 45), models.ClashSpace},
			{"same person, another seat", w.seatB, w.alice, at(9, 30), at(11, 0), models.ClashPerson},
			{"same seat, right after (half-open)", w.seatA, w.bob, at(10, 0), at(11, 0), ""},
			{"same seat, right before (half-open)", w.seatA, w.bob, at(8, 30), at(9, 0), ""},
		}
		for _, c := range cases {
			_, err := book(c.space, c.person, c.from, c.to)
			if c.clash == "" {
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				continue
			}
			if !errors.Is(err, models.ErrConflict) || models.BookingClash(err) != c.clash {
				t.Fatalf("%s: got %v (clash %q), want a %s conflict", c.name, err, models.BookingClash(err), c.clash)
			}
		}
		// Moving a booking onto another is refused too.
		second, err := book(w.seatB, w.bob, at(13, 0), at(14, 0))
		if err != nil {
			t.Fatal(err)
		}
		second.SpaceID, second.StartAt, second.EndAt = w.seatA, at(9, 30), at(10, 0)
		if err := (models.Bookings{}).Update(ctx, db.Gorm, second); !errors.Is(err, models.ErrConflict) {
			t.Fatalf("moving onto a booked seat: %v", err)
		}
		// A cancelled booking frees the seat and the person.
		now := time.Now().UTC()
		first.Status, first.CancelledAt = policies.BookingCancelled, &now
		if err := (models.Bookings{}).Update(ctx, db.Gorm, first); err != nil {
			t.Fatal(err)
		}
		if _, err := book(w.seatA, w.bob, at(9, 0), at(9, 30)); err != nil {
			t.Fatalf("the cancelled booking still holds the seat: %v", err)
		}
		// Reinstating the cancelled booking now clashes.
		first.Status, first.CancelledAt = policies.BookingConfirmed, nil
		if err := (models.Bookings{}).Update(ctx, db.Gorm, first); !errors.Is(err, models.ErrConflict) {
			t.Fatalf("reinstating over a new booking: %v", err)
		}
		// No booking is longer than a (long) local day: searches rely on it.
		if _, err := book(w.seatB, w.bob, at(20, 0), at(20, 0).Add(26*time.Hour)); err == nil {
			t.Fatal("a 26-hour booking was stored")
		}
		if n, err := (models.Bookings{}).OverlappingPairs(ctx, db.Gorm); err != nil || n != 0 {
			t.Fatalf("overlapping pairs: %d %v", n, err)
		}
	})
}
