// Package api is kinmuchi's HTTP face: an Echo v4 server whose handlers decode
// a request, call one service, and encode the answer. Every error becomes
// problem+json in errors.go; every route is listed in routes.go and described
// in openapi.yaml.
package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/internal/logging"
	"github.com/kinmuchi/kinmuchi/services"
)

// Deps is what the server needs from the rest of the program.
type Deps struct {
	Services *services.Services
	// DB is checked by /readyz and measured by /metrics.
	DB *sql.DB
	// Ready reports whether migrations are applied (nil: always).
	Ready          func(context.Context) error
	Log            *slog.Logger
	TrustedProxies []*net.IPNet
	// Frontend serves the web UI at /; nil serves nothing there.
	Frontend http.Handler
	// PublicURL (KINMUCHI_PUBLIC_URL) prefixes the links kinmuchi hands
	// out: the URL a space's QR code carries, a calendar feed's address.
	PublicURL string
	// InFlight (KINMUCHI_MAX_IN_FLIGHT) bounds the API requests worked on
	// at once; 0: 8 per processor, at least 16 (admission.go).
	InFlight int
}

// Server is the configured Echo instance.
type Server struct {
	e       *echo.Echo
	svc     *services.Services
	log     *slog.Logger
	db      *sql.DB
	ready   func(context.Context) error
	metrics *metrics
	// publicURL: see Deps.PublicURL.
	publicURL string
	// answers: large answers kept encoded by ETag (answercache.go).
	answers encodedAnswers
}

// New builds the server with every route.
func New(d Deps) *Server {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{e: e, svc: d.Services, log: d.Log, db: d.DB, ready: d.Ready, publicURL: strings.TrimSuffix(d.PublicURL, "/")}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(d.TrustedProxies)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if d.DB != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(d.DB, "kinmuchi"))
	}
	s.metrics = newMetrics(reg)

	e.Use(s.requestID, s.accessLog, s.recoverPanics, securityHeaders, onlyUIReads, checkQuery, newAdmission(d.InFlight, 0).middleware)
	s.routes(reg, d.Frontend)
	return s
}

// Handler returns the server as an http.Handler (tests drive it directly).
func (s *Server) Handler() http.Handler { return s.e }

// Echo exposes the router, for the route-parity test.
func (s *Server) Echo() *echo.Echo { return s.e }

// ipExtractor trusts X-Forwarded-For only from the configured proxies; without
// any, the peer address is the client, so nobody can dodge sign-in throttling
// by sending a header.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

var clientRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestID takes the caller's X-Request-ID when it is sane (so a proxy's id
// threads through), else makes one, and puts it on the context for logs.
func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !clientRequestID.MatchString(id) {
			id = newRequestID()
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		ctx := logging.WithRequestID(c.Request().Context(), id)
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.ErrorContext(c.Request().Context(), "panic", "panic", r, "route", c.Path())
				err = errPanic
			}
		}()
		return next(c)
	}
}

type panicError struct{}

func (panicError) Error() string { return "panic in handler" }

var errPanic error = panicError{}

func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		status := c.Response().Status
		elapsed := time.Since(start)
		s.metrics.observe(c.Request().Method, route, status, elapsed)
		// The query string can hold search terms (names); log the route only.
		s.log.LogAttrs(c.Request().Context(), levelFor(status), "request",
			slog.String("method", c.Request().Method), slog.String("route", route),
			slog.Int("status", status), slog.Int64("bytes", c.Response().Size),
			slog.Float64("ms", float64(elapsed.Microseconds())/1000), slog.String("ip", c.RealIP()))
		return nil
	}
}

func levelFor(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

// uiPolicy is the Content-Security-Policy of the web UI: everything from this
// origin, no inline script (a Vite build needs none); inline styles are
// allowed because Mantine injects style elements.
const uiPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// apiPolicy is the Content-Security-Policy of every other answer: JSON, YAML
// and metrics are never a document to render or frame.
const apiPolicy = "default-src 'none'; frame-ancestors 'none'"

// securityHeaders are set on every answer, before the handler runs, so that
// errors carry them too. API answers are never stored by a cache (they hold
// personal data behind a bearer token); the UI's files keep the caching its
// handler chooses (content-hashed assets are immutable).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if isUIPath(c.Request().URL.Path) {
			h.Set("Content-Security-Policy", uiPolicy)
		} else {
			h.Set("Content-Security-Policy", apiPolicy)
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// isUIPath tells the web UI's paths from the API's and the operations'.
func isUIPath(p string) bool {
	switch {
	case p == "/api", strings.HasPrefix(p, "/api/"), p == "/healthz", p == "/readyz", p == "/metrics":
		return false
	}
	return true
}

// langOf picks the answer's language from Accept-Language (Japanese by default).
func langOf(c echo.Context) i18n.Lang {
	return i18n.FromAcceptLanguage(c.Request().Header.Get("Accept-Language"), i18n.Ja)
}

// writeJSON writes v with a content type; JSON is not HTML-escaped so
// Japanese and symbols stay readable.
func writeJSON(c echo.Context, status int, contentType string, v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, contentType)
	return c.Blob(status, contentType, b)
}

func marshal(v any) ([]byte, error) {
	var buf jsonBuffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.b, nil
}

type jsonBuffer struct{ b []byte }

func (j *jsonBuffer) Write(p []byte) (int, error) { j.b = append(j.b, p...); return len(p), nil }

// ok answers 200 (or another success status) with JSON.
func ok(c echo.Context, status int, v any) error {
	return writeJSON(c, status, echo.MIMEApplicationJSON, v)
}
