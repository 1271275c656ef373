package policies

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// ruleCase is one row of the rule tables: a policy override, a change to
// the test facts, and what the rule must report on the first date.
type ruleCase struct {
	name     string
	policy   string
	facts    func(f *Facts)
	want     Outcome // "" when the rule must report nothing
	effect   Action
	step     string
	contains string // in the Japanese message
	flag     string // a flag the first date must carry
}

// evaluate decides the case's facts under its policy.
func (tc ruleCase) evaluate(t *testing.T) Decision {
	t.Helper()
	f := testFacts()
	if tc.facts != nil {
		tc.facts(&f)
	}
	return Evaluate(policyWith(t, tc.policy), f)
}

func fullDays(dates ...string) []Day {
	out := make([]Day, len(dates))
	for i, d := range dates {
		out[i] = Day{Date: day(d), Unit: UnitFull}
	}
	return out
}

func childcare(rel string, birth string) func(f *Facts) {
	return func(f *Facts) {
		f.Reason = "childcare"
		f.Family = &FamilyMember{Relation: rel, BirthDate: day(birth), Cohabiting: true}
	}
}

func onDate(s string, applied string) func(f *Facts) {
	return func(f *Facts) { f.Dates, f.AppliedAt = []Date{day(s)}, at(applied) }
}

func all(fs ...func(f *Facts)) func(f *Facts) {
	return func(f *Facts) {
		for _, fn := range fs {
			fn(f)
		}
	}
}

const grantsAllowed = `
eligibility:
  employment_types: [regular]
  special_grants: {allowed: true, waivable: [eligibility.employment_type, calendar.blackout], max_days: 90}
`

