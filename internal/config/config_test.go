package config

import (
	"errors"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || !c.Embedded() || c.Mode != ModeProduction {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestLoadNamesEveryBadVariable(t *testing.T) {
	_, err := Load(env(map[string]string{
		"KINMUCHI_ADDR":         "nonsense",
		"KINMUCHI_DATABASE_URL": "mysql://x",
		"KINMUCHI_LOG_LEVEL":    "loud",
		"KINMUCHI_JWT_SECRET":   "short",
		"KINMUCHI_DB_MAX_CONNS": "0",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, name := range []string{"KINMUCHI_ADDR", "KINMUCHI_DATABASE_URL", "KINMUCHI_LOG_LEVEL", "KINMUCHI_JWT_SECRET", "KINMUCHI_DB_MAX_CONNS"} {
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
