package policies

import (
	"testing"
	"time"
)

var allUnions = Unions{Partnership: true, CommonLaw: true}

// TestRelationDegrees pins the line and degree of every named relation, with
// partnership and common-law unions counted as marriages.
func TestRelationDegrees(t *testing.T) {
	want := map[string]Kinship{
		"spouse":                    {Line: LineSpouse, Union: StepSpouse},
		"partner":                   {Line: LineSpouse, Union: StepPartner},
		"common_law_partner":        {Line: LineSpouse, Union: StepCommonLaw},
		"parent":                    {Line: LineBlood, Degree: 1},
		"child":                     {Line: LineBlood, Degree: 1},
		"stepchild":                 {Line: LineAffinity, Degree: 1, Union: StepSpouse},
		"partner_child":             {Line: LineAffinity, Degree: 1, Union: StepPartner},
		"common_law_partner_child":  {Line: LineAffinity, Degree: 1, Union: StepCommonLaw},
		"parent_in_law":             {Line: LineAffinity, Degree: 1, Union: StepSpouse},
		"partner_parent":            {Line: LineAffinity, Degree: 1, Union: StepPartner},
		"common_law_partner_parent": {Line: LineAffinity, Degree: 1, Union: StepCommonLaw},
		"step_parent":               {Line: LineAffinity, Degree: 1, Union: StepSpouse},
		"child_in_law":              {Line: LineAffinity, Degree: 1, Union: StepSpouse},
		"sibling":                   {Line: LineBlood, Degree: 2},
		"sibling_in_law":            {Line: LineAffinity, Degree: 2, Union: StepSpouse},
		"sibling_spouse":            {Line: LineAffinity, Degree: 2, Union: StepSpouse},
		"grandparent":               {Line: LineBlood, Degree: 2},
		"grandparent_in_law":        {Line: LineAffinity, Degree: 2, Union: StepSpouse},
		"grandchild":                {Line: LineBlood, Degree: 2},
		"step_grandchild":           {Line: LineAffinity, Degree: 2, Union: StepSpouse},
		"great_grandparent":         {Line: LineBlood, Degree: 3},
		"great_grandchild":          {Line: LineBlood, Degree: 3},
		"uncle_aunt":                {Line: LineBlood, Degree: 3},
		"uncle_aunt_in_law":         {Line: LineAffinity, Degree: 3, Union: StepSpouse},
		"nephew_niece":              {Line: LineBlood, Degree: 3},
		"nephew_niece_in_law":       {Line: LineAffinity, Degree: 3, Union: StepSpouse},
		"cousin":                    {Line: LineBlood, Degree: 4},
	}
	for _, r := range Relations() {
		w, ok := want[r.Name]
		if !ok {
			t.Errorf("relation %s has no expected degree here", r.Name)
			continue
		}
		if got := KinshipOf(r.Path, allUnions); got != w {
			t.Errorf("%s (%s): got %+v, want %+v", r.Name, r.Path, got, w)
		}
		if !KinshipOf(r.Path, allUnions).IsRelative() {
			t.Errorf("%s should be a relative under the Civil Code", r.Name)
		}
		if r.Label.Ja == "" || r.Label.En == "" {
			t.Errorf("%s lacks a label", r.Name)
		}
	}
	if len(want) != len(Relations()) {
		t.Errorf("%d expectations for %d relations", len(want), len(Relations()))
	}
}

