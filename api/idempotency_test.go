package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
)

// crashingWriter stands for a process killed after the change committed and
// before any byte of the answer left: the first write aborts the handler, as
// a dead connection would, and nothing after it runs.
type crashingWriter struct{ h http.Header }

func (w *crashingWriter) Header() http.Header         { return w.h }
func (w *crashingWriter) Write([]byte) (int, error)   { panic(http.ErrAbortHandler) }
func (w *crashingWriter) WriteHeader(int)             { panic(http.ErrAbortHandler) }
func (w *crashingWriter) Flush()                      {}
func (w *crashingWriter) Unwrap() http.ResponseWriter { return nil }

// crash sends r to srv and loses the answer as a killed process would.
func (e *env) crash(srv *api.Server, r req) {
	e.t.Helper()
	hr := httptest.NewRequest(r.method, r.path, bytes.NewReader(r.raw))
	hr.RemoteAddr = "192.0.2.10:50000"
	hr.Header.Set("Content-Type", r.ctype)
	hr.Header.Set("Authorization", "Bearer "+r.token)
	for k, v := range r.headers {
		hr.Header.Set(k, v)
	}
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			e.t.Fatalf("the request did not reach its answer (%v)", p)
		}
	}()
	srv.Handler().ServeHTTP(&crashingWriter{h: http.Header{}}, hr)
}

// TestEveryCreatingPostReplaysItsOutcomeAfterACrash: for every route with an
// Idempotency-Key, the first answer is lost as in a crash between commit and
// answer; the retry, on a restarted server, answers the original status and
// exactly the body a normal answer would have had, and nothing is created twice.
func TestEveryCreatingPostReplaysItsOutcomeAfterACrash(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, hr, emp, sup := e.login(adminEmail), e.login(hrEmail), e.login(empEmail), e.login(supEmail)
		o := e.seedOffices(admin)
		cases := []struct {
			name, token, path, ctype, body string
			table                          string
			status                         int
		}{
			{"department", admin, "/api/v1/departments", "", `{"code":"500","name":"企画課","kind":"division"}`, "departments", 201},
			{"employee", admin, "/api/v1/employees", "", `{"employee_number":"N500","email":"new@alpha.example","family_name":"新人","given_name":"花子","department_id":"` + e.fx.dAffairs + `"}`, "employees", 201},
			{"import", admin, "/api/v1/employees/import", "text/csv", "職員番号,姓,名,メールアドレス,所属コード\r\nN600,取込,太郎,n600@alpha.example,110\r\n", "employees", 201},
			{"office", admin, "/api/v1/offices", "", `{"name":"南部支所"}`, "offices", 201},
			{"space", admin, "/api/v1/offices/" + o.private + "/spaces", "", `{"name":"N-02","kind":"open_seat","capacity":1}`, "spaces", 201},
			{"booking", emp, "/api/v1/bookings", "", `{"space_id":"` + o.a1 + `","start":"2026-12-02T09:00:00+09:00","end":"2026-12-02T12:00:00+09:00"}`, "bookings", 201},
			{"policy version", hr, "/api/v1/policies/telework/versions", "", mustJSON(map[string]any{"document": testPolicy("v1", "2026-12-01", "")}), "telework_policy_versions", 201},
			{"family member", emp, "/api/v1/me/family-members", "", `{"relation":"child","name":"山田花子","birth_date":"2019-06-01","cohabiting":true}`, "family_members", 201},
			{"telework request", emp, "/api/v1/telework-requests", "", mustJSON(telework([]string{"2026-12-07"}, "general", nil)), "telework_requests", 201},
			{"emergency period", hr, "/api/v1/emergency-periods", "", `{"name":"台風10号","kind":"disaster","starts_on":"2026-12-02","ends_on":"2026-12-04"}`, "emergency_periods", 201},
			{"delegation", sup, "/api/v1/delegations", "", `{"deputy_id":"` + e.fx.other + `","starts_on":"2026-12-01","ends_on":"2026-12-04"}`, "delegations", 201},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.ctype == "" {
					c.ctype = "application/json"
				}
				key := map[string]string{"Idempotency-Key": fmt.Sprintf("crash-%d", i)}
				rq := req{method: "POST", path: c.path, token: c.token, raw: []byte(c.body), ctype: c.ctype, headers: key}
				before := e.count(c.table)
				e.crash(e.srv, rq)
				if e.count(c.table) != before+1 {
					t.Fatalf("the change did not commit before the crash")
				}
				// A restarted process answers the retry with the original outcome.
				rq.srv = e.newServer()
				first := e.do(rq).must(t, c.status)
				if first.header.Get("Idempotent-Replayed") != "true" {
					t.Fatalf("the retry ran again: %s", first.body)
				}
				again := e.do(rq).must(t, c.status)
				if !bytes.Equal(first.body, again.body) || e.count(c.table) != before+1 {
					t.Fatalf("retries differ or created more:\n%s\n%s", first.body, again.body)
				}
				// The replay is the answer the route gives: a fresh request with a
				// new key renders through the same view (compared past the id).
				if first.str("id") != "" {
					got := e.do(req{method: "GET", path: readPath(c.path, first.str("id")), token: c.token})
					if got.status == 200 && !strings.Contains(string(got.body), first.str("id")) {
						t.Fatalf("the replayed resource is not the created one: %s", got.body)
					}
				}
			})
		}
		// Every creating POST of the contract is among the cases.
		for _, path := range keyedPosts(t) {
			re := regexp.MustCompile("^" + regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "[^/]+") + "$")
			covered := false
			for _, c := range cases {
				covered = covered || re.MatchString(c.path)
			}
			if !covered {
				t.Errorf("POST %s takes an Idempotency-Key but is not among the cases", path)
			}
		}
		// The stored outcomes hold ids and hashes, no personal data.
		var rows []map[string]any
		if err := e.db.Gorm.Table("idempotency_keys").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(cases) {
			t.Fatalf("%d keys recorded, want %d", len(rows), len(cases))
		}
		for _, r := range rows {
			for col, v := range r {
				if s := fmt.Sprint(v); strings.Contains(s, "山田") || strings.Contains(s, "花子") || strings.Contains(s, "2019-06-01") {
					t.Fatalf("idempotency_keys.%s holds personal data: %s", col, s)
				}
			}
		}
	})
}

