package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/internal/testutil/pgcluster"
	"github.com/kinmuchi/kinmuchi/models"
)

// The proof (`make proof`; its short form runs in `make test`): real
// processes on a PostgreSQL configured as in production take concurrent
// bookings and approvals while one process is killed with -9 and the
// database is crashed and restarted; then every claim is checked in SQL.
// The same load on the embedded database, killed with -9, loses nothing
// acknowledged. KINMUCHI_PROOF=full runs the full size (2,000 attempts on
// 50 seats); the summary lines start with "PROOF " for the make target.
//
// Check-ins and calendar-feed reads run alongside the bookings; the jobs
// checked for exactly once are audit sealing, outbox delivery (e-mail and
// the webhook), no-show release and escalation (proofExtras).

// proofSize is how big the proof's load is.
type proofSize struct {
	people, attempts, seats, clients int
}

func sizeOfProof() proofSize {
	if os.Getenv("KINMUCHI_PROOF") == "full" {
		return proofSize{people: 100, attempts: 2000, seats: 50, clients: 48}
	}
	return proofSize{people: 12, attempts: 240, seats: 8, clients: 16}
}

// proc is one running `kinmuchi serve`.
type proc struct {
	base string
	cmd  *exec.Cmd
	logs *testutil.SyncBuffer
	env  []string
	data string
}

func startProc(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{data: t.TempDir(), env: env}
	p.start(t, bin, args...)
	return p
}

func (p *proc) start(t *testing.T, bin string, args ...string) {
	t.Helper()
	if err := p.launch(t, bin, args...); err != nil {
		t.Fatal(err)
	}
}

// launch starts the process and waits until it is ready; it does not stop
// the test, so a goroutine of the load may call it.
func (p *proc) launch(t *testing.T, bin string, args ...string) error {
	addr := freeAddr(t)
	p.base = "http://" + addr
	if p.logs == nil {
		p.logs = &testutil.SyncBuffer{}
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), p.env...), "KINMUCHI_ADDR="+addr, "KINMUCHI_DATA_DIR="+p.data)
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		return err
	}
	p.cmd = cmd
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	if !pollReady(p.base, 200, 60*time.Second) {
		return fmt.Errorf("%v never became ready:\n%s", args, p.logs.String())
	}
	return nil
}

func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
}

// proofAttempt is one booking attempt and what it was answered.
type proofAttempt struct {
	key, person, seat, start, end string
	status                        int
	id                            string
	problemJSON                   bool
}

// proofTally counts answers across the run.
type proofTally struct {
	mu       sync.Mutex
	statuses map[int]int
	fivexx   []string
}

func (t *proofTally) add(status int, ctype, what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.statuses == nil {
		t.statuses = map[int]int{}
	}
	t.statuses[status]++
	if status >= 500 && (status != 503 || !strings.HasPrefix(ctype, "application/problem+json")) {
		t.fivexx = append(t.fivexx, fmt.Sprintf("%d %s %s", status, ctype, what))
	}
}

// book sends one attempt with its key and records the answer.
func book(base, token string, a *proofAttempt, tally *proofTally) {
	status, out, h := callWith(base, "POST", "/api/v1/bookings", token, map[string]string{"Idempotency-Key": a.key},
		map[string]any{"space_id": a.seat, "start": a.start, "end": a.end})
	a.status = status
	if status == 201 {
		a.id, _ = out["id"].(string)
	}
	ctype := ""
	if h != nil {
		ctype = h.Get("Content-Type")
	}
	a.problemJSON = strings.HasPrefix(ctype, "application/problem+json")
	tally.add(status, ctype, fmt.Sprint(out))
}

