package api_test

import (
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// A session ends at once, not when its access token expires: signing out,
// an administrator's password reset, a change of one's own password (for the
// other sessions only).
func TestSessionsEndAtOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		signIn := func() (access, refresh string) {
			r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": empEmail, "password": testPassword}}).must(t, 200)
			return r.str("access_token"), r.str("refresh_token")
		}
		me := func(tok string, status int) {
			t.Helper()
			e.do(req{method: "GET", path: "/api/v1/me", token: tok}).must(t, status)
		}
		laptop, laptopRefresh := signIn()
		phone, _ := signIn()
		e.do(req{method: "POST", path: "/api/v1/auth/logout", body: map[string]string{"refresh_token": laptopRefresh}}).must(t, 204)
		me(laptop, 401)
		me(phone, 200)

		laptop, _ = signIn()
		const next = "a much longer passphrase 2027"
		e.do(req{method: "POST", path: "/api/v1/me/password", token: phone, body: map[string]string{"current_password": testPassword, "new_password": next}}).must(t, 204)
		me(phone, 200)  // the session that changed it goes on
		me(laptop, 401) // the others end

		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/password", token: e.login(adminEmail), body: map[string]string{"password": "reset by the administrator 1"}}).must(t, 204)
		me(phone, 401)
	})
}
