package policies

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The key table: every key a policy document may hold, with its description
// in Japanese and English, its default, range and allowed values. The
// schema is built from the Document types by reflection and takes its
// metadata from this table, so a field without an entry (or an entry without
// a field) stops the package at start-up; Parse validates with it and
// Reference renders it, so the documentation cannot drift from the checks.

// keyMeta describes one key.
type keyMeta struct {
	ja, en   string
	def      string   // YAML text of the default, injected when the key is absent
	required bool     // the key must be present
	rng      *[2]int  // inclusive range: integers, or minutes for durations
	minItems int      // lists: the fewest items
	enum     []string // allowed values (items, for lists; keys, for maps)
	noun     *Text    // names the enum in messages: unknown relation "x"
	check    func(string) (Text, bool)
	defines  string // the value names a thing others refer to ("reason", "step")
	refers   string // the value must name a defined thing
}

func between(lo, hi int) *[2]int { return &[2]int{lo, hi} }

var (
	weekdayNames  = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
	unitNames     = []string{string(UnitFull), string(UnitAM), string(UnitPM), string(UnitHours)}
	waivableRules = []string{RuleEmploymentType, RuleDepartment, RuleRemotePC, RuleBlackout, RuleProbation, RuleService, RuleRank}
	placeNames    = []string{"home", "satellite", "elsewhere"}
	// rankNames are post levels as Japanese local governments grade them.
	rankNames      = []string{"staff", "shunin", "kakaricho", "kacho_hosa", "kacho", "jicho", "bucho"}
	nounRelation   = &Text{Ja: "続柄", En: "relation"}
	namePattern    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	idPattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)
	approverPrefix = []string{"head:", "officer:"}
)

func validName(s string) bool { return len(s) <= 64 && namePattern.MatchString(s) }

func checkName(s string) (Text, bool) {
	if validName(s) {
		return Text{}, true
	}
	return msg("英小文字で始まり、英小文字・数字・_ だけからなる名前にしてください（%q）",
		"must start with a lowercase letter and hold only lowercase letters, digits and _ (got %q)", s), false
}

func checkPolicyID(s string) (Text, bool) {
	if len(s) <= 64 && idPattern.MatchString(s) {
		return Text{}, true
	}
	return msg("英小文字・数字・_・-・. からなる識別子にしてください（%q）",
		"must hold only lowercase letters, digits, _, - and . (got %q)", s), false
}

func checkNonEmpty(s string) (Text, bool) {
	if strings.TrimSpace(s) != "" && len(s) <= 200 {
		return Text{}, true
	}
	return msg("空でない200文字以内の値にしてください", "must be a non-empty value of at most 200 characters"), false
}

func checkApprover(s string) (Text, bool) {
	switch s {
	case "supervisor", "department_head", "hr":
		return Text{}, true
	}
	for _, p := range approverPrefix {
		if rest, ok := strings.CutPrefix(s, p); ok && validName(rest) {
			return Text{}, true
		}
	}
	return msg("承認者は supervisor、department_head、hr、head:<階層>、officer:<名前> のいずれかです（%q）",
		"must be supervisor, department_head, hr, head:<level> or officer:<name> (got %q)", s), false
}

func checkTimezone(s string) (Text, bool) {
	if _, err := loadLocation(s); err != nil {
		return msg("タイムゾーン %q が見つかりません", "unknown time zone %q", s), false
	}
	return Text{}, true
}

// loadLocation loads a time zone; Asia/Tokyo also works on a machine without
// zone data, since Japan has kept +09:00 without summer time since 1951.
func loadLocation(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil && (name == "Asia/Tokyo" || name == "Japan") {
		return time.FixedZone("JST", 9*60*60), nil
	}
	if err == nil && name == "" {
		return nil, fmt.Errorf("empty time zone")
	}
	return loc, err
}

