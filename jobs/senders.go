package jobs

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"sync"
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
//
// The URL is set by a municipality's administrator, so it is not trusted:
// deliveries never reach loopback, private, link-local, unique-local or cloud
// metadata addresses unless the operator allowed them (Allow), and the URL is
// never logged or stored in a delivery error (its path often is the secret
// that lets anyone post to the channel): errors name the host at most.
type WebhookSender struct {
	Allow AllowList
	// RootCAs trusts another certificate authority than the system's (tests:
	// the local receiver's).
	RootCAs *x509.CertPool
	// PublicURL: as SMTPSender's; posts also carry the link as "url".
	PublicURL string
	// Proxy chooses a proxy (nil: HTTPS_PROXY and NO_PROXY from the
	// environment, as Go's default client does).
	Proxy ProxyFunc

	once   sync.Once
	client *http.Client
}

// Send implements Sender: any 2xx answer is a delivery.
func (s *WebhookSender) Send(ctx context.Context, m *services.OutboxMessage) error {
	title, body, link := text(s.PublicURL, m.Payload)
	post := map[string]any{
		"title": title, "text": title + "\n" + body, "body": map[string]string{"text": body},
		"kind": m.Payload.Kind, "id": m.IdempotencyKey,
	}
	if link != "" {
		post["url"] = link
	}
	b, err := json.Marshal(post)
	if err != nil {
		return err
	}
	target, err := url.Parse(m.Target)
	if err != nil || target.Scheme != "https" || target.Host == "" {
		return errors.New("webhook URL is not an https URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("webhook request to %s: invalid", target.Hostname())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.IdempotencyKey)
	s.once.Do(func() {
		proxy := s.Proxy
		if proxy == nil {
			proxy = http.ProxyFromEnvironment
		}
		s.client = guardedClient(s.Allow, proxy)
		if s.RootCAs != nil {
			s.client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
		}
	})
	resp, err := s.client.Do(req)
	if err != nil {
		// *url.Error quotes the whole URL; keep only the cause, and the host.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("webhook post to %s: %w", target.Hostname(), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook at %s answered %s", target.Hostname(), strings.TrimSpace(resp.Status))
	}
	return nil
}
