// Command loadgen is `make bench` (and, shorter, `make bench-smoke`): it
// builds kinmuchi, starts a durable PostgreSQL of its own (fsync and
// synchronous_commit on, as in production), runs a real kinmuchi process on
// it over loopback, seeds an office of 1,000 seats and a division of staff
// through the API, and drives it with vegeta: booking creation (8 clients,
// then a rate sweep), a day's availability of the office while bookings keep
// landing, the approval inbox, the telework preview and the attendance-ratio
// report. Each scenario reports throughput, p50/p95/p99, errors and the
// server's peak RSS, and leaves a CPU profile in bench-out/. It then
// captures the statements one booking runs (log_statement=all) and runs them
// with pgbench, and a bare insert into bookings, for the ceiling.
//
//	go run ./internal/tools/loadgen [-smoke] [-out bench-out] [-only inbox]
//
// -only runs the scenarios whose name contains the text, or one of several
// separated by commas (the pgbench ceiling only with booking creation), to
// measure one path alone.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/kinmuchi/kinmuchi/internal/testutil/pgcluster"
)

// plan is how long and how hard each scenario runs.
type plan struct {
	people      int
	spaces      int
	closed      time.Duration // booking with 8 clients
	sweep       []float64     // booking rates, as fractions of what 8 clients reached
	availRates  []int         // availability rates
	landing     int           // bookings per second landing during availability
	readRate    int           // inbox, preview, ratio
	step        time.Duration // each rate step
	captured    int           // booking requests whose statements are captured
	pgbenchTime time.Duration
	smoke       bool
	only        string // run only the scenarios whose name contains it (or one of its comma-separated parts)
}

// runs tells whether a scenario is part of this run.
func (p plan) runs(name string) bool {
	return slices.ContainsFunc(strings.Split(p.only, ","), func(part string) bool { return strings.Contains(name, part) })
}

var (
	// The workload: 1,000 seats, 3,000 bookings on the day read,
	// reads at 100/s, availability at 50, 100 and 200/s.
	fullPlan = plan{people: 250, spaces: 1000, closed: 20 * time.Second, sweep: []float64{0.25, 0.5, 0.75, 1, 1.25},
		availRates: []int{50, 100, 200}, landing: 20, readRate: 100, step: 10 * time.Second, captured: 100, pgbenchTime: 20 * time.Second}
	// The smoke run checks that every scenario still works (make test runs
	// it): few people and seats, low rates, a second or two each.
	smokePlan = plan{people: 20, spaces: 100, closed: time.Second, sweep: []float64{0.5},
		availRates: []int{20}, landing: 5, readRate: 5, step: time.Second, captured: 10, pgbenchTime: time.Second, smoke: true}
)

