package api_test

import (
	"strings"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

func TestLeaveImportDryRunStoresNothing(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr := e.login(hrEmail)
		number := func(id string) string {
			var n string
			e.db.Gorm.Table("employees").Where("id = ?", id).Pluck("employee_number", &n)
			return n
		}
		csv := "職員番号,日付,種別,区分\r\n" + number(e.fx.emp) + ",2026/12/07,休暇,終日\r\n" + number(e.fx.sup) + ",2026-12-08,出勤必須,午前\r\n"
		before := e.count("staff_days")
		r := e.do(req{method: "POST", path: "/api/v1/leave/import?dry_run=true", token: hr, raw: []byte(csv), ctype: "text/csv"}).must(t, 200)
		if r.json["dry_run"] != true || len(r.items()) != 2 || r.items()[0]["date"] != "2026-12-07" || r.items()[1]["kind"] != "essential" {
			t.Fatalf("the dry run: %s", r.body)
		}
		// HR checks the rows by name, not by id.
		if n := r.items()[0]["employee_name"]; n != "職員 太郎" {
			t.Fatalf("the dry run names %v, want 職員 太郎", n)
		}
		if e.count("staff_days") != before {
			t.Fatal("a dry run stored days")
		}
		bad := csv + "Z999,2026-12-09,休暇,終日\r\n"
		r = e.do(req{method: "POST", path: "/api/v1/leave/import?dry_run=true", token: hr, raw: []byte(bad), ctype: "text/csv"}).must(t, 422)
		if !strings.Contains(string(r.body), "rows[4].employee_number") {
			t.Fatalf("the dry run names the bad row: %s", r.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/leave/import", token: hr, raw: []byte(csv), ctype: "text/csv"}).must(t, 200)
		if r.json["dry_run"] != false || e.count("staff_days") != before+2 {
			t.Fatalf("the import: %s", r.body)
		}
	})
}

func TestHRVerifiesFamilyMembersFromOneList(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		emp, sup, hr := e.login(empEmail), e.login(supEmail), e.login(hrEmail)
		kid := e.do(req{method: "POST", path: "/api/v1/me/family-members", token: emp, body: map[string]any{
			"relation": "child", "name": "山田花子", "birth_date": "2020-05-10", "cohabiting": true}}).must(t, 201).str("id")
		e.do(req{method: "POST", path: "/api/v1/me/family-members", token: sup, body: map[string]any{
			"relation": "parent", "name": "課長の母", "care_level": 3}}).must(t, 201)
		e.do(req{method: "GET", path: "/api/v1/family-members?verified=false", token: sup}).must(t, 403)
		r := e.do(req{method: "GET", path: "/api/v1/family-members?verified=false", token: hr}).must(t, 200)
		if len(r.items()) != 2 || r.items()[0]["employee_name"] == "" || r.items()[0]["name"] != "山田花子" {
			t.Fatalf("awaiting verification: %s", r.body)
		}
		var reads []string
		e.db.Gorm.Table("audit_events").Where("action = 'family_member.read'").Pluck("after", &reads)
		if len(reads) != 2 || !strings.Contains(strings.Join(reads, ""), kid) || strings.Contains(strings.Join(reads, ""), "山田花子") {
			t.Fatalf("the list's reads, audited by id: %v", reads)
		}
		m := e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/family-members/" + kid + "/verify", token: hr,
			body: map[string]any{"note": "住民票の写しで確認"}}).must(t, 200)
		if m.str("verification_note") != "住民票の写しで確認" || m.json["verified_at"] == nil {
			t.Fatalf("verified: %s", m.body)
		}
		if r = e.do(req{method: "GET", path: "/api/v1/family-members?verified=false", token: hr}).must(t, 200); len(r.items()) != 1 {
			t.Fatalf("still awaiting: %s", r.body)
		}
		var after []string
		e.db.Gorm.Table("audit_events").Where("action = 'family_member.verify'").Pluck("after", &after)
		if len(after) != 1 || !strings.Contains(strings.ReplaceAll(after[0], " ", ""), `"with_note":true`) || strings.Contains(after[0], "住民票") {
			t.Fatalf("the verification's audit keeps that a note was written, not the note: %v", after)
		}
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/family-members/" + kid + "/verify", token: hr,
			body: map[string]any{"note": strings.Repeat("あ", 2001)}}).must(t, 422)
	})
}

