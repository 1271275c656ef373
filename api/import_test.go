package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// csvLines joins lines as Excel saves them.
func csvLines(lines ...string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }

// goodImport creates two people (the first reports to the second, who comes
// later in the file) and updates emp (E05), with the headers HR spreadsheets use.
var goodImport = csvLines(
	"職員番号,姓,名,姓（カナ）,名（カナ）,メールアドレス,所属コード,上司職員番号,役割,任用形態,テレワーク端末",
	"N100,山田,花子,ヤマダ,ハナコ,hanako@alpha.example,110,N101,職員,会計年度任用,はい",
	"N101,佐藤,一郎,サトウ,イチロウ,ichiro@alpha.example,110,E04,職員;上司,正規,いいえ",
	"E05,職員,次郎,ショクイン,ジロウ,emp@alpha.example,110,E04,職員,正規,はい",
)

// What goodImport leaves in the database, by employee number.
var goodImportResult = map[string]string{
	"N100": "山田 花子 (ヤマダ ハナコ) hanako@alpha.example dept=110 sup=N101 fiscal_year pc=true active=true roles=[employee]",
	"N101": "佐藤 一郎 (サトウ イチロウ) ichiro@alpha.example dept=110 sup=E04 regular pc=false active=true roles=[employee supervisor]",
	"E05":  "職員 次郎 (ショクイン ジロウ) emp@alpha.example dept=110 sup=E04 regular pc=true active=true roles=[employee]",
}

func shiftJIS(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := japanese.ShiftJIS.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// asMultipart wraps the file as a browser uploads it, in a "file" field.
func asMultipart(t *testing.T, b []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	f, err := w.CreateFormFile("file", "職員一覧.csv")
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}

// staff describes the organisation's employees by number as one line each,
// with departments by code and supervisors by number.
func (e *env) staff(orgID string) map[string]string {
	e.t.Helper()
	ctx := context.Background()
	var s models.Employees
	skeleton, err := s.Skeleton(ctx, e.db.Gorm, orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	numbers := map[string]string{}
	var all []string
	for _, p := range skeleton {
		numbers[p.ID] = p.EmployeeNumber
		all = append(all, p.EmployeeNumber)
	}
	byNumber, err := s.ByNumbers(ctx, e.db.Gorm, orgID, all)
	if err != nil {
		e.t.Fatal(err)
	}
	depts, err := models.Departments{}.All(ctx, e.db.Gorm, orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	codes := map[string]string{}
	for _, d := range depts {
		codes[d.ID] = d.Code
	}
	out := map[string]string{}
	for n, p := range byNumber {
		sup := ""
		if p.SupervisorID != nil {
			sup = numbers[*p.SupervisorID]
		}
		out[n] = fmt.Sprintf("%s %s (%s %s) %s dept=%s sup=%s %s pc=%t active=%t roles=%v", p.FamilyName, p.GivenName,
			p.FamilyNameKana, p.GivenNameKana, p.Email, codes[p.DepartmentID], sup, p.EmploymentType, p.HasRemotePC, p.Active, p.Roles)
	}
	return out
}

func (e *env) importFile(token, query string, body []byte, ctype string) *res {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/employees/import" + query, token: token, raw: body, ctype: ctype})
}

// checkCounts compares an import answer with the expected counts.
func checkCounts(t *testing.T, r *res, dryRun bool, encoding string, rows, created, updated, unchanged int) {
	t.Helper()
	want := map[string]any{"dry_run": dryRun, "encoding": encoding, "rows": rows, "created": created, "updated": updated, "unchanged": unchanged}
	for k, v := range want {
		if !sameJSON(r.json[k], v) {
			t.Errorf("%s = %v, want %v (%s)", k, r.json[k], v, r.body)
		}
	}
}

func TestImportCreatesAndUpdatesInEveryEncoding(t *testing.T) {
	cases := []struct {
		name     string
		encode   func(t *testing.T, b []byte) ([]byte, string)
		encoding string
	}{
		{"UTF-8", func(t *testing.T, b []byte) ([]byte, string) { return b, "text/csv" }, "utf-8"},
		{"UTF-8 with BOM", func(t *testing.T, b []byte) ([]byte, string) { return append([]byte("\xEF\xBB\xBF"), b...), "text/csv" }, "utf-8-bom"},
		{"Shift_JIS", func(t *testing.T, b []byte) ([]byte, string) { return shiftJIS(t, b), "text/csv; charset=Shift_JIS" }, "shift_jis"},
		{"multipart upload", asMultipart, "utf-8"},
	}
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e := newEnv(t, d)
				admin := e.login(adminEmail)
				body, ctype := c.encode(t, goodImport)
				before := e.count("employees")

				r := e.importFile(admin, "", body, ctype).must(t, 201)
				checkCounts(t, r, false, c.encoding, 3, 2, 1, 0)
				if got := e.count("employees"); got != before+2 {
					t.Fatalf("%d employees, want %d", got, before+2)
				}
				staff := e.staff(e.fx.alpha)
				for n, want := range goodImportResult {
					if staff[n] != want {
						t.Errorf("%s is\n  %s\nwant\n  %s", n, staff[n], want)
					}
				}
				// One event per created or updated person, and one for the import.
				var actions []string
				e.db.Gorm.Model(&models.AuditEvent{}).Where("request_id = ?", r.header.Get("X-Request-ID")).Order("action").Pluck("action", &actions)
				if want := []string{"employee.create", "employee.create", "employee.import", "employee.update"}; !slices.Equal(actions, want) {
					t.Errorf("audit %v, want %v", actions, want)
				}
				// The update kept what the file does not hold: emp still signs in.
				e.signIn(empEmail, testPassword).must(t, 200)

				// The same file again changes nothing.
				checkCounts(t, e.importFile(admin, "", body, ctype).must(t, 200), false, c.encoding, 3, 0, 0, 3)
			})
		}
	})
}

