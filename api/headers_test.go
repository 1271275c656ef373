package api_test

import (
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/frontend"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestUnknownURLsAnswer404WhateverTheMethod: with the web UI served at /, an
// unknown URL is a 404 problem for every method (the UI's catch-all answers
// only GET and HEAD), while a known URL with a wrong method is a 405 whose
// Allow header lists the route's methods.
func TestUnknownURLsAnswer404WhateverTheMethod(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		srv := e.newServer(frontend.Handler())
		tok := e.login(empEmail)
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
			for _, p := range []string{"/api/v1/no-such-thing", "/api/nothing", "/no-such-page/x"} {
				if m == "GET" && !strings.HasPrefix(p, "/api") {
					continue // a client-side route of the UI
				}
				r := e.do(req{method: m, path: p, token: tok, srv: srv}).must(t, 404)
				if r.str("type") != api.ProblemTypeBase+"route-not-found" || r.header.Get("Allow") != "" {
					t.Fatalf("%s %s: %s (Allow %q)", m, p, r.body, r.header.Get("Allow"))
				}
			}
		}
		for _, s := range []*api.Server{srv, e.srv} {
			r := e.do(req{method: "DELETE", path: "/api/v1/organization", token: tok, srv: s}).must(t, 405)
			allow := r.header.Get("Allow")
			if r.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(allow, "GET") || !strings.Contains(allow, "PATCH") || strings.Contains(allow, "Not Allowed") {
				t.Fatalf("405 Allow %q: %s", allow, r.body)
			}
		}
		// The UI still answers its own pages.
		r := e.do(req{method: "GET", path: "/requests/new", srv: srv}).must(t, 200)
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("the UI's page: %q", r.header.Get("Content-Type"))
		}
	})
}

// TestSecurityHeaders: the web UI's pages carry a Content-Security-Policy
// without inline script that forbids framing; API answers (successes and
// problems alike) are not sniffed and not stored.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, models.SQLite)
	srv := e.newServer(frontend.Handler())
	tok := e.login(empEmail)
	for _, p := range []string{"/", "/requests/new"} {
		r := e.do(req{method: "GET", path: p, srv: srv}).must(t, 200)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Fatalf("%s: CSP %q lacks %s", p, csp, want)
			}
		}
		for _, dir := range strings.Split(csp, ";") {
			dir = strings.TrimSpace(dir)
			if (strings.HasPrefix(dir, "script-src") || strings.HasPrefix(dir, "default-src")) && strings.Contains(dir, "unsafe") {
				t.Fatalf("%s: the CSP allows inline script: %q", p, csp)
			}
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
			t.Fatalf("%s: headers %v", p, r.header)
		}
	}
	for _, rq := range []req{
		{method: "GET", path: "/api/v1/me", token: tok},
		{method: "GET", path: "/api/v1/me"},
		{method: "POST", path: "/api/v1/departments", token: tok, body: map[string]any{}},
		{method: "GET", path: "/api/v1/openapi.yaml"},
		{method: "GET", path: "/healthz"},
	} {
		rq.srv = srv
		r := e.do(rq)
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s %s (%d): nosniff %q, Cache-Control %q", rq.method, rq.path, r.status, r.header.Get("X-Content-Type-Options"), r.header.Get("Cache-Control"))
		}
		if !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Fatalf("%s %s: CSP %q", rq.method, rq.path, r.header.Get("Content-Security-Policy"))
		}
	}
}
