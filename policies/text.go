package policies

import (
	"fmt"
	"strconv"
	"strings"
)

// Text is a message or a name in Japanese and English. Japanese comes first:
// staff and HR read Japanese; English serves the few who do not and the logs.
// In a policy document a plain string is accepted too and taken as Japanese.
type Text struct {
	Ja string `json:"ja" yaml:"ja"`
	En string `json:"en" yaml:"en,omitempty"`
}

// IsZero reports whether both languages are empty (for omitempty).
func (t Text) IsZero() bool { return t.Ja == "" && t.En == "" }

// In returns the text in the language ("ja" or "en"), falling back to the other.
func (t Text) In(lang string) string {
	if strings.HasPrefix(lang, "en") && t.En != "" {
		return t.En
	}
	if t.Ja == "" {
		return t.En
	}
	return t.Ja
}

// String returns the Japanese text (English when there is none).
func (t Text) String() string { return t.In("ja") }

// en returns the English text, or the Japanese when the policy gave none.
func (t Text) en() string { return t.In("en") }

// msg builds a Text from two format strings sharing the same arguments; the
// Japanese one may reorder them with %[n]v.
func msg(ja, en string, args ...any) Text {
	if len(args) == 0 {
		return Text{Ja: ja, En: en}
	}
	return Text{Ja: fmt.Sprintf(ja, args...), En: fmt.Sprintf(en, args...)}
}

// join concatenates two texts with a space in English and none in Japanese.
func (t Text) join(o Text) Text {
	if o.IsZero() {
		return t
	}
	return Text{Ja: t.Ja + o.Ja, En: t.En + " " + o.En}
}

// days formats an amount of telework in days with at most two decimals:
// 2, 1.5, 0.26. Amounts are kept in ticks (see unitTicks) to stay exact.
func days(ticks, perDay int64) string {
	if perDay <= 0 {
		return "0"
	}
	if ticks%perDay == 0 {
		return strconv.FormatInt(ticks/perDay, 10)
	}
	s := strconv.FormatFloat(float64(ticks)/float64(perDay), 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// plural returns "day" or "days" for English messages.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
