package api

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"
)

// encodedAnswers keeps large answers already encoded, plain and gzipped, by
// ETag (issue 20: a day's availability of 1,000 spaces is read far more often
// than it changes, and encoding it cost more than computing it). An answer is
// encoded in parts, each compressed on its own, so that the next answer, which
// a booking changed in one part, compresses only that part and reuses the
// rest. Bounded by bytes: beyond maxEncodedBytes the oldest go.
type encodedAnswers struct {
	mu    sync.Mutex
	m     map[string]*encodedAnswer
	order []string // etags, oldest first
	bytes int
	// encoding lets requests for the same new answer wait for one encoding.
	encoding singleflight.Group
}

type encodedAnswer struct {
	plain, gzipped []byte
	// parts are the plain answer's consecutive pieces, each with its own
	// deflate stream ended by a sync flush (so that the streams of the parts
	// concatenate into one: RFC 1951's blocks need not end a stream).
	parts []encodedPart
}

type encodedPart struct{ plain, deflated []byte }

func (a *encodedAnswer) size() int {
	n := len(a.plain) + len(a.gzipped)
	for _, p := range a.parts {
		n += len(p.plain) + len(p.deflated) // shared with other answers, counted in each: a bound, not a measure
	}
	return n
}

// maxEncodedBytes bounds what the kept encodings hold: a day of 1,000 spaces
// is about 280 KB plain and 60 KB gzipped.
const maxEncodedBytes = 16 << 20

// etagOf is a strong ETag for an answer named by tag in a language.
func etagOf(tag, lang string) string {
	sum := sha256.Sum256([]byte(tag + "\x00" + lang))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// answerTagged answers the answer tag names with an ETag: 304 to a client
// that already holds it, else the kept encoding (gzipped for a client that
// accepts it), encoded once per tag by parts. parts is given the parts of the
// answer base names, when still kept, and returns the new answer's parts,
// nil for a part that is the same as base's.
func (s *Server) answerTagged(c echo.Context, tag, base string, parts func(base []encodedPart) ([][]byte, error)) error {
	lang := string(langOf(c))
	etag := etagOf(tag, lang)
	h := c.Response().Header()
	h.Set("ETag", etag)
	// Revalidate every time: the answer changes with every booking.
	h.Set("Cache-Control", "private, no-cache")
	h.Add("Vary", "Accept-Language, Accept-Encoding")
	if noneMatch(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	baseTag := ""
	if base != "" {
		baseTag = etagOf(base, lang)
	}
	a, err := s.answers.get(etag, baseTag, parts)
	if err != nil {
		return err
	}
	if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, a.gzipped)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, a.plain)
}

func (e *encodedAnswers) kept(etag string) *encodedAnswer {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m[etag]
}

func (e *encodedAnswers) get(etag, baseTag string, parts func([]encodedPart) ([][]byte, error)) (*encodedAnswer, error) {
	if a := e.kept(etag); a != nil {
		return a, nil
	}
	made, err, _ := e.encoding.Do(etag, func() (any, error) {
		var base []encodedPart
		if b := e.kept(baseTag); b != nil {
			base = b.parts
		}
		plains, err := parts(base)
		if err != nil {
			return nil, err
		}
		a, err := assemble(plains, base)
		if err != nil {
			return nil, err
		}
		e.keep(etag, a)
		return a, nil
	})
	if err != nil {
		return nil, err
	}
	return made.(*encodedAnswer), nil
}

func (e *encodedAnswers) keep(etag string, a *encodedAnswer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[string]*encodedAnswer{}
	}
	if _, ok := e.m[etag]; ok {
		return
	}
	e.m[etag] = a
	e.order = append(e.order, etag)
	e.bytes += a.size()
	for e.bytes > maxEncodedBytes && len(e.order) > 1 {
		old := e.order[0]
		e.order = e.order[1:]
		e.bytes -= e.m[old].size()
		delete(e.m, old)
	}
}

var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // a valid level: no error
	return w
}}

// deflate compresses p into a stream of its own, ended by a sync flush and
// not final, so that it may be followed by another's.
func deflate(p []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(p); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipHeader is RFC 1952's header: deflate, no name, no time, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// finalBlock is an empty stored deflate block marked final (the parts' sync
// flushes leave the stream at a byte boundary).
var finalBlock = []byte{1, 0, 0, 0xff, 0xff}

// assemble joins the parts (nil: base's part at that place) into the plain
// answer and one gzip member: the header, each part's deflate stream, a final
// block and the trailer with the plain answer's CRC-32 and length.
func assemble(plains [][]byte, base []encodedPart) (*encodedAnswer, error) {
	a := &encodedAnswer{parts: make([]encodedPart, len(plains))}
	plainLen, zLen := 0, len(gzipHeader)+len(finalBlock)+8
	for i, p := range plains {
		if p == nil {
			a.parts[i] = base[i]
		} else {
			z, err := deflate(p)
			if err != nil {
				return nil, err
			}
			a.parts[i] = encodedPart{plain: p, deflated: z}
		}
		plainLen += len(a.parts[i].plain)
		zLen += len(a.parts[i].deflated)
	}
	a.plain = make([]byte, 0, plainLen)
	a.gzipped = append(make([]byte, 0, zLen), gzipHeader...)
	for _, p := range a.parts {
		a.plain = append(a.plain, p.plain...)
		a.gzipped = append(a.gzipped, p.deflated...)
	}
	a.gzipped = append(a.gzipped, finalBlock...)
	a.gzipped = binary.LittleEndian.AppendUint32(a.gzipped, crc32.ChecksumIEEE(a.plain))
	a.gzipped = binary.LittleEndian.AppendUint32(a.gzipped, uint32(len(a.plain)))
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