// readPath is where a created resource is read, for the routes that have one.
func readPath(createPath, id string) string {
	switch {
	case strings.HasSuffix(createPath, "/emergency-periods"):
		return createPath + "?from=2026-12-01&to=2026-12-31"
	case strings.HasSuffix(createPath, "/spaces"):
		return "/api/v1/spaces/" + id
	case strings.HasSuffix(createPath, "/import"), strings.HasSuffix(createPath, "/versions"),
		strings.HasSuffix(createPath, "/family-members"), strings.HasSuffix(createPath, "/delegations"):
		return strings.Replace(createPath, "/import", "", 1)
	}
	return createPath + "/" + id
}

// TestReplayEqualsTheFirstAnswer: a retry answered from the recorded outcome
// is byte for byte the first answer (the view is the creating handler's).
func TestReplayEqualsTheFirstAnswer(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp := e.login(adminEmail), e.login(empEmail)
		o := e.seedOffices(admin)
		key := map[string]string{"Idempotency-Key": "same-1"}
		body := map[string]string{"space_id": o.a2, "start": "2026-12-02T09:00:00+09:00", "end": "2026-12-02T12:00:00+09:00"}
		first := e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, body: body, headers: key}).must(t, 201)
		again := e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, body: body, headers: key, srv: e.newServer()}).must(t, 201)
		if !bytes.Equal(first.body, again.body) {
			t.Fatalf("replay differs:\n%s\n%s", first.body, again.body)
		}
		fam := map[string]any{"relation": "child", "name": "山田花子", "birth_date": "2019-06-01", "cohabiting": true}
		k2 := map[string]string{"Idempotency-Key": "fam-1"}
		first = e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: fam, headers: k2}).must(t, 201)
		again = e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: fam, headers: k2}).must(t, 201)
		if !bytes.Equal(first.body, again.body) {
			t.Fatalf("replay differs:\n%s\n%s", first.body, again.body)
		}
		e.storePolicy(testPolicy("v1", "2026-12-01", ""))
		// Keys are visible ASCII.
		for _, bad := range []string{"two words", "鍵", strings.Repeat("k", 256)} {
			r := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: fam, headers: map[string]string{"Idempotency-Key": bad}}).must(t, 400)
			if r.str("type") != api.ProblemTypeBase+"invalid-parameter" {
				t.Fatalf("%q: %s", bad, r.body)
			}
		}
		tw := telework([]string{"2026-12-08"}, "general", nil)
		k3 := map[string]string{"Idempotency-Key": "tw-1"}
		first = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: tw, headers: k3}).must(t, 201)
		again = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: tw, headers: k3}).must(t, 201)
		if !bytes.Equal(first.body, again.body) {
			t.Fatalf("replay differs:\n%s\n%s", first.body, again.body)
		}
	})
}

