package services

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

func encode(t *testing.T, tr transform.Transformer, s string) []byte {
	t.Helper()
	b, _, err := transform.Bytes(tr, []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeCSVText(t *testing.T) {
	const csv = "職員番号,姓,名\r\nN1,田中,太郎\r\nN2,渡邉,あい\r\n"
	utf8Text := []byte(csv)
	cut := []byte("職員番号,姓,名\r\nN1,田中,太郎\r\nN2,")
	cut = append(cut, []byte("渡邉")[:4]...) // 渡 whole, 邉 cut after its first byte
	cut = append(cut, []byte(",あい\r\n")...)
	cases := []struct {
		name     string
		data     []byte
		want     string
		encoding string
		field    string // the error's field, when refused
	}{
		{"UTF-8", utf8Text, csv, "utf-8", ""},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), utf8Text...), csv, "utf-8-bom", ""},
		{"Shift_JIS, with 渡邉, whose bytes hold a valid UTF-8 sequence", encode(t, japanese.ShiftJIS.NewEncoder(), csv), csv, "shift_jis", ""},
		{"UTF-16LE with BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), csv), csv, "utf-16le", ""},
		{"UTF-16BE with BOM", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder(), csv), csv, "utf-16be", ""},
		{"UTF-8 with a cut-off character", cut, "", "", "rows[3].columns[2]"},
		{"UTF-8 BOM with a cut-off character", append([]byte("\xEF\xBB\xBF"), cut...), "", "", "rows[3].columns[2]"},
		{"stray FF FE, odd length", append([]byte("\xFF\xFE"), "a,b\n1"...), "", "", "file"},
		{"UTF-16 with a lone surrogate", []byte("\xFF\xFEa\x00\x00\xD8b\x00"), "", "", "file"},
		{"neither UTF-8 nor Shift_JIS", []byte("a,b\r\n\x81\xFF,\xFF\xFF\r\n"), "", "", "file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, enc, err := decodeCSVText(c.data)
			if c.field == "" {
				if err != nil || got != c.want || enc != c.encoding {
					t.Fatalf("%q %q %v", got, enc, err)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) || !errors.Is(err, ErrValidation) || len(se.Fields) != 1 || se.Fields[0].Field != c.field {
				t.Fatalf("want a refusal naming %s, got %q %q %v", c.field, got, enc, err)
			}
			if strings.Contains(got, "逕") {
				t.Fatal("mojibake")
			}
		})
	}
}

func TestCSVDelimiter(t *testing.T) {
	if csvDelimiter("a\tb\r\n1\t2") != '\t' || csvDelimiter("a,b\n1,2") != ',' || csvDelimiter("a,\tb") != ',' {
		t.Fatal("delimiter")
	}
}
