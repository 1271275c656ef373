// Package i18n holds the bilingual text type used for every message a user reads,
// and the choice of language from a request.
package i18n

import (
	"strings"
)

// Lang is a supported user-facing language.
type Lang string

// The languages kinmuchi speaks. Japanese comes first: staff of a Japanese
// municipality read Japanese unless they ask otherwise.
const (
	Ja Lang = "ja"
	En Lang = "en"
)

// Text is a message in Japanese and English. Both are always written, so a
// user never meets a message in a language they did not ask for.
type Text struct {
	Ja string `json:"ja"`
	En string `json:"en"`
}

// T builds a Text.
func T(ja, en string) Text { return Text{Ja: ja, En: en} }

// In returns the text in lang, falling back to Japanese.
func (t Text) In(lang Lang) string {
	if lang == En && t.En != "" {
		return t.En
	}
	return t.Ja
}

// ParseLang reads a language tag such as "en" or "ja-JP".
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "ja" || strings.HasPrefix(s, "ja-"):
		return Ja, true
	case s == "en" || strings.HasPrefix(s, "en-"):
		return En, true
	}
	return "", false
}

// FromAcceptLanguage picks the preferred supported language of an
// Accept-Language header, honouring q-values; def when none is supported.
func FromAcceptLanguage(header string, def Lang) Lang {
	best, bestQ := def, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := part, 1.0
		if i := strings.Index(part, ";"); i >= 0 {
			tag = part[:i]
			params := strings.TrimSpace(part[i+1:])
			if v, ok := strings.CutPrefix(params, "q="); ok {
				q = parseQ(v)
			}
		}
		lang, ok := ParseLang(tag)
		if ok && q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

func parseQ(s string) float64 {
	// q-values have at most three decimals (RFC 9110); a malformed one counts as 0.
	var whole, frac, scale float64 = 0, 0, 1
	seenDot := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '.' && !seenDot:
			seenDot = true
		case r >= '0' && r <= '9':
			if seenDot {
				scale /= 10
				frac += float64(r-'0') * scale
			} else {
				whole = whole*10 + float64(r-'0')
			}
		default:
			return 0
		}
	}
	if q := whole + frac; q <= 1 {
		return q
	}
	return 0
}
