package policies

import "testing"

func TestProjectAgainstTheBand(t *testing.T) {
	p, err := Parse([]byte(`
id: t
version: v
effective_from: 2026-04-01
reasons:
  - id: general
    name: {ja: 一般, en: General}
approval:
  steps:
    - name: supervisor
      approvers: [supervisor]
attendance:
  bands:
    - name: {ja: 課の下限, en: floor}
      level: ka
      min_percent: 40
`))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDate(2026, 12, 3)
	units := []OrgUnit{{ID: "100", Level: "bu"}, {ID: "110", Level: "ka"}}
	cases := []struct {
		away, leave int
		percent     int
		breach      bool
	}{
		{away: 6, percent: 40, breach: false},
		{away: 7, percent: 30, breach: true},
		{away: 4, leave: 2, percent: 50, breach: false},
		{away: 5, leave: 2, percent: 38, breach: true},
	}
	for _, c := range cases {
		st := []Staffing{{Date: d, Unit: "110", Members: 10, OnLeave: c.leave, Away: c.away}}
		got := Project(p, d, units, st)
		if len(got) != 1 || got[0].Percent != c.percent || got[0].Breach != c.breach || *got[0].MinPercent != 40 {
			t.Errorf("away %d leave %d: %+v", c.away, c.leave, got)
		}
	}
	if got := Project(p, d, []OrgUnit{{ID: "100", Level: "bu"}}, nil); len(got) != 0 {
		t.Errorf("no unit at the band's level: %+v", got)
	}
}
