package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const captureMarker = "kinmuchi-bench-capture"

// captured is what booking requests executed, one statement list each, and
// the booking each made.
type captured struct {
	txs     [][]Statement
	windows []Window
}

func (c *captured) countText() string {
	counts := map[int]int{}
	for _, tx := range c.txs {
		counts[CountStatements(tx)]++
	}
	return sortedCounts(counts, len(c.txs))
}

// probe is a kind of request whose statements are captured: made n times,
// one at a time.
type probe struct {
	name string
	n    int
	do   func(r int) error
	// window, for the booking probe only: what pgbench moves in time.
	window func(r int) Window
}

// captureRequests makes each probe's requests one at a time with
// log_statement=all on the cluster, a marker statement from our own
// connection before each, and reads back what the server's connections
// executed between the markers. The server runs no workers, so nothing else
// speaks to the database then. The log of those requests is kept as
// out/statements.log.
func captureRequests(ctx context.Context, db *sql.DB, logFile, out string, probes []probe) (map[string]*captured, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var self int
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&self); err != nil {
		return nil, err
	}
	st, err := os.Stat(logFile)
	if err != nil {
		return nil, err
	}
	offset := st.Size()
	set := func(stmts ...string) error {
		for _, s := range append(stmts, "SELECT pg_reload_conf()") {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		// Each backend applies the reload before its next statement; give
		// the signal time to reach the pool's idle connections.
		time.Sleep(time.Second)
		return nil
	}
	if err := set("ALTER SYSTEM SET log_statement = 'all'", "ALTER SYSTEM SET log_line_prefix = '%m [%p] '"); err != nil {
		return nil, err
	}
	mark := func() error {
		_, err := conn.ExecContext(ctx, "SELECT '"+captureMarker+"'")
		return err
	}
	total := 0
	for _, pr := range probes {
		for r := range pr.n {
			if err := mark(); err != nil {
				return nil, err
			}
			if err := pr.do(r); err != nil {
				return nil, fmt.Errorf("%s: %w", pr.name, err)
			}
		}
		total += pr.n
	}
	if err := mark(); err != nil {
		return nil, err
	}
	if err := set("ALTER SYSTEM RESET log_statement", "ALTER SYSTEM RESET log_line_prefix"); err != nil {
		return nil, err
	}
	f, err := os.Open(logFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "statements.log"), raw, 0o644); err != nil {
		return nil, err
	}
	stmts, err := ParseLog(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	txs := Transactions(stmts, self, captureMarker)
	if len(txs) != total {
		return nil, fmt.Errorf("%d requests made but %d found in the log", total, len(txs))
	}
	res := map[string]*captured{}
	for _, pr := range probes {
		c := &captured{txs: txs[:pr.n]}
		txs = txs[pr.n:]
		if pr.window != nil {
			for r, tx := range c.txs {
				if bookingInsert(tx) < 0 {
					return nil, fmt.Errorf("booking %d: no INSERT INTO bookings among its %d statements", r, len(tx))
				}
				c.windows = append(c.windows, pr.window(r))
			}
		}
		res[pr.name] = c
		logf("captured %d %s requests: %s statements each", pr.n, pr.name, c.countText())
	}
	return res, nil
}

var insertBookings = regexp.MustCompile(`(?i)^\s*INSERT\s+INTO\s+"?bookings"?\s*\(`)

// bookingInsert is the index of the statement inserting the booking, or -1.
func bookingInsert(tx []Statement) int {
	for i, s := range tx {
		if insertBookings.MatchString(s.SQL) {
			return i
		}
	}
	return -1
}

type ceiling struct{ same, bare float64 }

// pgbenchScripts is how many captured requests pgbench replays. Each is a
// script of its own, whose statements have their own text (the values are
// written in), so each client prepares every statement of every script once:
// few scripts, so that, as with pgx's statement cache in kinmuchi, nearly
// every execution reuses a prepared statement.
const pgbenchScripts = 8

// runPgbench replays captured requests with pgbench (a script each, chosen
// at random, 8 clients, prepared statements as pgx uses them), then the
// bookings insert alone. Its reports, with each statement's latency, are
// kept beside the scripts.
func runPgbench(ctx context.Context, pgBin, dbURL, out string, c *captured, du time.Duration) (ceiling, error) {
	var same, bare []string
	for i, tx := range c.txs[:min(pgbenchScripts, len(c.txs))] {
		s, err := PgbenchScript(tx, c.windows[i])
		if err != nil {
			return ceiling{}, err
		}
		ins := tx[bookingInsert(tx)]
		b, err := PgbenchScript([]Statement{ins}, c.windows[i])
		if err != nil {
			return ceiling{}, err
		}
		for _, f := range []struct {
			name, text string
			list       *[]string
		}{{fmt.Sprintf("booking-%03d.sql", i), s, &same}, {fmt.Sprintf("bare-insert-%03d.sql", i), b, &bare}} {
			path := filepath.Join(out, "pgbench", f.name)
			if err := os.WriteFile(path, []byte(f.text), 0o644); err != nil {
				return ceiling{}, err
			}
			*f.list = append(*f.list, path)
		}
	}
	var res ceiling
	var err error
	if res.same, err = pgbench(ctx, pgBin, dbURL, same, du); err != nil {
		return res, err
	}
	res.bare, err = pgbench(ctx, pgBin, dbURL, bare, du)
	return res, err
}

var tpsLine = regexp.MustCompile(`(?m)^tps = ([0-9.]+) \(without initial connection time\)`)

func pgbench(ctx context.Context, pgBin, dbURL string, scripts []string, du time.Duration) (float64, error) {
	args := []string{"-n", "-r", "-M", "prepared", "-c", "8", "-j", "2", "-T", strconv.Itoa(max(1, int(du.Seconds())))}
	for _, s := range scripts {
		args = append(args, "-f", s+"@1")
	}
	args = append(args, dbURL)
	cmd := exec.CommandContext(ctx, filepath.Join(pgBin, "pgbench"), args...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v\n%s", err, clip(string(b), 4000))
	}
	name := strings.TrimSuffix(filepath.Base(scripts[0]), "-000.sql")
	_ = os.WriteFile(filepath.Join(filepath.Dir(scripts[0]), name+".out"), b, 0o644)
	m := tpsLine.FindSubmatch(b)
	if m == nil {
		return 0, fmt.Errorf("no tps in pgbench's output:\n%s", clip(string(b), 4000))
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	logf("pgbench %s: %.0f tps", name, tps)
	return tps, nil
}
