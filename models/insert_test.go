package models_test

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// The booking and audit inserts are spelt out (not GORM's Create): a field
// added to the model and forgotten there would be silently dropped. Every
// field is set to something other than its zero value, written, read back
// and compared, on both databases; and every column the model has is named.
func TestBookingInsertWritesEveryField(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		ctx := context.Background()
		db := testutil.DB(t, d)
		w := newBookingWorld(t, db.Gorm)
		at := time.Date(2026, 12, 2, 0, 30, 0, 0, time.UTC)
		later, series, checkout := at.Add(time.Hour), (*string)(nil), at.Add(50*time.Minute)
		in := &models.Booking{ID: models.NewID(), OrganizationID: w.org, OfficeID: w.office, SpaceID: w.seatA, EmployeeID: w.alice,
			StartAt: at, EndAt: later, Status: policies.BookingCancelled, CancelledAt: &later, SeriesID: series,
			CheckedInAt: &at, CheckedOutAt: &checkout, NoShow: false, Sequence: 4, CreatedAt: at.Add(-time.Hour), UpdatedAt: at.Add(-time.Minute)}
		if err := (models.Bookings{}).Create(ctx, db.Gorm, in); err != nil {
			t.Fatal(err)
		}
		var out models.Booking
		if err := db.Gorm.First(&out, "id = ?", in.ID).Error; err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normalised(*in), normalised(out)) {
			t.Fatalf("read back\n got %+v\nwant %+v", out, *in)
		}
		// Tentative and NoShow cannot both be true with these rows' other
		// columns (the checks); a second booking carries the other flag.
		nb := &models.Booking{ID: models.NewID(), OrganizationID: w.org, OfficeID: w.office, SpaceID: w.seatB, EmployeeID: w.bob,
			StartAt: at, EndAt: later, Status: policies.BookingCancelled, CancelledAt: &later, NoShow: true, CreatedAt: at, UpdatedAt: at}
		if err := (models.Bookings{}).Create(ctx, db.Gorm, nb); err != nil {
			t.Fatal(err)
		}
		var back models.Booking
		if err := db.Gorm.First(&back, "id = ?", nb.ID).Error; err != nil || !back.NoShow {
			t.Fatalf("no_show not written: %+v %v", back, err)
		}
		orgID, actor := w.org, w.alice
		ev := &models.AuditEvent{ID: models.NewID(), OrganizationID: &orgID, ActorID: &actor, OnBehalfOfID: &actor, Action: "booking.create",
			TargetType: "booking", TargetID: in.ID, Before: models.JSON(`{"a":1}`), After: models.JSON(`{"b":"x"}`), RequestID: "req",
			ClientIP: "192.0.2.1", CreatedAt: at}
		if err := (models.AuditEvents{}).Insert(ctx, db.Gorm, ev); err != nil {
			t.Fatal(err)
		}
		got, err := models.AuditEvents{}.Get(ctx, db.Gorm, orgID, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.CreatedAt = got.CreatedAt.UTC()
		for _, j := range []*models.JSON{&got.Before, &got.After} {
			*j = models.JSON(strings.ReplaceAll(string(*j), " ", ""))
		}
		if !reflect.DeepEqual(ev, got) {
			t.Fatalf("read back\n got %+v\nwant %+v", got, ev)
		}
		for _, m := range []struct {
			model    any
			columns  string
			readOnly int
		}{{&models.Booking{}, "id, organization_id, office_id, space_id, employee_id, start_at, end_at, status, cancelled_at, series_id, request_id, tentative, checked_in_at, checked_out_at, no_show, sequence, created_at, updated_at", 0},
			{&models.AuditEvent{}, "id, organization_id, actor_id, on_behalf_of_id, action, target_type, target_id, before, after, request_id, client_ip, created_at", 2}} {
			s, err := schema.Parse(m.model, &sync.Map{}, db.Gorm.NamingStrategy)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(strings.Split(m.columns, ", ")); n != len(s.DBNames)-m.readOnly {
				t.Fatalf("%T has %d columns (%d written by the sealing job), its insert names %d: %v", m.model, len(s.DBNames), m.readOnly, n, s.DBNames)
			}
		}
	})
}

func normalised(b models.Booking) models.Booking {
	for _, p := range []*time.Time{&b.StartAt, &b.EndAt, &b.CreatedAt, &b.UpdatedAt, b.CancelledAt, b.CheckedInAt, b.CheckedOutAt} {
		if p != nil {
			*p = p.UTC()
		}
	}
	return b
}