// ruleCases lists, per rule id, the cases that show it working. Every rule
// the engine documents has an entry (TestEveryRuleHasCases).
var ruleCases = map[string][]ruleCase{
	RuleDates: {
		{name: "one date", want: Pass},
		{name: "no date", facts: func(f *Facts) { f.Dates = nil }, want: Fail, effect: ActionRefuse},
		{name: "a missing date", facts: func(f *Facts) { f.Dates = []Date{{}, day("2024-06-12")} }, want: Fail},
		{name: "repeated dates count once", facts: func(f *Facts) { f.Dates = []Date{day("2024-06-12"), day("2024-06-12")} }, want: Pass, contains: "1日分"},
	},
	RulePolicyInForce: {
		{name: "before the first version", facts: onDate("2020-03-31", "2020-03-01 09:00"), want: Fail, contains: "効力のある規程"},
		{name: "in force", want: ""}, // reported only when no version is
	},
	RuleEmploymentType: {
		{name: "any type when none listed", want: ""},
		{name: "allowed", policy: "eligibility: {employment_types: [regular, reappointed]}", want: Pass},
		{name: "not allowed", policy: "eligibility: {employment_types: [regular]}",
			facts: func(f *Facts) { f.Employee.EmploymentType = "fiscal_year" }, want: Fail, contains: "fiscal_year"},
		{name: "lifted by a department head's grant", policy: grantsAllowed,
			facts: func(f *Facts) {
				f.Employee.EmploymentType = "fiscal_year"
				f.Employee.Grants = []Grant{{From: day("2024-06-01"), To: day("2024-06-30"), GrantedBy: "head1"}}
			}, want: Pass, contains: "所属長特認", flag: FlagSpecialGrant},
		{name: "grant not covering the date", policy: grantsAllowed,
			facts: func(f *Facts) {
				f.Employee.EmploymentType = "fiscal_year"
				f.Employee.Grants = []Grant{{From: day("2024-05-01"), To: day("2024-05-31")}}
			}, want: Fail},
		{name: "grant longer than max_days", policy: grantsAllowed,
			facts: func(f *Facts) {
				f.Employee.EmploymentType = "fiscal_year"
				f.Employee.Grants = []Grant{{From: day("2024-04-01"), To: day("2024-12-31")}}
			}, want: Fail},
		{name: "grant for another rule", policy: grantsAllowed,
			facts: func(f *Facts) {
				f.Employee.EmploymentType = "fiscal_year"
				f.Employee.Grants = []Grant{{Rules: []string{RuleRemotePC}, From: day("2024-06-01"), To: day("2024-06-30")}}
			}, want: Fail},
		{name: "grants not honoured", policy: "eligibility: {employment_types: [regular]}",
			facts: func(f *Facts) {
				f.Employee.EmploymentType = "fiscal_year"
				f.Employee.Grants = []Grant{{From: day("2024-06-01"), To: day("2024-06-30")}}
			}, want: Fail},
	},
	RuleDepartment: {
		{name: "not excluded", policy: "eligibility: {excluded_department_flags: [counter]}", want: Pass},
		{name: "counter work flagged on the division", policy: "eligibility: {excluded_department_flags: [counter, my_number]}",
			facts: func(f *Facts) { f.Employee.Units[1].Flags = []string{"my_number"} }, want: Fail, contains: "my_number"},
		{name: "excluded unit above the employee's", policy: "eligibility: {excluded_departments: [somu]}", want: Fail, contains: "somu"},
	},
	RuleRemotePC: {
		{name: "not required", want: ""},
		{name: "has one", policy: "eligibility: {require_remote_pc: true}", want: Pass},
		{name: "has none", policy: "eligibility: {require_remote_pc: true}",
			facts: func(f *Facts) { f.Employee.HasRemotePC = false }, want: Fail, contains: "端末"},
	},
	RuleReason: {
		{name: "known", want: Pass, contains: "一般"},
		{name: "unknown", facts: func(f *Facts) { f.Reason = "vacation" }, want: Fail, contains: "vacation"},
		{name: "missing", facts: func(f *Facts) { f.Reason = "" }, want: Fail},
	},
	RuleUnit: {
		{name: "full day", want: Pass},
		{name: "morning", facts: func(f *Facts) { f.Unit = UnitAM }, want: Pass},
		{name: "hours not allowed by default", facts: func(f *Facts) { f.Unit, f.Minutes = UnitHours, 120 }, want: Fail},
		{name: "two hours", policy: "units: {allowed: [full, am, pm, hours]}",
			facts: func(f *Facts) { f.Unit, f.Minutes = UnitHours, 120 }, want: Pass},
		{name: "off the hour step", policy: "units: {allowed: [full, hours], hour_step: 1h}",
			facts: func(f *Facts) { f.Unit, f.Minutes = UnitHours, 90 }, want: Fail, contains: "1h単位"},
		{name: "a whole standard day in hours", policy: "units: {allowed: [full, hours]}",
			facts: func(f *Facts) { f.Unit, f.Minutes = UnitHours, 465 }, want: Fail, contains: "7h45m"},
		{name: "reason's own units", facts: func(f *Facts) { f.Reason = "hospital" }, want: Fail, contains: "午前"},
		{name: "unknown unit", facts: func(f *Facts) { f.Unit = "night" }, want: Fail},
	},
	RuleOverlap: {
		{name: "nothing that day", want: Pass},
		{name: "already a full day", facts: func(f *Facts) { f.Existing = fullDays("2024-06-12") }, want: Fail},
		{name: "morning then afternoon", facts: func(f *Facts) {
			f.Unit = UnitPM
			f.Existing = []Day{{Date: day("2024-06-12"), Unit: UnitAM}}
		}, want: Pass},
		{name: "two mornings", facts: func(f *Facts) {
			f.Unit = UnitAM
			f.Existing = []Day{{Date: day("2024-06-12"), Unit: UnitAM}}
		}, want: Fail, contains: "午前"},
	},
	RuleOfficeDay: {
		{name: "a Wednesday", want: Pass},
		{name: "a Saturday", facts: onDate("2024-06-15", "2024-06-10 09:00"), want: Fail, contains: "土曜日"},
		{name: "Marine Day", facts: onDate("2024-07-15", "2024-07-10 09:00"), want: Fail, contains: "海の日"},
		{name: "year-end closing", facts: onDate("2024-12-30", "2024-12-20 09:00"), want: Fail, contains: "閉庁日"},
		{name: "closed by the policy", policy: "calendar: {closed_dates: [2024-06-12]}", want: Fail, contains: "臨時"},
		{name: "a Saturday opened by the policy", policy: "calendar: {open_dates: [2024-06-15]}",
			facts: onDate("2024-06-15", "2024-06-10 09:00"), want: Pass},
		{name: "closed by the facts", facts: func(f *Facts) { f.Calendar.Closed = []Date{day("2024-06-12")} }, want: Fail},
		{name: "Saturdays open in this organisation", policy: "calendar: {weekend: [sunday]}",
			facts: onDate("2024-06-15", "2024-06-10 09:00"), want: Pass},
	},
	RuleBlackout: {
		{name: "no blackouts", want: ""},
		{name: "council session for council support",
			policy: `calendar: {blackouts: [{name: 6月定例会, from: 2024-06-04, to: 2024-06-21, department_flags: [council_support]}]}`,
			facts:  func(f *Facts) { f.Employee.Units[0].Flags = []string{"council_support"} }, want: Fail, contains: "6月定例会"},
		{name: "council session, other departments",
			policy: `calendar: {blackouts: [{name: 6月定例会, from: 2024-06-04, to: 2024-06-21, department_flags: [council_support]}]}`,
			want:   Pass},
		{name: "a blackout that only warns",
			policy: `calendar: {blackouts: [{name: 決算期, from: 2024-06-01, to: 2024-06-30, departments: [jinji], effect: warn}]}`,
			want:   Warn, effect: ActionWarn},
		{name: "a blackout from the facts", facts: func(f *Facts) {
			f.Calendar.Blackouts = []Blackout{{Name: Text{Ja: "選挙", En: "Election"}, From: day("2024-06-12"), To: day("2024-06-12")}}
		}, want: Fail, contains: "選挙"},
		{name: "lifted by a grant",
			policy: grantsAllowed + `calendar: {blackouts: [{name: 議会, from: 2024-06-04, to: 2024-06-21}]}`,
			facts: func(f *Facts) {
				f.Employee.Grants = []Grant{{Rules: []string{RuleBlackout}, From: day("2024-06-12"), To: day("2024-06-12")}}
			}, want: Pass, flag: FlagSpecialGrant},
	},
	RuleFamilyMember: {
		{name: "not needed", want: ""},
		{name: "required and named", facts: childcare("child", "2019-05-10"), want: Pass},
		{name: "required and missing", facts: func(f *Facts) { f.Reason = "childcare" }, want: Fail, contains: "育児"},
		{name: "optional and missing", facts: func(f *Facts) { f.Reason, f.Unit = "hospital", UnitAM }, want: ""},
		{name: "unknown relation name", facts: childcare("cousin_in_law", "2019-05-10"), want: Fail, contains: "cousin_in_law"},
	},
	RuleRelation: {
		{name: "own child", facts: childcare("child", "2019-05-10"), want: Pass, contains: "血族1親等"},
		{name: "a parent is not for childcare", facts: childcare("parent", "1960-01-01"), want: Fail, contains: "対象となる続柄ではありません"},
		{name: "stepchild through marriage", facts: childcare("stepchild", "2019-05-10"), want: Pass, contains: "姻族1親等"},
		{name: "common-law partner's child, union not counted", facts: childcare("common_law_partner_child", "2019-05-10"),
			policy: "family: {max_degree: {blood: 2, affinity: 2}}", want: Fail, contains: "内縁の配偶者を配偶者として扱いません"},
		{name: "common-law partner's child, union counted", facts: childcare("common_law_partner_child", "2019-05-10"),
			policy: "family: {max_degree: {blood: 2, affinity: 2}, common_law_as_spouse: true}", want: Pass},
		{name: "partner's child, partnership not counted", facts: childcare("partner_child", "2019-05-10"),
			policy: "family: {max_degree: {blood: 2, affinity: 2}}", want: Fail, contains: "パートナーシップ"},
		{name: "partner's child named by the policy", facts: childcare("partner_child", "2019-05-10"),
			policy: `
family: {relations: [child, partner_child]}
reasons:
  - {id: childcare, name: 育児, family_member: required, relations: [child, partner_child]}
`, want: Pass},
		{name: "beyond the degree", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Relation: "uncle_aunt", CareLevel: 3, Cohabiting: true}
		}, policy: "family: {max_degree: {blood: 2, affinity: 1}}", want: Fail, contains: "血族2親等まで"},
		{name: "in-law within the degree", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Relation: "parent_in_law", CareLevel: 3}
		}, policy: "family: {max_degree: {blood: 2, affinity: 1}}", want: Pass},
		{name: "a policy silent on family: the Civil Code's relatives", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Relation: "cousin", CareLevel: 3}
		}, want: Pass, contains: "血族4親等"},
		{name: "a policy silent on family: not beyond the 6th degree", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Path: Path{StepParent, StepParent, StepParent, StepParent, StepChild, StepChild, StepChild}, CareLevel: 3}
		}, want: Fail, contains: "血族6親等まで"},
		{name: "not a relative at all", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Path: Path{StepChild, StepParent}, CareLevel: 3}
		}, policy: "family: {max_degree: {blood: 6, affinity: 3}}", want: Fail, contains: "親族にあたらない"},
	},
	RuleCertificate: {
		{name: "not required", facts: childcare("partner_child", "2019-05-10"),
			policy: "family: {partnership_as_spouse: true, max_degree: {blood: 2, affinity: 2}}", want: ""},
		{name: "required and missing", facts: childcare("partner_child", "2019-05-10"),
			policy: "family: {partnership_as_spouse: true, partnership_requires_certificate: true}", want: Fail, contains: "写し"},
		{name: "required and given", facts: all(childcare("partner_child", "2019-05-10"), func(f *Facts) { f.Family.PartnershipCertificate = true }),
			policy: "family: {partnership_as_spouse: true, partnership_requires_certificate: true}", want: Pass},
	},
	RuleCohabitation: {
		{name: "not required", facts: childcare("child", "2019-05-10"), want: ""},
		{name: "required and living together", facts: childcare("child", "2019-05-10"),
			policy: "family: {cohabitation_required: true}", want: Pass},
		{name: "required and living apart", facts: all(childcare("child", "2019-05-10"), func(f *Facts) { f.Family.Cohabiting = false }),
			policy: "family: {cohabitation_required: true}", want: Fail, contains: "同居"},
		{name: "parents may live apart", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Relation: "parent", CareLevel: 2}
		}, policy: "family: {cohabitation_required: true, cohabitation_by_relation: {parent: false}}", want: Pass},
		{name: "required for one relation only", facts: func(f *Facts) {
			f.Reason = "care"
			f.Family = &FamilyMember{Relation: "grandparent", CareLevel: 2}
		}, policy: "family: {cohabitation_by_relation: {grandparent: true}}", want: Fail},
	},
	RuleChildAge: {
		// Born 1 April 2014: grade 3 ends on 31 March 2023; born 2 April 2014: on 31 March 2024.
		{name: "born 1 April, last day", facts: all(childcare("child", "2014-04-01"), onDate("2023-03-31", "2023-03-29 09:00")), want: Pass},
		{name: "born 1 April, next school year", facts: all(childcare("child", "2014-04-01"), onDate("2023-04-03", "2023-03-31 09:00")), want: Fail, contains: "2023年3月31日"},
		{name: "born 2 April, a year longer", facts: all(childcare("child", "2014-04-02"), onDate("2024-03-29", "2024-03-28 09:00")), want: Pass},
		{name: "born 2 April, then over", facts: all(childcare("child", "2014-04-02"), onDate("2024-04-01", "2024-03-29 09:00")), want: Fail},
		{name: "no birth date", facts: func(f *Facts) { f.Reason, f.Family = "childcare", &FamilyMember{Relation: "child", Cohabiting: true} }, want: Fail, contains: "生年月日"},
		{name: "before primary school", policy: "reasons: [{id: childcare, name: 育児, family_member: required, child_limit: before_primary}]",
			facts: all(childcare("child", "2018-04-02"), onDate("2025-03-31", "2025-03-28 09:00")), want: Pass},
		{name: "end of primary school", policy: "reasons: [{id: childcare, name: 育児, family_member: required, child_limit: end_of_primary}]",
			facts: all(childcare("child", "2012-04-01"), onDate("2024-04-01", "2024-03-29 09:00")), want: Fail},
	},
	RuleCareNeed: {
		{name: "care level 2", facts: func(f *Facts) { f.Reason, f.Family = "care", &FamilyMember{Relation: "parent", CareLevel: 2} }, want: Pass},
		{name: "two weeks of need", facts: func(f *Facts) { f.Reason, f.Family = "care", &FamilyMember{Relation: "parent", NeedDays: 14} }, want: Pass},
		{name: "neither", facts: func(f *Facts) {
			f.Reason, f.Family = "care", &FamilyMember{Relation: "parent", CareLevel: 1, NeedDays: 10}
		}, want: Fail, contains: "要介護2以上"},
	},
	RulePerWeek: {
		{name: "no limit set", want: ""},
		{name: "within", policy: "limits: {per_week: 2}", facts: func(f *Facts) { f.Existing = fullDays("2024-06-10") }, want: Pass},
		{name: "over", policy: "limits: {per_week: 2}", facts: func(f *Facts) { f.Existing = fullDays("2024-06-10", "2024-06-11") },
			want: Fail, contains: "週の在宅勤務日数の上限（2日）を超えます"},
		{name: "half days count half: 1 + 0.5 + 0.5", policy: "limits: {per_week: 2}", facts: func(f *Facts) {
			f.Unit = UnitPM
			f.Existing = []Day{{Date: day("2024-06-10"), Unit: UnitFull}, {Date: day("2024-06-11"), Unit: UnitAM}}
		}, want: Pass, contains: "この申請を含めて2日"},
		{name: "half days count half: 1 + 0.5 + 1", policy: "limits: {per_week: 2}", facts: func(f *Facts) {
			f.Existing = []Day{{Date: day("2024-06-10"), Unit: UnitFull}, {Date: day("2024-06-11"), Unit: UnitAM}}
		}, want: Fail, contains: "この申請を含めて2.5日"},
		{name: "hours count as hours over the standard day", policy: "limits: {per_week: 1}\nunits: {allowed: [full, hours]}", facts: func(f *Facts) {
			f.Unit, f.Minutes = UnitHours, 120
			f.Existing = []Day{{Date: day("2024-06-10"), Unit: UnitHours, Minutes: 345}} // 5h45m + 2h = 7h45m: one day
		}, want: Pass, contains: "この申請を含めて1日"},
		{name: "the previous week does not count", policy: "limits: {per_week: 1}", facts: func(f *Facts) { f.Existing = fullDays("2024-06-07") }, want: Pass},
		{name: "a week starting on Sunday", policy: "limits: {per_week: 1}\ncalendar: {week_starts: sunday}",
			facts: func(f *Facts) { f.Existing = fullDays("2024-06-09") }, want: Fail},
		{name: "exempt reason", policy: "limits: {per_week: 1}",
			facts: func(f *Facts) { f.Reason, f.Existing = "disaster", fullDays("2024-06-10") }, want: Pass, flag: FlagLimitsExempt},
		{name: "exempt days do not count", policy: "limits: {per_week: 1}",
			facts: func(f *Facts) { f.Existing = []Day{{Date: day("2024-06-10"), Unit: UnitFull, Reason: "disaster"}} }, want: Pass},
		{name: "a reason's own limit", policy: "limits: {per_week: 1}\nreasons: [{id: general, name: 一般, limits: {per_week: 3}}]",
			facts: func(f *Facts) { f.Existing = fullDays("2024-06-10", "2024-06-11") }, want: Pass},
	},
	RulePerMonth: {
		{name: "over, warns", policy: "limits: {per_month: 2, effects: {per_month: warn}}",
			facts: func(f *Facts) { f.Existing = fullDays("2024-06-03", "2024-06-04", "2024-05-31") }, want: Warn, effect: ActionWarn},
		{name: "within", policy: "limits: {per_month: 2}", facts: func(f *Facts) { f.Existing = fullDays("2024-06-03", "2024-05-31") }, want: Pass},
	},
	RulePerFiscalYear: {
		{name: "over, HR approves", policy: "limits: {per_fiscal_year: 2, effects: {per_fiscal_year: 'require_step:hr'}}",
			facts: func(f *Facts) { f.Existing = fullDays("2024-04-01", "2024-05-07") }, want: Warn, effect: ActionRequireStep, step: "hr"},
		{name: "the last fiscal year does not count", policy: "limits: {per_fiscal_year: 2}",
			facts: func(f *Facts) { f.Existing = fullDays("2024-03-29", "2024-05-07") }, want: Pass},
		{name: "a reason's effect wins", policy: "limits: {per_fiscal_year: 1}\nreasons: [{id: general, name: 一般, limits: {effect: warn}}]",
			facts: func(f *Facts) { f.Existing = fullDays("2024-04-01") }, want: Warn, effect: ActionWarn},
	},
	RuleMinOfficeDays: {
		{name: "enough", policy: "limits: {min_office_days_per_week: 3}", facts: func(f *Facts) { f.Existing = fullDays("2024-06-10") }, want: Pass},
		{name: "too few", policy: "limits: {min_office_days_per_week: 3}",
			facts: func(f *Facts) { f.Existing = fullDays("2024-06-10", "2024-06-11") }, want: Fail, contains: "この週の出勤日は2日"},
		{name: "a holiday week has fewer office days", policy: "limits: {min_office_days_per_week: 3}",
			facts: all(onDate("2024-07-17", "2024-07-12 09:00"), func(f *Facts) { f.Existing = fullDays("2024-07-16") }), want: Fail},
		{name: "a closed day asked for takes no office day away", policy: "limits: {min_office_days_per_week: 3}",
			facts: all(onDate("2024-06-12", "2024-06-10 09:00"), func(f *Facts) {
				f.Existing = fullDays("2024-06-10")
				f.Calendar.Closed = []Date{day("2024-06-12")}
			}), want: Pass, contains: "この週の出勤日は3日"},
		{name: "half days count half", policy: "limits: {min_office_days_per_week: 3}",
			facts: func(f *Facts) {
				f.Unit = UnitAM
				f.Existing = []Day{{Date: day("2024-06-10"), Unit: UnitFull}, {Date: day("2024-06-11"), Unit: UnitPM}}
			}, want: Pass, contains: "3日"},
	},
	RuleMaxConsecutive: {
		// Monday 17 June after Thursday and Friday: the weekend neither counts nor breaks the run.
		{name: "three across a weekend", policy: "limits: {max_consecutive: 3}",
			facts: all(onDate("2024-06-17", "2024-06-13 09:00"), func(f *Facts) { f.Existing = fullDays("2024-06-13", "2024-06-14") }), want: Pass, contains: "3開庁日"},
		{name: "four across a weekend", policy: "limits: {max_consecutive: 3}",
			facts: all(onDate("2024-06-17", "2024-06-11 09:00"), func(f *Facts) { f.Existing = fullDays("2024-06-12", "2024-06-13", "2024-06-14") }), want: Fail, contains: "4開庁日"},
		{name: "days after the date count too", policy: "limits: {max_consecutive: 2}",
			facts: func(f *Facts) { f.Existing = fullDays("2024-06-11", "2024-06-13") }, want: Fail},
		{name: "a half day in the office breaks the run", policy: "limits: {max_consecutive: 2}",
			facts: all(onDate("2024-06-17", "2024-06-13 09:00"), func(f *Facts) {
				f.Existing = []Day{{Date: day("2024-06-13"), Unit: UnitFull}, {Date: day("2024-06-14"), Unit: UnitAM}}
			}), want: Pass},
		{name: "a half day does not extend a run", policy: "limits: {max_consecutive: 1}",
			facts: func(f *Facts) { f.Unit, f.Existing = UnitPM, fullDays("2024-06-11") }, want: Pass},
	},
	RuleDeadline: {
		{name: "the day before", want: Pass},
		{name: "late on the previous day's evening", facts: onDate("2024-06-12", "2024-06-11 23:59"), want: Pass},
		{name: "on the day itself", facts: onDate("2024-06-12", "2024-06-12 08:00"), want: Fail, flag: FlagLateApplication},
		{name: "late applications allowed with a flag", policy: "deadlines: {late: warn}",
			facts: onDate("2024-06-12", "2024-06-12 08:00"), want: Warn, effect: ActionWarn, flag: FlagLateApplication},
		{name: "by 17:00, in time", policy: "deadlines: {time: '17:00'}", facts: onDate("2024-06-12", "2024-06-11 17:00"), want: Pass},
		{name: "by 17:00, a minute late", policy: "deadlines: {time: '17:00'}", facts: onDate("2024-06-12", "2024-06-11 17:01"), want: Fail, contains: "17:00"},
		{name: "two office days before", policy: "deadlines: {office_days_before: 2}", facts: onDate("2024-06-12", "2024-06-11 09:00"), want: Fail, contains: "6月10日"},
		{name: "UTC instant read in Japan time, in time", facts: func(f *Facts) { f.AppliedAt = at("2024-06-11 23:30").UTC() }, want: Pass},
		{name: "UTC instant read in Japan time, late", facts: func(f *Facts) { f.AppliedAt = at("2024-06-12 00:30").UTC() }, want: Fail},
		{name: "no moment of application", facts: func(f *Facts) { f.AppliedAt = time.Time{} }, want: Fail, contains: "申請日時"},
		{name: "a reason's own deadline", policy: "reasons: [{id: general, name: 一般, deadlines: {office_days_before: 0}}]",
			facts: onDate("2024-06-12", "2024-06-12 08:00"), want: Pass},
	},
	RuleAfterTheFact: {
		{name: "not allowed", facts: onDate("2024-06-12", "2024-06-13 09:00"), want: Fail, flag: FlagAfterTheFact},
		{name: "allowed on the next office day", policy: "deadlines: {after_the_fact: warn, after_the_fact_within_office_days: 1}",
			facts: onDate("2024-06-14", "2024-06-17 10:00"), want: Warn, flag: FlagAfterTheFact},
		{name: "too late", policy: "deadlines: {after_the_fact: warn, after_the_fact_within_office_days: 1}",
			facts: onDate("2024-06-14", "2024-06-18 10:00"), want: Fail, contains: "1開庁日以内"},
		{name: "with the department head's approval", policy: "deadlines: {after_the_fact: 'require_step:hr', after_the_fact_within_office_days: 3}",
			facts: onDate("2024-06-14", "2024-06-18 10:00"), want: Warn, effect: ActionRequireStep, step: "hr"},
	},
	RuleAttendanceMin: {
		{name: "no bands", want: ""},
		{name: "stays at the floor", policy: "attendance: {bands: [{level: ka, min_percent: 40}]}",
			facts: func(f *Facts) {
				f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "jinji", Members: 10, Away: 5}}
			}, want: Pass, contains: "40%"},
		{name: "goes below the floor", policy: "attendance: {bands: [{level: ka, min_percent: 40}]}",
			facts: func(f *Facts) {
				f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "jinji", Members: 10, Away: 6}}
			}, want: Fail, contains: "30%"},
		{name: "those on leave are not in the base", policy: "attendance: {bands: [{level: ka, min_percent: 40}]}",
			facts: func(f *Facts) {
				f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "jinji", Members: 12, OnLeave: 2, Away: 5}}
			}, want: Pass},
		{name: "a half day counts as attending", policy: "attendance: {bands: [{level: ka, min_percent: 40}]}",
			facts: func(f *Facts) {
				f.Unit = UnitAM
				f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "jinji", Members: 10, Away: 6}}
			}, want: Pass},
		{name: "essential staff left out of the base", policy: "attendance: {exclude_essential: true, bands: [{level: ka, min_percent: 40}]}",
			facts: func(f *Facts) {
				f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "jinji", Members: 10, Essential: 2, Away: 4}}
			}, want: Fail, contains: "8人中3人"},
		{name: "warns only", policy: "attendance: {bands: [{level: ka, min_percent: 40, effect: warn}]}",
			facts: func(f *Facts) {
				f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "jinji", Members: 10, Away: 6}}
			}, want: Warn},
		{name: "no staffing given", policy: "attendance: {bands: [{level: ka, min_percent: 40}]}", want: Warn, effect: ActionWarn},
		{name: "band for other departments", policy: "attendance: {bands: [{level: ka, min_percent: 40, departments: [shimin]}]}", want: ""},
		{name: "band outside its period", policy: "attendance: {bands: [{level: ka, min_percent: 40, from: 2024-07-01}]}", want: ""},
	},
	RuleAttendanceMax: {
		{name: "telework never breaks a cap", policy: "attendance: {bands: [{level: bu, max_percent: 30}]}",
			facts: func(f *Facts) { f.Staffing = []Staffing{{Date: day("2024-06-12"), Unit: "somu", Members: 10}} }, want: Pass, contains: "90%"},
	},
}