// A partner's child under each kind of union, counted or not.
func TestPartnersChildUnderEachUnion(t *testing.T) {
	cases := []struct {
		union  Step
		unions Unions
		want   Kinship
	}{
		{StepSpouse, Unions{}, Kinship{Line: LineAffinity, Degree: 1, Union: StepSpouse}},
		{StepPartner, Unions{}, Kinship{Line: LineNone, Union: StepPartner}},
		{StepPartner, Unions{Partnership: true}, Kinship{Line: LineAffinity, Degree: 1, Union: StepPartner}},
		{StepPartner, Unions{CommonLaw: true}, Kinship{Line: LineNone, Union: StepPartner}},
		{StepCommonLaw, Unions{}, Kinship{Line: LineNone, Union: StepCommonLaw}},
		{StepCommonLaw, Unions{CommonLaw: true}, Kinship{Line: LineAffinity, Degree: 1, Union: StepCommonLaw}},
		{StepCommonLaw, Unions{Partnership: true}, Kinship{Line: LineNone, Union: StepCommonLaw}},
	}
	for _, c := range cases {
		p := Path{c.union, StepChild}
		if got := KinshipOf(p, c.unions); got != c.want {
			t.Errorf("%s with %+v: got %+v, want %+v", p, c.unions, got, c.want)
		}
		counted := c.want.Line != LineNone
		if norm := p.Normalize(c.unions); norm.Equal(Path{StepSpouse, StepChild}) != counted {
			t.Errorf("%s with %+v normalises to %s", p, c.unions, norm)
		}
	}
}

