package api

import (
	"testing"
	"time"
)

// TestCSVCellsAreInert: a text a spreadsheet would run as a formula comes
// out as text; numbers, dates and ratios keep their form.
func TestCSVCellsAreInert(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{`=HYPERLINK("http://evil.example","給与")`, `'=HYPERLINK("http://evil.example","給与")`},
		{"+81-3-1234", "'+81-3-1234"},
		{"-1+1", "'-1+1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"山田 花子", "山田 花子"},
		{-3, "-3"},
		{2.5, "2.5"},
		{percent(0.114), "11.4%"},
		{time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), "2026-12-02"},
	} {
		if got := csvCell(tc.in); got != tc.want {
			t.Errorf("csvCell(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
