package api_test

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

func TestEveryRouteIsInTheContractAndTheReverse(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	srv := api.New(api.Deps{})
	served := map[string]bool{}
	for _, r := range srv.Echo().Routes() {
		if strings.HasPrefix(r.Method, "echo_") || r.Path == "/*" {
			continue // Echo's own not-found entries and the web UI
		}
		path := r.Path
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "{"+seg[1:]+"}", 1)
			}
		}
		served[r.Method+" "+path] = true
	}
	for k := range served {
		if !documented[k] {
			t.Errorf("route %s is served but not in openapi.yaml", k)
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("openapi.yaml documents %s, which is not served", k)
		}
	}
}

func TestBadInputIsAClearProblemAndChangesNothing(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		valid := map[string]any{"code": "999", "name": "新しい課", "kind": "division"}
		big := bytes.Repeat([]byte("a"), 2<<20)
		cases := []struct {
			name   string
			r      req
			status int
			typ    string
			field  string
		}{
			{"malformed JSON", req{raw: []byte(`{"code": "999",`), ctype: "application/json"}, 400, "malformed-json", ""},
			{"not JSON at all", req{raw: []byte(`code=999`), ctype: "application/json"}, 400, "malformed-json", ""},
			{"empty body", req{raw: []byte(``), ctype: "application/json"}, 400, "malformed-json", ""},
			{"trailing data", req{raw: []byte(`{"code":"999","name":"x","kind":"division"} {}`), ctype: "application/json"}, 400, "malformed-json", ""},
			{"unknown field", req{body: map[string]any{"code": "999", "name": "x", "kind": "division", "colour": "red"}}, 400, "unknown-field", "colour"},
			{"wrong type", req{body: map[string]any{"code": 999, "name": "x", "kind": "division"}}, 400, "wrong-type", "code"},
			{"oversize", req{raw: append(append([]byte(`{"name":"`), big...), '"', '}'), ctype: "application/json"}, 413, "body-too-large", ""},
			{"wrong content type", req{raw: []byte(`{"code":"999"}`), ctype: "text/plain"}, 415, "unsupported-media-type", ""},
			{"no content type", req{raw: []byte(`{"code":"999"}`)}, 415, "unsupported-media-type", ""},
			{"missing required fields", req{body: map[string]any{"name": "x"}}, 422, "validation-failed", "code"},
			{"invalid value", req{body: map[string]any{"code": "999", "name": "x", "kind": "ministry"}}, 422, "validation-failed", "kind"},
			{"unknown parent", req{body: map[string]any{"code": "999", "name": "x", "kind": "division", "parent_id": models.NewID()}}, 422, "validation-failed", "parent_id"},
			{"duplicate code", req{body: map[string]any{"code": "110", "name": "x", "kind": "division"}}, 422, "validation-failed", "code"},
		}
		before := e.count("departments")
		audits := e.count("audit_events")
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				c.r.method, c.r.path, c.r.token = "POST", "/api/v1/departments", admin
				r := e.do(c.r)
				if r.status != c.status {
					t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
				}
				if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
					t.Fatalf("content type %q", ct)
				}
				if got := r.str("type"); got != api.ProblemTypeBase+c.typ {
					t.Fatalf("type %q, want %s", got, c.typ)
				}
				if r.str("detail") == "" || r.str("request_id") == "" || r.str("request_id") != r.header.Get("X-Request-ID") {
					t.Fatalf("detail and request_id must be set: %s", r.body)
				}
				if c.field != "" {
					errs, _ := r.json["errors"].([]any)
					found := false
					for _, fe := range errs {
						found = found || fe.(map[string]any)["field"] == c.field
					}
					if !found {
						t.Fatalf("errors do not name %s: %s", c.field, r.body)
					}
				}
			})
		}
		if e.count("departments") != before || e.count("audit_events") != audits {
			t.Fatal("a refused request changed something")
		}
		// The same request succeeds once it is right.
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: valid}).must(t, 201)
	})
}

func TestProblemLanguageFollowsAcceptLanguage(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		ja := e.do(req{method: "GET", path: "/api/v1/me"}).must(t, 401)
		en := e.do(req{method: "GET", path: "/api/v1/me", headers: map[string]string{"Accept-Language": "en-US,en;q=0.9"}}).must(t, 401)
		if !strings.Contains(ja.str("detail"), "ログイン") || !strings.Contains(en.str("detail"), "Sign-in") {
			t.Fatalf("ja %q / en %q", ja.str("detail"), en.str("detail"))
		}
		if ja.header.Get("WWW-Authenticate") == "" {
			t.Fatal("401 without WWW-Authenticate")
		}
	})
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	e := newEnv(t, models.SQLite)
	tok := e.login(empEmail)
	r := e.do(req{method: "GET", path: "/api/v1/no-such-thing", token: tok}).must(t, 404)
	if r.str("type") != api.ProblemTypeBase+"route-not-found" {
		t.Fatalf("%s", r.body)
	}
	e.do(req{method: "GET", path: "/api/nothing"}).must(t, 404)
	r = e.do(req{method: "DELETE", path: "/api/v1/organization", token: tok}).must(t, 405)
	if r.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("405 is not a problem: %s", r.body)
	}
}

