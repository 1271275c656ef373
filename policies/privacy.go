package policies

import "slices"

// Audience is who reads a decision. The applicant reads every rule's full
// message; anyone else (an approver, HR acting as approver, a deputy) reads
// the facts of the applicant's private life only at category level, because
// telling a supervisor of a partnership, a child's birth date or a parent's
// care level can out or expose the employee. HR checks those facts in the
// family-member views, whose reads are audited.
type Audience int

// The audiences of a decision.
const (
	// AudienceApplicant is the person the request is about.
	AudienceApplicant Audience = iota
	// AudienceApprover is everyone else who may read the request.
	AudienceApprover
)

// RuleFamily is the category id that stands, in what approvers read, for
// every family rule of a date: one result, so that even which family rules
// were checked (a partnership certificate, a care level) says nothing.
const RuleFamily = "family"

// privateRules are the rules whose messages state facts of the applicant's
// family. Their results reach approvers only folded into one RuleFamily
// result per date.
var privateRules = map[string]bool{
	RuleFamilyMember: true, RuleRelation: true, RuleCertificate: true,
	RuleCohabitation: true, RuleChildAge: true, RuleCareNeed: true,
	// A pregnancy or a period of care is health information of the family.
	RuleFamilyPeriod: true,
}

// sensitiveRules are rules on the applicant's own sensitive facts (a
// commute tells where they live): approvers read the outcome and that the
// details are withheld, never the message.
var sensitiveRules = map[string]bool{
	RuleCommute: true,
}

// publicRules are the rules whose messages an approver needs and which name
// nothing private: dates, limits, deadlines, the calendar, attendance. A
// rule in neither list is treated as private (its message withheld), so a
// rule added later cannot leak by being forgotten here; a test checks that
// every documented rule is in exactly one list.
var publicRules = map[string]bool{
	RulePolicyInForce: true, RuleDates: true, RuleReason: true, RuleUnit: true, RuleOverlap: true,
	RuleEmploymentType: true, RuleDepartment: true, RuleRemotePC: true,
	RuleOfficeDay: true, RuleBlackout: true,
	RulePerWeek: true, RulePerMonth: true, RulePerFiscalYear: true, RuleMinOfficeDays: true, RuleMaxConsecutive: true,
	RuleDeadline: true, RuleAfterTheFact: true,
	RuleAttendanceMin: true, RuleAttendanceMax: true,
	RuleScheme: true, RulePeriod: true, RuleWorkKind: true, RuleService: true, RuleProbation: true,
	RuleRank: true, RuleWorkplace: true, RuleWindow: true, RuleScheduled: true, RuleEmergency: true,
	RulePool: true, RuleShare: true, RulePerMonthHrs: true, RuleMonthly: true, RuleNotice: true,
}

// FamilyVerified says whether HR has verified the family member a request
// names; approvers see that much.
type FamilyVerified bool

// For returns the decision as the audience may read it. The applicant gets
// it unchanged; anyone else gets the family rules of each date folded into
// one RuleFamily result with a category-level message, withheld messages for
// any rule not known to be public, and the same category in place of family
// rule ids that added approval steps.
func (d Decision) For(a Audience, verified FamilyVerified) Decision {
	if a == AudienceApplicant {
		return d
	}
	out := d
	out.Results = redactResults(d.Results, verified)
	out.Dates = make([]DateDecision, len(d.Dates))
	for i, dd := range d.Dates {
		dd.Results = redactResults(dd.Results, verified)
		out.Dates[i] = dd
	}
	out.Route.Steps = make([]RouteStep, len(d.Route.Steps))
	for i, s := range d.Route.Steps {
		s.RequiredBy = redactRuleIDs(s.RequiredBy)
		out.Route.Steps[i] = s
	}
	return out
}

// RedactResults returns results as an approver may read them (see
// Decision.For).
func RedactResults(rs []Result, verified FamilyVerified) []Result {
	return redactResults(rs, verified)
}

func redactResults(rs []Result, verified FamilyVerified) []Result {
	if rs == nil {
		return nil
	}
	out := make([]Result, 0, len(rs))
	family := map[Date]int{} // date → index in out of its folded family result
	for _, r := range rs {
		switch {
		case publicRules[r.Rule]:
			out = append(out, r)
		case privateRules[r.Rule]:
			i, seen := family[r.Date]
			if !seen {
				family[r.Date] = len(out)
				out = append(out, Result{Rule: RuleFamily, Date: r.Date, Outcome: Pass})
				i = len(out) - 1
			}
			f := &out[i]
			if worse(r.Outcome, f.Outcome) {
				f.Outcome, f.Effect, f.Step = r.Outcome, r.Effect, r.Step
			}
			f.Message = familyMessage(f.Outcome, verified)
		default: // sensitiveRules, and any rule not listed
			r.Message = withheld
			out = append(out, r)
		}
	}
	return out
}

func redactRuleIDs(ids []string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !publicRules[id] {
			id = RuleFamily
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// worse orders outcomes fail > warn > pass.
func worse(a, b Outcome) bool {
	rank := map[Outcome]int{Pass: 0, Warn: 1, Fail: 2}
	return rank[a] > rank[b]
}

var withheld = Text{
	Ja: "この項目の詳細は、申請者本人と人事課だけが確認できます。",
	En: "Only the applicant and HR can see the details of this item.",
}

func familyMessage(o Outcome, verified FamilyVerified) Text {
	switch o {
	case Fail:
		return Text{Ja: "家族の要件を満たしていません。詳細は申請者本人と人事課が確認します。",
			En: "The family conditions are not met. The applicant and HR see the details."}
	case Warn:
		return Text{Ja: "家族の要件について確認が必要です。詳細は申請者本人と人事課が確認します。",
			En: "The family conditions need checking. The applicant and HR see the details."}
	case Pass:
	}
	if verified {
		return Text{Ja: "家族の要件を満たしています（人事課確認済み）。", En: "The family conditions are met (verified by HR)."}
	}
	return Text{Ja: "家族の要件を満たしています（人事課の確認待ち）。", En: "The family conditions are met (awaiting verification by HR)."}
}
