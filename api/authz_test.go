package api_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// actorEmails are the fixture's people by the names tests give them.
var actorEmails = map[string]string{
	"emp": empEmail, "other": otherEmail, "sup": supEmail, "head": headEmail,
	"hr": hrEmail, "admin2": admin2Email, "admin": adminEmail,
}

// placeholders resolves {name} in paths and bodies to the fixture's ids; {me}
// and {mydept} are the acting person's own name and department.
func (e *env) placeholders(actor string, extra map[string]string) *strings.Replacer {
	fx := e.fx
	mydept := fx.dAffairs
	if actor == "admin2" {
		mydept = fx.dBeta
	}
	pairs := []string{
		"{emp}", fx.emp, "{other}", fx.other, "{sup}", fx.sup, "{head}", fx.head, "{hr}", fx.hr, "{admin}", fx.admin,
		"{emp2}", fx.emp2, "{admin2}", fx.admin2, "{alpha}", fx.alpha,
		"{dGeneral}", fx.dGeneral, "{dAffairs}", fx.dAffairs, "{dCitizens}", fx.dCitizens, "{dBeta}", fx.dBeta,
		"{me}", actor, "{mydept}", mydept,
	}
	for k, v := range extra {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...)
}

func TestEmployeeListsShowOnlyWhatEachMayRead(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		fx := e.fx
		alpha := []string{fx.admin, fx.hr, fx.head, fx.sup, fx.emp, fx.other}
		want := map[string][]string{
			"emp":   {},
			"other": {},
			"sup":   {fx.emp},
			// The head's reports at any depth, and everyone in the departments they head.
			"head":   {fx.admin, fx.hr, fx.sup, fx.emp},
			"hr":     alpha,
			"admin":  alpha,
			"admin2": {fx.admin2, fx.emp2},
		}
		for actor, ids := range want {
			t.Run(actor, func(t *testing.T) {
				r := e.do(req{method: "GET", path: "/api/v1/employees?limit=200", token: e.login(actorEmails[actor])}).must(t, 200)
				var got []string
				for _, it := range r.items() {
					got = append(got, it["id"].(string))
				}
				slices.Sort(got)
				ids = slices.Clone(ids)
				slices.Sort(ids)
				if !slices.Equal(got, ids) {
					t.Fatalf("%s sees %d employees %v, want %d %v", actor, len(got), got, len(ids), ids)
				}
			})
		}
	})
}

// checkMatrixCoversTheContract fails for every route of openapi.yaml that
// has no row.
func checkMatrixCoversTheContract(t *testing.T, rows func(yield func(method, path string) bool)) {
	t.Helper()
	covered := map[string]bool{}
	routes := contractRoutes(t)
	for method, path := range rows {
		for _, r := range routes {
			if r.method == method && templateMatches(r.path, strings.SplitN(path, "?", 2)[0]) {
				covered[r.method+" "+r.path] = true
			}
		}
	}
	for _, r := range routes {
		k := r.method + " " + r.path
		if !covered[k] {
			t.Errorf("%s has no row in the authorization matrix", k)
		}
	}
}

// templateMatches tells whether a row's path ({placeholders} of the
// fixture) is an instance of a contract path ({parameters}).
func templateMatches(template, path string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if ts[i] != ps[i] && !strings.HasPrefix(ts[i], "{") {
			return false
		}
	}
	return true
}

// The authorization matrix: every operation of the contract (a route
// without a row fails the test), as each role, on objects that are the
// actor's own, a colleague's in the same department, another department's
// and the partner organisation's, from one table.
//
// Columns, in matrixActors order: anon (no token), emp (an employee), sup
// (emp's supervisor, 総務課長), dep (代理承認者: an employee of 総務課 with
// sup's delegation live), hr, admin, mgr (an employee of 市民課 who manages
// the shared satellite office) and partner (an employee of the partner
// organisation, ベータ村, with which that office is shared).
//
// A row is: the operation; the kind of object its {obj} (and {sub}) name,
// which sets its groups; the body; the expected statuses, one group of
// eight letters (one per column) for each object:
//
//	kind of a person's object (person, req, task, booking, …):
//	  own | same department | other department | other organisation,
//	  whose is matrixRelatives'; anon acts on emp's.
//	kind "org" objects (emergency, emptydept, delivery): own organisation | the other
//	kind "office", "space": shared | private | foreign (beta's)
//	kind "feed": a live calendar feed | a made-up one
//	no kind: one group.
//
//	o 200  c 201  a 202  n 204  B 400  U 401  F 403  N 404  C 409  V 422
var matrixActors = []string{"anon", "emp", "sup", "dep", "hr", "admin", "mgr", "partner"}

