package api

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
)

// The XLSX downloads are written here, part by part, into a zip that goes
// straight to the response. excelize (which the tests read the files back
// with) keeps up to 16 MiB of each sheet in memory and builds the whole zip
// in memory before writing it: for a year's ledger of 5,000 people (twelve
// sheets) that is a few hundred megabytes. Here the first sheet is deflated
// into the response as its rows come; the others, whose rows come
// interleaved with it, are deflated into temporary files and copied into
// the zip at the end. Memory stays at a few buffers per sheet, whatever the
// number of rows.

// Cell styles, the positions in styles.xml's cellXfs.
const (
	xfPlain = iota
	xfBold
	xfPercent // 0.00%
	xfDate
	xfDateTime
)

const (
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	// maxCellText is Excel's limit on a cell's characters, maxRows on a
	// sheet's rows.
	maxCellText = 32767
	maxRows     = 1 << 20
)

const stylesXML = xmlHead + `<styleSheet xmlns="` + nsMain + `">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="5">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

// xlsxFile is a workbook being written to w.
type xlsxFile struct {
	zw     *zip.Writer
	sheets []sheet
	parts  []*sheetPart
}

// sheetPart is one sheet's XML as it is written: the first into the zip,
// the others deflated into a temporary file with their checksum and size.
type sheetPart struct {
	w    *bufio.Writer
	rows int
	buf  []byte

	file    *os.File
	fileBuf *bufio.Writer
	fw      *flate.Writer
	crc     hash.Hash32
	size    int64 // uncompressed
}

func (p *sheetPart) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += int64(len(b))
	return p.fw.Write(b)
}

// newXLSX starts the workbook: its fixed parts, and each sheet's start with
// the header row. The caller closes it (which removes the temporary files)
// after finish.
func newXLSX(w io.Writer, lang i18n.Lang, sheets []sheet) (*xlsxFile, error) {
	x := &xlsxFile{zw: zip.NewWriter(w), sheets: sheets}
	var ct, wb, rels strings.Builder
	ct.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	wb.WriteString(xmlHead + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	rels.WriteString(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, sh := range sheets {
		n := strconv.Itoa(i + 1)
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%s.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%s" r:id="rId%s"/>`, escapeXML(sh.name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%s" Type="`+nsRel+`/worksheet" Target="worksheets/sheet%s.xml"/>`, n, n)
	}
	ct.WriteString(`</Types>`)
	wb.WriteString(`</sheets></workbook>`)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="`+nsRel+`/styles" Target="styles.xml"/></Relationships>`, len(sheets)+1)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", ct.String()},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", wb.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", stylesXML},
	} {
		f, err := x.zw.Create(p.name)
		if err != nil {
			return x, err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return x, err
		}
	}
	for i, sh := range sheets {
		p := &sheetPart{crc: crc32.NewIEEE()}
		if i == 0 {
			f, err := x.zw.Create("xl/worksheets/sheet1.xml")
			if err != nil {
				return x, err
			}
			p.w = bufio.NewWriterSize(f, 64<<10)
		} else {
			file, err := os.CreateTemp("", "kinmuchi-xlsx-*")
			if err != nil {
				return x, err
			}
			p.file, p.fileBuf = file, bufio.NewWriterSize(file, 32<<10)
			if p.fw, err = flate.NewWriter(p.fileBuf, flate.BestSpeed); err != nil {
				return x, err
			}
			p.w = bufio.NewWriterSize(p, 32<<10)
		}
		x.parts = append(x.parts, p)
		if err := p.start(sh, lang, i == 0); err != nil {
			return x, err
		}
	}
	return x, nil
}

// start writes the sheet's view (the header row frozen), its column widths
// and its header row.
func (p *sheetPart) start(sh sheet, lang i18n.Lang, first bool) error {
	selected := ""
	if first {
		selected = ` tabSelected="1"`
	}
	fmt.Fprintf(p.w, xmlHead+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`"><sheetViews><sheetView%s workbookViewId="0">`+
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`+
		`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`, selected)
	if len(sh.headers) > 0 {
		p.w.WriteString(`<cols>`)
		for j, h := range sh.headers {
			width, ok := sh.widths[j]
			if !ok {
				width = max(12, float64(utf8.RuneCountInString(h.In(lang)))*2.2)
			}
			fmt.Fprintf(p.w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, j+1, j+1, strconv.FormatFloat(width, 'f', -1, 64))
		}
		p.w.WriteString(`</cols>`)
	}
	p.w.WriteString(`<sheetData>`)
	head := make([]any, len(sh.headers))
	for j, h := range sh.headers {
		head[j] = bold(h.In(lang))
	}
	return p.row(head)
}

// bold is a header cell.
type bold string

// row writes a row of typed cells.
func (p *sheetPart) row(cells []any) error {
	if p.rows == maxRows {
		return fmt.Errorf("more than %d rows in a sheet, which Excel cannot open", maxRows)
	}
	p.rows++
	r := strconv.Itoa(p.rows)
	b := append(p.buf[:0], `<row r="`...)
	b = append(b, r...)
	b = append(b, `">`...)
	for j, v := range cells {
		style, value, text := xfPlain, "", false
		switch x := v.(type) {
		case nil:
			continue
		case string:
			value, text = x, true
		case bold:
			style, value, text = xfBold, string(x), true
		case int:
			value = strconv.Itoa(x)
		case int64:
			value = strconv.FormatInt(x, 10)
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			value = strconv.FormatFloat(x, 'f', -1, 64)
		case percent:
			style, value = xfPercent, strconv.FormatFloat(float64(x), 'f', -1, 64)
		case time.Time:
			style = xfDate
			if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 {
				style = xfDateTime
			}
			value = strconv.FormatFloat(excelSerial(x), 'f', -1, 64)
		default:
			value, text = fmt.Sprint(v), true
		}
		b = append(b, `<c r="`...)
		b = appendColumn(b, j)
		b = append(b, r...)
		b = append(b, '"')
		if style != xfPlain {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(style), 10)
			b = append(b, '"')
		}
		if text {
			// An inline string is text: never read as a formula, whatever
			// it starts with.
			b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
			b = appendEscaped(b, value)
			b = append(b, `</t></is></c>`...)
		} else {
			b = append(b, `><v>`...)
			b = append(b, value...)
			b = append(b, `</v></c>`...)
		}
	}
	b = append(b, `</row>`...)
	p.buf = b
	_, err := p.w.Write(b)
	return err
}

