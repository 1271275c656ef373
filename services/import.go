package services

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// ImportResult says what an employee import did, or would do in a dry run.
type ImportResult struct {
	DryRun    bool
	Encoding  string
	Rows      int
	Created   int
	Updated   int
	Unchanged int
	// Lines says, row by row, what the import does to whom, so that an
	// administrator checks a dry run against the file before importing.
	// Empty when replayed from the audit trail, which keeps counts only.
	Lines []ImportLine
}

// ImportLine is what one row of an employee import does.
type ImportLine struct {
	Line           int
	EmployeeNumber string
	Name           string
	Outcome        string // create, update or unchanged
}

// importColumns maps every accepted header (English or Japanese, as HR
// spreadsheets label them) to a column.
var importColumns = map[string]string{
	"employee_number": "employee_number", "職員番号": "employee_number", "社員番号": "employee_number",
	"family_name": "family_name", "姓": "family_name", "氏": "family_name",
	"given_name": "given_name", "名": "given_name",
	"family_name_kana": "family_name_kana", "姓(カナ)": "family_name_kana", "セイ": "family_name_kana", "姓カナ": "family_name_kana",
	"given_name_kana": "given_name_kana", "名(カナ)": "given_name_kana", "メイ": "given_name_kana", "名カナ": "given_name_kana",
	"email": "email", "メールアドレス": "email", "メール": "email",
	"department_code": "department_code", "所属コード": "department_code",
	"supervisor_number": "supervisor_number", "上司職員番号": "supervisor_number", "上司": "supervisor_number",
	"roles": "roles", "役割": "roles", "権限": "roles",
	"employment_type": "employment_type", "任用形態": "employment_type", "雇用形態": "employment_type",
	"has_remote_pc": "has_remote_pc", "テレワーク端末": "has_remote_pc", "端末貸与": "has_remote_pc",
	"active": "active", "在職": "active", "有効": "active",
}

var requiredImportColumns = []string{"employee_number", "family_name", "given_name", "email", "department_code"}

var employmentAliases = map[string]string{
	"regular": models.EmploymentRegular, "正規": models.EmploymentRegular, "正職員": models.EmploymentRegular, "正規職員": models.EmploymentRegular,
	"reappointed": models.EmploymentReappointed, "再任用": models.EmploymentReappointed, "再任用職員": models.EmploymentReappointed,
	"reappointed_short": models.EmploymentReappointedShort, "再任用短時間": models.EmploymentReappointedShort, "再任用短時間勤務職員": models.EmploymentReappointedShort,
	"fixed_term": models.EmploymentFixedTerm, "任期付": models.EmploymentFixedTerm, "任期付職員": models.EmploymentFixedTerm,
	"fiscal_year": models.EmploymentFiscalYear, "会計年度任用": models.EmploymentFiscalYear, "会計年度任用職員": models.EmploymentFiscalYear,
	"temporary": models.EmploymentTemporary, "臨時": models.EmploymentTemporary, "臨時的任用": models.EmploymentTemporary, "臨時職員": models.EmploymentTemporary,
	"probationary": models.EmploymentProbationary, "条件付採用": models.EmploymentProbationary,
}

var roleAliases = map[string]policies.Role{
	"employee": policies.RoleEmployee, "職員": policies.RoleEmployee,
	"supervisor": policies.RoleSupervisor, "上司": policies.RoleSupervisor, "監督者": policies.RoleSupervisor,
	"hr": policies.RoleHR, "人事": policies.RoleHR,
	"admin": policies.RoleAdmin, "管理者": policies.RoleAdmin,
}

var boolAliases = map[string]bool{
	"true": true, "1": true, "yes": true, "y": true, "はい": true, "有": true, "あり": true, "○": true, "〇": true,
	"false": false, "0": false, "no": false, "n": false, "いいえ": false, "無": false, "なし": false, "×": false, "": false,
}

// maxImportRows bounds one import; the largest municipalities have tens of
// thousands of staff.
const maxImportRows = 100000

