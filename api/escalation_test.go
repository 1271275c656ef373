package api_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// worker is a job queue with workers on the test's database, and a server
// whose services enqueue through it, as `serve` wires them.
type worker struct {
	q   *jobs.Queue
	srv *api.Server
	svc *services.Services
	// events receives every finished job.
	mu       sync.Mutex
	finished chan *river.Event
}

func (e *env) startWorker(o jobs.Options) *worker {
	e.t.Helper()
	if o.DB == nil {
		o.DB = e.db
	}
	svc := services.New(services.Config{DB: o.DB.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi"})
	o.Services, o.Work = svc, true
	if o.PollInterval == 0 {
		o.PollInterval = 50 * time.Millisecond
	}
	q, err := jobs.New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	svc.UseQueue(q)
	w := &worker{q: q, svc: svc, srv: api.New(api.Deps{Services: svc, DB: o.DB.SQL, PublicURL: testPublicURL})}
	events, cancel := q.Client().Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
	w.finished = make(chan *river.Event, 1000)
	go func() {
		for ev := range events {
			w.finished <- ev
		}
	}()
	ctx := context.Background()
	if err := q.Start(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		sctx, c := context.WithTimeout(ctx, 10*time.Second)
		defer c()
		_ = q.Stop(sctx)
		cancel()
	})
	return w
}

// escalate runs the escalation job once, through River, and waits for it.
func (w *worker) escalate(t *testing.T) { w.run(t, args.Escalate{}) }

// run inserts one job and waits until River finished it.
func (w *worker) run(t *testing.T, job river.JobArgs) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.q.Insert(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev := <-w.finished:
			if ev.Job.Kind != job.Kind() {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("%s job %s: %v", job.Kind(), ev.Kind, ev.Job.Errors)
			}
			return
		case <-deadline:
			t.Fatalf("the %s job did not finish", job.Kind())
		}
	}
}

// notices returns the kinds of the person's notifications, oldest first.
func (e *env) notices(email string) []string {
	e.t.Helper()
	r := e.do(req{method: "GET", path: "/api/v1/notifications?limit=200", token: e.login(email)}).must(e.t, 200)
	var out []string
	items := r.items()
	for i := len(items) - 1; i >= 0; i-- {
		out = append(out, items[i]["kind"].(string))
	}
	return out
}

func countOf(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

const supervisorOnly = "    - name: supervisor\n      approvers: [supervisor]\n"

func TestEscalation(t *testing.T) {
	// start is Tuesday 2026-12-01 09:00 in Tokyo; office hours are 08:30–17:15.
	for _, tc := range []struct {
		name     string
		route    string
		deputy   bool
		toEmail  string
		wantKind string
	}{
		{"to the deputy", twoStepsAndHR, true, otherEmail, "deputy"},
		{"to the next approver", twoStepsAndHR, false, headEmail, "next_approver"},
		{"to HR", supervisorOnly, false, hrEmail, "hr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
				e := newEnv(t, d)
				e.storePolicy(withRoute(tc.route))
				w := e.startWorker(jobs.Options{})
				emp, sup := e.login(empEmail), e.login(supEmail)
				if tc.deputy {
					e.do(req{method: "POST", path: "/api/v1/delegations", token: sup, body: map[string]any{
						"deputy_id": e.fx.other, "starts_on": "2026-12-01", "ends_on": "2026-12-31"}}).must(t, 201)
				}
				r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
				id, task := r.str("id"), taskAt(r, 0)
				if got := e.notices(supEmail); countOf(got, "approval_requested") != 1 {
					t.Fatalf("the supervisor was not told of the new task: %v", got)
				}

				e.clock.Set(start.Add(3*time.Hour + 59*time.Minute))
				w.escalate(t)
				if got := e.notices(supEmail); countOf(got, "approval_reminder") != 0 {
					t.Fatalf("reminded before 4 office hours: %v", got)
				}
				e.clock.Set(start.Add(4 * time.Hour)) // 13:00
				w.escalate(t)
				w.escalate(t)
				if got := e.notices(supEmail); countOf(got, "approval_reminder") != 1 {
					t.Fatalf("want one reminder after 4 office hours: %v", got)
				}
				e.clock.Set(start.Add(7*time.Hour + 59*time.Minute))
				w.escalate(t)
				if r := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + id, token: e.login(empEmail)}).must(t, 200); taskAt(r, 0)["approver_id"] != e.fx.sup {
					t.Fatal("escalated before the limit")
				}

				e.clock.Set(start.Add(8 * time.Hour)) // 17:00: 8 office hours
				w.escalate(t)
				w.escalate(t) // a second run must not escalate again
				r = e.do(req{method: "GET", path: "/api/v1/telework-requests/" + id, token: e.login(empEmail)}).must(t, 200)
				got := taskAt(r, 0)
				to := map[string]string{otherEmail: e.fx.other, headEmail: e.fx.head, hrEmail: e.fx.hr}[tc.toEmail]
				if got["id"] != task["id"] || got["approver_id"] != to || got["status"] != "pending" || got["escalated_from"] != e.fx.sup ||
					got["approver_kind"] != tc.wantKind || got["escalated_at"] == nil || got["reminded_at"] != nil {
					t.Fatalf("task after escalation: %v, want approver %s", got, to)
				}
				if n := countOf(e.notices(tc.toEmail), "approval_escalated"); n != 1 {
					t.Fatalf("the new approver was told %d times", n)
				}
				if n := countOf(e.notices(supEmail), "task_escalated_away"); n != 1 {
					t.Fatalf("the original approver was told %d times", n)
				}
				if n := countOf(e.notices(empEmail), "request_escalated"); n != 1 {
					t.Fatalf("the applicant was told %d times", n)
				}
				var audits []models.AuditEvent
				if err := e.db.Gorm.Where("action = ?", "approval_task.escalate").Find(&audits).Error; err != nil || len(audits) != 1 {
					t.Fatalf("escalation audit events: %d %v", len(audits), err)
				}
				if !strings.Contains(string(audits[0].After), tc.wantKind) {
					t.Fatalf("audit: %s, want %s", audits[0].After, tc.wantKind)
				}
				// The original approver no longer may; the new approver decides it.
				e.decideTask(e.login(supEmail), task["id"].(string), "approve", nil, 403)
				e.decideTask(e.login(tc.toEmail), task["id"].(string), "approve", nil, 200)
			})
		})
	}
}

func TestNoEscalationWhenDecidedInTime(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnly))
		w := e.startWorker(jobs.Options{})
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: e.login(empEmail), body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		e.clock.Set(start.Add(2 * time.Hour))
		e.decideTask(e.login(supEmail), taskAt(r, 0)["id"].(string), "approve", nil, 200)
		e.clock.Set(start.Add(72 * time.Hour))
		w.escalate(t)
		if got := e.notices(supEmail); countOf(got, "approval_reminder")+countOf(got, "task_escalated_away") != 0 {
			t.Fatalf("the approver was chased after deciding: %v", got)
		}
		if got := e.notices(empEmail); countOf(got, "request_approved") != 1 || countOf(got, "request_escalated") != 0 {
			t.Fatalf("applicant's notifications: %v", got)
		}
		var n int64
		if err := e.db.Gorm.Model(&models.AuditEvent{}).Where("action = ?", "approval_task.escalate").Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d escalations (%v)", n, err)
		}
	})
}
