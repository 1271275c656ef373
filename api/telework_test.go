package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// testPolicy is a compact telework policy for these tests: every reason, a
// 40% attendance floor per 課 that refuses, limits that refuse, and a
// weekly limit that adds an HR step once exceeded.
func testPolicy(version, effective string, extraFamily string) string {
	return fmt.Sprintf(`
id: alpha-telework
version: %q
effective_from: %s
title: {ja: アルファ町在宅勤務実施要綱, en: Alpha telework policy}
eligibility:
  employment_types: [regular]
  excluded_department_flags: [counter, my_number]
reasons:
  - id: childcare
    name: {ja: 育児, en: Childcare}
    family_member: required
    relations: [child, partner_child, common_law_partner_child]
    child_limit: end_of_grade3
  - id: nursing_care
    name: {ja: 介護, en: Nursing care}
    family_member: required
    care: {min_level: 2, min_need_days: 14}
  - id: pregnancy
    name: {ja: 妊娠, en: Pregnancy}
  - id: hospital
    name: {ja: 通院, en: Hospital visit}
    units: [am, pm, hours]
  - id: disaster
    name: {ja: 災害・感染症, en: Disaster or infection}
    limits_apply: false
  - id: commute
    name: {ja: 通勤負担, en: Commuting burden}
  - id: general
    name: {ja: 一般, en: General}
family:
  max_degree: {blood: 2, affinity: 2}
  cohabitation_required: true
%s
limits:
  per_week: 3
  per_month: 10
  effect: refuse
  effects:
    per_week: require_step:hr_check
deadlines:
  office_days_before: 1
  time: "17:00"
  late: warn
  after_the_fact: refuse
attendance:
  bands:
    - name: {ja: 課の出勤率の下限, en: Division floor}
      level: ka
      min_percent: 40
      effect: refuse
approval:
  steps:
    - name: supervisor
      approvers: [supervisor]
    - name: hr_check
      approvers: [hr]
      on_demand: true
`, version, effective, extraFamily)
}

// storePolicy makes HR store a policy version.
func (e *env) storePolicy(doc string) {
	e.t.Helper()
	hr := e.login(hrEmail)
	e.do(req{method: "POST", path: "/api/v1/policies/telework/versions", token: hr, body: map[string]any{"document": doc}}).must(e.t, 201)
}

func telework(dates []string, reason string, extra map[string]any) map[string]any {
	body := map[string]any{"dates": dates, "unit": "full", "place": "home", "reason": reason}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

// ruleIDs lists the rule ids of a problem's results (a 422 refusal).
func ruleIDs(r *res) []string {
	var out []string
	results, _ := r.json["results"].([]any)
	for _, x := range results {
		out = append(out, x.(map[string]any)["rule"].(string))
	}
	return out
}

func TestTeleworkPolicyVersions(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp := e.login(hrEmail), e.login(empEmail)
		r := e.do(req{method: "GET", path: "/api/v1/policies/telework", token: emp}).must(t, 200)
		if r.json["built_in"] != true {
			t.Fatalf("before HR stores one, the shipped policy applies: %s", r.body)
		}
		bad := "id: x\nversion: v\neffective_from: 2027-04-01\nlimits:\n  per_week: 9\nfamily:\n  relations: [cousin_in_law]\n"
		for _, path := range []string{"/api/v1/policies/telework/validate", "/api/v1/policies/telework/versions"} {
			r = e.do(req{method: "POST", path: path, token: hr, body: map[string]any{"document": bad}}).must(t, 422)
			text := string(r.body)
			for _, want := range []string{"document.limits.per_week", "document.family.relations[0]"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: errors do not name %s: %s", path, want, text)
				}
			}
		}
		e.do(req{method: "POST", path: "/api/v1/policies/telework/validate", token: hr, body: map[string]any{"document": testPolicy("v1", "2026-12-01", "")}}).must(t, 200)
		// Only HR stores versions; a version in the past is refused.
		e.do(req{method: "POST", path: "/api/v1/policies/telework/versions", token: emp, body: map[string]any{"document": testPolicy("v1", "2026-12-01", "")}}).must(t, 403)
		e.do(req{method: "POST", path: "/api/v1/policies/telework/versions", token: hr, body: map[string]any{"document": testPolicy("v0", "2026-11-01", "")}}).must(t, 422)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		e.storePolicy(testPolicy("v2", "2027-04-01", ""))
		e.do(req{method: "POST", path: "/api/v1/policies/telework/versions", token: hr, body: map[string]any{"document": testPolicy("v3", "2027-04-01", "")}}).must(t, 422)
		r = e.do(req{method: "GET", path: "/api/v1/policies/telework/versions", token: emp}).must(t, 200)
		// The built-in template stands in from the organisation's first day
		// (1 April of its first fiscal year) until the first stored version.
		if vs := r.items(); len(vs) != 3 || vs[0]["built_in"] != true || vs[0]["effective_from"] != "2026-04-01" {
			t.Fatalf("want the built-in from 2026-04-01 and two stored versions: %s", r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/policies/telework?date=2027-04-01", token: emp}).must(t, 200)
		if r.str("version") != "v2" {
			t.Fatalf("in force on 1 April: %s", r.str("version"))
		}
		// A request over 31 March and 1 April is decided date by date under each version.
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: telework([]string{"2027-03-31", "2027-04-01"}, "general", nil)}).must(t, 200)
		dates := r.json["decision"].(map[string]any)["dates"].([]any)
		got := []string{}
		for _, dd := range dates {
			got = append(got, dd.(map[string]any)["policy"].(map[string]any)["version"].(string))
		}
		if strings.Join(got, ",") != "v1,v2" {
			t.Fatalf("versions per date: %v", got)
		}
	})
}