func TestEveryRuleHasCases(t *testing.T) {
	for _, r := range ruleDocs {
		if len(ruleCases[r.ID]) == 0 {
			t.Errorf("rule %s has no table cases", r.ID)
		}
	}
	for id := range ruleCases {
		if !slices.ContainsFunc(ruleDocs, func(d RuleDoc) bool { return d.ID == id }) {
			t.Errorf("cases for undocumented rule %s", id)
		}
	}
}

func TestRules(t *testing.T) {
	ids := make([]string, 0, len(ruleCases))
	for id := range ruleCases {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, tc := range ruleCases[id] {
			t.Run(id+"/"+tc.name, func(t *testing.T) {
				dec := tc.evaluate(t)
				got, ok := worst(dec, id)
				if tc.want == "" {
					if ok {
						t.Fatalf("want no %s result, got %s: %s", id, got.Outcome, got.Message.Ja)
					}
					return
				}
				if !ok {
					t.Fatalf("no %s result; results:\n%s", id, dumpResults(dec))
				}
				if got.Outcome != tc.want {
					t.Fatalf("%s = %s, want %s (%s)\n%s", id, got.Outcome, tc.want, got.Message.Ja, dumpResults(dec))
				}
				if tc.effect != "" && got.Effect != tc.effect {
					t.Errorf("effect = %q, want %q", got.Effect, tc.effect)
				}
				if tc.step != "" && got.Step != tc.step {
					t.Errorf("step = %q, want %q", got.Step, tc.step)
				}
				if tc.want != Pass && got.Effect == "" {
					t.Errorf("a %s result has no effect", got.Outcome)
				}
				if tc.contains != "" && !strings.Contains(got.Message.Ja, tc.contains) {
					t.Errorf("message %q does not contain %q", got.Message.Ja, tc.contains)
				}
				if got.Message.Ja == "" || got.Message.En == "" {
					t.Errorf("message missing a language: %+v", got.Message)
				}
				if tc.flag != "" && (len(dec.Dates) == 0 || !slices.Contains(dec.Dates[0].Flags, tc.flag)) {
					t.Errorf("flag %s missing: %v", tc.flag, dec.Flags())
				}
			})
		}
	}
}