// Shared descriptions of the limit and deadline keys; the reason-level
// copies are derived from them in inheritedMeta.
var keyTable = map[string]keyMeta{
	"id": {ja: "規程の識別子。版が変わっても同じ値にします（英小文字・数字・_・-・.）。", en: "Identifier of the policy, the same in every version (lowercase letters, digits, _, - and .).",
		required: true, check: checkPolicyID},
	"version": {ja: "版の名前（例: \"2026年4月改正\"）。判定結果に記録されます。", en: "Version label (e.g. \"2026-04\"), recorded with every decision.",
		required: true, check: checkNonEmpty},
	"effective_from": {ja: "この版が効力を持つ最初の日。各日付はその日に効力のある版で判定されます。", en: "First day this version is in force. Each date of a request is decided under the version in force on it.",
		required: true},
	"title":        {ja: "規程の名称（例: 在宅勤務実施要綱）。", en: "Title of the policy (e.g. 在宅勤務実施要綱)."},
	"effective_to": {ja: "この版が効力を持つ最後の日（試行期間の要綱など）。この日の後は、新しい版を登録するまで効力のある版がなく、申請はできません。人事課には終了の30日前から画面で知らせます。", en: "Last day this version is in force (e.g. a trial). After it nothing is in force until a new version is stored; HR is warned on screen from 30 days before."},
	"timezone":     {ja: "組織のタイムゾーン。申請日時をこのタイムゾーンの日付と時刻にして期限と比べます。", en: "The organisation's time zone: application instants are read in it when compared with deadlines.", def: "Asia/Tokyo", check: checkTimezone},

	"calendar":                   {ja: "開庁日の定め。期限はすべて開庁日で数えます。", en: "Which days the offices are open. Deadlines and consecutive days count office days."},
	"calendar.weekend":           {ja: "毎週の閉庁日となる曜日。", en: "Weekdays on which the offices are closed every week.", def: "[saturday, sunday]", enum: weekdayNames},
	"calendar.week_starts":       {ja: "週の上限と週の出勤日数を数える週の始まりの曜日。", en: "First day of the week for the weekly limit and the weekly office days.", def: "monday", enum: []string{"monday", "sunday"}},
	"calendar.national_holidays": {ja: "国民の祝日・振替休日・国民の休日を閉庁日とするか。祝日は本パッケージで計算します。", en: "Whether Japanese public holidays (with substitute holidays and the day between two holidays) close the offices. They are computed by this package.", def: "true"},
	"calendar.closing_days":      {ja: "毎年の閉庁日（MM-DD）。既定は年末年始（12月29日〜1月3日）です。", en: "Closing days every year (MM-DD); by default the year-end closing, 29 December to 3 January.", def: `["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"]`},
	"calendar.closed_dates":      {ja: "臨時の閉庁日（条例で定めた日など）。", en: "Extra closing dates (e.g. set by ordinance)."},
	"calendar.open_dates":        {ja: "閉庁日にあたるが開庁する日（選挙事務の日など）。他の定めより優先します。", en: "Dates the offices open although they would be closed (e.g. an election day); they override the other rules."},
	"calendar.blackouts":         {ja: "在宅勤務ができない期間（議会会期中など）。部署を指定しなければ全庁に適用します。", en: "Periods in which telework is not allowed (e.g. council sessions); for every department unless some are named."},
	"calendar.blackouts[].name":  {ja: "期間の名前（理由として表示されます）。", en: "Name of the period, shown as the reason.", required: true},
	"calendar.blackouts[].from":  {ja: "期間の初日。", en: "First day of the period.", required: true},
	"calendar.blackouts[].to":    {ja: "期間の最終日。", en: "Last day of the period.", required: true},
	"calendar.blackouts[].departments": {ja: "対象の部署ID。上位の部署を指定すると配下の部署も対象です。", en: "Department ids it applies to; naming a unit covers the units below it.",
		check: checkNonEmpty},
	"calendar.blackouts[].department_flags": {ja: "対象の部署の属性（例: council_support）。", en: "Department flags it applies to (e.g. council_support).", check: checkNonEmpty},
	"calendar.blackouts[].effect":           {ja: "期間中の申請の扱い。", en: "What a request in the period does.", def: "refuse"},

	"eligibility":                  {ja: "在宅勤務ができる職員の範囲。", en: "Who may telework."},
	"eligibility.employment_types": {ja: "在宅勤務ができる任用形態（例: regular、reappointed）。空なら全員。", en: "Employment types allowed to telework (e.g. regular, reappointed); all when empty.", check: checkNonEmpty},
	"eligibility.excluded_departments": {ja: "在宅勤務ができない部署ID。上位の部署を指定すると配下も対象です。", en: "Departments whose staff may not telework; naming a unit covers the units below it.",
		check: checkNonEmpty},
	"eligibility.excluded_department_flags": {ja: "在宅勤務ができない部署の属性（例: counter＝窓口、my_number＝マイナンバー事務）。", en: "Department flags that exclude telework (e.g. counter work, my_number work).", check: checkNonEmpty},
	"eligibility.satellite_needs_request":   {ja: "サテライトオフィスでの勤務に承認済みの在宅勤務申請を必要とするか。申請中は席を仮押さえし、承認で確定、却下・取下げ・取消で解放します。", en: "Whether working at a satellite office needs an approved telework request. While one is pending the seat is held; approval confirms it, and rejection, withdrawal or cancellation releases it.", def: "false"},
	"eligibility.require_remote_pc":         {ja: "庁内ネットワークに接続できる端末の貸与を条件とするか。", en: "Whether a PC that can reach the internal network is required.", def: "false"},
	"eligibility.special_grants":            {ja: "所属長特認（所属長が期間を定めて個別に認める例外）の扱い。", en: "Exceptions a department head grants a named employee for a period (所属長特認)."},
	"eligibility.special_grants.allowed":    {ja: "所属長特認を認めるか。", en: "Whether such grants are honoured.", def: "false"},
	"eligibility.special_grants.waivable":   {ja: "特認で免除できるルール。", en: "Rules a grant can lift.", def: "[eligibility.employment_type, eligibility.department]", enum: waivableRules},
	"eligibility.special_grants.max_days":   {ja: "特認の期間の上限（日数）。これより長い特認は無効です。", en: "Longest period a grant may cover, in days; longer grants are not honoured.", def: "366", rng: between(1, 366)},

	"units":              {ja: "在宅勤務の単位。", en: "Units in which telework is taken."},
	"units.allowed":      {ja: "認める単位（full＝終日、am＝午前、pm＝午後、hours＝時間単位）。", en: "Units allowed (full day, morning, afternoon, hours).", def: "[full, am, pm]", enum: unitNames, minItems: 1},
	"units.standard_day": {ja: "1日の標準勤務時間。時間単位の在宅勤務はこの時間で割って日数に換算します。", en: "Standard working day; hourly telework counts as hours divided by it.", def: "7h45m", rng: between(60, 24*60)},
	"units.hour_step":    {ja: "時間単位の在宅勤務の刻み（例 15m＝15分単位）。開始・終了時刻は分まで指定でき、その差がこの刻みの倍数であることを求めます。", en: "Granularity of hourly telework (e.g. 15m). Start and end are given to the minute; their difference must be a multiple of this step.", def: "1h", rng: between(1, 8*60)},

	"reasons":            {ja: "在宅勤務の事由。申請はこのいずれかを選びます。", en: "Reasons for teleworking; every request names one.", required: true, minItems: 1},
	"reasons[].id":       {ja: "事由の識別子（例: childcare）。", en: "Identifier of the reason (e.g. childcare).", required: true, check: checkName, defines: "reason"},
	"reasons[].name":     {ja: "事由の名前（例: 育児）。", en: "Name of the reason (e.g. 育児 / Childcare).", required: true},
	"reasons[].evidence": {ja: "求める証明・添付書類（判定結果に表示されます）。", en: "Evidence expected, shown with the decision."},
	"reasons[].family_member": {ja: "家族の指定が必要か（required＝必須、optional＝任意、none＝不要）。", en: "Whether a family member must be named (required, optional, none).",
		def: "none", enum: []string{"required", "optional", "none"}},
	"reasons[].relations":      {ja: "この事由の対象となる続柄。空なら家族の範囲（family）に入る全員。", en: "Relations that qualify for this reason; when empty, anyone who counts as family.", enum: relationNames(), noun: nounRelation},
	"reasons[].child_limit":    {ja: "子の年齢の上限（学年の区切り）。", en: "How long a child qualifies, as a school-year boundary.", def: "none", enum: childLimitNames()},
	"reasons[].care":           {ja: "介護の要件。要介護度または必要な期間のどちらかを満たせば対象です。", en: "Nursing-care condition: a care level or a need of at least some days (either suffices)."},
	"reasons[].care.min_level": {ja: "要介護度の下限（1〜5）。", en: "Lowest care level (要介護 1–5).", rng: between(1, 5)},
	"reasons[].care.min_need_days": {ja: "常時介護を必要とする期間の下限（日数、例: 14＝2週間以上）。", en: "Shortest need for constant care, in days (e.g. 14 for two weeks).",
		rng: between(1, 366)},
	"reasons[].limits_apply": {ja: "日数の上限を適用するか。false（災害・感染症など）ならこの事由の日は上限に数えません。", en: "Whether the limits apply; when false (e.g. disasters, infections) these days neither face nor count toward the limits.", def: "true"},
	"reasons[].units":        {ja: "この事由で認める単位。空なら units.allowed。", en: "Units allowed for this reason; units.allowed when empty.", enum: unitNames},
	"reasons[].limits":       {ja: "この事由だけの上限。書いたキーだけが全体の limits に代わります。", en: "Limits for this reason; each key set replaces the one in limits."},
	"reasons[].deadlines":    {ja: "この事由だけの申請期限。書いたキーだけが全体の deadlines に代わります。", en: "Deadlines for this reason; each key set replaces the one in deadlines."},

	"family":                       {ja: "家族の範囲。続柄の名前か、血族・姻族ごとの親等の上限で定めます（どちらかに当たれば家族）。どちらも定めなければ民法上の親族（血族6親等・姻族3親等以内と配偶者）です。", en: "Who counts as family: named relations, or the furthest degree per line (either suffices). With neither, the Civil Code's relatives (blood to the 6th degree, in-laws to the 3rd, the spouse)."},
	"family.relations":             {ja: "家族とする続柄。", en: "Relations that count as family.", enum: relationNames(), noun: nounRelation},
	"family.max_degree":            {ja: "家族とする親等の上限（血族・姻族それぞれ）。配偶者は親等がなく、上限を定めれば含まれます。", en: "Furthest degree that counts, per line. A spouse has no degree and counts whenever a line is set."},
	"family.max_degree.blood":      {ja: "血族の親等の上限。", en: "Furthest degree of blood relatives.", rng: between(1, 6)},
	"family.max_degree.affinity":   {ja: "姻族の親等の上限。", en: "Furthest degree of relatives by affinity (in-laws).", rng: between(1, 3)},
	"family.cohabitation_required": {ja: "同居を要件とするか。", en: "Whether the family member must live with the employee.", def: "false"},
	"family.cohabitation_by_relation": {ja: "続柄ごとの同居要件（cohabitation_required に優先）。例: parent: false。", en: "Cohabitation requirement per relation, overriding cohabitation_required (e.g. parent: false).",
		enum: relationNames(), noun: nounRelation},
	"family.partnership_as_spouse": {ja: "パートナーシップ宣誓の相手を配偶者として扱うか（その親族も姻族として扱います）。", en: "Whether a partner under a partnership certificate counts as a spouse (and their relatives as in-laws).", def: "false"},
	"family.common_law_as_spouse":  {ja: "内縁の配偶者を配偶者として扱うか（その親族も姻族として扱います）。", en: "Whether a common-law partner counts as a spouse (and their relatives as in-laws).", def: "false"},
	"family.partnership_requires_certificate": {ja: "パートナーシップの相手を通じた続柄に、宣誓書受領証などの写しを求めるか。", en: "Whether ties through a partnership require a copy of the certificate.",
		def: "false"},

	"limits":                                  {ja: "在宅勤務の日数の上限。半日は0.5日、時間単位は時間÷標準勤務時間で数えます。書かない上限は適用しません。", en: "Caps on telework. Half days count half, hours as hours ÷ the standard day. A limit not written does not apply."},
	"limits.per_week":                         {ja: "1週間の上限（日数）。", en: "Most telework days per week.", rng: between(0, 7)},
	"limits.per_month":                        {ja: "1か月の上限（日数）。", en: "Most telework days per calendar month.", rng: between(0, 31)},
	"limits.per_fiscal_year":                  {ja: "年度（4月〜翌年3月）の上限（日数）。", en: "Most telework days per fiscal year (April to March).", rng: between(0, 366)},
	"limits.min_office_days_per_week":         {ja: "1週間に必要な出勤日数（その週の開庁日から在宅勤務の日数を引いたもの）。", en: "Fewest office days per week (the week's office days minus its telework).", rng: between(0, 7)},
	"limits.max_consecutive":                  {ja: "終日の在宅勤務が続いてよい開庁日の数。閉庁日は数えず、連続も途切れません。", en: "Most consecutive full telework days, counted over office days (closed days neither count nor break the run).", rng: between(1, 366)},
	"limits.effect":                           {ja: "上限を超えたときの扱い（各上限の既定）。", en: "What exceeding a limit does (default for every limit).", def: "refuse"},
	"limits.effects":                          {ja: "上限ごとの扱い（limits.effect に優先）。", en: "What exceeding each limit does, overriding limits.effect."},
	"limits.effects.per_week":                 {ja: "週の上限を超えたときの扱い。", en: "What exceeding the weekly limit does."},
	"limits.effects.per_month":                {ja: "月の上限を超えたときの扱い。", en: "What exceeding the monthly limit does."},
	"limits.effects.per_fiscal_year":          {ja: "年度の上限を超えたときの扱い。", en: "What exceeding the fiscal-year limit does."},
	"limits.effects.min_office_days_per_week": {ja: "週の出勤日数を下回るときの扱い。", en: "What falling below the weekly office days does."},
	"limits.effects.max_consecutive":          {ja: "連続日数を超えたときの扱い。", en: "What exceeding the consecutive days does."},

	"deadlines":                    {ja: "申請期限。期限は開庁日で数えます。", en: "Application deadlines, counted in office days."},
	"deadlines.office_days_before": {ja: "在宅勤務日の何開庁日前までに申請するか（1＝前開庁日まで、0＝当日まで）。", en: "How many office days before the date the application is due (1 = the previous office day, 0 = the day itself).", def: "1", rng: between(0, 30)},
	"deadlines.time":               {ja: "期限日の締切時刻（HH:MM）。書かなければその日の終わりまで。", en: "Time of day the deadline falls (HH:MM); the end of that day when not written."},
	"deadlines.late":               {ja: "期限後、在宅勤務日の当日までの申請（遅延申請）の扱い。", en: "What an application after the deadline but no later than the day itself does.", def: "refuse"},
	"deadlines.after_the_fact":     {ja: "在宅勤務日の翌日以降の申請（事後申請）の扱い。refuse なら認めません。", en: "What an application after the day (事後申請) does; refuse forbids it.", def: "refuse"},
	"deadlines.after_the_fact_within_office_days": {ja: "事後申請を認める期間（在宅勤務日の後の何開庁日目の終わりまで）。0 は次の開庁日の前まで。", en: "How long after the day an application is still accepted: until the end of that many office days after it (0: before the next office day).",
		rng: between(0, 30)},

	"attendance":                   {ja: "出勤率（その日の勤務者のうち出勤する者の割合）の基準。一日のうち一時でも出勤する者は出勤として数えます。", en: "Office-attendance bands: the share of a unit's working staff in the office that day. Anyone in the office for part of the day counts as attending."},
	"attendance.exclude_essential": {ja: "指定された必須要員を母数から除くか。", en: "Whether staff designated as essential are left out of the base.", def: "false"},
	"attendance.bands":             {ja: "出勤率の基準。階層（例: ka＝課）ごとに定めます。", en: "Bands, each for the units at one level of the organisation (e.g. ka, the 課)."},
	"attendance.bands[].name":      {ja: "基準の名前。", en: "Name of the band."},
	"attendance.bands[].level":     {ja: "基準を適用する組織の階層（例: ka）。職員の所属系統のうちこの階層の部署で判定します。", en: "Level of the organisation the band applies at (e.g. ka); the employee's unit at that level is checked.", required: true, check: checkNonEmpty},
	"attendance.bands[].min_percent": {ja: "出勤率の下限（%）。在宅勤務でこれを下回る申請を止めます。", en: "Floor on the share in the office (%), checked when telework would take a unit below it.",
		rng: between(0, 100)},
	"attendance.bands[].max_percent": {ja: "出勤率の上限（%、緊急時など）。出勤の予約でこれを超えるものを止めます。", en: "Cap on the share in the office (%, e.g. in an emergency), checked when a presence would take a unit above it.",
		rng: between(0, 100)},
	"attendance.bands[].departments":      {ja: "基準を適用する部署ID（空なら全部署）。", en: "Departments the band applies to (all when empty).", check: checkNonEmpty},
	"attendance.bands[].department_flags": {ja: "基準を適用する部署の属性。", en: "Department flags the band applies to.", check: checkNonEmpty},
	"attendance.bands[].from":             {ja: "基準の適用開始日（空なら常時）。", en: "First day of the band (always when empty)."},
	"attendance.bands[].to":               {ja: "基準の適用終了日。", en: "Last day of the band."},
	"attendance.bands[].effect":           {ja: "基準を外れるときの扱い。", en: "What a breach does.", def: "refuse"},

	"retention":                     {ja: "要配慮個人情報の保存期間。", en: "How long sensitive personal data is kept."},
	"retention.personal_data_years": {ja: "家族の情報と理由の記載（申請の補足、休暇の備考、出勤簿の訂正理由）を、最後に使われた年度の翌年度から数えてこの年数が過ぎたら消去します。決定の記録は伏せた形で残ります。", en: "Family members' details and reason texts (a request's note, a leave note, a ledger correction's reason) are purged once this many fiscal years have passed after the fiscal year they were last used in. Decisions keep their redacted form.", def: "5", rng: between(1, 30)},

	"approval":                               {ja: "承認ルート。申請ごとに、条件に合う手順をこの順に並べます。", en: "Approval route: for each request the steps that apply, in this order.", required: true},
	"approval.same_approver_once":            {ja: "連続する手順の承認者が同じ人になるとき、一度の承認でそれらの手順をまとめて承認したことにするか（同一承認者の自動承認）。", en: "Whether one approval completes consecutive steps that resolve to the same person (同一承認者の自動承認).", def: "true"},
	"approval.steps":                         {ja: "承認の手順。", en: "Steps of the route.", required: true, minItems: 1},
	"approval.steps[].name":                  {ja: "手順の名前（require_step:<名前> で参照します）。", en: "Name of the step (require_step:<name> refers to it).", required: true, check: checkName, defines: "step"},
	"approval.steps[].label":                 {ja: "手順の表示名（例: 所属長承認）。", en: "Display name (e.g. 所属長承認)."},
	"approval.steps[].approvers":             {ja: "承認者の種類（supervisor、department_head、head:<階層>、hr、officer:<名前>）。", en: "Approver kinds (supervisor, department_head, head:<level>, hr, officer:<name>).", required: true, minItems: 1, check: checkApprover},
	"approval.steps[].mode":                  {ja: "any_of＝いずれか一人の承認、all_of＝全員の承認（合議）。", en: "any_of: one approver suffices; all_of: every approver must approve (合議).", def: "any_of", enum: []string{string(AnyOf), string(AllOf)}},
	"approval.steps[].on_demand":             {ja: "ルールの効果（require_step）で求められたとき、または when に合うときだけ加える手順か。", en: "Whether the step is added only when a rule's effect requires it or its condition matches."},
	"approval.steps[].when":                  {ja: "手順を加える条件。書いた項目すべてに合うときに加えます。", en: "Condition adding the step; every item written must match."},
	"approval.steps[].when.reasons":          {ja: "事由のいずれか。", en: "Any of these reasons.", refers: "reason"},
	"approval.steps[].when.units":            {ja: "単位のいずれか。", en: "Any of these units.", enum: unitNames},
	"approval.steps[].when.employment_types": {ja: "任用形態のいずれか。", en: "Any of these employment types.", check: checkNonEmpty},
	"approval.steps[].when.department_flags": {ja: "職員の所属系統の部署の属性のいずれか。", en: "Any of these flags on the employee's units.", check: checkNonEmpty},
	"approval.steps[].when.flags": {ja: "判定で付いた印のいずれか（late_application、after_the_fact、special_grant、limits_exempt）。", en: "Any of these decision flags (late_application, after_the_fact, special_grant, limits_exempt).",
		enum: flagNames()},
	"approval.steps[].when.min_dates": {ja: "申請の日数がこれ以上。", en: "The request covers at least this many dates.", rng: between(1, 366)},

	"eligibility.min_service_months": {ja: "在宅勤務の日に必要な勤続月数（採用日から数えます）。", en: "Months of service required on the date, counted from the hire date.", rng: between(1, 600)},
	"eligibility.exclude_probation":  {ja: "試用期間・条件付採用期間中の日を対象外とするか。", en: "Whether dates within the probation period (試用期間・条件付採用) are excluded.", def: "false"},
	"eligibility.excluded_ranks": {ja: "対象外とする職位（staff＝一般職員、shunin＝主任、kakaricho＝係長級、kacho_hosa＝課長補佐級、kacho＝課長級、jicho＝次長級、bucho＝部長級）。在宅勤務の日の職位で判定します。", en: "Ranks excluded, judged on the date (staff, shunin, kakaricho, kacho_hosa, kacho, jicho, bucho).",
		enum: rankNames},
	"eligibility.rank_effect":                          {ja: "対象外の職位の申請の扱い（require_step:<手順> で例外の承認に回せます）。", en: "What a request from an excluded rank does (require_step:<step> sends it to an exception step).", def: "refuse"},
	"eligibility.excluded_work_kinds":                  {ja: "対象外とする業務の種類（申請で選ぶ業務の種類、例: counter＝窓口業務、personal_data＝個人情報を扱う業務）。", en: "Kinds of work excluded (as stated on the request, e.g. counter, personal_data).", check: checkName},
	"eligibility.satellite_other_than_own":             {ja: "サテライトオフィスは本人の通常の勤務場所以外に限るか。", en: "Whether a satellite office must be other than the employee's usual workplace.", def: "false"},
	"eligibility.employment_limits":                    {ja: "任用形態ごとの上限。全体の上限に加えて判定します（会計年度任用職員の月の上限など）。", en: "Limits of their own for some employment types, checked besides the organisation's."},
	"eligibility.employment_limits[].employment_types": {ja: "この上限を適用する任用形態。", en: "Employment types these limits apply to.", required: true, minItems: 1, check: checkNonEmpty},
	"eligibility.employment_limits[].limits":           {ja: "その任用形態の上限。", en: "The limits for those types.", required: true},

	"reasons[].commute":             {ja: "通勤の要件（遠距離通勤の負担軽減など）。通勤時間か通勤距離のどちらかを満たせば対象です。", en: "Commute condition (long-commute relief): the time or the distance suffices."},
	"reasons[].commute.min_minutes": {ja: "片道の通勤時間の下限（分）。", en: "Shortest one-way commute, in minutes.", rng: between(1, 600)},
	"reasons[].commute.min_km":      {ja: "片道の通勤距離の下限（km）。", en: "Shortest one-way commute distance, in km.", rng: between(1, 1000)},
	"reasons[].period": {ja: "事由の事実が続く期間（none＝定めない、pregnancy＝出産予定日または出生まで、care＝登録した介護を要する期間）。期間が終わった日は対象外になり、承認済みの日も再確認します。", en: "How long the reason's fact lasts (none; pregnancy: until the birth or the expected date; care: the registered period of care). Dates after it no longer qualify, and approved dates are checked again.",
		def: "none", enum: []string{"none", "pregnancy", "care"}},

	"limits.share_of_scheduled_percent":         {ja: "月の在宅勤務日数の上限を、その月の本人の勤務日数に対する割合（%）で定めます（例 50＝勤務日の2分の1）。", en: "Monthly cap as a share (%) of the employee's scheduled days in the month (e.g. 50 for half).", rng: between(1, 100)},
	"limits.per_month_hours":                    {ja: "月の在宅勤務の時間数の上限（時間）。終日は標準勤務時間、半日はその半分として数えます。", en: "Most telework hours per month; a full day counts the standard day, a half day half of it.", rng: between(0, 744)},
	"limits.effects.share_of_scheduled_percent": {ja: "勤務日数に対する割合を超えたときの扱い。", en: "What exceeding the share of scheduled days does."},
	"limits.effects.per_month_hours":            {ja: "月の時間数を超えたときの扱い。", en: "What exceeding the monthly hours does."},

	"deadlines.calendar_days_before": {ja: "在宅勤務日の何暦日前までに申請するか（例 7＝1週間前の日まで）。書けば office_days_before に代わります。", en: "How many calendar days before the date the application is due (7: a week before); replaces office_days_before when written.", rng: between(0, 90)},
	"deadlines.monthly":              {ja: "月単位の申請期限（例:「前月の20日までに翌月分を申請」）。", en: "Monthly deadline (e.g. next month's dates by the 20th of this month)."},
	"deadlines.monthly.day":          {ja: "期限の日（1〜31。月の末日を超える日はその月の末日）。", en: "Day of the month the dates are due (past the month's end: its last day).", required: true, rng: between(1, 31)},
	"deadlines.monthly.months_before": {ja: "何か月前の月の期限か（1＝前月、0＝当月）。書かなければ1。", en: "How many months before the dates' month (1: the previous month, 0: the same month); 1 when not written.",
		rng: between(0, 3)},
	"deadlines.monthly.exceptions":         {ja: "月ごとの例外（その月の分の期限の日を変えます）。", en: "Exceptions: another due day for the dates of a month."},
	"deadlines.monthly.exceptions[].month": {ja: "例外とする在宅勤務の月（1〜12）。", en: "Month of the telework dates (1–12).", required: true, rng: between(1, 12)},
	"deadlines.monthly.exceptions[].day":   {ja: "その月の分の期限の日。", en: "The due day for that month's dates.", required: true, rng: between(1, 31)},
	"deadlines.late_requires_notice":       {ja: "期限後の申請（当日を含む）に、事前の連絡（電話・メール・チャット、相手、日時）を求めるか。連絡のある遅延申請は事後承認として扱います。", en: "Whether a late application (same-day included) needs a prior notice (phone, e-mail or chat, to whom, when); with one it is approved after the fact.", def: "false"},

	"approval.steps[].when.schemes": {ja: "方式のいずれか。", en: "Any of these schemes.", refers: "scheme"},
	"approval.steps[].when.ranks":   {ja: "在宅勤務の日の職位のいずれか。", en: "Any of these ranks, on the dates.", enum: rankNames},

	"periods":                    {ja: "申請の期間と、在宅勤務を認める期間。", en: "What one application may cover, and when telework is allowed at all."},
	"periods.max_days":           {ja: "1回の申請の期間の上限（最初の日から最後の日までの暦日数、例 7＝1週間、31＝1か月）。", en: "Longest span of one application, first to last date in calendar days (7: a week; 31: a month).", rng: between(1, 366)},
	"periods.within_fiscal_year": {ja: "1回の申請が年度末（3月31日）をまたがないことを求めるか。", en: "Whether one application must not cross the end of the fiscal year (31 March).", def: "false"},
	"periods.windows":            {ja: "在宅勤務を認める期間（長期休暇期間など）。書けば、この期間の外の日は対象外です。", en: "Windows in which telework is allowed (e.g. school holidays); when written, dates outside them are refused."},
	"periods.windows[].name":     {ja: "期間の名前。", en: "Name of the window.", required: true},
	"periods.windows[].from":     {ja: "期間の初日。", en: "First day.", required: true},
	"periods.windows[].to":       {ja: "期間の最終日。", en: "Last day.", required: true},

	"emergency":                    {ja: "人事課が緊急時（災害・感染症のまん延など）の期間を定めたときの緩和。期間は画面で登録し、部署や勤務場所を限ることができます。期間を早く終えたり取り消したりすると、その緩和で認められていた申請をその場で判定し直し、緩和なしでは要件を満たさない日のある申請に印を付けて、申請者と承認者に知らせます。", en: "Relaxations while HR has declared an emergency period (disaster, infectious disease …), entered on screen, optionally for some departments or workplaces. Ending a period early or withdrawing it decides again at once the requests its relaxation allowed: one with a day that fails without it is marked, and the applicant and approvers are told."},
	"emergency.lift_limits":        {ja: "期間中は日数・時間数の上限を適用しないか。", en: "Whether the limits are lifted during the period.", def: "false"},
	"emergency.waive":              {ja: "期間中は適用しない対象者のルール（対象を広げます）。", en: "Eligibility rules not applied during the period (widening eligibility).", enum: waivableRules},
	"emergency.office_days_before": {ja: "期間中の申請期限（何開庁日前まで、0＝当日まで）。", en: "Deadline during the period, in office days (0: the day itself).", rng: between(0, 30)},

	"pools":           {ja: "全庁で共用する資源（貸出用パソコンなど）と1日の利用人数の上限。上限を超える申請は先着順で決めず、割当ての手順に回します。", en: "Resources shared across the organisation (loan PCs …) with a daily cap; past it requests go to an allocation step instead of first come, first served."},
	"pools[].id":      {ja: "資源の識別子（申請で指定します）。", en: "Identifier (named by requests).", required: true, check: checkName, defines: "pool"},
	"pools[].name":    {ja: "資源の名前。", en: "Name.", required: true},
	"pools[].per_day": {ja: "1日に利用できる人数。", en: "People who can use it on one day.", required: true, rng: between(0, 100000)},
	"pools[].step":    {ja: "上限を超えたときに回す割当ての手順（approval.steps の名前。承認者は hr か officer:<名前>）。", en: "Allocation step past the cap (a name in approval.steps, approved by hr or officer:<name>).", required: true, refers: "step"},

	"schemes":                    {ja: "並行して運用する方式（在宅勤務・サテライトオフィス勤務・モバイル勤務）。申請は方式を選びます。全体の limits はすべての方式の日を数えます（テレワーク全体で月N日まで）。", en: "Schemes run side by side (home, satellite office, mobile); a request names one. The organisation's limits count the days of every scheme."},
	"schemes[].id":               {ja: "方式の識別子（例: home、satellite、mobile）。", en: "Identifier (e.g. home, satellite, mobile).", required: true, check: checkName, defines: "scheme"},
	"schemes[].name":             {ja: "方式の名前。", en: "Name.", required: true},
	"schemes[].places":           {ja: "この方式で認める勤務場所（home＝自宅、satellite＝サテライトオフィス、elsewhere＝その他）。", en: "Places this scheme allows (home, satellite, elsewhere).", enum: placeNames},
	"schemes[].employment_types": {ja: "この方式を使える任用形態（空なら eligibility に従います）。", en: "Employment types this scheme allows (eligibility decides when empty).", check: checkNonEmpty},
	"schemes[].limits":           {ja: "この方式の日だけを数える上限（全体の上限に加えて判定します）。", en: "Limits counting this scheme's days only, checked besides the organisation's."},
	"schemes[].deadlines":        {ja: "この方式の申請期限。書いたキーだけが全体の deadlines に代わります（事由の定めがさらに優先します）。", en: "Deadlines for this scheme; each key set replaces the one in deadlines (a reason's own still wins)."},
}

