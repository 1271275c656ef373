package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// Passwords the audit trail must never hold.
const (
	initialPassword = "first day at the town hall"
	setPassword     = "reset by the administrator"
	changedPassword = "chosen by myself at last"
	typoPassword    = "almost my real password"
)

// auditCase is one change and the audit event it must leave.
type auditCase struct {
	name       string
	as         string // who sends it (actorEmails key); "" for the sign-in routes
	method     string
	path, body string // {placeholders} resolved as in the authorization matrix
	status     int
	save       map[string]string // placeholder ← key of the JSON answer
	action     string
	actor      string         // placeholder of the acting employee; "" when nobody is signed in
	target     string         // placeholder of the target
	before     map[string]any // members the before value must have; nil: it must be null
	after      map[string]any // likewise for after
}

// walk reads every page of a list.
func (e *env) walk(path, token string) []map[string]any {
	e.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var out []map[string]any
	next := ""
	for range 100 {
		p := path
		if next != "" {
			p += sep + "cursor=" + next
		}
		r := e.do(req{method: "GET", path: p, token: token}).must(e.t, 200)
		out = append(out, r.items()...)
		next, _ = r.json["next_cursor"].(string)
		if next == "" {
			return out
		}
	}
	e.t.Fatal("the list does not end")
	return nil
}

// checkMembers compares a stored before/after value with the expectation.
func checkMembers(t *testing.T, what string, stored models.JSON, want map[string]any, ph *strings.Replacer) {
	t.Helper()
	if want == nil {
		if stored != nil && string(stored) != "null" {
			t.Errorf("%s = %s, want null", what, stored)
		}
		return
	}
	var got map[string]any
	if err := json.Unmarshal(stored, &got); err != nil {
		t.Fatalf("%s = %s: %v", what, stored, err)
	}
	for k, v := range want {
		if s, ok := v.(string); ok {
			v = ph.Replace(s)
		}
		if !sameJSON(got[k], v) {
			t.Errorf("%s.%s = %s, want %s", what, k, mustJSON(got[k]), mustJSON(v))
		}
	}
}

