package main

import (
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func TestPercentileIsTheNearestRank(t *testing.T) {
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"none", nil, 99, 0},
		{"one sample is every percentile", []time.Duration{7}, 50, 7},
		{"one sample, p99", []time.Duration{7}, 99, 7},
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p95 of 1..100", hundred, 95, 95 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p100 is the maximum", hundred, 100, 100 * time.Millisecond},
		{"p0 is the minimum", hundred, 0, time.Millisecond},
		// Rank ceil(0.99*10) = 10: with ten samples p99 is the slowest.
		{"p99 of ten", hundred[:10], 99, 10 * time.Millisecond},
		{"p50 of four rounds up to the second", []time.Duration{1, 2, 3, 4}, 50, 2},
		{"p51 of four is the third", []time.Duration{1, 2, 3, 4}, 51, 3},
	}
	for _, c := range cases {
		if got := Percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSummarizeCountsOnlySuccessAsThroughput(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var rs []*vegeta.Result
	// Ten answers over one second: eight 201s, one 409 and one transport error.
	for i := range 10 {
		r := &vegeta.Result{Timestamp: t0.Add(time.Duration(i) * 100 * time.Millisecond), Latency: time.Duration(i+1) * time.Millisecond, Code: 201}
		rs = append(rs, r)
	}
	rs[3].Code, rs[3].Body = 409, []byte(`{"title":"clash"}`)
	rs[6].Code, rs[6].Error = 0, "connection refused"
	s := Summarize("booking", "8 clients", rs)
	if s.Requests != 10 || s.Errors != 2 || s.Refused != 1 {
		t.Fatalf("requests %d errors %d refused %d, want 10, 2 and 1", s.Requests, s.Errors, s.Refused)
	}
	if s.FirstError != `409  {"title":"clash"}` {
		t.Errorf("first error %q", s.FirstError)
	}
	// From the first start (0 s) to the last end (0.9 s + 10 ms).
	if want := 8 / 0.91; s.Throughput < want-0.01 || s.Throughput > want+0.01 {
		t.Errorf("throughput %.3f, want %.3f", s.Throughput, want)
	}
	if s.P50 != 5*time.Millisecond || s.P99 != 10*time.Millisecond || s.Max != 10*time.Millisecond {
		t.Errorf("p50 %v p99 %v max %v", s.P50, s.P99, s.Max)
	}
	if empty := Summarize("none", "", nil); empty.Requests != 0 || empty.Throughput != 0 {
		t.Errorf("an empty attack: %+v", empty)
	}
}
