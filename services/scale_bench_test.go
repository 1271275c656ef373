package services

import (
	"context"
	"os"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// The scale benchmarks run on a database that `kinmuchi gen-demo` filled
// (50,000 staff, 500 departments, a year), named by KINMUCHI_BENCH_SCALE_URL;
// `make bench-scale` starts a durable PostgreSQL cluster, generates the data
// and runs them. Without the variable they are skipped. docs/BENCHMARKS.md
// records the figures.

// scaleBench is the generated organisation as HR sees it.
type scaleBench struct {
	svc   *Services
	db    *gorm.DB
	hr    *Actor
	month [2]string // the last full month before today
	dept  string    // a 課 with 係 under it
}

func newScaleBench(b *testing.B) *scaleBench {
	b.Helper()
	url := os.Getenv("KINMUCHI_BENCH_SCALE_URL")
	if url == "" {
		b.Skip("KINMUCHI_BENCH_SCALE_URL is unset: run `make bench-scale`")
	}
	ctx := context.Background()
	db, err := models.Open(ctx, models.OpenOptions{URL: url, MaxConns: 4})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := New(Config{DB: db.Gorm, Clock: clock.System{}, JWTSecret: []byte("bench-secret-long-enough-for-hs256!!"), Issuer: "kinmuchi"})
	var hr struct{ ID, OrganizationID string }
	err = db.Gorm.Raw(`SELECT e.id, e.organization_id FROM employees e JOIN employee_roles r ON r.employee_id = e.id AND r.role = 'hr'
		JOIN organizations o ON o.id = e.organization_id WHERE o.slug = 'gen-city' ORDER BY e.employee_number LIMIT 1`).Scan(&hr).Error
	if err != nil || hr.ID == "" {
		b.Fatalf("no HR officer of gen-city in the database (run kinmuchi gen-demo first): %v", err)
	}
	s := &scaleBench{svc: svc, db: db.Gorm, hr: &Actor{EmployeeID: hr.ID, OrganizationID: hr.OrganizationID,
		Roles: []policies.Role{policies.RoleEmployee, policies.RoleHR}}}
	now := time.Now()
	first := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	s.month = [2]string{first.Format(time.DateOnly), first.AddDate(0, 1, -1).Format(time.DateOnly)}
	err = db.Gorm.Raw(`SELECT d.id FROM departments d WHERE d.organization_id = ? AND d.kind = 'division' AND NOT d.counter_work
		AND EXISTS (SELECT 1 FROM departments c WHERE c.parent_id = d.id) ORDER BY d.code LIMIT 1`, hr.OrganizationID).Scan(&s.dept).Error
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkScaleRatioMonth is the monthly ratio report of the whole
// organisation (every department, rolled up), as HR's dashboard asks it.
func BenchmarkScaleRatioMonth(b *testing.B) {
	s := newScaleBench(b)
	ctx := context.Background()
	q := RatioQuery{From: s.month[0], To: s.month[1], Group: "month"}
	b.ResetTimer()
	for b.Loop() {
		rep, err := s.svc.Reports.Ratio(ctx, s.hr, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Rows) < 100 {
			b.Fatalf("only %d rows", len(rep.Rows))
		}
	}
}

// BenchmarkScaleRatioDepartmentMonth is one 課 (with its 係) for a month.
func BenchmarkScaleRatioDepartmentMonth(b *testing.B) {
	s := newScaleBench(b)
	ctx := context.Background()
	q := RatioQuery{From: s.month[0], To: s.month[1], Group: "month", DepartmentID: s.dept}
	for b.Loop() {
		rep, err := s.svc.Reports.Ratio(ctx, s.hr, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Rows) < 2 {
			b.Fatalf("only %d rows", len(rep.Rows))
		}
	}
}

// scaleTargets are live full telework days (person, day) that have no leave
// yet: entering a day's leave on one of them moves both the counters and
// the ledger.
func (s *scaleBench) scaleTargets(b *testing.B, n int) [][2]string {
	var rows []struct {
		EmployeeID string
		Day        models.Day
	}
	err := s.db.Raw(`SELECT d.employee_id, d.day FROM telework_request_days d WHERE d.organization_id = ? AND d.active AND d.unit = 'full'
		AND NOT EXISTS (SELECT 1 FROM staff_days x WHERE x.employee_id = d.employee_id AND x.day = d.day)
		ORDER BY md5(d.request_id::text || d.day::text) LIMIT ?`, s.hr.OrganizationID, n).Scan(&rows).Error
	if err != nil {
		b.Fatal(err)
	}
	out := make([][2]string, len(rows))
	for i, r := range rows {
		out[i] = [2]string{r.EmployeeID, r.Day.String()}
	}
	return out
}

// BenchmarkScaleKeepDay is keeping one day's change on write: a day of
// leave stored on a day the person teleworks, then what the write path does
// in the same transaction (the attendance counter, the ledger's entry),
// committed with fsync on. keep-µs/op is the part after storing the leave
// (leaveChanged: counters and refreshWorkDays).
func BenchmarkScaleKeepDay(b *testing.B) {
	s := newScaleBench(b)
	ctx := context.Background()
	targets := s.scaleTargets(b, 20000)
	var keep time.Duration
	i := 0
	for b.Loop() {
		t := targets[i%len(targets)]
		i++
		err := s.svc.StaffDays.tx(ctx, func(tx *gorm.DB) error {
			before, err := fullLeave(ctx, tx, s.hr.OrganizationID, t[0], []string{t[1]})
			if err != nil {
				return err
			}
			row := models.StaffDay{OrganizationID: s.hr.OrganizationID, EmployeeID: t[0], Day: models.Day(t[1]), Kind: models.StaffLeave,
				Portion: "full", CreatedBy: &s.hr.EmployeeID, CreatedAt: time.Now()}
			if err := (models.StaffDays{}).Upsert(ctx, tx, []models.StaffDay{row}); err != nil {
				return err
			}
			start := time.Now()
			err = s.svc.StaffDays.leaveChanged(ctx, tx, s.hr.OrganizationID, t[0], []string{t[1]}, before)
			keep += time.Since(start)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(keep.Microseconds())/float64(b.N), "keep-µs/op")
}

// BenchmarkScaleLeaveEntered is the same change through the use case HR
// calls (PUT /api/v1/staff-days): checks, the leave, counters, ledger and
// the audit event, in one transaction.
func BenchmarkScaleLeaveEntered(b *testing.B) {
	s := newScaleBench(b)
	ctx := context.Background()
	targets := s.scaleTargets(b, 20000)
	i := 0
	for b.Loop() {
		t := targets[i%len(targets)]
		i++
		if _, err := s.svc.StaffDays.Put(ctx, s.hr, []StaffDayInput{{EmployeeID: t[0], Date: t[1], Kind: "leave", Portion: "full"}}); err != nil {
			b.Fatal(err)
		}
	}
}