// inheritedMeta derives the description of a reason-level key from the
// organisation-wide one: same meaning, no default (absent means inherited).
func inheritedMeta(path string) (keyMeta, bool) {
	for _, prefix := range []string{"reasons[].limits.", "reasons[].deadlines.", "schemes[].limits.", "schemes[].deadlines.", "eligibility.employment_limits[].limits."} {
		if rest, ok := strings.CutPrefix(path, prefix); ok {
			_, key, _ := strings.Cut(strings.TrimSuffix(prefix, "."), "].")
			global := key + "." + rest
			base, ok := keyTable[global]
			if !ok {
				return keyMeta{}, false
			}
			base.def = ""
			switch {
			case strings.HasPrefix(prefix, "reasons"):
				base.ja += "（この事由で書かなければ " + global + " に従います）"
				base.en += " Inherits " + global + " when not written."
			case prefix == "schemes[].deadlines.":
				base.ja += "（この方式で書かなければ " + global + " に従います）"
				base.en += " Inherits " + global + " when not written."
			default:
				base.ja += "（" + global + " とは別に、この範囲の日について判定します）"
				base.en += " Checked besides " + global + ", for these days."
			}
			return base, true
		}
	}
	return keyMeta{}, false
}

// kind is the shape of a value in a document.
type kind int

