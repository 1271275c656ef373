package api_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// The actors of the authorization matrix, in the order of its columns. The
// administrator comes last so that the changes they make (a deletion) follow
// everyone else's attempts.
var matrixActors = []string{"anon", "emp", "other", "sup", "head", "hr", "admin2", "admin"}

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

func TestAuthorizationMatrix(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		tokens := map[string]string{}
		for a, email := range actorEmails {
			tokens[a] = e.login(email)
		}
		// A department with nobody in it, for the administrator to delete.
		spare := e.do(req{method: "POST", path: "/api/v1/departments", token: tokens["admin"],
			body: map[string]any{"code": "800", "name": "空き課", "kind": "division"}}).must(t, 201).str("id")
		missing := models.NewID()

		const (
			newDept   = `{"code":"900","name":"新設課","kind":"division"}`
			newPerson = `{"employee_number":"N-{me}","email":"{me}@new.example","family_name":"新規","given_name":"職員","department_id":"{mydept}"}`
			password  = `{"password":"a brand new pass phrase"}`
			csvFile   = "職員番号,姓,名,メールアドレス,所属コード\r\nC-{me},取込,職員,{me}@import.example,100\r\n"
		)
		type row struct {
			method, path, body string
			want               [8]int // by matrixActors
		}
		rows := []row{
			// want: anon, emp, other, sup, head, hr, admin2, admin
			{"GET", "/api/v1/organization", "", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
			{"PATCH", "/api/v1/organization", `{"language":"ja"}`, [8]int{401, 403, 403, 403, 403, 403, 200, 200}},

			{"GET", "/api/v1/departments", "", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
			{"POST", "/api/v1/departments", newDept, [8]int{401, 403, 403, 403, 403, 403, 201, 201}},
			{"GET", "/api/v1/departments/{dAffairs}", "", [8]int{401, 200, 200, 200, 200, 200, 404, 200}},
			{"GET", "/api/v1/departments/{dBeta}", "", [8]int{401, 404, 404, 404, 404, 404, 200, 404}},
			{"GET", "/api/v1/departments/{missing}", "", [8]int{401, 404, 404, 404, 404, 404, 404, 404}},
			{"PATCH", "/api/v1/departments/{dAffairs}", `{"name_kana":"そうむか"}`, [8]int{401, 403, 403, 403, 403, 403, 404, 200}},
			{"PATCH", "/api/v1/departments/{dBeta}", `{"name_kana":"そうむか"}`, [8]int{401, 403, 403, 403, 403, 403, 200, 404}},
			{"DELETE", "/api/v1/departments/{dAffairs}", "", [8]int{401, 403, 403, 403, 403, 403, 404, 409}},
			{"DELETE", "/api/v1/departments/{dBeta}", "", [8]int{401, 403, 403, 403, 403, 403, 409, 404}},
			{"DELETE", "/api/v1/departments/{spare}", "", [8]int{401, 403, 403, 403, 403, 403, 404, 204}},

			{"GET", "/api/v1/employees", "", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
			{"POST", "/api/v1/employees", newPerson, [8]int{401, 403, 403, 403, 403, 403, 201, 201}},
			// Reading one person: themselves, their line, HR and administrators.
			{"GET", "/api/v1/employees/{emp}", "", [8]int{401, 200, 404, 200, 200, 200, 404, 200}},
			{"GET", "/api/v1/employees/{sup}", "", [8]int{401, 404, 404, 200, 200, 200, 404, 200}},
			{"GET", "/api/v1/employees/{head}", "", [8]int{401, 404, 404, 404, 200, 200, 404, 200}},
			{"GET", "/api/v1/employees/{hr}", "", [8]int{401, 404, 404, 404, 200, 200, 404, 200}}, // head heads hr's department
			{"GET", "/api/v1/employees/{other}", "", [8]int{401, 404, 200, 404, 404, 200, 404, 200}},
			{"GET", "/api/v1/employees/{emp2}", "", [8]int{401, 404, 404, 404, 404, 404, 200, 404}},
			{"GET", "/api/v1/employees/{missing}", "", [8]int{401, 404, 404, 404, 404, 404, 404, 404}},
			{"GET", "/api/v1/employees/not-an-id", "", [8]int{401, 404, 404, 404, 404, 404, 404, 404}},
			{"PATCH", "/api/v1/employees/{emp}", `{"has_remote_pc":true}`, [8]int{401, 403, 403, 403, 403, 403, 404, 200}},
			{"PATCH", "/api/v1/employees/{emp2}", `{"has_remote_pc":true}`, [8]int{401, 403, 403, 403, 403, 403, 200, 404}},
			{"POST", "/api/v1/employees/{emp}/password", password, [8]int{401, 403, 403, 403, 403, 403, 404, 204}},
			{"POST", "/api/v1/employees/{emp2}/password", password, [8]int{401, 403, 403, 403, 403, 403, 204, 404}},
			{"POST", "/api/v1/employees/import", csvFile, [8]int{401, 403, 403, 403, 403, 403, 201, 201}},

			{"GET", "/api/v1/audit-events", "", [8]int{401, 403, 403, 403, 403, 200, 200, 200}},
		}
		for _, r := range rows {
			for i, actor := range matrixActors {
				ph := e.placeholders(actor, map[string]string{"spare": spare, "missing": missing})
				rq := req{method: r.method, path: ph.Replace(r.path), token: tokens[actor]}
				if r.body != "" {
					rq.raw, rq.ctype = []byte(ph.Replace(r.body)), "application/json"
					if strings.HasSuffix(r.path, "/import") {
						rq.ctype = "text/csv"
					}
				}
				if got := e.do(rq); got.status != r.want[i] {
					t.Errorf("%s %s as %s: %d, want %d: %s", r.method, r.path, actor, got.status, r.want[i], got.body)
				}
			}
			if r.path == "/api/v1/employees/{emp}/password" {
				// The reset ended emp's sessions: sign in again with the new password.
				tokens["emp"] = e.do(req{method: "POST", path: "/api/v1/auth/login",
					body: map[string]string{"email": empEmail, "password": "a brand new pass phrase"}}).must(t, 200).str("access_token")
			}
		}
	})
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