func TestEveryChangeIsAuditedWithoutSecrets(t *testing.T) {
	cases := []auditCase{
		{name: "create department", as: "admin", method: "POST", path: "/api/v1/departments", body: `{"code":"500","name":"企画課","kind":"division"}`,
			status: 201, save: map[string]string{"dept": "id"}, action: "department.create", actor: "{admin}", target: "{dept}",
			after: map[string]any{"code": "500", "name": "企画課", "kind": "division"}},
		{name: "update department", as: "admin", method: "PATCH", path: "/api/v1/departments/{dept}", body: `{"name":"企画政策課"}`,
			status: 200, action: "department.update", actor: "{admin}", target: "{dept}",
			before: map[string]any{"name": "企画課"}, after: map[string]any{"name": "企画政策課", "code": "500"}},
		{name: "delete department", as: "admin", method: "DELETE", path: "/api/v1/departments/{dept}",
			status: 204, action: "department.delete", actor: "{admin}", target: "{dept}",
			before: map[string]any{"name": "企画政策課", "code": "500"}},
		{name: "create employee", as: "admin", method: "POST", path: "/api/v1/employees",
			body: `{"employee_number":"N500","email":"new@alpha.example","family_name":"新人","given_name":"花子",` +
				`"department_id":"{dAffairs}","supervisor_id":"{sup}","password":"` + initialPassword + `"}`,
			status: 201, save: map[string]string{"new": "id"}, action: "employee.create", actor: "{admin}", target: "{new}",
			after: map[string]any{"email": "new@alpha.example", "supervisor_id": "{sup}", "active": true, "roles": []string{"employee"}}},
		{name: "update employee", as: "admin", method: "PATCH", path: "/api/v1/employees/{new}", body: `{"has_remote_pc":true}`,
			status: 200, action: "employee.update", actor: "{admin}", target: "{new}",
			before: map[string]any{"has_remote_pc": false}, after: map[string]any{"has_remote_pc": true, "email": "new@alpha.example"}},
		{name: "set password", as: "admin", method: "POST", path: "/api/v1/employees/{new}/password", body: `{"password":"` + setPassword + `"}`,
			status: 204, action: "employee.set_password", actor: "{admin}", target: "{new}"},
		{name: "deactivate employee", as: "admin", method: "PATCH", path: "/api/v1/employees/{new}", body: `{"active":false}`,
			status: 200, action: "employee.deactivate", actor: "{admin}", target: "{new}",
			before: map[string]any{"active": true}, after: map[string]any{"active": false}},
		{name: "update organisation", as: "admin", method: "PATCH", path: "/api/v1/organization",
			body:   `{"name":"アルファ市","closing_days":[{"date":"2027-04-01","name":"市制記念日"}]}`,
			status: 200, action: "organization.update", actor: "{admin}", target: "{alpha}",
			before: map[string]any{"name": "アルファ町", "closing_days": []string{}}, after: map[string]any{"name": "アルファ市", "closing_days": []string{"2027-04-01"}}},
		{name: "failed sign-in", method: "POST", path: "/api/v1/auth/login", body: `{"email":"emp@alpha.example","password":"` + typoPassword + `"}`,
			status: 401, action: "auth.login_failed", target: "{emp}"},
		{name: "sign-in", method: "POST", path: "/api/v1/auth/login", body: `{"email":"emp@alpha.example","password":"` + testPassword + `"}`,
			status: 200, save: map[string]string{"refresh": "refresh_token", "access": "access_token"}, action: "auth.login", actor: "{emp}", target: "{emp}"},
		{name: "sign-out", method: "POST", path: "/api/v1/auth/logout", body: `{"refresh_token":"{refresh}"}`,
			status: 204, action: "auth.logout", actor: "{emp}", target: "{emp}"},
		{name: "import", as: "admin", method: "POST", path: "/api/v1/employees/import",
			body:   "職員番号,姓,名,メールアドレス,所属コード\r\nN600,取込,太郎,n600@alpha.example,110\r\n",
			status: 201, action: "employee.import", actor: "{admin}", target: "{alpha}",
			after: map[string]any{"rows": 1, "created": 1, "updated": 0, "encoding": "utf-8"}},
		{name: "change own password", as: "other", method: "POST", path: "/api/v1/me/password",
			body:   `{"current_password":"` + testPassword + `","new_password":"` + changedPassword + `"}`,
			status: 204, action: "employee.change_password", actor: "{other}", target: "{other}"},
	}
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		tokens := map[string]string{"admin": e.login(adminEmail), "other": e.login(otherEmail)}
		saved := map[string]string{}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ph := e.placeholders(c.as, saved)
				rq := req{method: c.method, path: ph.Replace(c.path), token: tokens[c.as]}
				if c.body != "" {
					rq.raw, rq.ctype = []byte(ph.Replace(c.body)), "application/json"
					if strings.HasSuffix(c.path, "/import") {
						rq.ctype = "text/csv"
					}
				}
				r := e.do(rq).must(t, c.status)
				for name, key := range c.save {
					saved[name] = r.str(key)
				}
				ph = e.placeholders(c.as, saved)

				rid := r.header.Get("X-Request-ID")
				var evs []models.AuditEvent
				if err := e.db.Gorm.Where("request_id = ? AND action = ?", rid, c.action).Find(&evs).Error; err != nil {
					t.Fatal(err)
				}
				if rid == "" || len(evs) != 1 {
					t.Fatalf("%d %s events for request %q, want 1", len(evs), c.action, rid)
				}
				ev := evs[0]
				actor := ""
				if ev.ActorID != nil {
					actor = *ev.ActorID
				}
				if ev.OrganizationID == nil || *ev.OrganizationID != e.fx.alpha || actor != ph.Replace(c.actor) ||
					ev.TargetID != ph.Replace(c.target) || ev.ClientIP != "192.0.2.10" {
					t.Errorf("event %+v: want organisation %s, actor %q, target %s", ev, e.fx.alpha, ph.Replace(c.actor), ph.Replace(c.target))
				}
				checkMembers(t, "before", ev.Before, c.before, ph)
				checkMembers(t, "after", ev.After, c.after, ph)
			})
		}

		secrets := []string{testPassword, initialPassword, setPassword, changedPassword, typoPassword, "argon2id", `"password_hash"`,
			saved["refresh"], saved["access"], tokens["admin"], tokens["other"]}
		var all []models.AuditEvent
		if err := e.db.Gorm.Find(&all).Error; err != nil {
			t.Fatal(err)
		}
		for _, ev := range all {
			text := string(ev.Before) + string(ev.After)
			for _, s := range secrets {
				if s != "" && strings.Contains(text, s) {
					t.Errorf("audit event %s (%s) holds a secret %q: %s", ev.ID, ev.Action, s, text)
				}
			}
		}
	})
}

