package policies

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Outcome is how a request fared against one rule.
type Outcome string

// The outcomes. A failed rule refuses the request; a warning lets it go on,
// either as a plain warning or with an extra approval step (Result.Effect
// says which).
const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	Warn Outcome = "warn"
)

// Action is what breaking a rule does.
type Action string

// The actions a policy can attach to a rule.
const (
	ActionRefuse      Action = "refuse"       // the request (that date) is refused
	ActionWarn        Action = "warn"         // the request goes on, flagged
	ActionRequireStep Action = "require_step" // the request goes on with an extra approval step
)

// Effect is what a policy says breaking a rule does, written in a document as
// "refuse", "warn" or "require_step:<step>" where <step> names one of
// approval.steps (e.g. require_step:hr).
type Effect struct {
	Action Action
	Step   string
}

// ParseEffect reads "refuse", "warn" or "require_step:<step>".
func ParseEffect(s string) (Effect, error) {
	switch s {
	case string(ActionRefuse):
		return Effect{Action: ActionRefuse}, nil
	case string(ActionWarn):
		return Effect{Action: ActionWarn}, nil
	}
	if step, ok := strings.CutPrefix(s, string(ActionRequireStep)+":"); ok && validName(step) {
		return Effect{Action: ActionRequireStep, Step: step}, nil
	}
	return Effect{}, fmt.Errorf("effect %q: want refuse, warn or require_step:<step>", s)
}

// IsZero reports whether the effect is unset (it then inherits).
func (e Effect) IsZero() bool { return e.Action == "" }

// String returns the document form.
func (e Effect) String() string {
	if e.Action == ActionRequireStep {
		return string(e.Action) + ":" + e.Step
	}
	return string(e.Action)
}

