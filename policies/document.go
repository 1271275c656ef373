package policies

// Document is a telework policy (在宅勤務実施要綱) as an HR officer writes
// it, in YAML or JSON. Parse checks it against the key table (schema.go),
// fills in the documented defaults and compiles it into a Policy; every key
// is described in docs/policy-reference.md, generated from that same table.
//
// Keys with a default are never omitted when a Document is written back, so
// that writing and parsing again gives the same policy.
type Document struct {
	ID            string        `yaml:"id" json:"id"`
	Version       string        `yaml:"version" json:"version"`
	EffectiveFrom Date          `yaml:"effective_from" json:"effective_from"`
	Title         Text          `yaml:"title,omitempty" json:"title,omitzero"`
	Timezone      string        `yaml:"timezone" json:"timezone"`
	Calendar      CalendarRules `yaml:"calendar" json:"calendar"`
	Eligibility   Eligibility   `yaml:"eligibility" json:"eligibility"`
	Units         Units         `yaml:"units" json:"units"`
	Reasons       []Reason      `yaml:"reasons" json:"reasons"`
	Family        Family        `yaml:"family" json:"family"`
	Limits        Limits        `yaml:"limits" json:"limits"`
	Deadlines     Deadlines     `yaml:"deadlines" json:"deadlines"`
	Attendance    Attendance    `yaml:"attendance" json:"attendance"`
	Approval      Approval      `yaml:"approval" json:"approval"`
	Retention     Retention     `yaml:"retention" json:"retention"`
}

// Retention says how long sensitive personal data is kept (保存期間).
type Retention struct {
	// PersonalDataYears: family members' details and the free texts that
	// give reasons (a request's note, a leave note, a correction's reason)
	// are purged this many whole fiscal years after the fiscal year they
	// were last used in.
	PersonalDataYears int `yaml:"personal_data_years" json:"personal_data_years"`
}

// CalendarRules says which days the offices are open (開庁日).
type CalendarRules struct {
	Weekend          []string   `yaml:"weekend" json:"weekend"`
	WeekStarts       string     `yaml:"week_starts" json:"week_starts"`
	NationalHolidays bool       `yaml:"national_holidays" json:"national_holidays"`
	ClosingDays      []MonthDay `yaml:"closing_days" json:"closing_days"`
	ClosedDates      []Date     `yaml:"closed_dates,omitempty" json:"closed_dates,omitempty"`
	OpenDates        []Date     `yaml:"open_dates,omitempty" json:"open_dates,omitempty"`
	Blackouts        []Blackout `yaml:"blackouts,omitempty" json:"blackouts,omitempty"`
}

// Blackout is a period in which some departments (or all) may not telework,
// e.g. a council session (議会会期中).
type Blackout struct {
	Name            Text     `yaml:"name" json:"name"`
	From            Date     `yaml:"from" json:"from"`
	To              Date     `yaml:"to" json:"to"`
	Departments     []string `yaml:"departments,omitempty" json:"departments,omitempty"`
	DepartmentFlags []string `yaml:"department_flags,omitempty" json:"department_flags,omitempty"`
	Effect          Effect   `yaml:"effect,omitempty" json:"effect,omitzero"`
}

// Eligibility says who may telework.
type Eligibility struct {
	EmploymentTypes         []string      `yaml:"employment_types,omitempty" json:"employment_types,omitempty"`
	ExcludedDepartments     []string      `yaml:"excluded_departments,omitempty" json:"excluded_departments,omitempty"`
	ExcludedDepartmentFlags []string      `yaml:"excluded_department_flags,omitempty" json:"excluded_department_flags,omitempty"`
	RequireRemotePC         bool          `yaml:"require_remote_pc" json:"require_remote_pc"`
	SpecialGrants           SpecialGrants `yaml:"special_grants" json:"special_grants"`
}

