package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/google/pprof/profile"
)

// FuncTime is a function's share of a CPU profile.
type FuncTime struct {
	Name      string
	Flat, Cum int64 // nanoseconds on CPU: in the function itself; in it or below
}

// TopFunctions reads a CPU profile and returns its n heaviest functions by
// flat time, and its n heaviest of kinmuchi's own (ownCode) by cumulative
// time. A function that recurses counts once per
// sample in its cumulative time, as pprof counts it.
func TopFunctions(r io.Reader, n int) (byCum, byFlat []FuncTime, total int64, err error) {
	p, err := profile.Parse(r)
	if err != nil {
		return nil, nil, 0, err
	}
	vi := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" {
			vi = i
		}
	}
	if vi < 0 {
		return nil, nil, 0, fmt.Errorf("not a CPU profile")
	}
	funcs := map[string]*FuncTime{}
	get := func(name string) *FuncTime {
		f := funcs[name]
		if f == nil {
			f = &FuncTime{Name: name}
			funcs[name] = f
		}
		return f
	}
	for _, s := range p.Sample {
		v := s.Value[vi]
		total += v
		seen := map[string]bool{}
		for li, loc := range s.Location {
			// A location's lines are innermost first (inlined calls).
			for ki, line := range loc.Line {
				if line.Function == nil {
					continue
				}
				name := line.Function.Name
				if li == 0 && ki == 0 {
					get(name).Flat += v
				}
				if !seen[name] {
					seen[name] = true
					get(name).Cum += v
				}
			}
		}
	}
	all := make([]FuncTime, 0, len(funcs))
	for _, f := range funcs {
		all = append(all, *f)
	}
	byCum = top(ownCode(all), n, func(f FuncTime) int64 { return f.Cum })
	byFlat = top(all, n, func(f FuncTime) int64 { return f.Flat })
	return byCum, byFlat, total, nil
}

// ownCode keeps kinmuchi's use cases, queries and rules: the cumulative
// list otherwise starts with the HTTP server and the middleware, which every
// request passes through whatever it does.
func ownCode(fs []FuncTime) []FuncTime {
	var out []FuncTime
	for _, f := range fs {
		for _, pkg := range []string{"services.", "models.", "policies.", "api.(*Server)."} {
			if strings.HasPrefix(f.Name, "github.com/kinmuchi/kinmuchi/"+pkg) && !strings.Contains(f.Name, "-fm.") {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

func top(all []FuncTime, n int, key func(FuncTime) int64) []FuncTime {
	s := append([]FuncTime(nil), all...)
	sort.Slice(s, func(i, j int) bool {
		if key(s[i]) != key(s[j]) {
			return key(s[i]) > key(s[j])
		}
		return s[i].Name < s[j].Name
	})
	return s[:min(n, len(s))]
}

// topText prints both lists as pprof -top would, in milliseconds.
func topText(byCum, byFlat []FuncTime, total int64) string {
	var b strings.Builder
	pct := func(v int64) float64 {
		if total == 0 {
			return 0
		}
		return 100 * float64(v) / float64(total)
	}
	fmt.Fprintf(&b, "CPU samples: %d ms\n  by flat time (in the function itself):\n", total/1e6)
	for _, f := range byFlat {
		fmt.Fprintf(&b, "    %6d ms %5.1f%%  %s\n", f.Flat/1e6, pct(f.Flat), f.Name)
	}
	b.WriteString("  kinmuchi's functions by cumulative time (in it and what it calls):\n")
	for _, f := range byCum {
		fmt.Fprintf(&b, "    %6d ms %5.1f%%  %s\n", f.Cum/1e6, pct(f.Cum), f.Name)
	}
	return b.String()
}
