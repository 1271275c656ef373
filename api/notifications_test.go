package api_test

import (
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

func TestNotifications(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnly))
		emp, sup := e.login(empEmail), e.login(supEmail)
		secret := "母の通院に付き添うため"
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", map[string]any{"note": secret})}).must(t, 201)

		r := e.do(req{method: "GET", path: "/api/v1/notifications", token: sup, headers: map[string]string{"Accept-Language": "en"}}).must(t, 200)
		items := r.items()
		if len(items) != 1 || items[0]["kind"] != "approval_requested" || items[0]["read"] != false || r.json["unread_count"].(float64) != 1 {
			t.Fatalf("supervisor's notifications: %s", r.body)
		}
		if title := items[0]["title"].(string); title != "Telework request to approve" {
			t.Fatalf("English title: %q", title)
		}
		if body := items[0]["body"].(string); !strings.Contains(body, "Mon 7 Dec 2026") {
			t.Fatalf("body without the date in words: %q", body)
		}
		ja := e.do(req{method: "GET", path: "/api/v1/notifications", token: sup}).must(t, 200).items()[0]
		if ja["title"] != "在宅勤務申請の承認依頼" || !strings.Contains(ja["body"].(string), "（2026年12月7日（月））") {
			t.Fatalf("Japanese title and body: %v %v", ja["title"], ja["body"])
		}
		// Neither the notification nor the outbox carries the note.
		var leaks int64
		e.db.Gorm.Model(&models.Notification{}).Where("body_ja LIKE ? OR body_en LIKE ?", "%通院%", "%通院%").Count(&leaks)
		var outLeaks int64
		e.db.Gorm.Model(&models.OutboxMessage{}).Where("payload LIKE ?", "%通院%").Count(&outLeaks)
		if leaks+outLeaks != 0 {
			t.Fatal("the request's note reached a notification")
		}
		var outbox []models.OutboxMessage
		e.db.Gorm.Find(&outbox)
		if len(outbox) != 1 || outbox[0].Channel != models.ChannelEmail || outbox[0].Target != supEmail || outbox[0].IdempotencyKey == "" {
			t.Fatalf("outbox: %+v", outbox)
		}
		// The e-mail leads the approver to the inbox: a path only, made a link
		// with the configured public address when sent, never with a Host header.
		if !strings.Contains(outbox[0].Payload, `"path":"/approvals"`) || strings.Contains(outbox[0].Payload, "http") {
			t.Fatalf("outbox payload: %s", outbox[0].Payload)
		}

		id := items[0]["id"].(string)
		e.do(req{method: "POST", path: "/api/v1/notifications/" + id + "/read", token: emp}).must(t, 404)
		e.do(req{method: "POST", path: "/api/v1/notifications/" + id + "/read", token: e.login(otherEmail)}).must(t, 404)
		read := e.do(req{method: "POST", path: "/api/v1/notifications/" + id + "/read", token: sup}).must(t, 200)
		if read.json["read"] != true || read.json["read_at"] == nil {
			t.Fatalf("read: %s", read.body)
		}
		again := e.do(req{method: "POST", path: "/api/v1/notifications/" + id + "/read", token: sup}).must(t, 200)
		if again.json["read_at"] != read.json["read_at"] {
			t.Fatal("reading again changed read_at")
		}
		if c := e.do(req{method: "GET", path: "/api/v1/notifications/unread-count", token: sup}).must(t, 200); c.json["unread_count"].(float64) != 0 {
			t.Fatalf("unread: %s", c.body)
		}
		if l := e.do(req{method: "GET", path: "/api/v1/notifications?unread=true", token: sup}).must(t, 200); len(l.items()) != 0 {
			t.Fatal("a read notification listed as unread")
		}
		e.do(req{method: "GET", path: "/api/v1/notifications?unread=maybe", token: sup}).must(t, 400)
		// The applicant hears of the decision.
		r2 := e.do(req{method: "GET", path: "/api/v1/telework-requests?limit=1", token: emp}).must(t, 200)
		reqID := r2.items()[0]["id"].(string)
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + reqID + "/reject", token: sup, body: map[string]any{"comment": "業務都合"}}).must(t, 200)
		if got := e.notices(empEmail); len(got) != 1 || got[0] != "request_rejected" {
			t.Fatalf("applicant's notifications: %v", got)
		}
	})
}

func TestOrganizationWebhookURL(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp := e.login(adminEmail), e.login(empEmail)
		e.do(req{method: "PATCH", path: "/api/v1/organization", token: admin, body: map[string]any{"webhook_url": "http://example.com/hook"}}).must(t, 422)
		r := e.do(req{method: "PATCH", path: "/api/v1/organization", token: admin, body: map[string]any{"webhook_url": "https://example.webhook.office.com/webhookb2/x"}}).must(t, 200)
		if r.json["webhook_url"] != "https://example.webhook.office.com/webhookb2/x" {
			t.Fatalf("admin's view: %s", r.body)
		}
		if g := e.do(req{method: "GET", path: "/api/v1/organization", token: emp}).must(t, 200); g.json["webhook_url"] != nil {
			t.Fatalf("an employee sees the webhook URL: %s", g.body)
		}
		e.do(req{method: "PATCH", path: "/api/v1/organization", token: emp, body: map[string]any{"webhook_url": ""}}).must(t, 403)
		if g := e.do(req{method: "PATCH", path: "/api/v1/organization", token: admin, body: map[string]any{"webhook_url": nil}}).must(t, 200); g.json["webhook_url"] != "" {
			t.Fatalf("cleared: %s", g.body)
		}
	})
}
