package api_test

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// badCase is one bad input: the request, as whom, and the answer it must get.
type badCase struct {
	name   string
	as     string // "admin", "hr", "emp", "sup" or "" (signed out)
	method string
	path   string
	body   string // JSON unless ctype says otherwise
	ctype  string
	status int
	typ    string
	field  string // a field the problem names ("" for none)
}

// storedTables are counted before and after: a refused request stores nothing.
var storedTables = []string{"departments", "employees", "organization_closing_days", "offices", "office_closed_days", "bookings",
	"family_members", "staff_days", "telework_requests", "delegations", "audit_events", "idempotency_keys", "login_throttles"}

// TestEveryBadInputIsRefusedAlikeOnBothDatabases: each bad input of issue 13
// answers 4xx problem+json, stores nothing, and gets the same status, type
// and field names on SQLite and PostgreSQL.
func TestEveryBadInputIsRefusedAlikeOnBothDatabases(t *testing.T) {
	utf8Cut := "職員番号,姓,名,メールアドレス,所属コード\r\nN700," + string([]byte("田中")[:4]) + ",太郎,n700@alpha.example,110\r\n"
	cases := []badCase{
		// JSON null where an object is required.
		{"null department", "admin", "POST", "/api/v1/departments", `null`, "", 400, "malformed-json", ""},
		{"null organisation patch", "admin", "PATCH", "/api/v1/organization", ` null `, "", 400, "malformed-json", ""},
		{"null booking", "emp", "POST", "/api/v1/bookings", `null`, "", 400, "malformed-json", ""},
		{"broken UTF-8 in JSON", "admin", "POST", "/api/v1/departments", "{\"code\":\"906\",\"name\":\"\xff課\",\"kind\":\"division\"}", "", 400, "malformed-json", ""},
		// Control characters in text fields.
		{"NUL in a name", "admin", "POST", "/api/v1/departments", `{"code":"900","name":"企画\u0000課","kind":"division"}`, "", 422, "validation-failed", "name"},
		{"ESC in a name", "admin", "POST", "/api/v1/departments", `{"code":"901","name":"\u001b[31m赤","kind":"division"}`, "", 422, "validation-failed", "name"},
		{"BEL in a code", "admin", "POST", "/api/v1/departments", `{"code":"90\u0007","name":"鐘","kind":"division"}`, "", 422, "validation-failed", "code"},
		{"C1 in a name", "admin", "POST", "/api/v1/departments", `{"code":"902","name":"課\u0085","kind":"division"}`, "", 422, "validation-failed", "name"},
		{"newline in a one-line name", "admin", "POST", "/api/v1/departments", `{"code":"903","name":"二行\n目","kind":"division"}`, "", 422, "validation-failed", "name"},
		{"tab in a one-line name", "admin", "POST", "/api/v1/employees", `{"employee_number":"N9","email":"tab@alpha.example","family_name":"山\t田","given_name":"花子","department_id":"{dAffairs}"}`, "", 422, "validation-failed", "family_name"},
		{"NUL in a multi-line note", "sup", "POST", "/api/v1/delegations", `{"deputy_id":"{other}","starts_on":"2026-12-01","ends_on":"2026-12-04","note":"a\u0000b"}`, "", 422, "validation-failed", "note"},
		{"NUL in a closing day's name", "admin", "PATCH", "/api/v1/organization", `{"closing_days":[{"date":"2027-04-01","name":"\u0000"}]}`, "", 422, "validation-failed", "closing_days[0].name"},
		{"NUL in a search", "admin", "GET", "/api/v1/employees?q=%00", "", "", 400, "invalid-parameter", "q"},
		{"ESC in a search", "admin", "GET", "/api/v1/departments?q=%1B", "", "", 400, "invalid-parameter", "q"},
		// Malformed ids in list filters.
		{"department_id filter", "admin", "GET", "/api/v1/employees?department_id=nope", "", "", 400, "invalid-parameter", "department_id"},
		{"supervisor_id filter", "admin", "GET", "/api/v1/employees?supervisor_id=1", "", "", 400, "invalid-parameter", "supervisor_id"},
		{"parent_id filter", "admin", "GET", "/api/v1/departments?parent_id=x'--", "", "", 400, "invalid-parameter", "parent_id"},
		{"actor_id filter", "admin", "GET", "/api/v1/audit-events?actor_id=abc", "", "", 400, "invalid-parameter", "actor_id"},
		{"target_id filter", "admin", "GET", "/api/v1/audit-events?target_id=abc", "", "", 400, "invalid-parameter", "target_id"},
		{"employee_id filter of requests", "hr", "GET", "/api/v1/telework-requests?employee_id=abc", "", "", 400, "invalid-parameter", "employee_id"},
		{"department_id filter of requests", "hr", "GET", "/api/v1/telework-requests?department_id=abc", "", "", 400, "invalid-parameter", "department_id"},
		{"employee_id filter of leave", "hr", "GET", "/api/v1/leave?employee_id=abc", "", "", 400, "invalid-parameter", "employee_id"},
		{"office_id filter of bookings", "emp", "GET", "/api/v1/bookings?office_id=abc", "", "", 400, "invalid-parameter", "office_id"},
		{"malformed id in a leave path", "hr", "DELETE", "/api/v1/leave/abc/2026-12-01", "", "", 404, "not-found", ""},
		{"malformed date in a leave path", "hr", "DELETE", "/api/v1/leave/{emp}/0000-01-01", "", "", 404, "not-found", ""},
		// Dates outside 1900-2199.
		{"closing day in year 0", "admin", "PATCH", "/api/v1/organization", `{"closing_days":[{"date":"0000-01-01","name":"紀元"}]}`, "", 422, "validation-failed", "closing_days[0].date"},
		{"closing day in 1899", "admin", "PATCH", "/api/v1/organization", `{"closing_days":[{"date":"1899-12-31","name":"昔"}]}`, "", 422, "validation-failed", "closing_days[0].date"},
		{"closing day in 2200", "admin", "PATCH", "/api/v1/organization", `{"closing_days":[{"date":"2200-01-01","name":"先"}]}`, "", 422, "validation-failed", "closing_days[0].date"},
		{"office closed day in year 0", "admin", "POST", "/api/v1/offices", `{"name":"零年支所","closed_days":[{"date":"0000-01-01","name":"x"}]}`, "", 422, "validation-failed", "closed_days[0].date"},
		{"birth date in year 0", "emp", "POST", "/api/v1/me/family-members", `{"relation":"child","name":"山田花子","birth_date":"0000-01-01","cohabiting":true}`, "", 422, "validation-failed", "birth_date"},
		{"leave in year 1", "hr", "POST", "/api/v1/leave", `{"days":[{"employee_id":"{emp}","date":"0001-01-01"}]}`, "", 422, "validation-failed", ""},
		{"delegation from year 0", "sup", "POST", "/api/v1/delegations", `{"deputy_id":"{other}","starts_on":"0000-01-01","ends_on":"2026-12-04"}`, "", 422, "validation-failed", ""},
		{"telework in year 9999", "emp", "POST", "/api/v1/telework-requests", `{"dates":["9999-12-31"],"unit":"full","place":"home","reason":"general"}`, "", 422, "validation-failed", ""},
		{"booking in year 0", "emp", "POST", "/api/v1/bookings", `{"space_id":"{emp}","start":"0000-01-01T09:00:00Z","end":"0000-01-01T10:00:00Z"}`, "", 422, "validation-failed", "start"},
		{"audit from year 0", "admin", "GET", "/api/v1/audit-events?from=0000-01-01T00:00:00Z", "", "", 400, "invalid-parameter", "from"},
		{"requests from year 0", "hr", "GET", "/api/v1/telework-requests?from=0000-01-01", "", "", 422, "validation-failed", "from"},
		{"leave to year 10000", "hr", "GET", "/api/v1/leave?to=10000-01-01", "", "", 422, "validation-failed", "to"},
		// Kana readings.
		{"a reading in latin letters", "admin", "POST", "/api/v1/employees", `{"employee_number":"N10","email":"kana@alpha.example","family_name":"山田","given_name":"花子","family_name_kana":"Yamada","department_id":"{dAffairs}"}`, "", 422, "validation-failed", "family_name_kana"},
		{"a reading in kanji", "admin", "PATCH", "/api/v1/employees/{emp}", `{"given_name_kana":"太郎"}`, "", 422, "validation-failed", "given_name_kana"},
		{"a department reading in latin letters", "admin", "POST", "/api/v1/departments", `{"code":"904","name":"企画課","name_kana":"kikaku","kind":"division"}`, "", 422, "validation-failed", "name_kana"},
		// CSV imports.
		{"UTF-8 import with a cut-off character", "admin", "POST", "/api/v1/employees/import", utf8Cut, "text/csv", 422, "validation-failed", "rows[2].columns[2]"},
		{"import with a stray FF FE", "admin", "POST", "/api/v1/employees/import", "\xFF\xFE職員番号,姓,名,メールアドレス,所属コード\r\nN701,山田,花子,n701@alpha.example,110\r\n", "text/csv", 422, "validation-failed", ""},
		{"import with a lone FF FE", "admin", "POST", "/api/v1/employees/import", "\xFF\xFE", "text/csv", 422, "validation-failed", ""},
		{"import with NUL in a cell", "admin", "POST", "/api/v1/employees/import", "職員番号,姓,名,メールアドレス,所属コード\r\nN702,山\x00田,花子,n702@alpha.example,110\r\n", "text/csv", 422, "validation-failed", "rows[2].columns[2]"},
		{"import of a reading in latin letters", "admin", "POST", "/api/v1/employees/import", "職員番号,姓,名,セイ,メールアドレス,所属コード\r\nN703,山田,花子,Yamada,n703@alpha.example,110\r\n", "text/csv", 422, "validation-failed", "rows[2].family_name_kana"},
		{"leave import with a stray FF FE", "hr", "POST", "/api/v1/leave/import", "\xFF\xFEemployee_number,date\r\nE05,2026-12-07\r\n", "text/csv", 422, "validation-failed", ""},
		{"leave import of UTF-16 without its BOM", "hr", "POST", "/api/v1/leave/import", "e\x00m\x00p\x00,\x00d\x00\r\x00\n\x00", "text/csv", 422, "validation-failed", ""},
		// Unknown URLs are 404 whatever the method.
		{"POST to an unknown URL", "admin", "POST", "/api/v1/no-such-thing", `{}`, "", 404, "route-not-found", ""},
		{"DELETE to an unknown URL", "admin", "DELETE", "/api/v1/no-such-thing/x", "", "", 404, "route-not-found", ""},
	}
	var mu sync.Mutex
	answers := map[models.Dialect]map[string]string{}
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		tokens := map[string]string{"admin": e.login(adminEmail), "hr": e.login(hrEmail), "emp": e.login(empEmail), "sup": e.login(supEmail)}
		before := map[string]int64{}
		for _, tbl := range storedTables {
			before[tbl] = e.count(tbl)
		}
		got := map[string]string{}
		ph := e.placeholders("", nil)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				rq := req{method: c.method, path: ph.Replace(c.path), token: tokens[c.as]}
				if c.body != "" {
					rq.raw, rq.ctype = []byte(ph.Replace(c.body)), c.ctype
					if rq.ctype == "" {
						rq.ctype = "application/json"
					}
				}
				r := e.do(rq)
				fields := problemFields(r)
				got[c.name] = fmt.Sprintf("%d %s %v", r.status, r.str("type"), fields)
				if r.status != c.status || r.str("type") != api.ProblemTypeBase+c.typ {
					t.Fatalf("answered %d %s, want %d %s: %s", r.status, r.str("type"), c.status, c.typ, r.body)
				}
				if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
					t.Fatalf("content type %q", ct)
				}
				if r.str("detail") == "" {
					t.Fatalf("no detail: %s", r.body)
				}
				if c.field != "" && !slices.Contains(fields, c.field) {
					t.Fatalf("the problem does not name %s: %s", c.field, r.body)
				}
			})
		}
		for _, tbl := range storedTables {
			if n := e.count(tbl); n != before[tbl] {
				t.Errorf("%s: %d rows, %d before: a refused request stored something", tbl, n, before[tbl])
			}
		}
		mu.Lock()
		answers[d] = got
		mu.Unlock()
	})
	if a, b := answers[models.SQLite], answers[models.Postgres]; a != nil && b != nil {
		for name, want := range a {
			if b[name] != want {
				t.Errorf("%s: SQLite answered %s, PostgreSQL %s", name, want, b[name])
			}
		}
	}
}