func TestTeleworkFamilyWidening(t *testing.T) {
	// The town that widened its family definition: under the first version
	// only cohabiting relatives up to the 2nd degree count; the child of a
	// common-law partner is not one. The next version counts partnership and
	// common-law unions as marriage.
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp := e.login(empEmail)
		e.storePolicy(testPolicy("2026-12", "2026-12-01", "  partnership_as_spouse: false\n  common_law_as_spouse: false"))
		e.storePolicy(testPolicy("2027-01", "2027-01-01", "  partnership_as_spouse: true\n  common_law_as_spouse: true"))
		child := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{
			"relation": "common_law_partner_child", "name": "内縁の子", "birth_date": "2020-05-01", "cohabiting": true}}).must(t, 201)
		body := func(date string) map[string]any {
			return telework([]string{date}, "childcare", map[string]any{"family_member_id": child.str("id")})
		}
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body("2026-12-10")}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "family.") {
			t.Fatalf("refusal does not name a family rule: %v %s", ruleIDs(r), r.body)
		}
		if e.count("telework_requests") != 0 {
			t.Fatal("a refused request was stored")
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body("2027-01-07")}).must(t, 201)
		if v := r.json["policy_versions"].([]any)[0].(map[string]any)["version"]; v != "2027-01" {
			t.Fatalf("decided under %v", v)
		}
	})
}

func TestTeleworkReasonsRefusalsAndWarnings(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		emp, other := e.login(empEmail), e.login(otherEmail)
		kid := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{"relation": "child", "name": "子", "birth_date": "2019-06-01", "cohabiting": true}}).must(t, 201).str("id")
		mother := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{"relation": "parent", "name": "母", "cohabiting": true, "care_level": 3}}).must(t, 201).str("id")
		// Each reason, on its own day of December's second and third weeks.
		ok := []struct {
			date   string
			reason string
			extra  map[string]any
		}{
			{"2026-12-07", "childcare", map[string]any{"family_member_id": kid}},
			{"2026-12-08", "nursing_care", map[string]any{"family_member_id": mother}},
			{"2026-12-09", "pregnancy", nil},
			{"2026-12-10", "hospital", map[string]any{"unit": "hours", "start_time": "09:00", "end_time": "11:00"}},
			{"2026-12-14", "disaster", nil},
			{"2026-12-15", "commute", nil},
			{"2026-12-16", "general", map[string]any{"place": "elsewhere", "place_detail": "介護先の自宅"}},
		}
		for _, c := range ok {
			body := telework([]string{c.date}, c.reason, c.extra)
			p := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: body}).must(t, 200)
			if p.json["refused"] != false {
				t.Fatalf("%s previewed as refused: %s", c.reason, p.body)
			}
			e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body}).must(t, 201)
		}
		refusals := []struct {
			name  string
			token string
			body  map[string]any
			rule  string
		}{
			{"counter work stays in the office", other, telework([]string{"2026-12-21"}, "general", nil), "eligibility.department"},
			{"childcare without a child", emp, telework([]string{"2026-12-21"}, "childcare", nil), "family.member"},
			{"before the organisation's first day", emp, telework([]string{"2026-03-31"}, "general", nil), "policy.in_force"},
			{"hospital visits are not full days", emp, telework([]string{"2026-12-22"}, "hospital", nil), "request.unit"},
			{"closed day", emp, telework([]string{"2026-12-29"}, "general", nil), "calendar.office_day"},
		}
		for _, c := range refusals {
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: c.token, body: c.body}).must(t, 422)
			if r.str("type") != "urn:kinmuchi:problem:refused-by-rules" || !strings.Contains(strings.Join(ruleIDs(r), ","), c.rule) {
				t.Errorf("%s: want rule %s, got %v", c.name, c.rule, ruleIDs(r))
			}
		}
		// A late application (after 17:00 the office day before) is stored with a warning.
		e.clock.Set(start.Add(9 * time.Hour)) // 18:00 on 1 December
		emp = e.login(empEmail)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-02"}, "general", nil)}).must(t, 201)
		if !strings.Contains(string(r.body), `"late_application"`) || len(r.json["warnings"].([]any)) == 0 {
			t.Fatalf("late application without its flag: %s", r.body)
		}
		// The 4th day of a week exceeds per_week (3): stored with an HR step.
		for _, day := range []string{"2027-01-04", "2027-01-05", "2027-01-06"} {
			e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{day}, "general", nil)}).must(t, 201)
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2027-01-07"}, "general", nil)}).must(t, 201)
		// An application after the day is refused.
		e.clock.Set(start.Add(8 * 24 * time.Hour))
		emp = e.login(empEmail)
		after := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-04"}, "general", nil)}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(after), ","), "deadline.after_the_fact") {
			t.Errorf("after the fact: %v", ruleIDs(after))
		}
		if steps := r.json["extra_steps"].([]any); len(steps) != 1 || steps[0] != "hr_check" {
			t.Fatalf("extra steps %v: %s", steps, r.body)
		}
	})
}