func TestProof(t *testing.T) {
	if testing.Short() {
		t.Skip("the proof starts its own PostgreSQL and several processes")
	}
	size := sizeOfProof()
	bin := filepath.Join(t.TempDir(), "kinmuchi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	t.Run("postgres", func(t *testing.T) { proofPostgres(t, bin, size) })
	t.Run("sqlite", func(t *testing.T) { proofSQLite(t, bin, size) })
}

func proofPostgres(t *testing.T, bin string, size proofSize) {
	if _, err := pgcluster.FindBin(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx := context.Background()
	cluster, err := pgcluster.StartDurable(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	admin, err := sql.Open("pgx", cluster.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE proof"); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	dbURL := testutil.WithDatabase(cluster.URL, "proof")
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var fsync, syncCommit string
	_ = db.QueryRow("SHOW fsync").Scan(&fsync)
	_ = db.QueryRow("SHOW synchronous_commit").Scan(&syncCommit)
	if fsync != "on" || syncCommit != "on" {
		t.Fatalf("the proof's PostgreSQL runs with fsync=%s synchronous_commit=%s", fsync, syncCommit)
	}

	seed := make([]byte, ed25519.SeedSize)
	_, _ = rand.Read(seed)
	auditKey := base64.StdEncoding.EncodeToString(seed)
	extras, hookEnv := newProofHook(t)
	env := []string{"KINMUCHI_DATABASE_URL=" + dbURL, "KINMUCHI_JWT_SECRET=" + strings.Repeat("p", 40),
		"KINMUCHI_DEMO_PASSWORD=" + readmeDemoPassword, "KINMUCHI_LOG_LEVEL=info", "KINMUCHI_DB_MAX_CONNS=30",
		"KINMUCHI_AUDIT_KEY=" + auditKey, "KINMUCHI_AUDIT_SEAL_INTERVAL=2s",
		// A delivery held by the process killed -9 is retried by another
		// after this; at the default 15 minutes the wait below would not see it.
		"KINMUCHI_JOB_RESCUE_AFTER=1m"}
	// Check-in codes and calendar feeds are links: they need the public address.
	env = append(env, append(hookEnv, "KINMUCHI_PUBLIC_URL=https://kinmuchi.proof.example")...)
	procs := []*proc{startProc(t, bin, env, "serve", "--demo")}
	procs = append(procs, startProc(t, bin, env, "serve"), startProc(t, bin, env, "serve"))

	w := setUpProofWorld(t, procs[0].base, size)
	extras.setUp(t, w, procs[0].base, db, size.people/5)
	secrets := w.secrets

	// The load, with the faults injected as it goes.
	tally := &proofTally{}
	// The last attempts are sent while the database is down.
	const outage = 24
	attempts := w.attempts(proofSize{attempts: size.attempts + outage})
	var outage503 atomic.Int32
	var done atomic.Int32
	var faults sync.WaitGroup
	var readyWentDown, readyCameBack atomic.Bool
	var restartErr error
	victim := procs[2]
	victimBack := make(chan struct{})
	inject := func(n int32) {
		switch n {
		case int32(size.attempts / 3):
			faults.Add(1)
			go func() {
				defer faults.Done()
				defer close(victimBack)
				victim.kill()
				time.Sleep(500 * time.Millisecond)
				if err := victim.launch(t, bin, "serve"); err != nil {
					restartErr = err
				}
			}()
		case int32(2 * size.attempts / 3):
			faults.Add(1)
			go func() {
				defer faults.Done()
				<-victimBack // one fault at a time: a process cannot start while the database is down
				if err := cluster.Crash(ctx); err != nil {
					restartErr = err
					return
				}
				readyWentDown.Store(pollReady(procs[0].base, 503, 10*time.Second))
				for i := size.attempts; i < len(attempts); i++ {
					a := &attempts[i]
					book(procs[i%len(procs)].base, w.tokens[a.person], a, tally)
					if a.status == 503 && a.problemJSON {
						outage503.Add(1)
					}
				}
				if err := cluster.Resume(ctx); err != nil {
					restartErr = err
					return
				}
				readyCameBack.Store(pollReady(procs[0].base, 200, 60*time.Second))
			}()
		}
	}
	approvals := w.approveAlongside(t, procs, tally, func() bool { return int(done.Load()) >= size.attempts })
	checkIns := extras.alongside(procs, w, tally)
	var wg sync.WaitGroup
	sem := make(chan struct{}, size.clients)
	for i := range size.attempts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			a := &attempts[i]
			book(procs[i%len(procs)].base, w.tokens[a.person], a, tally)
			inject(done.Add(1))
		}()
	}
	wg.Wait()
	faults.Wait()
	approved := approvals()
	checkIns()
	if restartErr != nil {
		t.Fatal(restartErr)
	}

	// Clients retry what got no answer or a 503, with the same key, and
	// replay a sample of what was answered 201.
	var replays, replayMismatch int
	for i := range attempts {
		a := &attempts[i]
		first := *a
		for try := 0; a.status == 0 || a.status == 503; try++ {
			if try > 0 {
				time.Sleep(200 * time.Millisecond)
			}
			if try == 20 {
				t.Fatalf("attempt %s never got an answer: %d", a.key, a.status)
			}
			book(procs[(i+try)%len(procs)].base, w.tokens[a.person], a, tally)
		}
		if first.status == 201 && (i%5 == 0 || os.Getenv("KINMUCHI_PROOF") == "full") {
			again := first
			// The database is up again: a replay is answered at once, never
			// 503 from a pooled connection its restart closed
			// (models.TestARestartedDatabaseAnswersTheNextRequests).
			status, out, h := callWith(procs[(i+1)%len(procs)].base, "POST", "/api/v1/bookings", w.tokens[a.person],
				map[string]string{"Idempotency-Key": a.key}, map[string]any{"space_id": a.seat, "start": a.start, "end": a.end})
			replays++
			if status != 201 || out["id"] != again.id || h.Get("Idempotent-Replayed") != "true" {
				replayMismatch++
				t.Errorf("replay of %s: %d %v (first %s)", a.key, status, out["id"], again.id)
			}
		}
	}

	extras.retryCheckIns(t, procs, w, tally)

	// The claims, in SQL.
	var overlaps, confirmed int
	if err := db.QueryRow(`SELECT count(*) FROM bookings x JOIN bookings y ON x.id < y.id AND x.status = 'confirmed' AND y.status = 'confirmed'
		AND x.start_at < y.end_at AND y.start_at < x.end_at AND (x.space_id = y.space_id OR x.employee_id = y.employee_id)`).Scan(&overlaps); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM bookings WHERE office_id = $1 AND status = 'confirmed'`, w.office).Scan(&confirmed); err != nil {
		t.Fatal(err)
	}
	lost, answered201 := 0, map[string]bool{}
	for _, a := range attempts {
		if a.status == 201 {
			answered201[a.id] = true
		}
	}
	for id := range answered201 {
		var status string
		if err := db.QueryRow(`SELECT status FROM bookings WHERE id = $1`, id).Scan(&status); err != nil || status != "confirmed" {
			lost++
		}
	}
	phantom := confirmed - len(answered201) // stored but never answered 201 (after every retry)
	for _, id := range approved {
		var status string
		if err := db.QueryRow(`SELECT status FROM approval_tasks WHERE id = $1`, id).Scan(&status); err != nil || status != "approved" {
			lost++
		}
	}
	checkedIn, checkInsLost := extras.checkInsKept(t, db)
	lost += checkInsLost
	if checkedIn == 0 {
		t.Errorf("no check-in of %d was answered 200", len(extras.checkins))
	}
	if overlaps != 0 || lost != 0 || phantom != 0 {
		t.Errorf("overlaps %d, acknowledged writes lost %d, stored but refused %d", overlaps, lost, phantom)
	}
	if outage503.Load() != outage {
		t.Errorf("%d of %d requests sent while the database was down answered 503 problem+json", outage503.Load(), outage)
	}
	if !readyWentDown.Load() || !readyCameBack.Load() {
		t.Errorf("/readyz during the database restart: went unready %v, came back %v", readyWentDown.Load(), readyCameBack.Load())
	}

	// Jobs: each item once across the three processes. Overdue tasks are
	// made after the load, and a process is killed with -9 as they fall due
	// (the escalation job runs every minute, on whichever process River picks).
	extras.makeOverdue(t, w, procs[0].base, db, max(3, size.people/10))
	procs[1].kill()
	time.Sleep(time.Second)
	procs[1].start(t, bin, "serve")
	released, escalated, jobsTwice := extras.jobsOnce(t, db)
	jobs := proofJobs(t, db) + jobsTwice
	if extras.posts.Load() == 0 {
		t.Errorf("the webhook received nothing")
	}
	chain := proofVerify(t, bin, env, procs)

	// Nothing secret in any process's logs.
	var logs strings.Builder
	for _, p := range procs {
		logs.WriteString(p.logs.String())
	}
	leaks := scanForSecrets(logs.String(), secrets)
	if len(leaks) > 0 {
		t.Errorf("secrets in the logs: %v", leaks)
	}
	if len(tally.fivexx) > 0 {
		t.Errorf("%d answers 5xx other than 503 problem+json: %v", len(tally.fivexx), tally.fivexx[:min(5, len(tally.fivexx))])
	}
	t.Logf("answers: %v", tally.statuses)
	summary(t, "postgres", [][2]string{
		{"attempts", fmt.Sprint(len(attempts))}, {"bookings answered 201", fmt.Sprint(len(answered201))},
		{"approvals answered 2xx", fmt.Sprint(len(approved))}, {"overlaps found", fmt.Sprint(overlaps)},
		{"check-ins answered 200 (of)", fmt.Sprintf("%d (%d)", checkedIn, len(extras.checkins))},
		{"acknowledged writes lost", fmt.Sprint(lost)}, {"stored but answered as failed", fmt.Sprint(phantom)},
		{"503 seen (problem+json)", fmt.Sprintf("%d (%d of %d sent while the database was down)", tally.statuses[503], outage503.Load(), outage)}, {"5xx seen (other)", fmt.Sprint(len(tally.fivexx))},
		{"idempotent replays (mismatched)", fmt.Sprintf("%d (%d)", replays, replayMismatch)},
		{"readyz down/up over the restart", fmt.Sprintf("%v/%v", readyWentDown.Load(), readyCameBack.Load())},
		{"no-shows released (of)", fmt.Sprintf("%d (%d)", released, len(extras.noShows))},
		{"overdue tasks escalated (of)", fmt.Sprintf("%d (%d)", escalated, len(extras.overdue))},
		{"webhook posts received", fmt.Sprint(extras.posts.Load())},
		{"jobs run twice", fmt.Sprint(jobs)}, {"chain verified", chain}, {"secrets in logs", fmt.Sprint(len(leaks))},
	})
}

// pollReady waits for /readyz to answer want.
func pollReady(base string, want int, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == want {
				return true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

func summary(t *testing.T, name string, rows [][2]string) {
	for _, r := range rows {
		fmt.Printf("PROOF %-8s %-36s %s\n", name, r[0], r[1])
	}
	t.Logf("summary of %s printed", name)
}

// proofSQLite: the same load on one process and its embedded database, from
// many clients, killed with -9 halfway; after the restart every booking
// answered 201 is there and no two overlap.
func proofSQLite(t *testing.T, bin string, size proofSize) {
	env := []string{"KINMUCHI_DEMO_PASSWORD=" + readmeDemoPassword, "KINMUCHI_LOG_LEVEL=info", "KINMUCHI_AUDIT_SEAL_INTERVAL=2s"}
	p := startProc(t, bin, env, "serve", "--demo")
	size.people, size.attempts = min(size.people, 12), size.attempts/2
	w := setUpProofWorld(t, p.base, size)
	tally := &proofTally{}
	attempts := w.attempts(size)
	var done atomic.Int32
	var killed sync.WaitGroup
	killed.Add(1)
	var once sync.Once
	var wg sync.WaitGroup
	sem := make(chan struct{}, size.clients)
	for i := range attempts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			book(p.base, w.tokens[attempts[i].person], &attempts[i], tally)
			if done.Add(1) == int32(len(attempts)/2) {
				once.Do(func() { p.kill(); killed.Done() })
			}
		}()
	}
	wg.Wait()
	killed.Wait()
	p.start(t, bin, "serve")
	unanswered := 0
	for i := range attempts {
		if attempts[i].status == 0 {
			unanswered++
		}
	}
	for i := range attempts {
		for try := 0; attempts[i].status == 0 || attempts[i].status == 503; try++ {
			if try == 20 {
				t.Fatalf("attempt %s never got an answer", attempts[i].key)
			}
			book(p.base, w.tokens[attempts[i].person], &attempts[i], tally)
		}
	}
	p.kill()
	mdb, err := models.Open(context.Background(), models.OpenOptions{DataDir: p.data})
	if err != nil {
		t.Fatal(err)
	}
	defer mdb.Close()
	db := mdb.SQL
	lost, ok := 0, map[string]bool{}
	for _, a := range attempts {
		if a.status != 201 {
			continue
		}
		ok[a.id] = true
		var status string
		if err := db.QueryRow(`SELECT status FROM bookings WHERE id = ?`, a.id).Scan(&status); err != nil || status != "confirmed" {
			lost++
		}
	}
	var overlaps, confirmed int
	if err := db.QueryRow(`SELECT count(*) FROM bookings x JOIN bookings y ON x.id < y.id AND x.status = 'confirmed' AND y.status = 'confirmed'
		AND x.start_at < y.end_at AND y.start_at < x.end_at AND (x.space_id = y.space_id OR x.employee_id = y.employee_id)`).Scan(&overlaps); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM bookings WHERE office_id = ? AND status = 'confirmed'`, w.office).Scan(&confirmed); err != nil {
		t.Fatal(err)
	}
	if lost != 0 || overlaps != 0 || confirmed != len(ok) || unanswered == 0 {
		t.Errorf("lost %d, overlaps %d, stored %d answered 201 %d, cut by the kill %d", lost, overlaps, confirmed, len(ok), unanswered)
	}
	if leaks := scanForSecrets(p.logs.String(), w.secrets); len(leaks) > 0 {
		t.Errorf("secrets in the logs: %v", leaks)
	}
	if len(tally.fivexx) > 0 {
		t.Errorf("5xx answers: %v", tally.fivexx[:min(5, len(tally.fivexx))])
	}
	summary(t, "sqlite", [][2]string{{"attempts", fmt.Sprint(len(attempts))}, {"cut off by kill -9", fmt.Sprint(unanswered)},
		{"bookings answered 201", fmt.Sprint(len(ok))}, {"overlaps found", fmt.Sprint(overlaps)}, {"acknowledged writes lost", fmt.Sprint(lost)},
		{"5xx seen", fmt.Sprint(len(tally.fivexx))}})
}