const (
	kObject kind = iota
	kList
	kMap
	kString
	kInt
	kBool
	kDate
	kMonthDay
	kClock
	kDuration
	kEffect
	kText
)

// kindNames name the kinds in messages and in the reference.
var kindNames = map[kind]struct{ ja, en, a string }{
	kObject:   {"オブジェクト", "mapping", "a mapping"},
	kList:     {"リスト", "list", "a list"},
	kMap:      {"続柄ごとの真偽値", "map of relation to boolean", "a mapping of relation to true/false"},
	kString:   {"文字列", "string", "a string"},
	kInt:      {"整数", "integer", "a whole number"},
	kBool:     {"真偽値（true/false）", "boolean", "true or false"},
	kDate:     {"日付（YYYY-MM-DD）", "date (YYYY-MM-DD)", "a date (YYYY-MM-DD)"},
	kMonthDay: {"月日（MM-DD）", "month-day (MM-DD)", "a month and day (MM-DD)"},
	kClock:    {"時刻（HH:MM）", "time (HH:MM)", "a time (HH:MM)"},
	kDuration: {"時間（例 7h45m）", "duration (e.g. 7h45m)", "a duration such as 7h45m"},
	kEffect:   {"効果（refuse / warn / require_step:<手順>）", "effect (refuse / warn / require_step:<step>)", "refuse, warn or require_step:<step>"},
	kText:     {"文言（ja / en）", "text (ja / en)", "a text with ja and en"},
}

