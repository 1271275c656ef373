package services

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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
	svc        *Services
	db         *gorm.DB
	hr         *Actor
	month      [2]string // the last full month before today
	dept       string    // a 課 with 係 under it
	postmaster int       // the local PostgreSQL's postmaster, 0 when not found
}

// cpuTime is the processor time spent so far by this process and by the
// local PostgreSQL cluster (its backends, and through the postmaster's
// reaped children the parallel workers that have exited). On a machine
// shared with other work, wall-clock times grow with the load average;
// processor times much less, so the benchmarks report both (cpu-ms/op).
func (s *scaleBench) cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if s.postmaster == 0 || syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	total := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		pid, ppid, cpu, ok := procStat(path)
		if !ok {
			continue
		}
		if ppid == s.postmaster {
			total += time.Duration(cpu[0]+cpu[1]) * tick
		}
		if pid == s.postmaster {
			total += time.Duration(cpu[0]+cpu[1]+cpu[2]+cpu[3]) * tick
		}
	}
	return total, true
}

// procStat reads a /proc/<pid>/stat: the pid, the parent's and utime,
// stime, cutime, cstime in clock ticks.
func procStat(path string) (pid, ppid int, cpu [4]int64, ok bool) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, cpu, false
	}
	text := string(raw)
	end := strings.LastIndexByte(text, ')') // the command may hold spaces
	if end < 0 {
		return 0, 0, cpu, false
	}
	pid, _ = strconv.Atoi(strings.TrimSpace(text[:strings.IndexByte(text, '(')]))
	f := strings.Fields(text[end+1:]) // f[0] is the state, f[1] the parent
	if len(f) < 15 {
		return 0, 0, cpu, false
	}
	ppid, _ = strconv.Atoi(f[1])
	for i := range cpu {
		cpu[i], _ = strconv.ParseInt(f[11+i], 10, 64)
	}
	return pid, ppid, cpu, true
}

// measure runs op b.N times and reports the processor time per run beside
// the benchmark's wall-clock time.
func (s *scaleBench) measure(b *testing.B, op func()) {
	before, ok := s.cpuTime()
	for b.Loop() {
		op()
	}
	if after, ok2 := s.cpuTime(); ok && ok2 {
		b.ReportMetric(float64(after-before)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
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
	var backend int
	if db.Gorm.Raw(`SELECT pg_backend_pid()`).Scan(&backend).Error == nil {
		if _, ppid, _, ok := procStat(filepath.Join("/proc", strconv.Itoa(backend), "stat")); ok {
			s.postmaster = ppid
		}
	}
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
	s.measure(b, func() {
		rep, err := s.svc.Reports.Ratio(ctx, s.hr, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Rows) < 100 {
			b.Fatalf("only %d rows", len(rep.Rows))
		}
	})
}

// BenchmarkScaleRatioDepartmentMonth is one 課 (with its 係) for a month.
func BenchmarkScaleRatioDepartmentMonth(b *testing.B) {
	s := newScaleBench(b)
	ctx := context.Background()
	q := RatioQuery{From: s.month[0], To: s.month[1], Group: "month", DepartmentID: s.dept}
	s.measure(b, func() {
		rep, err := s.svc.Reports.Ratio(ctx, s.hr, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Rows) < 2 {
			b.Fatalf("only %d rows", len(rep.Rows))
		}
	})
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
// (leaveChanged: counters and refreshWorkDays); cpu-ms/op is the processor
// time of the whole transaction, this process's and PostgreSQL's.
func BenchmarkScaleKeepDay(b *testing.B) {
	s := newScaleBench(b)
	ctx := context.Background()
	targets := s.scaleTargets(b, 20000)
	var keep time.Duration
	i := 0
	s.measure(b, func() {
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
	})
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
	s.measure(b, func() {
		t := targets[i%len(targets)]
		i++
		if _, err := s.svc.StaffDays.Put(ctx, s.hr, []StaffDayInput{{EmployeeID: t[0], Date: t[1], Kind: "leave", Portion: "full"}}); err != nil {
			b.Fatal(err)
		}
	})
}
