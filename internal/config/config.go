// Package config reads kinmuchi's settings from the environment and checks them
// before anything starts, so a bad value stops the process with its name.
package config

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Mode tells how far the process may bend the rules for demonstrations and tests.
type Mode string

// Modes. Only demo and test may fix the clock.
const (
	ModeProduction Mode = "production"
	ModeDemo       Mode = "demo"
	ModeTest       Mode = "test"
)

// Config is the validated configuration of one process.
type Config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string // empty: the embedded SQLite file in DataDir
	LogLevel     slog.Level
	Mode         Mode
	Clock        *time.Time // a fixed "now", only in demo or test mode
	JWTSecret    []byte     // empty: generated in DataDir (embedded database only)
	JWTIssuer    string
	DemoPassword string
	MaxDBConns   int
	// MaxInFlight bounds the API requests one process works on at once
	// (KINMUCHI_MAX_IN_FLIGHT); 0: the server's default.
	MaxInFlight     int
	ShutdownTimeout time.Duration
	TrustedProxies  []*net.IPNet
	// Workers runs the background workers in this process (KINMUCHI_WORKERS,
	// on by default; off for a web-only process).
	Workers bool
	// SMTP sends notification e-mails; an empty Host writes them to the log.
	SMTP SMTP
	// PublicURL is the address people reach kinmuchi at (KINMUCHI_PUBLIC_URL,
	// without a trailing slash). Links in e-mails and webhook posts are built
	// from it, never from a request's Host header, which a client chooses.
	// Empty: messages carry no link.
	PublicURL string
	// WebhookAllow (KINMUCHI_WEBHOOK_ALLOW) lets webhook deliveries reach
	// these host names and address ranges although they are inside (an
	// on-premises chat server in LGWAN); everything else inside is refused.
	WebhookAllow WebhookAllow
	// AuditKey signs the audit chain's checkpoints (KINMUCHI_AUDIT_KEY, the
	// base64 of an Ed25519 seed). Nil: generated in DataDir for the embedded
	// database; with PostgreSQL the chain is sealed but not signed.
	AuditKey ed25519.PrivateKey
	// SealInterval is how often the audit trail is sealed
	// (KINMUCHI_AUDIT_SEAL_INTERVAL, default a minute).
	SealInterval time.Duration
	// JobRescueAfter is how long a job held by a process that died (kill -9,
	// a lost machine) stays claimed before another process retries it
	// (KINMUCHI_JOB_RESCUE_AFTER, default 15 minutes: above the longest
	// job's own time limit, 10 minutes, and far below River's hour, which
	// held a notification for an hour after a crash).
	JobRescueAfter time.Duration
	// PprofAddr serves Go's profiler (KINMUCHI_PPROF_ADDR, off when empty),
	// for `make bench`. Loopback only: a profile shows timings and memory
	// that nobody outside the machine should read.
	PprofAddr string
}

// WebhookAllow is the operator's list of inside webhook destinations.
type WebhookAllow struct {
	Hosts []string
	Nets  []netip.Prefix
}

// SMTP is the mail server notifications go through (KINMUCHI_SMTP_*).
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
}

// Embedded reports whether the embedded SQLite database is used.
func (c Config) Embedded() bool { return c.DatabaseURL == "" }

// FieldError names the variable whose value is wrong.
type FieldError struct {
	Var string
	Msg string
}

func (e FieldError) Error() string { return e.Var + ": " + e.Msg }