// ImportOutcome re-reads the summary of an import the actor made, from its
// audit event (counts only), for the replay of an Idempotency-Key.
func (s *Employees) ImportOutcome(ctx context.Context, actor *Actor, eventID string) (*ImportResult, error) {
	if !policies.CanManageEmployees(subject(actor)) {
		return nil, forbidden()
	}
	ev, err := s.audit.store.Get(ctx, s.db, actor.OrganizationID, eventID)
	if err != nil {
		return nil, err
	}
	if ev.Action != "employee.import" {
		return nil, fmt.Errorf("event %s is no import: %w", eventID, models.ErrNotFound)
	}
	var counts struct {
		Rows, Created, Updated, Unchanged int
		Encoding                          string
	}
	if err := json.Unmarshal(ev.After, &counts); err != nil {
		return nil, fmt.Errorf("read import summary: %w", err)
	}
	return &ImportResult{Encoding: counts.Encoding, Rows: counts.Rows, Created: counts.Created, Updated: counts.Updated, Unchanged: counts.Unchanged}, nil
}

type importRow struct {
	line   int
	values map[string]string
}

// Import reads a CSV of employees and creates or updates them by employee
// number. Nothing is written unless every row is good; a dry run only checks.
func (s *Employees) Import(ctx context.Context, actor *Actor, data []byte, dryRun bool) (*ImportResult, error) {
	if !policies.CanManageEmployees(subject(actor)) {
		return nil, forbidden()
	}
	text, encoding, err := decodeCSVText(data)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(text, importColumns, requiredImportColumns)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{DryRun: dryRun, Encoding: encoding, Rows: len(rows)}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		plan, err := s.planImport(ctx, tx, actor.OrganizationID, rows)
		if err != nil {
			return err
		}
		res.Created, res.Updated, res.Unchanged = plan.counts()
		res.Lines = plan.lines()
		if dryRun {
			return nil
		}
		return s.applyImport(ctx, tx, actor, plan, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// readCSV reads a CSV whose first line names the columns (any of the
// aliases in columns); every required column must be there.
func readCSV(text string, columns map[string]string, required []string) ([]importRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var v Validator
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		v.Add("file", "empty", "ファイルが空です。1行目に見出し、2行目から職員を記載してください。", "The file is empty: put headers on line 1 and one employee per line after it.")
		return nil, v.Err()
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		key := normalizeHeader(h)
		col, ok := columns[key]
		if !ok {
			if key != "" {
				v.Add(fmt.Sprintf("header[%d]", i+1), "unknown_column", fmt.Sprintf("見出し %q は使えません。", h), fmt.Sprintf("Unknown column %q.", h))
			}
			continue
		}
		if seen[col] {
			v.Add(fmt.Sprintf("header[%d]", i+1), "duplicate_column", fmt.Sprintf("見出し %q が重複しています。", h), fmt.Sprintf("Column %q appears twice.", h))
		}
		seen[col] = true
		cols[i] = col
	}
	for _, req := range required {
		v.Check(seen[req], "header", "missing_column", fmt.Sprintf("必須の列 %s がありません。", req), fmt.Sprintf("The required column %s is missing.", req))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var rows []importRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if allBlank(rec) {
			continue // Excel leaves empty lines at the end
		}
		if len(rows) >= maxImportRows {
			v.Add("file", "too_many_rows", fmt.Sprintf("一度に取り込めるのは%d行までです。", maxImportRows), fmt.Sprintf("At most %d rows can be imported at once.", maxImportRows))
			return nil, v.Err()
		}
		row := importRow{line: line, values: map[string]string{}}
		for i, val := range rec {
			if c, bad := policies.ControlCharacter(val, false); bad {
				v.Add(fmt.Sprintf("rows[%d].columns[%d]", line, i+1), "control_character",
					fmt.Sprintf("%d行目の%d列目に制御文字（U+%04X）があります。", line, i+1, c),
					fmt.Sprintf("Row %d, column %d holds a control character (U+%04X).", line, i+1, c))
				continue
			}
			if i < len(cols) && cols[i] != "" {
				row.values[cols[i]] = strings.TrimSpace(norm.NFKC.String(val))
			} else if strings.TrimSpace(val) != "" {
				v.Add(fmt.Sprintf("rows[%d]", line), "extra_value", "見出しのない列に値があります。", "There is a value in a column without a header.")
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		v.Add("file", "no_rows", "取り込む行がありません。", "There are no rows to import.")
	}
	return rows, v.Err()
}

func csvError(err error) error {
	var v Validator
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		v.Add(fmt.Sprintf("rows[%d]", pe.Line), "csv_syntax", fmt.Sprintf("%d行目の CSV の形式が正しくありません（引用符を確認してください）。", pe.Line),
			fmt.Sprintf("Line %d is not valid CSV (check the quotes).", pe.Line))
		return v.Err()
	}
	v.Add("file", "csv_syntax", "CSV として読み取れません。", "The file cannot be read as CSV.")
	return v.Err()
}

// normalizeHeader folds full-width characters and brackets so "姓（カナ）"
// and "姓(カナ)" match.
func normalizeHeader(h string) string {
	return strings.ToLower(strings.TrimSpace(norm.NFKC.String(h)))
}

func allBlank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

type importOp struct {
	row        importRow
	employee   *models.Employee
	before     map[string]any
	isNew      bool
	changed    bool
	supervisor string // employee number, "" for none
}

type importPlan struct {
	ops []*importOp
	// idByNumber holds every employee of the organisation by number, those
	// the file creates included.
	idByNumber map[string]string
}

func (p *importPlan) counts() (created, updated, unchanged int) {
	for _, op := range p.ops {
		switch op.outcome() {
		case "create":
			created++
		case "update":
			updated++
		default:
			unchanged++
		}
	}
	return
}

func (op *importOp) outcome() string {
	switch {
	case op.isNew:
		return "create"
	case op.changed:
		return "update"
	}
	return "unchanged"
}

// lines lists the plan row by row, in the file's order.
func (p *importPlan) lines() []ImportLine {
	out := make([]ImportLine, 0, len(p.ops))
	for _, op := range p.ops {
		out = append(out, ImportLine{Line: op.row.line, EmployeeNumber: op.employee.EmployeeNumber,
			Name: op.employee.FamilyName + " " + op.employee.GivenName, Outcome: op.outcome()})
	}
	slices.SortFunc(out, func(a, b ImportLine) int { return a.Line - b.Line })
	return out
}

// planImport checks every row and works out what each would change: it
// loads what the rows refer to, then plans them (planRows, pure).
func (s *Employees) planImport(ctx context.Context, tx *gorm.DB, orgID string, rows []importRow) (*importPlan, error) {
	ic, err := s.loadImportChart(ctx, tx, orgID, rows)
	if err != nil {
		return nil, err
	}
	return planRows(ic, rows, models.NewID)
}

// importChart is what an import's rows are checked against: the
// organisation's departments and staff as they stand.
type importChart struct {
	orgID       string
	deptByCode  map[string]string           // department code → id
	skeleton    []models.Employee           // every employee: id, number, supervisor, active
	existing    map[string]*models.Employee // the rows' employees by number, in full
	emailOwners map[string]*models.Employee // the rows' e-mail addresses, by whom they are used
}

func (s *Employees) loadImportChart(ctx context.Context, tx *gorm.DB, orgID string, rows []importRow) (*importChart, error) {
	ic := &importChart{orgID: orgID, deptByCode: map[string]string{}}
	depts, err := s.departments.All(ctx, tx, orgID)
	if err != nil {
		return nil, err
	}
	for _, d := range depts {
		if d.Active { // a closed department takes no staff
			ic.deptByCode[d.Code] = d.ID
		}
	}
	if ic.skeleton, err = s.employees.Skeleton(ctx, tx, orgID); err != nil {
		return nil, err
	}
	var numbers, emails []string
	for _, r := range rows {
		numbers = append(numbers, r.values["employee_number"])
		emails = append(emails, strings.ToLower(r.values["email"]))
	}
	if ic.existing, err = s.employees.ByNumbers(ctx, tx, orgID, numbers); err != nil {
		return nil, err
	}
	ic.emailOwners, err = s.employees.ByEmails(ctx, tx, emails)
	return ic, err
}

// planRows checks every row against the chart and works out what each would
// change; any error in any row refuses the whole file. newID names the
// employees the file creates.
func planRows(ic *importChart, rows []importRow, newID func() string) (*importPlan, error) {
	var v Validator
	numberByID := make(map[string]string, len(ic.skeleton))
	plan := &importPlan{idByNumber: make(map[string]string, len(ic.skeleton)+len(rows))}
	for _, e := range ic.skeleton {
		numberByID[e.ID] = e.EmployeeNumber
		plan.idByNumber[e.EmployeeNumber] = e.ID
	}
	inFile := map[string]int{}
	emailInFile := map[string]int{}
	for _, r := range rows {
		op := planRow(&v, ic, r, newID, inFile, emailInFile)
		if x, ok := r.values["supervisor_number"]; ok {
			op.supervisor = x
		} else if op.employee.SupervisorID != nil {
			op.supervisor = numberByID[*op.employee.SupervisorID]
		}
		plan.ops = append(plan.ops, op)
		plan.idByNumber[op.employee.EmployeeNumber] = op.employee.ID
	}
	checkSupervisors(&v, ic, plan, numberByID, inFile)
	if err := v.Err(); err != nil {
		e := err.(*Error)
		e.Detail = Fail(ErrValidation, "取り込めない行があります。すべての行を直してから再度取り込んでください（何も取り込まれていません）。",
			"Some rows cannot be imported. Fix every row and try again (nothing was imported).").Detail
		return nil, e
	}
	for _, op := range plan.ops {
		op.changed = op.isNew || !equalAudit(op.before, op.employee, op.supervisor, numberByID)
	}
	return plan, nil
}

// planRow reads one row into the employee it creates or changes, adding what
// is wrong with it to v. inFile and emailInFile remember the lines numbers
// and addresses were seen on.
func planRow(v *Validator, ic *importChart, r importRow, newID func() string, inFile, emailInFile map[string]int) *importOp {
	f := func(col string) string { return fmt.Sprintf("rows[%d].%s", r.line, col) }
	val := r.values
	number := val["employee_number"]
	op := &importOp{row: r}
	if e, ok := ic.existing[number]; ok && number != "" {
		op.employee, op.before = e, employeeAudit(e)
	} else {
		op.isNew = true
		op.employee = &models.Employee{ID: newID(), OrganizationID: ic.orgID, Active: true,
			EmploymentType: models.EmploymentRegular, Roles: []policies.Role{policies.RoleEmployee}}
	}
	e := op.employee
	if number == "" {
		v.Add(f("employee_number"), "required", "職員番号は必須です。", "The employee number is required.")
	} else if prev, dup := inFile[number]; dup {
		v.Add(f("employee_number"), "duplicate", fmt.Sprintf("職員番号が%d行目と重複しています。", prev), fmt.Sprintf("The employee number repeats line %d.", prev))
	} else if utf8.RuneCountInString(number) > 32 {
		v.Add(f("employee_number"), "too_long", "職員番号は32文字以内です。", "The employee number must be at most 32 characters.")
	}
	inFile[number] = r.line
	e.EmployeeNumber = number
	for _, col := range []struct {
		name     string
		dst      *string
		required bool
	}{{"family_name", &e.FamilyName, true}, {"given_name", &e.GivenName, true}, {"family_name_kana", &e.FamilyNameKana, false}, {"given_name_kana", &e.GivenNameKana, false}} {
		x, present := val[col.name]
		switch {
		case col.required && x == "":
			v.Add(f(col.name), "required", "必須項目です。", "This field is required.")
		case utf8.RuneCountInString(x) > 100:
			v.Add(f(col.name), "too_long", "100文字以内で入力してください。", "Must be at most 100 characters.")
		}
		if present {
			*col.dst = x
			if strings.HasSuffix(col.name, "_kana") {
				checkKana(v, f(col.name), col.dst)
			}
		}
	}
	email := strings.ToLower(val["email"])
	switch {
	case email == "":
		v.Add(f("email"), "required", "メールアドレスは必須です。", "The e-mail address is required.")
	case !validEmail(email):
		v.Add(f("email"), "invalid", "メールアドレスの形式が正しくありません。", "The e-mail address is not valid.")
	default:
		if owner, ok := ic.emailOwners[email]; ok && owner.ID != e.ID {
			v.Add(f("email"), "taken", "このメールアドレスは他の職員が使っています。", "Another employee already uses this e-mail address.")
		}
		if prev, dup := emailInFile[email]; dup {
			v.Add(f("email"), "duplicate", fmt.Sprintf("メールアドレスが%d行目と重複しています。", prev), fmt.Sprintf("The e-mail address repeats line %d.", prev))
		}
		emailInFile[email] = r.line
	}
	e.Email = email
	if id, ok := ic.deptByCode[val["department_code"]]; ok {
		e.DepartmentID = id
	} else {
		v.Add(f("department_code"), "not_found", fmt.Sprintf("所属コード %q は登録されていません。", val["department_code"]), fmt.Sprintf("No department has the code %q.", val["department_code"]))
	}
	planRowFlags(v, f, val, e)
	return op
}

// planRowFlags reads a row's employment type, yes/no columns and roles.
func planRowFlags(v *Validator, f func(string) string, val map[string]string, e *models.Employee) {
	if x, ok := val["employment_type"]; ok && x != "" {
		if t, ok := employmentAliases[strings.ToLower(x)]; ok {
			e.EmploymentType = t
		} else {
			v.Add(f("employment_type"), "invalid", fmt.Sprintf("任用形態 %q は使えません（正規、再任用、会計年度任用、臨時的任用、条件付採用）。", x), fmt.Sprintf("Unknown employment type %q.", x))
		}
	}
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"has_remote_pc", &e.HasRemotePC}, {"active", &e.Active}} {
		x, ok := val[b.name]
		if !ok || (b.name == "active" && x == "") {
			continue
		}
		if t, ok := boolAliases[strings.ToLower(x)]; ok {
			*b.dst = t
		} else {
			v.Add(f(b.name), "invalid", fmt.Sprintf("%q は はい/いいえ（true/false）で指定してください。", x), fmt.Sprintf("%q must be true or false.", x))
		}
	}
	if x, ok := val["roles"]; ok {
		roles, bad := parseRoles(x)
		for _, r := range bad {
			v.Add(f("roles"), "invalid", fmt.Sprintf("役割 %q はありません（職員、上司、人事、管理者）。", r), fmt.Sprintf("Unknown role %q.", r))
		}
		if len(roles) == 0 {
			roles = []policies.Role{policies.RoleEmployee}
		}
		e.Roles = roles
	}
}