func main() {
	smoke := flag.Bool("smoke", false, "a few seconds per scenario (make bench-smoke, in make test): the same code path, figures not meaningful")
	out := flag.String("out", "bench-out", "where the profiles, scripts and logs go")
	only := flag.String("only", "", `run only the scenarios whose name contains this text, or one of several separated by commas (e.g. "inbox", "preview,ratio", "booking"; pgbench only with booking)`)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := fullPlan
	if *smoke {
		p = smokePlan
	}
	p.only = *only
	if err := run(ctx, p, *out); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(ctx context.Context, p plan, out string) error {
	began, loadBefore := time.Now(), loadAvg()
	if err := os.MkdirAll(filepath.Join(out, "pgbench"), 0o755); err != nil {
		return err
	}
	for _, pattern := range []string{"*.pprof", "*.top.txt", "pgbench/*.sql", "pgbench/*.out"} {
		old, _ := filepath.Glob(filepath.Join(out, pattern))
		for _, f := range old {
			_ = os.Remove(f)
		}
	}
	out, _ = filepath.Abs(out)
	bin := filepath.Join(out, "kinmuchi-bench")
	logf("building kinmuchi into %s", bin)
	if b, err := exec.Command("go", "build", "-o", bin, "./cmd/kinmuchi").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, b)
	}
	cluster, err := pgcluster.StartWith(ctx, pgcluster.Options{Durable: true})
	if errors.Is(err, pgcluster.ErrNotInstalled) {
		return fmt.Errorf("the benchmark starts a PostgreSQL of its own: %w; %s", err, pgcluster.InstallHint)
	}
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	defer cluster.Stop()
	admin, err := sql.Open("pgx", cluster.URL)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE kinmuchi"); err != nil {
		return err
	}
	dbURL := strings.Replace(cluster.URL, "/postgres?", "/kinmuchi?", 1)
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var pgVersion string
	_ = db.QueryRowContext(ctx, "SHOW server_version").Scan(&pgVersion)
	logf("durable PostgreSQL %s (fsync, synchronous_commit on); starting kinmuchi", pgVersion)

	// Workers off: the request paths are measured alone (a production web
	// process may run them too; docs/SCALING.md counts them apart), and the
	// statement capture sees no job polling.
	srv, err := startServer(ctx, bin, dbURL, out, []string{"KINMUCHI_WORKERS=off"})
	if err != nil {
		return err
	}
	defer srv.Stop()
	a := &api{base: srv.base, http: &http.Client{Timeout: 30 * time.Second}}
	w, err := seed(a, p.people, p.spaces, logf)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}

	availName := fmt.Sprintf("availability, %d seats", len(w.spaces))
	availPath := fmt.Sprintf("/offices/%s/availability?date=%s", w.office, availDay.Format(time.DateOnly))
	preview := fmt.Sprintf(`{"dates":[%q],"unit":"full","place":"home","reason":"general"}`, previewDay)
	const ratioPath = "/reports/attendance-ratio?from=2026-12-01&to=2026-12-31&group=day"
	get := func(path, token string) func(int) error {
		return func(int) error { return a.call(http.MethodGet, path, token, nil, nil) }
	}
	probes := []probe{
		{name: "booking create", n: p.captured, do: func(r int) error {
			from, to := slot(captureDay, r%18)
			return a.call(http.MethodPost, "/bookings", w.staff[r%len(w.staff)], map[string]string{"space_id": w.spaces[(500+r)%len(w.spaces)], "start": from, "end": to}, nil)
		}, window: func(int) Window {
			// The queries look a day or so either side of a booking (none is
			// longer than 25 hours); the clock's "now" is months before.
			return Window{From: captureDay.AddDate(0, 0, -3), To: captureDay.AddDate(0, 0, 4)}
		}},
		{name: availName, n: 3, do: get(availPath, w.staff[0])},
		{name: "inbox (page of 50)", n: 3, do: get("/approvals?limit=50", w.approver)},
		{name: "telework preview", n: 3, do: func(int) error {
			return a.call(http.MethodPost, "/telework-requests/preview", w.staff[0], json.RawMessage(preview), nil)
		}},
		{name: "attendance-ratio report", n: 3, do: get(ratioPath, w.hr)},
	}
	probes = slices.DeleteFunc(probes, func(pr probe) bool { return !p.runs(pr.name) })
	captures, err := captureRequests(ctx, db, cluster.LogFile(), out, probes)
	if err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	capture := captures["booking create"]

	r := &runner{srv: srv, w: w, out: out, settle: 2 * time.Second, timeout: 10 * time.Second, only: p.only}
	if p.smoke {
		// A slow CI machine must not fail the smoke run by a time-out.
		r.settle, r.timeout = 200*time.Millisecond, time.Minute
	}
	var rows []Summary
	add := func(s Summary) {
		if s.Requests > 0 { // not left out by -only
			rows = append(rows, s)
		}
	}

	// Booking creation: person i mod people books seat i mod 1,000 in slot
	// i / people (18 a day from bookDay): within a slot no seat and no
	// person twice, so nothing clashes, whatever order the answers come in.
	var booked atomic.Int64
	book := func(t *vegeta.Target) error {
		i := int(booked.Add(1) - 1)
		n := i / p.people
		from, to := slot(bookDay.AddDate(0, 0, n/18), n%18)
		*t = r.target(http.MethodPost, "/bookings", w.staff[i%p.people], fmt.Sprintf(`{"space_id":%q,"start":%q,"end":%q}`, w.spaces[i%len(w.spaces)], from, to))
		return nil
	}
	var ceiling ceiling
	if p.runs("booking create") {
		closed := r.attack("booking create", "8 clients", vegeta.Rate{}, 8, p.closed, book)
		add(closed)
		// The ceiling, at once, so that it runs in the same conditions (on a
		// shared machine the load changes from minute to minute). pgbench's
		// bookings land far in the future, out of the way of what follows.
		if ceiling, err = runPgbench(ctx, cluster.Bin(), dbURL, out, capture, p.pgbenchTime); err != nil {
			return fmt.Errorf("pgbench: %w", err)
		}
		// The sweep offers fixed rates (open model: requests arrive whether or
		// not the last was answered) around what 8 clients reached, so that it
		// finds the knee of whatever code is built.
		for _, f := range p.sweep {
			rate := max(1, int(f*closed.Throughput))
			add(r.attack("booking create", fmt.Sprintf("%d/s", rate), vegeta.Rate{Freq: rate, Per: time.Second}, 0, p.step, book))
		}
	}

	// Availability, while bookings land on the same day in its free slots
	// (12–17): one booking per person per slot, distinct seats.
	var landed atomic.Int64
	land := func(t *vegeta.Target) error {
		j := int(landed.Add(1) - 1)
		from, to := slot(availDay, 12+j/p.people)
		*t = r.target(http.MethodPost, "/bookings", w.staff[j%p.people], fmt.Sprintf(`{"space_id":%q,"start":%q,"end":%q}`, w.spaces[j%len(w.spaces)], from, to))
		return nil
	}
	for _, rate := range p.availRates {
		if !p.runs(availName) {
			break
		}
		landing := make(chan Summary, 1)
		go func() {
			landing <- r.plain("bookings landing", vegeta.Rate{Freq: p.landing, Per: time.Second}, 0, p.step, land)
		}()
		add(r.attack(availName, fmt.Sprintf("%d/s", rate), vegeta.Rate{Freq: rate, Per: time.Second}, 0, p.step, func(t *vegeta.Target) error {
			*t = r.target(http.MethodGet, availPath, w.staff[rand.IntN(p.people)], "")
			return nil
		}))
		l := <-landing
		l.Name, l.Target = "  … bookings landing meanwhile", fmt.Sprintf("%d/s", p.landing)
		add(l)
	}

	read := vegeta.Rate{Freq: p.readRate, Per: time.Second}
	rate := fmt.Sprintf("%d/s", p.readRate)
	reads := []struct {
		name     string
		generate func(t *vegeta.Target) error
	}{
		{"inbox (page of 50)", func(t *vegeta.Target) error {
			*t = r.target(http.MethodGet, "/approvals?limit=50", w.approver, "")
			return nil
		}},
		{"telework preview", func(t *vegeta.Target) error {
			*t = r.target(http.MethodPost, "/telework-requests/preview", w.staff[rand.IntN(p.people)], preview)
			return nil
		}},
		{"attendance-ratio report", func(t *vegeta.Target) error {
			*t = r.target(http.MethodGet, ratioPath, w.hr, "")
			return nil
		}},
	}
	for _, x := range reads {
		if p.runs(x.name) {
			add(r.attack(x.name, rate, read, 0, p.step, x.generate))
		}
	}
	// Last, since argon2 (19 MiB a sign-in) raises the RSS that the Go
	// runtime returns to the system only slowly.
	var signedIn atomic.Int64
	if p.runs("sign-in") {
		add(r.attack("sign-in", "8 clients", vegeta.Rate{}, 8, p.step, func(t *vegeta.Target) error {
			i := int(signedIn.Add(1)-1) % p.people
			*t = vegeta.Target{Method: http.MethodPost, URL: srv.base + "/api/v1/auth/login", Header: http.Header{"Content-Type": {"application/json"}},
				Body: []byte(fmt.Sprintf(`{"email":"bench%04d@demo.example","password":%q}`, i+1, staffPassword))}
			return nil
		}))
	}
	_, hwm, _ := memory(srv.cmd.Process.Pid)

	fmt.Println()
	fmt.Printf("kinmuchi make bench — %s, %d CPUs, PostgreSQL %s (durable), load average at the start %s, at the end %s\n",
		time.Now().Format("2006-01-02 15:04 MST"), numCPU(), pgVersion, loadBefore, loadAvg())
	for i := range rows {
		if c := captures[rows[i].Name]; c != nil {
			rows[i].Statements = c.countText()
		}
	}
	fmt.Print(Table(rows))
	fmt.Printf("\nServer peak RSS over the whole run (VmHWM): %.0f MB\n", float64(hwm)/(1<<20))
	if capture != nil {
		fmt.Printf("Statements per booking (captured from %d requests, BEGIN/COMMIT not counted): %s\n", len(capture.txs), capture.countText())
		fmt.Printf("pgbench, 8 clients, %s each: the booking's statements %.0f tps; a bare insert into bookings %.0f tps\n", p.pgbenchTime, ceiling.same, ceiling.bare)
	}
	if len(rows) > 0 && ceiling.same > 0 && ceiling.bare > 0 {
		fmt.Printf("Booking creation (8 clients) %.0f/s = %.0f%% of pgbench with its statements, %.0f%% of a bare insert\n",
			rows[0].Throughput, 100*rows[0].Throughput/ceiling.same, 100*rows[0].Throughput/ceiling.bare)
	}
	for _, s := range rows {
		if s.FirstError != "" {
			fmt.Printf("first error of %s %s: %s\n", s.Name, s.Target, s.FirstError)
		}
	}
	fmt.Printf("\nProfiles, pgbench scripts and the server's log: %s (took %s)\n", out, time.Since(began).Round(time.Second))
	// An answer other than 2xx means a scenario is broken, not slow: that
	// fails the run. Time-outs are figures of an overloaded server, except
	// in the smoke run, whose rates are low enough never to time out.
	for _, s := range rows {
		if s.Refused > 0 || (p.smoke && s.Errors > 0) {
			return errors.New("some requests failed: see the table")
		}
	}
	return nil
}

