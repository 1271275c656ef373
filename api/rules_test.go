package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// The rules of issue 22 through the API, on both databases. Each test
// quotes the regulation wording it is written from. The clock is Tuesday
// 1 December 2026, 09:00 JST.

// rulesPolicy is a small policy in force from 1 December 2026: the reasons
// given (general when empty), a supervisor step and on-demand HR and
// allocation steps, and the sections in extra (top-level keys).
func rulesPolicy(version, reasons, extra string) string {
	if reasons == "" {
		reasons = "  - {id: general, name: {ja: 一般, en: General}}\n"
	}
	return fmt.Sprintf(`id: rules-test
version: %q
effective_from: 2026-12-01
reasons:
%s%s
approval:
  steps:
    - {name: supervisor, approvers: [supervisor]}
    - {name: hr, label: {ja: 人事課, en: HR}, approvers: [hr], on_demand: true}
    - {name: allocation, label: {ja: 貸出用パソコンの割当て, en: Loan PC allocation}, approvers: [hr], on_demand: true}
`, version, reasons, extra)
}

// resultFor finds a rule's result for a date in an answer: a stored
// request's decision, a preview's decision, or a refusal's results.
func resultFor(r *res, rule, date string) map[string]any {
	var pools [][]any
	if rs, ok := r.json["results"].([]any); ok {
		pools = append(pools, rs)
	}
	if dec, ok := r.json["decision"].(map[string]any); ok {
		if rs, ok := dec["results"].([]any); ok {
			pools = append(pools, rs)
		}
		for _, dd := range dec["dates"].([]any) {
			pools = append(pools, dd.(map[string]any)["results"].([]any))
		}
	}
	for _, rs := range pools {
		for _, x := range rs {
			m := x.(map[string]any)
			if m["rule"] == rule && (date == "" || m["date"] == date || m["date"] == nil) {
				return m
			}
		}
	}
	return nil
}

func flagsOf(r *res) string {
	var out []string
	for _, f := range r.json["flags"].([]any) {
		out = append(out, f.(string))
	}
	return strings.Join(out, ",")
}

// notificationKinds lists the kinds of the notifications a user reads.
func (e *env) notificationKinds(token string) string {
	e.t.Helper()
	var ks []string
	for _, n := range e.do(req{method: "GET", path: "/api/v1/notifications", token: token}).must(e.t, 200).items() {
		ks = append(ks, n["kind"].(string))
	}
	return strings.Join(ks, ",")
}

func (e *env) putRecord(token, employeeID, from string, body map[string]any, status int) *res {
	e.t.Helper()
	return e.do(req{method: "PUT", path: "/api/v1/employees/" + employeeID + "/staff-records/" + from, token: token, body: body}).must(e.t, status)
}