// Load reads the configuration from getenv (os.Getenv in main). Every invalid
// value is reported, not just the first.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:            ":8080",
		DataDir:         "./data",
		LogLevel:        slog.LevelInfo,
		Mode:            ModeProduction,
		JWTIssuer:       "kinmuchi",
		MaxDBConns:      20,
		ShutdownTimeout: 20 * time.Second,
		Workers:         true,
		SMTP:            SMTP{Port: 587},
		JobRescueAfter:  15 * time.Minute,
	}
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, FieldError{Var: name, Msg: fmt.Sprintf(format, args...)})
	}

	if v := getenv("KINMUCHI_ADDR"); v != "" {
		if _, port, err := net.SplitHostPort(v); err != nil {
			bad("KINMUCHI_ADDR", "must be host:port or :port, got %q", v)
		} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			bad("KINMUCHI_ADDR", "port must be a number from 0 to 65535, got %q", port)
		} else {
			c.Addr = v
		}
	}
	if v := getenv("KINMUCHI_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v := getenv("KINMUCHI_DATABASE_URL"); v != "" {
		u, err := url.Parse(v)
		switch {
		case err != nil:
			// The parse error would echo the URL and its password into the log.
			bad("KINMUCHI_DATABASE_URL", "is not a valid URL")
		case u.Scheme != "postgres" && u.Scheme != "postgresql":
			bad("KINMUCHI_DATABASE_URL", "must start with postgres:// (leave it unset for the embedded database), got scheme %q", u.Scheme)
		default:
			c.DatabaseURL = v
		}
	}
	if v := getenv("KINMUCHI_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			bad("KINMUCHI_LOG_LEVEL", "must be debug, info, warn or error, got %q", v)
		}
	}
	if v := getenv("KINMUCHI_MODE"); v != "" {
		switch Mode(v) {
		case ModeProduction, ModeDemo, ModeTest:
			c.Mode = Mode(v)
		default:
			bad("KINMUCHI_MODE", "must be production, demo or test, got %q", v)
		}
	}
	if v := getenv("KINMUCHI_JWT_SECRET"); v != "" {
		if len(v) < 32 {
			bad("KINMUCHI_JWT_SECRET", "must be at least 32 characters long")
		} else {
			c.JWTSecret = []byte(v)
		}
	}
	if v := getenv("KINMUCHI_JWT_ISSUER"); v != "" {
		c.JWTIssuer = v
	}
	c.DemoPassword = getenv("KINMUCHI_DEMO_PASSWORD")
	if c.DemoPassword != "" && len([]rune(c.DemoPassword)) < 12 {
		bad("KINMUCHI_DEMO_PASSWORD", "must be at least 12 characters long")
	}
	// count reads a whole number from 1 to most into *into; unset keeps it.
	count := func(name string, most int, into *int) {
		v := getenv(name)
		if v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > most {
			bad(name, "must be a whole number from 1 to %d, got %q", most, v)
			return
		}
		*into = n
	}
	count("KINMUCHI_DB_MAX_CONNS", 1000, &c.MaxDBConns)
	count("KINMUCHI_MAX_IN_FLIGHT", 10000, &c.MaxInFlight)
	if v := getenv("KINMUCHI_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad("KINMUCHI_SHUTDOWN_TIMEOUT", "must be a positive duration such as 20s, got %q", v)
		} else {
			c.ShutdownTimeout = d
		}
	}
	if v := getenv("KINMUCHI_TRUSTED_PROXIES"); v != "" {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if !strings.Contains(s, "/") {
				if strings.Contains(s, ":") {
					s += "/128"
				} else {
					s += "/32"
				}
			}
			_, n, err := net.ParseCIDR(s)
			if err != nil {
				bad("KINMUCHI_TRUSTED_PROXIES", "must be a comma-separated list of IP addresses or CIDR ranges, got %q", s)
				continue
			}
			c.TrustedProxies = append(c.TrustedProxies, n)
		}
	}
	if v := getenv("KINMUCHI_WEBHOOK_ALLOW"); v != "" {
		for _, s := range strings.Split(v, ",") {
			s = strings.ToLower(strings.TrimSpace(s))
			if p, err := netip.ParsePrefix(s); err == nil {
				c.WebhookAllow.Nets = append(c.WebhookAllow.Nets, p.Masked())
			} else if a, err := netip.ParseAddr(s); err == nil {
				c.WebhookAllow.Nets = append(c.WebhookAllow.Nets, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			} else if validHostName(s) {
				c.WebhookAllow.Hosts = append(c.WebhookAllow.Hosts, strings.TrimSuffix(s, "."))
			} else {
				bad("KINMUCHI_WEBHOOK_ALLOW", "must be a comma-separated list of host names, IP addresses or CIDR ranges, got %q", s)
			}
		}
	}
	switch v := getenv("KINMUCHI_WORKERS"); v {
	case "", "on", "true", "1":
	case "off", "false", "0":
		c.Workers = false
	default:
		bad("KINMUCHI_WORKERS", "must be on or off, got %q", v)
	}
	c.SMTP.Host = getenv("KINMUCHI_SMTP_HOST")
	c.SMTP.Username = getenv("KINMUCHI_SMTP_USERNAME")
	c.SMTP.Password = getenv("KINMUCHI_SMTP_PASSWORD")
	c.SMTP.From = getenv("KINMUCHI_SMTP_FROM")
	if v := getenv("KINMUCHI_SMTP_PORT"); v != "" {
		if p, err := strconv.Atoi(v); err != nil || p < 1 || p > 65535 {
			bad("KINMUCHI_SMTP_PORT", "must be a port number from 1 to 65535, got %q", v)
		} else {
			c.SMTP.Port = p
		}
	}
	if c.SMTP.Host != "" && !strings.Contains(c.SMTP.From, "@") {
		bad("KINMUCHI_SMTP_FROM", "must be the sender's e-mail address when KINMUCHI_SMTP_HOST is set")
	}
	if c.SMTP.Host == "" && (c.SMTP.Username != "" || c.SMTP.Password != "") {
		bad("KINMUCHI_SMTP_HOST", "is required when KINMUCHI_SMTP_USERNAME or KINMUCHI_SMTP_PASSWORD is set")
	}
	if v := getenv("KINMUCHI_PUBLIC_URL"); v != "" {
		if msg := checkPublicURL(v); msg != "" {
			bad("KINMUCHI_PUBLIC_URL", "%s, got %q", msg, v)
		} else {
			c.PublicURL = strings.TrimSuffix(v, "/")
		}
	}
	if v := getenv("KINMUCHI_CLOCK"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		switch {
		case err != nil:
			bad("KINMUCHI_CLOCK", "must be an RFC 3339 instant such as 2026-12-01T09:00:00+09:00, got %q", v)
		default:
			c.Clock = &t
		}
	}
	if v := getenv("KINMUCHI_AUDIT_KEY"); v != "" {
		if k, err := ParseAuditKey(v); err != nil {
			bad("KINMUCHI_AUDIT_KEY", "%v (make one with: openssl rand -base64 32)", err)
		} else {
			c.AuditKey = k
		}
	}
	if v := getenv("KINMUCHI_AUDIT_SEAL_INTERVAL"); v != "" {
		if d, err := time.ParseDuration(v); err != nil || d < time.Second || d > 24*time.Hour {
			bad("KINMUCHI_AUDIT_SEAL_INTERVAL", "must be a duration from 1s to 24h such as 1m, got %q", v)
		} else {
			c.SealInterval = d
		}
	}
	if v := getenv("KINMUCHI_JOB_RESCUE_AFTER"); v != "" {
		// River refuses less than a job's default time limit (a minute).
		if d, err := time.ParseDuration(v); err != nil || d < time.Minute || d > 24*time.Hour {
			bad("KINMUCHI_JOB_RESCUE_AFTER", "must be a duration from 1m to 24h such as 15m, got %q", v)
		} else {
			c.JobRescueAfter = d
		}
	}
	if v := getenv("KINMUCHI_PPROF_ADDR"); v != "" {
		if host, _, err := net.SplitHostPort(v); err != nil || !isLoopback(host) {
			bad("KINMUCHI_PPROF_ADDR", "must be a loopback address with a port such as 127.0.0.1:6060, got %q", v)
		} else {
			c.PprofAddr = v
		}
	}
	if err := c.checkModeRules(); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// SetMode switches the mode (e.g. by `serve --demo`) and checks again the
// settings that depend on it.
func (c *Config) SetMode(m Mode) error {
	c.Mode = m
	return c.checkModeRules()
}

func (c Config) checkModeRules() error {
	var errs []error
	if c.Clock != nil && c.Mode == ModeProduction {
		errs = append(errs, FieldError{Var: "KINMUCHI_CLOCK", Msg: "is only allowed in demo or test mode (KINMUCHI_MODE=demo or serve --demo)"})
	}
	if c.Mode == ModeProduction {
		switch {
		case c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "https://"):
			// Links sent by e-mail lead people to sign in: never over plain HTTP.
			errs = append(errs, FieldError{Var: "KINMUCHI_PUBLIC_URL", Msg: "must start with https:// in production mode"})
		case c.PublicURL == "" && c.SMTP.Host != "":
			// Notification e-mails link to the request or the approval inbox.
			errs = append(errs, FieldError{Var: "KINMUCHI_PUBLIC_URL", Msg: "is required in production mode when KINMUCHI_SMTP_HOST is set: " +
				"notification e-mails link to kinmuchi at this address, e.g. https://kinmuchi.city.example.lg.jp"})
		}
	}
	return errors.Join(errs...)
}

