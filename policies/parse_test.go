package policies

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestParseReportsEveryErrorWithItsPath(t *testing.T) {
	cases := []struct {
		name     string
		override string
		want     []string // every error, in document order
	}{
		{"weekly limit out of range", "limits: {per_week: 8}", []string{"limits.per_week: must be between 0 and 7"}},
		{"unknown relation", "family: {relations: [spouse, child, cousin_in_law]}", []string{`family.relations[2]: unknown relation "cousin_in_law"`}},
		{"several at once", `
limits: {per_week: -1, per_month: x}
family: {max_degree: {blood: 7}}
units: {allowed: [full, night]}
`, []string{
			"limits.per_week: must be between 0 and 7",
			"limits.per_month: must be a whole number",
			"family.max_degree.blood: must be between 1 and 6",
			`units.allowed[1]: must be one of full, am, pm, hours (got "night")`,
		}},
		{"typo with a suggestion", "limits: {per_wek: 2}", []string{`limits.per_wek: unknown key "per_wek" (did you mean per_week?)`}},
		{"relation typo with a suggestion", "family: {relations: [chlid]}", []string{`family.relations[0]: unknown relation "chlid" (did you mean child?)`}},
		{"unknown top-level key", "holidays: true", []string{`holidays: unknown key "holidays"`}},
		{"effect naming no step", "limits: {per_week: 2, effect: 'require_step:payroll'}", []string{`limits.effect: unknown approval step "payroll" (not in approval.steps)`}},
		{"bad effect", "deadlines: {late: maybe}", []string{"deadlines.late: must be refuse, warn or require_step:<step>"}},
		{"condition naming no reason", "approval: {steps: [{name: a, approvers: [hr], when: {reasons: [holiday]}}]}",
			[]string{`approval.steps[0].when.reasons[0]: unknown reason "holiday" (not in reasons)`}},
		{"bad approver", "approval: {steps: [{name: a, approvers: [mayor]}]}",
			[]string{`approval.steps[0].approvers[0]: must be supervisor, department_head, hr, head:<level> or officer:<name> (got "mayor")`}},
		{"no steps", "approval: {steps: []}", []string{"approval.steps: must have at least 1 item(s)"}},
		{"duplicate step", "approval: {steps: [{name: a, approvers: [hr]}, {name: a, approvers: [hr]}]}", []string{`approval.steps[1].name: duplicate "a"`}},
		{"bad dates", "effective_from: 2025-02-30\ncalendar: {closing_days: ['13-01'], blackouts: [{name: x, from: 2024-06-10, to: 2024-06-01}]}", []string{
			"effective_from: must be a date (YYYY-MM-DD)",
			"calendar.closing_days[0]: must be a month and day (MM-DD)",
			"calendar.blackouts[0].to: is before from",
		}},
		{"band without bounds", "attendance: {bands: [{level: ka}]}", []string{"attendance.bands[0]: needs min_percent or max_percent"}},
		{"band min above max", "attendance: {bands: [{level: ka, min_percent: 50, max_percent: 40}]}", []string{"attendance.bands[0].max_percent: is below min_percent"}},
		{"band without level", "attendance: {bands: [{min_percent: 40}]}", []string{"attendance.bands[0].level: is required"}},
		{"whole week closed", "calendar: {weekend: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]}", []string{"calendar.weekend: must leave at least one working weekday"}},
		{"care without a condition", "reasons: [{id: care, name: 介護, care: {}}]", []string{"reasons[0].care: needs min_level or min_need_days"}},
		{"bad type for a mapping", "limits: 2", []string{"limits: must be a mapping"}},
		{"text without Japanese", "title: {en: Policy}", []string{"title.ja: a Japanese text (ja) is required"}},
		{"bad timezone", "timezone: Mars/Olympus", []string{`timezone: unknown time zone "Mars/Olympus"`}},
		{"bad duration", "units: {standard_day: 30h}", []string{"units.standard_day: must be between 1h and 24h"}},
		{"hour step longer than the day", "units: {standard_day: 4h, hour_step: 5h}", []string{"units.hour_step: is longer than standard_day"}},
		{"bad reason id", "reasons: [{id: Child-Care, name: 育児}]", []string{`reasons[0].id: must start with a lowercase letter and hold only lowercase letters, digits and _ (got "Child-Care")`}},
		{"cohabitation for an unknown relation", "family: {cohabitation_by_relation: {aunt: true}}", []string{`family.cohabitation_by_relation.aunt: unknown relation "aunt"`}},
		{"open and closed at once", "calendar: {closed_dates: [2024-06-12], open_dates: [2024-06-12]}", []string{"calendar.open_dates[0]: 2024-06-12 is also in closed_dates"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(mergeYAML(t, testPolicyYAML, c.override)))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *ParseError, got %v", err)
			}
			var got []string
			for _, fe := range pe.Errors {
				got = append(got, fe.Error())
				if fe.Message.Ja == "" {
					t.Errorf("%s: no Japanese message", fe.Path)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

func TestParseRequiredKeys(t *testing.T) {
	_, err := Parse([]byte("title: x\n"))
	want := "effective_from: is required\nid: is required\nreasons: is required\nversion: is required\napproval: is required"
	if err == nil {
		t.Fatal("accepted an empty policy")
	}
	got := strings.Split(err.Error(), "\n")
	for _, w := range strings.Split(want, "\n") {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%s", w, err)
		}
	}
	if len(got) != 5 {
		t.Errorf("got %d errors:\n%s", len(got), err)
	}
}

func TestParseRejectsJunk(t *testing.T) {
	for _, in := range []string{"", "   ", "- a\n- b", "id: [", "a: &x 1\nb: *x", "{", "\x00\x01", "id: x\n<<: {version: 1}",
		strings.Repeat("a", MaxDocumentSize+1)} {
		if p, err := Parse([]byte(in)); err == nil || p != nil {
			t.Errorf("Parse(%.20q) = %v, %v", in, p, err)
		}
	}
}

func TestParseFillsDefaults(t *testing.T) {
	p := policyWith(t, "")
	d := p.Document()
	if d.Timezone != "Asia/Tokyo" || !d.Calendar.NationalHolidays || len(d.Calendar.ClosingDays) != 6 ||
		d.Units.StandardDay.String() != "7h45m" || d.Deadlines.OfficeDaysBefore == nil || *d.Deadlines.OfficeDaysBefore != 1 ||
		d.Limits.Effect.Action != ActionRefuse || d.Approval.Steps[0].Mode != "any_of" || !d.Reasons[0].LimitsApply ||
		d.Reasons[0].FamilyMember != "none" || d.Calendar.WeekStarts != "monday" {
		t.Errorf("defaults not filled: %+v", d)
	}
	if d.Reasons[0].Limits != nil {
		t.Error("a reason's limits must stay unset (inherited)")
	}
	if p.Location().String() != "Asia/Tokyo" && p.Location().String() != "JST" {
		t.Errorf("location %s", p.Location())
	}
}

func TestParseJSON(t *testing.T) {
	yp := Default()
	b, err := json.Marshal(yp.Document())
	if err != nil {
		t.Fatal(err)
	}
	jp, err := Parse(b)
	if err != nil {
		t.Fatalf("the default policy as JSON does not parse: %v\n%s", err, b)
	}
	if !reflect.DeepEqual(jp.Document(), yp.Document()) {
		t.Errorf("JSON and YAML forms differ")
	}
}

// A document written back from Document() parses to the same document.
func TestDocumentRoundTrip(t *testing.T) {
	for _, p := range []*Policy{Default(), policyWith(t, "")} {
		out, err := yaml.Marshal(p.Document())
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse(out)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !reflect.DeepEqual(q.Document(), p.Document()) {
			t.Errorf("round trip changed the document:\n%s", out)
		}
	}
}

func TestDefaultPolicy(t *testing.T) {
	p := Default()
	if p.ID() != "kinmuchi-default" || p.Version() == "" || p.EffectiveFrom().IsZero() {
		t.Errorf("default policy: %+v", p.Ref())
	}
	if string(DefaultDocument()) != string(p.Source()) {
		t.Error("Source differs from the document")
	}
	for _, id := range []string{"childcare", "nursing_care", "pregnancy", "hospital", "disaster", "commute", "general"} {
		if _, ok := p.Reason(id); !ok {
			t.Errorf("default policy lacks reason %s", id)
		}
	}
}

func TestTemplate(t *testing.T) {
	p, err := Parse(Template(day("2027-04-01"), "初版"))
	if err != nil {
		t.Fatal(err)
	}
	if p.EffectiveFrom() != day("2027-04-01") || p.Version() != "初版" || p.ID() != Default().ID() {
		t.Errorf("template = %s %s %s", p.ID(), p.Version(), p.EffectiveFrom())
	}
}

func TestSet(t *testing.T) {
	v1 := policyWith(t, "")
	v2 := policyWith(t, "version: v2\neffective_from: 2025-04-01")
	s, err := NewSet(v2, v1)
	if err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]*Policy{"2020-03-31": nil, "2020-04-01": v1, "2025-03-31": v1, "2025-04-01": v2, "2030-01-01": v2} {
		if got := s.InForce(day(d)); got != want {
			t.Errorf("InForce(%s) = %v", d, got.Ref())
		}
	}
	if _, err := NewSet(v1, policyWith(t, "version: v3")); err == nil {
		t.Error("two versions on one day accepted")
	}
	if _, err := NewSet(v1, policyWith(t, "effective_from: 2026-04-01")); err == nil {
		t.Error("a repeated version label accepted")
	}
	renamed := policyWith(t, "id: other\neffective_from: 2026-04-01\nversion: v9")
	if s, err := NewSet(v1, renamed); err != nil || s.InForce(day("2026-04-01")) != renamed || s.InForce(day("2026-03-31")) != v1 {
		t.Errorf("a version under a new id does not supersede the one before: %v", err)
	}
	if _, err := NewSet(v1, &Policy{}); err == nil {
		t.Error("an unparsed policy accepted")
	}
}

// ReasonName (what every request shown reads) names each reason as the
// document does, and nothing for a reason the policy does not have.
func TestReasonNameIsTheDocumentsName(t *testing.T) {
	p, err := Parse(Template(day("2027-04-01"), "初版"))
	if err != nil {
		t.Fatal(err)
	}
	reasons := p.Document().Reasons
	if len(reasons) == 0 {
		t.Fatal("the template has no reasons")
	}
	for _, r := range reasons {
		if got, ok := p.ReasonName(r.ID); !ok || got != r.Name || got.Ja == "" {
			t.Errorf("%s: %v %v, want %v", r.ID, got, ok, r.Name)
		}
	}
	if got, ok := p.ReasonName("no_such_reason"); ok || got != (Text{}) {
		t.Errorf("an unknown reason is named %v", got)
	}
}
