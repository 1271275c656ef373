package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// An overloaded server must neither pile up work without bound nor answer
// 500: past its places a request waits, and past the waiting room it gets a
// 503 the client can retry, in both languages.
func TestAdmissionBoundsTheRequestsInFlight(t *testing.T) {
	s := &Server{e: echo.New(), log: slog.New(slog.DiscardHandler)}
	s.e.HTTPErrorHandler = s.handleError
	a := newAdmission(1, 300*time.Millisecond)
	a.maxWaiting = 1
	s.e.Use(a.middleware)
	release := make(chan struct{})
	started := make(chan struct{}, 4)
	s.e.GET("/api/v1/slow", func(c echo.Context) error {
		started <- struct{}{}
		<-release
		return c.NoContent(http.StatusNoContent)
	})
	s.e.GET("/healthz", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })

	get := func(path, lang string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Language", lang)
		rec := httptest.NewRecorder()
		s.e.ServeHTTP(rec, req)
		return rec
	}
	var wg sync.WaitGroup
	results := make(chan int, 2)
	wg.Add(1)
	go func() { defer wg.Done(); results <- get("/api/v1/slow", "ja").Code }() // takes the one place
	<-started
	wg.Add(1)
	go func() { defer wg.Done(); results <- get("/api/v1/slow", "ja").Code }() // waits
	for deadline := time.Now().Add(5 * time.Second); a.waiting.Load() != 1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the second request never waited")
		}
	}

	// The waiting room is full: refused at once, in Japanese or English.
	for _, c := range []struct{ lang, detail string }{
		{"ja", "ただいま混み合っています。少し時間をおいてからやり直してください。"},
		{"en", "The server is busy. Please try again in a moment."},
	} {
		rec := get("/api/v1/slow", c.lang)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
			t.Fatalf("full waiting room: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		var p struct{ Type, Detail string }
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Type != ProblemTypeBase+"busy" || p.Detail != c.detail {
			t.Fatalf("problem %+v (%v): %s", p, err, rec.Body)
		}
	}
	// What is not the API answers whatever the load.
	if rec := get("/healthz", "ja"); rec.Code != http.StatusNoContent {
		t.Fatalf("healthz under load: %d", rec.Code)
	}
	// The place freed, the waiting request is served.
	release <- struct{}{}
	<-started
	release <- struct{}{}
	wg.Wait()
	close(results)
	for code := range results {
		if code != http.StatusNoContent {
			t.Fatalf("a request that had a place or waited for one: %d", code)
		}
	}

	// A request that waits longer than the wait is refused, and its place in
	// the waiting room is given back.
	wg.Add(1)
	go func() { defer wg.Done(); get("/api/v1/slow", "ja") }()
	<-started
	if rec := get("/api/v1/slow", "en"); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("waited past the limit: %d", rec.Code)
	}
	if n := a.waiting.Load(); n != 0 {
		t.Fatalf("%d still counted as waiting", n)
	}
	release <- struct{}{}
	wg.Wait()
}
