package api

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type bandOut struct {
	MinPercent *int   `json:"min_percent"`
	MaxPercent *int   `json:"max_percent"`
	Level      string `json:"level"`
}

type remoteOut struct {
	Home      int `json:"home"`
	Satellite int `json:"satellite"`
	Elsewhere int `json:"elsewhere"`
}

type ratioRowOut struct {
	DepartmentID   string    `json:"department_id"`
	DepartmentName string    `json:"department_name"`
	ParentID       *string   `json:"parent_id"`
	Depth          int       `json:"depth"`
	PeriodStart    string    `json:"period_start"`
	PeriodEnd      string    `json:"period_end"`
	WorkingDays    int       `json:"working_days"`
	Excluded       bool      `json:"excluded"`
	Members        int       `json:"members"`
	Working        int       `json:"working"`
	InOffice       int       `json:"in_office"`
	Remote         remoteOut `json:"remote"`
	PartialRemote  int       `json:"partial_remote"`
	Leave          int       `json:"leave"`
	Essential      int       `json:"essential"`
	Ratio          *float64  `json:"ratio"`
	Band           *bandOut  `json:"band"`
	BreachDays     []string  `json:"breach_days"`
	Planned        int       `json:"planned"`
	Actual         int       `json:"actual"`
}

type ratioOut struct {
	From  string        `json:"from"`
	To    string        `json:"to"`
	Group string        `json:"group"`
	Items []ratioRowOut `json:"items"`
}

func bandOutOf(b *policies.BandLimits) *bandOut {
	if b == nil {
		return nil
	}
	return &bandOut{MinPercent: b.MinPercent, MaxPercent: b.MaxPercent, Level: b.Level}
}

func ratioOf(a policies.AttendanceCount, excluded bool) *float64 {
	if r, ok := a.Ratio(); ok && !excluded {
		return &r
	}
	return nil
}

func ratioRowOutOf(r services.RatioRow) ratioRowOut {
	out := ratioRowOut{DepartmentID: r.Department.ID, DepartmentName: r.Department.Name, ParentID: r.Department.ParentID, Depth: r.Depth,
		PeriodStart: r.PeriodStart.String(), PeriodEnd: r.PeriodEnd.String(), WorkingDays: r.WorkingDays, Excluded: r.Excluded,
		Members: r.Tally.Members, Working: r.Count.Base, InOffice: r.Count.Present,
		Remote:        remoteOut{Home: r.Tally.Home, Satellite: r.Tally.Satellite, Elsewhere: r.Tally.Elsewhere},
		PartialRemote: r.Tally.Partial, Leave: r.Tally.Leave, Essential: r.Tally.Essential,
		Ratio: ratioOf(r.Count, r.Excluded), Band: bandOutOf(r.Band), BreachDays: mapSlice(r.BreachDays, policies.Date.String),
		Actual: min(r.Tally.Actual, r.Count.Base)}
	out.Planned = r.Count.Base - out.Actual
	return out
}

