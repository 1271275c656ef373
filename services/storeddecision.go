package services

import (
	"encoding/json"
	"fmt"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// The decision a request was taken under is kept with it, in a form of its
// own: policies.Decision is what the engine and the API speak, and either may
// change without breaking rows stored years ago. The stored form carries its
// version ("v"); a row without one is version 1, the form kept since the
// first release. A change to the stored form adds a version and a reader for
// it here; it never rewrites what decodeDecision reads today.
//
// Version 2 adds each result's count (a limit's tally against its limit) and
// each date's scheme, so that a request decided under several schemes still
// shows, years later, which scheme counted each day and how many were left.
// Rows of version 1 simply have neither.

const decisionFormat = 2

type storedDecision struct {
	V        int            `json:"v"`
	Results  []storedResult `json:"results,omitempty"`
	Dates    []storedDate   `json:"dates"`
	Route    storedRoute    `json:"route"`
	Evidence *storedText    `json:"evidence,omitempty"`
}

type storedText struct {
	Ja string `json:"ja"`
	En string `json:"en"`
}

type storedResult struct {
	Rule    string       `json:"rule"`
	Date    string       `json:"date,omitempty"`
	Outcome string       `json:"outcome"`
	Effect  string       `json:"effect,omitempty"`
	Step    string       `json:"step,omitempty"`
	Message storedText   `json:"message"`
	Count   *storedCount `json:"count,omitempty"` // since version 2
}

type storedCount struct {
	Days  float64 `json:"days"`
	Limit int     `json:"limit"`
}

type storedDate struct {
	Date    string         `json:"date"`
	Policy  storedRef      `json:"policy"`
	Results []storedResult `json:"results"`
	Scheme  string         `json:"scheme,omitempty"` // since version 2
	Flags   []string       `json:"flags,omitempty"`
}

type storedRef struct {
	ID            string `json:"id"`
	Version       string `json:"version"`
	EffectiveFrom string `json:"effective_from"`
}

type storedRoute struct {
	Steps                []storedStep `json:"steps"`
	SeparateSameApprover bool         `json:"separate_same_approver,omitempty"`
}

type storedStep struct {
	Name        string      `json:"name"`
	Label       *storedText `json:"label,omitempty"`
	Approvers   []string    `json:"approvers"`
	Mode        string      `json:"mode"`
	Conditional bool        `json:"conditional"`
	RequiredBy  []string    `json:"required_by,omitempty"`
}

// encodeDecision is the stored form of a decision.
func encodeDecision(d policies.Decision) (models.JSON, error) {
	s := storedDecision{V: decisionFormat, Results: storeResults(d.Results), Dates: make([]storedDate, 0, len(d.Dates)),
		Route: storedRoute{Steps: make([]storedStep, 0, len(d.Route.Steps)), SeparateSameApprover: d.Route.SeparateSameApprover}}
	for _, dd := range d.Dates {
		s.Dates = append(s.Dates, storedDate{Date: dateText(dd.Date), Results: storeResults(dd.Results), Scheme: dd.Scheme, Flags: dd.Flags,
			Policy: storedRef{ID: dd.Policy.ID, Version: dd.Policy.Version, EffectiveFrom: dateText(dd.Policy.EffectiveFrom)}})
	}
	for _, st := range d.Route.Steps {
		s.Route.Steps = append(s.Route.Steps, storedStep{Name: st.Name, Label: storeText(st.Label), Approvers: st.Approvers,
			Mode: string(st.Mode), Conditional: st.Conditional, RequiredBy: st.RequiredBy})
	}
	s.Evidence = storeText(d.Evidence)
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode decision: %w", err)
	}
	return models.JSON(raw), nil
}

// decodeDecision reads a stored decision of any version.
func decodeDecision(raw []byte) (policies.Decision, error) {
	var s storedDecision
	if err := json.Unmarshal(raw, &s); err != nil {
		return policies.Decision{}, fmt.Errorf("decode decision: %w", err)
	}
	if s.V > decisionFormat {
		return policies.Decision{}, fmt.Errorf("decode decision: format %d is newer than this release reads (%d)", s.V, decisionFormat)
	}
	var d policies.Decision
	var err error
	if d.Results, err = readResults(s.Results); err != nil {
		return d, err
	}
	for _, sd := range s.Dates {
		dd := policies.DateDecision{Flags: sd.Flags, Scheme: sd.Scheme, Policy: policies.PolicyRef{ID: sd.Policy.ID, Version: sd.Policy.Version}}
		if dd.Date, err = readDate(sd.Date); err != nil {
			return d, err
		}
		if dd.Policy.EffectiveFrom, err = readDate(sd.Policy.EffectiveFrom); err != nil {
			return d, err
		}
		if dd.Results, err = readResults(sd.Results); err != nil {
			return d, err
		}
		d.Dates = append(d.Dates, dd)
	}
	d.Route.SeparateSameApprover = s.Route.SeparateSameApprover
	for _, st := range s.Route.Steps {
		d.Route.Steps = append(d.Route.Steps, policies.RouteStep{Name: st.Name, Label: readText(st.Label), Approvers: st.Approvers,
			Mode: policies.Mode(st.Mode), Conditional: st.Conditional, RequiredBy: st.RequiredBy})
	}
	d.Evidence = readText(s.Evidence)
	return d, nil
}

func storeResults(rs []policies.Result) []storedResult {
	out := make([]storedResult, 0, len(rs))
	for _, r := range rs {
		out = append(out, storedResult{Rule: r.Rule, Date: dateText(r.Date), Outcome: string(r.Outcome), Effect: string(r.Effect),
			Step: r.Step, Message: storedText{Ja: r.Message.Ja, En: r.Message.En}, Count: storeCount(r.Count)})
	}
	return out
}

func readResults(rs []storedResult) ([]policies.Result, error) {
	if rs == nil {
		return nil, nil
	}
	out := make([]policies.Result, 0, len(rs))
	for _, r := range rs {
		d, err := readDate(r.Date)
		if err != nil {
			return nil, err
		}
		out = append(out, policies.Result{Rule: r.Rule, Date: d, Outcome: policies.Outcome(r.Outcome), Effect: policies.Action(r.Effect),
			Step: r.Step, Message: policies.Text{Ja: r.Message.Ja, En: r.Message.En}, Count: readCount(r.Count)})
	}
	return out, nil
}

func storeCount(c *policies.Count) *storedCount {
	if c == nil {
		return nil
	}
	return &storedCount{Days: c.Days, Limit: c.Limit}
}

func readCount(c *storedCount) *policies.Count {
	if c == nil {
		return nil
	}
	return &policies.Count{Days: c.Days, Limit: c.Limit}
}

func storeText(t policies.Text) *storedText {
	if t.IsZero() {
		return nil
	}
	return &storedText{Ja: t.Ja, En: t.En}
}

func readText(t *storedText) policies.Text {
	if t == nil {
		return policies.Text{}
	}
	return policies.Text{Ja: t.Ja, En: t.En}
}

func dateText(d policies.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func readDate(s string) (policies.Date, error) {
	if s == "" {
		return policies.Date{}, nil
	}
	d, err := policies.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("decode decision: date %q: %w", s, err)
	}
	return d, nil
}
