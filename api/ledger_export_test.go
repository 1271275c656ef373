package api_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestLedgerAndAuditDownloads: the ledger's CSV (a row per person and day)
// and XLSX (people by days, a sheet per month) say what its JSON says, and
// the audit trail downloads as the JSON lists it; a name written as a
// formula comes back inert.
func TestLedgerAndAuditDownloads(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		e.storePolicy(withRoute(supervisorOnlyRoute))
		admin, emp, sup, hr := e.login(adminEmail), e.login(empEmail), e.login(supEmail), e.login(hrEmail)
		// An attacker's name, as HR's Excel must not run it.
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp, token: admin,
			body: map[string]any{"family_name": "=HYPERLINK(\"http://evil.example\")", "given_name": "太郎"}}).must(t, 200)
		r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-30"}, "general", nil)})
		if r.status != 201 {
			r = e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-28"}, "general", nil)}).must(t, 201)
		}
		e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200)
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{
			{"employee_id": e.fx.emp, "date": "2027-01-05", "portion": "am"}}}}).must(t, 200)

		q := "/api/v1/attendance?from=2026-12-28&to=2027-01-08&department_id=" + e.fx.dAffairs
		js := e.do(req{method: "GET", path: q, token: hr}).must(t, 200).items()
		byKey := map[string]map[string]any{}
		for _, it := range js {
			byKey[it["employee_id"].(string)+" "+it["date"].(string)] = it
		}
		if len(js) != 2*12 {
			t.Fatalf("two people of 総務課 for 12 days: %d", len(js))
		}

		c := e.do(req{method: "GET", path: q + "&format=csv", token: hr}).must(t, 200)
		if !bytes.HasPrefix(c.body, []byte("\uFEFF")) {
			t.Fatal("CSV without its BOM")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(c.body, []byte("\uFEFF")))).ReadAll()
		if err != nil || len(recs) != len(js)+1 || recs[0][4] != "勤務場所" {
			t.Fatalf("CSV: %d rows, %v", len(recs), err)
		}
		names := map[string]string{"office": "出勤", "home": "在宅勤務", "leave": "休暇", "off": "閉庁日"}
		for i, rec := range recs[1:] {
			want := js[i]
			if rec[3] != want["date"] || rec[4] != names[want["location"].(string)] {
				t.Errorf("CSV row %d %v, JSON %v", i, rec, want)
			}
			if want["employee_id"] == e.fx.emp && rec[1] != "'=HYPERLINK(\"http://evil.example\") 太郎" {
				t.Errorf("the formula is not inert in CSV: %q", rec[1])
			}
		}

		x := e.do(req{method: "GET", path: q + "&format=xlsx", token: hr}).must(t, 200)
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); len(got) != 2 || got[0] != "2026-12" || got[1] != "2027-01" {
			t.Fatalf("a sheet per month: %v", got)
		}
		dec, _ := f.GetRows("2026-12")
		jan, _ := f.GetRows("2027-01")
		if len(dec) != 3 || len(jan) != 3 || len(dec[0]) != 3+4 || len(jan[0]) != 3+8 || jan[0][3] != "1日" {
			t.Fatalf("people by days: %v / %v", dec, jan)
		}
		codes := map[string]string{"office": "出", "home": "在", "leave": "休", "off": "－"}
		for _, rows := range [][][]string{dec, jan} {
			for _, row := range rows[1:] {
				id := e.fx.emp
				if row[0] != numberOf(t, e, e.fx.emp) {
					id = e.fx.sup
				}
				for j, cell := range row[3:] {
					date := "2026-12-" + pad2(28+j)
					if rows[0][3] == "1日" {
						date = "2027-01-" + pad2(1+j)
					}
					want := byKey[id+" "+date]
					code := codes[want["location"].(string)]
					if want["portion"] == "am" {
						code += "午前"
					}
					if cell != code {
						t.Errorf("%s %s: cell %q, JSON %v", id, date, cell, want)
					}
				}
				if id == e.fx.emp {
					if typ, _ := f.GetCellType(rows[0][0], "B2"); typ == excelize.CellTypeFormula {
						t.Error("a formula cell in the XLSX")
					}
					if formula, _ := f.GetCellFormula("2026-12", "B2"); formula != "" && row[1] != "" {
						t.Errorf("the name became a formula: %q", formula)
					}
				}
			}
		}

		// The audit trail: newest first, as the JSON lists it.
		aj := e.do(req{method: "GET", path: "/api/v1/audit-events?limit=200", token: hr}).must(t, 200).items()
		ac := e.do(req{method: "GET", path: "/api/v1/audit-events?format=csv", token: hr}).must(t, 200)
		arecs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(ac.body, []byte("\uFEFF")))).ReadAll()
		if err != nil || len(arecs) != len(aj)+1 {
			t.Fatalf("audit CSV: %d rows for %d events (%v)", len(arecs), len(aj), err)
		}
		for i, rec := range arecs[1:] {
			if rec[4] != aj[i]["action"] || rec[6] != aj[i]["target_id"] {
				t.Errorf("audit row %d: %v, JSON %v", i, rec[4:7], aj[i])
			}
		}
		ax := e.do(req{method: "GET", path: "/api/v1/audit-events?format=xlsx&action=employee.update", token: hr}).must(t, 200)
		af, err := excelize.OpenReader(bytes.NewReader(ax.body))
		if err != nil {
			t.Fatal(err)
		}
		defer af.Close()
		arows, _ := af.GetRows("audit-events")
		if len(arows) != 2 || arows[1][4] != "employee.update" || arows[1][1] != "管理 太郎" {
			t.Fatalf("audit XLSX filtered: %v", arows)
		}
		e.do(req{method: "GET", path: "/api/v1/audit-events?format=csv", token: emp}).must(t, 403)
		e.do(req{method: "GET", path: "/api/v1/attendance?from=2026-01-01&to=2027-03-01&format=csv", token: hr}).must(t, 400)
	})
}

func pad2(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func numberOf(t *testing.T, e *env, id string) string {
	t.Helper()
	return e.do(req{method: "GET", path: "/api/v1/employees/" + id, token: e.login(hrEmail)}).must(t, 200).str("employee_number")
}
