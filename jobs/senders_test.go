package jobs

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/services"
)

func message(lang string) *services.OutboxMessage {
	return &services.OutboxMessage{ID: "01a0-id", Channel: "email", Target: "kacho@example.lg.jp", IdempotencyKey: "01a0-key",
		Payload: services.OutboxPayload{Kind: "approval_requested", Language: lang, TitleJa: "在宅勤務申請の承認依頼", TitleEn: "Telework request to approve",
			BodyJa: "職員 太郎さんの在宅勤務申請の承認をお願いします。", BodyEn: "Please decide.", Path: "/approvals"}}
}

// fakeSMTP accepts one message and returns what was sent as DATA.
func fakeSMTP(t *testing.T) (host string, port int, got chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got = make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		rd := bufio.NewReader(c)
		say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
		say("220 fake")
		var data strings.Builder
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 fake")
			case strings.HasPrefix(cmd, "DATA"):
				say("354 go on")
				for {
					l, err := rd.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				say("250 queued")
				got <- data.String()
			case strings.HasPrefix(cmd, "QUIT"):
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	a := ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port, got
}

func TestSMTPSender(t *testing.T) {
	host, port, got := fakeSMTP(t)
	s := &SMTPSender{Host: host, Port: port, From: "kinmuchi@example.lg.jp", PublicURL: "https://kinmuchi.city.example.lg.jp"}
	if err := s.Send(context.Background(), message("ja")); err != nil {
		t.Fatal(err)
	}
	var data string
	select {
	case data = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("nothing sent")
	}
	head, body, _ := strings.Cut(data, "\r\n\r\n")
	for _, h := range []string{"To: kacho@example.lg.jp", "Idempotency-Key: 01a0-key", "Message-ID: <01a0-key@kinmuchi>", "Subject: =?UTF-8?b?"} {
		if !strings.Contains(head, h) {
			t.Errorf("header %q missing:\n%s", h, head)
		}
	}
	text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\r\n", ""))
	if err != nil || !strings.Contains(string(text), "承認をお願いします") {
		t.Fatalf("body: %q %v", text, err)
	}
	// The link is built from the configured public address, on its own line.
	if !strings.Contains(string(text), "\r\nhttps://kinmuchi.city.example.lg.jp/approvals\r\n") {
		t.Fatalf("no link in the body: %q", text)
	}
}

func TestWebhookSender(t *testing.T) {
	var key, ctype string
	var payload map[string]any
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ctype = r.Header.Get("Idempotency-Key"), r.Header.Get("Content-Type")
		_ = json.NewDecoder(r.Body).Decode(&payload)
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	s := &WebhookSender{Client: srv.Client()}
	m := message("en")
	m.Channel, m.Target = "webhook", srv.URL+"/hook"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if key != "01a0-key" || ctype != "application/json" || payload["title"] != "Telework request to approve" || !strings.Contains(payload["text"].(string), "Please decide.") {
		t.Fatalf("key %q, type %q, payload %v", key, ctype, payload)
	}
	if _, ok := payload["url"]; ok || strings.Contains(payload["text"].(string), "/approvals") {
		t.Fatalf("a link without a public address: %v", payload)
	}
	s.PublicURL = "https://kinmuchi.example"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if payload["url"] != "https://kinmuchi.example/approvals" || !strings.HasSuffix(payload["text"].(string), "Open:\nhttps://kinmuchi.example/approvals") {
		t.Fatalf("link: %v", payload)
	}
	m.Target = srv.URL + "/down"
	if err := s.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), strconv.Itoa(http.StatusBadGateway)) {
		t.Fatalf("a 502 must fail the attempt: %v", err)
	}
}

func TestBackoffDoubles(t *testing.T) {
	base := 30 * time.Second
	for attempt, want := range map[int]time.Duration{1: base, 2: 2 * base, 3: 4 * base, 5: 16 * base, 20: time.Hour} {
		got := backoff(base, attempt)
		if got < want || got > want+want/10 {
			t.Errorf("attempt %d: %v, want %v plus at most a tenth", attempt, got, want)
		}
	}
}