func TestIdempotentRetries(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		body := map[string]any{"code": "500", "name": "企画課", "kind": "division"}
		key := map[string]string{"Idempotency-Key": "create-planning-1"}
		first := e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: body, headers: key}).must(t, 201)
		before := e.count("departments")
		// A retry on another process (server) gets the same answer and creates nothing.
		second := e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: body, headers: key, srv: e.newServer()}).must(t, 201)
		if first.str("id") != second.str("id") || second.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry answered differently: %s vs %s", first.body, second.body)
		}
		if e.count("departments") != before {
			t.Fatal("the retry created a second department")
		}
		// The same key with another body is refused.
		body["name"] = "別の課"
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: body, headers: key}).must(t, 422)
		// A failed request's answer is kept too: the retry sees the same refusal.
		bad := map[string]string{"Idempotency-Key": "bad-1"}
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: map[string]any{"name": "x"}, headers: bad}).must(t, 422)
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: map[string]any{"name": "x"}, headers: bad}).must(t, 422)
		// Keys belong to their user: another admin's same key is a new request.
		admin2 := e.login(admin2Email)
		e.do(req{method: "POST", path: "/api/v1/departments", token: admin2, body: map[string]any{"code": "500", "name": "企画課", "kind": "division"}, headers: key}).must(t, 201)
	})
}

func TestHealthReadinessMetrics(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.do(req{method: "GET", path: "/healthz"}).must(t, 200)
		e.do(req{method: "GET", path: "/readyz"}).must(t, 200)
		e.do(req{method: "GET", path: "/api/v1/openapi.yaml"}).must(t, 200)
		m := e.do(req{method: "GET", path: "/metrics"}).must(t, 200)
		for _, want := range []string{"kinmuchi_http_requests_total", `route="/readyz"`, "kinmuchi_http_request_duration_seconds", "go_sql_open_connections"} {
			if !strings.Contains(string(m.body), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		// Pending migrations: not ready.
		mig, err := models.NewMigrator(e.db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mig.Down(context.Background()); err == nil {
			r := e.do(req{method: "GET", path: "/readyz"}).must(t, 503)
			if r.header.Get("Content-Type") != "application/problem+json" {
				t.Fatal("503 must be a problem")
			}
			if _, err := mig.Up(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.do(req{method: "GET", path: "/readyz"}).must(t, 200)
		}
		// The database gone: not ready, and healthz still up.
		e.db.SQL.Close()
		e.do(req{method: "GET", path: "/readyz"}).must(t, 503)
		e.do(req{method: "GET", path: "/healthz"}).must(t, 200)
	})
}

func TestPaginationWalksEveryItemOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr := e.login(hrEmail)
		var seen []string
		path := "/api/v1/employees?limit=2"
		for range 10 {
			r := e.do(req{method: "GET", path: path, token: hr}).must(t, 200)
			for _, it := range r.items() {
				seen = append(seen, it["id"].(string))
			}
			next, _ := r.json["next_cursor"].(string)
			if next == "" {
				break
			}
			path = "/api/v1/employees?limit=2&cursor=" + next
		}
		if len(seen) != 6 {
			t.Fatalf("saw %d employees of alpha, want 6", len(seen))
		}
		sorted := slices.Clone(seen)
		slices.Sort(sorted)
		if !slices.Equal(slices.Compact(sorted), sorted) {
			t.Fatal("an employee appeared twice")
		}
		for _, bad := range []string{"?limit=0", "?limit=201", "?limit=x", "?cursor=nonsense"} {
			e.do(req{method: "GET", path: "/api/v1/employees" + bad, token: hr}).must(t, http.StatusBadRequest)
		}
	})
}

// TestModelsImportedOnlyWithAReason: handlers speak the services' types; a
// file that still reaches into storage says why beside the import.
func TestModelsImportedOnlyWithAReason(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"github.com/kinmuchi/kinmuchi/models"` && (imp.Comment == nil || strings.TrimSpace(imp.Comment.Text()) == "") {
				t.Errorf("%s imports models without saying why beside the import", name)
			}
		}
	}
}
