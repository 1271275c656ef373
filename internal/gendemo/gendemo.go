// Package gendemo fills a PostgreSQL database with a large, realistic
// municipality for benchmarks: a 部→課→係 tree, tens of thousands of staff,
// a year of leave and telework requests with their approvals, the ledger and
// attendance counters that follow from them, satellite-office bookings and
// the 1 April transfers.
//
// The organisation, its first department, administrator and policy version
// are made by services.Setup, as `kinmuchi org create` makes them; the rest
// is written set-based (INSERT … SELECT over generate_series and unnest), in
// one transaction, deriving the ledger and the counters exactly as the write
// path would. Afterwards the counters are checked against the ledger for
// every department-day, and a sample of staff is derived again through
// services.Ledger.Verify, which must find nothing to repair.
//
// Only PostgreSQL is supported: the embedded SQLite database has one
// connection and no set-returning functions fast enough for millions of rows.
package gendemo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// Options size the municipality.
type Options struct {
	Employees, Departments, Days int
	// Slug names the organisation (gen-city by default); it must be new.
	Slug string
	// Today splits the past (decided requests) from the future (some still
	// pending); the generated period runs from three quarters of Days before
	// it to a quarter after.
	Today policies.Date
	// Password is the administrator's (admin@<slug>.example).
	Password string
	// Sample is how many staff Verify derives again (200 by default).
	Sample int
	Log    io.Writer
}

// Result says what was made.
type Result struct {
	OrganizationID, Slug, AdminEmail             string
	From, To, TransferDay                        policies.Date
	Departments, Employees, OfficeDays           int
	Requests, RequestDays, LedgerRows, Leave     int
	Bookings, Transfers, Counters, VerifiedStaff int
}

// ErrNotPostgres is returned for the embedded SQLite database.
var ErrNotPostgres = errors.New("gen-demo needs PostgreSQL (set KINMUCHI_DATABASE_URL or --database-url): " +
	"the embedded SQLite database is not built for millions of rows")

