package api

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/internal/logging"
	"github.com/kinmuchi/kinmuchi/models" // maps the storage error kinds (not found, conflict …) to statuses
	"github.com/kinmuchi/kinmuchi/services"
)

// Kinds of bad request that only HTTP knows.
var (
	errMalformedJSON    = errors.New("malformed JSON")
	errUnknownField     = errors.New("unknown field")
	errWrongType        = errors.New("wrong type")
	errBodyTooLarge     = errors.New("body too large")
	errUnsupportedMedia = errors.New("unsupported media type")
	errInvalidParameter = services.ErrInvalidParameter
	errRouteNotFound    = errors.New("route not found")
	errMethodNotAllowed = errors.New("method not allowed")
	errIdempotencyReuse = errors.New("idempotency key reused")
	errBusy             = errors.New("busy") // more requests wait than the server takes (admission.go)
)

// problemKind is how one kind of failure is answered.
type problemKind struct {
	kind   error
	status int
	slug   string
	title  i18n.Text
}

// problemKinds is THE mapping from failures to HTTP. The first kind that
// errors.Is matches wins, so specific kinds come before general ones.
var problemKinds = []problemKind{
	{services.ErrValidation, http.StatusUnprocessableEntity, "validation-failed", i18n.T("入力内容に誤りがあります", "Validation failed")},
	{services.ErrRefused, http.StatusUnprocessableEntity, "refused-by-rules", i18n.T("規程により申請できません", "Refused by the telework rules")},
	{services.ErrNeedsConfirmation, http.StatusConflict, "confirmation-required", i18n.T("確認が必要です", "Confirmation required")},
	{services.ErrBookingRules, http.StatusUnprocessableEntity, "booking-rules", i18n.T("予約の条件を満たしていません", "The booking breaks the office's rules")},
	{services.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated", i18n.T("認証が必要です", "Authentication required")},
	{services.ErrForbidden, http.StatusForbidden, "forbidden", i18n.T("権限がありません", "Forbidden")},
	{services.ErrThrottled, http.StatusTooManyRequests, "too-many-attempts", i18n.T("試行回数が多すぎます", "Too many attempts")},
	{services.ErrInvalidState, http.StatusConflict, "invalid-state", i18n.T("現在の状態ではこの操作はできません", "Not allowed in the current state")},
	{models.ErrNotFound, http.StatusNotFound, "not-found", i18n.T("見つかりません", "Not found")},
	{models.ErrConflict, http.StatusConflict, "conflict", i18n.T("他のデータと競合しています", "Conflict")},
	{models.ErrReferenced, http.StatusConflict, "still-referenced", i18n.T("関連するデータがあります", "Still referenced")},
	{models.ErrUnavailable, http.StatusServiceUnavailable, "unavailable", i18n.T("一時的に利用できません", "Temporarily unavailable")},
	{errBusy, http.StatusServiceUnavailable, "busy", i18n.T("混み合っています", "Server busy")},
	{errMalformedJSON, http.StatusBadRequest, "malformed-json", i18n.T("JSON の形式が正しくありません", "Malformed JSON")},
	{errUnknownField, http.StatusBadRequest, "unknown-field", i18n.T("不明な項目があります", "Unknown field")},
	{errWrongType, http.StatusBadRequest, "wrong-type", i18n.T("項目の型が正しくありません", "Wrong type")},
	{errInvalidParameter, http.StatusBadRequest, "invalid-parameter", i18n.T("パラメータが正しくありません", "Invalid parameter")},
	{errBodyTooLarge, http.StatusRequestEntityTooLarge, "body-too-large", i18n.T("リクエストが大きすぎます", "Request body too large")},
	{errUnsupportedMedia, http.StatusUnsupportedMediaType, "unsupported-media-type", i18n.T("この形式には対応していません", "Unsupported media type")},
	{errRouteNotFound, http.StatusNotFound, "route-not-found", i18n.T("そのURLはありません", "No such route")},
	{errMethodNotAllowed, http.StatusMethodNotAllowed, "method-not-allowed", i18n.T("このメソッドは使えません", "Method not allowed")},
	{errIdempotencyReuse, http.StatusUnprocessableEntity, "idempotency-key-reused", i18n.T("Idempotency-Key が別の内容で使われています", "Idempotency-Key reused with another request")},
}

// defaultDetails are shown when an error of a kind carries no message of its own.
var defaultDetails = map[error]i18n.Text{
	models.ErrNotFound:    i18n.T("指定されたデータは見つかりません。", "The requested resource was not found."),
	models.ErrConflict:    i18n.T("他の変更と競合しました。最新の状態を確認してからやり直してください。", "The change conflicts with existing data. Check the current state and try again."),
	models.ErrReferenced:  i18n.T("他のデータから参照されているため、この操作はできません。", "Other data still refers to this, so the change is not possible."),
	models.ErrUnavailable: i18n.T("データベースに接続できません。しばらくしてからやり直してください。", "The database cannot be reached. Please try again shortly."),
}

// ProblemTypeBase prefixes every problem type.
const ProblemTypeBase = "urn:kinmuchi:problem:"

type problemField struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

// fail builds an error of an HTTP-only kind.
func fail(kind error, ja, en string) error { return services.Fail(kind, ja, en) }

// handleError is Echo's HTTPErrorHandler: every error of every route becomes
// one problem+json answer here.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	req := c.Request()
	ctx := req.Context()
	lang := langOf(c)

	var he *echo.HTTPError
	if errors.As(err, &he) {
		err = fromEchoError(he)
	}

	kind, known := classify(err)
	if k := models.Kind(err); !known && k != nil {
		// An error that did not pass through a store (a commit, a dropped
		// connection) still has its kind: a database down answers 503.
		kind, known = classify(k)
	}
	if !known {
		// The route, never the path: a path can be a secret (a calendar
		// feed's token), as the access log knows.
		route := c.Path()
		if errors.Is(err, context.Canceled) {
			// The client went away; nobody reads the answer.
			s.log.InfoContext(ctx, "request canceled", "method", req.Method, "route", route)
			c.Response().WriteHeader(499)
			return
		}
		s.log.ErrorContext(ctx, "internal error", "method", req.Method, "route", route, "error", err.Error())
		kind = problemKind{status: http.StatusInternalServerError, slug: "internal", title: i18n.T("サーバー内部のエラー", "Internal server error")}
	}

	body := map[string]any{
		"type":       ProblemTypeBase + kind.slug,
		"title":      kind.title.In(lang),
		"status":     kind.status,
		"instance":   req.URL.Path,
		"request_id": c.Response().Header().Get(echo.HeaderXRequestID),
	}
	if rid := logging.RequestID(ctx); rid != "" {
		body["request_id"] = rid
	}
	detail := i18n.T("サーバー内部でエラーが発生しました。時間をおいてやり直し、続く場合は request_id を添えて管理者にお問い合わせください。",
		"An internal error occurred. Try again later; if it persists, contact your administrator with the request_id.")
	var se *services.Error
	if known {
		detail = defaultDetails[kind.kind]
		if detail == (i18n.Text{}) {
			detail = kind.title
		}
	}
	if known && errors.As(err, &se) {
		if se.Detail != (i18n.Text{}) {
			detail = se.Detail
		}
		if len(se.Fields) > 0 {
			fields := make([]problemField, 0, len(se.Fields))
			for _, f := range se.Fields {
				fields = append(fields, problemField{Field: f.Field, Code: f.Code, Detail: f.Message.In(lang)})
			}
			body["errors"] = fields
		}
		for k, v := range se.Extra {
			if _, taken := body[k]; !taken {
				body[k] = v
			}
		}
		if se.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(se.RetryAfter.Seconds()))))
		}
	}
	body["detail"] = detail.In(lang)
	if kind.status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="kinmuchi"`)
	}
	// A 405's Allow header (the route's methods) was set by Echo's router.
	if err := writeJSON(c, kind.status, "application/problem+json", body); err != nil {
		s.log.WarnContext(ctx, "write problem", "error", err.Error())
	}
}

func classify(err error) (problemKind, bool) {
	for _, k := range problemKinds {
		if errors.Is(err, k.kind) {
			return k, true
		}
	}
	return problemKind{}, false
}

// fromEchoError translates the errors Echo itself raises (unknown route, wrong
// method, its middlewares) into our kinds.
func fromEchoError(he *echo.HTTPError) error {
	switch he.Code {
	case http.StatusNotFound:
		return fail(errRouteNotFound, "このURLに対応する機能はありません。", "No route matches this URL.")
	case http.StatusMethodNotAllowed:
		return fail(errMethodNotAllowed, "このURLではこのHTTPメソッドを使えません。", "This method is not allowed on this URL.")
	case http.StatusRequestEntityTooLarge:
		return bodyTooLarge()
	case http.StatusUnsupportedMediaType:
		return fail(errUnsupportedMedia, "Content-Type が対応していない形式です。", "The Content-Type is not supported.")
	case http.StatusUnauthorized:
		return fail(services.ErrUnauthenticated, "ログインが必要です。", "Sign-in required.")
	case http.StatusBadRequest:
		return fail(errInvalidParameter, "リクエストが正しくありません。", "The request is invalid.")
	}
	if he.Internal != nil {
		return he.Internal
	}
	return he
}
