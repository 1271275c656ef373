package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/logging"
	"github.com/kinmuchi/kinmuchi/services"
)

const actorKey = "kinmuchi.actor"

// refreshCookie carries the refresh token for the web UI. It is HttpOnly (no
// script reads it), SameSite=Strict and scoped to the auth routes, so it
// travels only to refresh and logout.
const (
	refreshCookie     = "kinmuchi_refresh"
	refreshCookiePath = "/api/v1/auth"
)

// authenticate verifies the bearer token and puts the actor on the context.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, tok, found := strings.Cut(h, " ")
		if !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return services.Fail(services.ErrUnauthenticated, "ログインが必要です。Authorization: Bearer ヘッダーでアクセストークンを送ってください。",
				"Sign-in required: send the access token in an Authorization: Bearer header.")
		}
		actor, err := s.svc.Auth.Authenticate(c.Request().Context(), strings.TrimSpace(tok))
		if err != nil {
			return err
		}
		actor.RequestID = logging.RequestID(c.Request().Context())
		actor.ClientIP = c.RealIP()
		c.Set(actorKey, actor)
		return next(c)
	}
}

// actorFrom returns the authenticated actor (routes behind authenticate only).
func actorFrom(c echo.Context) *services.Actor {
	a, _ := c.Get(actorKey).(*services.Actor)
	return a
}

func clientOf(c echo.Context) services.Client {
	return services.Client{IP: c.RealIP(), UserAgent: c.Request().UserAgent(), RequestID: logging.RequestID(c.Request().Context())}
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

type sessionOut struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) login(c echo.Context) error {
	var in loginRequest
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	var v services.Validator
	v.Check(strings.TrimSpace(in.Email) != "", "email", "required", "メールアドレスを入力してください。", "Enter your e-mail address.")
	v.Check(in.Password != "", "password", "required", "パスワードを入力してください。", "Enter your password.")
	if err := v.Err(); err != nil {
		return err
	}
	sess, err := s.svc.Auth.Login(c.Request().Context(), in.Email, in.Password, clientOf(c))
	if err != nil {
		return err
	}
	return s.answerSession(c, sess)
}

func (s *Server) answerSession(c echo.Context, sess *services.Session) error {
	setRefreshCookie(c, sess)
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, sessionOut{
		AccessToken: sess.AccessToken, TokenType: "Bearer",
		ExpiresIn:    int(sess.AccessExpiresIn.Seconds()),
		RefreshToken: sess.RefreshToken,
	})
}

// refreshTokenOf takes the refresh token from the body if one is sent, else
// from the cookie. The body is optional, so an empty one is not an error.
func refreshTokenOf(c echo.Context) (string, error) {
	if c.Request().ContentLength != 0 && c.Request().Header.Get(echo.HeaderContentType) != "" {
		var in refreshRequest
		if err := bindOptional(c, &in); err != nil {
			return "", err
		}
		if in.RefreshToken != "" {
			return in.RefreshToken, nil
		}
	}
	if ck, err := c.Cookie(refreshCookie); err == nil {
		return ck.Value, nil
	}
	return "", nil
}

func (s *Server) refresh(c echo.Context) error {
	tok, err := refreshTokenOf(c)
	if err != nil {
		return err
	}
	sess, err := s.svc.Auth.Refresh(c.Request().Context(), tok, clientOf(c))
	if err != nil {
		clearRefreshCookie(c)
		return err
	}
	return s.answerSession(c, sess)
}

func (s *Server) logout(c echo.Context) error {
	tok, err := refreshTokenOf(c)
	if err != nil {
		return err
	}
	if err := s.svc.Auth.Logout(c.Request().Context(), tok, clientOf(c)); err != nil {
		return err
	}
	clearRefreshCookie(c)
	return c.NoContent(http.StatusNoContent)
}

func setRefreshCookie(c echo.Context, sess *services.Session) {
	c.SetCookie(&http.Cookie{
		Name: refreshCookie, Value: sess.RefreshToken, Path: refreshCookiePath, Expires: sess.RefreshExpiresAt,
		MaxAge: int(sess.RefreshExpiresIn.Seconds()), HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: c.Scheme() == "https",
	})
}

func clearRefreshCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: refreshCookie, Value: "", Path: refreshCookiePath, MaxAge: -1, Expires: time.Unix(0, 0),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.Scheme() == "https",
	})
}
