package jobs

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"github.com/kinmuchi/kinmuchi/services"
)

// Sender delivers one outbox message. A message may be sent again after a
// failure (or a crash before it was marked delivered): senders pass its
// idempotency key on so that receivers can drop repeats.
type Sender interface {
	Send(ctx context.Context, m *services.OutboxMessage) error
}

// LogSender writes e-mails to the log instead of sending them (demo mode, or
// no SMTP server configured), without the address or the text.
type LogSender struct {
	Log *slog.Logger
}

// Send implements Sender.
func (s *LogSender) Send(_ context.Context, m *services.OutboxMessage) error {
	s.Log.Info("e-mail not sent (no SMTP server): written to the log only", "outbox_id", m.ID, "kind", m.Payload.Kind, "idempotency_key", m.IdempotencyKey)
	return nil
}

// SMTPSender sends e-mails through an SMTP server (STARTTLS when offered).
type SMTPSender struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// PublicURL is the address people reach kinmuchi at; e-mails link to
	// the page of their message under it (none when empty).
	PublicURL string
}

// link is the address of the message's page under the public address, or
// "" when either is unknown.
func link(publicURL string, p services.OutboxPayload) string {
	if publicURL == "" || p.Path == "" || !strings.HasPrefix(p.Path, "/") {
		return ""
	}
	return strings.TrimSuffix(publicURL, "/") + p.Path
}

// text is the message's title and body in the organisation's language, the
// body followed by its link.
func text(publicURL string, p services.OutboxPayload) (title, body, url string) {
	title, body = p.TitleJa, p.BodyJa
	open := "詳しくは次のページをご覧ください。"
	if p.Language == "en" {
		title, body, open = p.TitleEn, p.BodyEn, "Open:"
	}
	if url = link(publicURL, p); url != "" {
		body += "\n\n" + open + "\n" + url
	}
	return title, body, url
}

// Send implements Sender. The Message-ID derives from the idempotency key,
// so a repeat is recognisable to the receiving mail system.
func (s *SMTPSender) Send(ctx context.Context, m *services.OutboxMessage) error {
	subject, body, _ := text(s.PublicURL, m.Payload)
	body = strings.ReplaceAll(body, "\n", "\r\n")
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\n", s.From, m.Target, mime.BEncoding.Encode("UTF-8", subject))
	fmt.Fprintf(&msg, "Message-ID: <%s@kinmuchi>\r\nIdempotency-Key: %s\r\nDate: %s\r\n", m.IdempotencyKey, m.IdempotencyKey, time.Now().Format(time.RFC1123Z))
	msg.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body + "\r\n"))
	for len(enc) > 76 {
		msg.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	msg.WriteString(enc + "\r\n")
	var auth smtp.Auth
	if s.Username != "" {
		auth = smtp.PlainAuth("", s.Username, s.Password, s.Host)
	}
	done := make(chan error, 1)
	go func() {
		done <- smtp.SendMail(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), auth, s.From, []string{m.Target}, msg.Bytes())
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WebhookSender posts a JSON message to the organisation's incoming webhook
// (Microsoft Teams, LINE WORKS and the like read "text"; "title" and
// "body.text" suit LINE WORKS bots), with the message's Idempotency-Key.
type WebhookSender struct {
	Client *http.Client // default: 15 s timeout
	// PublicURL: as SMTPSender's; posts also carry the link as "url".
	PublicURL string
}

// Send implements Sender: any 2xx answer is a delivery.
func (s *WebhookSender) Send(ctx context.Context, m *services.OutboxMessage) error {
	title, body, url := text(s.PublicURL, m.Payload)
	post := map[string]any{
		"title": title, "text": title + "\n" + body, "body": map[string]string{"text": body},
		"kind": m.Payload.Kind, "id": m.IdempotencyKey,
	}
	if url != "" {
		post["url"] = url
	}
	b, err := json.Marshal(post)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.Target, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.IdempotencyKey)
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook post: %w", err) // the URL is the organisation's setting, not personal data
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s", strings.TrimSpace(resp.Status))
	}
	return nil
}
