package api_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestOccupancyOfASharedOffice: the station satellite office (five spaces,
// open 08:30–17:15) on Wednesday 2 December 2026, with a seat booked by the
// town's employee for three hours and a booth by the partner village's for
// two, seen by the town's HR, the village's HR and the office's manager.
func TestOccupancyOfASharedOffice(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin, admin2 := e.login(adminEmail), e.login(admin2Email)
		o := e.seedOffices(admin)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.admin2, token: admin2, body: map[string]any{"roles": []string{"employee", "admin", "hr"}}}).must(t, 200)
		emp, emp2 := e.login(empEmail), e.login(emp2Email)
		e.book(emp, o.a1, "2026-12-02T09:00:00+09:00", "2026-12-02T12:00:00+09:00").must(t, 201)
		e.book(emp2, o.booth, "2026-12-02T13:00:00+09:00", "2026-12-02T15:00:00+09:00").must(t, 201)
		path := "/api/v1/reports/occupancy?office_id=" + o.shared + "&from=2026-12-02&to=2026-12-02"

		e.do(req{method: "GET", path: path, token: emp}).must(t, 403)
		hr := e.login(hrEmail)
		r := e.do(req{method: "GET", path: path, token: hr}).must(t, 200)
		day := r.json["buckets"].([]any)[0].(map[string]any)
		// 525 open minutes × 5 spaces = 43.75 hours; 3 + 2 booked.
		if day["key"] != "2026-12-02" || day["bookings"] != 2.0 || day["booked_hours"] != 5.0 || day["open_hours"] != 43.75 ||
			math.Abs(day["utilisation"].(float64)-300.0/2625) > 1e-9 {
			t.Fatalf("the day: %v", day)
		}
		kinds := map[string]map[string]any{}
		for _, k := range day["by_kind"].([]any) {
			kinds[k.(map[string]any)["kind"].(string)] = k.(map[string]any)
		}
		if kinds["open_seat"]["booked_hours"] != 3.0 || kinds["open_seat"]["open_hours"] != 26.25 || kinds["booth"]["booked_hours"] != 2.0 {
			t.Fatalf("by kind: %v", day["by_kind"])
		}
		split := func(token string) map[string]float64 {
			out := map[string]float64{}
			b := e.do(req{method: "GET", path: path, token: token}).must(t, 200).json["buckets"].([]any)[0].(map[string]any)
			for _, p := range b["by_organization"].([]any) {
				m := p.(map[string]any)
				id, _ := m["organization_id"].(string)
				out[id] = m["booked_hours"].(float64)
			}
			return out
		}
		// Each HR sees its own organisation and the other as one total; the
		// manager sees both.
		if got := split(hr); len(got) != 2 || got[e.fx.alpha] != 3 || got[""] != 2 {
			t.Errorf("the town's HR: %v", got)
		}
		if got := split(e.login(admin2Email)); len(got) != 2 || got[e.fx.beta] != 2 || got[""] != 3 {
			t.Errorf("the village's HR: %v", got)
		}
		if got := split(e.login(supEmail)); len(got) != 2 || got[e.fx.alpha] != 3 || got[e.fx.beta] != 2 {
			t.Errorf("the manager: %v", got)
		}
		peak := r.json["peak_hours"].([]any)[0].(map[string]any)
		if peak["key"] != "09:00" && peak["key"] != "10:00" && peak["key"] != "11:00" && peak["key"] != "13:00" && peak["key"] != "14:00" {
			t.Errorf("peak hour %v", peak["key"])
		}

		// The downloads say the same, in the organisation's language.
		c := e.do(req{method: "GET", path: path + "&format=csv", token: hr}).must(t, 200)
		if !bytes.HasPrefix(c.body, []byte("\uFEFF")) || !strings.HasPrefix(c.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV without its BOM: %q", c.body[:min(len(c.body), 20)])
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(c.body, []byte("\uFEFF")))).ReadAll()
		if err != nil || len(recs) != 2 || recs[0][0] != "区分" || recs[1][0] != "2026-12-02" || recs[1][1] != "2" || recs[1][2] != "5" ||
			recs[1][3] != "43.75" || recs[1][4] != "11.4%" {
			t.Fatalf("CSV: %v %v", recs, err)
		}
		x := e.do(req{method: "GET", path: path, token: hr, headers: map[string]string{"Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}).must(t, 200)
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("occupancy", excelize.Options{RawCellValue: true})
		if err != nil || len(rows) != 2 || rows[0][4] != "利用率" || rows[1][0] != "2026-12-02" || rows[1][2] != "5" {
			t.Fatalf("XLSX rows: %v %v", rows, err)
		}
		if v, _ := f.GetCellValue("occupancy", "E2"); v != "11.43%" {
			t.Errorf("the utilisation is a percentage: %q", v)
		}
		if panes, err := f.GetPanes("occupancy"); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("the header row is frozen: %+v %v", panes, err)
		}
		e.do(req{method: "GET", path: path + "&bucket=fortnight", token: hr}).must(t, 400)

		// The heat map's buckets, each hour of each weekday over the period:
		// one answer for four weeks, with the weekday named in the download.
		heat := e.do(req{method: "GET", path: "/api/v1/reports/occupancy?office_id=" + o.shared + "&from=2026-11-30&to=2026-12-27&bucket=weekday_hour", token: hr}).must(t, 200)
		cells := map[string]map[string]any{}
		for _, b := range heat.json["buckets"].([]any) {
			cells[b.(map[string]any)["key"].(string)] = b.(map[string]any)
		}
		// Four Wednesdays × 5 spaces × an hour open; A-01's hour booked on the 2nd.
		if w := cells["wednesday 09:00"]; w == nil || w["booked_hours"] != 1.0 || w["open_hours"] != 20.0 {
			t.Fatalf("Wednesday 09:00: %v", w)
		}
		if w := cells["wednesday 14:00"]; w["booked_hours"] != 1.0 || cells["monday 09:00"]["booked_hours"] != 0.0 || cells["saturday 09:00"] != nil {
			t.Fatalf("weekday hours: %v", heat.body)
		}
		c = e.do(req{method: "GET", path: "/api/v1/reports/occupancy?office_id=" + o.shared + "&from=2026-11-30&to=2026-12-27&bucket=weekday_hour&format=csv", token: hr}).must(t, 200)
		if !strings.Contains(string(c.body), "\n水曜日 09:00,") {
			t.Fatalf("the download names the weekday: %s", c.body)
		}
	})
}
