package policies

import (
	"slices"
	"testing"
	"time"
)

func TestAccountThrottle(t *testing.T) {
	l := AccountSignInLimits
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var s ThrottleState
	for i := 1; i < l.MaxFailures; i++ {
		s = l.AfterFailure(s, t0.Add(time.Duration(i)*time.Second))
		if locked, _ := s.Locked(t0.Add(time.Duration(i) * time.Second)); locked {
			t.Fatalf("locked after %d failures", i)
		}
	}
	at := t0.Add(10 * time.Second)
	s = l.AfterFailure(s, at)
	locked, left := s.Locked(at)
	if !locked || left != 15*time.Minute {
		t.Fatalf("after %d failures: locked=%v for %v", l.MaxFailures, locked, left)
	}
	if locked, _ := s.Locked(at.Add(15 * time.Minute)); locked {
		t.Fatal("still locked when the lockout has passed")
	}
	// A second lockout lasts twice as long.
	at2 := at.Add(16 * time.Minute)
	for i := 0; i < l.MaxFailures; i++ {
		s = l.AfterFailure(s, at2)
	}
	if _, left := s.Locked(at2); left != 30*time.Minute {
		t.Fatalf("second lockout %v, want 30m", left)
	}
	// Lockouts never exceed the maximum.
	for range 20 {
		for i := 0; i < l.MaxFailures; i++ {
			s = l.AfterFailure(s, at2)
		}
	}
	if _, left := s.Locked(at2); left != l.MaxLockout {
		t.Fatalf("lockout %v, want the maximum %v", left, l.MaxLockout)
	}
}

func TestThrottleForgetsOldFailures(t *testing.T) {
	l := AccountSignInLimits
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var s ThrottleState
	for i := 0; i < l.MaxFailures-1; i++ {
		s = l.AfterFailure(s, t0)
	}
	s = l.AfterFailure(s, t0.Add(l.Window))
	if locked, _ := s.Locked(t0.Add(l.Window)); locked || s.Failures != 1 {
		t.Fatalf("failures outside the window must not count: %+v", s)
	}
}

func TestCheckPassword(t *testing.T) {
	cases := []struct {
		pw   string
		want []PasswordProblem
	}{
		{"correct horse battery", nil},
		{"短いパス", []PasswordProblem{PasswordTooShort}},
		{"山田太郎のパスワードです", []PasswordProblem{PasswordHasName}},
		{"taro.yamada-2026!", []PasswordProblem{PasswordHasEmail}},
		{"aaaaaaaaaaaaaaaa", []PasswordProblem{PasswordSingleSymbol}},
		{string(make([]byte, 300)), []PasswordProblem{PasswordTooLong, PasswordSingleSymbol}},
	}
	for _, c := range cases {
		got := CheckPassword(c.pw, "taro.yamada@city.example.jp", "山田", "太郎")
		if !slices.Equal(got, c.want) {
			t.Errorf("CheckPassword(%q) = %v, want %v", c.pw, got, c.want)
		}
	}
}
