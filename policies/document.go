package policies

// Document is a telework policy (在宅勤務実施要綱) as an HR officer writes
// it, in YAML or JSON. Parse checks it against the key table (schema.go),
// fills in the documented defaults and compiles it into a Policy; every key
// is described in docs/policy-reference.md, generated from that same table.
//
// Keys with a default are never omitted when a Document is written back, so
// that writing and parsing again gives the same policy.
type Document struct {
	ID            string `yaml:"id" json:"id"`
	Version       string `yaml:"version" json:"version"`
	EffectiveFrom Date   `yaml:"effective_from" json:"effective_from"`
	// EffectiveTo ends the version: after it nothing is in force until a
	// later version is stored (a 要綱 written for a trial period).
	EffectiveTo Date          `yaml:"effective_to,omitempty" json:"effective_to,omitzero"`
	Title       Text          `yaml:"title,omitempty" json:"title,omitzero"`
	Timezone    string        `yaml:"timezone" json:"timezone"`
	Calendar    CalendarRules `yaml:"calendar" json:"calendar"`
	Eligibility Eligibility   `yaml:"eligibility" json:"eligibility"`
	Units       Units         `yaml:"units" json:"units"`
	Reasons     []Reason      `yaml:"reasons" json:"reasons"`
	Family      Family        `yaml:"family" json:"family"`
	Limits      Limits        `yaml:"limits" json:"limits"`
	Deadlines   Deadlines     `yaml:"deadlines" json:"deadlines"`
	Attendance  Attendance    `yaml:"attendance" json:"attendance"`
	Approval    Approval      `yaml:"approval" json:"approval"`
	Periods     Periods       `yaml:"periods" json:"periods"`
	Emergency   Emergency     `yaml:"emergency" json:"emergency"`
	Pools       []Pool        `yaml:"pools,omitempty" json:"pools,omitempty"`
	Schemes     []Scheme      `yaml:"schemes,omitempty" json:"schemes,omitempty"`
}

// Periods bounds what one application may cover and when telework is open
// at all (a positive list of windows, beside the blackouts).
type Periods struct {
	MaxDays          *int     `yaml:"max_days,omitempty" json:"max_days,omitempty"`
	WithinFiscalYear bool     `yaml:"within_fiscal_year" json:"within_fiscal_year"`
	Windows          []Window `yaml:"windows,omitempty" json:"windows,omitempty"`
}

// Window is a period in which telework is allowed (e.g. 夏季の長期休暇期間).
type Window struct {
	Name Text `yaml:"name" json:"name"`
	From Date `yaml:"from" json:"from"`
	To   Date `yaml:"to" json:"to"`
}

// Emergency says what the policy relaxes while HR has declared an emergency
// (災害・感染症のまん延時等) covering the employee.
type Emergency struct {
	LiftLimits       bool     `yaml:"lift_limits" json:"lift_limits"`
	Waive            []string `yaml:"waive,omitempty" json:"waive,omitempty"`
	OfficeDaysBefore *int     `yaml:"office_days_before,omitempty" json:"office_days_before,omitempty"`
}

// Pool is a resource shared across the organisation (loan PCs) with a daily
// cap of people; past it a request goes to the allocation step.
type Pool struct {
	ID     string `yaml:"id" json:"id"`
	Name   Text   `yaml:"name" json:"name"`
	PerDay int    `yaml:"per_day" json:"per_day"`
	Step   string `yaml:"step" json:"step"`
}

// Scheme is one of the kinds of telework an organisation runs side by side
// (在宅勤務, サテライトオフィス勤務, モバイル勤務).
type Scheme struct {
	ID              string     `yaml:"id" json:"id"`
	Name            Text       `yaml:"name" json:"name"`
	Places          []string   `yaml:"places,omitempty" json:"places,omitempty"`
	EmploymentTypes []string   `yaml:"employment_types,omitempty" json:"employment_types,omitempty"`
	Limits          *Limits    `yaml:"limits,omitempty" json:"limits,omitempty"`
	Deadlines       *Deadlines `yaml:"deadlines,omitempty" json:"deadlines,omitempty"`
}

// EmploymentLimits are limits of their own for some employment types
// (会計年度任用職員 …), checked besides the organisation's.
type EmploymentLimits struct {
	EmploymentTypes []string `yaml:"employment_types" json:"employment_types"`
	Limits          Limits   `yaml:"limits" json:"limits"`
}