// checkPublicURL says what is wrong with a public address, or "". It must
// be an absolute http(s) URL of a site root: kinmuchi serves its UI and API
// from /, and a query, fragment, user name, path or dot segment would let a
// link point somewhere other than where it seems to.
func checkPublicURL(v string) string {
	u, err := url.Parse(v)
	switch {
	case err != nil || !u.IsAbs() || u.Opaque != "":
		return "must be an absolute URL such as https://kinmuchi.city.example.lg.jp"
	case u.Scheme != "https" && u.Scheme != "http":
		return "must start with https:// (http:// only outside production mode)"
	case u.Host == "" || u.Hostname() == "":
		return "must name a host"
	case u.User != nil:
		return "must not contain a user name or password"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(v, "?#"):
		return "must not have a query or a fragment"
	case u.Path != "" && u.Path != "/":
		if strings.Contains(u.Path, "..") || strings.Contains(u.Path, "/.") {
			return "must not contain . or .. segments"
		}
		return "must be the address of the site root, without a path (kinmuchi serves everything from /)"
	}
	return ""
}

// CheckSecrets reports what a shared deployment lacks: several processes on one
// PostgreSQL must sign tokens with the same secret, so it cannot be generated.
func (c Config) CheckSecrets() error {
	if !c.Embedded() && len(c.JWTSecret) == 0 {
		return FieldError{Var: "KINMUCHI_JWT_SECRET", Msg: "is required with KINMUCHI_DATABASE_URL (every process must share it); use 32 or more random characters"}
	}
	return nil
}

// validHostName accepts a DNS name of letters, digits, hyphens and dots.
func validHostName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// isLoopback accepts 127.0.0.0/8, ::1 and localhost, never an empty host
// (which would listen on every interface).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}
