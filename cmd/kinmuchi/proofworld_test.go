package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// proofWorld is what the proof's load acts on: people signed in, an office
// with its seats, the day and slots they compete for, and every secret that
// must stay out of the logs.
type proofWorld struct {
	admin   string
	people  []string
	tokens  map[string]string
	office  string
	seats   []string
	slots   [][2]string
	secrets []string
}

const proofPassword = "proof-of-a-long-password-2026"

func setUpProofWorld(t *testing.T, base string, size proofSize) *proofWorld {
	t.Helper()
	w := &proofWorld{tokens: map[string]string{}, secrets: []string{readmeDemoPassword, proofPassword}}
	w.admin = w.signIn(t, base, "admin@demo.example", readmeDemoPassword)
	var depts struct{ Items []struct{ ID string } }
	getJSON(t, base+"/api/v1/departments?limit=1", w.admin, &depts)
	// The demo supervisor approves their requests (the escalation job's items).
	var sup struct{ ID string }
	getJSON(t, base+"/api/v1/me", w.signIn(t, base, "supervisor@demo.example", readmeDemoPassword), &sup)
	w.people = make([]string, size.people)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, size.people)
	sem := make(chan struct{}, 6)
	for i := range size.people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			email := fmt.Sprintf("proof%03d@demo.example", i)
			status, body := call(base, "POST", "/api/v1/employees", w.admin, map[string]any{"employee_number": fmt.Sprintf("P%04d", i), "email": email,
				"family_name": "検証", "given_name": fmt.Sprintf("利用者%d", i), "department_id": depts.Items[0].ID, "password": proofPassword,
				"supervisor_id": sup.ID, "has_remote_pc": true})
			if status != 201 {
				errs <- fmt.Errorf("create %s: %d %v", email, status, body)
				return
			}
			token := w.signIn(t, base, email, proofPassword)
			mu.Lock()
			w.people[i], w.tokens[email] = email, token
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// Family details and a reason text, which must reach no log.
	emp := w.signIn(t, base, "employee@demo.example", readmeDemoPassword)
	const familyName, reason = "検証花子ちゃん", "心療内科への通院に付き添うため"
	w.secrets = append(w.secrets, familyName, reason)
	status, body := call(base, "POST", "/api/v1/me/family-members", emp, map[string]any{"relation": "child", "name": familyName,
		"birth_date": "2020-05-01", "cohabiting": true, "evidence_note": reason})
	if status != 201 {
		t.Fatalf("family member: %d %v", status, body)
	}

	// The office and its seats.
	status, body = call(base, "POST", "/api/v1/offices", w.admin, map[string]any{"name": "検証サテライト", "kind": "satellite"})
	if status != 201 {
		t.Fatalf("office: %d %v", status, body)
	}
	w.office = body["id"].(string)
	for i := range size.seats {
		status, body := call(base, "POST", "/api/v1/offices/"+w.office+"/spaces", w.admin, map[string]any{"name": fmt.Sprintf("席%02d", i+1)})
		if status != 201 {
			t.Fatalf("seat: %d %v", status, body)
		}
		w.seats = append(w.seats, body["id"].(string))
	}
	for day := time.Now().AddDate(0, 0, 1); len(w.slots) == 0 && day.Before(time.Now().AddDate(0, 0, 21)); day = day.AddDate(0, 0, 1) {
		var av struct {
			Bookable bool
			Spaces   []struct {
				Free []struct{ Start, End time.Time }
			}
		}
		getJSON(t, base+"/api/v1/offices/"+w.office+"/availability?date="+day.Format(time.DateOnly), w.admin, &av)
		if !av.Bookable || len(av.Spaces) == 0 || len(av.Spaces[0].Free) == 0 {
			continue
		}
		free := av.Spaces[0].Free[0]
		for s := free.Start; !s.Add(time.Hour).After(free.End) && len(w.slots) < 4; s = s.Add(time.Hour) {
			w.slots = append(w.slots, [2]string{s.Format(time.RFC3339), s.Add(time.Hour).Format(time.RFC3339)})
		}
	}
	if len(w.slots) == 0 {
		t.Fatal("no bookable day at the proof's office in three weeks")
	}
	return w
}

// signIn signs in and keeps the access token and the refresh cookie as
// secrets.
func (w *proofWorld) signIn(t *testing.T, base, email, password string) string {
	t.Helper()
	status, body, h := callWith(base, "POST", "/api/v1/auth/login", "", nil, map[string]string{"email": email, "password": password})
	if status != 200 {
		t.Errorf("sign in as %s: %d %v", email, status, body)
		return ""
	}
	token := body["access_token"].(string)
	resp := http.Response{Header: h}
	for _, c := range resp.Cookies() {
		w.secrets = append(w.secrets, c.Value)
	}
	w.secrets = append(w.secrets, token)
	return token
}

