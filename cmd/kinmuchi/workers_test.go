package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestServeStartsWorkersUnlessOff: `serve` creates the queue's tables and
// runs the periodic escalation job at start; KINMUCHI_WORKERS=off serves
// without working the queue.
func TestServeStartsWorkersUnlessOff(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		for _, workers := range []string{"on", "off"} {
			t.Run(workers, func(t *testing.T) {
				dir := t.TempDir()
				env := map[string]string{"KINMUCHI_DATA_DIR": dir, "KINMUCHI_ADDR": freeAddr(t), "KINMUCHI_WORKERS": workers,
					"KINMUCHI_JWT_SECRET": strings.Repeat("s", 40)}
				if d == models.Postgres {
					env["KINMUCHI_DATABASE_URL"] = testutil.PostgresDatabase(t)
				}
				ctx, cancel := context.WithCancel(context.Background())
				var logs bytes.Buffer
				// A set-up database: serve is ready only once an organisation exists.
				initEnv := map[string]string{"KINMUCHI_ADMIN_PASSWORD": "workers-test-password"}
				for k, v := range env {
					initEnv[k] = v
				}
				if err := run(ctx, []string{"init", "--org-name", "試験市", "--org-slug", "test-city", "--department", "総務課",
					"--admin-email", "admin@test-city.example", "--admin-name", "試験 太郎", "--admin-employee-number", "1"}, envOf(initEnv), &logs, &logs); err != nil {
					t.Fatalf("init: %v\n%s", err, logs.String())
				}
				done := make(chan error, 1)
				go func() { done <- run(ctx, []string{"serve"}, envOf(env), &logs, &logs) }()
				waitReady(t, "http://"+env["KINMUCHI_ADDR"], done)
				escalations := func() int {
					t.Helper()
					db, err := models.Open(context.Background(), models.OpenOptions{URL: env["KINMUCHI_DATABASE_URL"], DataDir: dir, MaxConns: 1})
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					var n int
					if err := db.SQL.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'escalate_tasks' AND state = 'completed'`).Scan(&n); err != nil {
						t.Fatal(err)
					}
					return n
				}
				if workers == "on" {
					deadline := time.Now().Add(20 * time.Second)
					for escalations() == 0 {
						if time.Now().After(deadline) {
							t.Fatalf("the escalation job never ran\n%s", logs.String())
						}
						time.Sleep(200 * time.Millisecond)
					}
				} else {
					time.Sleep(time.Second)
					if n := escalations(); n != 0 || !strings.Contains(logs.String(), "KINMUCHI_WORKERS=off") {
						t.Fatalf("%d escalation runs with workers off\n%s", n, logs.String())
					}
				}
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Fatalf("serve ended with %v\n%s", err, logs.String())
					}
				case <-time.After(30 * time.Second):
					t.Fatal("serve did not stop")
				}
			})
		}
	})
}
