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
