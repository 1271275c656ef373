package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"
)

// encodedAnswers keeps large answers already encoded, plain and gzipped, by
// ETag (issue 20: a day's availability of 1,000 spaces is read far more often
// than it changes, and encoding it cost more than computing it). Bounded:
// beyond maxEncodedAnswers an arbitrary one goes.
type encodedAnswers struct {
	mu sync.Mutex
	m  map[string]*encodedAnswer
	// encoding lets requests for the same new answer wait for one encoding.
	encoding singleflight.Group
}

type encodedAnswer struct {
	plain, gzipped []byte
}

const maxEncodedAnswers = 64

// gzipAbove is the size from which an answer is worth compressing.
const gzipAbove = 4096

// etagOf is a strong ETag for an answer named by tag in a language.
func etagOf(tag, lang string) string {
	sum := sha256.Sum256([]byte(tag + "\x00" + lang))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// answerTagged answers v, whose content tag names, with an ETag: 304 to a
// client that already holds it, else the kept encoding (gzipped for a client
// that accepts it), encoding it once per tag.
func (s *Server) answerTagged(c echo.Context, tag string, v func() any) error {
	etag := etagOf(tag, string(langOf(c)))
	h := c.Response().Header()
	h.Set("ETag", etag)
	// Revalidate every time: the answer changes with every booking.
	h.Set("Cache-Control", "private, no-cache")
	h.Add("Vary", "Accept-Language, Accept-Encoding")
	if noneMatch(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	a, err := s.answers.get(etag, v)
	if err != nil {
		return err
	}
	if a.gzipped != nil && acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, a.gzipped)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, a.plain)
}

func (e *encodedAnswers) get(etag string, v func() any) (*encodedAnswer, error) {
	e.mu.Lock()
	a, ok := e.m[etag]
	e.mu.Unlock()
	if ok {
		return a, nil
	}
	made, err, _ := e.encoding.Do(etag, func() (any, error) { return e.encode(etag, v) })
	if err != nil {
		return nil, err
	}
	return made.(*encodedAnswer), nil
}

func (e *encodedAnswers) encode(etag string, v func() any) (*encodedAnswer, error) {
	plain, err := marshal(v())
	if err != nil {
		return nil, err
	}
	a := &encodedAnswer{plain: plain}
	if len(plain) >= gzipAbove {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level: no error
		if _, err := zw.Write(plain); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		a.gzipped = buf.Bytes()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[string]*encodedAnswer{}
	}
	if len(e.m) >= maxEncodedAnswers {
		for k := range e.m {
			delete(e.m, k)
			break
		}
	}
	e.m[etag] = a
	return a, nil
}

// noneMatch tells whether If-None-Match names the ETag (or is "*").
func noneMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding: gzip unless refused with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
