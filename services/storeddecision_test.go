package services

import (
	"reflect"
	"testing"

	"github.com/kinmuchi/kinmuchi/policies"
)

// rowOfFirstRelease is a decision as the first release stored it (the JSON
// of policies.Decision then, with no version): a request-level result, a date
// with a late-application warning that added the HR step, and a label.
const rowOfFirstRelease = `{"results":[{"rule":"request.dates","outcome":"pass","message":{"ja":"1日分の申請です。","en":"The request covers 1 date."}}],` +
	`"dates":[{"date":"2026-12-02","policy":{"id":"alpha-telework","version":"v1","effective_from":"2026-12-01"},` +
	`"results":[{"rule":"deadline.advance","date":"2026-12-02","outcome":"warn","effect":"require_step","step":"hr_check",` +
	`"message":{"ja":"申請期限を過ぎています。","en":"Late."}}],"flags":["late_application"]}],` +
	`"route":{"steps":[{"name":"supervisor","label":{"ja":"係長確認","en":"Supervisor check"},"approvers":["supervisor"],"mode":"any_of","conditional":false},` +
	`{"name":"hr_check","approvers":["hr"],"mode":"any_of","conditional":false,"required_by":["deadline.advance"]}]},` +
	`"evidence":{"ja":"母子手帳の写し","en":""}}`

func TestDecisionsStoredByTheFirstReleaseStillRead(t *testing.T) {
	d, err := decodeDecision([]byte(rowOfFirstRelease))
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) policies.Date { x, _ := policies.ParseDate(s); return x }
	want := policies.Decision{
		Results: []policies.Result{{Rule: "request.dates", Outcome: policies.Pass, Message: policies.Text{Ja: "1日分の申請です。", En: "The request covers 1 date."}}},
		Dates: []policies.DateDecision{{Date: day("2026-12-02"),
			Policy: policies.PolicyRef{ID: "alpha-telework", Version: "v1", EffectiveFrom: day("2026-12-01")},
			Results: []policies.Result{{Rule: "deadline.advance", Date: day("2026-12-02"), Outcome: policies.Warn, Effect: policies.ActionRequireStep,
				Step: "hr_check", Message: policies.Text{Ja: "申請期限を過ぎています。", En: "Late."}}},
			Flags: []string{"late_application"}}},
		Route: policies.Route{Steps: []policies.RouteStep{
			{Name: "supervisor", Label: policies.Text{Ja: "係長確認", En: "Supervisor check"}, Approvers: []string{"supervisor"}, Mode: policies.AnyOf},
			{Name: "hr_check", Approvers: []string{"hr"}, Mode: policies.AnyOf, RequiredBy: []string{"deadline.advance"}}}},
		Evidence: policies.Text{Ja: "母子手帳の写し"},
	}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("read\n%+v\nwant\n%+v", d, want)
	}
	// What is stored now reads back the same.
	raw, err := encodeDecision(d)
	if err != nil {
		t.Fatal(err)
	}
	again, err := decodeDecision(raw)
	if err != nil || !reflect.DeepEqual(again, d) {
		t.Fatalf("round trip: %v\n%+v", err, again)
	}
	if _, err := decodeDecision([]byte(`{"v":99,"dates":[]}`)); err == nil {
		t.Error("a format newer than this release was read")
	}
}

// rowOfVersion1 is a decision as version 1 stored it (after the first
// release, before counts and schemes were kept): a limit's result with no
// count, a date with no scheme.
const rowOfVersion1 = `{"v":1,"results":[],"dates":[{"date":"2026-12-03","policy":{"id":"alpha-telework","version":"v2","effective_from":"2026-12-01"},` +
	`"results":[{"rule":"limit.weekly","date":"2026-12-03","outcome":"pass","message":{"ja":"週の上限内です。","en":"Within the weekly limit."}}]}],` +
	`"route":{"steps":[{"name":"supervisor","approvers":["supervisor"],"mode":"any_of","conditional":false}]}}`

func TestDecisionsStoredByVersion1ReadWithoutCountsOrSchemes(t *testing.T) {
	d, err := decodeDecision([]byte(rowOfVersion1))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Dates) != 1 || d.Dates[0].Scheme != "" || len(d.Dates[0].Results) != 1 || d.Dates[0].Results[0].Count != nil {
		t.Fatalf("read %+v", d)
	}
	if d.Dates[0].Results[0].Rule != "limit.weekly" || d.Dates[0].Policy.Version != "v2" {
		t.Fatalf("read %+v", d.Dates[0])
	}
}

// A scheme's weekly limit with its tally (出雲市 counts 在宅勤務 and モバイル勤務
// apart): what the applicant was shown when filing must read back the same.
func TestStoredDecisionKeepsEachCountAndEachDatesScheme(t *testing.T) {
	day, _ := policies.ParseDate("2026-12-03")
	d := policies.Decision{
		Dates: []policies.DateDecision{{Date: day, Scheme: "mobile",
			Policy: policies.PolicyRef{ID: "alpha-telework", Version: "v3", EffectiveFrom: day},
			Results: []policies.Result{{Rule: "limit.weekly", Date: day, Outcome: policies.Pass,
				Message: policies.Text{Ja: "週の上限内です。", En: "Within the weekly limit."}, Count: &policies.Count{Days: 1.5, Limit: 2}}}}},
		Route: policies.Route{Steps: []policies.RouteStep{{Name: "supervisor", Approvers: []string{"supervisor"}, Mode: policies.AnyOf}}},
	}
	raw, err := encodeDecision(d)
	if err != nil {
		t.Fatal(err)
	}
	again, err := decodeDecision(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, d) {
		t.Fatalf("round trip\n%+v\nwant\n%+v", again, d)
	}
	if got := again.Dates[0].Results[0].Count; got == nil || got.Days != 1.5 || got.Limit != 2 {
		t.Fatalf("count %+v", got)
	}
}