func TestDecisionJSON(t *testing.T) {
	p := policyWith(t, "limits: {per_fiscal_year: 0, effects: {per_fiscal_year: 'require_step:hr'}}")
	dec := Evaluate(p, testFacts())
	b, err := json.Marshal(dec)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"rule":"limit.per_fiscal_year"`, `"outcome":"warn"`, `"effect":"require_step"`, `"step":"hr"`,
		`"date":"2024-06-12"`, `"policy":{"id":"test","version":"v1","effective_from":"2020-04-01"}`, `"required_by":["limit.per_fiscal_year"]`,
		`"mode":"any_of"`, `"ja":`, `"en":`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	var back Decision
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Dates[0].Date != day("2024-06-12") || back.Refused() != dec.Refused() || len(back.ExtraSteps()) != 1 {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func TestMultiDateCountsEarlierDates(t *testing.T) {
	p := policyWith(t, "limits: {per_week: 2}")
	f := testFacts()
	f.AppliedAt = at("2024-06-07 09:00")
	f.Dates = []Date{day("2024-06-13"), day("2024-06-10"), day("2024-06-11")} // out of order on purpose
	dec := Evaluate(p, f)
	if len(dec.Dates) != 3 || dec.Dates[0].Date != day("2024-06-10") {
		t.Fatalf("dates not decided in order: %+v", dec.Dates)
	}
	if got := dec.RefusedDates(); len(got) != 1 || got[0] != day("2024-06-13") {
		t.Fatalf("refused %v, want only 2024-06-13\n%s", got, dumpResults(dec))
	}
	if !dec.Refused() {
		t.Error("a refused date refuses the request")
	}
}

func TestNilAndZeroPolicy(t *testing.T) {
	for _, p := range []*Policy{nil, {}} {
		dec := Evaluate(p, testFacts())
		if !dec.Refused() {
			t.Errorf("a missing policy must refuse: %+v", dec)
		}
	}
}

func TestEvidenceShown(t *testing.T) {
	dec := Evaluate(Default(), Facts{Reason: "nursing_care", Dates: []Date{day("2026-05-13")}})
	if !strings.Contains(dec.Evidence.Ja, "要介護認定") {
		t.Errorf("evidence = %+v", dec.Evidence)
	}
}

// A Policy is shared by every request of an organisation; evaluating it from
// many goroutines must be safe (run with -race).
func TestConcurrentEvaluation(t *testing.T) {
	p, f := Default(), benchFacts("2026-10-07", "2026-10-08")
	want, _ := json.Marshal(Evaluate(p, f))
	done := make(chan []byte)
	for i := 0; i < 8; i++ {
		go func() {
			b, _ := json.Marshal(Evaluate(p, f))
			done <- b
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; string(got) != string(want) {
			t.Fatal("concurrent evaluations disagree")
		}
	}
}
