package policies

// workedExamples are the reference's worked examples: a regulation's
// wording as an HR officer reads it, and the keys that write it. A test
// parses each one (merged into a minimal policy), so none can go stale, and
// checks that every key added for issue 22 appears in one.
var workedExamples = []struct {
	title, wording, yaml string
}{
	{"勤続期間・条件付採用・職位（対象職員）",
		"「在宅勤務を希望し、勤続1年以上の者」（厚生労働省 テレワークモデル就業規則の規定例）、「次に掲げる職員を除く。(1) 条件付採用期間中の職員 … (3) 所属長等の職員（ただし、人事担当課長が特に必要と認めた場合を除く）」（金山町職員在宅勤務制度試行実施要綱 第2条）",
		`eligibility:
  min_service_months: 12        # 在宅勤務の日に勤続12か月以上
  exclude_probation: true       # 条件付採用期間中の日は対象外
  excluded_ranks: [kacho, bucho]
  rank_effect: require_step:hr  # 課長級・部長級は人事担当課長の承認に回す
  special_grants:
    allowed: true
    waivable: [eligibility.probation]  # 所属長が特に必要と認める場合
`},
	{"任用形態ごとの上限・勤務日数に対する割合",
		"「月に10日の範囲内（週の所定労働日数に応じて、月の所定労働日数の2分の1の日数）」（富山大学 在宅勤務の試行実施要項）",
		`eligibility:
  employment_types: [regular, reappointed, reappointed_short, fiscal_year]
  employment_limits:
    - employment_types: [fiscal_year]     # 会計年度任用職員は
      limits: {share_of_scheduled_percent: 50}  # 月の勤務日の2分の1まで
limits:
  per_month: 10
`},
	{"時間単位（分まで、15分刻み）と時間数の上限",
		"「年次休暇との組み合わせ等により、半日単位、時間単位での実施も可能とする」（永平寺町在宅勤務実施要領 4(1)）",
		`units:
  allowed: [full, am, pm, hours]
  hour_step: 15m
limits:
  per_month_hours: 40
  effects: {per_month_hours: warn}
`},
	{"遠距離通勤の事由・妊娠・介護の期間",
		"「(2) … 2週間以上にわたり日常生活を営むことに支障があるものを介護する職員 (3) 妊娠中の職員」（出雲市職員テレワーク実施要綱 第2条）",
		`reasons:
  - id: long_commute
    name: 遠距離通勤
    commute: {min_minutes: 90, min_km: 50}  # 片道90分以上または50km以上
  - id: pregnancy
    name: 妊娠
    family_member: required   # 出産予定の子を登録して選びます
    relations: [child]
    period: pregnancy         # 出生（または出産予定日）まで。その後は育児で申請
  - id: nursing_care
    name: 介護
    family_member: required
    period: care              # 登録した介護を要する期間の日だけ
`},
	{"暦日の期限・月単位の期限・事前連絡",
		"「在宅勤務開始予定日の1週間前の日までに … 申請」（富山大学）、「開始希望日の前日までに … ただし、やむを得ない理由により前日までに申請できない場合は、電話その他の方法による連絡を行うとともに、できるだけ速やかに申請しなければならない」（金山町 第3条）、「前月の20日までに翌月分を申請」",
		`deadlines:
  calendar_days_before: 7     # 1週間前の日まで（土日も数える）
  monthly:
    day: 20                   # 前月の20日までに翌月分
    months_before: 1
    exceptions:
      - {month: 5, day: 15}   # 5月分は連休のため4月15日まで
  late: warn
  late_requires_notice: true  # 期限後は電話・メール・チャットの事前連絡が必要（事後承認）
`},
	{"1回の申請の期間・年度・認める期間・版の終わり",
		"「在宅勤務は、1回につき … 1月を超えない範囲の期間で」（富山大学）、「4月1日から翌年の3月31日までの期間において」（延岡市）、白石市職員テレワーク試行要綱のような試行の版",
		`effective_to: 2027-03-31       # 試行はこの日まで。以後は新しい版を登録するまで申請できません
periods:
  max_days: 31
  within_fiscal_year: true
  windows:
    - {name: 夏季休業期間, from: 2026-07-21, to: 2026-08-31}
`},
	{"緊急時の期間",
		"「原則として週4日以内とし、週1日以上は、通常の勤務先での勤務とする。ただし、感染症の流行時、災害時等については、この限りでない。」（香南市職員のテレワーク型在宅勤務実施要領 第4条）",
		`emergency:
  lift_limits: true                     # 期間中は日数の上限を適用しない
  waive: [eligibility.employment_type]  # 会計年度任用職員も対象に
  office_days_before: 0                 # 当日までの申請で足りる
# 期間そのもの（台風、感染症のまん延など）は人事課が画面で登録し、部署や勤務場所を限れます。
`},
	{"共用の資源（貸出用パソコン）",
		"「人事担当課長は、申請者が在宅勤務の実施可能な人数を上回るときは、申込書の申込理由、業務内容等を考慮して、実施可能な人数の範囲内で前項の承認の可否を決定するものとする。」（金山町 第3条3）",
		`pools:
  - id: loan_pc
    name: 貸出用パソコン
    per_day: 20      # 1日20人まで。超えると先着順ではなく割当ての手順へ
    step: allocation
approval:
  steps:
    - {name: head, approvers: [department_head]}
    - {name: allocation, label: 貸出用パソコンの割当て, approvers: [hr], on_demand: true}
`},
	{"複数の方式・業務の種類・通常の勤務場所",
		"「テレワーク モバイルワーク、サテライトオフィス勤務及び在宅勤務を総称した勤務の方法」（小野町職員テレワーク実施要綱 第2条）、「サテライトオフィス（勤務地以外の出先機関（各行政センター等））」（出雲市 第1条）、「なお、個人情報を扱う業務は対象外とする」（小美玉市職員テレワーク実施要領 第3条）",
		`eligibility:
  satellite_other_than_own: true
  excluded_work_kinds: [personal_data, counter]
limits:
  per_month: 8                 # テレワーク（種類を問わず）月8日まで
schemes:
  - {id: home, name: 在宅勤務, places: [home]}
  - id: satellite
    name: サテライトオフィス勤務
    places: [satellite]
    limits: {per_month: 4}     # うちサテライトオフィスは月4日まで
    deadlines: {office_days_before: 2}
  - {id: mobile, name: モバイル勤務, places: [elsewhere], employment_types: [regular]}
approval:
  steps:
    - {name: head, approvers: [department_head]}
    - {name: facilities, approvers: ['officer:facilities'], when: {schemes: [satellite], ranks: [staff, shunin, kakaricho]}}
`},
}