func problemFields(r *res) []string {
	var out []string
	errs, _ := r.json["errors"].([]any)
	for _, fe := range errs {
		if f, ok := fe.(map[string]any)["field"].(string); ok {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// TestReadingsBecomeFullWidthKatakana: hiragana and half-width kana are
// converted through the API (employees and departments) and the CSV import.
func TestReadingsBecomeFullWidthKatakana(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		r := e.do(req{method: "POST", path: "/api/v1/employees", token: admin, body: map[string]any{"employee_number": "K1", "email": "k1@alpha.example",
			"family_name": "山田", "given_name": "花子", "family_name_kana": "やまだ", "given_name_kana": "ﾊﾅｺ", "department_id": e.fx.dAffairs}}).must(t, 201)
		if r.str("family_name_kana") != "ヤマダ" || r.str("given_name_kana") != "ハナコ" {
			t.Fatalf("readings %q %q", r.str("family_name_kana"), r.str("given_name_kana"))
		}
		r = e.do(req{method: "PATCH", path: "/api/v1/employees/" + r.str("id"), token: admin, body: map[string]any{"given_name_kana": "ﾊﾟﾄﾘｼｱ"}}).must(t, 200)
		if r.str("given_name_kana") != "パトリシア" {
			t.Fatalf("reading %q", r.str("given_name_kana"))
		}
		r = e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: map[string]any{"code": "905", "name": "企画課", "name_kana": "きかくか", "kind": "division"}}).must(t, 201)
		if r.str("name_kana") != "キカクカ" {
			t.Fatalf("department reading %q", r.str("name_kana"))
		}
		csv := "職員番号,姓,名,セイ,メイ,メールアドレス,所属コード\r\nK2,鈴木,一郎,すずき,ｲﾁﾛｳ,k2@alpha.example,110\r\n"
		e.do(req{method: "POST", path: "/api/v1/employees/import", token: admin, raw: []byte(csv), ctype: "text/csv"}).must(t, 201)
		r = e.do(req{method: "GET", path: "/api/v1/employees?q=" + "鈴木", token: admin}).must(t, 200)
		items := r.items()
		if len(items) != 1 || items[0]["family_name_kana"] != "スズキ" || items[0]["given_name_kana"] != "イチロウ" {
			t.Fatalf("imported readings: %s", r.body)
		}
		// Tabs and line breaks stay allowed where text may span lines.
		e.do(req{method: "POST", path: "/api/v1/delegations", token: e.login(supEmail), body: map[string]any{"deputy_id": e.fx.other,
			"starts_on": "2026-12-01", "ends_on": "2026-12-04", "note": "出張のため\n\t12/1〜12/4"}}).must(t, 201)
	})
}

