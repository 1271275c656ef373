package policies

import (
	"fmt"
	"strings"
	"time"
)

// Reference renders the reference of every policy key, relation, rule,
// approver kind and flag as Markdown, in Japanese and English. It is built
// from the key table Parse validates with, so the two cannot disagree;
// docs/policy-reference.md is its output (regenerate it with
// `go test ./policies -run TestReference -update`).
func Reference() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# 在宅勤務規程リファレンス / Telework policy reference\n\n")
	w("<!-- 生成されたファイルです。手で編集せず `go test ./policies -run TestReference -update` で作り直してください。\n")
	w("     Generated from policies/schema.go; do not edit by hand. Regenerate with `go test ./policies -run TestReference -update`. -->\n\n")
	w("在宅勤務実施要綱は YAML（または JSON）の文書として書き、版ごとに `effective_from` を定めます。")
	w("申請の各日は、その日に効力のある版で判定されます。書かないキーは既定値になり、誤りはすべてキーの位置（例: `limits.per_week`）とともに示されます。")
	w("ひな形は `policies/default_policy.yaml` です。\n\n")
	w("A telework policy is a YAML (or JSON) document, versioned by `effective_from`; each date of a request is decided under the version in force on it. ")
	w("Keys not written take their defaults, and every error is reported with its path (e.g. `limits.per_week`). ")
	w("The template is `policies/default_policy.yaml`.\n\n")

	w("## 書き方 / Conventions\n\n")
	w("- **効果 / Effect**: `refuse`（却下 / refuse the date）, `warn`（警告して受付 / accept with a warning）, `require_step:<手順>`（承認の手順を追加 / add the approval step named in `approval.steps`, e.g. `require_step:hr`).\n")
	w("- **文言 / Text**: `{ja: ..., en: ...}`; 文字列だけなら日本語として扱います / a plain string is taken as Japanese.\n")
	w("- **日付 / Dates**: `YYYY-MM-DD`; **月日 / Month-days**: `MM-DD`; **時刻 / Times**: `HH:MM`; **時間 / Durations**: `7h45m`.\n")
	w("- **部署 / Units**: 職員の所属系統（上位から自部署まで）の部署ID・階層・属性で判定します。上位の部署の指定と属性は配下にも及びます / decisions use the employee's line of units from the root down; naming a unit or flag covers the units below it.\n")
	w("- **日数 / Amounts**: 半日は0.5日、時間単位は時間÷`units.standard_day`日 / half days count half, hours as hours ÷ `units.standard_day`.\n")
	w("- **期限 / Deadlines**: 開庁日で数えます / counted in office days (`calendar`).\n\n")

	w("## キー / Keys\n\n")
	var general []*schemaNode
	for _, top := range schema.fields {
		if top.kind != kObject && !(top.kind == kList && top.elem.kind == kObject) {
			general = append(general, top)
		}
	}
	w("### 基本 / General\n\n")
	keyTableHeader(&b)
	for _, s := range general {
		keyRow(&b, s)
	}
	w("\n")
	for _, top := range schema.fields {
		if top.kind != kObject && !(top.kind == kList && top.elem.kind == kObject) {
			continue
		}
		w("### `%s`\n\n%s\n\n%s\n\n", top.path, top.meta.ja, top.meta.en)
		keyTableHeader(&b)
		top.walkAll(func(s *schemaNode) { keyRow(&b, s) })
		w("\n")
	}

	w("## 続柄 / Relations\n\n")
	w("`family.relations`、`reasons[].relations`、`family.cohabitation_by_relation` と申請の `family.relation` で使う名前です。")
	w("親等は経路から計算します（血族と姻族は別に数え、配偶者には親等がありません）。パートナーシップと内縁を通じた続柄は、規程がそれを配偶者として扱うときだけ姻族になり、`stepchild` などの配偶者の形にも当たります。\n\n")
	w("Names for `family.relations`, `reasons[].relations`, `family.cohabitation_by_relation` and a request's `family.relation`. ")
	w("Degrees are derived from the path (blood and affinity counted apart; a spouse has none). Ties through a partnership or a common-law union become affinity, and also match the spouse forms such as `stepchild`, only when the policy treats that union as a marriage.\n\n")
	w("| 名前 / Name | 経路 / Path | 親等 / Degree | 続柄 | Relation |\n|---|---|---|---|---|\n")
	for _, r := range relations {
		k := KinshipOf(r.Path, Unions{Partnership: true, CommonLaw: true})
		deg := k.label()
		note := ""
		if r.Path[0] == StepPartner || r.Path[0] == StepCommonLaw {
			note = "（配偶者として扱う場合 / when counted as a spouse）"
		}
		w("| `%s` | `%s` | %s / %s%s | %s | %s |\n", r.Name, r.Path, deg.Ja, deg.En, note, cell(r.Label.Ja), cell(r.Label.En))
	}
	w("\n経路の段 / Path steps: `parent`（親 / parent, adoptive included）, `child`（子 / child）, `spouse`（配偶者 / spouse）, `partner`（パートナーシップの相手 / partnership）, `common_law`（内縁の配偶者 / common-law partner）.\n\n")

	w("## 子の学年の区切り / Child school-year limits\n\n")
	w("4月2日から翌年4月1日までに生まれた子が同じ学年です（2014年4月1日生まれは2020年4月、4月2日生まれは2021年4月に小学校に入学）。区切りの日は3月31日です。\n\n")
	w("Children born from 2 April to the next 1 April share a school year (born 1 April 2014: primary school from April 2020; born 2 April 2014: from April 2021). Each limit ends on a 31 March.\n\n")
	w("| `child_limit` | 対象 | Qualifies | 2014-04-01 生 / born | 2014-04-02 生 / born |\n|---|---|---|---|---|\n")
	for _, name := range childLimitNames() {
		l := ChildLimit(name)
		a, okA := l.LastDay(NewDate(2014, 4, 1))
		c, _ := l.LastDay(NewDate(2014, 4, 2))
		label := childLimitLabels[l]
		if !okA {
			w("| `%s` | %s | %s | — | — |\n", name, label.Ja, label.En)
			continue
		}
		w("| `%s` | %sまで | %s | %s | %s |\n", name, label.Ja, label.En, a, c)
	}

	w("\n## ルール / Rules\n\n")
	w("判定結果の各行はルールIDを持ちます（`pass` / `warn` / `fail`）。/ Every result of a decision names its rule (`pass`, `warn` or `fail`).\n\n")
	w("| ルールID / Rule id | 説明 | Description |\n|---|---|---|\n")
	for _, r := range ruleDocs {
		w("| `%s` | %s | %s |\n", r.ID, cell(r.Description.Ja), cell(r.Description.En))
	}

	w("\n## 承認者 / Approvers\n\n")
	w("| 種類 / Kind | 説明 | Description |\n|---|---|---|\n")
	w("| `supervisor` | 直属の上司（係長など） | The direct supervisor |\n")
	w("| `department_head` | 所属長 | Head of the employee's unit (所属長) |\n")
	w("| `head:<階層 / level>` | 所属系統のその階層の部署の長（例: `head:bu`＝部長） | Head of the employee's unit at that level (e.g. `head:bu`) |\n")
	w("| `hr` | 人事担当課 | Human resources |\n")
	w("| `officer:<名前 / name>` | 指定された担当者（例: `officer:information_security`） | A named officer (e.g. `officer:information_security`) |\n")

	w("\n## 印 / Flags\n\n")
	w("判定で日に付く印です。`approval.steps[].when.flags` で手順の条件にできます。/ Flags a decision puts on a date; `approval.steps[].when.flags` can select on them.\n\n")
	w("| 印 / Flag | 説明 | Description |\n|---|---|---|\n")
	w("| `late_application` | 期限後、当日までの申請 | Applied after the deadline, by the day itself |\n")
	w("| `after_the_fact` | 在宅勤務日より後の申請（事後申請） | Applied after the day |\n")
	w("| `special_grant` | 所属長特認で認められた | Allowed by a department head's exception |\n")
	w("| `limits_exempt` | 上限の対象外の事由 | The reason is exempt from the limits |\n")
	w("| `emergency` | 緊急時の期間中の日 | The date is within a declared emergency |\n")
	w("| `prior_notice` | 事前連絡のある遅延申請（事後承認） | A late request with a prior notice, approved after the fact |\n")
	w("| `pool_allocation` | 共用の資源の上限を超え、割当ての手順で決める | Past a pool's cap; the allocation step decides |\n")

	w("\n## 記載例 / Worked examples\n\n")
	w("要綱の文言と、それを書くキーの例です（文言は各自治体等の規程から引用しています）。/ Regulation wording and the keys that write it.\n\n")
	for _, x := range workedExamples {
		w("### %s\n\n> %s\n\n```yaml\n%s```\n\n", x.title, x.wording, x.yaml)
	}
	return b.String()
}

