package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// maxJSONBody bounds every JSON request body; no request of the API needs more.
const maxJSONBody = 1 << 20

// bindStrict decodes a JSON body into dst, refusing anything but one JSON
// object of the expected shape: wrong content type (415), oversize (413),
// malformed JSON, unknown fields, wrong types or trailing data (400).
func bindStrict(c echo.Context, dst any) error {
	if err := requireMediaType(c, "application/json"); err != nil {
		return err
	}
	body, err := readBody(c, maxJSONBody)
	if err != nil {
		return err
	}
	return decodeStrict(body, dst)
}

// bindOptional decodes an optional JSON body: no body, or JSON null (which
// clients send for "nothing"), leaves dst as it is; anything else is bound as
// strictly as bindStrict binds a required one.
func bindOptional(c echo.Context, dst any) error {
	if c.Request().ContentLength == 0 {
		return nil
	}
	if err := requireMediaType(c, "application/json"); err != nil {
		return err
	}
	body, err := readBody(c, maxJSONBody)
	if err != nil {
		return err
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil
	}
	return decodeStrict(body, dst)
}

func requireMediaType(c echo.Context, want ...string) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil {
		for _, w := range want {
			if mt == w || (w == "application/json" && strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
				return nil
			}
		}
	}
	return fail(errUnsupportedMedia,
		fmt.Sprintf("Content-Type は %s にしてください（受け取った値: %q）。", strings.Join(want, " または "), ct),
		fmt.Sprintf("Content-Type must be %s (got %q).", strings.Join(want, " or "), ct))
}

// readBody reads at most limit bytes of the request body.
func readBody(c echo.Context, limit int64) ([]byte, error) {
	r := http.MaxBytesReader(c.Response(), c.Request().Body, limit)
	body, err := io.ReadAll(r)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, bodyTooLarge()
	}
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	return body, nil
}

func bodyTooLarge() error {
	return fail(errBodyTooLarge, "リクエストの本文が大きすぎます。", "The request body is too large.")
}

func decodeStrict(body []byte, dst any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return fail(errMalformedJSON, "リクエストの本文が空です。JSON オブジェクトを送ってください。", "The request body is empty; send a JSON object.")
	}
	// JSON is UTF-8 (RFC 8259); the decoder would silently turn broken bytes
	// into U+FFFD and store them.
	if !utf8.Valid(trimmed) {
		return fail(errMalformedJSON, "リクエストの本文が UTF-8 ではありません。", "The request body is not valid UTF-8.")
	}
	// json.Decode accepts null for any target and leaves it untouched, which
	// would run the request as if an empty object had been sent.
	if bytes.Equal(trimmed, []byte("null")) {
		return fail(errMalformedJSON, "リクエストの本文が null です。JSON オブジェクトを送ってください。", "The request body is null; send a JSON object.")
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errMalformedJSON, "JSON オブジェクトの後に余分なデータがあります。", "There is extra data after the JSON object.")
	}
	return refuseControlCharacters(trimmed)
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var verr *services.Error
	switch {
	case errors.As(err, &verr):
		// A field's own UnmarshalJSON found the value invalid.
		return verr
	case errors.As(err, &syn):
		return fail(errMalformedJSON,
			fmt.Sprintf("JSON の形式が正しくありません（%d バイト目付近）。", syn.Offset),
			fmt.Sprintf("Malformed JSON near byte %d.", syn.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fail(errMalformedJSON, "JSON が途中で終わっています。", "The JSON ends unexpectedly.")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		e := services.Fail(errWrongType,
			fmt.Sprintf("項目 %s の型が正しくありません（%s が必要です）。", field, jsonKind(typ.Type.Kind().String())),
			fmt.Sprintf("Field %s has the wrong type (%s expected).", field, jsonKind(typ.Type.Kind().String())))
		e.Fields = []services.FieldError{{Field: field, Code: "wrong_type", Message: e.Detail}}
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := services.Fail(errUnknownField,
			fmt.Sprintf("項目 %s はこのリクエストでは使えません。", name),
			fmt.Sprintf("Field %s is not accepted by this request.", name))
		e.Fields = []services.FieldError{{Field: name, Code: "unknown_field", Message: e.Detail}}
		return e
	}
	return fail(errMalformedJSON, "JSON を読み取れません。", "The JSON cannot be read.")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct", "ptr":
		return "object"
	}
	return "number"
}

// Query parameters.

func badParam(name, ja, en string) error {
	e := services.Fail(errInvalidParameter, ja, en)
	e.Fields = []services.FieldError{{Field: name, Code: "invalid", Message: e.Detail}}
	return e
}

