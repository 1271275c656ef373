package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// ratioRow finds a department's row of a ratio report.
func ratioRow(t *testing.T, r *res, dept, start string) map[string]any {
	t.Helper()
	for _, it := range r.items() {
		if it["department_id"] == dept && it["period_start"] == start {
			return it
		}
	}
	t.Fatalf("no row for %s from %s in %s", dept, start, r.body)
	return nil
}

func num(v any) int { f, _ := v.(float64); return int(f) }

// TestAttendanceRatioByHand: one week of 総務部 (three staff) with 総務課
// below it (課長 and 職員) and the counter section 市民課, computed by hand:
// a full day at home, a morning at home (present), a day's leave, a
// transfer of the 課長 to 市民課 effective on Thursday (entered the week
// before), a day at home that leaves 総務課 below its 40% floor, and an HR
// correction (a day of travel) that survives a rebuild.
func TestAttendanceRatioByHand(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(floorWarns(withRoute(supervisorOnlyRoute)))
		emp, sup, hr, head := e.login(empEmail), e.login(supEmail), e.login(hrEmail), e.login(headEmail)
		approve := func(body map[string]any) string {
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: body}).must(t, 201)
			e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200)
			return r.str("id")
		}
		approve(telework([]string{"2026-12-07"}, "general", nil))
		approve(map[string]any{"dates": []string{"2026-12-08"}, "unit": "am", "place": "home", "reason": "general"})
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{
			{"employee_id": e.fx.emp, "date": "2026-12-09"}}}}).must(t, 200)
		// The 課長 asks for Friday at home before the transfer is entered: the
		// pending day counts for 総務課 until then.
		supReq := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: sup, body: telework([]string{"2026-12-11"}, "general", nil)}).must(t, 201)
		counter := func(dept, day string) int {
			var n int
			e.db.Gorm.Raw("SELECT COALESCE(SUM(remote), 0) FROM attendance_days WHERE department_id = ? AND day = ?", dept, day).Scan(&n)
			return n
		}
		if counter(e.fx.dAffairs, "2026-12-11") != 1 {
			t.Fatal("the pending day counts for 総務課")
		}

		// The transfer, prepared a week ahead.
		tr := e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.sup + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dCitizens, "effective_from": "2026-12-10", "note": "12月10日付異動"}}).must(t, 201)
		if tr.json["in_effect"] != false || tr.json["valid_to"] != nil {
			t.Fatalf("a transfer still to come: %s", tr.body)
		}
		if counter(e.fx.dAffairs, "2026-12-11") != 0 || counter(e.fx.dCitizens, "2026-12-11") != 1 {
			t.Fatal("the pending day after the effective date moves to the new department's counter")
		}
		hist := e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.sup + "/assignments", token: sup}).must(t, 200).items()
		if len(hist) != 2 || hist[0]["department_id"] != e.fx.dAffairs || hist[0]["valid_to"] != "2026-12-10" || hist[1]["department_id"] != e.fx.dCitizens {
			t.Fatalf("history: %v", hist)
		}
		me := e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.sup, token: hr}).must(t, 200)
		if me.json["department_id"] != e.fx.dAffairs {
			t.Fatal("until the effective date the 課長 is in 総務課")
		}
		// Only HR and administrators enter transfers; the same date twice is a conflict.
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: sup,
			body: map[string]any{"department_id": e.fx.dCitizens, "effective_from": "2026-12-10"}}).must(t, 403)
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.sup + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dGeneral, "effective_from": "2026-12-10"}}).must(t, 409)
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.sup + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dCitizens, "effective_from": "2026-12-15"}}).must(t, 422)

		// Thursday: 総務課 is the 職員 alone; a day at home leaves it at 0%
		// (a warning under this policy) and the forecast flags it.
		thu := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-10"}, "general", nil)}).must(t, 201)
		if !strings.Contains(string(thu.body), "attendance.min_ratio") {
			t.Fatalf("the floor warns: %s", thu.body)
		}
		fc := e.do(req{method: "GET", path: "/api/v1/reports/attendance-forecast?days=14", token: hr}).must(t, 200)
		var flagged []string
		for _, it := range fc.items() {
			if it["breach"] != nil {
				flagged = append(flagged, it["department_id"].(string)+" "+it["date"].(string)+" "+fmt.Sprint(num(it["pending_remote"])))
			}
		}
		if want := []string{e.fx.dAffairs + " 2026-12-10 1"}; strings.Join(flagged, ",") != strings.Join(want, ",") {
			t.Fatalf("forecast breaches %v, want %v", flagged, want)
		}
		e.do(req{method: "GET", path: "/api/v1/reports/attendance-forecast?days=14", token: hr}).must(t, 200)
		told := func(token string) int {
			n := 0
			for _, it := range e.do(req{method: "GET", path: "/api/v1/notifications", token: token}).must(t, 200).items() {
				if it["kind"] == services.NoticeForecastBreach {
					n++
				}
			}
			return n
		}
		if told(hr) != 1 || told(sup) != 1 || told(emp) != 0 {
			t.Fatalf("a breach is told once to HR and the section's head: hr %d, head %d, employee %d", told(hr), told(sup), told(emp))
		}
		e.decideTask(sup, taskAt(thu, 0)["id"].(string), "approve", nil, 200)

		// Friday: HR finds the 職員 was on a business trip.
		e.do(req{method: "PUT", path: "/api/v1/attendance/" + e.fx.emp + "/2026-12-11", token: hr,
			body: map[string]any{"location": "elsewhere", "portion": "full", "reason": "出張（県庁）"}}).must(t, 200)

		// The ledger and counters agree on the approved part after all this.
		checkLedgerAgreesWithCounters(t, e.db.Gorm)

		week := e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13&group=week", token: hr}).must(t, 200)
		ka := ratioRow(t, week, e.fx.dAffairs, "2026-12-07")
		want := map[string]int{"working_days": 5, "members": 8, "working": 7, "in_office": 4, "partial_remote": 1, "leave": 1, "actual": 1, "planned": 6}
		for k, v := range want {
			if num(ka[k]) != v {
				t.Errorf("総務課 %s = %v, want %d", k, ka[k], v)
			}
		}
		if rm := ka["remote"].(map[string]any); num(rm["home"]) != 2 || num(rm["elsewhere"]) != 1 || num(rm["satellite"]) != 0 {
			t.Errorf("総務課 remote %v", rm)
		}
		if r := ka["ratio"].(float64); r < 4.0/7-1e-9 || r > 4.0/7+1e-9 {
			t.Errorf("総務課 ratio %v, want 4/7", r)
		}
		if b := ka["band"].(map[string]any); num(b["min_percent"]) != 40 {
			t.Errorf("band %v", b)
		}
		if bd := fmt.Sprint(ka["breach_days"]); bd != "[2026-12-10 2026-12-11]" {
			t.Errorf("breach days %s", bd)
		}
		bu := ratioRow(t, week, e.fx.dGeneral, "2026-12-07")
		if num(bu["members"]) != 23 || num(bu["working"]) != 22 || num(bu["in_office"]) != 19 || bu["band"] != nil || bu["depth"] != 0.0 {
			t.Errorf("総務部 rolls up 総務課: %v", bu)
		}
		if ka["depth"] != 1.0 || *strPtr(ka["parent_id"]) != e.fx.dGeneral {
			t.Errorf("総務課 sits below 総務部: %v", ka)
		}
		counterRow := ratioRow(t, week, e.fx.dCitizens, "2026-12-07")
		if counterRow["excluded"] != true || counterRow["ratio"] != nil || num(counterRow["members"]) != 7 {
			t.Errorf("the counter section is excluded, not 100%%: %v", counterRow)
		}
		day := e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-10&to=2026-12-10&group=day&department_id=" + e.fx.dAffairs, token: hr}).must(t, 200)
		if it := day.items(); len(it) != 1 || num(it[0]["working"]) != 1 || num(it[0]["in_office"]) != 0 || it[0]["ratio"] != 0.0 {
			t.Errorf("Thursday: %v", it)
		}

		// Who sees what: the head of 総務部 his department and below; the
		// 職員 nothing; a department outside the head's, forbidden.
		mine := e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13", token: head}).must(t, 200)
		if len(mine.items()) != 2 {
			t.Errorf("the head of 総務部 sees 総務部 and 総務課: %s", mine.body)
		}
		e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13", token: emp}).must(t, 403)
		e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13&department_id=" + e.fx.dCitizens, token: head}).must(t, 403)
		e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13&group=year", token: hr}).must(t, 400)

		// The transfer takes effect: the job moves the department column.
		e.clock.Set(start.AddDate(0, 0, 9)) // Thursday 10 December
		svc := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi"})
		if n, err := svc.Transfers.ApplyDue(context.Background()); err != nil || n != 1 {
			t.Fatalf("transfers applied: %d %v", n, err)
		}
		hr = e.login(hrEmail)
		me = e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.sup, token: hr}).must(t, 200)
		if me.json["department_id"] != e.fx.dCitizens {
			t.Fatal("from the effective date the 課長 is in 市民課")
		}
		e.do(req{method: "DELETE", path: "/api/v1/employees/" + e.fx.sup + "/transfers/" + tr.str("id"), token: hr}).must(t, 409)

		// A rebuild finds nothing to repair: the correction stands.
		from, _ := policies.ParseDate("2026-12-01")
		to, _ := policies.ParseDate("2026-12-31")
		if repairs, err := svc.Ledger.Rebuild(context.Background(), "", from, to); err != nil || len(repairs) != 0 {
			t.Fatalf("rebuild repaired %v (%v)", repairs, err)
		}
		fri := e.do(req{method: "GET", path: "/api/v1/attendance?from=2026-12-11&to=2026-12-11&employee_id=" + e.fx.emp, token: hr}).must(t, 200).items()
		if fri[0]["location"] != "elsewhere" || fri[0]["corrected"] != true || fri[0]["planned"] != false {
			t.Fatalf("the correction survives: %v", fri)
		}
		_ = supReq

		// The downloads say what the JSON says.
		csvRes := e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13&group=week&format=csv", token: hr}).must(t, 200)
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvRes.body, []byte("\uFEFF")))).ReadAll()
		if err != nil || !bytes.HasPrefix(csvRes.body, []byte("\uFEFF")) || len(recs) != len(week.items())+1 || recs[0][12] != "出勤率" {
			t.Fatalf("CSV: %v %v", recs, err)
		}
		for _, r := range recs[1:] {
			if r[0] == "総務課" && (r[5] != "7" || r[6] != "4" || r[12] != "57.1%") {
				t.Errorf("CSV row of 総務課: %v", r)
			}
			if r[0] == "市民課" && r[12] != "対象外（窓口等）" {
				t.Errorf("CSV row of 市民課: %v", r)
			}
		}
		x := e.do(req{method: "GET", path: "/api/v1/reports/attendance-ratio?from=2026-12-07&to=2026-12-13&group=week&format=xlsx", token: hr}).must(t, 200)
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("attendance-ratio", excelize.Options{RawCellValue: true})
		for _, r := range rows[1:] {
			if r[0] == "総務課" && (r[1] != "46363" || r[6] != "4" || !strings.HasPrefix(r[12], "0.571")) {
				t.Errorf("XLSX row of 総務課 (dates as dates, the ratio as a number): %v", r)
			}
		}
	})
}

