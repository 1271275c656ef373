package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
)

// TestWorkbookReadsBackInExcelize: the workbook api/xlsx.go writes opens in
// excelize with each sheet's rows where they were written, though the
// sheets' rows came interleaved (the first streamed, the others spilled to
// temporary files): typed cells (a date, a time of day in the zone given, a
// percentage), text that looks like a formula kept as text, characters XML
// escapes or cannot hold, columns past Z, frozen header rows and widths.
func TestWorkbookReadsBackInExcelize(t *testing.T) {
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
	jst := time.FixedZone("JST", 9*3600)
	wide := sheet{name: "wide"}
	for j := range 40 {
		wide.headers = append(wide.headers, i18n.T(fmt.Sprintf("列%d", j+1), fmt.Sprintf("Column %d", j+1)))
	}
	sheets := []sheet{
		{name: "first", headers: []i18n.Text{i18n.T("氏名", "Name"), i18n.T("日付", "Date"), i18n.T("出勤率", "Ratio")}, widths: map[int]float64{0: 20}},
		{name: "second", headers: []i18n.Text{i18n.T("時刻", "At"), i18n.T("件数", "Count")}},
		wide,
	}
	const people = 3000
	err := writeWorkbook(c, i18n.Lang("ja"), "book", sheets, func(emit func(int, []any) error) error {
		for i := range people {
			name := fmt.Sprintf("職員%d", i)
			switch i {
			case 1:
				name = `=HYPERLINK("http://evil.example")`
			case 2:
				name = "<a & b> \"q\"\x01 end "
			}
			rows := [][]any{
				{name, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), percent(float64(i%100) / 100)},
				{time.Date(2026, 12, 7, 9, 30, 0, 0, jst), i},
				nil,
			}
			for j := range 40 {
				rows[2] = append(rows[2], i*40+j)
			}
			for s, r := range rows {
				if err := emit(s, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get(echo.HeaderContentType) != mimeXLSX || rec.Header().Get(echo.HeaderContentDisposition) != `attachment; filename="book.xlsx"` {
		t.Fatalf("headers %v", rec.Header())
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); fmt.Sprint(got) != "[first second wide]" {
		t.Fatalf("sheets %v", got)
	}
	raw := excelize.Options{RawCellValue: true}
	first, _ := f.GetRows("first", raw)
	second, _ := f.GetRows("second", raw)
	wideRows, _ := f.GetRows("wide", raw)
	if len(first) != people+1 || len(second) != people+1 || len(wideRows) != people+1 {
		t.Fatalf("rows: %d %d %d", len(first), len(second), len(wideRows))
	}
	if first[0][0] != "氏名" || first[0][2] != "出勤率" || wideRows[0][39] != "列40" {
		t.Errorf("headers in the organisation's language: %v %v", first[0], wideRows[0][39])
	}
	if first[1][1] != "46363" || first[51][2] != "0.5" {
		t.Errorf("a date as Excel's day number, a ratio as a number: %v %v", first[1], first[51])
	}
	if v, _ := f.GetCellValue("first", "B2"); v != "2026-12-07" {
		t.Errorf("the date shown as a date: %q", v)
	}
	if v, _ := f.GetCellValue("first", "C52"); v != "50.00%" {
		t.Errorf("the ratio shown as a percentage: %q", v)
	}
	if v, _ := f.GetCellValue("second", "A2"); v != "2026-12-07 09:30:00" {
		t.Errorf("the time as the zone given shows it: %q", v)
	}
	if first[2][0] != `=HYPERLINK("http://evil.example")` {
		t.Errorf("the formula-like name: %q", first[2][0])
	}
	if formula, _ := f.GetCellFormula("first", "A3"); formula != "" {
		t.Errorf("the name became a formula: %q", formula)
	}
	if typ, _ := f.GetCellType("first", "A3"); typ == excelize.CellTypeFormula {
		t.Error("a formula cell")
	}
	if first[3][0] != "<a & b> \"q\"\uFFFD end " {
		t.Errorf("escaped text: %q", first[3][0])
	}
	for i := 1; i <= people; i += 997 {
		if n, _ := strconv.Atoi(second[i][1]); n != i-1 {
			t.Errorf("second sheet row %d: %v", i, second[i])
		}
		if wideRows[i][39] != strconv.Itoa((i-1)*40+39) {
			t.Errorf("wide sheet row %d, column AN: %v", i, wideRows[i][39])
		}
	}
	if v, _ := f.GetCellValue("wide", "AN3001"); v != strconv.Itoa(2999*40+39) {
		t.Errorf("AN3001 = %q", v)
	}
	for _, name := range f.GetSheetList() {
		if panes, err := f.GetPanes(name); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: the header row is frozen: %+v %v", name, panes, err)
		}
	}
	if w, _ := f.GetColWidth("first", "A"); w != 20 {
		t.Errorf("a width given: %v", w)
	}
	if w, _ := f.GetColWidth("first", "B"); w != 12 {
		t.Errorf("the narrowest width: %v", w)
	}
	if style, _ := f.GetCellStyle("first", "A1"); style == 0 {
		t.Error("the header row is bold")
	} else if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("the header style: %+v", s)
	}
}

// TestWorkbookWithoutRows: a workbook with its header rows only.
func TestWorkbookWithoutRows(t *testing.T) {
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
	err := writeWorkbook(c, i18n.Lang("en"), "empty", []sheet{{name: "a", headers: []i18n.Text{i18n.T("氏名", "Name")}}, {name: "b"}},
		func(func(int, []any) error) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, _ := f.GetRows("a")
	b, _ := f.GetRows("b")
	if len(a) != 1 || a[0][0] != "Name" || len(b) != 0 {
		t.Fatalf("a %v, b %v", a, b)
	}
}
