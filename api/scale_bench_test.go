package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/models" // the benchmark opens the generated database itself
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// countingWriter is a response that keeps nothing but its size, so that
// the memory measured is the server's, not a recorder's copy of the file.
type countingWriter struct {
	header http.Header
	n      atomic.Int64
}

func (w *countingWriter) Header() http.Header         { return w.header }
func (w *countingWriter) WriteHeader(int)             {}
func (w *countingWriter) Write(p []byte) (int, error) { w.n.Add(int64(len(p))); return len(p), nil }

// BenchmarkScaleLedgerXLSX downloads a year's ledger as XLSX through the
// handler, for the generated municipality's large 部 (about 5,000 people)
// and for one 課 of it (a few hundred), sampling the heap every 10 ms. The
// peak heap in use must not grow with the people written: the ledger is
// read 500 people at a time and excelize's stream writer spills rows to a
// temporary file. Needs KINMUCHI_BENCH_SCALE_URL (see `make bench-scale`).
func BenchmarkScaleLedgerXLSX(b *testing.B) {
	url := os.Getenv("KINMUCHI_BENCH_SCALE_URL")
	if url == "" {
		b.Skip("KINMUCHI_BENCH_SCALE_URL is unset: run `make bench-scale`")
	}
	ctx := context.Background()
	db, err := models.Open(ctx, models.OpenOptions{URL: url, MaxConns: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := services.New(services.Config{DB: db.Gorm, Clock: clock.System{}, JWTSecret: []byte("bench-secret-long-enough-for-hs256!!"), Issuer: "kinmuchi"})
	s := New(Deps{Services: svc, DB: db.SQL})
	var hr struct{ ID, OrganizationID string }
	if err := db.Gorm.Raw(`SELECT e.id, e.organization_id FROM employees e JOIN employee_roles r ON r.employee_id = e.id AND r.role = 'hr'
		JOIN organizations o ON o.id = e.organization_id WHERE o.slug = 'gen-city' ORDER BY e.employee_number LIMIT 1`).Scan(&hr).Error; err != nil || hr.ID == "" {
		b.Fatalf("no HR officer of gen-city (run kinmuchi gen-demo first): %v", err)
	}
	actor := &services.Actor{EmployeeID: hr.ID, OrganizationID: hr.OrganizationID, Roles: []policies.Role{policies.RoleEmployee, policies.RoleHR}}
	// The 部 with the most staff, and its first 課.
	var big struct{ Bureau, Division string }
	if err := db.Gorm.Raw(`SELECT b.id AS bureau, (SELECT c.id FROM departments c WHERE c.parent_id = b.id ORDER BY c.code LIMIT 1) AS division
		FROM departments b JOIN departments c ON c.parent_id = b.id LEFT JOIN departments s ON s.parent_id = c.id
		JOIN employees e ON e.department_id IN (b.id, c.id, s.id)
		WHERE b.organization_id = ? AND b.parent_id IS NULL GROUP BY b.id ORDER BY count(DISTINCT e.id) DESC LIMIT 1`, hr.OrganizationID).Scan(&big).Error; err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	from := time.Date(now.Year()-1, now.Month(), 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, -1)
	for _, c := range []struct{ name, dept string }{{"bureau", big.Bureau}, {"division", big.Division}} {
		b.Run(c.name, func(b *testing.B) {
			var bytes int64
			var peak, base uint64
			people, err := countPeople(ctx, svc, actor, c.dept, policies.DateOf(from), policies.DateOf(to))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base = ms.HeapInuse
				done := make(chan struct{})
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					t := time.NewTicker(10 * time.Millisecond)
					defer t.Stop()
					for {
						select {
						case <-done:
							return
						case <-t.C:
							var m runtime.MemStats
							runtime.ReadMemStats(&m)
							peak = max(peak, m.HeapInuse)
						}
					}
				}()
				req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/attendance?format=xlsx&from=%s&to=%s&department_id=%s",
					from.Format(time.DateOnly), to.Format(time.DateOnly), c.dept), nil)
				w := &countingWriter{header: http.Header{}}
				ec := s.e.NewContext(req, w)
				ec.Set(actorKey, actor)
				err := s.attendance(ec)
				close(done)
				wg.Wait()
				if err != nil {
					b.Fatal(err)
				}
				bytes = w.n.Load()
			}
			b.ReportMetric(float64(people), "people")
			b.ReportMetric(float64(people*int64(to.Sub(from).Hours()/24+1)), "person-days")
			b.ReportMetric(float64(bytes)/1e6, "xlsx-MB")
			b.ReportMetric(float64(peak-min(base, peak))/1e6, "peak-heap-growth-MB")
		})
	}
}

// countPeople counts the people the download lists.
func countPeople(ctx context.Context, svc *services.Services, actor *services.Actor, dept string, from, to policies.Date) (int64, error) {
	var n int64
	last := ""
	err := svc.Ledger.EachAttendance(ctx, actor, services.AttendanceQuery{DepartmentID: dept}, from, to, 0,
		func(a services.AttendanceDay) error {
			if a.EmployeeID != last {
				n, last = n+1, a.EmployeeID
			}
			return nil
		})
	return n, err
}