func TestTeleworkStatesAndPrivacy(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		emp, sup, hr, other := e.login(empEmail), e.login(supEmail), e.login(hrEmail), e.login(otherEmail)
		kid := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{"relation": "child", "name": "山田花子", "birth_date": "2019-06-01", "cohabiting": true}}).must(t, 201).str("id")
		submit := func(date string) string {
			return e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{date}, "childcare", map[string]any{"family_member_id": kid})}).must(t, 201).str("id")
		}
		act := func(token, id, action string, status int) *res {
			return e.do(req{method: "POST", path: "/api/v1/telework-requests/" + id + "/" + action, token: token, body: map[string]any{"comment": "確認しました"}}).must(t, status)
		}
		a := submit("2026-12-07")
		act(emp, a, "approve", 403)   // nobody decides their own request
		act(other, a, "approve", 404) // nor outside the line
		r := act(sup, a, "approve", 200)
		if r.str("status") != "approved" {
			t.Fatal(r.str("status"))
		}
		r = act(sup, a, "approve", 409)
		if r.json["current_status"] != "approved" {
			t.Fatalf("409 must name the current state: %s", r.body)
		}
		act(emp, a, "withdraw", 409)
		act(emp, a, "cancel", 200)
		act(emp, a, "cancel", 409)

		b := submit("2026-12-08")
		act(sup, b, "return", 200)
		e.do(req{method: "PATCH", path: "/api/v1/telework-requests/" + b, token: emp, body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 200)
		r = act(sup, b, "reject", 200)
		trail := r.json["trail"].([]any)
		if len(trail) != 4 || trail[3].(map[string]any)["comment"] != "確認しました" {
			t.Fatalf("trail: %s", r.body)
		}
		c := submit("2026-12-10")
		act(emp, c, "withdraw", 200)
		// A refused move leaves the state as it was.
		act(sup, c, "approve", 409)

		// The supervisor sees the reason category, never the family member.
		r = e.do(req{method: "GET", path: "/api/v1/telework-requests/" + a, token: sup}).must(t, 200)
		if _, shown := r.json["family_member_id"]; shown || strings.Contains(string(r.body), "山田花子") {
			t.Fatalf("family details reached the supervisor: %s", r.body)
		}
		if r.json["reason_name"].(map[string]any)["ja"] != "育児" {
			t.Fatalf("reason category missing: %s", r.body)
		}
		e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp + "/family-members", token: sup}).must(t, 404)
		reads := e.count("audit_events")
		r = e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp + "/family-members", token: hr}).must(t, 200)
		if len(r.items()) != 1 || e.count("audit_events") != reads+1 {
			t.Fatal("HR's read of family members must be answered and audited")
		}
		var ev models.AuditEvent
		e.db.Gorm.Where("action = ?", "family_member.read").Take(&ev)
		if ev.ActorID == nil || *ev.ActorID != e.fx.hr || strings.Contains(string(ev.After), "山田") {
			t.Fatalf("audit of the read: %+v", ev)
		}
		var leaked int64
		e.db.Gorm.Model(&models.AuditEvent{}).Where("before LIKE ? OR after LIKE ?", "%山田花子%", "%山田花子%").Count(&leaked)
		if leaked != 0 {
			t.Fatal("family data reached the audit trail")
		}
		// Lists: mine by default; the supervisor's line with scope=all.
		if n := len(e.do(req{method: "GET", path: "/api/v1/telework-requests", token: emp}).must(t, 200).items()); n != 3 {
			t.Fatalf("own list: %d", n)
		}
		if n := len(e.do(req{method: "GET", path: "/api/v1/telework-requests?scope=all&status=rejected", token: sup}).must(t, 200).items()); n != 1 {
			t.Fatalf("line list: %d", n)
		}
		if n := len(e.do(req{method: "GET", path: "/api/v1/telework-requests?scope=all", token: other}).must(t, 200).items()); n != 0 {
			t.Fatalf("a stranger's list: %d", n)
		}
	})
}