func TestKinshipEdgeCases(t *testing.T) {
	cases := []struct {
		path string
		want Kinship
	}{
		{"", Kinship{Line: LineSelf}},
		{"child/parent", Kinship{Line: LineNone}},                                       // the other parent of one's child
		{"spouse/parent/spouse", Kinship{Line: LineNone}},                               // the spouse's parent's spouse
		{"spouse/spouse", Kinship{Line: LineNone}},                                      // the spouse's (other) spouse
		{"parent/spouse/child", Kinship{Line: LineNone}},                                // a step-parent's child by someone else
		{"parent/parent/parent/child/child/child", Kinship{Line: LineBlood, Degree: 6}}, // 6th degree: still a relative
		{"spouse/parent/parent/child/child", Kinship{Line: LineAffinity, Degree: 4, Union: StepSpouse}},
	}
	for _, c := range cases {
		p, err := ParsePath(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := KinshipOf(p, Unions{}); got != c.want {
			t.Errorf("%q: got %+v, want %+v", c.path, got, c.want)
		}
	}
	if KinshipOf(Path{StepSpouse, StepParent, StepParent, StepChild, StepChild}, Unions{}).IsRelative() {
		t.Error("a 4th-degree in-law is not a relative")
	}
	if KinshipOf(Path{"cousin"}, Unions{}).Line != LineNone {
		t.Error("unknown steps lead nowhere")
	}
	if _, err := ParsePath("parent/uncle"); err == nil {
		t.Error("ParsePath accepted an unknown step")
	}
}

func TestPrimarySchoolEntry(t *testing.T) {
	cases := []struct{ birth, entry, grade3, primary, before string }{
		{"2014-04-01", "2020-04-01", "2023-03-31", "2026-03-31", "2020-03-31"},
		{"2014-04-02", "2021-04-01", "2024-03-31", "2027-03-31", "2021-03-31"},
		{"2015-01-15", "2021-04-01", "2024-03-31", "2027-03-31", "2021-03-31"},
		{"2016-02-29", "2022-04-01", "2025-03-31", "2028-03-31", "2022-03-31"},
		{"2015-12-31", "2022-04-01", "2025-03-31", "2028-03-31", "2022-03-31"},
	}
	for _, c := range cases {
		b := day(c.birth)
		if got := PrimarySchoolEntry(b); got != day(c.entry) {
			t.Errorf("born %s: entry %s, want %s", c.birth, got, c.entry)
		}
		for l, want := range map[ChildLimit]string{ChildEndOfGrade3: c.grade3, ChildEndOfPrimary: c.primary, ChildBeforePrimary: c.before} {
			if got, ok := l.LastDay(b); !ok || got != day(want) {
				t.Errorf("born %s, %s: %s, want %s", c.birth, l, got, want)
			}
		}
	}
	if _, ok := ChildLimitNone.LastDay(day("2014-04-01")); ok {
		t.Error("no limit has no last day")
	}
}

func TestDateBasics(t *testing.T) {
	// Every day from 1900 to 2100 agrees with the time package.
	tm := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	d := NewDate(1900, time.January, 1)
	for i := 0; i < 73050; i++ {
		y, m, dd := d.Civil()
		if y != tm.Year() || m != tm.Month() || dd != tm.Day() || d.Weekday() != tm.Weekday() {
			t.Fatalf("%v: got %d-%d-%d %v", tm, y, m, dd, d.Weekday())
		}
		if DateOf(tm) != d {
			t.Fatalf("DateOf(%v) = %v", tm, DateOf(tm))
		}
		d, tm = d.AddDays(1), tm.AddDate(0, 0, 1)
	}
	for _, bad := range []string{"2025-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024/01/01", "0000-01-01", "2024-01-0x", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if d := day("2024-02-29"); d.String() != "2024-02-29" || d.AddDays(1).String() != "2024-03-01" {
		t.Errorf("leap day: %s", d)
	}
	if NewDate(2024, 13, 1) != day("2025-01-01") || NewDate(2024, 3, 0) != day("2024-02-29") {
		t.Error("NewDate does not normalise")
	}
	if day("2024-03-31").FiscalYearStart() != day("2023-04-01") || day("2024-04-01").FiscalYearStart() != day("2024-04-01") {
		t.Error("fiscal year")
	}
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Error("zero date")
	}
	b, _ := day("2026-09-22").MarshalText()
	var back Date
	if err := back.UnmarshalText(b); err != nil || back != day("2026-09-22") {
		t.Errorf("text round trip: %s %v", b, err)
	}
}

func TestCalendar(t *testing.T) {
	p := policyWith(t, `calendar: {closed_dates: [2024-06-14], open_dates: [2024-06-15]}`)
	c := p.Calendar()
	for d, want := range map[string]bool{
		"2024-06-12": true, "2024-06-14": false, "2024-06-15": true, "2024-06-16": false,
		"2024-12-28": false, "2024-12-27": true, "2025-01-03": false, "2025-01-06": true, "2024-09-23": false,
	} {
		if got := c.IsOfficeDay(day(d)); got != want {
			t.Errorf("%s office day = %v, want %v", d, got, want)
		}
	}
	x := c.With(CalendarExtras{Closed: []Date{day("2024-06-12")}, Open: []Date{day("2024-06-16")}})
	if x.IsOfficeDay(day("2024-06-12")) || !x.IsOfficeDay(day("2024-06-16")) || !c.IsOfficeDay(day("2024-06-12")) {
		t.Error("extras not layered, or leaked into the policy's calendar")
	}
	if n := c.OfficeDaysBetween(day("2024-12-27"), day("2025-01-06"), 10); n != 1 {
		t.Errorf("office days after 27 Dec up to 6 Jan = %d, want 1", n)
	}
	if c.WeekStart(day("2024-06-16")) != day("2024-06-10") || c.OfficeDaysInWeek(day("2024-06-12")) != 5 {
		t.Error("week")
	}
	if why, closed := c.Closure(day("2024-09-23")); !closed || why.Ja != "振替休日" {
		t.Errorf("closure = %v %v", why, closed)
	}
	// A calendar with no office day for a long while gives up instead of looping.
	all := policyWith(t, `calendar: {weekend: [monday, tuesday, wednesday, thursday, friday, saturday]}`).Calendar()
	all = all.With(CalendarExtras{Closed: sundaysFrom(day("2024-01-07"), 200)})
	if _, ok := all.ShiftOfficeDays(day("2024-06-12"), -1); ok {
		t.Error("found an office day in a closed calendar")
	}
}

func sundaysFrom(d Date, n int) []Date {
	var out []Date
	for i := -n; i < n; i++ {
		out = append(out, d.AddDays(7*i))
	}
	return out
}
