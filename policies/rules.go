package policies

import "slices"

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

	RuleScheme       = "request.scheme"
	RulePeriod       = "request.period"
	RuleWorkKind     = "request.work_kind"
	RuleService      = "eligibility.service"
	RuleProbation    = "eligibility.probation"
	RuleRank         = "eligibility.rank"
	RuleWorkplace    = "eligibility.workplace"
	RuleWindow       = "calendar.window"
	RuleScheduled    = "calendar.scheduled_day"
	RuleEmergency    = "emergency.period"
	RulePool         = "pool.capacity"
	RuleCommute      = "reason.commute"
	RuleFamilyPeriod = "family.period"
	RuleShare        = "limit.share_of_scheduled"
	RulePerMonthHrs  = "limit.per_month_hours"
	RuleMonthly      = "deadline.monthly"
	RuleNotice       = "deadline.notice"
)

// Limits of a scheme count only that scheme's days; limits of employment
// types apply to those types only. Their rules are the organisation's limit
// rules under these prefixes (scheme.limit.per_month …).
const (
	schemePrefix     = "scheme."
	employmentPrefix = "employment."
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
	{RuleScheme, Text{Ja: "申請の方式（在宅勤務・サテライトオフィス勤務など）が規程にあり、勤務場所と任用形態がその方式で認められること。", En: "The request's scheme is one of the policy's, and allows its place and the employment type."}},
	{RulePeriod, Text{Ja: "1回の申請の期間が上限以内で、年度をまたがないこと（定める場合）。", En: "One application spans no more than the maximum period and stays within a fiscal year, when required."}},
	{RuleWorkKind, Text{Ja: "申請する業務の種類が対象外の業務（窓口業務など）でないこと。", En: "The kind of work stated is not excluded (e.g. counter duty)."}},
	{RuleService, Text{Ja: "在宅勤務の日に、採用日から必要な勤続期間を満たしていること。", En: "On the date, the employee has served the required months since the hire date."}},
	{RuleProbation, Text{Ja: "在宅勤務の日が試用期間・条件付採用期間中でないこと（対象外とする場合）。", En: "The date is not within the probation period, when probation excludes telework."}},
	{RuleRank, Text{Ja: "在宅勤務の日の職位（係長級・課長級・部長級など）が対象外でないこと。", En: "The employee's rank on the date is not excluded."}},
	{RuleWorkplace, Text{Ja: "サテライトオフィスが本人の通常の勤務場所以外であること（定める場合）。", En: "The satellite office is not the employee's usual workplace, when required."}},
	{RuleWindow, Text{Ja: "在宅勤務を認める期間（長期休暇期間など）の中の日であること（定める場合）。", En: "The date falls in one of the windows in which telework is allowed, when any are set."}},
	{RuleScheduled, Text{Ja: "本人の勤務日（勤務を割り振られた曜日）であること。", En: "The date is one of the employee's scheduled working days."}},
	{RuleEmergency, Text{Ja: "人事課が定めた緊急時（災害・感染症のまん延など）の期間中であれば、規程の定める緩和を適用します。", En: "During an emergency HR declared (disaster, infectious disease …), the policy's relaxations apply."}},
	{RulePool, Text{Ja: "共用の資源（貸出用パソコンなど）の1日の利用人数の上限以内であること。超えると割当ての手順に回ります。", En: "A shared resource (loan PCs …) stays within its daily cap of people; past it the request goes to the allocation step."}},
	{RuleCommute, Text{Ja: "事由が求める通勤時間または通勤距離を満たしていること。", En: "The commute meets the reason's time or distance."}},
	{RuleFamilyPeriod, Text{Ja: "妊娠（出産予定日・出生まで）や介護を要する期間など、事由の事実がその日に続いていること。", En: "The reason's fact (a pregnancy until the birth, a period of care) still holds on the date."}},
	{RuleShare, Text{Ja: "月の在宅勤務日数が、その月の本人の勤務日数に対する割合の上限以内であること。", En: "Telework in the month stays within the share of the employee's scheduled days."}},
	{RulePerMonthHrs, Text{Ja: "月の在宅勤務の時間数が上限以内であること（終日は標準勤務時間として数えます）。", En: "Telework hours in the month stay within the limit (a full day counts the standard day)."}},
	{RuleMonthly, Text{Ja: "月単位の申請期限（前月の20日までに翌月分など）までに申請されていること。", En: "The application was made by the monthly deadline (e.g. by the 20th of the previous month)."}},
	{RuleNotice, Text{Ja: "期限後の申請に、事前の連絡（方法・相手・日時）があること（求める場合）。", En: "A late application comes with a prior notice (how, to whom, when), when required."}},
}

func init() {
	// The limits of schemes and employment types mirror the organisation's.
	for _, rule := range limitRules {
		for _, x := range []struct {
			prefix string
			ja, en string
		}{{schemePrefix, "方式ごとの上限（その方式の日だけを数えます）: ", "Per scheme (counting that scheme's days only): "},
			{employmentPrefix, "任用形態ごとの上限: ", "Per employment type: "}} {
			base := ruleDocs[slices.IndexFunc(ruleDocs, func(d RuleDoc) bool { return d.ID == rule })]
			ruleDocs = append(ruleDocs, RuleDoc{x.prefix + rule, Text{Ja: x.ja + base.Description.Ja, En: x.en + base.Description.En}})
			publicRules[x.prefix+rule] = true
		}
	}
}

// limitRules are the rules of a limit set, in their order.
var limitRules = []string{RulePerWeek, RulePerMonth, RulePerFiscalYear, RuleMinOfficeDays, RuleMaxConsecutive, RuleShare, RulePerMonthHrs}
