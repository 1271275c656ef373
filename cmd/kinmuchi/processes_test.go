package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
)

// TestTwoProcessesNeverDoubleBook runs two real `kinmuchi serve` processes on
// one PostgreSQL database and sends 200 people's requests for the same seat
// and time to both at once: exactly one booking is made, and the database
// holds no overlapping pair.
func TestTwoProcessesNeverDoubleBook(t *testing.T) {
	dbURL := testutil.PostgresDatabase(t)
	bin := filepath.Join(t.TempDir(), "kinmuchi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	env := []string{"KINMUCHI_DATABASE_URL=" + dbURL, "KINMUCHI_JWT_SECRET=" + strings.Repeat("k", 40),
		"KINMUCHI_DEMO_PASSWORD=" + readmeDemoPassword, "KINMUCHI_LOG_LEVEL=warn", "KINMUCHI_DB_MAX_CONNS=40"}
	start := func(args ...string) (string, *exec.Cmd) {
		addr := freeAddr(t)
		cmd, _ := startBinary(t, bin, append(os.Environ(), append(env, "KINMUCHI_ADDR="+addr, "KINMUCHI_DATA_DIR="+t.TempDir())...), args...)
		waitReady(t, "http://"+addr, make(chan error))
		return "http://" + addr, cmd
	}
	a, procA := start("serve", "--demo")
	b, procB := start("serve")

	admin := signIn(t, a, "admin@demo.example", readmeDemoPassword)
	var depts struct{ Items []struct{ ID string } }
	getJSON(t, a+"/api/v1/departments?limit=1", admin, &depts)
	const people = 200
	tokens := make([]string, people)
	var wg sync.WaitGroup
	errs := make(chan error, people)
	sem := make(chan struct{}, 8)
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			email := fmt.Sprintf("racer%03d@demo.example", i)
			status, body := call(a, "POST", "/api/v1/employees", admin, map[string]any{"employee_number": fmt.Sprintf("R%04d", i), "email": email,
				"family_name": "競争", "given_name": fmt.Sprintf("走者%d", i), "department_id": depts.Items[0].ID, "password": readmeDemoPassword + "!"})
			if status != 201 {
				errs <- fmt.Errorf("create %s: %d %s", email, status, body)
				return
			}
			status, body = call(b, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": readmeDemoPassword + "!"})
			if status != 200 {
				errs <- fmt.Errorf("sign in %s: %d %s", email, status, body)
				return
			}
			tokens[i] = body["access_token"].(string)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// A free seat of the main building on its next open day.
	var offices struct{ Items []struct{ ID, Name string } }
	getJSON(t, a+"/api/v1/offices", tokens[0], &offices)
	var office string
	for _, o := range offices.Items {
		if o.Name == "本庁舎" {
			office = o.ID
		}
	}
	var seat, from, to string
	for day := time.Now().AddDate(0, 0, 1); seat == "" && day.Before(time.Now().AddDate(0, 0, 21)); day = day.AddDate(0, 0, 1) {
		var av struct {
			Bookable bool
			Spaces   []struct {
				ID   string
				Free []struct{ Start, End time.Time }
			}
		}
		getJSON(t, a+"/api/v1/offices/"+office+"/availability?date="+day.Format(time.DateOnly), tokens[0], &av)
		if av.Bookable && len(av.Spaces) > 0 && len(av.Spaces[0].Free) > 0 {
			free := av.Spaces[0].Free[0]
			seat, from = av.Spaces[0].ID, free.Start.Format(time.RFC3339)
			end := free.Start.Add(time.Hour)
			if free.End.Before(end) {
				end = free.End
			}
			to = end.Format(time.RFC3339)
		}
	}
	if seat == "" {
		t.Fatal("no free seat in the main building in three weeks")
	}

	statuses := make(chan int, people)
	var firstRefusal sync.Once
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := a
			if i%2 == 1 {
				base = b
			}
			status, body := call(base, "POST", "/api/v1/bookings", tokens[i], map[string]any{"space_id": seat, "start": from, "end": to})
			if status != 201 && status != 409 {
				firstRefusal.Do(func() { t.Logf("unexpected answer %d: %v", status, body) })
			}
			statuses <- status
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[201] != 1 || count[409] != people-1 {
		_, body := call(a, "POST", "/api/v1/bookings", tokens[0], map[string]any{"space_id": seat, "start": from, "end": to})
		t.Fatalf("answers %v: want one 201 and %d 409s (a late retry answers %v)", count, people-1, body)
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var overlapping int
	if err := db.QueryRow(`SELECT count(*) FROM bookings x JOIN bookings y ON x.id < y.id AND x.status = 'confirmed' AND y.status = 'confirmed'
		AND x.start_at < y.end_at AND y.start_at < x.end_at AND (x.space_id = y.space_id OR x.employee_id = y.employee_id)`).Scan(&overlapping); err != nil {
		t.Fatal(err)
	}
	if overlapping != 0 {
		t.Fatalf("%d overlapping pairs in the database", overlapping)
	}
	// SIGTERM: both stop cleanly.
	for _, p := range []*exec.Cmd{procA, procB} {
		stopCleanly(t, p)
	}
}

// stopCleanly sends SIGTERM and expects the process to finish its requests
// and exit 0 within 30 seconds.
func stopCleanly(t *testing.T, p *exec.Cmd) {
	t.Helper()
	_ = p.Process.Signal(syscall.SIGTERM)
	waited := make(chan error, 1)
	go func() { waited <- p.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("%v ended with %v after SIGTERM", p.Args[1:], err)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("%v did not stop after SIGTERM", p.Args[1:])
	}
}

// call sends a JSON request and decodes the JSON answer.
func call(base, method, path, token string, body any) (int, map[string]any) {
	status, out, _ := callWith(base, method, path, token, nil, body)
	return status, out
}

// callWith is call with extra headers, also returning the answer's headers;
// status 0 is a request that got no answer.
func callWith(base, method, path, token string, headers map[string]string, body any) (int, map[string]any, http.Header) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, map[string]any{"error": err.Error()}, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

// startBinary starts the built binary with exactly env. Its output is kept,
// and shown when the test fails; the process is killed at the end unless the
// test waited for it.
func startBinary(t *testing.T, bin string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("logs of %v:\n%s", args, logs.String())
		}
	})
	return cmd, &logs
}