// TestExcelUnicodeTextImports: Excel's "Unicode text" (UTF-16LE with a BOM,
// tab-separated) imports like a CSV, and Shift_JIS still does.
func TestExcelUnicodeTextImports(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		tsv := "職員番号\t姓\t名\tメールアドレス\t所属コード\r\nU1\t渡邉\t葵\tu1@alpha.example\t110\r\n"
		utf16, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), []byte(tsv))
		if err != nil {
			t.Fatal(err)
		}
		r := e.do(req{method: "POST", path: "/api/v1/employees/import", token: admin, raw: utf16, ctype: "text/csv"}).must(t, 201)
		if r.str("encoding") != "utf-16le" || r.json["created"] != float64(1) {
			t.Fatalf("%s", r.body)
		}
		sjis, _, err := transform.Bytes(japanese.ShiftJIS.NewEncoder(), []byte("職員番号,姓,名,メールアドレス,所属コード\r\nU2,渡邉,あい,u2@alpha.example,110\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		r = e.do(req{method: "POST", path: "/api/v1/employees/import", token: admin, raw: sjis, ctype: "text/csv"}).must(t, 201)
		if r.str("encoding") != "shift_jis" {
			t.Fatalf("%s", r.body)
		}
		r = e.do(req{method: "GET", path: "/api/v1/employees?q=渡邉", token: admin}).must(t, 200)
		if len(r.items()) != 2 {
			t.Fatalf("imported: %s", r.body)
		}
	})
}

