package main

import (
	"bytes"
	"testing"

	"github.com/google/pprof/profile"
)

// A profile of three samples: main → a → b (30 ms), main → a (20 ms),
// main → c → c (recursion, 50 ms).
func TestTopFunctionsFlatAndCumulative(t *testing.T) {
	fn := map[string]*profile.Function{}
	loc := map[string]*profile.Location{}
	for i, name := range []string{"main", "a", "b", "c"} {
		full := name
		if name != "main" { // the HTTP server's frames are left out of the cumulative list
			full = "github.com/kinmuchi/kinmuchi/services." + name
		}
		fn[name] = &profile.Function{ID: uint64(i + 1), Name: full}
		loc[name] = &profile.Location{ID: uint64(i + 1), Line: []profile.Line{{Function: fn[name]}}}
	}
	stack := func(names ...string) []*profile.Location { // innermost first
		var out []*profile.Location
		for _, n := range names {
			out = append(out, loc[n])
		}
		return out
	}
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		Sample: []*profile.Sample{
			{Location: stack("b", "a", "main"), Value: []int64{3, 30e6}},
			{Location: stack("a", "main"), Value: []int64{2, 20e6}},
			{Location: stack("c", "c", "main"), Value: []int64{5, 50e6}},
		},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"}, Period: 10e6,
	}
	for _, f := range fn {
		p.Function = append(p.Function, f)
	}
	for _, l := range loc {
		p.Location = append(p.Location, l)
	}
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	byCum, byFlat, total, err := TopFunctions(&buf, 3)
	if err != nil {
		t.Fatal(err)
	}
	if total != 100e6 {
		t.Errorf("total %d", total)
	}
	const svc = "github.com/kinmuchi/kinmuchi/services."
	want := []FuncTime{{svc + "a", 20e6, 50e6}, {svc + "c", 50e6, 50e6}, {svc + "b", 30e6, 30e6}}
	for i, w := range want {
		if byCum[i] != w {
			t.Errorf("by cumulative #%d: %+v, want %+v", i, byCum[i], w)
		}
	}
	wantFlat := []string{svc + "c", svc + "b", svc + "a"}
	for i, w := range wantFlat {
		if byFlat[i].Name != w {
			t.Errorf("by flat #%d: %s, want %s", i, byFlat[i].Name, w)
		}
	}
	if _, _, _, err := TopFunctions(bytes.NewReader([]byte("not a profile")), 3); err == nil {
		t.Error("garbage must not parse")
	}
}