// Run generates the municipality.
func Run(ctx context.Context, db *models.DB, o Options) (*Result, error) {
	if db.Dialect != models.Postgres {
		return nil, ErrNotPostgres
	}
	if o.Employees < 10 || o.Departments < 5 || o.Days < 7 || o.Days > 366 {
		return nil, fmt.Errorf("gen-demo: at least 10 employees and 5 departments, and 7 to 366 days")
	}
	if o.Employees < 2*o.Departments {
		return nil, fmt.Errorf("gen-demo: give at least two employees per department (%d for %d departments)", 2*o.Departments, o.Departments)
	}
	if o.Slug == "" {
		o.Slug = "gen-city"
	}
	if o.Sample == 0 {
		o.Sample = 200
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Password == "" {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		o.Password = hex.EncodeToString(b)
	}
	from := o.Today.AddDays(-(o.Days * 3 / 4))
	to := from.AddDays(o.Days - 1)
	zone, _ := time.LoadLocation("Asia/Tokyo")
	y, m, d := from.Civil()
	// The organisation is set up on the period's first day, so its first
	// policy version (and everyone's first assignment) covers the period.
	clk := clock.NewFixed(time.Date(y, m, d, 9, 0, 0, 0, zone))
	secret := make([]byte, 48)
	_, _ = rand.Read(secret)
	svc := services.New(services.Config{DB: db.Gorm, Clock: clk, JWTSecret: secret, Issuer: "kinmuchi"})

	g := &gen{o: o, log: o.Log, res: &Result{Slug: o.Slug, From: from, To: to, AdminEmail: "admin@" + o.Slug + ".example"}, started: time.Now()}
	set, err := svc.Setup.CreateOrganization(ctx, services.NewOrganization{Name: "大規模市（生成データ）", Slug: o.Slug,
		DepartmentName: "人事課", DepartmentCode: "001001",
		Admin: services.NewAdmin{Email: g.res.AdminEmail, FamilyName: "管理", GivenName: "太郎", EmployeeNumber: "A000001", Password: o.Password}})
	if err != nil {
		return nil, fmt.Errorf("gen-demo: set up the organisation: %w", err)
	}
	g.org = set.Organization
	g.firstDept = set.Department.ID
	g.admin = set.Admin.ID
	g.policyID, g.policyVersion = set.PolicyVersion.PolicyID, set.PolicyVersion.Version
	g.res.OrganizationID = g.org.ID
	g.step("organisation, administrator and policy version (services.Setup)")

	days, err := svc.Ledger.OfficeDays(ctx, g.org.ID, from, to)
	if err != nil {
		return nil, err
	}
	for _, d := range days {
		g.days = append(g.days, d.String())
	}
	g.res.OfficeDays = len(days)
	g.firstDay = policies.DateOf(set.Organization.CreatedAt.In(zone)).FiscalYearStart()
	g.res.TransferDay = g.transferDay(from)

	err = db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, f := range []func(*gorm.DB) error{g.functions, g.departments, g.staff, g.offices, g.plan, g.requests, g.ledger, g.bookings} {
			if err := f(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("gen-demo: %w", err)
	}
	// VACUUM as well as ANALYZE: the visibility map it sets lets the report's
	// tally read the index alone (work_days_tally), as it would on a server
	// whose autovacuum has caught up with the load, not right after it.
	if err := db.Gorm.WithContext(ctx).Exec("VACUUM (ANALYZE)").Error; err != nil {
		return nil, err
	}
	g.step("VACUUM (ANALYZE)")
	return g.res, g.verify(ctx, db.Gorm, svc)
}

// gen carries the generation's state from step to step.
type gen struct {
	o                       Options
	log                     io.Writer
	res                     *Result
	org                     *models.Organization
	firstDept, admin        string
	policyID, policyVersion string
	firstDay                policies.Date
	days                    []string
	started, last           time.Time
	depts                   []deptRow
	leaves, bigLeaves       []int
	hrDivision, bigBureau   int
}

func (g *gen) step(what string) {
	now := time.Now()
	if g.last.IsZero() {
		g.last = g.started
	}
	fmt.Fprintf(g.log, "%-70s %6.1fs\n", what, now.Sub(g.last).Seconds())
	g.last = now
}

// transferDay is the 1 April on which ~5 % of staff move: the first after
// the organisation's first day that the period reaches or precedes.
func (g *gen) transferDay(from policies.Date) policies.Date {
	y, _, _ := g.firstDay.Civil()
	for t := policies.DateOf(time.Date(y+1, 4, 1, 0, 0, 0, 0, time.UTC)); ; t = t.AddDays(365) {
		ty, _, _ := t.Civil()
		t = policies.DateOf(time.Date(ty, 4, 1, 0, 0, 0, 0, time.UTC))
		if !t.Before(from) {
			return t
		}
	}
}

func (g *gen) exec(tx *gorm.DB, what, q string, args ...any) (int64, error) {
	if len(args) == 1 && !strings.Contains(q, "@") {
		if _, named := args[0].(map[string]any); named {
			args = nil // a statement of a named list that needs none of them
		}
	}
	start := time.Now()
	r := tx.Exec(q, args...)
	if r.Error != nil {
		return 0, fmt.Errorf("%s: %w", what, r.Error)
	}
	if d := time.Since(start); d > 2*time.Second {
		fmt.Fprintf(g.log, "  %-68s %6.1fs\n", what, d.Seconds())
	}
	return r.RowsAffected, nil
}

// functions: UUIDv7 ids (time-ordered, as models.NewID makes them) from a
// given instant, so that keyset pages follow creation order here too.
func (g *gen) functions(tx *gorm.DB) error {
	_, err := g.exec(tx, "uuid7", `CREATE FUNCTION pg_temp.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
		SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
			substring(int8send(floor(extract(epoch FROM ts) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid $$`)
	if err == nil {
		_, err = g.exec(tx, "seed", `SELECT setseed(0.15)`)
	}
	if err == nil {
		// Hash joins and sorts of millions of rows in memory rather than in
		// temporary files, for this transaction only.
		_, err = g.exec(tx, "work_mem", `SET LOCAL work_mem = '256MB'`)
	}
	return err
}

// deptRow is a department of the generated tree.
type deptRow struct {
	idx, parent     int // parent -1 for a 部
	id, code, name  string
	kana, kind      string
	counter, leaf   bool
	ratePermille    int // share of working days teleworked in the section
	division        int // the 課 a 係 belongs to (itself for a 課)
	bureau          int
	myNumber, ahead bool
}

var bureauNames = []string{"総務", "企画", "財政", "福祉", "市民", "子ども未来", "健康", "環境", "経済", "都市整備", "建設", "上下水道", "教育", "会計", "議会事務", "消防"}
var bureauKana = []string{"ソウム", "キカク", "ザイセイ", "フクシ", "シミン", "コドモミライ", "ケンコウ", "カンキョウ", "ケイザイ", "トシセイビ", "ケンセツ", "ジョウゲスイドウ", "キョウイク", "カイケイ", "ギカイジム", "ショウボウ"}
var areaNames = []string{"", "北部", "南部", "東部", "西部", "中央"}
var divisionNames = []string{"企画", "管理", "窓口サービス", "事業", "調整", "推進", "指導", "審査", "情報", "施設"}
var sectionNames = []string{"庶務", "企画", "調整", "管理", "事業", "審査", "指導", "相談", "運営"}

// departments builds the tree: ~4 % 部, ~24 % 課, the rest 係. Every
// 課 named 窓口サービス is counter work, with its 係; one 課 in three is
// telework-heavy (about a quarter of its days remote), the others light.
// 福祉部 is the large one (a tenth of the staff).
func (g *gen) departments(tx *gorm.DB) error {
	n := g.o.Departments
	nb := max(1, n/25)
	nd := max(1, n*6/25)
	ns := n - nb - nd
	now := g.org.CreatedAt
	add := func(r deptRow) int {
		r.idx = len(g.depts)
		g.depts = append(g.depts, r)
		return r.idx
	}
	g.bigBureau = min(3, nb-1)
	for b := range nb {
		stem := areaNames[(b/len(bureauNames))%len(areaNames)] + bureauNames[b%len(bureauNames)]
		add(deptRow{parent: -1, id: models.NewID(), code: fmt.Sprintf("%03d", b+1), name: stem + "部", kana: bureauKana[b%len(bureauNames)] + "ブ",
			kind: models.KindDepartment, bureau: b})
	}
	divs := make([]int, 0, nd)
	for i := range nd {
		b := i % nb
		j := i / nb
		stem := strings.TrimSuffix(g.depts[b].name, "部")
		r := deptRow{parent: b, id: models.NewID(), code: fmt.Sprintf("%03d%03d", b+1, j+1), name: stem + divisionNames[j%len(divisionNames)] + "課",
			kana: g.depts[b].kana + "カ", kind: models.KindDivision, bureau: b}
		if j >= len(divisionNames) {
			r.name = fmt.Sprintf("%s第%d%s課", stem, j/len(divisionNames)+1, divisionNames[j%len(divisionNames)])
		}
		if i == 0 {
			r.id, r.name, r.kana, r.ahead = g.firstDept, "人事課", "ジンジカ", true // made by Setup
		}
		r.counter = divisionNames[j%len(divisionNames)] == "窓口サービス"
		r.myNumber = r.counter
		switch {
		case r.counter:
			r.ratePermille = 0
		case j%3 == 0:
			r.ratePermille = 250
		default:
			r.ratePermille = 70
		}
		idx := add(r)
		g.depts[idx].division = idx
		divs = append(divs, idx)
	}
	g.hrDivision = divs[0]
	hasSections := map[int]bool{}
	for k := range ns {
		dv := g.depts[divs[k%len(divs)]]
		j := k / len(divs)
		name := sectionNames[j%len(sectionNames)] + "係"
		if j >= len(sectionNames) {
			name = fmt.Sprintf("第%d%s係", j/len(sectionNames)+1, sectionNames[j%len(sectionNames)])
		}
		add(deptRow{parent: dv.idx, id: models.NewID(), code: fmt.Sprintf("%s%03d", dv.code, j+1), name: name, kana: "カカリ",
			kind: models.KindSection, counter: dv.counter, myNumber: dv.myNumber, ratePermille: dv.ratePermille, division: dv.idx, bureau: dv.bureau, leaf: true})
		hasSections[dv.idx] = true
	}
	for _, i := range divs {
		if !hasSections[i] {
			g.depts[i].leaf = true
		}
	}
	for _, r := range g.depts {
		if !r.leaf {
			continue
		}
		if r.bureau == g.bigBureau && nb > 1 {
			g.bigLeaves = append(g.bigLeaves, r.idx)
		} else {
			g.leaves = append(g.leaves, r.idx)
		}
	}
	if len(g.bigLeaves) == 0 {
		g.bigLeaves = g.leaves
	}
	if _, err := g.exec(tx, "gen_dept", `CREATE TEMP TABLE gen_dept (idx int PRIMARY KEY, id uuid, parent int, division int, bureau int,
		rate int, counter boolean, leaf boolean, big boolean) ON COMMIT DROP`); err != nil {
		return err
	}
	var rows []models.Department
	var vals []string
	var args []any
	for _, r := range g.depts {
		vals = append(vals, "(?, ?::uuid, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, r.idx, r.id, r.parent, r.division, r.bureau, r.ratePermille, r.counter, r.leaf, r.bureau == g.bigBureau)
		if r.ahead {
			continue
		}
		d := models.Department{ID: r.id, OrganizationID: g.org.ID, Code: r.code, Name: r.name, NameKana: r.kana, Kind: r.kind,
			CounterWork: r.counter, MyNumberWork: r.myNumber, Active: true, CreatedAt: now, UpdatedAt: now}
		if r.parent >= 0 {
			d.ParentID = &g.depts[r.parent].id
		}
		rows = append(rows, d)
	}
	if _, err := g.exec(tx, "gen_dept rows", "INSERT INTO gen_dept VALUES "+strings.Join(vals, ","), args...); err != nil {
		return err
	}
	// 部 first, so that every parent exists before its children.
	if err := tx.CreateInBatches(rows, 200).Error; err != nil {
		return fmt.Errorf("departments: %w", err)
	}
	if _, err := g.exec(tx, "人事課", `UPDATE departments SET parent_id = ? WHERE id = ?`, g.depts[0].id, g.firstDept); err != nil {
		return err
	}
	g.res.Departments = len(g.depts)
	g.step(fmt.Sprintf("%d departments (%d 部, %d 課, %d 係)", len(g.depts), nb, nd, ns))
	return nil
}

var familyNames = []string{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川"}
var familyKana = []string{"サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ", "ササキ", "ヤマグチ", "マツモト", "イノウエ", "キムラ", "ハヤシ", "サイトウ", "シミズ", "ヤマザキ", "モリ", "イケダ", "ハシモト", "アベ", "イシカワ", "ヤマシタ", "ナカジマ", "イシイ", "オガワ"}
var givenNames = []string{"陽菜", "蓮", "結衣", "湊", "美咲", "大翔", "葵", "悠真", "さくら", "健太", "彩", "翔太", "真由美", "誠", "恵子", "拓也", "裕子", "浩二", "直美", "学", "花子", "太郎", "優子"}
var givenKana = []string{"ヒナ", "レン", "ユイ", "ミナト", "ミサキ", "ヒロト", "アオイ", "ユウマ", "サクラ", "ケンタ", "アヤ", "ショウタ", "マユミ", "マコト", "ケイコ", "タクヤ", "ユウコ", "コウジ", "ナオミ", "マナブ", "ハナコ", "タロウ", "ユウコ"}

// staff: one head per department (in it), then the others spread over the
// leaf departments, a tenth in the large 部. A section's staff report to its
// 係長, each head to the head above. ~5 % move on the transfer day.
func (g *gen) staff(tx *gorm.DB) error {
	nd := len(g.depts)
	leafArr, bigArr := pgInts(g.leaves), pgInts(g.bigLeaves)
	if _, err := g.exec(tx, "gen_staff", `CREATE TEMP TABLE gen_staff ON COMMIT DROP AS
		WITH s AS (
			SELECT n,
				CASE WHEN n < ?::int THEN n
				     WHEN n % 10 = 0 THEN (?::int[])[1 + (n / 10) % cardinality(?::int[])]
				     ELSE (?::int[])[1 + n % cardinality(?::int[])] END AS dept
			FROM generate_series(0, ?::int - 1) n)
		SELECT s.n, pg_temp.uuid7(?::timestamptz) AS id, s.dept, d.id AS dept_id, d.rate,
			(s.n < ?::int) AS head,
			CASE WHEN s.n >= ?::int AND s.n % 20 = 7 THEN (?::int[])[1 + (s.n / 20) % cardinality(?::int[])] END AS new_dept,
			(s.n % 7 <> 3) AS remote_pc
		FROM s JOIN gen_dept d ON d.idx = s.dept`,
		nd, bigArr, bigArr, leafArr, leafArr, g.o.Employees-1, g.org.CreatedAt, nd, nd, leafArr, leafArr); err != nil {
		return err
	}
	steps := []struct{ what, q string }{
		{"gen_staff keys", `ALTER TABLE gen_staff ADD PRIMARY KEY (n)`},
		{"moves", `UPDATE gen_staff SET new_dept = NULL WHERE new_dept = dept`},
		{"move ids", `ALTER TABLE gen_staff ADD COLUMN new_dept_id uuid, ADD COLUMN sup int, ADD COLUMN sat int`},
		{"move ids", `UPDATE gen_staff s SET new_dept_id = d.id FROM gen_dept d WHERE d.idx = s.new_dept`},
		// Staff report to their department's head; a head to the head above.
		{"supervisors", `UPDATE gen_staff s SET sup = CASE WHEN s.head THEN NULLIF(d.parent, -1) ELSE s.dept END FROM gen_dept d WHERE d.idx = s.dept`},
	}
	for _, st := range steps {
		if _, err := g.exec(tx, st.what, st.q); err != nil {
			return err
		}
	}
	// A supervisor is inserted in the same statement as the staff who report
	// to them: PostgreSQL checks the foreign key at the statement's end.
	n, err := g.exec(tx, "employees", `INSERT INTO employees (id, organization_id, employee_number, email, family_name, given_name,
			family_name_kana, given_name_kana, department_id, supervisor_id, employment_type, has_remote_pc, active, created_at, updated_at)
		SELECT s.id, ?, 'G' || lpad(s.n::text, 6, '0'), 'g' || lpad(s.n::text, 6, '0') || '@' || ? || '.example',
			(?::text[])[1 + s.n % 30], (?::text[])[1 + (s.n / 30) % 23], (?::text[])[1 + s.n % 30], (?::text[])[1 + (s.n / 30) % 23],
			CASE WHEN s.new_dept IS NOT NULL AND ?::date <= ?::date THEN s.new_dept_id ELSE s.dept_id END, b.id,
			CASE WHEN s.n % 13 = 5 THEN 'fiscal_year' ELSE 'regular' END, s.remote_pc, true, ?, ?
		FROM gen_staff s LEFT JOIN gen_staff b ON b.n = s.sup ORDER BY s.n`,
		g.org.ID, g.o.Slug, pgTexts(familyNames), pgTexts(givenNames), pgTexts(familyKana), pgTexts(givenKana),
		g.res.TransferDay.String(), g.o.Today.String(), g.org.CreatedAt, g.org.CreatedAt)
	if err != nil {
		return err
	}
	g.res.Employees = int(n) + 1
	more := []struct{ what, q string }{
		{"heads", `UPDATE departments d SET head_id = s.id FROM gen_staff s JOIN gen_dept g ON g.idx = s.dept WHERE s.head AND d.id = g.id`},
		{"roles", `INSERT INTO employee_roles (organization_id, employee_id, role)
			SELECT CAST(@org AS uuid), id, 'employee' FROM gen_staff
			UNION ALL SELECT CAST(@org AS uuid), id, 'supervisor' FROM gen_staff WHERE head
			UNION ALL (SELECT CAST(@org AS uuid), s.id, 'hr' FROM gen_staff s JOIN gen_dept d ON d.idx = s.dept
				WHERE d.division = @hr AND NOT s.head ORDER BY s.n LIMIT 20)`},
		{"assignments", `INSERT INTO assignments (id, organization_id, employee_id, department_id, valid_from, valid_to, note, created_at)
			SELECT pg_temp.uuid7(@at), CAST(@org AS uuid), id, dept_id, CAST(@first AS date), CASE WHEN new_dept IS NOT NULL THEN CAST(@move AS date) END, '', CAST(@at AS timestamptz) FROM gen_staff
			UNION ALL
			SELECT pg_temp.uuid7(@at), CAST(@org AS uuid), id, new_dept_id, CAST(@move AS date), NULL, '4月1日付人事異動', CAST(@at AS timestamptz) FROM gen_staff WHERE new_dept IS NOT NULL`},
	}
	named := map[string]any{"org": g.org.ID, "hr": g.hrDivision, "at": g.org.CreatedAt, "first": g.firstDay.String(), "move": g.res.TransferDay.String()}
	for _, st := range more {
		if _, err := g.exec(tx, st.what, st.q, named); err != nil {
			return err
		}
	}
	var moved int64
	if err := tx.Raw(`SELECT count(*) FROM gen_staff WHERE new_dept IS NOT NULL`).Scan(&moved).Error; err != nil {
		return err
	}
	g.res.Transfers = int(moved)
	g.step(fmt.Sprintf("%d employees, roles, department history (%d transfers on %s)", n, moved, g.res.TransferDay))
	return nil
}

// offices: one satellite office (or partner coworking space) per 5,000
// staff, 40 seats each, open on weekdays 08:30–17:30. One person in forty
// teleworks from a satellite office rather than from home.
func (g *gen) offices(tx *gorm.DB) error {
	nOff := max(1, g.o.Employees/5000)
	named := map[string]any{"org": g.org.ID, "at": g.org.CreatedAt, "n": nOff}
	steps := []struct{ what, q string }{
		{"gen_office", `CREATE TEMP TABLE gen_office ON COMMIT DROP AS
			SELECT i, pg_temp.uuid7(@at) AS id FROM generate_series(0, CAST(@n AS int) - 1) i`},
		{"offices", `INSERT INTO offices (id, organization_id, name, kind, address, max_advance_days, created_at, updated_at)
			SELECT id, CAST(@org AS uuid), CASE WHEN i % 2 = 0 THEN 'サテライトオフィス' || (i + 1) ELSE 'コワーキング提携拠点' || (i + 1) END,
				CASE WHEN i % 2 = 0 THEN 'satellite' ELSE 'partner_coworking' END, '', 60, @at, @at FROM gen_office`},
		{"office hours", `INSERT INTO office_hours (office_id, weekday, opens_min, closes_min)
			SELECT o.id, w, 510, 1050 FROM gen_office o, generate_series(1, 5) w`},
		{"spaces", `INSERT INTO spaces (id, organization_id, office_id, kind, name, created_at, updated_at)
			SELECT pg_temp.uuid7(@at), CAST(@org AS uuid), o.id, 'open_seat', '席' || lpad(k::text, 2, '0'), @at, @at
			FROM gen_office o, generate_series(1, 40) k`},
		{"gen_space", `CREATE TEMP TABLE gen_space ON COMMIT DROP AS
			SELECT o.i AS office, row_number() OVER (PARTITION BY o.i ORDER BY s.name) AS seat, s.id FROM spaces s JOIN gen_office o ON o.id = s.office_id`},
		{"satellite users", `UPDATE gen_staff SET sat = (n / 40) % CAST(@n AS int) WHERE n % 40 = 11 AND remote_pc AND rate > 0`},
	}
	for _, st := range steps {
		if _, err := g.exec(tx, st.what, st.q, named); err != nil {
			return err
		}
	}
	g.step(fmt.Sprintf("%d satellite offices with 40 seats each", nOff))
	return nil
}

// plan draws every person's office days once: ~8 % leave (mostly full
// days), telework at the section's rate (none in counter sections or
// without a remote PC), a few satellite visits without a request. Only the
// days that are not a plain office day are kept.
func (g *gen) plan(tx *gorm.DB) error {
	_, err := g.exec(tx, "gen_plan", `CREATE TEMP TABLE gen_plan ON COMMIT DROP AS
		SELECT s.n, s.id AS emp, d.day,
			CASE WHEN s.new_dept IS NOT NULL AND d.day >= CAST(@move AS date) THEN s.new_dept_id ELSE s.dept_id END AS dept_id,
			CASE WHEN r.a < 0.08 THEN 'leave'
			     WHEN r.a < 0.08 + (CASE WHEN s.remote_pc THEN s.rate ELSE 0 END) / 1000.0 THEN 'telework'
			     ELSE 'visit' END AS kind,
			CASE WHEN r.a < 0.08 THEN (CASE WHEN r.b < 0.8 THEN 'full' WHEN r.b < 0.9 THEN 'am' ELSE 'pm' END)
			     ELSE (CASE WHEN r.b < 0.82 THEN 'full' WHEN r.b < 0.88 THEN 'am' WHEN r.b < 0.94 THEN 'pm' ELSE 'hours' END) END AS unit,
			s.sat, s.sup
		FROM gen_staff s CROSS JOIN unnest(CAST(@days AS date[])) d(day)
		CROSS JOIN LATERAL (SELECT x AS a, x * 1000 - floor(x * 1000) AS b FROM (SELECT random() + 0 * s.n AS x) y) r
		WHERE r.a < 0.08 + (CASE WHEN s.remote_pc THEN s.rate ELSE 0 END) / 1000.0 OR (r.a >= 0.998 AND s.remote_pc AND s.sat IS NULL)`,
		map[string]any{"move": g.res.TransferDay.String(), "days": pgTexts(g.days)})
	if err != nil {
		return err
	}
	g.step(fmt.Sprintf("planned %d staff × %d office days", g.o.Employees, len(g.days)))
	return nil
}

// requests: a person's telework days of one week and one unit are one
// request, submitted three days before its first day. Past requests were
// decided (5 % rejected); of the coming ones 40 % still wait for approval.
// The route is the default policy's: the 係長 (supervisor), then the head
// of the 課 (department head).
func (g *gen) requests(tx *gorm.DB) error {
	named := map[string]any{"org": g.org.ID, "today": g.o.Today.String(), "at": g.org.CreatedAt,
		"policy": g.policyID, "version": g.policyVersion, "first": g.firstDay.String()}
	steps := []struct{ what, q string }{
		{"gen_req", `CREATE TEMP TABLE gen_req ON COMMIT DROP AS
			SELECT emp, date_trunc('week', day)::date AS week, unit, min(day) AS first_day, min(n) AS n, min(sat) AS sat, min(sup) AS sup,
				(array_agg(dept_id ORDER BY day))[1] AS dept_id, array_agg(day ORDER BY day) AS days, random() AS r
			FROM gen_plan WHERE kind = 'telework' GROUP BY emp, date_trunc('week', day), unit`},
		{"gen_req status", `ALTER TABLE gen_req ADD COLUMN id uuid, ADD COLUMN status text, ADD COLUMN submitted timestamptz,
			ADD COLUMN place text, ADD COLUMN office_id uuid, ADD COLUMN approver uuid, ADD COLUMN head uuid`},
	}
	run := []struct{ what, q string }{
		steps[0], steps[1],
		{"gen_req ids", `UPDATE gen_req SET submitted = ((first_day - 3) + time '10:00') AT TIME ZONE 'Asia/Tokyo',
			status = CASE WHEN first_day < CAST(@today AS date) THEN (CASE WHEN r < 0.05 THEN 'rejected' ELSE 'approved' END)
			              ELSE (CASE WHEN r < 0.4 THEN 'pending' ELSE 'approved' END) END,
			place = CASE WHEN sat IS NOT NULL THEN 'satellite' WHEN n % 50 = 9 THEN 'elsewhere' ELSE 'home' END`},
		{"gen_req id", `UPDATE gen_req SET id = pg_temp.uuid7(submitted)`},
		{"gen_req office", `UPDATE gen_req q SET office_id = o.id FROM gen_office o WHERE o.i = q.sat`},
		// 係長 first, then the head of the 課 the person's department is in.
		{"gen_req route", `UPDATE gen_req q SET approver = sup.id, head = dh.id
			FROM gen_staff me JOIN gen_dept d ON d.id = me.dept_id
			LEFT JOIN gen_staff sup ON sup.n = me.sup
			JOIN gen_staff dh ON dh.n = d.division AND dh.head
			WHERE me.id = q.emp`},
		{"gen_req no supervisor", `UPDATE gen_req SET approver = head WHERE approver IS NULL`},
		{"gen_req index", `CREATE UNIQUE INDEX ON gen_req (emp, week, unit)`},
		{"telework_requests", `INSERT INTO telework_requests (id, organization_id, employee_id, department_id, status, unit, start_minute, end_minute,
				place, place_detail, office_id, reason, decision, submitted_at, decided_at, decided_by, created_at, updated_at)
			SELECT q.id, CAST(@org AS uuid), q.emp, q.dept_id, q.status, q.unit,
				CASE WHEN q.unit = 'hours' THEN 540 END, CASE WHEN q.unit = 'hours' THEN 720 END,
				q.place, CASE WHEN q.place = 'elsewhere' THEN '出張先' ELSE '' END, q.office_id,
				CASE WHEN q.n % 10 = 3 THEN 'commute' ELSE 'general' END,
				jsonb_build_object('v', 1,
					'dates', (SELECT jsonb_agg(jsonb_build_object('date', x::text, 'results', '[]'::jsonb,
						'policy', jsonb_build_object('id', CAST(@policy AS text), 'version', CAST(@version AS text), 'effective_from', CAST(@first AS text)))) FROM unnest(q.days) x),
					'route', jsonb_build_object('steps', jsonb_build_array(
						jsonb_build_object('name', 'supervisor', 'label', jsonb_build_object('ja', '係長確認', 'en', 'Supervisor check'),
							'approvers', jsonb_build_array(q.approver), 'mode', 'any_of', 'conditional', false),
						jsonb_build_object('name', 'department_head', 'label', jsonb_build_object('ja', '所属長承認', 'en', 'Department head approval'),
							'approvers', jsonb_build_array(q.head), 'mode', 'any_of', 'conditional', false)))),
				q.submitted,
				CASE WHEN q.status <> 'pending' THEN q.submitted + interval '1 day' END,
				CASE WHEN q.status = 'approved' THEN q.head WHEN q.status = 'rejected' THEN q.approver END,
				q.submitted, q.submitted + CASE WHEN q.status <> 'pending' THEN interval '1 day' ELSE interval '0' END
			FROM gen_req q`},
		{"telework_request_days", `INSERT INTO telework_request_days (organization_id, request_id, employee_id, department_id, day, unit, minutes, reason, active)
			SELECT CAST(@org AS uuid), q.id, p.emp, p.dept_id, p.day, p.unit, CASE WHEN p.unit = 'hours' THEN 180 ELSE 0 END,
				CASE WHEN q.n % 10 = 3 THEN 'commute' ELSE 'general' END, q.status <> 'rejected'
			FROM gen_plan p JOIN gen_req q ON q.emp = p.emp AND q.week = date_trunc('week', p.day)::date AND q.unit = p.unit
			WHERE p.kind = 'telework'`},
		// The supervisor's step, then the department head's: decided for
		// decided requests (a rejection ends the route), pending then
		// waiting for the others. Only for requests from four weeks ago on
		// (what approvers' inboxes and recent decisions show): the tasks of
		// older decided requests would double the load time and no report
		// reads them; their decision stays on the request.
		{"approval_tasks", `INSERT INTO approval_tasks (id, organization_id, request_id, round, step_index, step_name, step_label, mode,
				approver_kind, approver_id, status, decided_by, decided_at, created_at, updated_at)
			SELECT pg_temp.uuid7(q.submitted), CAST(@org AS uuid), q.id, 1, 0, 'supervisor', '係長確認', 'any_of', 'supervisor', q.approver,
				CASE q.status WHEN 'pending' THEN 'pending' ELSE q.status END,
				CASE WHEN q.status <> 'pending' THEN q.approver END,
				CASE WHEN q.status <> 'pending' THEN q.submitted + interval '20 hours' END, q.submitted, q.submitted
			FROM gen_req q WHERE q.first_day >= CAST(@today AS date) - 28
			UNION ALL
			SELECT pg_temp.uuid7(q.submitted), CAST(@org AS uuid), q.id, 1, 1, 'department_head', '所属長承認', 'any_of', 'department_head', q.head,
				CASE q.status WHEN 'pending' THEN 'waiting' WHEN 'approved' THEN 'approved' ELSE 'skipped' END,
				CASE WHEN q.status = 'approved' THEN q.head END,
				CASE WHEN q.status = 'approved' THEN q.submitted + interval '1 day' END, q.submitted, q.submitted
			FROM gen_req q WHERE q.first_day >= CAST(@today AS date) - 28`},
		// The attendance counters count live full days away, by the
		// department of the day (no generated telework day has leave).
		{"attendance_days", `INSERT INTO attendance_days (organization_id, department_id, day, remote, updated_at)
			SELECT CAST(@org AS uuid), department_id, day, count(*), @at FROM telework_request_days
			WHERE organization_id = @org AND active AND unit = 'full' GROUP BY department_id, day`},
	}
	named["admin"] = g.admin
	for _, st := range run {
		n, err := g.exec(tx, st.what, st.q, named)
		if err != nil {
			return err
		}
		switch st.what {
		case "telework_requests":
			g.res.Requests = int(n)
		case "telework_request_days":
			g.res.RequestDays = int(n)
		case "attendance_days":
			g.res.Counters = int(n)
		}
	}
	g.step(fmt.Sprintf("%d telework requests, %d request days, approval tasks, %d counters", g.res.Requests, g.res.RequestDays, g.res.Counters))
	return nil
}

// ledger: leave, then approved telework, then satellite visits, as
// policies.LedgerEntry orders them (the plan never puts two on one day).
func (g *gen) ledger(tx *gorm.DB) error {
	named := map[string]any{"org": g.org.ID, "at": g.org.CreatedAt}
	leave, err := g.exec(tx, "staff_days", `INSERT INTO staff_days (organization_id, employee_id, day, kind, portion, note, created_by, created_at)
		SELECT CAST(@org AS uuid), emp, day, 'leave', unit, '', CAST(@admin AS uuid), @at FROM gen_plan WHERE kind = 'leave'`,
		map[string]any{"org": g.org.ID, "at": g.org.CreatedAt, "admin": g.admin})
	if err != nil {
		return err
	}
	g.res.Leave = int(leave)
	a, err := g.exec(tx, "work_days leave", `INSERT INTO work_days (organization_id, employee_id, day, department_id, location, portion, minutes, updated_at)
		SELECT CAST(@org AS uuid), emp, day, dept_id, 'leave', unit, 0, @at FROM gen_plan WHERE kind = 'leave'`, named)
	if err != nil {
		return err
	}
	b, err := g.exec(tx, "work_days telework", `INSERT INTO work_days (organization_id, employee_id, day, department_id, location, portion, minutes,
			office_id, request_id, updated_at)
		SELECT CAST(@org AS uuid), d.employee_id, d.day, d.department_id, r.place, d.unit, d.minutes,
			CASE WHEN r.place = 'satellite' THEN r.office_id END, r.id, @at
		FROM telework_request_days d JOIN telework_requests r ON r.id = d.request_id
		WHERE r.organization_id = @org AND r.status = 'approved'`, named)
	if err != nil {
		return err
	}
	g.res.LedgerRows = int(a + b)
	g.step(fmt.Sprintf("%d leave days, %d ledger rows from leave and approved telework", leave, a+b))
	return nil
}

// bookings: a seat at the satellite office for each live satellite
// telework day (while seats last), and the visits without a request, which
// the ledger records as hours at the satellite office.
func (g *gen) bookings(tx *gorm.DB) error {
	named := map[string]any{"org": g.org.ID, "at": g.org.CreatedAt, "n": max(1, g.o.Employees/5000)}
	steps := []struct{ what, q string }{
		{"gen_visit", `CREATE TEMP TABLE gen_visit ON COMMIT DROP AS
			SELECT p.emp, p.day, p.dept_id, (p.n / 7 + extract(doy FROM p.day)::int) % CAST(@n AS int) AS office, false AS requested, '' AS status
			FROM gen_plan p WHERE p.kind = 'visit'
			UNION ALL
			SELECT d.employee_id, d.day, d.department_id, q.sat, true, q.status
			FROM telework_request_days d JOIN gen_req q ON q.id = d.request_id
			WHERE d.active AND q.sat IS NOT NULL AND d.unit = 'full'`},
		{"gen_visit seats", `CREATE TEMP TABLE gen_booking ON COMMIT DROP AS
			SELECT v.*, row_number() OVER (PARTITION BY v.office, v.day ORDER BY v.requested DESC, v.emp) AS seat FROM gen_visit v`},
		{"gen_booking full", `DELETE FROM gen_booking WHERE seat > 40`},
	}
	for _, st := range steps {
		if _, err := g.exec(tx, st.what, st.q, named); err != nil {
			return err
		}
	}
	n, err := g.exec(tx, "bookings", `INSERT INTO bookings (id, organization_id, office_id, space_id, employee_id, start_at, end_at, status, created_at, updated_at)
		SELECT pg_temp.uuid7((b.day - 2) + time '12:00'), CAST(@org AS uuid), o.id, s.id, b.emp,
			(b.day + CASE WHEN b.requested THEN time '08:30' ELSE time '13:00' END) AT TIME ZONE 'Asia/Tokyo',
			(b.day + CASE WHEN b.requested THEN time '17:30' ELSE time '16:00' END) AT TIME ZONE 'Asia/Tokyo',
			'confirmed', ((b.day - 2) + time '12:00') AT TIME ZONE 'Asia/Tokyo', ((b.day - 2) + time '12:00') AT TIME ZONE 'Asia/Tokyo'
		FROM gen_booking b JOIN gen_office o ON o.i = b.office JOIN gen_space s ON s.office = b.office AND s.seat = b.seat`, named)
	if err != nil {
		return err
	}
	g.res.Bookings = int(n)
	// A seat booked for a request still pending is, until the approval, a
	// working visit to the satellite office for the booked hours.
	v, err := g.exec(tx, "work_days visits", `INSERT INTO work_days (organization_id, employee_id, day, department_id, location, portion, minutes, office_id, updated_at)
		SELECT CAST(@org AS uuid), b.emp, b.day, b.dept_id, 'satellite', 'hours', CASE WHEN b.requested THEN 540 ELSE 180 END, o.id, @at
		FROM gen_booking b JOIN gen_office o ON o.i = b.office WHERE NOT b.requested OR b.status = 'pending'`, named)
	if err != nil {
		return err
	}
	g.res.LedgerRows += int(v)
	g.step(fmt.Sprintf("%d satellite bookings (%d ledger rows of visits or of seats booked for pending requests)", n, v))
	return nil
}

// verify checks what was written: the counters' approved part equals the
// ledger's approved remote days for every department and day, and a sample
// of staff derived again through the services needs no repair.
func (g *gen) verify(ctx context.Context, db *gorm.DB, svc *services.Services) error {
	bad, err := CheckCounters(ctx, db, g.org.ID)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("gen-demo: the counters disagree with the ledger on %d department-days, e.g. %s", len(bad), bad[0])
	}
	var ids []string
	if err := db.WithContext(ctx).Raw(`SELECT id FROM employees WHERE organization_id = ? ORDER BY md5(id::text) LIMIT ?`, g.org.ID, g.o.Sample).
		Scan(&ids).Error; err != nil {
		return err
	}
	from, _ := policies.ParseDate(g.days[0])
	to, _ := policies.ParseDate(g.days[len(g.days)-1])
	repairs, err := svc.Ledger.Verify(ctx, g.org.ID, ids, from, to)
	if err != nil {
		return err
	}
	if len(repairs) > 0 {
		r := repairs[0]
		return fmt.Errorf("gen-demo: the ledger differs from what the write path derives on %d days, e.g. employee %s on %s", len(repairs), r.EmployeeNumber, r.Day)
	}
	g.res.VerifiedStaff = len(ids)
	g.step(fmt.Sprintf("verified: counters agree with the ledger; %d staff derived again, nothing to repair", len(ids)))
	return nil
}

// CheckCounters lists the department-days where the attendance counters'
// approved part (the counter less the pending days and the approved days
// HR corrected) differs from the ledger's approved remote full days.
func CheckCounters(ctx context.Context, db *gorm.DB, orgID string) ([]string, error) {
	var bad []string
	err := db.WithContext(ctx).Raw(`
		WITH live AS (
			SELECT d.department_id, d.day, r.status, d.employee_id FROM telework_request_days d JOIN telework_requests r ON r.id = d.request_id
			WHERE d.organization_id = @org AND d.active AND d.unit = 'full' AND NOT EXISTS (SELECT 1 FROM staff_days s
				WHERE s.employee_id = d.employee_id AND s.day = d.day AND s.kind = 'leave' AND s.portion = 'full')),
		pending AS (SELECT department_id, day, count(*) AS n FROM live WHERE status = 'pending' GROUP BY 1, 2),
		corrected AS (SELECT l.department_id, l.day, count(*) AS n FROM live l JOIN work_days w ON w.employee_id = l.employee_id AND w.day = l.day
			WHERE l.status = 'approved' AND w.corrected_by IS NOT NULL GROUP BY 1, 2),
		ledger AS (SELECT department_id, day, count(*) AS n FROM work_days WHERE organization_id = @org AND portion = 'full'
			AND location IN ('home', 'satellite', 'elsewhere') AND request_id IS NOT NULL AND corrected_by IS NULL GROUP BY 1, 2),
		counters AS (SELECT department_id, day, remote AS n FROM attendance_days WHERE organization_id = @org),
		keys AS (SELECT department_id, day FROM counters UNION SELECT department_id, day FROM pending UNION SELECT department_id, day FROM ledger)
		SELECT k.department_id || ' ' || k.day || ': counter ' || coalesce(c.n, 0) || ', pending ' || coalesce(p.n, 0) ||
			', corrected ' || coalesce(x.n, 0) || ', ledger ' || coalesce(l.n, 0)
		FROM keys k LEFT JOIN counters c USING (department_id, day) LEFT JOIN pending p USING (department_id, day)
			LEFT JOIN corrected x USING (department_id, day) LEFT JOIN ledger l USING (department_id, day)
		WHERE coalesce(c.n, 0) - coalesce(p.n, 0) - coalesce(x.n, 0) <> coalesce(l.n, 0)
		ORDER BY 1`, map[string]any{"org": orgID}).Scan(&bad).Error
	return bad, err
}

func pgInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return "{" + strings.Join(s, ",") + "}"
}

func pgTexts(xs []string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = `"` + x + `"`
	}
	return "{" + strings.Join(s, ",") + "}"
}