// attempts draws the load: people book seats and slots at random, so many
// compete for the same seat and time, and some for two seats at once.
func (w *proofWorld) attempts(size proofSize) []proofAttempt {
	r := rand.New(rand.NewPCG(20261128, 21))
	out := make([]proofAttempt, size.attempts)
	for i := range out {
		slot := w.slots[r.IntN(len(w.slots))]
		out[i] = proofAttempt{key: fmt.Sprintf("proof-%d-%d", i, r.Int()), person: w.people[r.IntN(len(w.people))],
			seat: w.seats[r.IntN(len(w.seats))], start: slot[0], end: slot[1]}
	}
	return out
}

// approveAlongside has the demo supervisor approve the tasks in the inbox
// while the load runs, through any process. The returned function waits for
// it and gives the tasks answered 2xx.
func (w *proofWorld) approveAlongside(t *testing.T, procs []*proc, tally *proofTally, stop func() bool) func() []string {
	token := w.signIn(t, procs[0].base, "supervisor@demo.example", readmeDemoPassword)
	var approved []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; !stop(); i++ {
			base := procs[i%len(procs)].base
			status, body, h := callWith(base, "GET", "/api/v1/approvals", token, nil, nil)
			tally.add(status, h.Get("Content-Type"), "inbox")
			items, _ := body["items"].([]any)
			if status != 200 || len(items) == 0 {
				time.Sleep(100 * time.Millisecond)
				continue
			}
			task := items[0].(map[string]any)["task"].(map[string]any)["id"].(string)
			status, _, h = callWith(procs[(i+1)%len(procs)].base, "POST", "/api/v1/approvals/"+task+"/approve", token, nil, map[string]any{"confirm": true})
			if status != 0 {
				tally.add(status, h.Get("Content-Type"), "approve")
			}
			if status >= 200 && status < 300 {
				approved = append(approved, task)
			}
		}
	}()
	return func() []string {
		<-done
		return approved
	}
}

// proofJobs counts the background items done more than once: audit rows
// sealed twice (the positions are unique and contiguous) and outbox
// messages whose delivery job completed twice.
func proofJobs(t *testing.T, db *sql.DB) int {
	t.Helper()
	// Three minutes: a delivery that failed while a process or the database
	// was down waits for River's backoff (run 3 of docs/PROOF.md had 9 messages
	// still undelivered after one minute).
	deadline := time.Now().Add(3 * time.Minute)
	var unsealed, undelivered int
	for time.Now().Before(deadline) {
		_ = db.QueryRow(`SELECT count(*) FROM audit_events WHERE chain_position IS NULL`).Scan(&unsealed)
		_ = db.QueryRow(`SELECT count(*) FROM notification_outbox WHERE delivered_at IS NULL`).Scan(&undelivered)
		if unsealed == 0 && undelivered == 0 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if unsealed != 0 || undelivered != 0 {
		t.Errorf("after three minutes, %d audit rows unsealed and %d messages undelivered", unsealed, undelivered)
	}
	var rows, maxPos, twice int
	if err := db.QueryRow(`SELECT count(*), coalesce(max(chain_position), 0) FROM audit_events`).Scan(&rows, &maxPos); err != nil {
		t.Fatal(err)
	}
	if rows != maxPos {
		twice += rows - maxPos
	}
	var delivered int
	if err := db.QueryRow(`SELECT count(*) FROM (SELECT args->>'outbox_id' FROM river_job WHERE kind = 'deliver_notification' AND state = 'completed'
		GROUP BY args->>'outbox_id' HAVING count(*) > 1) d`).Scan(&delivered); err != nil {
		t.Fatal(err)
	}
	twice += delivered
	return twice
}

// proofVerify runs `kinmuchi audit verify` with every process's checkpoint
// file and log.
func proofVerify(t *testing.T, bin string, env []string, procs []*proc) string {
	t.Helper()
	args := []string{"audit", "verify"}
	for i, p := range procs {
		// Only the processes that sealed (River's leader at the time) have a file.
		if file := p.data + "/audit-checkpoints.jsonl"; fileExists(file) {
			args = append(args, "--checkpoints", file)
		}
		log := fmt.Sprintf("%s/proof-%d.log", t.TempDir(), i)
		if err := writeFile(log, p.logs.String()); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--checkpoints", log)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(env, "KINMUCHI_DATA_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("audit verify: %v\n%s", err, out)
		return "no"
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "sealed rows") {
			return "yes, " + strings.Fields(line)[2] + " rows"
		}
	}
	return "yes"
}

// scanForSecrets lists the secrets found in logs (each once).
func scanForSecrets(logs string, secrets []string) []string {
	var found []string
	seen := map[string]bool{}
	for _, s := range secrets {
		if len(s) < 6 || seen[s] {
			continue
		}
		seen[s] = true
		if strings.Contains(logs, s) {
			found = append(found, s[:6]+"…")
		}
	}
	return found
}

func writeFile(name, s string) error { return os.WriteFile(name, []byte(s), 0o600) }

func fileExists(name string) bool { _, err := os.Stat(name); return err == nil }