// TestMalformedIdsInEveryRouteAnswerBelow500: every route with a path
// parameter, called with a malformed id (and with a control character) by an
// administrator, answers a 4xx on both databases, never a 500.
func TestMalformedIdsInEveryRouteAnswerBelow500(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		tokens := []string{e.login(adminEmail), e.login(hrEmail)}
		tried := 0
		for _, rt := range e.srv.Echo().Routes() {
			if !strings.Contains(rt.Path, ":") {
				continue
			}
			for _, bad := range []string{"abc", "1%27%20OR%201=1", "%00", "01a22000-0000-7000-8000-00000000000"} {
				path := regexp.MustCompile(`:[a-z_]+`).ReplaceAllString(rt.Path, bad)
				for _, tok := range tokens {
					hr := httptest.NewRequest(rt.Method, path, strings.NewReader(`{}`))
					hr.Header.Set("Content-Type", "application/json")
					hr.Header.Set("Authorization", "Bearer "+tok)
					rec := httptest.NewRecorder()
					e.srv.Handler().ServeHTTP(rec, hr)
					if rec.Code >= 500 {
						t.Errorf("%s %s answered %d: %s", rt.Method, path, rec.Code, rec.Body)
					}
					tried++
				}
			}
		}
		if tried == 0 {
			t.Fatal("no route with a path parameter")
		}
	})
}