// schemaNode is a key of the document with its shape and metadata.
type schemaNode struct {
	key, path string
	kind      kind
	meta      keyMeta
	elem      *schemaNode   // kList: the item
	fields    []*schemaNode // kObject: the keys, in document order
	byKey     map[string]*schemaNode
	defNode   *yaml.Node // the parsed default
	// fillable: absent, the object is created so that its defaults apply.
	fillable bool
}

var (
	dateType     = reflect.TypeOf(Date{})
	monthDayType = reflect.TypeOf(MonthDay{})
	clockType    = reflect.TypeOf(Clock(0))
	durationType = reflect.TypeOf(Duration(0))
	effectType   = reflect.TypeOf(Effect{})
	textType     = reflect.TypeOf(Text{})
)

// schema is the root of the key tree; building it panics if the table and
// the Document types disagree, so no test run can miss a drift.
var schema = buildSchema()

func buildSchema() *schemaNode {
	used := map[string]bool{}
	root := buildNode(reflect.TypeOf(Document{}), "", "", used)
	for path := range keyTable {
		if !used[path] {
			panic("policies: key table entry " + path + " has no field in Document")
		}
	}
	for path := range objectChecks {
		if !used[path] && path != "" {
			panic("policies: object check " + path + " has no field in Document")
		}
	}
	return root
}

