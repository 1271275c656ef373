package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
)

// Reports are JSON, or a download for a spreadsheet (?format=csv|xlsx, or
// the Accept header): HR's auditors work in Excel.

const (
	mimeCSV  = "text/csv"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// table is a report as rows of typed cells.
type table struct {
	name    string // the file's and the sheet's name
	headers []i18n.Text
	rows    [][]any // string, int, float64, percent, time.Time (a date)
}

// percent is a ratio shown as a percentage.
type percent float64

// exportFormat is the format the request asks for: "json", "csv" or "xlsx".
func exportFormat(c echo.Context) (string, error) {
	switch f := c.QueryParam("format"); f {
	case "csv", "xlsx", "json":
		return f, nil
	case "":
	default:
		return "", badParam("format", "format は json、csv、xlsx のいずれかです。", "format is json, csv or xlsx.")
	}
	accept := c.Request().Header.Get(echo.HeaderAccept)
	switch {
	case strings.Contains(accept, mimeXLSX):
		return "xlsx", nil
	case strings.Contains(accept, mimeCSV):
		return "csv", nil
	}
	return "json", nil
}

// export answers the report in the format asked for: the JSON as it is, or
// the table as a download. Headers follow the language given.
func export(c echo.Context, format string, lang i18n.Lang, t table, asJSON any) error {
	switch format {
	case "csv":
		return writeCSV(c, lang, t)
	case "xlsx":
		return writeXLSX(c, lang, t)
	}
	return ok(c, http.StatusOK, asJSON)
}

func attach(c echo.Context, mime, name string) {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, mime)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Response().WriteHeader(http.StatusOK)
}

// writeCSV writes UTF-8 with a BOM, which Excel needs to read Japanese.
func writeCSV(c echo.Context, lang i18n.Lang, t table) error {
	attach(c, mimeCSV+"; charset=utf-8", t.name+".csv")
	w := c.Response()
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(t.headers))
	for i, h := range t.headers {
		head[i] = h.In(lang)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.headers))
	for _, row := range t.rows {
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(v any) string {
	switch x := v.(type) {
	case string:
		return inert(x)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case percent:
		return strconv.FormatFloat(float64(x)*100, 'f', 1, 64) + "%"
	case time.Time:
		return x.Format(time.DateOnly)
	case nil:
		return ""
	}
	return inert(fmt.Sprint(v))
}

// inert keeps a text a spreadsheet would read as a formula (=, +, -, @, or
// a tab or carriage return before one) a text: an attacker's name such as
// =HYPERLINK(…) must not run in HR's Excel.
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeXLSX writes typed cells (dates as dates, ratios as percentages)
// under a frozen, bold header row, streaming the rows.
func writeXLSX(c echo.Context, lang i18n.Lang, t table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.name
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	dateFmt := "yyyy-mm-dd"
	date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	for i, h := range t.headers {
		width := 12.0
		if n := float64(utf8.RuneCountInString(h.In(lang))) * 2.2; n > width {
			width = n
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head := make([]any, len(t.headers))
	for i, h := range t.headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h.In(lang)}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for r, row := range t.rows {
		cells := make([]any, len(row))
		for i, v := range row {
			switch x := v.(type) {
			case percent:
				cells[i] = excelize.Cell{StyleID: pct, Value: float64(x)}
			case time.Time:
				cells[i] = excelize.Cell{StyleID: date, Value: x}
			default:
				cells[i] = x // excelize writes a string as text, never as a formula
			}
		}
		name, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(name, cells); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	attach(c, mimeXLSX, t.name+".xlsx")
	return f.Write(c.Response())
}