func keyTableHeader(b *strings.Builder) {
	b.WriteString("| キー / Key | 型 / Type | 既定値 / Default | 値 / Values | 説明 | Description |\n|---|---|---|---|---|---|\n")
}

func keyRow(b *strings.Builder, s *schemaNode) {
	m := s.meta
	t := s.typeLabel()
	typ := t.Ja + " / " + t.En
	if m.required {
		typ += "（必須 / required）"
	}
	def := "—"
	if m.def != "" {
		def = "`" + m.def + "`"
	}
	var vals []string
	if m.rng != nil {
		if s.kind == kDuration {
			lo, hi := Duration(time.Duration(m.rng[0])*time.Minute), Duration(time.Duration(m.rng[1])*time.Minute)
			vals = append(vals, fmt.Sprintf("%s–%s", lo, hi))
		} else {
			vals = append(vals, fmt.Sprintf("%d–%d", m.rng[0], m.rng[1]))
		}
	}
	if m.minItems > 0 {
		vals = append(vals, fmt.Sprintf("%d件以上 / at least %d", m.minItems, m.minItems))
	}
	if len(m.enum) > 0 {
		if m.noun == nounRelation {
			vals = append(vals, "続柄の名前 / relation names (see Relations)")
		} else {
			vals = append(vals, "`"+strings.Join(m.enum, "`, `")+"`")
		}
	}
	switch m.refers {
	case "reason":
		vals = append(vals, "`reasons[].id`")
	}
	if s.kind == kEffect {
		vals = append(vals, "`refuse`, `warn`, `require_step:<step>`")
	}
	v := "—"
	if len(vals) > 0 {
		v = strings.Join(vals, "; ")
	}
	fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", s.path, cell(typ), cell(def), cell(v), cell(m.ja), cell(m.en))
}

// cell escapes a table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
