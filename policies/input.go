package policies

import "strings"

// The rules on what text people may enter, shared by the API, the use cases
// and the CSV imports.

// ControlCharacter finds the first control character of s: C0 (NUL, BEL, ESC
// …), DEL or C1. Nobody types them; they corrupt CSV exports and terminals,
// and PostgreSQL refuses NUL outright. Tab, line feed and carriage return are
// allowed only where multiLine (free-text notes and comments).
func ControlCharacter(s string, multiLine bool) (rune, bool) {
	for _, r := range s {
		if multiLine && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) {
			return r, true
		}
	}
	return 0, false
}

// KanaReading returns a reading (フリガナ) in full-width katakana: hiragana
// and half-width katakana (with their separate voiced marks) are converted,
// spaces of either width become one full-width space, and the ends are
// trimmed. ok is false when anything else remains: a reading holds only
// katakana, the prolonged sound mark (ー), the middle dot (・, between the
// parts of a foreign name) and spaces.
func KanaReading(s string) (string, bool) {
	var out []rune
	space := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u3000':
			space = len(out) > 0
			continue
		case r >= 0x3041 && r <= 0x3096, r == 0x309D || r == 0x309E: // hiragana, ゝゞ
			r += 0x60
		case r >= 0xFF61 && r <= 0xFF9D:
			r = halfWidthKana[r-0xFF61]
		case r == 0xFF9E || r == 0x3099 || r == 0x309B: // voiced mark: カ゛ → ガ
			if n := len(out); n > 0 && !space {
				if v, ok := voiced(out[n-1], 1); ok {
					out[n-1] = v
					continue
				}
			}
			return "", false
		case r == 0xFF9F || r == 0x309A || r == 0x309C: // semi-voiced mark: ハ゜ → パ
			if n := len(out); n > 0 && !space {
				if v, ok := voiced(out[n-1], 2); ok {
					out[n-1] = v
					continue
				}
			}
			return "", false
		}
		if !(r >= 0x30A1 && r <= 0x30FE) || r == 0 {
			return "", false
		}
		if space {
			out = append(out, '\u3000')
			space = false
		}
		out = append(out, r)
	}
	return string(out), true
}

// voiced returns k with a voiced (step 1) or semi-voiced (step 2) mark.
func voiced(k rune, step rune) (rune, bool) {
	switch {
	case step == 1 && k == 'ウ':
		return 'ヴ', true
	case step == 1 && (k == 'ワ' || k == 'ヰ' || k == 'ヱ' || k == 'ヲ'):
		return k + 8, true // ヷ ヸ ヹ ヺ
	case step == 1 && k == 'ヽ':
		return 'ヾ', true
	case step == 1 && strings.ContainsRune("カキクケコサシスセソタチツテト", k):
		return k + 1, true
	case strings.ContainsRune("ハヒフヘホ", k):
		return k + step, true
	}
	return 0, false
}

// halfWidthKana maps U+FF61 … U+FF9D to their full-width forms.
var halfWidthKana = []rune("。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン")