// civil is a date as a spreadsheet date cell.
func civil(d policies.Date) time.Time {
	y, m, day := d.Civil()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// percentOrText is a ratio cell, or a word where there is none.
func percentOrText(r *float64, excluded bool, lang i18n.Lang) any {
	switch {
	case excluded:
		return i18n.T("対象外（窓口等）", "excluded (counter work)").In(lang)
	case r == nil:
		return ""
	}
	return percent(*r)
}

func optionalInt(p *int) any {
	if p == nil {
		return ""
	}
	return *p
}

// attendanceRatio is the office-attendance ratio report.
func (s *Server) attendanceRatio(c echo.Context) error {
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	q := services.RatioQuery{From: c.QueryParam("from"), To: c.QueryParam("to"), Group: c.QueryParam("group"), DepartmentID: c.QueryParam("department_id")}
	rep, err := s.svc.Reports.Ratio(c.Request().Context(), actorFrom(c), q)
	if err != nil {
		return err
	}
	out := ratioOut{From: rep.From.String(), To: rep.To.String(), Group: rep.Group, Items: mapSlice(rep.Rows, ratioRowOutOf)}
	lang := i18n.Lang(rep.Language)
	t := table{name: "attendance-ratio", headers: []i18n.Text{
		i18n.T("所属", "Department"), i18n.T("期間の初日", "From"), i18n.T("期間の末日", "To"), i18n.T("勤務日数", "Office days"),
		i18n.T("在籍（人日）", "Members (person-days)"), i18n.T("母数（人日）", "Base (person-days)"), i18n.T("出勤（人日）", "In office (person-days)"),
		i18n.T("在宅勤務", "Home"), i18n.T("サテライト", "Satellite"), i18n.T("その他の場所", "Elsewhere"), i18n.T("一部在宅等", "Part-day remote"),
		i18n.T("休暇", "Leave"), i18n.T("出勤率", "Ratio"), i18n.T("下限（%）", "Floor (%)"), i18n.T("上限（%）", "Cap (%)"),
		i18n.T("逸脱日数", "Days outside the band"), i18n.T("予定（人日）", "Planned (person-days)"), i18n.T("実績（人日）", "Actual (person-days)")}}
	for _, r := range out.Items {
		var lo, hi any = "", ""
		if r.Band != nil {
			lo, hi = optionalInt(r.Band.MinPercent), optionalInt(r.Band.MaxPercent)
		}
		start, _ := policies.ParseDate(r.PeriodStart)
		end, _ := policies.ParseDate(r.PeriodEnd)
		t.rows = append(t.rows, []any{r.DepartmentName, civil(start), civil(end), r.WorkingDays, r.Members, r.Working, r.InOffice,
			r.Remote.Home, r.Remote.Satellite, r.Remote.Elsewhere, r.PartialRemote, r.Leave, percentOrText(r.Ratio, r.Excluded, lang),
			lo, hi, len(r.BreachDays), r.Planned, r.Actual})
	}
	return export(c, format, lang, t, out)
}

type forecastDayOut struct {
	DepartmentID   string   `json:"department_id"`
	DepartmentName string   `json:"department_name"`
	Date           string   `json:"date"`
	Members        int      `json:"members"`
	Working        int      `json:"working"`
	InOffice       int      `json:"in_office"`
	ApprovedRemote int      `json:"approved_remote"`
	PendingRemote  int      `json:"pending_remote"`
	Ratio          *float64 `json:"ratio"`
	Band           bandOut  `json:"band"`
	Breach         *string  `json:"breach"`
}

// attendanceForecast is the coming days' attendance against the bands.
func (s *Server) attendanceForecast(c echo.Context) error {
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	days := 0
	if v := c.QueryParam("days"); v != "" {
		if days, err = strconv.Atoi(v); err != nil || days < 1 {
			return badParam("days", "days は1〜62の整数です。", "days is a whole number from 1 to 62.")
		}
	}
	f, err := s.svc.Reports.Forecast(c.Request().Context(), actorFrom(c), days, c.QueryParam("department_id"))
	if err != nil {
		return err
	}
	lang := i18n.Lang(f.Language)
	out := struct {
		From  string           `json:"from"`
		To    string           `json:"to"`
		Items []forecastDayOut `json:"items"`
	}{From: f.From.String(), To: f.To.String(), Items: []forecastDayOut{}}
	t := table{name: "attendance-forecast", headers: []i18n.Text{i18n.T("所属", "Department"), i18n.T("日付", "Date"),
		i18n.T("母数", "Base"), i18n.T("出勤見込み", "In office (forecast)"), i18n.T("承認済みの在宅等", "Approved away"),
		i18n.T("承認待ちの在宅等", "Pending away"), i18n.T("出勤率", "Ratio"), i18n.T("下限（%）", "Floor (%)"), i18n.T("上限（%）", "Cap (%)"),
		i18n.T("逸脱の見込み", "Forecast breach")}}
	for _, d := range f.Days {
		o := forecastDayOut{DepartmentID: d.Department.ID, DepartmentName: d.Department.Name, Date: d.Date.String(), Members: d.Tally.Members,
			Working: d.Count.Base, InOffice: d.Count.Present, ApprovedRemote: d.ApprovedRemote, PendingRemote: d.PendingRemote,
			Ratio: ratioOf(d.Count, false), Band: *bandOutOf(&d.Band)}
		breach := ""
		if d.Breach != "" {
			o.Breach = &d.Breach
			breach = i18n.T("下限を下回る", "below the floor").In(lang)
			if d.Breach == policies.BreachAboveMax {
				breach = i18n.T("上限を超える", "above the cap").In(lang)
			}
		}
		out.Items = append(out.Items, o)
		t.rows = append(t.rows, []any{o.DepartmentName, civil(d.Date), o.Working, o.InOffice, o.ApprovedRemote, o.PendingRemote,
			percentOrText(o.Ratio, false, lang), optionalInt(o.Band.MinPercent), optionalInt(o.Band.MaxPercent), breach})
	}
	return export(c, format, lang, t, out)
}