// checkSupervisors checks the supervisors the plan names: known, not
// oneself, active (as the API requires) and no cycle in the chart as it
// would be.
func checkSupervisors(v *Validator, ic *importChart, plan *importPlan, numberByID map[string]string, inFile map[string]int) {
	known := make(map[string]bool, len(ic.skeleton))
	supOf := make(map[string]string, len(ic.skeleton)+len(plan.ops))
	activeByNumber := make(map[string]bool, len(ic.skeleton)+len(plan.ops))
	for _, e := range ic.skeleton {
		known[e.EmployeeNumber] = true
		if e.SupervisorID != nil {
			supOf[e.EmployeeNumber] = numberByID[*e.SupervisorID]
		}
		activeByNumber[e.EmployeeNumber] = e.Active
	}
	for _, op := range plan.ops {
		supOf[op.employee.EmployeeNumber] = op.supervisor
		activeByNumber[op.employee.EmployeeNumber] = op.employee.Active
	}
	for _, op := range plan.ops {
		field := fmt.Sprintf("rows[%d].supervisor_number", op.row.line)
		sup := op.supervisor
		if sup == "" {
			continue
		}
		if _, inThisFile := inFile[sup]; !known[sup] && !inThisFile {
			v.Add(field, "not_found", fmt.Sprintf("上司の職員番号 %q は登録されていません。", sup), fmt.Sprintf("No employee has the number %q.", sup))
			continue
		}
		if sup == op.employee.EmployeeNumber {
			v.Add(field, "self", "自分自身を上司にはできません。", "An employee cannot supervise themselves.")
			continue
		}
		// A supervisor kept from the chart (the file has no such column) is
		// not the file's doing; one the row names must be active.
		if _, named := op.row.values["supervisor_number"]; named && !activeByNumber[sup] {
			v.Add(field, "inactive", fmt.Sprintf("職員番号 %q の職員は無効化されているため上司にできません。", sup),
				fmt.Sprintf("The employee numbered %q is deactivated and cannot be a supervisor.", sup))
			continue
		}
		for cur, steps := sup, 0; cur != "" && steps <= len(supOf); cur, steps = supOf[cur], steps+1 {
			if cur == op.employee.EmployeeNumber {
				v.Add(field, "cycle", "上司の関係が循環しています。", "The supervisor relation would form a cycle.")
				break
			}
		}
	}
}