// TestOddValuesInEveryQueryAnswerBelow500: every query parameter the contract
// documents, given odd values, answers below 500 on both databases.
func TestOddValuesInEveryQueryAnswerBelow500(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		tokens := []string{e.login(adminEmail), e.login(hrEmail)}
		tried := 0
		for path, item := range doc.Paths.Map() {
			if item.Get == nil || strings.Contains(path, "{") {
				continue
			}
			params := append(append(openapi3.Parameters{}, item.Parameters...), item.Get.Parameters...)
			for _, p := range params {
				if p.Value == nil || p.Value.In != "query" {
					continue
				}
				for _, odd := range []string{"abc", "%00", "0000-01-01", "-1", "99999999999999999999", "%27%3B--", "2026-13-45T99:99:99Z"} {
					for _, tok := range tokens {
						hr := httptest.NewRequest("GET", path+"?"+p.Value.Name+"="+odd, nil)
						hr.Header.Set("Authorization", "Bearer "+tok)
						rec := httptest.NewRecorder()
						e.srv.Handler().ServeHTTP(rec, hr)
						if rec.Code >= 500 {
							t.Errorf("GET %s?%s=%s answered %d: %s", path, p.Value.Name, odd, rec.Code, rec.Body)
						}
						tried++
					}
				}
			}
		}
		if tried == 0 {
			t.Fatal("no query parameter in the contract")
		}
	})
}
