package policies

import "testing"

// benchFacts is a realistic request under the default policy: a childcare
// day for a cohabiting child, with 40 telework days already taken this
// fiscal year, a staffed division and a named family member.
func benchFacts(dates ...string) Facts {
	f := Facts{
		Employee: Employee{
			ID: "e1", EmploymentType: "regular", HasRemotePC: true,
			Units: []OrgUnit{{ID: "somu", Level: "bu"}, {ID: "jinji", Level: "ka", Flags: []string{"personal_info"}}, {ID: "kyuyo", Level: "kakari"}},
		},
		Reason:    "childcare",
		Unit:      UnitFull,
		Family:    &FamilyMember{Relation: "child", BirthDate: day("2019-05-10"), Cohabiting: true},
		AppliedAt: at("2026-10-01 10:00"),
	}
	cal := Default().Calendar()
	d := day("2026-04-06")
	for len(f.Existing) < 40 {
		if cal.IsOfficeDay(d) && d.Weekday()%2 == 1 {
			f.Existing = append(f.Existing, Day{Date: d, Unit: UnitFull, Reason: "childcare"})
		}
		d = d.AddDays(1)
	}
	for _, s := range dates {
		f.Dates = append(f.Dates, day(s))
		f.Staffing = append(f.Staffing, Staffing{Date: day(s), Unit: "jinji", Members: 18, OnLeave: 2, Essential: 3, Away: 5})
	}
	return f
}

// BenchmarkEvaluate is one evaluation of one date (target: under 50 µs).
func BenchmarkEvaluate(b *testing.B) {
	p, f := Default(), benchFacts("2026-10-07")
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(p, f)
	}
}

// BenchmarkEvaluateWeek decides a five-date request.
func BenchmarkEvaluateWeek(b *testing.B) {
	p, f := Default(), benchFacts("2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09")
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(p, f)
	}
}

// BenchmarkParseDefault parses and compiles the default policy (done once
// per version, not per request).
func BenchmarkParseDefault(b *testing.B) {
	doc := DefaultDocument()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsOfficeDay(b *testing.B) {
	cal := Default().Calendar()
	d := day("2026-09-22")
	for b.Loop() {
		_ = cal.IsOfficeDay(d)
	}
}
