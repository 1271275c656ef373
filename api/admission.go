package api

import (
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// admission bounds the API requests worked on at once. Past the bound a
// request waits for a place, until its client gives up or wait passes; it is
// refused at once only when too many already wait. Without a bound an
// overload piles up half-done requests, whose memory then has the collector
// take the processor time those requests need (measured: 255–516 MB and half
// the CPU in the collector when the inbox was offered more than it could
// serve). Waiting costs a goroutine and the request's headers.
type admission struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	wait       time.Duration
}

// newAdmission: inFlight 0 takes 8 per processor (at least 16: a request
// spends most of its time waiting for the database, not computing).
func newAdmission(inFlight int, wait time.Duration) *admission {
	if inFlight <= 0 {
		inFlight = max(16, 8*runtime.GOMAXPROCS(0))
	}
	if wait <= 0 {
		wait = 30 * time.Second
	}
	return &admission{slots: make(chan struct{}, inFlight), maxWaiting: 64 * int64(inFlight), wait: wait}
}

func (a *admission) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/api/") {
			return next(c) // health, metrics and the UI's files are cheap and must answer under load
		}
		select {
		case a.slots <- struct{}{}:
		default:
			if err := a.queue(c); err != nil {
				return err
			}
		}
		defer func() { <-a.slots }()
		return next(c)
	}
}

// queue waits for a place.
func (a *admission) queue(c echo.Context) error {
	defer a.waiting.Add(-1)
	if a.waiting.Add(1) > a.maxWaiting {
		return a.refuse(c)
	}
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-t.C:
		return a.refuse(c)
	case <-c.Request().Context().Done():
		return c.Request().Context().Err()
	}
}

func (a *admission) refuse(c echo.Context) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(1))
	return fail(errBusy, "ただいま混み合っています。少し時間をおいてからやり直してください。",
		"The server is busy. Please try again in a moment.")
}
