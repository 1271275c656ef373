package policies

// Rule ids are stable: they are stored with decisions, matched by the API and
// the UI, and named by policies (eligibility.special_grants.waivable).
const (
	RulePolicyInForce = "policy.in_force"
	RuleDates         = "request.dates"
	RuleReason        = "request.reason"
	RuleUnit          = "request.unit"
	RuleOverlap       = "request.overlap"

	RuleEmploymentType = "eligibility.employment_type"
	RuleDepartment     = "eligibility.department"
	RuleRemotePC       = "eligibility.remote_pc"

	RuleOfficeDay = "calendar.office_day"
	RuleBlackout  = "calendar.blackout"

	RuleFamilyMember = "family.member"
	RuleRelation     = "family.relation"
	RuleCertificate  = "family.partnership_certificate"
	RuleCohabitation = "family.cohabitation"
	RuleChildAge     = "family.child_age"
	RuleCareNeed     = "family.care_need"

	RulePerWeek        = "limit.per_week"
	RulePerMonth       = "limit.per_month"
	RulePerFiscalYear  = "limit.per_fiscal_year"
	RuleMinOfficeDays  = "limit.min_office_days_per_week"
	RuleMaxConsecutive = "limit.max_consecutive"

	RuleDeadline     = "deadline.advance"
	RuleAfterTheFact = "deadline.after_the_fact"

	RuleAttendanceMin = "attendance.min_ratio"
	RuleAttendanceMax = "attendance.max_ratio"
)

// RuleDoc describes a rule for the reference and for UIs listing reasons.
type RuleDoc struct {
	ID          string `json:"id"`
	Description Text   `json:"description"`
}

// Rules describes every rule the engine can report, in the order results
// appear in a decision.
func Rules() []RuleDoc { return append([]RuleDoc(nil), ruleDocs...) }

var ruleDocs = []RuleDoc{
	{RuleDates, Text{Ja: "申請に日付が1日以上あり、存在する日付であること。重複は1日として扱います。", En: "The request has at least one valid date; repeated dates count once."}},
	{RulePolicyInForce, Text{Ja: "その日に効力のある規程の版があること。", En: "A version of the policy is in force on the date."}},
	{RuleEmploymentType, Text{Ja: "任用形態が在宅勤務の対象であること（eligibility.employment_types）。", En: "The employment type may telework (eligibility.employment_types)."}},
	{RuleDepartment, Text{Ja: "所属（とその上位の部署）が対象外の部署・属性でないこと。", En: "Neither the employee's unit nor a unit above it is excluded, by id or flag."}},
	{RuleRemotePC, Text{Ja: "庁内ネットワークに接続できる端末を持っていること（求める場合）。", En: "The employee has a PC that reaches the internal network, when required."}},
	{RuleReason, Text{Ja: "事由が規程にあること。", En: "The reason is one of the policy's."}},
	{RuleUnit, Text{Ja: "単位（終日・午前・午後・時間）がその事由で認められ、時間数が刻みに合うこと。", En: "The unit is allowed for the reason, and hours fit the step and the standard day."}},
	{RuleOverlap, Text{Ja: "同じ日にすでにある在宅勤務と重ならないこと。", En: "The date does not clash with telework the employee already has that day."}},
	{RuleOfficeDay, Text{Ja: "開庁日であること。", En: "The offices are open on the date."}},
	{RuleBlackout, Text{Ja: "在宅勤務ができない期間（議会会期中など）でないこと。", En: "The date is outside the blackout periods covering the employee."}},
	{RuleFamilyMember, Text{Ja: "事由が求める場合、対象の家族が指定されていること。", En: "A family member is named when the reason requires one."}},
	{RuleRelation, Text{Ja: "家族が家族の範囲に入り、その事由の対象となる続柄であること。親等は続柄から計算します。", En: "The family member counts as family and has a relation the reason accepts; degrees are derived from the path."}},
	{RuleCertificate, Text{Ja: "パートナーシップを通じた続柄に、求める場合は証明書の写しがあること。", En: "A tie through a partnership has the certificate, when required."}},
	{RuleCohabitation, Text{Ja: "同居が要件の続柄では同居していること。", En: "The family member lives with the employee when cohabitation is required."}},
	{RuleChildAge, Text{Ja: "子がその事由の学年の区切りを過ぎていないこと。", En: "The child is within the reason's school-year limit on the date."}},
	{RuleCareNeed, Text{Ja: "要介護度または介護が必要な期間が要件を満たすこと。", En: "The care level or the length of the need meets the reason's condition."}},
	{RulePerWeek, Text{Ja: "週の在宅勤務日数が上限以内であること。", En: "Telework in the week stays within the weekly limit."}},
	{RulePerMonth, Text{Ja: "月の在宅勤務日数が上限以内であること。", En: "Telework in the month stays within the monthly limit."}},
	{RulePerFiscalYear, Text{Ja: "年度の在宅勤務日数が上限以内であること。", En: "Telework in the fiscal year stays within the yearly limit."}},
	{RuleMinOfficeDays, Text{Ja: "週に必要な出勤日数が残ること。", En: "The week keeps the required office days."}},
	{RuleMaxConsecutive, Text{Ja: "終日の在宅勤務が続く開庁日の数が上限以内であること。", En: "Consecutive full telework days, counted over office days, stay within the limit."}},
	{RuleDeadline, Text{Ja: "申請期限までに申請されていること（期限後当日までは遅延申請）。", En: "The application was made by the deadline (until the day itself it is a late application)."}},
	{RuleAfterTheFact, Text{Ja: "在宅勤務日の後の申請（事後申請）が認められ、その期間内であること。", En: "An application after the day (事後申請) is allowed and within its period."}},
	{RuleAttendanceMin, Text{Ja: "在宅勤務により部署の出勤率が下限を下回らないこと。", En: "The telework does not take the unit's office attendance below the band's floor."}},
	{RuleAttendanceMax, Text{Ja: "出勤により部署の出勤率が上限を超えないこと（出勤を増やす申請だけが対象）。", En: "A presence does not take the unit's office attendance above the band's cap (only requests adding presence)."}},
}
