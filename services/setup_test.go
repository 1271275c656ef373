package services_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

const setupPassword = "shinsei-kaishi-2026"

func newTown(slug, email string) services.NewOrganization {
	return services.NewOrganization{Name: "磐梯町", Slug: slug, DepartmentName: "政策課",
		Admin: services.NewAdmin{Email: email, FamilyName: "山田", GivenName: "花子", EmployeeNumber: "A0001", Password: setupPassword}}
}

// counts is how many rows the set-up touches, to show a refusal changed nothing.
func counts(t *testing.T, db *models.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"organizations", "departments", "employees", "telework_policy_versions", "audit_events"} {
		var n int64
		if err := db.Gorm.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func fieldsOf(err error) []string {
	var e *services.Error
	if !errors.As(err, &e) {
		return nil
	}
	var fs []string
	for _, f := range e.Fields {
		fs = append(fs, f.Field+":"+f.Code)
	}
	return fs
}

func TestSetupCreatesTheFirstOrganisationAndItsAdministrator(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		ctx := context.Background()
		// 23:30 UTC on 31 March is already 1 April, a new fiscal year, in Tokyo.
		clk := clock.NewFixed(time.Date(2027, 3, 31, 23, 30, 0, 0, time.UTC))
		db := testutil.DB(t, d, testutil.Options{Now: clk.Now})
		svc := services.New(services.Config{DB: db.Gorm, Clock: clk, JWTSecret: []byte(strings.Repeat("x", 40)), Issuer: "kinmuchi"})

		if err := svc.Setup.Ready(ctx); !errors.Is(err, services.ErrNoOrganization) {
			t.Fatalf("an empty database is ready: %v", err)
		}
		empty := counts(t, db)
		// Bad input: every problem named by the field it came from, nothing stored.
		bad := []struct {
			name  string
			edit  func(*services.NewOrganization)
			field string
		}{
			{"slug", func(o *services.NewOrganization) { o.Slug = "Bandai Town" }, "organization.slug:invalid"},
			{"zone", func(o *services.NewOrganization) { o.TimeZone = "Tokyo" }, "organization.time_zone:invalid"},
			{"language", func(o *services.NewOrganization) { o.Language = "fr" }, "organization.language:invalid"},
			{"name", func(o *services.NewOrganization) { o.Name = " " }, "organization.name:invalid"},
			{"department", func(o *services.NewOrganization) { o.DepartmentName = "" }, "department.name:required"},
			{"e-mail", func(o *services.NewOrganization) { o.Admin.Email = "yamada" }, "admin.email:invalid"},
			{"family name", func(o *services.NewOrganization) { o.Admin.FamilyName = "" }, "admin.family_name:required"},
			{"employee number", func(o *services.NewOrganization) { o.Admin.EmployeeNumber = "" }, "admin.employee_number:required"},
			{"no password", func(o *services.NewOrganization) { o.Admin.Password = "" }, "admin.password:too_short"},
			{"password with the e-mail", func(o *services.NewOrganization) { o.Admin.Password = "x-yamada@bandai.example-x" }, "admin.password:contains_email"},
		}
		for _, c := range bad {
			in := newTown("bandai", "yamada@bandai.example")
			c.edit(&in)
			_, err := svc.Setup.Init(ctx, in)
			if !errors.Is(err, services.ErrValidation) || !strings.Contains(strings.Join(fieldsOf(err), " "), c.field) {
				t.Errorf("%s: want %s, got %v %v", c.name, c.field, err, fieldsOf(err))
			}
		}
		if got := counts(t, db); !equalCounts(got, empty) {
			t.Fatalf("a refused set-up stored %v", got)
		}

		res, err := svc.Setup.Init(ctx, newTown("bandai", "Yamada@Bandai.example"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Organization.TimeZone != "Asia/Tokyo" || res.Organization.Language != "ja" || res.Admin.Email != "yamada@bandai.example" {
			t.Fatalf("defaults: %+v %+v", res.Organization, res.Admin)
		}
		if err := svc.Setup.Ready(ctx); err != nil {
			t.Fatalf("not ready after init: %v", err)
		}
		// The administrator signs in and reads the stored first version, in force from the first day.
		sess, err := svc.Auth.Login(ctx, "yamada@bandai.example", setupPassword, services.Client{IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		actor, err := svc.Auth.Authenticate(ctx, sess.AccessToken)
		if err != nil || !actor.Has(policies.RoleAdmin) || actor.OrganizationID != res.Organization.ID {
			t.Fatalf("the administrator: %+v %v", actor, err)
		}
		versions, err := svc.Policies.Versions(ctx, actor)
		if err != nil {
			t.Fatal(err)
		}
		// The first day is the start of the organisation's fiscal year of the
		// set-up, so that requests after the fact for the weeks before are decided too.
		if len(versions) != 1 || versions[0].BuiltIn || versions[0].EffectiveFrom.String() != "2027-04-01" || versions[0].Policy.Version() != services.FirstVersion {
			t.Fatalf("versions: %+v", versions)
		}
		if _, err := svc.Policies.InForce(ctx, actor, mustDate(t, "2027-03-31")); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("a rule before the organisation's first day: %v", err)
		}
		// Every row is audited, without the password.
		events, _, err := svc.Audit.List(ctx, actor, services.AuditQuery{}, services.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]bool{}
		for _, e := range events {
			actions[e.Action] = true
			if strings.Contains(string(e.After), setupPassword) {
				t.Fatalf("the password reached the audit trail: %s", e.After)
			}
		}
		for _, a := range []string{"organization.create", "department.create", "employee.create", "telework_policy.create_version"} {
			if !actions[a] {
				t.Errorf("no %s event in %v", a, actions)
			}
		}

		// A second init is refused and changes nothing.
		before := counts(t, db)
		if _, err := svc.Setup.Init(ctx, newTown("other-town", "other@other.example")); !errors.Is(err, services.ErrAlreadySetUp) {
			t.Fatalf("second init: %v", err)
		}
		// A further organisation: not with a slug or an e-mail in use.
		if _, err := svc.Setup.CreateOrganization(ctx, newTown("bandai", "other@other.example")); !strings.Contains(strings.Join(fieldsOf(err), " "), "organization.slug:taken") {
			t.Fatalf("duplicate slug: %v", err)
		}
		if _, err := svc.Setup.CreateOrganization(ctx, newTown("inawashiro", "yamada@bandai.example")); !strings.Contains(strings.Join(fieldsOf(err), " "), "admin.email:taken") {
			t.Fatalf("an e-mail of another organisation: %v", err)
		}
		if got := counts(t, db); !equalCounts(got, before) {
			t.Fatalf("refusals stored %v (before %v)", got, before)
		}
		partner, err := svc.Setup.CreateOrganization(ctx, newTown("inawashiro", "sato@inawashiro.example"))
		if err != nil {
			t.Fatal(err)
		}
		// The same employee number is fine in another organisation.
		if partner.Admin.EmployeeNumber != res.Admin.EmployeeNumber || partner.Organization.ID == res.Organization.ID {
			t.Fatalf("partner: %+v", partner.Admin)
		}
	})
}

// Two `kinmuchi init` at once on one database: exactly one organisation.
func TestSetupInitTwiceAtOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		ctx := context.Background()
		db := testutil.DB(t, d)
		svc := services.New(services.Config{DB: db.Gorm, JWTSecret: []byte(strings.Repeat("x", 40)), Issuer: "kinmuchi"})
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = svc.Setup.Init(ctx, newTown("town-"+string(rune('a'+i)), "admin"+string(rune('a'+i))+"@town.example"))
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, services.ErrAlreadySetUp):
				t.Errorf("unexpected: %v", err)
			}
		}
		if n := counts(t, db)["organizations"]; ok != 1 || n != 1 {
			t.Fatalf("%d inits succeeded, %d organisations", ok, n)
		}
	})
}

func mustDate(t *testing.T, s string) policies.Date {
	t.Helper()
	d, err := policies.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func equalCounts(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
