package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// testPassword signs in every fixture account.
const testPassword = "correct horse battery staple"

var (
	hashOnce     sync.Once
	passwordHash string
)

func fixtureHash() string {
	hashOnce.Do(func() { passwordHash = services.HashPassword(testPassword) })
	return passwordHash
}

// testSecret signs the fixture's tokens.
var testSecret = []byte("test-secret-that-is-long-enough-for-hs256")

// testAuditKey signs the audit chain's checkpoints in every test server.
var testAuditKey = ed25519.NewKeyFromSeed([]byte("kinmuchi-test-audit-key-32-bytes"))

// env is one real server on a real database of one dialect.
type env struct {
	t       *testing.T
	dialect models.Dialect
	db      *models.DB
	clock   *clock.Fixed
	srv     *api.Server
	fx      *fixture
	// dataDir is the servers' data folder (the audit checkpoint file).
	dataDir string
}

// start is the fixed "now" of every test: a Tuesday morning in Tokyo.
var start = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

// newEnv starts a server on a fresh database; maxConns, when given, sizes
// the PostgreSQL pool (20 by default; the concurrency tests want more).
func newEnv(t *testing.T, d models.Dialect, maxConns ...int) *env {
	t.Helper()
	clk := clock.NewFixed(start)
	conns := 20
	if len(maxConns) > 0 {
		conns = maxConns[0]
	}
	db := testutil.DB(t, d, testutil.Options{MaxConns: conns, Now: clk.Now})
	e := &env{t: t, dialect: d, db: db, clock: clk, dataDir: t.TempDir()}
	e.srv = e.newServer()
	e.fx = seedFixture(t, db, clk.Now())
	return e
}

// newServer builds another server on the same database, as a second process
// would; with a UI handler, it serves the web UI at / as `serve` does.
func (e *env) newServer(ui ...http.Handler) *api.Server {
	var log *slog.Logger
	if os.Getenv("KINMUCHI_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	svc := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi", Log: log,
		AuditKey: testAuditKey, CheckpointDir: e.dataDir})
	var frontend http.Handler
	if len(ui) > 0 {
		frontend = ui[0]
	}
	return api.New(api.Deps{Services: svc, DB: e.db.SQL, Log: log, Frontend: frontend, PublicURL: testPublicURL, Ready: func(ctx context.Context) error {
		m, err := models.NewMigrator(e.db)
		if err != nil {
			return err
		}
		pending, err := m.Pending(ctx)
		if err == nil && pending {
			return errPending
		}
		return err
	}})
}

var errPending = &pendingError{}

type pendingError struct{}

func (*pendingError) Error() string { return "migrations pending" }

// req is one request to send.
type req struct {
	method  string
	path    string
	token   string
	body    any // marshalled to JSON unless raw is set
	raw     []byte
	ctype   string
	headers map[string]string
	srv     *api.Server
}

// res is one answer, decoded.
type res struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
	rec    *httptest.ResponseRecorder
}

func (e *env) do(r req) *res {
	e.t.Helper()
	var body io.Reader
	switch {
	case r.raw != nil:
		body = bytes.NewReader(r.raw)
	case r.body != nil:
		b, err := json.Marshal(r.body)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(b)
		if r.ctype == "" {
			r.ctype = "application/json"
		}
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	hr.RemoteAddr = "192.0.2.10:50000"
	if r.ctype != "" {
		hr.Header.Set("Content-Type", r.ctype)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.headers {
		hr.Header.Set(k, v)
	}
	srv := r.srv
	if srv == nil {
		srv = e.srv
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, hr)
	out := &res{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes(), rec: rec}
	if rec.Header().Get("Content-Encoding") == "gzip" {
		out.body = gunzip(e.t, out.body)
	}
	if ct := rec.Header().Get("Content-Type"); strings.Contains(ct, "json") && len(out.body) > 0 {
		if err := json.Unmarshal(out.body, &out.json); err != nil && out.body[0] == '{' {
			e.t.Fatalf("%s %s: answer is not JSON: %v\n%s", r.method, r.path, err, out.body)
		}
	}
	validateAgainstContract(e.t, hr, r, out)
	return out
}

// gunzip reads a gzipped answer.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzipped answer: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzipped answer: %v", err)
	}
	return out
}

// must fails the test unless the answer has the status.
func (r *res) must(t *testing.T, status int) *res {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func (r *res) str(key string) string {
	v, _ := r.json[key].(string)
	return v
}

func (r *res) items() []map[string]any {
	raw, _ := r.json["items"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, it := range raw {
		out = append(out, it.(map[string]any))
	}
	return out
}

// login signs in and returns the access token.
func (e *env) login(email string) string {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": testPassword}}).must(e.t, 200)
	return r.str("access_token")
}

// count returns the rows of a table.
func (e *env) count(table string) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Gorm.Table(table).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

var (
	contractOnce   sync.Once
	contractRouter routers.Router
	contractErr    error
)

// validateAgainstContract checks every answer against openapi.yaml: its
// status must be documented for the route, and its body must match.
func validateAgainstContract(t *testing.T, hr *http.Request, r req, out *res) {
	t.Helper()
	contractOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(api.OpenAPIDocument)
		if err != nil {
			contractErr = err
			return
		}
		if err = doc.Validate(loader.Context); err != nil {
			contractErr = err
			return
		}
		doc.Servers = nil
		contractRouter, contractErr = gorillamux.NewRouter(doc)
	})
	if contractErr != nil {
		t.Fatalf("openapi.yaml: %v", contractErr)
	}
	if out.status == http.StatusNotFound && out.json["type"] == api.ProblemTypeBase+"route-not-found" {
		return // not a documented route by design
	}
	if out.status == http.StatusMethodNotAllowed {
		return
	}
	if strings.HasPrefix(out.header.Get("Content-Type"), "text/html") && !strings.HasPrefix(hr.URL.Path, "/api") {
		return // the web UI's pages, not the API
	}
	vr := hr.Clone(context.Background())
	route, params, err := contractRouter.FindRoute(vr)
	if err != nil {
		t.Fatalf("%s %s answered %d but is not in openapi.yaml: %v", r.method, r.path, out.status, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: out.status,
		Header: out.header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true,
			// Only JSON bodies are described by schemas; YAML and metrics are text.
			ExcludeResponseBody: !strings.Contains(out.header.Get("Content-Type"), "json")},
	}
	in.SetBodyBytes(out.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Fatalf("%s %s answered %d, which openapi.yaml does not allow: %v\n%s", r.method, r.path, out.status, err, out.body)
	}
}
