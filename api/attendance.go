package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

type attendanceDayOut struct {
	EmployeeID   string            `json:"employee_id"`
	EmployeeName string            `json:"employee_name"`
	DepartmentID string            `json:"department_id"`
	Date         string            `json:"date"`
	Location     policies.Location `json:"location"`
	Portion      policies.Unit     `json:"portion,omitempty"`
	Minutes      int               `json:"minutes"`
	OfficeID     *string           `json:"office_id"`
	RequestID    *string           `json:"request_id"`
	Planned      bool              `json:"planned"`
	Corrected    bool              `json:"corrected"`
	// Correction is the reason HR gave, shown to HR only.
	Correction *string `json:"correction,omitempty"`
}

func attendanceDayOutOf(a services.AttendanceDay) attendanceDayOut {
	out := attendanceDayOut{EmployeeID: a.EmployeeID, EmployeeName: a.EmployeeName, DepartmentID: a.DepartmentID, Date: a.Day.String(),
		Location: a.Location, Portion: a.Portion, Minutes: a.Minutes, OfficeID: a.OfficeID, RequestID: a.RequestID, Planned: !a.Actual,
		Corrected: a.CorrectedBy != nil}
	if a.Correction != "" {
		out.Correction = &a.Correction
	}
	return out
}

// attendance is the work-location ledger of a period: where each visible
// person works each day, as JSON or a download (a CSV row per person and
// day, or an XLSX grid of people by days, a sheet per month).
func (s *Server) attendance(c echo.Context) error {
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	q := services.AttendanceQuery{From: c.QueryParam("from"), To: c.QueryParam("to"),
		DepartmentID: c.QueryParam("department_id"), EmployeeID: c.QueryParam("employee_id")}
	ctx, actor := c.Request().Context(), actorFrom(c)
	if format == "json" {
		days, err := s.svc.Ledger.Attendance(ctx, actor, q)
		if err != nil {
			return err
		}
		return ok(c, http.StatusOK, newList(mapSlice(days, attendanceDayOutOf), ""))
	}
	from, to, err := services.AttendanceDownload(q)
	if err != nil {
		return err
	}
	org, err := s.svc.Organizations.Get(ctx, actor)
	if err != nil {
		return err
	}
	lang := i18n.Lang(org.Org.Language)
	each := func(fn func(services.AttendanceDay) error) error {
		return s.svc.Ledger.EachAttendance(ctx, actor, q, from, to, 0, fn)
	}
	if format == "csv" {
		t := table{name: "ledger", headers: []i18n.Text{i18n.T("職員番号", "Employee number"), i18n.T("氏名", "Name"), i18n.T("所属", "Department"),
			i18n.T("日付", "Date"), i18n.T("勤務場所", "Location"), i18n.T("区分", "Portion"), i18n.T("時間（分）", "Minutes"),
			i18n.T("予定・実績", "Planned or actual"), i18n.T("人事課の訂正", "Corrected by HR")}}
		t.stream = func(emit func([]any) error) error {
			return each(func(a services.AttendanceDay) error {
				return emit([]any{a.EmployeeNumber, a.EmployeeName, a.DepartmentName, civil(a.Day), locationName(a.Location).In(lang),
					portionName(a.Portion).In(lang), a.Minutes, plannedName(a.Actual).In(lang), yesNo(a.CorrectedBy != nil).In(lang)})
			})
		}
		return writeCSV(c, lang, t)
	}
	return writeLedgerGrid(c, lang, from, to, each)
}

