package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

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
	// stream, when set, produces the rows instead of rows, so that a large
	// download (a year's ledger, the audit trail) never holds them all.
	stream func(emit func(row []any) error) error
}

func (t table) each(emit func(row []any) error) error {
	if t.stream != nil {
		return t.stream(emit)
	}
	for _, r := range t.rows {
		if err := emit(r); err != nil {
			return err
		}
	}
	return nil
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
	// The answer starts with the first row, so that a refusal found while
	// preparing the rows (a right, a parameter) is still a problem answer.
	var cw *csv.Writer
	begin := func() error {
		if cw != nil {
			return nil
		}
		attach(c, mimeCSV+"; charset=utf-8", t.name+".csv")
		if _, err := c.Response().Write([]byte("\uFEFF")); err != nil {
			return err
		}
		cw = csv.NewWriter(c.Response())
		head := make([]string, len(t.headers))
		for i, h := range t.headers {
			head[i] = h.In(lang)
		}
		return cw.Write(head)
	}
	rec := make([]string, len(t.headers))
	err := t.each(func(row []any) error {
		if err := begin(); err != nil {
			return err
		}
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		return cw.Write(rec)
	})
	if err == nil {
		err = begin()
	}
	if err != nil {
		return err
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
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 {
			return x.Format(time.DateTime)
		}
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
	return writeWorkbook(c, lang, t.name, []sheet{{name: t.name, headers: t.headers}}, func(emit func(int, []any) error) error {
		return t.each(func(row []any) error { return emit(0, row) })
	})
}

// sheet is one sheet of a workbook: its name and header row.
type sheet struct {
	name    string
	headers []i18n.Text
	widths  map[int]float64 // column (0-based) → width, where the header's own is not right
}

// writeWorkbook writes sheets whose rows fill produces (a sheet's rows in
// order, sheets interleaved as fill likes), streaming them to the response
// (api/xlsx.go), so memory stays bounded however many rows there are. The
// answer starts with the first row, so that a refusal found while preparing
// the rows (a right, a parameter) is still a problem answer.
func writeWorkbook(c echo.Context, lang i18n.Lang, name string, sheets []sheet, fill func(emit func(sheet int, row []any) error) error) error {
	var x *xlsxFile
	begin := func() error {
		if x != nil {
			return nil
		}
		attach(c, mimeXLSX, name+".xlsx")
		var err error
		x, err = newXLSX(c.Response(), lang, sheets)
		return err
	}
	defer func() {
		if x != nil {
			x.close()
		}
	}()
	err := fill(func(i int, row []any) error {
		if err := begin(); err != nil {
			return err
		}
		return x.parts[i].row(row)
	})
	if err == nil {
		err = begin()
	}
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := x.finish(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}