func strPtr(v any) *string {
	s, _ := v.(string)
	return &s
}

// checkLedgerAgreesWithCounters: for every department and day, the
// counters' approved part (the counter less the pending full days it
// counts) equals the approved remote full days the ledger records, less
// those HR corrected to something else. A day of full leave counts in
// neither.
func checkLedgerAgreesWithCounters(t *testing.T, db *gorm.DB) {
	t.Helper()
	type row struct {
		DepartmentID string
		Day          models.Day
		N            int
	}
	read := func(q string) map[string]int {
		var rows []row
		if err := db.Raw(q).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, r := range rows {
			out[r.DepartmentID+" "+r.Day.String()] += r.N
		}
		return out
	}
	const live = `FROM telework_request_days d JOIN telework_requests r ON r.id = d.request_id
		WHERE d.active AND d.unit = 'full' AND NOT EXISTS (SELECT 1 FROM staff_days s
			WHERE s.employee_id = d.employee_id AND s.day = d.day AND s.kind = 'leave' AND s.portion = 'full')`
	counters := read(`SELECT department_id, day, remote AS n FROM attendance_days`)
	pending := read(`SELECT d.department_id, d.day, count(*) AS n ` + live + ` AND r.status = 'pending' GROUP BY d.department_id, d.day`)
	corrected := read(`SELECT d.department_id, d.day, count(*) AS n ` + live + ` AND r.status = 'approved' AND EXISTS (SELECT 1 FROM work_days w
		WHERE w.employee_id = d.employee_id AND w.day = d.day AND w.corrected_by IS NOT NULL) GROUP BY d.department_id, d.day`)
	ledger := read(`SELECT department_id, day, count(*) AS n FROM work_days WHERE portion = 'full'
		AND location IN ('home', 'satellite', 'elsewhere') AND request_id IS NOT NULL AND corrected_by IS NULL GROUP BY department_id, day`)
	keys := map[string]bool{}
	for _, m := range []map[string]int{counters, pending, ledger} {
		for k := range m {
			keys[k] = true
		}
	}
	for k := range keys {
		if got := counters[k] - pending[k] - corrected[k]; got != ledger[k] {
			t.Errorf("%s: the counters' approved part is %d (counter %d, pending %d, corrected %d), the ledger's %d",
				k, got, counters[k], pending[k], corrected[k], ledger[k])
		}
	}
}

