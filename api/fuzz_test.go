package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// fuzzRoute is one operation of the contract.
type fuzzRoute struct{ method, path string }

func contractRoutes(t testing.TB) []fuzzRoute {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	var out []fuzzRoute
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, fuzzRoute{method, path})
		}
	}
	slices.SortFunc(out, func(a, b fuzzRoute) int { return strings.Compare(a.method+a.path, b.method+b.path) })
	return out
}

// FuzzEveryRoute sends arbitrary bodies, query strings and path values to
// every operation of the contract (so every request-body decoder, query
// parameter parser and the CSV imports), signed in as an employee or an
// administrator: no input may make the server answer 500 or panic, and
// every refusal is a problem+json.
//
//	go test ./api -run '^$' -fuzz FuzzEveryRoute -fuzztime 60s
func FuzzEveryRoute(f *testing.F) {
	routes := contractRoutes(f)
	clk := clock.NewFixed(start)
	db := testutil.DB(f, models.SQLite, testutil.Options{Now: clk.Now})
	fx := seedFixture(f, db, clk.Now())
	svc := services.New(services.Config{DB: db.Gorm, Clock: clk, JWTSecret: testSecret, Issuer: "kinmuchi", AuditKey: testAuditKey})
	h := api.New(api.Deps{Services: svc, DB: db.SQL}).Handler()
	send := func(method, target, ctype, token string, body []byte) *httptest.ResponseRecorder {
		rq := httptest.NewRequest(method, target, bytes.NewReader(body))
		if ctype != "" {
			rq.Header.Set("Content-Type", ctype)
		}
		if token != "" {
			rq.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, rq)
		return rec
	}
	login := func(email string) string {
		b, _ := json.Marshal(map[string]string{"email": email, "password": testPassword})
		rec := send("POST", "/api/v1/auth/login", "application/json", "", b)
		var out struct {
			AccessToken string `json:"access_token"`
		}
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			f.Fatalf("login %s: %d %s", email, rec.Code, rec.Body)
		}
		return out.AccessToken
	}
	tokens := []string{login(empEmail), login(adminEmail), login(hrEmail)}
	ids := []string{fx.emp, fx.dAffairs, fx.admin2, models.NewID()}
	for i := range routes {
		f.Add(uint16(i), uint8(0), "", "", []byte(`{}`), false)
		f.Add(uint16(i), uint8(1), "x", "limit=0&from=2026-13-01&cursor=%ff", []byte(`{"dates":["2026-12-07"],"name":"\u0000"}`), false)
		f.Add(uint16(i), uint8(2), "", "date=2026-12-01", []byte("職員番号,姓\r\n\"1,2\r\n"), true)
	}
	f.Fuzz(func(t *testing.T, route uint16, who uint8, pathValue, query string, body []byte, csv bool) {
		r := routes[int(route)%len(routes)]
		// Each {parameter} segment once: a value may itself hold braces
		// (testdata/fuzz/FuzzEveryRoute/7e75cf4f079191da looped here forever).
		v := pathValue
		if v == "" {
			v = ids[int(who)%len(ids)]
		}
		segs := strings.Split(r.path, "/")
		for k, seg := range segs {
			if strings.HasPrefix(seg, "{") {
				segs[k] = v
			}
		}
		u := strings.Join(segs, "/")
		if query != "" {
			u += "?" + query
		}
		// A path or query that is not even a URL is the HTTP server's to
		// refuse before kinmuchi sees it.
		if _, err := http.NewRequest(r.method, "http://x"+u, nil); err != nil || strings.ContainsAny(u, " \t\r\n#") {
			return
		}
		ctype := "application/json"
		if csv {
			ctype = "text/csv"
		}
		rec := send(r.method, u, ctype, tokens[int(who)%len(tokens)], body)
		if rec.Code >= 500 {
			t.Fatalf("%s %s (%q, %d bytes of %s): %d %s", r.method, u, body, len(body), ctype, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
			t.Fatalf("%s %s: %d without problem+json: %s", r.method, u, rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}