// pageParams reads limit and cursor; limit defaults to 50 and may not exceed 200.
func pageParams(c echo.Context) (services.Page, error) {
	p := services.Page{Limit: 50}
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageLimit {
			return p, badParam("limit", fmt.Sprintf("limit は 1 から %d までの整数にしてください。", maxPageLimit),
				fmt.Sprintf("limit must be a whole number from 1 to %d.", maxPageLimit))
		}
		p.Limit = n
	}
	if v := c.QueryParam("cursor"); v != "" {
		id, ok := decodeCursor(v)
		if !ok {
			return p, badParam("cursor", "cursor が正しくありません。前のページの next_cursor をそのまま渡してください。",
				"The cursor is invalid; pass the previous page's next_cursor unchanged.")
		}
		p.After = id
	}
	return p, nil
}

const maxPageLimit = 200

// boolParam reads an optional true/false query parameter.
func boolParam(c echo.Context, name string) (*bool, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, badParam(name, fmt.Sprintf("%s は true または false にしてください。", name), fmt.Sprintf("%s must be true or false.", name))
	}
	return &b, nil
}

// timeParam reads an optional RFC 3339 instant.
func timeParam(c echo.Context, name string) (*time.Time, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil || !policies.SaneInstant(t) {
		return nil, badParam(name, fmt.Sprintf("%s はタイムゾーン付きの RFC 3339 形式（例: 2026-04-01T09:00:00+09:00）にしてください。", name),
			fmt.Sprintf("%s must be an RFC 3339 instant with offset, e.g. 2026-04-01T09:00:00+09:00.", name))
	}
	return &t, nil
}

// idParam reads a path id; a malformed one is simply not found.
func idParam(c echo.Context, name string) string { return c.Param(name) }

// list is the envelope of every paginated answer.
type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	l := list[T]{Items: items}
	if next != "" {
		c := encodeCursor(next)
		l.NextCursor = &c
	}
	return l
}

// multiLineFields are the JSON fields whose text may span lines (free-text
// notes and comments, a policy document): only they may hold a tab or a line
// break. Every other text is one line.
var multiLineFields = map[string]bool{"note": true, "comment": true, "evidence_note": true, "document": true}

// refuseControlCharacters checks every string of a JSON body, keys included:
// control characters (NUL, ESC, BEL …) are refused with the field's path,
// since nobody types them, they corrupt CSV exports and terminals, and
// PostgreSQL refuses NUL outright. body is valid JSON or the decoder reports it.
func refuseControlCharacters(body []byte) error {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil // the strict decoder explains what is wrong
	}
	var v services.Validator
	walkStrings(doc, "", false, func(path string, text string, multiLine bool) {
		if r, bad := policies.ControlCharacter(text, multiLine); bad {
			name := path
			if name == "" {
				name = "(body)"
			}
			v.Add(name, "control_character",
				fmt.Sprintf("%s に制御文字（U+%04X）は使えません。", name, r),
				fmt.Sprintf("%s must not contain a control character (U+%04X).", name, r))
		}
	})
	return v.Err()
}

func walkStrings(v any, path string, multiLine bool, visit func(path, text string, multiLine bool)) {
	switch t := v.(type) {
	case string:
		visit(path, t, multiLine)
	case map[string]any:
		for k, val := range t {
			p := k
			if path != "" {
				p = path + "." + k
			}
			visit(p, k, false)
			walkStrings(val, p, multiLineFields[k], visit)
		}
	case []any:
		for i, val := range t {
			walkStrings(val, fmt.Sprintf("%s[%d]", path, i), multiLine, visit)
		}
	}
}

// checkQuery refuses, for every route, query parameters that no handler
// could use: a control character anywhere (400), or a malformed id in a
// parameter named *_id (a list filter such as department_id or actor_id),
// which would otherwise match nothing on SQLite and fail on PostgreSQL's uuid
// columns. Path ids stay "not found" (404), as for ids that do not exist.
func checkQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for name, values := range c.QueryParams() {
			for _, v := range values {
				if _, bad := policies.ControlCharacter(name+v, false); bad {
					return badParam(name, fmt.Sprintf("%s に制御文字は使えません。", name), fmt.Sprintf("%s must not contain control characters.", name))
				}
				if strings.HasSuffix(name, "_id") && v != "" && !services.ValidID(v) {
					return badParam(name, fmt.Sprintf("%s は UUID 形式の ID にしてください。", name), fmt.Sprintf("%s must be an id (a UUID).", name))
				}
			}
		}
		for i, v := range c.ParamValues() {
			if _, bad := policies.ControlCharacter(v, false); bad && i < len(c.ParamNames()) {
				name := c.ParamNames()[i]
				return badParam(name, fmt.Sprintf("%s に制御文字は使えません。", name), fmt.Sprintf("%s must not contain control characters.", name))
			}
		}
		return next(c)
	}
}