// TestTransferChangedAndWithdrawn: a transfer still to come can be moved to
// another date or withdrawn, and the attendance counters of the days
// between follow; one entered with today's date takes effect at once.
func TestTransferChangedAndWithdrawn(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(floorWarns(withRoute(supervisorOnlyRoute)))
		emp, hr := e.login(empEmail), e.login(hrEmail)
		e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-15"}, "general", nil)}).must(t, 201)
		counter := func(dept string) int {
			var n int
			e.db.Gorm.Raw("SELECT COALESCE(SUM(remote), 0) FROM attendance_days WHERE department_id = ? AND day = ?", dept, "2026-12-15").Scan(&n)
			return n
		}
		tr := e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dGeneral, "effective_from": "2026-12-14"}}).must(t, 201)
		if counter(e.fx.dAffairs) != 0 || counter(e.fx.dGeneral) != 1 {
			t.Fatal("the pending day moves with the transfer")
		}
		path := "/api/v1/employees/" + e.fx.emp + "/transfers/" + tr.str("id")
		ch := e.do(req{method: "PATCH", path: path, token: hr, body: map[string]any{"effective_from": "2026-12-16", "note": "日付訂正"}}).must(t, 200)
		if ch.json["valid_from"] != "2026-12-16" || counter(e.fx.dAffairs) != 1 || counter(e.fx.dGeneral) != 0 {
			t.Fatalf("moved to a later date, the day is back with 総務課: %s", ch.body)
		}
		e.do(req{method: "PATCH", path: path, token: hr, body: map[string]any{"department_id": e.fx.dAffairs}}).must(t, 422)
		e.do(req{method: "PATCH", path: path, token: hr, body: map[string]any{"effective_from": "2026-03-31"}}).must(t, 422) // before the history begins
		e.do(req{method: "DELETE", path: path, token: emp}).must(t, 403)
		e.do(req{method: "DELETE", path: path, token: hr}).must(t, 204)
		hist := e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp + "/assignments", token: hr}).must(t, 200).items()
		if len(hist) != 1 || hist[0]["valid_to"] != nil {
			t.Fatalf("withdrawn, one stretch remains: %v", hist)
		}
		e.do(req{method: "DELETE", path: path, token: hr}).must(t, 404)
		if n := e.count("audit_events WHERE action LIKE 'employee.transfer%'"); n != 3 {
			t.Errorf("transfer, change and withdrawal are audited: %d events", n)
		}

		// Effective today: the department column moves at once.
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dGeneral, "effective_from": "2026-12-01"}}).must(t, 201)
		if got := e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp, token: hr}).must(t, 200).json["department_id"]; got != e.fx.dGeneral {
			t.Fatalf("department now %v", got)
		}
		// An edit of the department (not a dated transfer) takes effect today too.
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp, token: e.login(adminEmail), body: map[string]any{"department_id": e.fx.dAffairs}}).must(t, 200)
		hist = e.do(req{method: "GET", path: "/api/v1/employees/" + e.fx.emp + "/assignments", token: hr}).must(t, 200).items()
		if len(hist) != 2 || hist[1]["department_id"] != e.fx.dAffairs || hist[1]["valid_from"] != "2026-12-01" {
			t.Fatalf("two moves on one day make one stretch: %v", hist)
		}
		if counter(e.fx.dAffairs) != 1 {
			t.Fatal("the day is with 総務課 again")
		}
	})
}