// SpecialGrants says whether a department head's exception (所属長特認) can
// lift eligibility rules for a named employee, which, and for how long.
type SpecialGrants struct {
	Allowed  bool     `yaml:"allowed" json:"allowed"`
	Waivable []string `yaml:"waivable" json:"waivable"`
	MaxDays  int      `yaml:"max_days" json:"max_days"`
}

// Units says in which units telework is taken.
type Units struct {
	Allowed     []string `yaml:"allowed" json:"allowed"`
	StandardDay Duration `yaml:"standard_day" json:"standard_day"`
	HourStep    Duration `yaml:"hour_step" json:"hour_step"`
}

// Reason is a reason for teleworking (育児, 介護 …) and what it requires.
type Reason struct {
	ID           string     `yaml:"id" json:"id"`
	Name         Text       `yaml:"name" json:"name"`
	Evidence     Text       `yaml:"evidence,omitempty" json:"evidence,omitzero"`
	FamilyMember string     `yaml:"family_member" json:"family_member"`
	Relations    []string   `yaml:"relations,omitempty" json:"relations,omitempty"`
	ChildLimit   string     `yaml:"child_limit" json:"child_limit"`
	Care         *Care      `yaml:"care,omitempty" json:"care,omitempty"`
	LimitsApply  bool       `yaml:"limits_apply" json:"limits_apply"`
	Units        []string   `yaml:"units,omitempty" json:"units,omitempty"`
	Limits       *Limits    `yaml:"limits,omitempty" json:"limits,omitempty"`
	Deadlines    *Deadlines `yaml:"deadlines,omitempty" json:"deadlines,omitempty"`
}

// Care is the nursing-care condition a family member must meet.
type Care struct {
	MinLevel    int `yaml:"min_level,omitempty" json:"min_level,omitempty"`
	MinNeedDays int `yaml:"min_need_days,omitempty" json:"min_need_days,omitempty"`
}

// Family says who counts as family.
type Family struct {
	Relations                      []string        `yaml:"relations,omitempty" json:"relations,omitempty"`
	MaxDegree                      MaxDegree       `yaml:"max_degree,omitempty" json:"max_degree,omitzero"`
	CohabitationRequired           bool            `yaml:"cohabitation_required" json:"cohabitation_required"`
	CohabitationByRelation         map[string]bool `yaml:"cohabitation_by_relation,omitempty" json:"cohabitation_by_relation,omitempty"`
	PartnershipAsSpouse            bool            `yaml:"partnership_as_spouse" json:"partnership_as_spouse"`
	CommonLawAsSpouse              bool            `yaml:"common_law_as_spouse" json:"common_law_as_spouse"`
	PartnershipRequiresCertificate bool            `yaml:"partnership_requires_certificate" json:"partnership_requires_certificate"`
}

// MaxDegree is the furthest degree (親等) that counts, per line.
type MaxDegree struct {
	Blood    *int `yaml:"blood,omitempty" json:"blood,omitempty"`
	Affinity *int `yaml:"affinity,omitempty" json:"affinity,omitempty"`
}

// Limits caps how much telework an employee takes. Under a reason, a key
// that is set replaces the organisation-wide one.
type Limits struct {
	PerWeek              *int         `yaml:"per_week,omitempty" json:"per_week,omitempty"`
	PerMonth             *int         `yaml:"per_month,omitempty" json:"per_month,omitempty"`
	PerFiscalYear        *int         `yaml:"per_fiscal_year,omitempty" json:"per_fiscal_year,omitempty"`
	MinOfficeDaysPerWeek *int         `yaml:"min_office_days_per_week,omitempty" json:"min_office_days_per_week,omitempty"`
	MaxConsecutive       *int         `yaml:"max_consecutive,omitempty" json:"max_consecutive,omitempty"`
	Effect               Effect       `yaml:"effect,omitempty" json:"effect,omitzero"`
	Effects              LimitEffects `yaml:"effects,omitempty" json:"effects,omitzero"`
}

