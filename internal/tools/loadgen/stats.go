package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Summary is one scenario's figures, as a row of the printed table.
type Summary struct {
	Name       string
	Target     string // the offered load: "8 clients" or "200/s"
	Requests   int
	Errors     int // every answer that was not 2xx, time-outs included
	Refused    int // of which answers with an HTTP status (4xx, 5xx)
	FirstError string
	Throughput float64 // successful answers per second of the attack's wall time
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	Max        time.Duration
	PeakRSS    int64  // bytes, the highest VmRSS sampled while it ran
	Statements string // SQL statements per request, as captured
}

// Percentile is the nearest-rank percentile of sorted latencies: the
// smallest value that at least p % of the samples do not exceed. Exact, not
// estimated, so that a p99 of 2,000 samples is the 1,980th.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Summarize reads an attack's results: every answer counts for latency
// (a slow refusal is slow too), only 2xx answers count for throughput, and
// anything else is an error whose first cause is kept to be printed.
func Summarize(name, target string, results []*vegeta.Result) Summary {
	s := Summary{Name: name, Target: target, Requests: len(results)}
	if len(results) == 0 {
		return s
	}
	lat := make([]time.Duration, 0, len(results))
	first, last := results[0].Timestamp, results[0].End()
	ok := 0
	for _, r := range results {
		lat = append(lat, r.Latency)
		if r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if r.End().After(last) {
			last = r.End()
		}
		if r.Code >= 200 && r.Code < 300 && r.Error == "" {
			ok++
			continue
		}
		s.Errors++
		if r.Code != 0 {
			s.Refused++
		}
		if s.FirstError == "" {
			s.FirstError = strings.TrimSpace(fmt.Sprintf("%d %s %s", r.Code, r.Error, clip(string(r.Body), 300)))
		}
	}
	slices.Sort(lat)
	s.P50, s.P95, s.P99, s.Max = Percentile(lat, 50), Percentile(lat, 95), Percentile(lat, 99), lat[len(lat)-1]
	if wall := last.Sub(first); wall > 0 {
		s.Throughput = float64(ok) / wall.Seconds()
	}
	return s
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// ms prints a duration in milliseconds with a precision that suits it.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// Table prints the summaries as one Markdown table, the form
// docs/BENCHMARKS.md keeps.
func Table(rows []Summary) string {
	var b strings.Builder
	b.WriteString("| Scenario | Load | Requests | OK/s | p50 ms | p95 ms | p99 ms | max ms | Errors | Peak RSS MB | SQL statements per request |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		rss := "—" // a load run beside a scenario, which has the peak
		if r.PeakRSS > 0 {
			rss = fmt.Sprintf("%.0f", float64(r.PeakRSS)/(1<<20))
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %.0f | %s | %s | %s | %s | %d | %s | %s |\n", r.Name, r.Target, r.Requests, r.Throughput,
			ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.Errors, rss, r.Statements)
	}
	return b.String()
}
