package gendemo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/gendemo"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// A small municipality generated in bulk is what the write path would have
// made: a rebuild of its whole period repairs nothing, the counters agree
// with the ledger, and the figures look like a city hall's.
func TestGenerateSmallMunicipality(t *testing.T) {
	ctx := context.Background()
	db := testutil.DB(t, models.Postgres)
	today, _ := policies.ParseDate("2026-05-15")
	res, err := gendemo.Run(ctx, db, gendemo.Options{Employees: 300, Departments: 20, Days: 60, Today: today, Sample: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Employees != 300 || res.Departments != 20 || res.VerifiedStaff != 50 {
		t.Fatalf("made %d employees and %d departments, verified %d", res.Employees, res.Departments, res.VerifiedStaff)
	}
	// The 1 April transfers fall inside the period, so the ledger and the
	// counters had to follow them.
	if res.TransferDay.String() != "2026-04-01" || res.Transfers < 10 || res.Transfers > 20 {
		t.Fatalf("%d transfers on %s, want ~5 %% of 300 on 2026-04-01", res.Transfers, res.TransferDay)
	}

	clk := clock.NewFixed(time.Date(2026, 5, 15, 9, 0, 0, 0, time.UTC))
	svc := services.New(services.Config{DB: db.Gorm, Clock: clk, JWTSecret: []byte("test-secret-long-enough-for-hs256!!!"), Issuer: "kinmuchi"})
	repairs, err := svc.Ledger.Rebuild(ctx, res.Slug, res.From, res.To)
	if err != nil {
		t.Fatal(err)
	}
	if len(repairs) > 0 {
		t.Fatalf("the rebuild repaired %d entries, e.g. %+v", len(repairs), repairs[0])
	}
	bad, err := gendemo.CheckCounters(ctx, db.Gorm, res.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("counters disagree with the ledger: %v", bad)
	}

	// Who moved counts for the old department before the day and the new
	// one from it, in the ledger as in the history.
	var wrong int64
	if err := db.Gorm.Raw(`SELECT count(*) FROM work_days w JOIN assignments a ON a.employee_id = w.employee_id
		AND a.valid_from <= w.day AND (a.valid_to IS NULL OR a.valid_to > w.day) WHERE w.department_id <> a.department_id`).Scan(&wrong).Error; err != nil {
		t.Fatal(err)
	}
	if wrong > 0 {
		t.Fatalf("%d ledger entries name another department than the history", wrong)
	}

	// Realism: about 8 % of office days on leave; telework only outside
	// counter sections; pending requests only from today on.
	var f struct{ Leave, Days, CounterRemote, PastPending int64 }
	if err := db.Gorm.Raw(`SELECT
		(SELECT count(*) FROM staff_days WHERE organization_id = ? AND kind = 'leave') AS leave,
		(SELECT count(*) FROM work_days WHERE organization_id = ? AND location IN ('home', 'satellite', 'elsewhere')) AS days,
		(SELECT count(*) FROM telework_request_days d JOIN departments p ON p.id = d.department_id WHERE p.counter_work) AS counter_remote,
		(SELECT count(*) FROM telework_requests r WHERE r.status = 'pending' AND r.submitted_at < ?) AS past_pending`,
		res.OrganizationID, res.OrganizationID, time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC)).Scan(&f).Error; err != nil {
		t.Fatal(err)
	}
	personDays := int64(res.Employees) * int64(res.OfficeDays)
	if share := float64(f.Leave) / float64(personDays); share < 0.05 || share > 0.11 {
		t.Errorf("leave on %.1f %% of office days, want about 8 %%", share*100)
	}
	if f.Days == 0 || f.CounterRemote != 0 || f.PastPending != 0 {
		t.Errorf("remote ledger days %d, telework in counter sections %d, pending requests submitted long ago %d", f.Days, f.CounterRemote, f.PastPending)
	}

	// The reports read it: HR's monthly ratio shows every department, the
	// counter sections as excluded rather than 100 %.
	var hr struct{ ID string }
	if err := db.Gorm.Raw(`SELECT employee_id AS id FROM employee_roles WHERE organization_id = ? AND role = 'hr' LIMIT 1`, res.OrganizationID).Scan(&hr).Error; err != nil {
		t.Fatal(err)
	}
	rep, err := svc.Reports.Ratio(ctx, &services.Actor{EmployeeID: hr.ID, OrganizationID: res.OrganizationID,
		Roles: []policies.Role{policies.RoleEmployee, policies.RoleHR}}, services.RatioQuery{From: "2026-04-01", To: "2026-04-30"})
	if err != nil {
		t.Fatal(err)
	}
	excluded := 0
	for _, r := range rep.Rows {
		if r.Excluded {
			excluded++
		}
	}
	if len(rep.Rows) != res.Departments || excluded == 0 {
		t.Fatalf("%d rows for %d departments, %d excluded", len(rep.Rows), res.Departments, excluded)
	}
}

// The embedded SQLite database is refused with a message that says what to
// use instead, before anything is written.
func TestGenerateRefusesSQLite(t *testing.T) {
	db := testutil.DB(t, models.SQLite)
	_, err := gendemo.Run(context.Background(), db, gendemo.Options{Employees: 300, Departments: 20, Days: 30})
	if !errors.Is(err, gendemo.ErrNotPostgres) {
		t.Fatalf("got %v, want ErrNotPostgres", err)
	}
	var n int64
	if err := db.Gorm.Raw(`SELECT count(*) FROM organizations`).Scan(&n).Error; err != nil || n != 0 {
		t.Fatalf("%d organisations written (%v)", n, err)
	}
}
