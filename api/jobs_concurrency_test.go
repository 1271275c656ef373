package api_test

import (
	"context"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// receiver is a webhook endpoint that fails the first post of every
// Idempotency-Key and accepts the next.
type receiver struct {
	mu       sync.Mutex
	attempts map[string]int // posts per key
	accepted map[string]int // posts answered 2xx per key
	missing  int            // posts without a key
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	key := r.Header.Get("Idempotency-Key")
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if key == "" || r.Header.Get("Content-Type") != "application/json" {
		rc.missing++
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	rc.attempts[key]++
	if rc.attempts[key] == 1 {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	rc.accepted[key]++
	w.WriteHeader(http.StatusOK)
}

// receiverPool trusts a local test receiver's certificate.
func receiverPool(srv *httptest.Server) *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return pool
}

func TestThreeWorkerProcessesEscalateAndDeliverOnce(t *testing.T) {
	e := newEnv(t, models.Postgres, 60)
	e.storePolicy(withRoute(supervisorOnly))
	rc := &receiver{attempts: map[string]int{}, accepted: map[string]int{}}
	hook := httptest.NewTLSServer(rc)
	defer hook.Close()

	emp := e.login(empEmail)
	dates := []string{"2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17"}
	for _, d := range dates {
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{d}, "general", nil)}).must(t, 201)
	}
	e.do(req{method: "PATCH", path: "/api/v1/organization", token: e.login(adminEmail), body: map[string]any{"webhook_url": hook.URL + "/teams"}}).must(t, 200)

	// Three processes on the one database: each its own connection pool,
	// River client and workers.
	ws := e.workerProcesses(3, jobs.Options{MaxWorkers: 8, Webhook: &jobs.WebhookSender{Allow: jobs.AllowList{Nets: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}, RootCAs: receiverPool(hook)}, RetryBase: 100 * time.Millisecond})
	e.clock.Set(start.Add(26 * time.Hour)) // the next day 11:00: every task is overdue
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for range 2 {
				if err := w.q.Insert(context.Background(), args.Escalate{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	waitFor(t, 60*time.Second, "the escalation jobs", func() bool {
		var n int64
		e.db.Gorm.Table("river_job").Where("kind = ? AND state = ?", (args.Escalate{}).Kind(), "completed").Count(&n)
		return n == 6
	})
	var escalations []models.AuditEvent
	if err := e.db.Gorm.Where("action = ?", "approval_task.escalate").Find(&escalations).Error; err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range escalations {
		seen[a.TargetID]++
	}
	if len(escalations) != len(dates) || len(seen) != len(dates) {
		t.Fatalf("%d escalations of %d tasks, want each of %d tasks once", len(escalations), len(seen), len(dates))
	}
	var moved int64
	e.db.Gorm.Model(&models.ApprovalTask{}).Where("status = ? AND approver_id = ? AND escalated_from = ?", policies.TaskPending, e.fx.hr, e.fx.sup).Count(&moved)
	if moved != int64(len(dates)) {
		t.Fatalf("%d tasks passed to HR, want %d", moved, len(dates))
	}

	// Every escalation tells three people: three webhook posts each.
	var hooks []models.OutboxMessage
	waitFor(t, 90*time.Second, "the webhook deliveries", func() bool {
		hooks = nil
		e.db.Gorm.Where("channel = ?", models.ChannelWebhook).Find(&hooks)
		for _, m := range hooks {
			if m.DeliveredAt == nil {
				return false
			}
		}
		return len(hooks) == 3*len(dates)
	})
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.missing != 0 {
		t.Fatalf("%d posts came without an Idempotency-Key or JSON", rc.missing)
	}
	if len(rc.accepted) != len(hooks) {
		t.Fatalf("%d keys accepted, want %d", len(rc.accepted), len(hooks))
	}
	for _, m := range hooks {
		if rc.accepted[m.IdempotencyKey] != 1 || rc.attempts[m.IdempotencyKey] != 2 {
			t.Errorf("outbox %s: %d attempts, %d accepted; want the failed post retried once with the same key",
				m.ID, rc.attempts[m.IdempotencyKey], rc.accepted[m.IdempotencyKey])
		}
		if m.Attempts != 2 {
			t.Errorf("outbox %s records %d attempts, want 2", m.ID, m.Attempts)
		}
	}
	// E-mails went to the log sender once each.
	var undelivered int64
	e.db.Gorm.Model(&models.OutboxMessage{}).Where("channel = ? AND delivered_at IS NULL AND created_at > ?", models.ChannelEmail, start).Count(&undelivered)
	if undelivered != 0 {
		t.Fatalf("%d e-mails of the escalations undelivered", undelivered)
	}
}

func waitFor(t *testing.T, limit time.Duration, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
