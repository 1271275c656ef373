package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || !c.Embedded() || c.Mode != ModeProduction || c.JobRescueAfter != 15*time.Minute {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestLoadNamesEveryBadVariable(t *testing.T) {
	_, err := Load(env(map[string]string{
		"KINMUCHI_ADDR":             "nonsense",
		"KINMUCHI_DATABASE_URL":     "mysql://x",
		"KINMUCHI_LOG_LEVEL":        "loud",
		"KINMUCHI_JWT_SECRET":       "short",
		"KINMUCHI_DB_MAX_CONNS":     "0",
		"KINMUCHI_JOB_RESCUE_AFTER": "30s",
		"KINMUCHI_MAX_IN_FLIGHT":    "none",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, name := range []string{"KINMUCHI_ADDR", "KINMUCHI_DATABASE_URL", "KINMUCHI_LOG_LEVEL", "KINMUCHI_JWT_SECRET", "KINMUCHI_DB_MAX_CONNS",
		"KINMUCHI_JOB_RESCUE_AFTER", "KINMUCHI_MAX_IN_FLIGHT"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}

func TestDatabaseURLPasswordNeverInError(t *testing.T) {
	_, err := Load(env(map[string]string{"KINMUCHI_DATABASE_URL": "postgres://u:s3cr%zzet@h/db"}))
	if err == nil || strings.Contains(err.Error(), "s3cr") {
		t.Fatalf("want an error without the password, got %v", err)
	}
}

func TestClockOnlyInDemoOrTest(t *testing.T) {
	_, err := Load(env(map[string]string{"KINMUCHI_CLOCK": "2026-12-01T09:00:00+09:00"}))
	var fe FieldError
	if !errors.As(err, &fe) || fe.Var != "KINMUCHI_CLOCK" {
		t.Fatalf("want KINMUCHI_CLOCK refused in production, got %v", err)
	}
	c, err := Load(env(map[string]string{"KINMUCHI_CLOCK": "2026-12-01T09:00:00+09:00", "KINMUCHI_MODE": "demo"}))
	if err != nil || c.Clock == nil || c.Clock.UTC().Hour() != 0 {
		t.Fatalf("demo clock: %v %+v", err, c.Clock)
	}
	c, err = Load(env(map[string]string{"KINMUCHI_CLOCK": "2026-12-01T09:00:00+09:00"}))
	if err == nil {
		t.Fatal("want error")
	}
	if err := c.SetMode(ModeDemo); err != nil {
		t.Fatalf("serve --demo must accept the clock: %v", err)
	}
}

func TestSharedDatabaseNeedsSecret(t *testing.T) {
	c, err := Load(env(map[string]string{"KINMUCHI_DATABASE_URL": "postgres://localhost/kinmuchi"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckSecrets(); err == nil || !strings.Contains(err.Error(), "KINMUCHI_JWT_SECRET") {
		t.Fatalf("want KINMUCHI_JWT_SECRET required, got %v", err)
	}
}

func TestPublicURL(t *testing.T) {
	cases := []struct {
		name, url, mode, smtp string
		want                  string // "" accepted: the stored value; else the text the error must hold
		stored                string
	}{
		{name: "a city's address", url: "https://kinmuchi.city.example.lg.jp", stored: "https://kinmuchi.city.example.lg.jp"},
		{name: "a trailing slash is dropped", url: "https://kinmuchi.city.example.lg.jp/", stored: "https://kinmuchi.city.example.lg.jp"},
		{name: "a port", url: "https://kinmuchi.example:8443", stored: "https://kinmuchi.example:8443"},
		{name: "plain http in demo mode", url: "http://localhost:8080", mode: "demo", stored: "http://localhost:8080"},
		{name: "unset without SMTP", url: "", stored: ""},
		{name: "unset in demo mode with SMTP", url: "", mode: "demo", smtp: "mail.example", stored: ""},
		{name: "plain http in production", url: "http://kinmuchi.example", want: "https:// in production"},
		{name: "required with SMTP in production", url: "", smtp: "mail.example", want: "required in production mode when KINMUCHI_SMTP_HOST"},
		{name: "relative", url: "kinmuchi.example", want: "absolute URL"},
		{name: "another scheme", url: "ftp://kinmuchi.example", want: "must start with https://"},
		{name: "no host", url: "https:///x", want: "host"},
		{name: "user info", url: "https://admin:pw@kinmuchi.example", want: "user name"},
		{name: "query", url: "https://kinmuchi.example/?next=https://evil.example", want: "query"},
		{name: "empty query", url: "https://kinmuchi.example?", want: "query"},
		{name: "fragment", url: "https://kinmuchi.example/#x", want: "fragment"},
		{name: "dot segments", url: "https://kinmuchi.example/a/../b", want: ". or .."},
		{name: "escaped dot segments", url: "https://kinmuchi.example/%2e%2e/x", want: ". or .."},
		{name: "a path", url: "https://city.example/kinmuchi", want: "site root"},
		{name: "a backslash", url: "https://kinmuchi.example\\@evil.example", want: "absolute URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Load(env(map[string]string{"KINMUCHI_PUBLIC_URL": c.url, "KINMUCHI_MODE": c.mode,
				"KINMUCHI_SMTP_HOST": c.smtp, "KINMUCHI_SMTP_FROM": "kinmuchi@city.example"}))
			if c.want != "" {
				var fe FieldError
				if !errors.As(err, &fe) || fe.Var != "KINMUCHI_PUBLIC_URL" || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("want KINMUCHI_PUBLIC_URL refused with %q, got %v", c.want, err)
				}
				return
			}
			if err != nil || got.PublicURL != c.stored {
				t.Fatalf("got %q, %v; want %q", got.PublicURL, err, c.stored)
			}
		})
	}
	// serve --demo after a production load: the rule follows the mode.
	c, err := Load(env(map[string]string{"KINMUCHI_PUBLIC_URL": "http://localhost:8080"}))
	if err == nil {
		t.Fatal("plain http accepted in production")
	}
	if err := c.SetMode(ModeDemo); err != nil {
		t.Fatalf("demo mode refuses plain http: %v", err)
	}
}

// The profiler shows timings and memory: it listens on loopback or not at all.
func TestPprofOnlyOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:6060": true, "[::1]:6060": true, "localhost:6060": true,
		":6060": false, "0.0.0.0:6060": false, "192.168.1.5:6060": false, "127.0.0.1": false,
	} {
		c, err := Load(env(map[string]string{"KINMUCHI_PPROF_ADDR": addr}))
		if ok && (err != nil || c.PprofAddr != addr) {
			t.Errorf("%q: want accepted, got %v (%q)", addr, err, c.PprofAddr)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "KINMUCHI_PPROF_ADDR") || c.PprofAddr != "") {
			t.Errorf("%q: want refused, got %v", addr, err)
		}
	}
	if c, err := Load(env(nil)); err != nil || c.PprofAddr != "" {
		t.Fatalf("the profiler must be off by default: %v %q", err, c.PprofAddr)
	}
}