// runner drives the server and profiles it.
type runner struct {
	settle  time.Duration
	timeout time.Duration // a client gives up after it
	srv     *server
	w       *world
	out     string
	n       int
	only    string
}

func (r *runner) target(method, path, token, body string) vegeta.Target {
	h := http.Header{"Authorization": {"Bearer " + token}}
	t := vegeta.Target{Method: method, URL: r.srv.base + "/api/v1" + path, Header: h}
	if body != "" {
		h.Set("Content-Type", "application/json")
		t.Body = []byte(body)
	}
	return t
}

// plain runs one attack: at a rate (open model), or with `clients`
// concurrent clients each sending its next request when the last is answered
// (rate zero, closed model).
func (r *runner) plain(name string, rate vegeta.Rate, clients uint64, du time.Duration, tr vegeta.Targeter) Summary {
	opts := []func(*vegeta.Attacker){vegeta.Timeout(r.timeout), vegeta.KeepAlive(true)}
	if clients > 0 {
		opts = append(opts, vegeta.Workers(clients), vegeta.MaxWorkers(clients), vegeta.Connections(int(clients)))
	} else {
		opts = append(opts, vegeta.MaxWorkers(512))
	}
	at := vegeta.NewAttacker(opts...)
	var results []*vegeta.Result
	for res := range at.Attack(tr, rate, du, name) {
		if res.Code >= 200 && res.Code < 300 {
			res.Body = nil // 281 KB an availability answer: keep only what explains an error
		}
		results = append(results, res)
	}
	target := "8 clients"
	if clients == 0 {
		target = fmt.Sprintf("%d/s", rate.Freq)
	}
	return Summarize(name, target, results)
}