func parseRoles(s string) (roles []policies.Role, bad []string) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '、' || r == '|' || r == ' ' || r == '/' }) {
		if r, ok := roleAliases[strings.ToLower(part)]; ok {
			roles = append(roles, r)
		} else {
			bad = append(bad, part)
		}
	}
	slices.Sort(roles)
	return slices.Compact(roles), bad
}

func equalAudit(before map[string]any, e *models.Employee, supervisor string, numberByID map[string]string) bool {
	after := employeeAudit(e)
	prevSup := ""
	if id, ok := before["supervisor_id"].(*string); ok && id != nil {
		prevSup = numberByID[*id]
	}
	if prevSup != supervisor {
		return false
	}
	for k, v := range after {
		if k == "supervisor_id" {
			continue
		}
		if fmt.Sprint(before[k]) != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

// applyImport writes the plan: rows first without supervisors that are new
// in this file (they do not exist yet), then those supervisors.
func (s *Employees) applyImport(ctx context.Context, tx *gorm.DB, actor *Actor, plan *importPlan, res *ImportResult) error {
	now := s.now()
	var later []*importOp
	for _, op := range plan.ops {
		if !op.changed {
			continue
		}
		e := op.employee
		e.UpdatedAt = now
		e.SupervisorID = nil
		if op.supervisor != "" {
			// A supervisor in the file may not exist yet: link those afterwards.
			later = append(later, op)
		}
		if !e.Active && e.DeactivatedAt == nil {
			e.DeactivatedAt = &now
			if _, err := s.refreshTokens.RevokeEmployee(ctx, tx, e.ID, "deactivated", now, ""); err != nil {
				return err
			}
		} else if e.Active {
			e.DeactivatedAt = nil
		}
		if op.isNew {
			e.CreatedAt = now
		}
		prevDept, _ := op.before["department_id"].(string)
		if err := s.saveEmployee(ctx, tx, &actor.EmployeeID, e, op.isNew, prevDept); err != nil {
			return err
		}
	}
	for _, op := range later {
		id := plan.idByNumber[op.supervisor]
		op.employee.SupervisorID = &id
		if err := s.employees.Update(ctx, tx, op.employee); err != nil {
			return err
		}
	}
	for _, op := range plan.ops {
		if !op.changed {
			continue
		}
		action, before := "employee.update", op.before
		if op.isNew {
			action, before = "employee.create", nil
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: action, TargetType: "employee", TargetID: op.employee.ID,
			Before: before, After: employeeAudit(op.employee)}); err != nil {
			return err
		}
	}
	// An employee with no id stands for "nobody changed": the check counts
	// every active administrator left after the import.
	if err := s.keepAnAdmin(ctx, tx, &models.Employee{OrganizationID: actor.OrganizationID}); err != nil {
		return err
	}
	return s.audit.record(ctx, tx, actor, auditEntry{Action: "employee.import", TargetType: "organization", TargetID: actor.OrganizationID,
		After: map[string]any{"rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged, "encoding": res.Encoding}})
}