// matrixRelatives: whose object "own", "same department", "other
// department" and "other organisation" are, for each column.
var matrixRelatives = map[string][4]string{
	"anon":    {"emp", "emp", "emp", "emp"},
	"emp":     {"emp", "dep", "other", "emp2"},
	"sup":     {"sup", "emp", "other", "emp2"},
	"dep":     {"dep", "emp", "other", "emp2"},
	"hr":      {"hr", "admin", "other", "emp2"},
	"admin":   {"admin", "hr", "other", "emp2"},
	"mgr":     {"mgr", "other", "emp", "emp2"},
	"partner": {"emp2", "admin2", "emp3", "emp"},
}

// matrixPerson is the person acting in a column (anon signs in as nobody).
var matrixPerson = map[string]string{"anon": "emp", "emp": "emp", "sup": "sup", "dep": "dep", "hr": "hr", "admin": "admin", "mgr": "mgr", "partner": "emp2"}

var matrixCodes = map[byte]int{'o': 200, 'c': 201, 'a': 202, 'n': 204, 'B': 400, 'U': 401, 'F': 403, 'N': 404, 'C': 409, 'V': 422}

// Kinds whose objects are made once and reused by every row (the others
// are made afresh for each cell expected to succeed, so that one actor's
// success does not change what the next one acts on).
var matrixShared = map[string]bool{"": true, "person": true, "dept": true, "office": true, "space": true, "delivery": true, "feed": true, "checkin": true}

type matrixRow struct{ op, kind, body, want string }

