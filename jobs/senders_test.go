package jobs

import (
	"bufio"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
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

// receiverPool trusts the local test receiver's certificate.
func receiverPool(srv *httptest.Server) *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return pool
}

var loopbackOnly = AllowList{Nets: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}

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
	// The receiver is on loopback: the operator allowed it.
	s := &WebhookSender{Allow: loopbackOnly, RootCAs: receiverPool(srv)}
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
	err := s.Send(context.Background(), m)
	if err == nil || !strings.Contains(err.Error(), strconv.Itoa(http.StatusBadGateway)) {
		t.Fatalf("a 502 must fail the attempt: %v", err)
	}
	if strings.Contains(err.Error(), "/down") {
		t.Fatalf("the error names the URL's path: %v", err)
	}
}

// TestWebhooksCannotReachInside: without the operator's leave, a webhook to
// loopback, or redirected there, is refused before a connection is made, and
// the error names the host but never the path.
func TestWebhooksCannotReachInside(t *testing.T) {
	var hits atomic.Int32
	inside := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer inside.Close()
	m := message("ja")
	m.Channel, m.Target = "webhook", inside.URL+"/secret-path-token"

	err := (&WebhookSender{RootCAs: receiverPool(inside)}).Send(context.Background(), m)
	if !errors.Is(err, ErrInsideAddress) || hits.Load() != 0 {
		t.Fatalf("a loopback webhook was not refused: %v (%d posts arrived)", err, hits.Load())
	}
	if !strings.Contains(err.Error(), "127.0.0.1") || strings.Contains(err.Error(), "secret-path") {
		t.Fatalf("the error must name the host and not the path: %v", err)
	}

	// An allowed receiver that redirects to another inside address: the
	// redirect's connection is checked again and refused.
	other, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address here: %v", err)
	}
	defer other.Close()
	go acceptAndClose(other, &hits)
	redirector := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+other.Addr().String()+"/latest/meta-data", http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	m.Target = redirector.URL + "/hook"
	err = (&WebhookSender{Allow: loopbackOnly, RootCAs: receiverPool(redirector)}).Send(context.Background(), m)
	if !errors.Is(err, ErrInsideAddress) || hits.Load() != 0 {
		t.Fatalf("a redirect inside was followed: %v (%d connections)", err, hits.Load())
	}
}

func TestInsideAddresses(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "::ffff:127.0.0.1": "loopback",
		"10.1.2.3": "private", "172.16.0.1": "private", "192.168.1.1": "private",
		"169.254.169.254": "cloud metadata", "fd00:ec2::254": "cloud metadata", "100.100.100.200": "cloud metadata",
		"169.254.1.1": "link-local", "fe80::1": "link-local", "fd12:3456::1": "unique-local",
		"0.0.0.0": "reserved", "100.64.0.1": "reserved", "::": "reserved", "239.1.1.1": "reserved", "255.255.255.255": "reserved",
		"64:ff9b::7f00:1": "loopback", "64:ff9b::a9fe:a9fe": "cloud metadata", "2002:c0a8:0101::1": "private",
		"8.8.8.8": "", "2001:4860:4860::8888": "", "203.0.113.5": "", "64:ff9b::808:808": "",
	} {
		if got := insideKind(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %q, want %q", addr, got, want)
		}
	}
}

// TestAllowedHostNamesDialInside: an allowed host name may resolve inside;
// the same address under another name may not.
func TestAllowedHostNamesDialInside(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go acceptAndClose(ln, new(atomic.Int32))
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ctx := context.Background()
	if c, err := guardedDialer(AllowList{Hosts: []string{"localhost"}})(ctx, "tcp4", "localhost:"+port); err != nil {
		t.Fatalf("an allowed name was refused: %v", err)
	} else {
		c.Close()
	}
	if _, err := guardedDialer(AllowList{Hosts: []string{"chat.lgwan.example"}})(ctx, "tcp4", "localhost:"+port); !errors.Is(err, ErrInsideAddress) {
		t.Fatalf("another name's loopback address was dialled: %v", err)
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

// acceptAndClose counts and closes every connection until ln is closed.
func acceptAndClose(ln net.Listener, count *atomic.Int32) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		count.Add(1)
		c.Close()
	}
}

// connectProxy is a minimal HTTPS proxy (CONNECT) that counts its tunnels.
func connectProxy(t *testing.T, addr string, tunnels *atomic.Int32) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		dst, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		tunnels.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			dst.Close()
			return
		}
		_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
		go func() { _, _ = io.Copy(dst, conn); dst.Close() }()
		_, _ = io.Copy(conn, dst)
		conn.Close()
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	return srv
}

// TestWebhooksThroughAProxy: through a proxy, the webhook's host is checked
// before the proxy is asked (the proxy would reach inside on our behalf);
// an allowed host is delivered through the proxy.
func TestWebhooksThroughAProxy(t *testing.T) {
	var tunnels, posts atomic.Int32
	proxy := connectProxy(t, "127.0.0.2:0", &tunnels)
	defer proxy.Close()
	receiver := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { posts.Add(1) }))
	defer receiver.Close()
	proxyURL, _ := url.Parse(proxy.URL)
	through := func(*http.Request) (*url.URL, error) { return proxyURL, nil }
	m := message("ja")
	m.Channel, m.Target = "webhook", receiver.URL+"/hook"

	onlyTheProxy := AllowList{Nets: []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}}
	err := (&WebhookSender{Allow: onlyTheProxy, Proxy: through, RootCAs: receiverPool(receiver)}).Send(context.Background(), m)
	if !errors.Is(err, ErrInsideAddress) || tunnels.Load() != 0 || posts.Load() != 0 {
		t.Fatalf("a loopback webhook went to the proxy: %v (%d tunnels, %d posts)", err, tunnels.Load(), posts.Load())
	}
	both := AllowList{Nets: []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32"), netip.MustParsePrefix("127.0.0.1/32")}}
	if err := (&WebhookSender{Allow: both, Proxy: through, RootCAs: receiverPool(receiver)}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if tunnels.Load() != 1 || posts.Load() != 1 {
		t.Fatalf("%d tunnels, %d posts: the allowed post must go through the proxy", tunnels.Load(), posts.Load())
	}
	// The proxy itself is an inside address: without the operator's leave it is not dialled.
	err = (&WebhookSender{Allow: AllowList{Nets: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}, Proxy: through, RootCAs: receiverPool(receiver)}).Send(context.Background(), m)
	if !errors.Is(err, ErrInsideAddress) || tunnels.Load() != 1 {
		t.Fatalf("an inside proxy was dialled without leave: %v", err)
	}
}