func TestImportDryRunChangesNothing(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		staff, audits := e.staff(e.fx.alpha), e.count("audit_events")
		r := e.importFile(admin, "?dry_run=true", goodImport, "text/csv").must(t, 200)
		checkCounts(t, r, true, "utf-8", 3, 2, 1, 0)
		// Row by row, as the administrator checks it against the file.
		var lines []string
		for _, l := range r.json["lines"].([]any) {
			m := l.(map[string]any)
			lines = append(lines, fmt.Sprintf("%v %v %v %v", m["line"], m["employee_number"], m["name"], m["outcome"]))
		}
		if want := []string{"2 N100 山田 花子 create", "3 N101 佐藤 一郎 create", "4 E05 職員 次郎 update"}; !slices.Equal(lines, want) {
			t.Fatalf("lines %q, want %q", lines, want)
		}
		if after := e.staff(e.fx.alpha); fmt.Sprint(after) != fmt.Sprint(staff) || e.count("audit_events") != audits {
			t.Fatalf("a dry run changed something:\n%v\n%v", staff, after)
		}
	})
}

func TestBadImportsListEveryProblemAndImportNothing(t *testing.T) {
	cases := []struct {
		name   string
		file   []byte
		fields []string
	}{
		{"bad rows", csvLines(
			"職員番号,姓,名,メールアドレス,所属コード,上司職員番号,役割",
			"N200,山田,花子,n200@alpha.example,999,,職員",     // 2: unknown department code
			"N201,佐藤,一郎,not-an-email,110,,職員",           // 3: invalid e-mail
			"N200,鈴木,三郎,n200b@alpha.example,110,,職員",    // 4: number repeats line 2
			"N203,高橋,四郎,n203@alpha.example,110,,社長",     // 5: unknown role
			"N204,田中,五郎,n204@alpha.example,110,N205,職員", // 6: N204 → N205 → N204
			"N205,伊藤,六郎,n205@alpha.example,110,N204,職員", // 7
			"N206,渡辺,七郎,n206@alpha.example,110,X999,職員", // 8: unknown supervisor
			"N207,,八郎,n207@alpha.example,110,,職員",       // 9: no family name
			"N208,山本,九郎,emp@alpha.example,110,,職員",      // 10: someone else's address
			"N209,中村,十郎,n209@alpha.example,110,,職員",     // good, but not imported either
			"N210,小林,一美,n210@alpha.example,110,E06,職員",  // 12: other (E06) has left
		), []string{
			"rows[2].department_code", "rows[3].email", "rows[4].employee_number", "rows[5].roles",
			"rows[6].supervisor_number", "rows[7].supervisor_number", "rows[8].supervisor_number",
			"rows[9].family_name", "rows[10].email", "rows[12].supervisor_number",
		}},
		{"missing required column", csvLines(
			"職員番号,姓,名,所属コード",
			"N300,山田,花子,110",
		), []string{"header"}},
	}
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		// Someone who has left cannot be named as a supervisor, as in the API.
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.other, token: admin, body: map[string]any{"active": false}}).must(t, 200)
		staff, audits := e.staff(e.fx.alpha), e.count("audit_events")
		for _, c := range cases {
			for _, dryRun := range []string{"", "?dry_run=true"} {
				t.Run(c.name+dryRun, func(t *testing.T) {
					r := e.importFile(admin, dryRun, c.file, "text/csv").must(t, 422)
					if r.str("type") != api.ProblemTypeBase+"validation-failed" {
						t.Fatalf("type %q", r.str("type"))
					}
					var fields []string
					errs, _ := r.json["errors"].([]any)
					for _, fe := range errs {
						fields = append(fields, fe.(map[string]any)["field"].(string))
					}
					slices.Sort(fields)
					want := slices.Clone(c.fields)
					slices.Sort(want)
					if !slices.Equal(fields, want) {
						t.Fatalf("errors name\n  %v\nwant\n  %v\n%s", fields, want, r.body)
					}
				})
			}
		}
		if after := e.staff(e.fx.alpha); fmt.Sprint(after) != fmt.Sprint(staff) || e.count("audit_events") != audits {
			t.Fatal("a refused import changed something")
		}
	})
}

func TestImportRefusesWhatIsNotACSV(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		admin := e.login(adminEmail)
		before := e.count("employees")
		e.importFile(admin, "", goodImport, "application/json").must(t, 415)
		e.importFile(admin, "", goodImport, "").must(t, 415)
		// A form without the file field.
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("note", "no file here")
		_ = w.Close()
		e.importFile(admin, "", buf.Bytes(), w.FormDataContentType()).must(t, 400)
		e.importFile(admin, "", nil, "text/csv").must(t, 422)
		if e.count("employees") != before {
			t.Fatal("a refused upload imported something")
		}
	})
}