func TestAuditTrailIsReadByHRAndAdminWithFilters(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		fx := e.fx
		admin, hr := e.login(adminEmail), e.login(hrEmail)
		for _, c := range []struct {
			id   string
			body map[string]any
		}{
			{fx.emp, map[string]any{"has_remote_pc": true}},
			{fx.emp, map[string]any{"has_remote_pc": false}},
			{fx.other, map[string]any{"has_remote_pc": true}},
		} {
			e.do(req{method: "PATCH", path: "/api/v1/employees/" + c.id, token: admin, body: c.body}).must(t, 200)
		}
		ids := func(items []map[string]any) []string {
			var out []string
			for _, it := range items {
				out = append(out, it["id"].(string))
			}
			return out
		}
		orgEvents := func(orgID string) int {
			var n int64
			e.db.Gorm.Model(&models.AuditEvent{}).Where("organization_id = ?", orgID).Count(&n)
			return int(n)
		}

		for _, reader := range []string{hr, admin} {
			updates := e.walk("/api/v1/audit-events?action=employee.update", reader)
			if len(updates) != 3 {
				t.Fatalf("%d employee.update events, want 3", len(updates))
			}
			mine := e.walk("/api/v1/audit-events?action=employee.update&target_id="+fx.emp, reader)
			if len(mine) != 2 || mine[0]["target_id"] != fx.emp || mine[0]["actor_id"] != fx.admin {
				t.Fatalf("filtered by target: %v", mine)
			}
			if mine[0]["actor_name"] != "管理 太郎" {
				t.Fatalf("the event names its actor %v, want 管理 太郎", mine[0]["actor_name"])
			}
			// Page by page, every event of the organisation once: newest
			// first by default, oldest first with order=asc.
			paged := ids(e.walk("/api/v1/audit-events?limit=2", reader))
			if len(paged) != orgEvents(fx.alpha) || !slices.IsSortedFunc(paged, func(a, b string) int { return strings.Compare(b, a) }) ||
				len(slices.Compact(slices.Clone(paged))) != len(paged) {
				t.Fatalf("paging saw %d events (%d in the organisation), want newest first: %v", len(paged), orgEvents(fx.alpha), paged)
			}
			asc := ids(e.walk("/api/v1/audit-events?limit=2&order=asc", reader))
			if len(asc) != len(paged) || !slices.IsSorted(asc) {
				t.Fatalf("order=asc: %v", asc)
			}
		}
		// Another organisation's administrator sees only their own trail.
		if got := len(e.walk("/api/v1/audit-events?limit=200", e.login(admin2Email))); got != orgEvents(fx.beta) {
			t.Fatalf("admin2 sees %d events, beta has %d", got, orgEvents(fx.beta))
		}
		if got := e.walk("/api/v1/audit-events?target_id="+fx.emp, e.login(admin2Email)); len(got) != 0 {
			t.Fatalf("admin2 sees alpha's events: %v", got)
		}
		e.do(req{method: "GET", path: "/api/v1/audit-events", token: e.login(empEmail)}).must(t, 403)
		e.do(req{method: "GET", path: "/api/v1/audit-events?from=yesterday", token: hr}).must(t, 400)
	})
}

func TestHRVerifiesTheAuditTrailAndSeesWhereItBreaks(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		fx := e.fx
		admin, hr := e.login(adminEmail), e.login(hrEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + fx.emp, token: admin, body: map[string]any{"has_remote_pc": true}}).must(t, 200)
		chain := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi",
			AuditKey: testAuditKey, CheckpointDir: e.dataDir}).AuditChain
		if _, err := chain.Seal(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, reader := range []string{hr, admin} {
			r := e.do(req{method: "GET", path: "/api/v1/audit-events/verify", token: reader}).must(t, 200)
			if r.json["verified"] != true || r.json["unsealed_rows"].(float64) != 0 || r.json["first_break"] != nil || r.json["checkpoints"].(float64) < 1 {
				t.Fatalf("a whole chain: %s", r.body)
			}
		}
		e.do(req{method: "GET", path: "/api/v1/audit-events/verify", token: e.login(empEmail)}).must(t, 403)
		e.do(req{method: "GET", path: "/api/v1/audit-events/verify", token: e.login(supEmail)}).must(t, 403)

		// Someone with SQL access edits what an administrator did.
		var target models.AuditEvent
		if err := e.db.Gorm.Where("organization_id = ? AND action = 'employee.update'", fx.alpha).Take(&target).Error; err != nil {
			t.Fatal(err)
		}
		if err := e.db.Gorm.Exec("UPDATE audit_events SET actor_id = NULL WHERE id = ?", target.ID).Error; err != nil {
			t.Fatal(err)
		}
		r := e.do(req{method: "GET", path: "/api/v1/audit-events/verify", token: hr, headers: map[string]string{"Accept-Language": "en"}}).must(t, 200)
		br, _ := r.json["first_break"].(map[string]any)
		if r.json["verified"] != false || br == nil || br["audit_event_id"] != target.ID || br["reason"] != "row_altered" ||
			br["position"].(float64) != float64(*target.ChainPosition) || !strings.Contains(r.json["summary"].(string), "breaks at position") {
			t.Fatalf("the altered row is not reported: %s", r.body)
		}
		// Another organisation's administrator learns where, not which row.
		r = e.do(req{method: "GET", path: "/api/v1/audit-events/verify", token: e.login(admin2Email)}).must(t, 200)
		if br, _ := r.json["first_break"].(map[string]any); br == nil || br["audit_event_id"] != nil {
			t.Fatalf("another organisation's row named: %s", r.body)
		}
	})
}