// TestAKeyWhoseChangeRolledBackCanBeRetried: a refused change records no key;
// once the obstacle is gone, the same key and body create the booking.
func TestAKeyWhoseChangeRolledBackCanBeRetried(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp, other := e.login(adminEmail), e.login(empEmail), e.login(otherEmail)
		o := e.seedOffices(admin)
		taken := e.book(other, o.a1, "2026-12-02T09:00:00+09:00", "2026-12-02T12:00:00+09:00").must(t, 201).str("id")
		key := map[string]string{"Idempotency-Key": "retry-after-conflict"}
		body := map[string]string{"space_id": o.a1, "start": "2026-12-02T10:00:00+09:00", "end": "2026-12-02T11:00:00+09:00"}
		e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, body: body, headers: key}).must(t, 409)
		if n := e.count("idempotency_keys"); n != 0 {
			t.Fatalf("a rolled-back change left %d keys", n)
		}
		e.do(req{method: "POST", path: "/api/v1/bookings/" + taken + "/cancel", token: other, body: map[string]any{}}).must(t, 200)
		r := e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, body: body, headers: key}).must(t, 201)
		if r.header.Get("Idempotent-Replayed") != "" {
			t.Fatal("the retry of a rolled-back change was answered as a replay")
		}
		// From now on the key replays.
		e.do(req{method: "POST", path: "/api/v1/bookings", token: emp, body: body, headers: key}).must(t, 201)
		if n := e.count("bookings"); n != 2 {
			t.Fatalf("%d bookings, want the cancelled one and the retried one", n)
		}
	})
}

// TestConcurrentRetriesWithOneKeyCreateOnce: retries sent at once (a client
// that timed out and retried on several connections) create one booking and
// all answer it.
func TestConcurrentRetriesWithOneKeyCreateOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, emp := e.login(adminEmail), e.login(empEmail)
		o := e.seedOffices(admin)
		servers := []*api.Server{e.srv, e.newServer(), e.newServer()}
		body := map[string]string{"space_id": o.a3, "start": "2026-12-03T09:00:00+09:00", "end": "2026-12-03T12:00:00+09:00"}
		const n = 9
		ids := make([]string, n)
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hr := httptest.NewRequest("POST", "/api/v1/bookings", strings.NewReader(mustJSON(body)))
				hr.Header.Set("Content-Type", "application/json")
				hr.Header.Set("Authorization", "Bearer "+emp)
				hr.Header.Set("Idempotency-Key", "together")
				rec := httptest.NewRecorder()
				servers[i%len(servers)].Handler().ServeHTTP(rec, hr)
				statuses[i] = rec.Code
				if rec.Code == 201 {
					var m map[string]any
					_ = json.Unmarshal(rec.Body.Bytes(), &m)
					ids[i], _ = m["id"].(string)
				}
			}()
		}
		wg.Wait()
		for i := range n {
			if statuses[i] != 201 || ids[i] != ids[0] {
				t.Fatalf("answers %v, ids %v: every retry must answer the one booking", statuses, ids)
			}
		}
		if c := e.count("bookings"); c != 1 {
			t.Fatalf("%d bookings", c)
		}
	})
}

// TestExpiredKeysArePurged: keys older than a day are deleted by the purge
// (the periodic job's work) and can then be used again.
func TestExpiredKeysArePurged(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		key := map[string]string{"Idempotency-Key": "old"}
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: map[string]any{"code": "501", "name": "古い課", "kind": "division"}, headers: key}).must(t, 201)
		e.clock.Advance(25 * time.Hour)
		admin = e.login(adminEmail)
		e.startWorker(jobs.Options{}).run(t, args.PurgeIdempotencyKeys{})
		if n := e.count("idempotency_keys"); n != 0 {
			t.Fatalf("%d expired keys left", n)
		}
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: map[string]any{"code": "502", "name": "新しい課", "kind": "division"}, headers: key}).must(t, 201)
	})
}

// keyedPosts lists the contract's POST paths that take an Idempotency-Key.
func keyedPosts(t *testing.T) []string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for path, item := range doc.Paths.Map() {
		if item.Post == nil {
			continue
		}
		for _, p := range item.Post.Parameters {
			if p.Value != nil && p.Value.In == "header" && p.Value.Name == "Idempotency-Key" {
				out = append(out, path)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("the contract names no creating POST")
	}
	return out
}
