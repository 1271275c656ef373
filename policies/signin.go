package policies

import (
	"strings"
	"time"
	"unicode/utf8"
)

// SignInLimits says how many failed sign-ins are tolerated before a key (an
// account or a client address) is locked, and for how long.
type SignInLimits struct {
	MaxFailures int           // failures within Window that lock the key
	Window      time.Duration // failures older than this are forgotten
	Lockout     time.Duration // the first lockout; each further one doubles
	MaxLockout  time.Duration
}

// Sign-in limits: an account tolerates a few typing mistakes; an address, a
// whole office behind one NAT, tolerates more.
var (
	AccountSignInLimits = SignInLimits{MaxFailures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 4 * time.Hour}
	AddressSignInLimits = SignInLimits{MaxFailures: 50, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: time.Hour}
)

// ThrottleState is what is remembered of one key's failures.
type ThrottleState struct {
	Failures    int
	Lockouts    int
	WindowStart time.Time
	LockedUntil time.Time // zero: not locked
}

// Locked reports whether the key is locked at now, and for how much longer.
func (s ThrottleState) Locked(now time.Time) (bool, time.Duration) {
	if s.LockedUntil.After(now) {
		return true, s.LockedUntil.Sub(now)
	}
	return false, 0
}

// AfterFailure is the state after one more failure at now.
func (l SignInLimits) AfterFailure(s ThrottleState, now time.Time) ThrottleState {
	if s.WindowStart.IsZero() || now.Sub(s.WindowStart) >= l.Window {
		s.Failures, s.WindowStart = 0, now
	}
	s.Failures++
	if s.Failures >= l.MaxFailures {
		d := l.Lockout << min(s.Lockouts, 16)
		if d > l.MaxLockout || d <= 0 {
			d = l.MaxLockout
		}
		s.LockedUntil = now.Add(d)
		s.Lockouts++
		s.Failures, s.WindowStart = 0, now
	}
	return s
}

// MinPasswordLength is the shortest password accepted (in characters).
const MinPasswordLength = 12

// MaxPasswordLength bounds the work of hashing a password.
const MaxPasswordLength = 256

// PasswordProblem is a reason a password is refused.
type PasswordProblem string

// The reasons a password is refused.
const (
	PasswordTooShort     PasswordProblem = "too_short"
	PasswordTooLong      PasswordProblem = "too_long"
	PasswordHasEmail     PasswordProblem = "contains_email"
	PasswordHasName      PasswordProblem = "contains_name"
	PasswordSingleSymbol PasswordProblem = "repetitive"
)

// CheckPassword returns the reasons a new password is not acceptable for an
// account with the given e-mail address and names; none means it is.
func CheckPassword(pw, email string, names ...string) []PasswordProblem {
	var out []PasswordProblem
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		out = append(out, PasswordTooShort)
	}
	if n > MaxPasswordLength {
		out = append(out, PasswordTooLong)
	}
	lower := strings.ToLower(pw)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if email != "" && (strings.Contains(lower, strings.ToLower(email)) || (len(local) >= 3 && strings.Contains(lower, local))) {
		out = append(out, PasswordHasEmail)
	}
	for _, name := range names {
		name = strings.ToLower(strings.TrimSpace(name))
		if utf8.RuneCountInString(name) >= 2 && strings.Contains(lower, name) {
			out = append(out, PasswordHasName)
			break
		}
	}
	if n > 0 && distinctRunes(pw) < 4 {
		out = append(out, PasswordSingleSymbol)
	}
	return out
}

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