var matrixRows = []matrixRow{
	// Each group's letters are, in order: anon emp sup dep hr admin mgr partner.
	{"GET /healthz", "", "", "oooooooo"},
	{"GET /readyz", "", "", "oooooooo"},
	{"GET /metrics", "", "", "oooooooo"},
	{"GET /api/v1/openapi.yaml", "", "", "oooooooo"},
	{"POST /api/v1/auth/login", "", `{"email":"{email}","password":"` + testPassword + `"}`, "Uooooooo"},
	{"POST /api/v1/auth/refresh", "", "", "UUUUUUUU"},
	{"GET /api/v1/me", "", "", "Uooooooo"},
	{"PATCH /api/v1/me", "", `{"language":"ja"}`, "Uooooooo"},
	{"GET /api/v1/staff", "", "", "Uooooooo"},
	{"GET /api/v1/calendar?from=2026-12-01&to=2026-12-31", "", "", "Uooooooo"},
	{"GET /api/v1/organization", "", "", "Uooooooo"},
	{"PATCH /api/v1/organization", "", `{"language":"ja"}`, "UFFFFoFF"},
	{"POST /api/v1/organization/webhook/test", "", "", "UFFFFaFF"},
	{"GET /api/v1/organization/webhook/deliveries/{obj}", "delivery", "", "UFFFFoFF UFFFFNFF"},
	{"GET /api/v1/audit-events", "", "", "UFFFooFF"},
	{"GET /api/v1/audit-events/verify", "", "", "UFFFooFF"},

	{"GET /api/v1/departments", "", "", "Uooooooo"},
	{"POST /api/v1/departments", "", `{"code":"9{n}","name":"新設課{n}","kind":"division"}`, "UFFFFcFF"},
	{"GET /api/v1/departments/{obj}", "dept", "", "Uooooooo Uooooooo Uooooooo UNNNNNNN"},
	{"PATCH /api/v1/departments/{obj}", "dept", `{"name_kana":"かな"}`, "UFFFFoFF UFFFFoFF UFFFFoFF UFFFFNFF"},
	{"DELETE /api/v1/departments/{obj}", "emptydept", "", "UFFFFnFF UFFFFNFF"},

	{"GET /api/v1/employees", "", "", "Uooooooo"},
	{"POST /api/v1/employees", "", `{"employee_number":"N-{n}","email":"n{n}@new.example","family_name":"新規","given_name":"職員","department_id":"{mydept}"}`, "UFFFFcFF"},
	{"POST /api/v1/employees/import", "", "職員番号,姓,名,メールアドレス,所属コード\r\nC-{n},取込,職員,c{n}@import.example,{mydeptcode}\r\n", "UFFFFcFF"},
	{"GET /api/v1/employees/{obj}", "person", "", "Uooooooo UNoNooNN UNNNooNN UNNNNNNN"},
	{"PATCH /api/v1/employees/{obj}", "person", `{"has_remote_pc":true}`, "UFFFFoFF UFFFFoFF UFFFFoFF UFFFFNFF"},
	{"GET /api/v1/employees/{obj}/assignments", "person", "", "Uooooooo UNoNooNN UNNNooNN UNNNNNNN"},
	{"POST /api/v1/employees/{obj}/transfers", "person", `{"department_id":"{todept}","effective_from":"{tofrom}"}`, "UFFFccFF UFFFccFF UFFFccFF UFFFNNFF"},
	{"PATCH /api/v1/employees/{obj}/transfers/{sub}", "transfer", `{"note":"内示"}`, "UFFFooFF UFFFooFF UFFFooFF UFFFNNFF"},
	{"DELETE /api/v1/employees/{obj}/transfers/{sub}", "transfer", "", "UFFFnnFF UFFFnnFF UFFFnnFF UFFFNNFF"},
	{"GET /api/v1/employees/{obj}/staff-records", "person", "", "Uooooooo UNNNoNNN UNNNoNNN UNNNNNNN"},
	// Another organisation's person is not found here, as on every route, not a field error (it was 422).
	{"PUT /api/v1/employees/{obj}/staff-records/{sub}", "record", `{"hire_date":"2010-04-01","employment_type":"regular"}`, "UFFFoFFF UFFFoFFF UFFFoFFF UFFFNFFF"},
	{"DELETE /api/v1/employees/{obj}/staff-records/{sub}", "record", "", "UFFFnFFF UFFFnFFF UFFFnFFF UFFFNFFF"},
	{"GET /api/v1/me/staff-records", "", "", "Uooooooo"},
	{"POST /api/v1/staff-records/import?dry_run=true", "", "職員番号,適用開始日,採用日,任用形態\r\n{mynum},2027/04/01,2010/04/01,正規\r\n", "UFFFoFFF"},

	{"GET /api/v1/me/family-members", "", "", "Uooooooo"},
	{"POST /api/v1/me/family-members", "", `{"relation":"child","name":"行列太郎","birth_date":"2020-06-01","cohabiting":true}`, "Uccccccc"},
	{"PATCH /api/v1/me/family-members/{sub}", "member", `{"cohabiting":true}`, "Uooooooo UNNNNNNN UNNNNNNN UNNNNNNN"},
	{"DELETE /api/v1/me/family-members/{sub}", "member", "", "Unnnnnnn UNNNNNNN UNNNNNNN UNNNNNNN"},
	{"GET /api/v1/employees/{obj}/family-members", "person", "", "Uooooooo UNNNoNNN UNNNoNNN UNNNNNNN"},
	// HR does not verify their own family (own: hr F); another HR officer does.
	{"POST /api/v1/employees/{obj}/family-members/{sub}/verify", "member", `{"note":"住民票で確認"}`, "UNNNFNNN UNNNoNNN UNNNoNNN UNNNNNNN"},
	{"GET /api/v1/family-members", "", "", "UFFFoFFF"},

	{"GET /api/v1/emergency-periods?from=2026-12-01&to=2027-12-31", "", "", "Uooooooo"},
	{"POST /api/v1/emergency-periods", "", `{"name":"大雪","kind":"disaster","starts_on":"2027-09-01","ends_on":"2027-09-02"}`, "UFFFcFFF"},
	{"PATCH /api/v1/emergency-periods/{obj}", "emergency", `{"ends_on":"2027-08-03"}`, "UFFFoFFF UFFFNFFF"},
	{"DELETE /api/v1/emergency-periods/{obj}", "emergency", "", "UFFFnFFF UFFFNFFF"},
	{"GET /api/v1/leave?from=2026-12-01&to=2026-12-31", "", "", "Uooooooo"},
	{"POST /api/v1/leave", "day", `{"days":[{"employee_id":"{obj}","date":"{sub}"}]}`, "UFFFoFFF UFFFoFFF UFFFoFFF UFFFVFFF"},
	{"POST /api/v1/leave/import", "day", "employee_number,date\r\n{num},{sub}\r\n", "UFFFoFFF UFFFoFFF UFFFoFFF UFFFVFFF"},
	{"DELETE /api/v1/leave/{obj}/{sub}", "leave", "", "UFFFnFFF UFFFnFFF UFFFnFFF UFFFNFFF"},
	{"GET /api/v1/attendance?from=2026-12-01&to=2026-12-31", "", "", "Uooooooo"},
	{"PUT /api/v1/attendance/{obj}/{sub}", "day", `{"location":"office","portion":"full","reason":"確認の結果"}`, "UFFFoFFF UFFFoFFF UFFFoFFF UFFFNFFF"},
	{"DELETE /api/v1/attendance/{obj}/{sub}/correction", "correction", "", "UFFFnFFF UFFFnFFF UFFFnFFF UFFFNFFF"},
	{"GET /api/v1/reports/attendance-ratio?from=2026-12-01&to=2026-12-31", "", "", "UFoFooFF"},
	{"GET /api/v1/reports/attendance-forecast", "", "", "UFoFooFF"},
	{"GET /api/v1/reports/occupancy?office_id={obj}&from=2026-12-01&to=2026-12-31", "office", "", "UFFFoFoF UFFFoFFN UNNNNNNF"},

	{"GET /api/v1/policies/telework", "", "", "Uooooooo"},
	{"GET /api/v1/policies/telework/versions", "", "", "Uooooooo"},
	{"POST /api/v1/policies/telework/versions", "", "{policy}", "UFFFcFFF"},
	{"POST /api/v1/policies/telework/validate", "", "{policy}", "Uooooooo"},
	{"POST /api/v1/policies/telework/simulate", "", `{"document":{policydoc},"cases":[{"employee_id":"{me}","dates":["2027-01-12"],"unit":"full","place":"home","reason":"general"}]}`, "UFFFoFFF"},
	{"GET /api/v1/policies/telework/reference", "", "", "Uooooooo"},

	{"POST /api/v1/telework-requests/preview", "", `{"dates":["{date}"],"unit":"full","place":"home","reason":"general"}`, "Uooooooo"},
	{"POST /api/v1/telework-requests", "", `{"dates":["{date}"],"unit":"full","place":"home","reason":"general"}`, "Uccccccc"},
	{"GET /api/v1/telework-requests", "", "", "Uooooooo"},
	{"GET /api/v1/telework-requests/{obj}", "req", "", "Uooooooo UNoooNNN UNNNoNNN UNNNNNNN"},
	{"PATCH /api/v1/telework-requests/{obj}", "returned", `{"dates":["{odate}"],"unit":"full","place":"home","reason":"general"}`, "Uooooooo UNNNNNNN UNNNNNNN UNNNNNNN"},
	// The deputy decides through the request's routes as through the task's (same department: dep o).
	{"POST /api/v1/telework-requests/{obj}/approve", "req", `{"comment":"承認します","confirm":true}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/telework-requests/{obj}/reject", "req", `{"comment":"見送ります"}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/telework-requests/{obj}/return", "req", `{"comment":"日付を確認してください"}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/telework-requests/{obj}/withdraw", "req", "", "Uooooooo UNFNFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/telework-requests/{obj}/cancel", "approved", "", "Uooooooo UNFNFNNN UNNNFNNN UNNNNNNN"},
	{"GET /api/v1/approvals", "", "", "Uooooooo"},
	{"POST /api/v1/approvals/bulk", "task", `{"items":[{"task_id":"{obj}","action":"approve"}]}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/approvals/{obj}/approve", "task", `{"confirm":true}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/approvals/{obj}/reject", "task", `{"comment":"見送ります"}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"POST /api/v1/approvals/{obj}/return", "task", `{"comment":"日付を確認してください"}`, "UFFFFFFF UNooFNNN UNNNFNNN UNNNNNNN"},
	{"GET /api/v1/delegations", "", "", "Uooooooo"},
	{"POST /api/v1/delegations", "person", `{"approver_id":"{obj}","deputy_id":"{deputy}","starts_on":"{dfrom}","ends_on":"{dto}"}`, "Uccccccc UFFFcFFF UFFFcFFF UFFFVFFF"},
	{"DELETE /api/v1/delegations/{obj}", "delegation", "", "Unnnnnnn UNNNnNNN UNNNnNNF UNNNNNNN"},
	{"GET /api/v1/notifications", "", "", "Uooooooo"},
	{"GET /api/v1/notifications/unread-count", "", "", "Uooooooo"},
	{"POST /api/v1/notifications/{obj}/read", "notification", "", "Uooooooo UNNNNNNN UNNNNNNN UNNNNNNN"},

	{"GET /api/v1/offices", "", "", "Uooooooo"},
	{"POST /api/v1/offices", "", `{"name":"新施設{n}"}`, "UFFFFcFF"},
	{"GET /api/v1/offices/{obj}", "office", "", "Uooooooo UooooooN UNNNNNNo"},
	{"PATCH /api/v1/offices/{obj}", "office", `{"address":"駅前2-2"}`, "UFFFFooF UFFFFoFN UNNNNNNF"},
	{"GET /api/v1/offices/{obj}/spaces", "office", "", "Uooooooo UooooooN UNNNNNNo"},
	{"POST /api/v1/offices/{obj}/spaces", "office", `{"name":"X-{n}","kind":"open_seat","capacity":1}`, "UFFFFccF UFFFFcFN UNNNNNNF"},
	{"GET /api/v1/offices/{obj}/availability?date=2026-12-02", "office", "", "Uooooooo UooooooN UNNNNNNo"},
	{"GET /api/v1/offices/{obj}/checkin-codes", "office", "", "UFFFFooF UFFFFoFN UNNNNNNF"},
	{"GET /api/v1/spaces/{obj}", "space", "", "Uooooooo UooooooN UNNNNNNo"},
	{"PATCH /api/v1/spaces/{obj}", "space", `{"zone":"窓側"}`, "UFFFFooF UFFFFoFN UNNNNNNF"},
	{"GET /api/v1/spaces/{obj}/checkin-code", "space", "", "UFFFFooF UFFFFoFN UNNNNNNF"},
	{"GET /api/v1/spaces/{obj}/qr.png", "space", "", "UFFFFooF UFFFFoFN UNNNNNNF"},
	{"POST /api/v1/spaces/{obj}/checkin-code/rotate", "space", "", "UFFFFooF UFFFFoFN UNNNNNNF"},

	{"GET /api/v1/bookings", "", "", "Uooooooo"},
	{"POST /api/v1/bookings", "", `{"space_id":"{seat}","start":"{start}","end":"{end}"}`, "Uccccccc"},
	{"GET /api/v1/bookings/{obj}", "booking", "", "Uooooooo UNNNoooN UNNNoooN UNNNNooN"},
	{"PATCH /api/v1/bookings/{obj}", "booking", `{"start":"{ostart}","end":"{oend}"}`, "Uooooooo UNNNFFFN UNNNFFFN UNNNNFFN"},
	{"POST /api/v1/bookings/{obj}/cancel", "booking", "", "Uooooooo UNNNFooN UNNNFooN UNNNNooN"},
	{"POST /api/v1/check-in", "checkin", `{"code":"{sub}"}`, "Uooooooo UCCCCCCC UCCCCCCC UCCCCCCC"},
	{"POST /api/v1/bookings/{obj}/check-out", "checkin", "", "Uooooooo UNNNFCFN UNNNFFCN UNNNNFFN"},
	{"GET /api/v1/booking-series", "", "", "Uooooooo"},
	{"POST /api/v1/booking-series", "", `{"space_id":"{myseat}","weekdays":["sunday"],"start_time":"10:00","end_time":"11:00","from":"2027-03-01","until":"2027-03-31"}`, "Uccccccc"},
	{"POST /api/v1/booking-series/{obj}/cancel", "series", "", "Uooooooo UNNNNNNN UNNNNNNN UNNNNNNN"},
	{"GET /api/v1/me/calendar-feed", "", "", "Uooooooo"},
	{"POST /api/v1/me/calendar-feed", "", "", "Uccccccc"},
	{"GET /api/v1/calendar/{obj}", "feed", "", "oooooooo NNNNNNNN"},
	{"DELETE /api/v1/me/calendar-feed", "", "", "Unnnnnnn"},

	// Last: they end sessions (the columns sign in again after them).
	{"POST /api/v1/me/password", "", `{"current_password":"` + testPassword + `","new_password":"` + testPassword + `"}`, "Unnnnnnn"},
	{"POST /api/v1/employees/{obj}/password", "person", `{"password":"` + testPassword + `"}`, "UFFFFnFF UFFFFnFF UFFFFnFF UFFFFNFF"},
	{"POST /api/v1/auth/logout", "", "", "nnnnnnnn"},
}

func TestAuthorizationMatrix(t *testing.T) {
	checkMatrixCoversTheContract(t, func(yield func(method, path string) bool) {
		for _, r := range matrixRows {
			m, p, _ := strings.Cut(r.op, " ")
			if !yield(m, p) {
				return
			}
		}
	})
	record := os.Getenv("KINMUCHI_MATRIX_RECORD") != ""
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		w := newMatrixWorld(t, e)
		cells := 0
		var recorded strings.Builder
		for _, r := range matrixRows {
			groups := w.groups(r.kind)
			want := strings.Fields(r.want)
			if !record && (len(want) != len(groups)) {
				t.Errorf("%s: %d groups of statuses, want %d (%v)", r.op, len(want), len(groups), groups)
				continue
			}
			got := make([][]byte, len(groups))
			for g := range groups {
				got[g] = []byte(strings.Repeat("?", len(matrixActors)))
			}
			for i, actor := range matrixActors {
				for g := range groups {
					expect := 0
					if !record {
						if len(want[g]) != len(matrixActors) {
							t.Fatalf("%s: group %q has not one letter per column", r.op, want[g])
						}
						expect = matrixCodes[want[g][i]]
					}
					fresh := !matrixShared[r.kind] && !strings.HasPrefix(r.op, "GET ") && (record || expect/100 == 2)
					status, body := w.cell(r, actor, groups[g], fresh)
					cells++
					got[g][i] = matrixLetter(status)
					if !record && status != expect {
						t.Errorf("%s as %s on %s: %d, want %d: %.300s", r.op, actor, groups[g], status, expect, body)
					}
				}
			}
			var gs []string
			for _, g := range got {
				gs = append(gs, string(g))
			}
			fmt.Fprintf(&recorded, "%-60s %-14s %s\n", r.op, r.kind, strings.Join(gs, " "))
			if strings.Contains(r.op, "password") || strings.Contains(r.op, "logout") {
				w.signInAgain()
			}
		}
		if record {
			t.Logf("recorded:\n%s", recorded.String())
		}
		t.Logf("authorization matrix: %d rows × %d actors, %d cells", len(matrixRows), len(matrixActors), cells)
	})
}