// TestAnEmptiedDepartmentIsClosed: a reorganisation closes a department once
// nobody is left in it; it keeps its history and takes no new staff.
func TestAnEmptiedDepartmentIsClosed(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		path := "/api/v1/departments/" + e.fx.dCitizens
		r := e.do(req{method: "PATCH", path: path, token: admin, body: map[string]any{"active": false}}).must(t, 422)
		if !strings.Contains(string(r.body), "has_members") {
			t.Fatalf("closing a department with staff: %s", r.body)
		}
		e.do(req{method: "PATCH", path: "/api/v1/departments/" + e.fx.dGeneral, token: admin, body: map[string]any{"active": false}}).must(t, 422)
		// Its one member moves to 総務課; then it can be closed.
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.other, token: admin, body: map[string]any{"department_id": e.fx.dAffairs}}).must(t, 200)
		r = e.do(req{method: "PATCH", path: path, token: admin, body: map[string]any{"active": false}}).must(t, 200)
		if r.json["active"] != false {
			t.Fatalf("closed: %s", r.body)
		}
		// Its history stays readable; it takes nobody and nothing new.
		e.do(req{method: "GET", path: path, token: admin}).must(t, 200)
		r = e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.other, token: admin, body: map[string]any{"department_id": e.fx.dCitizens}}).must(t, 422)
		if !strings.Contains(string(r.body), "inactive") {
			t.Fatalf("moving someone into a closed department: %s", r.body)
		}
		r = e.do(req{method: "POST", path: "/api/v1/departments", token: admin, body: map[string]any{
			"code": "211", "name": "市民係", "kind": "section", "parent_id": e.fx.dCitizens}}).must(t, 422)
		if !strings.Contains(string(r.body), "inactive") {
			t.Fatalf("a sub-department of a closed one: %s", r.body)
		}
		var audits int64
		e.db.Gorm.Table("audit_events").Where("action = 'department.update' AND target_id = ?", e.fx.dCitizens).Count(&audits)
		if audits != 1 {
			t.Fatalf("%d audit events for the closing", audits)
		}
		// It can be reopened.
		e.do(req{method: "PATCH", path: path, token: admin, body: map[string]any{"active": true}}).must(t, 200)
	})
}

// TestStaffAreFoundByTheirReadingTypedInHiragana: readings are kept in
// katakana; HR (and the staff search) find them typed in hiragana too.
func TestStaffAreFoundByTheirReadingTypedInHiragana(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp := e.login(hrEmail), e.login(empEmail)
		for _, q := range []string{"てすと", "ﾃｽﾄ", "テスト"} {
			if n := len(e.do(req{method: "GET", path: "/api/v1/employees?q=" + q, token: hr}).must(t, 200).items()); n == 0 {
				t.Errorf("HR's search for %s found nobody", q)
			}
			if n := len(e.do(req{method: "GET", path: "/api/v1/staff?q=" + q, token: emp}).must(t, 200).items()); n == 0 {
				t.Errorf("the staff search for %s found nobody", q)
			}
		}
	})
}

// TestThePolicyReferenceIsServedToStaff: the help pages link to the
// reference; the binary serves the document it was built with.
func TestThePolicyReferenceIsServedToStaff(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		r := e.do(req{method: "GET", path: "/api/v1/policies/telework/reference", token: e.login(empEmail)}).must(t, 200)
		if !strings.Contains(string(r.body), "### `family`") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
			t.Fatalf("the reference: %.200s", r.body)
		}
		e.do(req{method: "GET", path: "/api/v1/policies/telework/reference"}).must(t, 401)
	})
}
