package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

const refreshCookieName = "kinmuchi_refresh"

// signIn posts credentials and returns the answer, whatever it is.
func (e *env) signIn(email, password string, srv ...*api.Server) *res {
	e.t.Helper()
	r := req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": password}}
	if len(srv) > 0 {
		r.srv = srv[0]
	}
	return e.do(r)
}

// cookie returns the named cookie the answer sets, or nil.
func (r *res) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// problemSansRequest is a problem answer without the members that differ
// from one request to the next, to compare two answers.
func (r *res) problemSansRequest() string {
	m := map[string]any{}
	for k, v := range r.json {
		if k != "request_id" {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return strconv.Itoa(r.status) + " " + string(b)
}

// refreshVia sends a refresh token to an auth route the way a client does:
// in the JSON body (API clients) or in the cookie alone (the web UI).
func (e *env) refreshVia(viaCookie bool, path, token string) *res {
	e.t.Helper()
	r := req{method: "POST", path: path}
	if viaCookie {
		r.headers = map[string]string{"Cookie": refreshCookieName + "=" + token}
	} else {
		r.body = map[string]string{"refresh_token": token}
	}
	return e.do(r)
}

// auditActions counts the audit events of an action about a target.
func (e *env) auditActions(action, targetID string) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Gorm.Model(&models.AuditEvent{}).Where("action = ? AND target_id = ?", action, targetID).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestLoginAnswersTokensAndTheRefreshCookie(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		r := e.signIn(empEmail, testPassword).must(t, 200)
		if r.str("access_token") == "" || r.str("refresh_token") == "" || r.str("token_type") != "Bearer" {
			t.Fatalf("session: %s", r.body)
		}
		if got := r.json["expires_in"]; got != float64(15*60) {
			t.Fatalf("expires_in %v, want 900", got)
		}
		if r.header.Get("Cache-Control") != "no-store" {
			t.Fatal("a session answer must not be cached")
		}
		c := r.cookie(refreshCookieName)
		if c == nil {
			t.Fatalf("no %s cookie: %v", refreshCookieName, r.header.Values("Set-Cookie"))
		}
		if c.Value != r.str("refresh_token") || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/api/v1/auth" {
			t.Fatalf("cookie %+v", c)
		}
		if c.MaxAge != int((12 * time.Hour).Seconds()) {
			t.Fatalf("cookie lives %ds, want the refresh token's 12 hours", c.MaxAge)
		}
		// The address is matched whatever its case and surrounding spaces.
		e.signIn("  EMP@Alpha.Example ", testPassword).must(t, 200)
	})
}

func TestFailedLoginNeverRevealsWhetherTheAddressExists(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.other, token: admin, body: map[string]any{"active": false}}).must(t, 200)
		e.do(req{method: "POST", path: "/api/v1/employees", token: admin, body: map[string]any{"employee_number": "N1", "email": "nopass@alpha.example",
			"family_name": "未設定", "given_name": "職員", "department_id": e.fx.dAffairs}}).must(t, 201)

		unknown := e.signIn("nobody@alpha.example", "not the password at all").must(t, 401)
		for name, r := range map[string]*res{
			"wrong password":      e.signIn(empEmail, "not the password at all"),
			"deactivated account": e.signIn(otherEmail, testPassword),
			"no password set":     e.signIn("nopass@alpha.example", testPassword),
		} {
			if r.problemSansRequest() != unknown.problemSansRequest() {
				t.Errorf("%s and an unknown address answer differently:\n%s\n%s", name, r.body, unknown.body)
			}
			if r.header.Get("WWW-Authenticate") != unknown.header.Get("WWW-Authenticate") || r.cookie(refreshCookieName) != nil {
				t.Errorf("%s: the headers differ from an unknown address's, or a refusal sets a session cookie", name)
			}
		}
	})
}

