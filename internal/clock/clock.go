// Package clock gives "now" through an interface so tests and demos can fix it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current instant.
type Clock interface {
	Now() time.Time
}

// System is the real clock. Instants are truncated to milliseconds, the
// precision both databases keep (the embedded one stores milliseconds), so a
// value read back equals the one written.
type System struct{}

// Now returns the current instant in UTC.
func (System) Now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// Fixed is a clock that starts at a given instant and can be moved by tests.
// It does not advance by itself, so a demo shows the same "today" all day.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock standing at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t.UTC().Truncate(time.Millisecond)} }

// Now returns the fixed instant.
func (f *Fixed) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Set moves the clock to t.
func (f *Fixed) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = t.UTC().Truncate(time.Millisecond)
}

// Advance moves the clock forward by d.
func (f *Fixed) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}