// excelSerial is the instant's wall clock as Excel counts it: days since
// 1899-12-30 (which absorbs Excel's 29 February 1900 for every date after
// it), the time of day as the fraction.
func excelSerial(t time.Time) float64 {
	y, m, d := t.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
	return math.Round(days) + float64(secs)/86400
}

// appendColumn appends the column's letters (0 → A, 26 → AA).
func appendColumn(b []byte, j int) []byte {
	var tmp [4]byte
	i := len(tmp)
	for j++; j > 0; j = (j - 1) / 26 {
		i--
		tmp[i] = byte('A' + (j-1)%26)
	}
	return append(b, tmp[i:]...)
}

// appendEscaped appends the text escaped for XML, cut to Excel's limit;
// characters XML cannot hold become U+FFFD.
func appendEscaped(b []byte, s string) []byte {
	n := 0
	for _, r := range s {
		if n++; n > maxCellText {
			break
		}
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\t' || r == '\n':
			b = utf8.AppendRune(b, r)
		case r == '\r':
			b = append(b, "&#xD;"...)
		case r < 0x20 || (r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b = utf8.AppendRune(b, '\uFFFD')
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

func escapeXML(s string) string {
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s))
	return sb.String()
}

// finish ends every sheet, copies the spilled ones into the zip and closes
// it.
func (x *xlsxFile) finish() error {
	for i, p := range x.parts {
		if _, err := p.w.WriteString(`</sheetData></worksheet>`); err != nil {
			return err
		}
		if err := p.w.Flush(); err != nil {
			return err
		}
		if i == 0 {
			continue
		}
		if err := p.fw.Close(); err != nil {
			return err
		}
		if err := p.fileBuf.Flush(); err != nil {
			return err
		}
		st, err := p.file.Stat()
		if err != nil {
			return err
		}
		if _, err := p.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		w, err := x.zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), Method: zip.Deflate,
			CRC32: p.crc.Sum32(), CompressedSize64: uint64(st.Size()), UncompressedSize64: uint64(p.size)})
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, p.file); err != nil {
			return err
		}
	}
	return x.zw.Close()
}

// close removes the temporary files.
func (x *xlsxFile) close() {
	for _, p := range x.parts {
		if p.file != nil {
			p.file.Close()
			os.Remove(p.file.Name())
		}
	}
}