// Commute is a reason's commute condition: either threshold suffices.
type Commute struct {
	MinMinutes *int `yaml:"min_minutes,omitempty" json:"min_minutes,omitempty"`
	MinKm      *int `yaml:"min_km,omitempty" json:"min_km,omitempty"`
}

// MonthlyDeadline is 「前月の20日までに翌月分を申請」: the dates of a month are
// due by a day of an earlier month, with named exceptions for some months.
type MonthlyDeadline struct {
	Day          int                `yaml:"day" json:"day"`
	MonthsBefore *int               `yaml:"months_before,omitempty" json:"months_before,omitempty"`
	Exceptions   []MonthlyException `yaml:"exceptions,omitempty" json:"exceptions,omitempty"`
}

// MonthlyException moves the due day for the dates of one month (e.g. the
// May dates are due by 25 April because of the holidays).
type MonthlyException struct {
	Month int `yaml:"month" json:"month"`
	Day   int `yaml:"day" json:"day"`
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
	EmploymentTypes         []string           `yaml:"employment_types,omitempty" json:"employment_types,omitempty"`
	ExcludedDepartments     []string           `yaml:"excluded_departments,omitempty" json:"excluded_departments,omitempty"`
	ExcludedDepartmentFlags []string           `yaml:"excluded_department_flags,omitempty" json:"excluded_department_flags,omitempty"`
	RequireRemotePC         bool               `yaml:"require_remote_pc" json:"require_remote_pc"`
	SpecialGrants           SpecialGrants      `yaml:"special_grants" json:"special_grants"`
	MinServiceMonths        *int               `yaml:"min_service_months,omitempty" json:"min_service_months,omitempty"`
	ExcludeProbation        bool               `yaml:"exclude_probation" json:"exclude_probation"`
	ExcludedRanks           []string           `yaml:"excluded_ranks,omitempty" json:"excluded_ranks,omitempty"`
	RankEffect              Effect             `yaml:"rank_effect,omitempty" json:"rank_effect,omitzero"`
	ExcludedWorkKinds       []string           `yaml:"excluded_work_kinds,omitempty" json:"excluded_work_kinds,omitempty"`
	SatelliteOtherThanOwn   bool               `yaml:"satellite_other_than_own" json:"satellite_other_than_own"`
	EmploymentLimits        []EmploymentLimits `yaml:"employment_limits,omitempty" json:"employment_limits,omitempty"`
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
	Commute      *Commute   `yaml:"commute,omitempty" json:"commute,omitempty"`
	Period       string     `yaml:"period,omitempty" json:"period,omitempty"`
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
	SharePercent         *int         `yaml:"share_of_scheduled_percent,omitempty" json:"share_of_scheduled_percent,omitempty"`
	PerMonthHours        *int         `yaml:"per_month_hours,omitempty" json:"per_month_hours,omitempty"`
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
	SharePercent         Effect `yaml:"share_of_scheduled_percent,omitempty" json:"share_of_scheduled_percent,omitzero"`
	PerMonthHours        Effect `yaml:"per_month_hours,omitempty" json:"per_month_hours,omitzero"`
}

// Deadlines says by when a request must be made. Under a reason, a key that
// is set replaces the organisation-wide one.
type Deadlines struct {
	OfficeDaysBefore   *int             `yaml:"office_days_before,omitempty" json:"office_days_before,omitempty"`
	Time               *Clock           `yaml:"time,omitempty" json:"time,omitempty"`
	Late               Effect           `yaml:"late,omitempty" json:"late,omitzero"`
	AfterTheFact       Effect           `yaml:"after_the_fact,omitempty" json:"after_the_fact,omitzero"`
	AfterTheFactWithin *int             `yaml:"after_the_fact_within_office_days,omitempty" json:"after_the_fact_within_office_days,omitempty"`
	CalendarDaysBefore *int             `yaml:"calendar_days_before,omitempty" json:"calendar_days_before,omitempty"`
	Monthly            *MonthlyDeadline `yaml:"monthly,omitempty" json:"monthly,omitempty"`
	LateRequiresNotice *bool            `yaml:"late_requires_notice,omitempty" json:"late_requires_notice,omitempty"`
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
	Schemes         []string `yaml:"schemes,omitempty" json:"schemes,omitempty"`
	Ranks           []string `yaml:"ranks,omitempty" json:"ranks,omitempty"`
}