// bandFixture adds a 課 of n working staff and signs each in.
func (e *env) bandFixture(n int) (deptID string, ids, tokens []string) {
	e.t.Helper()
	ctx := context.Background()
	now := e.clock.Now()
	dep := &models.Department{ID: models.NewID(), OrganizationID: e.fx.alpha, Code: "150", Name: "企画課", Kind: models.KindDivision,
		ParentID: &e.fx.dGeneral, CreatedAt: now, UpdatedAt: now}
	if err := (models.Departments{}).Create(ctx, e.db.Gorm, dep); err != nil {
		e.t.Fatal(err)
	}
	hash := fixtureHash()
	for i := range n {
		emp := &models.Employee{ID: models.NewID(), OrganizationID: e.fx.alpha, EmployeeNumber: fmt.Sprintf("B%03d", i), Email: fmt.Sprintf("band%d@alpha.example", i),
			FamilyName: "企画", GivenName: fmt.Sprint(i), DepartmentID: dep.ID, SupervisorID: &e.fx.head, EmploymentType: models.EmploymentRegular,
			Active: true, PasswordHash: &hash, Roles: []policies.Role{policies.RoleEmployee}, CreatedAt: now, UpdatedAt: now}
		if err := (models.Employees{}).Create(ctx, e.db.Gorm, emp); err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, emp.ID)
		tokens = append(tokens, e.login(emp.Email))
	}
	return dep.ID, ids, tokens
}

func TestAttendanceFloorHoldsUnderConcurrency(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		_, _, tokens := e.bandFixture(10)
		day := []string{"2026-12-03"}
		// Twenty requests at once: each of the ten working staff sends two.
		var wg sync.WaitGroup
		statuses := make(chan int, 20)
		srv2 := e.newServer()
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := req{method: "POST", path: "/api/v1/telework-requests", token: tokens[i%10], body: telework(day, "general", nil)}
				if i%2 == 1 {
					r.srv = srv2
				}
				statuses <- e.do(r).status
			}()
		}
		wg.Wait()
		close(statuses)
		created := 0
		for s := range statuses {
			switch s {
			case http.StatusCreated:
				created++
			case http.StatusUnprocessableEntity, http.StatusConflict:
			default:
				t.Errorf("unexpected status %d", s)
			}
		}
		var stored int64
		e.db.Gorm.Model(&models.TeleworkDay{}).Where("day = ? AND active = ?", day[0], true).Count(&stored)
		if created != 6 || stored != 6 {
			t.Fatalf("%d created, %d stored; with 10 working staff and a 40%% floor, exactly 6 may be away", created, stored)
		}
		var counter models.AttendanceDay
		e.db.Gorm.Where("day = ? AND remote > 0", day[0]).Take(&counter)
		if counter.Remote != 6 {
			t.Fatalf("the department's remote count is %d, want 6", counter.Remote)
		}
	})
}