// writeLedgerGrid writes the ledger as people by days, a sheet per month, so
// that a year for thousands of people stays within Excel's row limit.
func writeLedgerGrid(c echo.Context, lang i18n.Lang, from, to policies.Date, each func(func(services.AttendanceDay) error) error) error {
	var sheets []sheet
	var starts []policies.Date // each sheet's first day
	for d := from; !d.After(to); {
		y, m, _ := d.Civil()
		last := policies.DateOf(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
		if last.After(to) {
			last = to
		}
		sh := sheet{name: fmt.Sprintf("%04d-%02d", y, int(m)), widths: map[int]float64{0: 12, 1: 16, 2: 20},
			headers: []i18n.Text{i18n.T("職員番号", "Employee number"), i18n.T("氏名", "Name"), i18n.T("所属", "Department")}}
		for x := d; !x.After(last); x = x.AddDays(1) {
			_, _, day := x.Civil()
			sh.widths[len(sh.headers)] = 6
			sh.headers = append(sh.headers, i18n.T(fmt.Sprintf("%d日", day), strconv.Itoa(day)))
		}
		sheets, starts = append(sheets, sh), append(starts, d)
		d = last.AddDays(1)
	}
	return writeWorkbook(c, lang, "ledger", sheets, func(emit func(int, []any) error) error {
		var person []services.AttendanceDay
		flush := func() error {
			if len(person) == 0 {
				return nil
			}
			for i, start := range starts {
				end := to
				if i+1 < len(starts) {
					end = starts[i+1].AddDays(-1)
				}
				p := person[0]
				row := []any{p.EmployeeNumber, p.EmployeeName, ""}
				for _, a := range person {
					if a.Day.Before(start) || a.Day.After(end) {
						continue
					}
					if row[2] == "" {
						row[2] = a.DepartmentName // the department on the month's first day
					}
					row = append(row, ledgerCode(a, lang))
				}
				if err := emit(i, row); err != nil {
					return err
				}
			}
			person = person[:0]
			return nil
		}
		err := each(func(a services.AttendanceDay) error {
			if len(person) > 0 && person[0].EmployeeID != a.EmployeeID {
				if err := flush(); err != nil {
					return err
				}
			}
			person = append(person, a)
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
}

// ledgerCode is a day's cell in the grid: where, which part, and marks for
// actual (●) and corrected (*) entries.
func ledgerCode(a services.AttendanceDay, lang i18n.Lang) string {
	codes := map[policies.Location]i18n.Text{
		policies.LocationOffice: i18n.T("出", "O"), policies.LocationHome: i18n.T("在", "H"), policies.LocationSatellite: i18n.T("サ", "S"),
		policies.LocationElsewhere: i18n.T("外", "E"), policies.LocationLeave: i18n.T("休", "L"), policies.LocationOff: i18n.T("－", "-"),
	}
	out := codes[a.Location].In(lang)
	switch a.Portion {
	case policies.UnitAM:
		out += i18n.T("午前", " am").In(lang)
	case policies.UnitPM:
		out += i18n.T("午後", " pm").In(lang)
	case policies.UnitHours:
		out += fmt.Sprintf(" %d:%02d", a.Minutes/60, a.Minutes%60)
	}
	if a.Actual {
		out += "●"
	}
	if a.CorrectedBy != nil {
		out += "*"
	}
	return out
}

func locationName(l policies.Location) i18n.Text {
	switch l {
	case policies.LocationOffice:
		return i18n.T("出勤", "office")
	case policies.LocationHome:
		return i18n.T("在宅勤務", "home")
	case policies.LocationSatellite:
		return i18n.T("サテライトオフィス", "satellite office")
	case policies.LocationElsewhere:
		return i18n.T("その他の場所・出張", "elsewhere or travel")
	case policies.LocationLeave:
		return i18n.T("休暇", "leave")
	case policies.LocationOff:
		return i18n.T("閉庁日", "not a working day")
	}
	return i18n.T(string(l), string(l))
}

func portionName(u policies.Unit) i18n.Text {
	switch u {
	case policies.UnitFull:
		return i18n.T("終日", "full day")
	case policies.UnitAM:
		return i18n.T("午前", "morning")
	case policies.UnitPM:
		return i18n.T("午後", "afternoon")
	case policies.UnitHours:
		return i18n.T("時間単位", "hours")
	}
	return i18n.T("", "")
}

func plannedName(actual bool) i18n.Text {
	if actual {
		return i18n.T("実績", "actual")
	}
	return i18n.T("予定", "planned")
}

func yesNo(b bool) i18n.Text {
	if b {
		return i18n.T("あり", "yes")
	}
	return i18n.T("", "")
}

// correctAttendance is HR's correction of where someone worked on a day.
func (s *Server) correctAttendance(c echo.Context) error {
	var in services.Correction
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	a, err := s.svc.Ledger.Correct(c.Request().Context(), actorFrom(c), idParam(c, "employee_id"), idParam(c, "date"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, attendanceDayOutOf(*a))
}

// uncorrectAttendance withdraws HR's correction of a day.
func (s *Server) uncorrectAttendance(c echo.Context) error {
	if err := s.svc.Ledger.Uncorrect(c.Request().Context(), actorFrom(c), idParam(c, "employee_id"), idParam(c, "date")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