func buildNode(t reflect.Type, path, key string, used map[string]bool) *schemaNode {
	s := &schemaNode{key: key, path: path}
	if path != "" && !strings.HasSuffix(path, "[]") {
		m, ok := keyTable[path]
		if ok {
			used[path] = true
		} else if m, ok = inheritedMeta(path); !ok {
			panic("policies: no key table entry for " + path)
		}
		s.meta = m
		if m.def != "" {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(m.def), &n); err != nil || len(n.Content) != 1 {
				panic("policies: bad default for " + path)
			}
			s.defNode = n.Content[0]
		}
	}
	if path == "" || strings.HasSuffix(path, "[]") {
		used[path] = true // object items are checked by objectChecks only
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case dateType:
		s.kind = kDate
		return s
	case monthDayType:
		s.kind = kMonthDay
		return s
	case clockType:
		s.kind = kClock
		return s
	case durationType:
		s.kind = kDuration
		return s
	case effectType:
		s.kind = kEffect
		return s
	case textType:
		s.kind = kText
		return s
	}
	switch t.Kind() {
	case reflect.Struct:
		s.kind = kObject
		s.byKey = map[string]*schemaNode{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			child := buildNode(f.Type, joinPath(path, name), name, used)
			s.fields = append(s.fields, child)
			s.byKey[name] = child
		}
		for _, c := range s.fields {
			if c.defNode != nil || c.fillable {
				s.fillable = true
			}
		}
		for _, c := range s.fields {
			if c.meta.required {
				s.fillable = false
			}
		}
	case reflect.Slice:
		s.kind = kList
		s.elem = buildNode(t.Elem(), path+"[]", "", used)
		if s.elem.kind != kObject {
			// Scalar items are checked with the list's own metadata.
			s.elem.meta = s.meta
			s.elem.meta.def = ""
		}
	case reflect.Map:
		s.kind = kMap
	case reflect.String:
		s.kind = kString
	case reflect.Int:
		s.kind = kInt
	case reflect.Bool:
		s.kind = kBool
	default:
		panic("policies: unsupported field type " + t.String() + " at " + path)
	}
	return s
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// typeLabel names the type of a key for the reference.
func (s *schemaNode) typeLabel() Text {
	k := kindNames[s.kind]
	if s.kind == kList {
		if s.elem.kind == kObject {
			return Text{Ja: "オブジェクトのリスト", En: "list of mappings"}
		}
		e := kindNames[s.elem.kind]
		return Text{Ja: e.ja + "のリスト", En: "list of " + e.en}
	}
	return Text{Ja: k.ja, En: k.en}
}

// walkAll visits every key of the tree in document order.
func (s *schemaNode) walkAll(fn func(*schemaNode)) {
	if s.path != "" && !strings.HasSuffix(s.path, "[]") {
		fn(s)
	}
	for _, c := range s.fields {
		c.walkAll(fn)
	}
	if s.elem != nil && s.elem.kind == kObject {
		s.elem.walkAll(fn)
	}
}

// enumContains reports whether v is allowed.
func (m keyMeta) enumContains(v string) bool { return len(m.enum) == 0 || slices.Contains(m.enum, v) }