func TestRefreshRotatesAndAReusedTokenRevokesTheFamily(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		for _, viaCookie := range []bool{false, true} {
			t.Run("cookie="+strconv.FormatBool(viaCookie), func(t *testing.T) {
				first := e.signIn(empEmail, testPassword).must(t, 200).str("refresh_token")
				r := e.refreshVia(viaCookie, "/api/v1/auth/refresh", first).must(t, 200)
				second := r.str("refresh_token")
				if second == "" || second == first {
					t.Fatalf("refresh did not rotate the token: %s", r.body)
				}
				if c := r.cookie(refreshCookieName); c == nil || c.Value != second || r.json["expires_in"] != float64(15*60) {
					t.Fatalf("the cookie does not carry the new refresh token, or expires_in is not 900: %s", r.body)
				}
				e.do(req{method: "GET", path: "/api/v1/me", token: r.str("access_token")}).must(t, 200)

				reuses := e.auditActions("auth.refresh_reuse", e.fx.emp)
				e.refreshVia(viaCookie, "/api/v1/auth/refresh", first).must(t, 401)
				// The thief and the owner now both hold dead tokens.
				e.refreshVia(viaCookie, "/api/v1/auth/refresh", second).must(t, 401)
				if e.auditActions("auth.refresh_reuse", e.fx.emp) != reuses+1 {
					t.Fatal("the reuse was not audited")
				}
			})
		}
		// Nothing at all to refresh with.
		e.do(req{method: "POST", path: "/api/v1/auth/refresh"}).must(t, 401)
		e.refreshVia(false, "/api/v1/auth/refresh", "made-up").must(t, 401)
	})
}

func TestLogoutRevokesAndClearsTheCookie(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		for _, viaCookie := range []bool{false, true} {
			t.Run("cookie="+strconv.FormatBool(viaCookie), func(t *testing.T) {
				tok := e.signIn(empEmail, testPassword).must(t, 200).str("refresh_token")
				r := e.refreshVia(viaCookie, "/api/v1/auth/logout", tok).must(t, 204)
				c := r.cookie(refreshCookieName)
				if c == nil || c.MaxAge >= 0 || c.Value != "" || c.Path != "/api/v1/auth" {
					t.Fatalf("logout must expire the cookie: %v", r.header.Values("Set-Cookie"))
				}
				e.refreshVia(viaCookie, "/api/v1/auth/refresh", tok).must(t, 401)
				// Signing out twice is harmless.
				e.refreshVia(viaCookie, "/api/v1/auth/logout", tok).must(t, 204)
			})
		}
	})
}

// forge re-signs the claims of a genuine token in the ways an attacker would.
func forge(t *testing.T, genuine string) map[string]string {
	t.Helper()
	parts := strings.Split(genuine, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims jwt.MapClaims
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	sign := func(m jwt.SigningMethod, key any) string {
		s, err := jwt.NewWithClaims(m, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// An RS256 header over an HMAC made with the shared secret: the classic
	// algorithm-confusion attack on servers that trust the header.
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	mac := hmac.New(sha256.New, testSecret)
	mac.Write([]byte(head + "." + parts[1]))
	confused := head + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))

	tampered := []byte(parts[1])
	if i := len(tampered) / 2; tampered[i] == 'A' {
		tampered[i] = 'B'
	} else {
		tampered[i] = 'A'
	}

	return map[string]string{
		"tampered payload":        parts[0] + "." + string(tampered) + "." + parts[2],
		"alg none":                sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType),
		"another secret":          sign(jwt.SigningMethodHS256, []byte("some-other-secret-that-is-long-enough")),
		"HS512 with the secret":   sign(jwt.SigningMethodHS512, testSecret),
		"RS256 header, HMAC body": confused,
		"no signature":            parts[0] + "." + parts[1] + ".",
		"not a JWT":               "hello",
	}
}

func TestForgedOrExpiredAccessTokensAreRefused(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		good := e.login(empEmail)
		e.do(req{method: "GET", path: "/api/v1/me", token: good}).must(t, 200)
		for name, tok := range forge(t, good) {
			t.Run(name, func(t *testing.T) {
				r := e.do(req{method: "GET", path: "/api/v1/me", token: tok}).must(t, 401)
				if r.header.Get("WWW-Authenticate") == "" {
					t.Fatal("401 without WWW-Authenticate")
				}
			})
		}
		e.clock.Advance(16 * time.Minute)
		e.do(req{method: "GET", path: "/api/v1/me", token: good}).must(t, 401)
	})
}

func TestDeactivationEndsSessionsAtOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		s := e.signIn(empEmail, testPassword).must(t, 200)
		access, refresh := s.str("access_token"), s.str("refresh_token")
		e.do(req{method: "GET", path: "/api/v1/me", token: access}).must(t, 200)

		admin := e.login(adminEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp, token: admin, body: map[string]any{"active": false}}).must(t, 200)

		e.do(req{method: "GET", path: "/api/v1/me", token: access}).must(t, 401)
		e.do(req{method: "GET", path: "/api/v1/me", token: access, srv: e.newServer()}).must(t, 401)
		e.refreshVia(false, "/api/v1/auth/refresh", refresh).must(t, 401)
		e.signIn(empEmail, testPassword).must(t, 401)
	})
}

