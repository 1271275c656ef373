package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/services"
)

const maxIdempotencyKey = 255

// idempotent makes a creating POST safe to retry: with an Idempotency-Key,
// the first answer is stored (in the database, so every process and restart
// sees it) and a retry with the same key and body gets it again.
func (s *Server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Request().Header.Get("Idempotency-Key")
		if key == "" {
			return next(c)
		}
		if len(key) > maxIdempotencyKey {
			return badParam("Idempotency-Key", "Idempotency-Key は255文字以内にしてください。", "The Idempotency-Key must be at most 255 characters.")
		}
		// The body is read once here to fingerprint the request and replayed to
		// the handler; its size is bounded by the handler's own limit check.
		body, err := readBody(c, maxUploadBody)
		if err != nil {
			return err
		}
		c.Request().Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(c.Request().Header.Get(echo.HeaderContentType)+"\n"), body...))
		actor := actorFrom(c)
		ctx := c.Request().Context()
		req := services.IdempotentRequest{Key: key, Method: c.Request().Method, Path: c.Request().URL.RequestURI(), RequestHash: hex.EncodeToString(sum[:])}
		outcome, stored, err := s.svc.Idempotency.Begin(ctx, actor, req)
		if err != nil {
			return err
		}
		switch outcome {
		case services.Replay:
			c.Response().Header().Set("Idempotent-Replayed", "true")
			return c.Blob(stored.Status, stored.ContentType, stored.Body)
		case services.InProgress:
			return fail(errIdempotencyPending, "同じ Idempotency-Key のリクエストを処理中です。少し待ってからやり直してください。",
				"A request with this Idempotency-Key is still being processed; retry shortly.")
		case services.Mismatch:
			return fail(errIdempotencyReuse, "この Idempotency-Key は別の内容のリクエストで使われています。新しいキーを使ってください。",
				"This Idempotency-Key was used for a different request; use a new key.")
		}

		rec := &recorder{ResponseWriter: c.Response().Writer, status: http.StatusOK}
		c.Response().Writer = rec
		herr := next(c)
		if herr != nil {
			// Let the one error handler write the problem so it is stored too.
			c.Error(herr)
		}
		resp := services.StoredResponse{Status: c.Response().Status, ContentType: c.Response().Header().Get(echo.HeaderContentType), Body: rec.body.Bytes()}
		if err := s.svc.Idempotency.Finish(ctx, actor, key, resp); err != nil {
			s.log.ErrorContext(ctx, "store idempotent answer", "error", err.Error())
		}
		return nil
	}
}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// maxUploadBody bounds the largest request the API accepts (a CSV import).
const maxUploadBody = 8 << 20
