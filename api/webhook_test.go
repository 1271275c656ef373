package api_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
