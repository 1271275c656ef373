package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestWebhookToLoopbackIsRefusedAndLoggedByHost: an administrator points the
// webhook at this machine; the delivery is refused before any connection, and
// neither the log nor the stored delivery error holds the URL's path.
func TestWebhookToLoopbackIsRefusedAndLoggedByHost(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnly))
		var hits atomic.Int32
		inside := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
		defer inside.Close()
		const secret = "/webhookb2/7f3e-secret-token"
		e.do(req{method: "PATCH", path: "/api/v1/organization", token: e.login(adminEmail), body: map[string]any{"webhook_url": inside.URL + secret}}).must(t, 200)

		var logs testutil.SyncBuffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		w := e.startWorker(jobs.Options{Log: log, Webhook: &jobs.WebhookSender{RootCAs: receiverPool(inside)}, RetryBase: time.Hour})
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: e.login(empEmail), body: telework([]string{"2026-12-07"}, "general", nil), srv: w.srv}).must(t, 201)

		deadline := time.After(20 * time.Second)
	wait:
		for {
			select {
			case ev := <-w.finished:
				if ev.Job.Kind == (args.Deliver{}).Kind() && ev.Kind == river.EventKindJobFailed {
					var m models.OutboxMessage
					if err := e.db.Gorm.Where("id = ?", outboxIDOf(ev.Job.EncodedArgs)).Take(&m).Error; err != nil {
						t.Fatal(err)
					}
					if m.Channel == models.ChannelWebhook {
						if strings.Contains(m.LastError, "secret") || !strings.Contains(m.LastError, "127.0.0.1") {
							t.Fatalf("stored delivery error: %q", m.LastError)
						}
						break wait
					}
				}
			case <-deadline:
				t.Fatal("no webhook delivery failed")
			}
		}
		if hits.Load() != 0 {
			t.Fatalf("%d posts reached the loopback receiver", hits.Load())
		}
		text := logs.String()
		if strings.Contains(text, "secret") || strings.Contains(text, "webhookb2") {
			t.Fatalf("the log holds the webhook's path:\n%s", text)
		}
		if !strings.Contains(text, "127.0.0.1") {
			t.Fatalf("the log does not name the host:\n%s", text)
		}
	})
}

func outboxIDOf(encoded []byte) string {
	var a args.Deliver
	_ = json.Unmarshal(encoded, &a)
	return a.OutboxID
}

// TestAdministratorTestsTheWebhook: the test post goes through the outbox,
// the delivery job and the guarded sender, as every notice does. An allowed
// receiver gets it and the delivery reads delivered; without the operator's
// allowance the same loopback receiver is refused and the delivery reads
// failing, naming the host only. The test is audited; only an administrator
// may send one, and only once a URL is set.
func TestAdministratorTestsTheWebhook(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		e.do(req{method: "POST", path: "/api/v1/organization/webhook/test", token: admin}).must(t, 422)
		e.do(req{method: "POST", path: "/api/v1/organization/webhook/test", token: e.login(hrEmail)}).must(t, 403)

		var posts atomic.Int32
		var text atomic.Value
		hook := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body struct{ Text string }
			_ = json.NewDecoder(r.Body).Decode(&body)
			text.Store(body.Text)
			posts.Add(1)
		}))
		defer hook.Close()
		const secret = "/webhookb2/test-secret"
		e.do(req{method: "PATCH", path: "/api/v1/organization", token: admin, body: map[string]any{"webhook_url": hook.URL + secret}}).must(t, 200)

		poll := func(w *worker, id, want string) *res {
			t.Helper()
			deadline := time.Now().Add(20 * time.Second)
			for {
				r := e.do(req{method: "GET", path: "/api/v1/organization/webhook/deliveries/" + id, token: admin, srv: w.srv}).must(t, 200)
				if r.str("state") == want {
					return r
				}
				if time.Now().After(deadline) {
					t.Fatalf("delivery %s stays %s, want %s: %s", id, r.str("state"), want, r.body)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}

		refused := e.startWorker(jobs.Options{Webhook: &jobs.WebhookSender{RootCAs: receiverPool(hook)}, RetryBase: time.Hour})
		r := e.do(req{method: "POST", path: "/api/v1/organization/webhook/test", token: admin, srv: refused.srv}).must(t, 202)
		if r.str("state") != "pending" || r.str("host") != "127.0.0.1" || strings.Contains(string(r.body), "secret") {
			t.Fatalf("queued test: %s", r.body)
		}
		failing := poll(refused, r.str("id"), "failing")
		if strings.Contains(string(failing.body), "secret") || !strings.Contains(failing.str("last_error"), "127.0.0.1") || posts.Load() != 0 {
			t.Fatalf("refused delivery: %s (%d posts arrived)", failing.body, posts.Load())
		}
		// The refusing worker stops, so that the next post meets the allowing one.
		sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		if err := refused.q.Stop(sctx); err != nil {
			t.Fatal(err)
		}

		allowed := e.startWorker(jobs.Options{Webhook: &jobs.WebhookSender{Allow: jobs.AllowList{Nets: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}},
			RootCAs: receiverPool(hook)}, RetryBase: time.Hour})
		r = e.do(req{method: "POST", path: "/api/v1/organization/webhook/test", token: admin, srv: allowed.srv}).must(t, 202)
		poll(allowed, r.str("id"), "delivered")
		if posts.Load() != 1 || !strings.Contains(text.Load().(string), "テスト送信") {
			t.Fatalf("%d posts arrived, text %q", posts.Load(), text.Load())
		}

		events := e.walk("/api/v1/audit-events?action=organization.webhook_test", admin)
		if len(events) != 2 || strings.Contains(fmt.Sprint(events), "secret") {
			t.Fatalf("audited tests: %v", events)
		}
		// Another organisation's administrator cannot read the delivery.
		e.do(req{method: "GET", path: "/api/v1/organization/webhook/deliveries/" + r.str("id"), token: e.login(admin2Email)}).must(t, 404)
	})
}