// MarshalText implements encoding.TextMarshaler.
func (e Effect) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *Effect) UnmarshalText(b []byte) error {
	v, err := ParseEffect(string(b))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (e *Effect) UnmarshalYAML(n *yaml.Node) error { return e.UnmarshalText([]byte(n.Value)) }

// or returns e, or d when e is unset.
func (e Effect) or(d Effect) Effect {
	if e.IsZero() {
		return d
	}
	return e
}

// outcome is the outcome a broken rule with this effect has.
func (e Effect) outcome() Outcome {
	if e.Action == ActionRefuse || e.IsZero() {
		return Fail
	}
	return Warn
}

// Result is one rule's verdict on a request (on one date of it).
type Result struct {
	Rule    string  `json:"rule"`
	Date    Date    `json:"date,omitzero"`
	Outcome Outcome `json:"outcome"`
	// Effect is set when the outcome is not pass: refuse for fail; warn or
	// require_step (with Step) for warn.
	Effect  Action `json:"effect,omitempty"`
	Step    string `json:"step,omitempty"`
	Message Text   `json:"message"`
	// Count is set by the per-period limits: the days the period holds with
	// the request, against its limit, so a screen can show the days left.
	Count *Count `json:"count,omitempty"`
}

// Count is a limit's tally in days (half days count 0.5).
type Count struct {
	Days  float64 `json:"days"`
	Limit int     `json:"limit"`
}

// PolicyRef names the version of a policy a date was decided under.
type PolicyRef struct {
	ID            string `json:"id"`
	Version       string `json:"version"`
	EffectiveFrom Date   `json:"effective_from"`
}

// DateDecision is the decision on one date of a request.
type DateDecision struct {
	Date Date `json:"date"`
	// Policy is the version in force on Date (zero when none was).
	Policy  PolicyRef `json:"policy"`
	Results []Result  `json:"results"`
	// Scheme is the scheme the date was decided under (when the policy
	// has schemes), which its limits count it in.
	Scheme string `json:"scheme,omitempty"`
	// Flags mark facts an approver should see: late_application,
	// after_the_fact, special_grant, limits_exempt.
	Flags []string `json:"flags,omitempty"`
}

// The flags a date decision can carry; approval.steps[].when.flags can
// name them.
const (
	FlagLateApplication = "late_application"
	FlagAfterTheFact    = "after_the_fact"
	FlagSpecialGrant    = "special_grant"
	FlagLimitsExempt    = "limits_exempt"
	// FlagEmergency: the date falls in a declared emergency period.
	FlagEmergency = "emergency"
	// FlagPriorNotice: a late request came with a prior notice, and is
	// approved after the fact (事後承認).
	FlagPriorNotice = "prior_notice"
	// FlagPoolAllocation: the date is past a pool's daily cap and waits for
	// the allocation step.
	FlagPoolAllocation = "pool_allocation"
)

func flagNames() []string {
	return []string{FlagLateApplication, FlagAfterTheFact, FlagSpecialGrant, FlagLimitsExempt, FlagEmergency, FlagPriorNotice, FlagPoolAllocation}
}

// personRules are the rules that read the applicant's own facts (family,
// staff record, department): when those facts change, a live request is
// checked again on them alone, so that days others took since do not
// count against it.
var personRules = map[string]bool{
	RuleFamilyMember: true, RuleRelation: true, RuleCertificate: true, RuleCohabitation: true, RuleChildAge: true, RuleCareNeed: true,
	RuleFamilyPeriod: true, RuleCommute: true, RuleEmploymentType: true, RuleDepartment: true, RuleProbation: true, RuleService: true,
	RuleRank: true, RuleScheduled: true, RuleWorkplace: true, RuleScheme: true,
}

// LapsedDates returns the dates on which a rule on the applicant's own
// facts (family, staff record, department) fails: a request approved on a
// reason that no longer holds.
func (d Decision) LapsedDates() []Date {
	var out []Date
	for _, dd := range d.Dates {
		if slices.ContainsFunc(dd.Results, func(r Result) bool { return r.Outcome == Fail && personRules[r.Rule] }) {
			out = append(out, dd.Date)
		}
	}
	return out
}

// othersRules read what other people did since a request was decided (the
// attendance of the unit, the use of a pool): a recheck of one request
// leaves them out, so that days others took since do not count against it.
var othersRules = map[string]bool{RuleAttendanceMin: true, RuleAttendanceMax: true, RulePool: true}

// EmergencyLapsedDates returns the dates of a request decided within an
// emergency period (before) that, decided again once the period was ended
// early or withdrawn (after), fall outside every period and are refused by a
// rule of the applicant's own: the relaxation the day relied on (a lifted
// limit, a waived eligibility rule, a shorter deadline) no longer holds.
// A date still inside a period, or refused only by others' use, is not one.
func EmergencyLapsedDates(before, after Decision) []Date {
	was := map[Date]bool{}
	for _, dd := range before.Dates {
		if slices.Contains(dd.Flags, FlagEmergency) {
			was[dd.Date] = true
		}
	}
	var out []Date
	for _, dd := range after.Dates {
		if !was[dd.Date] || slices.Contains(dd.Flags, FlagEmergency) {
			continue
		}
		if slices.ContainsFunc(dd.Results, func(r Result) bool { return r.Outcome == Fail && !othersRules[r.Rule] }) {
			out = append(out, dd.Date)
		}
	}
	return out
}

// FlagReasonLapsed marks a live request whose reason no longer holds on
// some of its days (set by the service that checks it again).
const FlagReasonLapsed = "reason_lapsed"

// Refused reports whether a rule refused this date.
func (d DateDecision) Refused() bool {
	for _, r := range d.Results {
		if r.Outcome == Fail {
			return true
		}
	}
	return false
}

// Decision is the engine's answer to a telework request: a verdict per date,
// each under the policy version in force on it, and the approval route the
// request must follow. It is plain data, stored with the request and shown by
// the API as JSON.
type Decision struct {
	// Results holds verdicts on the request as a whole (its dates).
	Results []Result       `json:"results,omitempty"`
	Dates   []DateDecision `json:"dates"`
	Route   Route          `json:"route"`
	// Evidence is what the reason expects the employee to keep or submit.
	Evidence Text `json:"evidence,omitzero"`
}

// AllResults returns every result, request-level first, then date by date.
func (d Decision) AllResults() []Result {
	out := slices.Clone(d.Results)
	for _, dd := range d.Dates {
		out = append(out, dd.Results...)
	}
	return out
}

// Refused reports whether any rule refused the request or one of its dates.
// A request with no date is refused.
func (d Decision) Refused() bool {
	for _, r := range d.AllResults() {
		if r.Outcome == Fail {
			return true
		}
	}
	return len(d.Dates) == 0
}

// RefusedDates returns the dates a rule refused.
func (d Decision) RefusedDates() []Date {
	var out []Date
	for _, dd := range d.Dates {
		if dd.Refused() {
			out = append(out, dd.Date)
		}
	}
	return out
}

// Warnings returns the results that let the request go on with a warning or
// an extra approval step.
func (d Decision) Warnings() []Result {
	var out []Result
	for _, r := range d.AllResults() {
		if r.Outcome == Warn {
			out = append(out, r)
		}
	}
	return out
}

// ExtraSteps returns the names of approval steps that rules added, in route
// order.
func (d Decision) ExtraSteps() []string {
	var out []string
	for _, s := range d.Route.Steps {
		if len(s.RequiredBy) > 0 {
			out = append(out, s.Name)
		}
	}
	return out
}

// Flags returns the flags of all dates, each once, in first-seen order.
func (d Decision) Flags() []string {
	var out []string
	for _, dd := range d.Dates {
		for _, f := range dd.Flags {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// Versions returns the policy versions the dates were decided under, each
// once, in date order.
func (d Decision) Versions() []PolicyRef {
	var out []PolicyRef
	for _, dd := range d.Dates {
		if dd.Policy.ID != "" && !slices.Contains(out, dd.Policy) {
			out = append(out, dd.Policy)
		}
	}
	return out
}

// Mode says how many approvers of a step must approve.
type Mode string

// The approval modes.
const (
	AnyOf Mode = "any_of" // one of the approvers suffices
	AllOf Mode = "all_of" // 合議: every approver must approve
)

// Route is the approval route of a request: the steps to pass, in order.
type Route struct {
	Steps []RouteStep `json:"steps"`
	// SeparateSameApprover turns 同一承認者の自動承認 off: a person named
	// on consecutive steps approves each (approval.same_approver_once:
	// false). The zero value keeps the default, so decisions stored before
	// the setting existed follow it too.
	SeparateSameApprover bool `json:"separate_same_approver,omitempty"`
}

// RouteStep is one step of a computed route.
type RouteStep struct {
	Name  string `json:"name"`
	Label Text   `json:"label,omitzero"`
	// Approvers are approver kinds: supervisor, department_head, head:<level>
	// (the head of the employee's unit at that level, e.g. head:bu), hr, or
	// officer:<name> (a named officer such as officer:information_security).
	Approvers []string `json:"approvers"`
	Mode      Mode     `json:"mode"`
	// Conditional is true when the step is in the route because its
	// condition (when) matched the request.
	Conditional bool `json:"conditional"`
	// RequiredBy lists the rules whose effect added the step.
	RequiredBy []string `json:"required_by,omitempty"`
}
