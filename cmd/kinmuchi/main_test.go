package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// readmeDemoPassword is the password README.md documents for `make run`.
const readmeDemoPassword = "kinmuchi-demo-2026"

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func freeAddr(t *testing.T) string { return testutil.FreeAddr(t) }

// TestServeDemoAsTheReadmeSays starts `kinmuchi serve --demo` as `make run`
// does, signs in with every documented login, reads /me, and stops it the
// way SIGTERM would.
func TestServeDemoAsTheReadmeSays(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		env := map[string]string{
			"KINMUCHI_DATA_DIR":      t.TempDir(),
			"KINMUCHI_ADDR":          freeAddr(t),
			"KINMUCHI_DEMO_PASSWORD": readmeDemoPassword,
			"KINMUCHI_LOG_LEVEL":     "warn",
		}
		if d == models.Postgres {
			env["KINMUCHI_DATABASE_URL"] = testutil.PostgresDatabase(t)
			env["KINMUCHI_JWT_SECRET"] = strings.Repeat("s", 40)
		}
		ctx, cancel := context.WithCancel(context.Background())
		var logs bytes.Buffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"serve", "--demo"}, envOf(env), &logs, &logs) }()
		base := "http://" + env["KINMUCHI_ADDR"]
		waitReady(t, base, done)

		for _, login := range services.DemoLogins {
			tok := signIn(t, base, login, readmeDemoPassword)
			var me struct {
				Email        string `json:"email"`
				Organization struct {
					TimeZone string `json:"time_zone"`
				} `json:"organization"`
				Supervisor *struct{ ID string } `json:"supervisor"`
			}
			getJSON(t, base+"/api/v1/me", tok, &me)
			if me.Email != login || me.Organization.TimeZone != "Asia/Tokyo" {
				t.Fatalf("/me for %s: %+v", login, me)
			}
			if login == "employee@demo.example" && me.Supervisor == nil {
				t.Fatal("the demo employee has no supervisor")
			}
		}
		// The demo employee's requests wait in the supervisor's inbox.
		var inbox struct {
			Items []json.RawMessage `json:"items"`
		}
		getJSON(t, base+"/api/v1/approvals", signIn(t, base, "supervisor@demo.example", readmeDemoPassword), &inbox)
		if len(inbox.Items) == 0 {
			t.Fatalf("the demo supervisor's inbox is empty\n%s", logs.String())
		}
		if strings.Contains(logs.String(), readmeDemoPassword) || (env["KINMUCHI_JWT_SECRET"] != "" && strings.Contains(logs.String(), env["KINMUCHI_JWT_SECRET"])) {
			t.Fatal("a secret reached the log")
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve ended with %v\n%s", err, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop after the signal")
		}
	})
}

func TestDemoPasswordIsGeneratedAndNeverLogged(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KINMUCHI_DATA_DIR": dir}
	var out, logs bytes.Buffer
	if err := run(context.Background(), []string{"seed-demo"}, envOf(env), &out, &logs); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	pwFile := filepath.Join(dir, "demo-password")
	st, err := os.Stat(pwFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("demo password file: %v %v", err, st)
	}
	pw, _ := os.ReadFile(pwFile)
	if strings.Contains(logs.String(), strings.TrimSpace(string(pw))) || !strings.Contains(logs.String(), pwFile) {
		t.Fatalf("the log must name the file and not the password:\n%s", logs.String())
	}
	secret, err := os.Stat(filepath.Join(dir, "jwt-secret"))
	if err != nil || secret.Mode().Perm() != 0o600 {
		t.Fatalf("jwt secret file: %v", err)
	}
	// Seeding again changes nothing.
	if err := run(context.Background(), []string{"seed-demo"}, envOf(env), &out, &logs); err != nil {
		t.Fatal(err)
	}
}

func TestBadSettingsStopStartWithTheirName(t *testing.T) {
	cases := map[string]map[string]string{
		"KINMUCHI_LOG_LEVEL":    {"KINMUCHI_LOG_LEVEL": "chatty"},
		"KINMUCHI_CLOCK":        {"KINMUCHI_CLOCK": "2026-12-01T09:00:00+09:00"},
		"KINMUCHI_JWT_SECRET":   {"KINMUCHI_DATABASE_URL": "postgres://127.0.0.1:1/none"},
		"KINMUCHI_DATABASE_URL": {"KINMUCHI_DATABASE_URL": "sqlite://x"},
	}
	for name, env := range cases {
		env["KINMUCHI_DATA_DIR"] = t.TempDir()
		var logs bytes.Buffer
		err := run(context.Background(), []string{"serve"}, envOf(env), &logs, &logs)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

func TestMigrateAndVersionCommands(t *testing.T) {
	env := map[string]string{"KINMUCHI_DATA_DIR": t.TempDir()}
	var out, logs bytes.Buffer
	ctx := context.Background()
	for _, args := range [][]string{{"migrate", "up"}, {"migrate", "status"}, {"migrate", "down"}, {"migrate", "up"}, {"version"}} {
		out.Reset()
		if err := run(ctx, args, envOf(env), &out, &logs); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, logs.String())
		}
		if len(args) == 2 && args[1] == "status" && !strings.Contains(out.String(), "applied") {
			t.Fatalf("status: %s", out.String())
		}
	}
	if !strings.HasPrefix(out.String(), "kinmuchi ") {
		t.Fatalf("version: %q", out.String())
	}
	if err := run(ctx, []string{"frobnicate"}, envOf(env), &out, &logs); err == nil {
		t.Fatal("an unknown command must fail")
	}
}

func waitReady(t *testing.T, base string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v", err)
		default:
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the server never became ready")
}

func signIn(t *testing.T, base, email, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&s) != nil {
		t.Fatalf("sign in as %s: %s", email, resp.Status)
	}
	return s.AccessToken
}

func getJSON(t *testing.T, url, token string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(fmt.Errorf("decode %s: %w", url, err))
	}
}
