package services

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// decodeCSVText returns an uploaded CSV as UTF-8 text and names the encoding
// it was read in. Excel on Japanese Windows saves "CSV" as Shift_JIS (CP932),
// "CSV UTF-8" with a BOM, and "Unicode text" as UTF-16 with a BOM; other tools
// write UTF-8 without one. The rules, so that no file is stored as mojibake:
//
//   - A UTF-8 or UTF-16 BOM decides. A UTF-16 file must decode cleanly.
//   - A file that is valid UTF-8 is UTF-8.
//   - A file that is mostly UTF-8 (most of its non-ASCII bytes form valid
//     UTF-8 sequences) is UTF-8 with a broken character, e.g. one cut off by
//     a truncated copy: it is refused, naming the row and column. Reading it
//     as Shift_JIS would "succeed" and store 田中 as 逕ー荳ュ.
//   - Otherwise the file is read as Shift_JIS, and only if every byte decodes.
//
// "Mostly", rather than "any valid UTF-8 sequence": in a Shift_JIS file a
// name such as 渡邉 (93 6E E7 B3) followed by あ (82 A0) holds E7 B3 82, a valid
// UTF-8 sequence, and such files must still be read; in real UTF-8 text all
// but the broken character's bytes are valid.
func decodeCSVText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		body := data[3:]
		if !utf8.Valid(body) {
			return "", "", invalidUTF8(body)
		}
		return string(body), "utf-8-bom", nil
	case bytes.HasPrefix(data, []byte("\xFF\xFE")):
		return decodeUTF16(data, unicode.LittleEndian, "utf-16le")
	case bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return decodeUTF16(data, unicode.BigEndian, "utf-16be")
	case utf8.Valid(data):
		return string(data), "utf-8", nil
	}
	valid, invalid := utf8Shares(data)
	if valid > invalid {
		return "", "", invalidUTF8(data)
	}
	out, err := decodeStrictly(japanese.ShiftJIS, data)
	if err != nil {
		return "", "", encodingError("文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。",
			"The file's encoding is not recognised; save it as UTF-8 or Shift_JIS.")
	}
	return out, "shift_jis", nil
}

// utf8Shares counts the non-ASCII bytes that belong to valid UTF-8 sequences
// and those that do not.
func utf8Shares(data []byte) (valid, invalid int) {
	for len(data) > 0 {
		if data[0] < utf8.RuneSelf {
			data = data[1:]
			continue
		}
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid += n
		}
		data = data[n:]
	}
	return valid, invalid
}

func decodeUTF16(data []byte, order unicode.Endianness, name string) (string, string, error) {
	if len(data)%2 != 0 {
		return "", "", utf16Error()
	}
	out, err := decodeStrictly(unicode.UTF16(order, unicode.ExpectBOM), data)
	if err != nil {
		return "", "", utf16Error()
	}
	return out, name, nil
}

func utf16Error() error {
	return encodingError("UTF-16（Unicode テキスト）として読み取れません。ファイルが壊れているか途中で切れています。UTF-8 の CSV で保存し直してください。",
		"The file starts like UTF-16 (Unicode text) but cannot be decoded; it is damaged or cut off. Save it again as CSV UTF-8.")
}

// decodeStrictly decodes data, failing where the decoder would substitute
// U+FFFD for a byte it cannot read (x/text decoders replace rather than fail).
func decodeStrictly(enc encoding.Encoding, data []byte) (string, error) {
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return "", err
	}
	if bytes.ContainsRune(out, utf8.RuneError) {
		return "", fmt.Errorf("undecodable byte")
	}
	return string(out), nil
}

// invalidUTF8 names the row (line) and column (CSV field) of the first byte
// that is not UTF-8.
func invalidUTF8(data []byte) error {
	line, col, inQuotes := 1, 1, false
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			var v Validator
			v.Add(fmt.Sprintf("rows[%d].columns[%d]", line, col), "encoding",
				fmt.Sprintf("%d行目の%d列目に UTF-8 として読めない文字があります（文字が途中で切れています）。直して UTF-8 で保存し直してください。", line, col),
				fmt.Sprintf("Row %d, column %d holds bytes that are not UTF-8 (a character is cut off). Fix it and save the file as UTF-8 again.", line, col))
			return v.Err()
		}
		switch {
		case r == '"':
			inQuotes = !inQuotes
		case r == ',' && !inQuotes:
			col++
		case r == '\n':
			line++
			if !inQuotes {
				col = 1
			}
		}
		i += n
	}
	return encodingError("UTF-8 として読み取れません。", "The file is not valid UTF-8.")
}

func encodingError(ja, en string) error {
	var v Validator
	v.Add("file", "encoding", ja, en)
	return v.Err()
}

// csvDelimiter is a tab for tab-separated text (what Excel's "Unicode text"
// is), else a comma: the header line decides.
func csvDelimiter(text string) rune {
	header, _, _ := strings.Cut(text, "\n")
	if strings.Contains(header, "\t") && !strings.Contains(header, ",") {
		return '\t'
	}
	return ','
}