func TestMeDescribesThePersonAndTheirPlace(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		fx := e.fx
		ref := func(id, name string) map[string]any { return map[string]any{"id": id, "name": name} }
		cases := []struct {
			email      string
			id         string
			department map[string]any
			supervisor any
			heads      []any
		}{
			{headEmail, fx.head, ref(fx.dGeneral, "総務部"), nil, []any{ref(fx.dGeneral, "総務部")}},
			{supEmail, fx.sup, ref(fx.dAffairs, "総務課"), ref(fx.head, "部長 太郎"), []any{ref(fx.dAffairs, "総務課")}},
			{empEmail, fx.emp, ref(fx.dAffairs, "総務課"), ref(fx.sup, "課長 太郎"), []any{}},
			{otherEmail, fx.other, ref(fx.dCitizens, "市民課"), nil, []any{}},
		}
		for _, c := range cases {
			t.Run(c.email, func(t *testing.T) {
				r := e.do(req{method: "GET", path: "/api/v1/me", token: e.login(c.email)}).must(t, 200)
				want := map[string]any{
					"id": c.id, "email": c.email,
					"organization": map[string]any{"id": fx.alpha, "name": "アルファ町", "time_zone": "Asia/Tokyo", "language": "ja"},
					"department":   c.department, "supervisor": c.supervisor, "heads": c.heads,
				}
				for k, v := range want {
					if !sameJSON(r.json[k], v) {
						t.Errorf("%s = %s, want %s", k, mustJSON(r.json[k]), mustJSON(v))
					}
				}
			})
		}
	})
}

func TestFailedLoginsLockTheAccountOnEveryInstance(t *testing.T) {
	limits := policies.AccountSignInLimits
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		servers := []*api.Server{e.srv, e.newServer()}
		const unknown = "nobody@alpha.example"
		// The same steps for a real account and for an address nobody holds:
		// every answer must be the same, so the lock reveals nothing either.
		step := func(i int, password string) (known, stranger *res) {
			srv := servers[i%2]
			return e.signIn(empEmail, password, srv), e.signIn(unknown, password, srv)
		}
		for i := 1; i <= limits.MaxFailures; i++ {
			known, stranger := step(i, "wrong password number "+strconv.Itoa(i))
			want := 401
			if i == limits.MaxFailures {
				want = 429 // this failure locks the account
			}
			known.must(t, want)
			if known.problemSansRequest() != stranger.problemSansRequest() {
				t.Fatalf("attempt %d: a known and an unknown address answer differently:\n%s\n%s", i, known.body, stranger.body)
			}
		}
		for i := range servers {
			known, stranger := step(i, testPassword) // even the right password
			known.must(t, 429)
			if known.problemSansRequest() != stranger.problemSansRequest() {
				t.Fatalf("locked: a known and an unknown address answer differently:\n%s\n%s", known.body, stranger.body)
			}
			wait, err := strconv.Atoi(known.header.Get("Retry-After"))
			if err != nil || wait <= 0 || wait > int(limits.Lockout.Seconds()) || stranger.header.Get("Retry-After") != known.header.Get("Retry-After") {
				t.Fatalf("Retry-After %q (unknown address: %q)", known.header.Get("Retry-After"), stranger.header.Get("Retry-After"))
			}
		}
		if e.count("login_throttles") == 0 {
			t.Fatal("the throttle is not kept in the database")
		}
		// Another account from the same address is not locked out.
		e.signIn(supEmail, testPassword, servers[1]).must(t, 200)

		e.clock.Advance(limits.Lockout + time.Second)
		e.signIn(empEmail, testPassword, servers[1]).must(t, 200)
		e.signIn(unknown, testPassword, servers[0]).must(t, 401)
	})
}

func TestConcurrentGuessesMeetTheSameLimit(t *testing.T) {
	limits := policies.AccountSignInLimits
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		servers := []*api.Server{e.srv, e.newServer()}
		// A burst of guesses on two instances at once: no more of them may
		// reach the password check than the limit lets through one by one.
		const guesses = 20
		statuses := make([]int, guesses)
		var wg sync.WaitGroup
		for i := range guesses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = e.signIn(empEmail, "guess number "+strconv.Itoa(i), servers[i%2]).status
			}()
		}
		wg.Wait()
		counts := map[int]int{}
		for _, s := range statuses {
			counts[s]++
		}
		if counts[401] != limits.MaxFailures-1 || counts[429] != guesses-counts[401] {
			t.Errorf("answers %v, want %d×401 and the rest 429", counts, limits.MaxFailures-1)
		}
		if tried := e.auditActions("auth.login_failed", e.fx.emp); tried != int64(limits.MaxFailures) {
			t.Errorf("%d passwords were checked, want at most %d", tried, limits.MaxFailures)
		}
	})
}