func TestStaffRecordHistoryIsHRsAndThePersons(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp, sup, admin := e.login(hrEmail), e.login(empEmail), e.login(supEmail), e.login(adminEmail)
		// 条件付採用 from April, then a regular appointment as 係長級 from October.
		e.putRecord(hr, e.fx.emp, "2026-04-01", map[string]any{"hire_date": "2026-04-01", "employment_type": "regular",
			"probation_until": "2026-09-30", "rank": "staff", "commute_minutes": 95, "commute_km": 48, "work_days": []string{"monday", "tuesday", "wednesday", "thursday"}}, 200)
		e.putRecord(hr, e.fx.emp, "2026-10-01", map[string]any{"hire_date": "2026-04-01", "employment_type": "regular", "rank": "kakaricho", "commute_minutes": 95}, 200)
		mine := e.do(req{method: "GET", path: "/api/v1/me/staff-records", token: emp}).must(t, 200).items()
		if len(mine) != 2 || mine[0]["valid_from"] != "2026-04-01" || mine[0]["probation_until"] != "2026-09-30" || mine[1]["rank"] != "kakaricho" {
			t.Fatalf("the person reads their history: %v", mine)
		}
		if wd := mine[0]["work_days"].([]any); len(wd) != 4 {
			t.Fatalf("work days: %v", wd)
		}
		// The commute tells where the person lives: not the supervisor's, not the administrator's.
		for _, tok := range []string{sup, admin} {
			e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp + "/staff-records", token: tok}).must(t, 404)
			e.putRecord(tok, e.fx.emp, "2026-12-01", map[string]any{"employment_type": "regular"}, 403)
		}
		before := e.count("audit_events")
		if got := e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp + "/staff-records", token: hr}).must(t, 200).items(); len(got) != 2 {
			t.Fatalf("HR reads the history: %v", got)
		}
		if e.count("audit_events") != before+1 {
			t.Fatal("HR's read is not audited")
		}
		var values []string
		e.db.Gorm.Table("audit_events").Where("action LIKE 'staff_record.%'").Pluck("COALESCE(after, '')", &values)
		if joined := strings.Join(values, " "); strings.Contains(joined, "commute") || strings.Contains(joined, ":95") || strings.Contains(joined, "kakaricho") || strings.Contains(joined, "2026-09-30") {
			t.Fatalf("the audit trail holds the record's values: %s", joined)
		}
		// Bad input is refused with the fields named, and changes nothing.
		n := e.count("staff_records")
		r := e.putRecord(hr, e.fx.emp, "2026-12-01", map[string]any{"employment_type": "contractor", "rank": "shacho", "probation_until": "2026-11-01",
			"commute_minutes": -5, "work_days": []string{"someday"}}, 422)
		for _, f := range []string{"employment_type", "rank", "probation_until", "commute_minutes", "work_days"} {
			if !strings.Contains(string(r.body), `"`+f+`"`) {
				t.Errorf("422 does not name %s: %s", f, r.body)
			}
		}
		e.putRecord(hr, e.fx.emp, "2026-13-01", map[string]any{"employment_type": "regular"}, 422)
		if e.count("staff_records") != n {
			t.Fatal("a refused record was stored")
		}
		// CSV with the headers of an HR spreadsheet, in Japanese: 再任用短時間 working Monday to Wednesday.
		csv := "職員番号,適用開始日,採用日,任用形態,職位,勤務日,通勤時間\r\n" + e.employeeNumber(e.fx.sup) + ",2027/04/01,1990/04/01,再任用短時間,課長級,月火水,30\r\n"
		dry := e.do(req{method: "POST", path: "/api/v1/staff-records/import?dry_run=true", token: hr, raw: []byte(csv), ctype: "text/csv"}).must(t, 200)
		if dry.json["rows"] != float64(1) || e.count("staff_records") != n {
			t.Fatalf("a dry run stores nothing: %s", dry.body)
		}
		if row := dry.items()[0]; row["line"] != float64(2) || row["valid_from"] != "2027-04-01" || row["employment_type"] != "reappointed_short" ||
			row["outcome"] != "create" || row["employee_id"] != e.fx.sup || strings.Contains(string(dry.body), "commute") {
			t.Fatalf("the dry run shows each row as it would be stored, without the commute: %s", dry.body)
		}
		e.do(req{method: "POST", path: "/api/v1/staff-records/import", token: hr, raw: []byte(csv), ctype: "text/csv"}).must(t, 200)
		again := e.do(req{method: "POST", path: "/api/v1/staff-records/import?dry_run=true", token: hr, raw: []byte(csv), ctype: "text/csv"}).must(t, 200)
		if again.items()[0]["outcome"] != "replace" {
			t.Fatalf("a second import of the same date replaces: %s", again.body)
		}
		got := e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.sup + "/staff-records", token: hr}).must(t, 200).items()
		if len(got) != 1 || got[0]["employment_type"] != "reappointed_short" || got[0]["rank"] != "kacho" || len(got[0]["work_days"].([]any)) != 3 {
			t.Fatalf("imported: %v", got)
		}
		bad := "職員番号,適用開始日,任用形態\r\nZZZ,2027-04-01,regular\r\n"
		r = e.do(req{method: "POST", path: "/api/v1/staff-records/import", token: hr, raw: []byte(bad), ctype: "text/csv"}).must(t, 422)
		if !strings.Contains(string(r.body), "rows[2].employee_number") {
			t.Fatalf("the bad row is named: %s", r.body)
		}
		e.do(req{method: "DELETE", path: "/api/v1/employees/" + e.fx.sup + "/staff-records/2027-04-01", token: hr}).must(t, 204)
		e.do(req{method: "DELETE", path: "/api/v1/employees/" + e.fx.sup + "/staff-records/2027-04-01", token: hr}).must(t, 404)
	})
}

func (e *env) employeeNumber(id string) string {
	var n string
	e.db.Gorm.Table("employees").Where("id = ?", id).Pluck("employee_number", &n)
	return n
}

