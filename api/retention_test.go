package api_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// searchEveryTable returns "table: row" for every row of every table whose
// text holds one of needles (also as JSON escapes them).
func searchEveryTable(t *testing.T, db *models.DB, needles ...string) []string {
	t.Helper()
	tables, err := models.Tables(context.Background(), db)
	if err != nil || len(tables) < 20 {
		t.Fatalf("tables: %v %v", tables, err)
	}
	var forms []string
	for _, n := range needles {
		esc, _ := json.Marshal(n)
		ascii := strings.Trim(strings.ToLower(fmt.Sprintf("%+q", n)), `"`)
		forms = append(forms, n, strings.Trim(string(esc), `"`), ascii)
	}
	var found []string
	for _, table := range tables {
		rows, err := db.SQL.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			var b strings.Builder
			for _, v := range vals {
				b.Write(v)
				b.WriteByte('|')
			}
			for _, f := range forms {
				if strings.Contains(strings.ToLower(b.String()), strings.ToLower(f)) {
					found = append(found, table+": "+b.String())
				}
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return found
}

func TestAPurgeLeavesNoFamilyNameOrReasonTextInAnyTableAndTheChainVerifies(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, hr := e.login(empEmail), e.login(hrEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp, token: e.login(adminEmail), body: map[string]any{"has_remote_pc": true}}).must(t, 200)
		const name, note, leaveNote, correction = "鈴木凛々子", "保育園からの呼び出しに備えるため", "通院（心療内科）", "通院のため午後から出張扱い"
		kid := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, headers: map[string]string{"Idempotency-Key": "kid-1"},
			body: map[string]any{"relation": "child", "name": name, "birth_date": "2019-06-01", "cohabiting": true}}).must(t, 201).str("id")
		rid := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, headers: map[string]string{"Idempotency-Key": "tw-1"},
			body: telework([]string{"2026-12-07"}, "childcare", map[string]any{"family_member_id": kid, "note": note})}).must(t, 201).str("id")
		// The approver's comment names the reason too: it is kept on the request
		// and its task, never in the audit trail.
		const comment = "お子さんの発熱が続いているとのことで承認します"
		e.do(req{method: "POST", path: "/api/v1/telework-requests/" + rid + "/approve", token: e.login(supEmail),
			body: map[string]any{"comment": comment, "confirm": true}}).must(t, 200)
		tables := map[string]bool{}
		for _, row := range searchEveryTable(t, e.db, comment) {
			tables[row[:strings.Index(row, ":")]] = true
		}
		if len(tables) != 2 || !tables["approval_tasks"] || !tables["telework_requests"] {
			t.Fatalf("the comment is stored on the request and its tasks, and nowhere else (not in audit_events): %v", tables)
		}
		e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: map[string]any{"days": []map[string]any{{"employee_id": e.fx.emp, "date": "2026-12-03", "note": leaveNote}}}}).must(t, 200)
		e.do(req{method: "PUT", path: "/api/v1/attendance/" + e.fx.emp + "/2026-12-09", token: hr,
			body: map[string]any{"location": "elsewhere", "portion": "full", "reason": correction}}).must(t, 200)
		const birth = "2019年6月1日生まれ" // in the full decision's messages
		if found := searchEveryTable(t, e.db, name, note, leaveNote, correction, birth, comment); len(found) < 7 {
			t.Fatalf("the search does not find what was stored: %v", found)
		}

		svc := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi",
			AuditKey: testAuditKey, CheckpointDir: e.dataDir})
		ctx := context.Background()
		seal := func() {
			t.Helper()
			if _, err := svc.AuditChain.Seal(ctx); err != nil {
				t.Fatal(err)
			}
		}
		seal()
		// Used in fiscal 2026: kept through fiscal 2031 (5 years, the default policy).
		e.clock.Set(time.Date(2032, 3, 31, 12, 0, 0, 0, time.UTC))
		if rep, err := svc.Retention.Purge(ctx); err != nil || rep.FamilyMembers != 0 || rep.PurgedTexts != (models.PurgedTexts{}) {
			t.Fatalf("purged before the retention ended: %+v %v", rep, err)
		}
		e.clock.Set(time.Date(2032, 4, 1, 0, 0, 0, 0, time.UTC))
		rep, err := svc.Retention.Purge(ctx)
		if err != nil || rep.FamilyMembers != 1 || rep.RequestNotes != 1 || rep.LeaveNotes != 1 || rep.Corrections != 1 ||
			rep.DecisionComments != 1 || rep.TaskComments != 2 { // one approval completed both steps (同一承認者)
			t.Fatalf("purge: %+v %v", rep, err)
		}
		if found := searchEveryTable(t, e.db, name, note, leaveNote, correction, birth, comment); len(found) > 0 {
			t.Fatalf("personal data left after the purge:\n%s", strings.Join(found, "\n"))
		}
		var ev models.AuditEvent
		if err := e.db.Gorm.Where("action = 'personal_data.purge'").Take(&ev).Error; err != nil {
			t.Fatal(err)
		}
		var counts map[string]any
		if err := json.Unmarshal(ev.After, &counts); err != nil || counts["family_members"] != 1.0 || strings.Contains(string(ev.After), kid) {
			t.Fatalf("the purge's audit event counts, never names: %s", ev.After)
		}
		if again, err := svc.Retention.Purge(ctx); err != nil || again.FamilyMembers != 0 || again.PurgedTexts != (models.PurgedTexts{}) {
			t.Fatalf("a second run purged again: %+v %v", again, err)
		}
		seal()
		if v, err := svc.AuditChain.Verify(ctx, nil); err != nil || !v.Verified || v.SealedRows < 5 {
			t.Fatalf("the chain after the purge: %+v %v", v, err)
		}
		// The request's history stays readable: its decision is there, its
		// family member is gone from the employee's list.
		emp = e.login(empEmail)
		r := e.do(req{method: "GET", path: "/api/v1/telework-requests", token: emp}).must(t, 200)
		if len(r.items()) != 1 || r.items()[0]["decision"] == nil {
			t.Fatalf("the request after the purge: %s", r.body)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/me/family-members", token: emp}).must(t, 200); len(got.items()) != 0 {
			t.Fatalf("a purged family member is still listed: %s", got.body)
		}
	})
}