// signInFrom signs in from another client address than the harness's.
func (e *env) signInFrom(addr, email string) int {
	e.t.Helper()
	b, _ := json.Marshal(map[string]string{"email": email, "password": testPassword})
	hr := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(string(b)))
	hr.RemoteAddr = addr + ":40000"
	hr.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, hr)
	return rec.Code
}

func TestManyFailuresFromOneAddressLockTheAddress(t *testing.T) {
	limits := policies.AddressSignInLimits
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		for i := 1; i <= limits.MaxFailures; i++ {
			// A different account each time: no account reaches its own limit.
			r := e.signIn("guess"+strconv.Itoa(i)+"@alpha.example", "wrong password")
			want := 401
			if i == limits.MaxFailures {
				want = 429
			}
			r.must(t, want)
		}
		r := e.signIn(empEmail, testPassword).must(t, 429)
		if r.header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		if got := e.signInFrom("198.51.100.7", empEmail); got != 200 {
			t.Fatalf("another address is locked out too: %d", got)
		}
		e.clock.Advance(limits.Lockout + time.Second)
		e.signIn(empEmail, testPassword).must(t, 200)
	})
}

// sameJSON compares two values as JSON (numbers, nil and empty lists alike).
func sameJSON(a, b any) bool { return mustJSON(a) == mustJSON(b) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// claimsOf decodes an access token's payload (its signature is not checked).
func claimsOf(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims jwt.MapClaims
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

// TestATokenWithAnotherSubjectsSessionIsRefused: a correctly signed token
// whose sid is a live session of someone else answers 401, so a session can
// only ever stand for its own person.
func TestATokenWithAnotherSubjectsSessionIsRefused(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, other := e.login(empEmail), e.login(otherEmail)
		claims := claimsOf(t, emp)
		claims["sid"] = claimsOf(t, other)["sid"]
		mixed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(testSecret)
		if err != nil {
			t.Fatal(err)
		}
		e.do(req{method: "GET", path: "/api/v1/me", token: mixed}).must(t, 401)
		// Both genuine tokens still work.
		e.do(req{method: "GET", path: "/api/v1/me", token: emp}).must(t, 200)
		e.do(req{method: "GET", path: "/api/v1/me", token: other}).must(t, 200)
	})
}

// TestPasswordChangeGuessesAreThrottledLikeSignIn: 30 guesses of the current
// password with a valid access token meet the sign-in limit (then 429 with
// Retry-After, even for the right password), every checked guess is audited,
// and sign-in is locked too, since it is the same account's counter.
func TestPasswordChangeGuessesAreThrottledLikeSignIn(t *testing.T) {
	limits := policies.AccountSignInLimits
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		tok := e.login(otherEmail)
		counts := map[int]int{}
		for i := range 30 {
			r := e.do(req{method: "POST", path: "/api/v1/me/password", token: tok,
				body: map[string]string{"current_password": "guess number " + strconv.Itoa(i), "new_password": changedPassword}})
			counts[r.status]++
			if r.status == 429 && r.header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		}
		if counts[422] != limits.MaxFailures-1 || counts[429] != 30-counts[422] {
			t.Fatalf("answers %v, want %d×422 and the rest 429", counts, limits.MaxFailures-1)
		}
		if n := e.auditActions("employee.change_password_failed", e.fx.other); n != int64(limits.MaxFailures) {
			t.Fatalf("%d failed checks audited, want %d", n, limits.MaxFailures)
		}
		right := map[string]string{"current_password": testPassword, "new_password": changedPassword}
		e.do(req{method: "POST", path: "/api/v1/me/password", token: tok, body: right}).must(t, 429)
		e.signIn(otherEmail, testPassword).must(t, 429)
		// Once the lock has passed, the right password works and forgets the failures.
		e.clock.Advance(limits.Lockout + time.Second)
		e.do(req{method: "POST", path: "/api/v1/me/password", token: e.login(otherEmail), body: right}).must(t, 204)
	})
}