// 金山町職員在宅勤務制度試行実施要綱 第2条: 「次に掲げる職員を除く。(1) 条件付採用期間中の職員 … (3) 所属長等の職員
// （ただし、人事担当課長が特に必要と認めた場合を除く）」. Judged on the telework date, from the dated record; a record
// that takes the condition away from an approved day marks it lapsed.
func TestProbationAndRankOnTheTeleworkDate(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp, sup := e.login(hrEmail), e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", "", `eligibility:
  exclude_probation: true
  excluded_ranks: [kacho, bucho]
  rank_effect: require_step:hr`))
		e.putRecord(hr, e.fx.emp, "2026-04-01", map[string]any{"hire_date": "2026-06-01", "employment_type": "regular", "probation_until": "2026-12-08"}, 200)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 422)
		if res := resultFor(r, "eligibility.probation", "2026-12-08"); res == nil || res["outcome"] != "fail" {
			t.Fatalf("the last day of probation: %s", r.body)
		}
		ok := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 201)
		e.decideTask(sup, taskAt(ok, 0)["id"].(string), "approve", nil, 200)
		// Promoted to 課長級 from 14 December: that day needs HR's exception step.
		e.putRecord(hr, e.fx.emp, "2026-12-14", map[string]any{"hire_date": "2026-06-01", "employment_type": "regular", "rank": "kacho"}, 200)
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-14"}, "general", nil)}).must(t, 201)
		if steps := fmt.Sprint(r.json["extra_steps"]); steps != "[hr]" {
			t.Fatalf("a 課長級 day goes to HR: %v\n%s", steps, r.body)
		}
		// HR finds the probation was extended to 9 December: the approved day lapses.
		e.putRecord(hr, e.fx.emp, "2026-04-01", map[string]any{"hire_date": "2026-06-01", "employment_type": "regular", "probation_until": "2026-12-09"}, 200)
		got := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + ok.str("id"), token: emp}).must(t, 200)
		if got.json["lapsed_at"] == nil || !strings.Contains(flagsOf(got), "reason_lapsed") || got.str("status") != "approved" {
			t.Fatalf("the approved day's reason no longer holds: %s", got.body)
		}
		if !strings.Contains(e.notificationKinds(emp), "reason_lapsed") || !strings.Contains(e.notificationKinds(sup), "reason_lapsed_approver") {
			t.Fatalf("applicant and approver are told: %s / %s", e.notificationKinds(emp), e.notificationKinds(sup))
		}
	})
}

// 富山大学 在宅勤務の試行実施要項: 「在宅勤務開始予定日の1週間前の日までに … 申請」; 金山町 第3条: 「ただし、やむを得ない理由により
// 前日までに申請できない場合は、電話その他の方法による連絡を行うとともに、できるだけ速やかに申請しなければならない。」;
// 「前月の20日までに翌月分を申請」 (the wording; no municipal text of it was found).
func TestDeadlinesAsWritten(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, sup := e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", "", `deadlines:
  calendar_days_before: 7
  late: warn
  late_requires_notice: true
  monthly: {day: 20, exceptions: [{month: 1, day: 10}]}`))
		// Monday 7 December is six calendar days away: late, and refused without a prior notice.
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 422)
		if res := resultFor(r, "deadline.notice", "2026-12-07"); res == nil || res["outcome"] != "fail" {
			t.Fatalf("no notice: %s", r.body)
		}
		notice := map[string]any{"method": "phone", "to": "総務課長", "at": "2026-12-01T08:30:00+09:00"}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", map[string]any{"notice": notice})}).must(t, 201)
		if f := flagsOf(r); !strings.Contains(f, "late_application") || !strings.Contains(f, "prior_notice") {
			t.Fatalf("late with a notice, approved after the fact: %s", f)
		}
		if n := r.json["notice"].(map[string]any); n["method"] != "phone" || n["to"] != "総務課長" {
			t.Fatalf("the notice is kept: %v", n)
		}
		// The approver reads how and to whom the notice was given.
		if res := resultFor(e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r.str("id"), token: sup}).must(t, 200), "deadline.notice", "2026-12-07"); res == nil ||
			!strings.Contains(res["message"].(map[string]any)["ja"].(string), "電話") {
			t.Fatalf("the approver reads the notice: %v", res)
		}
		// A notice after the request is no prior notice.
		late := map[string]any{"method": "chat", "to": "係長", "at": "2026-12-01T10:00:00+09:00"}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", map[string]any{"notice": late})}).must(t, 422)
		if !strings.Contains(string(r.body), "notice.at") {
			t.Fatalf("a notice after the request: %s", r.body)
		}
		// January's dates are due by 10 December (the exception): in time today.
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2027-01-12"}, "general", nil)}).must(t, 200)
		if res := resultFor(r, "deadline.monthly", "2027-01-12"); res == nil || res["outcome"] != "pass" || !strings.Contains(res["message"].(map[string]any)["ja"].(string), "12月10日") {
			t.Fatalf("January by 10 December: %v", res)
		}
		// December's dates were due by 20 November: late.
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2026-12-21"}, "general", nil)}).must(t, 200)
		if res := resultFor(r, "deadline.monthly", "2026-12-21"); res == nil || res["outcome"] == "pass" {
			t.Fatalf("December after 20 November: %v", res)
		}
	})
}

// 富山大学: 「1回につき … 1月を超えない範囲の期間で」; 延岡市: 「4月1日から翌年の3月31日までの期間において」; a trial
// version with an end date (白石市職員テレワーク試行要綱 is such a 試行要綱).
func TestPeriodsWindowsAndVersionEnd(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, hr := e.login(empEmail), e.login(hrEmail)
		e.storePolicy(rulesPolicy("trial", "", `effective_to: 2027-03-31
periods:
  max_days: 7
  within_fiscal_year: true
  windows: [{name: {ja: 冬季休業期間, en: Winter holidays}, from: 2026-12-21, to: 2027-01-08}, {name: 年度末, from: 2027-03-01, to: 2027-04-30}]`))
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-21", "2026-12-28"}, "general", nil)}).must(t, 422)
		if res := resultFor(r, "request.period", ""); res == nil || res["outcome"] != "fail" {
			t.Fatalf("eight days is more than a week: %s", r.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-15"}, "general", nil)}).must(t, 422)
		if res := resultFor(r, "calendar.window", "2026-12-15"); res == nil || !strings.Contains(res["message"].(map[string]any)["ja"].(string), "冬季休業期間") {
			t.Fatalf("outside the windows: %s", r.body)
		}
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-21", "2026-12-22"}, "general", nil)}).must(t, 201)
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2027-03-31", "2027-04-01"}, "general", nil)}).must(t, 200)
		if res := resultFor(r, "request.period", ""); res == nil || res["outcome"] != "fail" || !strings.Contains(res["message"].(map[string]any)["ja"].(string), "年度末") {
			t.Fatalf("across the fiscal year end: %v", res)
		}
		if res := resultFor(r, "policy.in_force", "2027-04-01"); res == nil || res["outcome"] != "fail" {
			t.Fatalf("after the trial nothing is in force: %s", r.body)
		}
		vs := e.do(req{method: "GET", path: "/api/v1/policies/telework/versions", token: hr}).must(t, 200).items()
		if last := vs[len(vs)-1]; last["effective_to"] != "2027-03-31" {
			t.Fatalf("the version's end date is shown: %v", last)
		}
	})
}

// 香南市職員のテレワーク型在宅勤務実施要領 第4条: 「原則として週4日以内とし、週1日以上は、通常の勤務先での勤務とする。
// ただし、感染症の流行時、災害時等については、この限りでない。」 HR declares the period; the policy lifts the limits.
func TestEmergencyPeriodLiftsLimits(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp, sup := e.login(hrEmail), e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", "", `limits: {per_week: 1}
emergency: {lift_limits: true, office_days_before: 0}`))
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", nil)}).must(t, 201)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "limit.per_week") {
			t.Fatalf("before the emergency the weekly limit holds: %v", ruleIDs(r))
		}
		// Only HR declares; bad input changes nothing.
		body := map[string]any{"name": "台風10号", "kind": "disaster", "starts_on": "2026-12-07", "ends_on": "2026-12-11", "department_ids": []string{e.fx.dGeneral}}
		e.do(req{method: "POST", path: "/api/v1/emergency-periods", token: sup, body: body}).must(t, 403)
		bad := e.do(req{method: "POST", path: "/api/v1/emergency-periods", token: hr, body: map[string]any{"name": "", "kind": "war", "starts_on": "2026-12-11", "ends_on": "2026-12-07",
			"department_ids": []string{e.fx.dBeta}}}).must(t, 422)
		for _, f := range []string{"name", "kind", "ends_on", "department_ids[0]"} {
			if !strings.Contains(string(bad.body), `"`+f+`"`) {
				t.Errorf("422 does not name %s: %s", f, bad.body)
			}
		}
		if e.count("emergency_periods") != 0 {
			t.Fatal("a refused period was stored")
		}
		em := e.do(req{method: "POST", path: "/api/v1/emergency-periods", token: hr, body: body}).must(t, 201)
		// 総務部 is named: 総務課 below it is covered.
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 201)
		if !strings.Contains(flagsOf(r), "emergency") {
			t.Fatalf("the day is flagged: %s", flagsOf(r))
		}
		if res := resultFor(r, "limit.per_week", "2026-12-08"); res == nil || res["outcome"] != "pass" || !strings.Contains(res["message"].(map[string]any)["ja"].(string), "台風10号") {
			t.Fatalf("the lifted limit is explained: %v", res)
		}
		list := e.do(req{method: "GET", path: "/api/v1/emergency-periods?from=2026-12-01&to=2026-12-31", token: emp}).must(t, 200).items()
		if len(list) != 1 || list[0]["name"] != "台風10号" || len(list[0]["department_ids"].([]any)) != 1 {
			t.Fatalf("everyone reads the periods: %v", list)
		}
		e.do(req{method: "GET", path: "/api/v1/emergency-periods?from=2026-12-31&to=2026-12-01", token: emp}).must(t, 422)
		// The typhoon passes sooner: HR ends the period on the 8th, and the 9th counts against the limit again.
		end := "/api/v1/emergency-periods/" + em.str("id")
		e.do(req{method: "PATCH", path: end, token: emp, body: map[string]any{"ends_on": "2026-12-08"}}).must(t, 403)
		if r := e.do(req{method: "PATCH", path: end, token: hr, body: map[string]any{"ends_on": "2026-12-06"}}).must(t, 422); !strings.Contains(string(r.body), "ends_on") {
			t.Fatalf("an end before the start is refused on ends_on: %s", r.body)
		}
		e.do(req{method: "PATCH", path: "/api/v1/emergency-periods/" + models.NewID(), token: hr, body: map[string]any{"ends_on": "2026-12-08"}}).must(t, 404)
		if ended := e.do(req{method: "PATCH", path: end, token: hr, body: map[string]any{"ends_on": "2026-12-08"}}).must(t, 200); ended.str("ends_on") != "2026-12-08" {
			t.Fatalf("ended: %s", ended.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "limit.per_week") {
			t.Fatalf("after the period ends the weekly limit holds: %v", ruleIDs(r))
		}
		var ends int64
		e.db.Gorm.Table("audit_events").Where("action = ? AND target_id = ?", "emergency_period.end", em.str("id")).Count(&ends)
		if ends != 1 {
			t.Fatalf("%d audit events for the end, want 1", ends)
		}
		e.do(req{method: "DELETE", path: "/api/v1/emergency-periods/" + em.str("id"), token: emp}).must(t, 403)
		e.do(req{method: "DELETE", path: "/api/v1/emergency-periods/" + em.str("id"), token: hr}).must(t, 204)
	})
}

// 香南市職員のテレワーク型在宅勤務実施要領 第4条: 「原則として週4日以内とし、週1日以上は、通常の勤務先での勤務とする。
// ただし、感染症の流行時、災害時等については、この限りでない。」 Here the weekly cap (1 day) is lifted
// 「災害時」; when HR ends the typhoon's period early or withdraws it, a day only the lifted cap allowed no
// longer holds: it is checked again at once, the applicant and the approver are told, and it does not silently
// stay approved. A day the shortened period still covers, or one within the cap anyway, stands.
func TestEndingAnEmergencyRechecksTheRequestsThatReliedOnIt(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp, sup := e.login(hrEmail), e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", "", `limits: {per_week: 1}
emergency: {lift_limits: true}`))
		file := func(day string) *res {
			return e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{day}, "general", nil)}).must(t, 201)
		}
		get := func(r *res) *res {
			return e.do(req{method: "GET", path: "/api/v1/telework-requests/" + r.str("id"), token: emp}).must(t, 200)
		}
		monday := file("2026-12-07") // within the cap: it never relied on the period
		typhoon := e.do(req{method: "POST", path: "/api/v1/emergency-periods", token: hr, body: map[string]any{"name": "台風10号", "kind": "disaster",
			"starts_on": "2026-12-07", "ends_on": "2026-12-11"}}).must(t, 201)
		tuesday, wednesday := file("2026-12-08"), file("2026-12-09")
		e.decideTask(sup, taskAt(tuesday, 0)["id"].(string), "approve", nil, 200)
		e.decideTask(sup, taskAt(wednesday, 0)["id"].(string), "approve", nil, 200)
		period := "/api/v1/emergency-periods/" + typhoon.str("id")
		notes := e.count("notifications")

		// Extended, nothing is lost; shortened to the 8th, only the 9th relied on the days taken away.
		e.do(req{method: "PATCH", path: period, token: hr, body: map[string]any{"ends_on": "2026-12-12"}}).must(t, 200)
		if e.count("notifications") != notes {
			t.Fatal("a longer period told someone")
		}
		e.do(req{method: "PATCH", path: period, token: hr, body: map[string]any{"ends_on": "2026-12-08"}}).must(t, 200)
		if got := get(wednesday); got.json["lapsed_at"] == nil || !strings.Contains(flagsOf(got), "reason_lapsed") || got.str("status") != "approved" {
			t.Fatalf("the 9th, past the cap without the period, does not silently stay approved: %s", got.body)
		}
		for _, r := range []*res{monday, tuesday} {
			if got := get(r); got.json["lapsed_at"] != nil {
				t.Fatalf("a day that holds was marked: %s", got.body)
			}
		}
		if !strings.Contains(e.notificationKinds(emp), "emergency_lapsed") || !strings.Contains(e.notificationKinds(sup), "emergency_lapsed_approver") {
			t.Fatalf("applicant and approver are told: %s / %s", e.notificationKinds(emp), e.notificationKinds(sup))
		}
		var told map[string]any
		for _, n := range e.do(req{method: "GET", path: "/api/v1/notifications", token: sup, headers: map[string]string{"Accept-Language": "en"}}).must(t, 200).items() {
			if n["kind"] == "emergency_lapsed_approver" {
				told = n
			}
		}
		if told == nil || !strings.Contains(fmt.Sprint(told["body"]), "emergency period") {
			t.Fatalf("the approver reads why, in English: %v", told)
		}
		var audits int64
		e.db.Gorm.Table("audit_events").Where("action = ? AND target_id = ?", "telework_request.reason_lapsed", wednesday.str("id")).Count(&audits)
		if audits != 1 {
			t.Fatalf("%d audit events for the lapse, want 1", audits)
		}

		// Withdrawn: a pending request filed under a second period is checked again too, and told once.
		flu := e.do(req{method: "POST", path: "/api/v1/emergency-periods", token: hr, body: map[string]any{"name": "感染症のまん延", "kind": "infection",
			"starts_on": "2026-12-14", "ends_on": "2026-12-18"}}).must(t, 201)
		file("2026-12-14")
		pending := file("2026-12-15")
		notes = e.count("notifications")
		e.do(req{method: "DELETE", path: "/api/v1/emergency-periods/" + flu.str("id"), token: hr}).must(t, 204)
		if got := get(pending); got.json["lapsed_at"] == nil || got.str("status") != "pending" {
			t.Fatalf("the pending 15th is marked: %s", got.body)
		}
		if n := e.count("notifications") - notes; n != 2 {
			t.Fatalf("%d notifications for the withdrawn period, want 2 (applicant, approver)", n)
		}
		e.do(req{method: "DELETE", path: "/api/v1/emergency-periods/" + flu.str("id"), token: hr}).must(t, 404)
		// Shortened again to the 7th: the 8th now lapses too; the 9th, already marked, is not told twice.
		e.do(req{method: "PATCH", path: period, token: hr, body: map[string]any{"ends_on": "2026-12-07"}}).must(t, 200)
		if got := get(tuesday); got.json["lapsed_at"] == nil {
			t.Fatalf("the 8th relied on the period: %s", got.body)
		}
		if n := e.count("notifications") - notes; n != 4 {
			t.Fatalf("%d notifications, want 4: the 9th was told again, or the 8th not told", n)
		}
	})
}

// 金山町職員在宅勤務制度試行実施要綱 第3条3: 「人事担当課長は、申請者が在宅勤務の実施可能な人数を上回るときは、申込書の申込理由、
// 業務内容等を考慮して、実施可能な人数の範囲内で前項の承認の可否を決定するものとする。」
func TestPoolPastItsCapGoesToAllocation(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, sup, hr := e.login(empEmail), e.login(supEmail), e.login(hrEmail)
		e.storePolicy(rulesPolicy("v1", "", `pools: [{id: loan_pc, name: {ja: 貸出用パソコン, en: Loan PCs}, per_day: 1, step: allocation}]`))
		first := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", map[string]any{"pool": "loan_pc"})}).must(t, 201)
		if len(first.json["extra_steps"].([]any)) != 0 || first.str("pool") != "loan_pc" {
			t.Fatalf("the first loan PC needs no allocation: %s", first.body)
		}
		second := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: sup, body: telework([]string{"2026-12-08"}, "general", map[string]any{"pool": "loan_pc"})}).must(t, 201)
		if fmt.Sprint(second.json["extra_steps"]) != "[allocation]" || !strings.Contains(flagsOf(second), "pool_allocation") {
			t.Fatalf("the second goes to the allocation step: %s", second.body)
		}
		// The count is explained to the approver like any other rule.
		shown := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + second.str("id"), token: hr}).must(t, 200)
		if res := resultFor(shown, "pool.capacity", "2026-12-08"); res == nil || res["outcome"] != "warn" ||
			!strings.Contains(res["message"].(map[string]any)["ja"].(string), "2人です（1日1人まで）") {
			t.Fatalf("the count is explained: %v", res)
		}
		// The allocation task is HR's.
		var hrTask bool
		for _, tk := range tasksOf(second) {
			hrTask = hrTask || (tk["step_name"] == "allocation" && tk["approver_id"] == e.fx.hr)
		}
		if !hrTask {
			t.Fatalf("no allocation task for HR: %v", tasksOf(second))
		}
		// Withdrawn, the first frees the PC: a new request on that day needs no allocation.
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + first.str("id") + "/withdraw", token: emp}).must(t, 200)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2026-12-08"}, "general", map[string]any{"pool": "loan_pc"})}).must(t, 200)
		if res := resultFor(r, "pool.capacity", "2026-12-08"); res["outcome"] != "warn" {
			t.Fatalf("the second request still holds the PC: %v", res)
		}
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", map[string]any{"pool": "Loan PC"})}).must(t, 422)
	})
}

// 長与町テレワーク実施規程 第2条: 「(1) 在宅勤務 職員の自宅及び自宅に準ずる場所における勤務 (2) モバイル勤務 在宅勤務を除く
// 勤務公署外における勤務」; 小野町職員テレワーク実施要綱 第2条: 「テレワーク モバイルワーク、サテライトオフィス勤務及び在宅勤務を
// 総称した勤務の方法」. Each scheme has its limit; the organisation's counts every scheme.
func TestSchemesCountApartAndTogether(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp := e.login(empEmail)
		e.storePolicy(rulesPolicy("v1", "", `limits: {per_month: 3}
schemes:
  - {id: home, name: {ja: 在宅勤務, en: Home}, places: [home]}
  - {id: mobile, name: {ja: モバイル勤務, en: Mobile}, places: [elsewhere], limits: {per_month: 1}}`))
		mobile := func(date string) map[string]any {
			return telework([]string{date}, "general", map[string]any{"scheme": "mobile", "place": "elsewhere", "place_detail": "出張先の会議室"})
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: mobile("2026-12-07")}).must(t, 201)
		if r.str("scheme") != "mobile" {
			t.Fatalf("the scheme is kept: %s", r.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: mobile("2026-12-08")}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "scheme.limit.per_month") {
			t.Fatalf("the mobile scheme's own limit: %v", ruleIDs(r))
		}
		// Home days count apart from mobile ones, but together toward 3 a month.
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 201)
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-10"}, "general", nil)}).must(t, 422)
		if ids := strings.Join(ruleIDs(r), ","); !strings.Contains(ids, "limit.per_month") || strings.Contains(ids, "scheme.") {
			t.Fatalf("telework of any kind, 3 a month: %v", ids)
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-10"}, "general", map[string]any{"scheme": "home", "place": "elsewhere", "place_detail": "実家"})}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "request.scheme") {
			t.Fatalf("home does not allow elsewhere: %v", ruleIDs(r))
		}
	})
}

// 出雲市職員テレワーク実施要綱 第2条: 「(3) 妊娠中の職員」. A pregnancy holds until the birth; once the birth is recorded, the
// approved days after it lapse, and the applicant and approver are told without naming why.
func TestPregnancyLapsesAtTheBirth(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, sup := e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", `  - {id: general, name: 一般}
  - {id: pregnancy, name: {ja: 妊娠, en: Pregnancy}, family_member: required, relations: [child], period: pregnancy}
  - {id: childcare, name: {ja: 育児, en: Childcare}, family_member: required, relations: [child], child_limit: before_primary}
`, ""))
		baby := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{"relation": "child", "name": "出産予定の子", "expected_date": "2026-12-20", "cohabiting": true}}).must(t, 201)
		if baby.str("expected_date") != "2026-12-20" {
			t.Fatalf("the expected date is kept: %s", baby.body)
		}
		body := func(dates ...string) map[string]any {
			return telework(dates, "pregnancy", map[string]any{"family_member_id": baby.str("id")})
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body("2026-12-21")}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "family.period") {
			t.Fatalf("past the expected date: %v", ruleIDs(r))
		}
		ok := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body("2026-12-14", "2026-12-15")}).must(t, 201)
		// The approver reads the family category, not the pregnancy's dates.
		shown := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + ok.str("id"), token: sup}).must(t, 200)
		if strings.Contains(string(shown.body), "family.period") || strings.Contains(string(shown.body), "12月20日") {
			t.Fatalf("the approver reads the pregnancy's facts: %s", shown.body)
		}
		e.decideTask(sup, taskAt(ok, 0)["id"].(string), "approve", nil, 200)
		// Born early, on 1 December.
		e.do(req{method: "PATCH", path: "/api/v1/me/family-members/" + baby.str("id"), token: emp, body: map[string]any{"birth_date": "2026-12-01"}}).must(t, 200)
		got := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + ok.str("id"), token: emp}).must(t, 200)
		if got.json["lapsed_at"] == nil || !strings.Contains(flagsOf(got), "reason_lapsed") {
			t.Fatalf("the request does not silently stay approved: %s", got.body)
		}
		for _, who := range []struct{ token, kind string }{{emp, "reason_lapsed"}, {sup, "reason_lapsed_approver"}} {
			var found map[string]any
			for _, n := range e.do(req{method: "GET", path: "/api/v1/notifications", token: who.token}).must(t, 200).items() {
				if n["kind"] == who.kind {
					found = n
				}
			}
			if found == nil {
				t.Fatalf("%s not told", who.kind)
			}
			if text := fmt.Sprint(found["title"], found["body"]); strings.Contains(text, "妊娠") || strings.Contains(text, "出生") || strings.Contains(text, "出産") {
				t.Fatalf("the notification names the reason: %s", text)
			}
		}
		// Told once: another change to the member sends nothing more.
		n := e.count("notifications")
		e.do(req{method: "PATCH", path: "/api/v1/me/family-members/" + baby.str("id"), token: emp, body: map[string]any{"name": "長男"}}).must(t, 200)
		if e.count("notifications") != n {
			t.Fatal("the lapse was told twice")
		}
		// The child now qualifies for childcare.
		e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2026-12-16"}, "childcare", map[string]any{"family_member_id": baby.str("id")})}).must(t, 200)
		bad := e.do(req{method: "PATCH", path: "/api/v1/me/family-members/" + baby.str("id"), token: emp, body: map[string]any{"care_to": "2026-12-01"}}).must(t, 422)
		if !strings.Contains(string(bad.body), "care_to") {
			t.Fatalf("a care period without its start: %s", bad.body)
		}
	})
}

// 小美玉市職員テレワーク実施要領 第3条: 「なお、個人情報を扱う業務は対象外とする。」; 永平寺町在宅勤務実施要領 4(1):
// 「時間単位での実施も可能とする」 (here to the minute in 15-minute steps, counted against hours); a long-commute reason
// judged on the commute HR recorded, which approvers never read.
func TestWorkKindHoursAndCommute(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp, sup := e.login(hrEmail), e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", `  - {id: general, name: 一般}
  - {id: long_commute, name: {ja: 遠距離通勤, en: Long commute}, commute: {min_minutes: 90}}
`, `units: {allowed: [full, am, pm, hours], hour_step: 15m}
limits: {per_month_hours: 8}
eligibility: {excluded_work_kinds: [personal_data]}`))
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-07"}, "general", map[string]any{"work_kind": "personal_data"})}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "request.work_kind") {
			t.Fatalf("personal data work: %v", ruleIDs(r))
		}
		hours := func(date, from, to string) map[string]any {
			b := telework([]string{date}, "general", map[string]any{"start_time": from, "end_time": to})
			b["unit"] = "hours"
			return b
		}
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: hours("2026-12-07", "09:00", "10:15")}).must(t, 201)
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: hours("2026-12-08", "09:00", "10:20")}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "request.unit") {
			t.Fatalf("not a 15-minute step: %v", ruleIDs(r))
		}
		// 1h15m plus a full day (7h45m) passes 8 hours.
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-08"}, "general", nil)}).must(t, 422)
		if res := resultFor(r, "limit.per_month_hours", "2026-12-08"); res == nil || !strings.Contains(res["message"].(map[string]any)["ja"].(string), "9h") {
			t.Fatalf("counted in hours: %s", r.body)
		}
		lc := func(date string) map[string]any {
			b := hours(date, "13:00", "14:00")
			b["reason"] = "long_commute"
			return b
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: lc("2026-12-09")}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "reason.commute") {
			t.Fatalf("no commute recorded: %v", ruleIDs(r))
		}
		e.putRecord(hr, e.fx.emp, "2026-04-01", map[string]any{"employment_type": "regular", "commute_minutes": 105}, 200)
		ok := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: lc("2026-12-09")}).must(t, 201)
		mine := resultFor(ok, "reason.commute", "2026-12-09")
		if mine == nil || mine["outcome"] != "pass" || !strings.Contains(mine["message"].(map[string]any)["ja"].(string), "90分") {
			t.Fatalf("the applicant reads the commute rule: %v", mine)
		}
		shown := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + ok.str("id"), token: sup}).must(t, 200)
		theirs := resultFor(shown, "reason.commute", "2026-12-09")
		if theirs == nil || strings.Contains(string(shown.body), "90分") || strings.Contains(string(shown.body), "105") {
			t.Fatalf("the approver reads the commute: %s", shown.body)
		}
	})
}

// 都農町在宅勤務実施要領 第2条: 「在宅勤務の対象職員は、町長部局に在籍する職員とする。」 Membership is judged on each telework
// date from the department history: a transfer to 市民課 (counter work, excluded) on 14 December leaves the days before
// it as they were and refuses the days after it.
func TestDepartmentOnTheTeleworkDate(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp, sup := e.login(adminEmail), e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", "", "eligibility: {excluded_department_flags: [counter]}"))
		approved := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-16"}, "general", nil)}).must(t, 201)
		e.decideTask(sup, taskAt(approved, 0)["id"].(string), "approve", nil, 200)
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: admin,
			body: map[string]any{"department_id": e.fx.dCitizens, "effective_from": "2026-12-14"}}).must(t, 201)
		// The approved day now falls in the new department: it is marked, and both sides told.
		got := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + approved.str("id"), token: emp}).must(t, 200)
		if got.json["lapsed_at"] == nil || !strings.Contains(flagsOf(got), "reason_lapsed") {
			t.Fatalf("the approved day after the transfer: %s", got.body)
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2026-12-11", "2026-12-14"}, "general", nil)}).must(t, 200)
		before, after := resultFor(r, "eligibility.department", "2026-12-11"), resultFor(r, "eligibility.department", "2026-12-14")
		if before == nil || before["outcome"] != "pass" || after == nil || after["outcome"] != "fail" || !strings.Contains(after["message"].(map[string]any)["ja"].(string), "市民課") {
			t.Fatalf("the department of each date: %v / %v\n%s", before, after, r.body)
		}
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-11"}, "general", nil)}).must(t, 201)
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-15"}, "general", nil)}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "eligibility.department") {
			t.Fatalf("after the transfer: %v", ruleIDs(r))
		}
	})
}