func matrixLetter(status int) byte {
	for l, s := range matrixCodes {
		if s == status {
			return l
		}
	}
	return '?'
}

// groups names the objects a kind's rows act on, in the order of their
// groups of statuses.
func (w *matrixWorld) groups(kind string) []string {
	switch kind {
	case "":
		return []string{"-"}
	case "emergency", "emptydept", "delivery":
		return []string{"own organisation", "other organisation"}
	case "office", "space":
		return []string{"shared", "private", "foreign"}
	case "feed":
		return []string{"live", "made-up"}
	}
	return []string{"own", "same department", "other department", "other organisation"}
}

// cell sends one operation as one column on one object.
func (w *matrixWorld) cell(r matrixRow, actor, group string, fresh bool) (int, []byte) {
	w.t.Helper()
	me := matrixPerson[actor]
	owner := ""
	switch group {
	case "own", "own organisation":
		owner = matrixRelatives[actor][0]
	case "same department":
		owner = matrixRelatives[actor][1]
	case "other department":
		owner = matrixRelatives[actor][2]
	case "other organisation":
		owner = matrixRelatives[actor][3]
	case "shared", "private", "foreign":
		owner = group
	}
	if group == "other organisation" && actor == "anon" {
		owner = "emp2"
	}
	var obj [2]string
	switch {
	case r.kind == "feed" && group == "live":
		obj = [2]string{w.feedFile}
	case r.kind == "feed":
		obj = [2]string{strings.Repeat("k", 43) + ".ics"}
	case r.kind != "":
		obj = w.object(r.kind, owner, fresh)
	}
	w.n++
	todept, tofrom := w.transferTarget(owner)
	deputy := w.deputyFor(owner)
	dfrom := time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*w.n)
	seat, start, end := "", "", ""
	if strings.Contains(r.body, "{start}") {
		seat, start, end = w.slot(me)
	}
	ostart, oend := "", ""
	if strings.Contains(r.body, "{ostart}") {
		ostart, oend = w.moveTo()
	}
	myseat := w.seat["private"]
	if w.org[me] == w.e.fx.beta {
		myseat = w.seat["foreign"]
	}
	date, odate := "", ""
	if strings.Contains(r.body, "{date}") {
		date = w.day(me)
	}
	if strings.Contains(r.body, "{odate}") {
		odate = w.day(owner)
	}
	email := w.email[me]
	if actor == "anon" {
		email = "nobody@alpha.example"
	}
	doc := matrixPolicy(fmt.Sprintf("draft-%d", w.n), "2027-04-01")
	policy := mustJSON(map[string]any{"document": doc})
	ph := strings.NewReplacer("{obj}", obj[0], "{sub}", obj[1], "{n}", fmt.Sprint(w.n), "{me}", w.id[me], "{mydept}", w.dept[me],
		"{mydeptcode}", w.deptCode(me), "{mynum}", w.e.employeeNumber(w.id[me]), "{num}", w.e.employeeNumber(w.id[owner]),
		"{todept}", todept, "{tofrom}", tofrom, "{deputy}", deputy, "{dfrom}", dfrom.Format(time.DateOnly),
		"{dto}", dfrom.AddDate(0, 0, 2).Format(time.DateOnly), "{seat}", seat, "{start}", start, "{end}", end,
		"{ostart}", ostart, "{oend}", oend, "{myseat}", myseat, "{date}", date, "{odate}", odate, "{email}", email,
		"{policy}", policy, "{policydoc}", mustJSON(doc))
	method, path, _ := strings.Cut(r.op, " ")
	rq := req{method: method, path: ph.Replace(path)}
	if actor != "anon" {
		rq.token = w.tokens[me]
	}
	if r.body != "" {
		rq.raw, rq.ctype = []byte(ph.Replace(r.body)), "application/json"
		if strings.Contains(r.op, "/import") {
			rq.ctype = "text/csv"
		}
	}
	got := w.e.do(rq)
	if strings.HasSuffix(path, "/bulk") && got.status == 200 {
		// A bulk decision answers 200 and gives each item its own status.
		if items := got.items(); len(items) == 1 {
			status, _ := items[0]["status"].(float64)
			return int(status), got.body
		}
	}
	return got.status, got.body
}