// attack runs a scenario while the server's CPU is profiled and its memory
// sampled, then prints the profile's ten heaviest functions.
func (r *runner) attack(name, target string, rate vegeta.Rate, clients uint64, du time.Duration, tr vegeta.Targeter) Summary {
	if !(plan{only: r.only}).runs(name) {
		return Summary{}
	}
	r.n++
	file := filepath.Join(r.out, fmt.Sprintf("%02d-%s-%s.pprof", r.n, slug(name), slug(target)))
	var perr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		perr = r.srv.profile(max(1, int(du.Seconds())-1), file)
	}()
	r.srv.resetPeak()
	s := r.plain(name, rate, clients, du, tr)
	s.Target = target
	wg.Wait()
	// Requests the clients gave up on may still run in the server: let them
	// end before the next scenario, and count them in this one's memory.
	time.Sleep(r.settle)
	s.PeakRSS = r.srv.resetPeak()
	logf("%s %s: %d requests, %.0f OK/s, p50 %s ms, p99 %s ms, %d errors", name, target, s.Requests, s.Throughput, ms(s.P50), ms(s.P99), s.Errors)
	if perr != nil {
		logf("profile: %v", perr)
		return s
	}
	f, err := os.Open(file)
	if err != nil {
		logf("profile: %v", err)
		return s
	}
	defer f.Close()
	byCum, byFlat, total, err := TopFunctions(f, 10)
	if err != nil {
		logf("profile %s: %v", file, err)
		return s
	}
	top := topText(byCum, byFlat, total)
	_ = os.WriteFile(strings.TrimSuffix(file, ".pprof")+".top.txt", []byte(top), 0o644)
	fmt.Fprintf(os.Stderr, "── %s (go tool pprof -top %s %s)\n%s\n", filepath.Base(file), r.srv.bin, file, top)
	return s
}

func slug(s string) string {
	s = strings.NewReplacer(" ", "-", "/", "per", ",", "", "(", "", ")", "", "…", "").Replace(strings.TrimSpace(s))
	return strings.Trim(s, "-")
}

func numCPU() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return max(1, strings.Count(string(b), "processor\t:"))
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// sortedCounts prints "21 (all)" or "21 (95), 22 (5)".
func sortedCounts(counts map[int]int, total int) string {
	var keys []int
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	if len(keys) == 1 {
		return fmt.Sprintf("%d (all %d)", keys[0], total)
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d (%d requests)", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}