// LimitEffects overrides Limits.Effect for single limits.
type LimitEffects struct {
	PerWeek              Effect `yaml:"per_week,omitempty" json:"per_week,omitzero"`
	PerMonth             Effect `yaml:"per_month,omitempty" json:"per_month,omitzero"`
	PerFiscalYear        Effect `yaml:"per_fiscal_year,omitempty" json:"per_fiscal_year,omitzero"`
	MinOfficeDaysPerWeek Effect `yaml:"min_office_days_per_week,omitempty" json:"min_office_days_per_week,omitzero"`
	MaxConsecutive       Effect `yaml:"max_consecutive,omitempty" json:"max_consecutive,omitzero"`
}

// Deadlines says by when a request must be made. Under a reason, a key that
// is set replaces the organisation-wide one.
type Deadlines struct {
	OfficeDaysBefore   *int   `yaml:"office_days_before,omitempty" json:"office_days_before,omitempty"`
	Time               *Clock `yaml:"time,omitempty" json:"time,omitempty"`
	Late               Effect `yaml:"late,omitempty" json:"late,omitzero"`
	AfterTheFact       Effect `yaml:"after_the_fact,omitempty" json:"after_the_fact,omitzero"`
	AfterTheFactWithin *int   `yaml:"after_the_fact_within_office_days,omitempty" json:"after_the_fact_within_office_days,omitempty"`
}

// Attendance holds the office-attendance bands (出勤率).
type Attendance struct {
	ExcludeEssential bool   `yaml:"exclude_essential" json:"exclude_essential"`
	Bands            []Band `yaml:"bands,omitempty" json:"bands,omitempty"`
}

// Band is a floor and/or a cap on the share of a unit's working staff in the
// office on a day, for units at one level of the organisation (e.g. 課).
type Band struct {
	Name            Text     `yaml:"name,omitempty" json:"name,omitzero"`
	Level           string   `yaml:"level" json:"level"`
	MinPercent      *int     `yaml:"min_percent,omitempty" json:"min_percent,omitempty"`
	MaxPercent      *int     `yaml:"max_percent,omitempty" json:"max_percent,omitempty"`
	Departments     []string `yaml:"departments,omitempty" json:"departments,omitempty"`
	DepartmentFlags []string `yaml:"department_flags,omitempty" json:"department_flags,omitempty"`
	From            Date     `yaml:"from,omitempty" json:"from,omitzero"`
	To              Date     `yaml:"to,omitempty" json:"to,omitzero"`
	Effect          Effect   `yaml:"effect,omitempty" json:"effect,omitzero"`
}

// Approval is the approval route, as steps the engine selects per request.
type Approval struct {
	Steps []ApprovalStep `yaml:"steps" json:"steps"`
	// SameApproverOnce: one approval completes consecutive steps that
	// resolve to the same person (同一承認者の自動承認).
	SameApproverOnce bool `yaml:"same_approver_once" json:"same_approver_once"`
}

// ApprovalStep is one step of the route as written.
type ApprovalStep struct {
	Name      string     `yaml:"name" json:"name"`
	Label     Text       `yaml:"label,omitempty" json:"label,omitzero"`
	Approvers []string   `yaml:"approvers" json:"approvers"`
	Mode      string     `yaml:"mode" json:"mode"`
	OnDemand  bool       `yaml:"on_demand,omitempty" json:"on_demand,omitempty"`
	When      *Condition `yaml:"when,omitempty" json:"when,omitempty"`
}

// Condition selects requests: every list that is set must contain the
// request's value (any of its values); all of them must hold.
type Condition struct {
	Reasons         []string `yaml:"reasons,omitempty" json:"reasons,omitempty"`
	Units           []string `yaml:"units,omitempty" json:"units,omitempty"`
	EmploymentTypes []string `yaml:"employment_types,omitempty" json:"employment_types,omitempty"`
	DepartmentFlags []string `yaml:"department_flags,omitempty" json:"department_flags,omitempty"`
	Flags           []string `yaml:"flags,omitempty" json:"flags,omitempty"`
	MinDates        int      `yaml:"min_dates,omitempty" json:"min_dates,omitempty"`
}