func TestLeaveChangesTheAttendanceAnswer(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		_, ids, tokens := e.bandFixture(10)
		hr := e.login(hrEmail)
		day := "2026-12-03"
		for i := range 4 {
			e.do(req{method: "POST", path: "/api/v1/telework-requests", token: tokens[i], body: telework([]string{day}, "general", nil)}).must(t, 201)
		}
		preview := func() bool {
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: tokens[4], body: telework([]string{day}, "general", nil)}).must(t, 200)
			return r.json["refused"].(bool)
		}
		if preview() {
			t.Fatal("5th of 10 working staff refused: 5 of 10 stay")
		}
		// Two on leave: 8 working; a 5th away would leave 3 of 8 (37.5%).
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{
			{"employee_id": ids[8], "date": day}, {"employee_id": ids[9], "date": day, "portion": "full"}}}}).must(t, 200)
		if !preview() {
			t.Fatal("with two on leave the 5th must be refused")
		}
		// A half day of leave still counts as working.
		e.do(req{method: "DELETE", path: "/api/v1/leave/" + ids[9] + "/" + day, token: hr}).must(t, 204)
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{{"employee_id": ids[9], "date": day, "portion": "am"}}}}).must(t, 200)
		if preview() {
			t.Fatal("a half day of leave must not lower the working staff")
		}
		e.do(req{method: "POST", path: "/api/v1/leave", token: tokens[0], body: map[string]any{"days": []map[string]any{{"employee_id": ids[1], "date": day}}}}).must(t, 403)
	})
}

func TestLeaveImport(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr := e.login(hrEmail)
		var numbers []string
		e.db.Gorm.Model(&models.Employee{}).Where("organization_id = ?", e.fx.alpha).Order("employee_number").Limit(2).Pluck("employee_number", &numbers)
		good := "職員番号,日付,種別,区分,備考\n" + numbers[0] + ",2026/12/03,休暇,終日,\n" + numbers[1] + ",2026-12-04,出勤必須,午前,窓口当番\n"
		sjis, err := japanese.ShiftJIS.NewEncoder().String(good)
		if err != nil {
			t.Fatal(err)
		}
		r := e.do(req{method: "POST", path: "/api/v1/leave/import", token: hr, raw: []byte(sjis), ctype: "text/csv"}).must(t, 200)
		if len(r.items()) != 2 || r.items()[0]["date"] != "2026-12-03" || r.items()[1]["kind"] != "essential" {
			t.Fatalf("imported: %s", r.body)
		}
		before := e.count("staff_days")
		bad := "employee_number,date,kind\n" + numbers[0] + ",2026-12-07,leave\nNOPE,2026-12-07,leave\n" + numbers[1] + ",2026-13-01,holiday\n"
		r = e.do(req{method: "POST", path: "/api/v1/leave/import", token: hr, raw: []byte(bad), ctype: "text/csv"}).must(t, 422)
		for _, want := range []string{"rows[3].employee_number", "rows[4].kind"} {
			if !strings.Contains(string(r.body), want) {
				t.Errorf("errors do not name %s: %s", want, r.body)
			}
		}
		if e.count("staff_days") != before {
			t.Fatal("a bad file stored some rows")
		}
		e.do(req{method: "POST", path: "/api/v1/leave/import", token: e.login(supEmail), raw: []byte(good), ctype: "text/csv"}).must(t, 403)
	})
}

func TestDepartmentFlagsReachThePolicy(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		doc := strings.Replace(testPolicy("v1", "2026-12-01", ""), "eligibility:", `calendar:
  blackouts:
    - name: {ja: 12月定例会, en: December council session}
      from: 2026-12-07
      to: 2026-12-18
      department_flags: [council_support]
eligibility:`, 1)
		e.storePolicy(doc)
		emp, admin := e.login(empEmail), e.login(adminEmail)
		body := telework([]string{"2026-12-08"}, "general", nil)
		e.do(req{method: "POST", path: "/api/v1/telework-requests/preview", token: emp, body: body}).must(t, 200)
		// 総務部 supports the council: its 課 below inherit the flag.
		r := e.do(req{method: "PATCH", path: "/api/v1/departments/" + e.fx.dGeneral, token: admin, body: map[string]any{"flags": []string{"council_support"}}}).must(t, 200)
		if fl := r.json["flags"].([]any); len(fl) != 1 {
			t.Fatalf("flags: %s", r.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body}).must(t, 422)
		if !strings.Contains(strings.Join(ruleIDs(r), ","), "calendar.blackout") {
			t.Fatalf("want calendar.blackout, got %v", ruleIDs(r))
		}
		e.do(req{method: "PATCH", path: "/api/v1/departments/" + e.fx.dGeneral, token: admin, body: map[string]any{"flags": []string{"Council Support"}}}).must(t, 422)
	})
}
