package services

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// DemoOrgSlug identifies the demo municipality.
const DemoOrgSlug = "demo-city"

// DemoLogins are the documented demo accounts (README).
var DemoLogins = []string{"employee@demo.example", "supervisor@demo.example", "hr@demo.example", "admin@demo.example", DemoVisitor}

// DemoResult says what SeedDemo did.
type DemoResult struct {
	Seeded      bool
	Departments int
	Employees   int
	Requests    int
}

type demoDept struct {
	code, name, kana, kind, parent string
	counter, myNumber              bool
}

// A small city hall: three 部 with seven 課, one of them a counter section.
var demoDepartments = []demoDept{
	{code: "100", name: "総務部", kana: "ソウムブ", kind: models.KindDepartment},
	{code: "110", name: "総務課", kana: "ソウムカ", kind: models.KindDivision, parent: "100"},
	{code: "120", name: "人事課", kana: "ジンジカ", kind: models.KindDivision, parent: "100", myNumber: true},
	{code: "130", name: "情報政策課", kana: "ジョウホウセイサクカ", kind: models.KindDivision, parent: "100"},
	{code: "200", name: "市民部", kana: "シミンブ", kind: models.KindDepartment},
	{code: "210", name: "市民課", kana: "シミンカ", kind: models.KindDivision, parent: "200", counter: true, myNumber: true},
	{code: "220", name: "税務課", kana: "ゼイムカ", kind: models.KindDivision, parent: "200", myNumber: true},
	{code: "300", name: "福祉部", kana: "フクシブ", kind: models.KindDepartment},
	{code: "310", name: "福祉課", kana: "フクシカ", kind: models.KindDivision, parent: "300"},
	{code: "320", name: "子育て支援課", kana: "コソダテシエンカ", kind: models.KindDivision, parent: "300"},
}

var demoFamilyNames = [][2]string{
	{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"伊藤", "イトウ"}, {"渡辺", "ワタナベ"},
	{"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"}, {"吉田", "ヨシダ"}, {"山田", "ヤマダ"},
	{"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"}, {"井上", "イノウエ"}, {"木村", "キムラ"}, {"林", "ハヤシ"},
	{"斎藤", "サイトウ"}, {"清水", "シミズ"},
}

var demoGivenNames = [][2]string{
	{"陽菜", "ヒナ"}, {"蓮", "レン"}, {"結衣", "ユイ"}, {"湊", "ミナト"}, {"美咲", "ミサキ"}, {"大翔", "ヒロト"}, {"葵", "アオイ"},
	{"悠真", "ユウマ"}, {"さくら", "サクラ"}, {"健太", "ケンタ"}, {"彩", "アヤ"}, {"翔太", "ショウタ"}, {"真由美", "マユミ"},
	{"誠", "マコト"}, {"恵子", "ケイコ"}, {"拓也", "タクヤ"}, {"裕子", "ユウコ"}, {"浩二", "コウジ"}, {"直美", "ナオミ"},
	{"学", "マナブ"}, {"花子", "ハナコ"}, {"太郎", "タロウ"}, {"優子", "ユウコ"},
}

// SeedDemo creates the demo municipality unless it exists. Every demo account
// signs in with password.
func (s *Employees) SeedDemo(ctx context.Context, password string) (*DemoResult, error) {
	if _, err := s.orgs.GetBySlug(ctx, s.db, DemoOrgSlug); err == nil {
		return &DemoResult{}, nil
	} else if !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	now := s.now()
	hash := HashPassword(password)
	res := &DemoResult{Seeded: true}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		org := &models.Organization{ID: models.NewID(), Slug: DemoOrgSlug, Name: "デモ市", TimeZone: "Asia/Tokyo", Language: "ja",
			CreatedAt: now, UpdatedAt: now}
		if err := s.orgs.Create(ctx, tx, org); err != nil {
			return err
		}
		if err := s.orgs.ReplaceClosingDays(ctx, tx, org.ID, []models.ClosingDay{{OrganizationID: org.ID, Day: "2027-04-01", Name: "市制施行記念日"}}); err != nil {
			return err
		}
		if err := s.policies.storeFirstOf(ctx, tx, nil, org, demoPolicy); err != nil {
			return err
		}
		depts := map[string]*models.Department{}
		for _, d := range demoDepartments {
			m := &models.Department{ID: models.NewID(), OrganizationID: org.ID, Code: d.code, Name: d.name, NameKana: d.kana, Kind: d.kind,
				CounterWork: d.counter, MyNumberWork: d.myNumber, CreatedAt: now, UpdatedAt: now}
			if d.parent != "" {
				m.ParentID = &depts[d.parent].ID
			}
			if err := s.departments.Create(ctx, tx, m); err != nil {
				return err
			}
			depts[d.code] = m
		}
		res.Departments = len(depts)

		n := 0
		newEmp := func(deptCode, email string, roles []policies.Role, sup *models.Employee) (*models.Employee, error) {
			n++
			fam, giv := demoFamilyNames[(n*7)%len(demoFamilyNames)], demoGivenNames[(n*5)%len(demoGivenNames)]
			if email == "" {
				email = fmt.Sprintf("staff%03d@demo.example", n)
			}
			e := &models.Employee{ID: models.NewID(), OrganizationID: org.ID, EmployeeNumber: fmt.Sprintf("D%05d", n), Email: email,
				FamilyName: fam[0], GivenName: giv[0], FamilyNameKana: fam[1], GivenNameKana: giv[1], DepartmentID: depts[deptCode].ID,
				EmploymentType: models.EmploymentRegular, Active: true, PasswordHash: &hash, PasswordChangedAt: &now,
				Roles: roles, CreatedAt: now, UpdatedAt: now}
			switch n % 12 {
			case 5, 9:
				e.EmploymentType = models.EmploymentFiscalYear
			case 7:
				e.EmploymentType = models.EmploymentProbationary
			case 11:
				e.EmploymentType = models.EmploymentTemporary
			}
			e.HasRemotePC = n%3 != 0 || len(roles) > 1
			if !strings.HasPrefix(email, "staff") {
				// The documented logins are regular staff with a remote PC, so
				// that they can try every part of the service.
				e.EmploymentType, e.HasRemotePC = models.EmploymentRegular, true
			}
			if sup != nil {
				e.SupervisorID = &sup.ID
			}
			return e, s.saveEmployee(ctx, tx, nil, e, true, "")
		}
		emp := []policies.Role{policies.RoleEmployee}
		sup := []policies.Role{policies.RoleEmployee, policies.RoleSupervisor}
		heads := map[string]*models.Employee{}
		for _, d := range demoDepartments {
			var boss *models.Employee
			if d.parent != "" {
				boss = heads[d.parent]
			}
			email := ""
			if d.code == "320" {
				email = "supervisor@demo.example"
			}
			h, err := newEmp(d.code, email, sup, boss)
			if err != nil {
				return err
			}
			heads[d.code] = h
			depts[d.code].HeadID = &h.ID
			if err := s.departments.Update(ctx, tx, depts[d.code]); err != nil {
				return err
			}
		}
		named := map[string]struct {
			dept  string
			roles []policies.Role
		}{
			"employee@demo.example": {"320", emp},
			"hr@demo.example":       {"120", []policies.Role{policies.RoleEmployee, policies.RoleHR}},
			"admin@demo.example":    {"130", []policies.Role{policies.RoleEmployee, policies.RoleAdmin}},
		}
		var employee *models.Employee
		for _, email := range DemoLogins {
			d, ok := named[email]
			if !ok {
				continue
			}
			e, err := newEmp(d.dept, email, d.roles, heads[d.dept])
			if err != nil {
				return err
			}
			if email == "employee@demo.example" {
				employee = e
			}
		}
		divisions := []string{"110", "120", "130", "210", "220", "310", "320"}
		for i := 0; n < 60; i++ {
			code := divisions[i%len(divisions)]
			if _, err := newEmp(code, "", emp, heads[code]); err != nil {
				return err
			}
		}
		res.Employees = n
		if err := s.seedDemoOffices(ctx, tx, org, heads["320"], employee, hash, now); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, nil, auditEntry{Action: "demo.seed", TargetType: "organization", TargetID: org.ID, OrganizationID: &org.ID,
			After: map[string]any{"departments": res.Departments, "employees": res.Employees}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// demoPolicy is the shipped template as the demo city runs it: three
// schemes side by side (在宅勤務, サテライトオフィス勤務, モバイル勤務, as
// many prefectures' 要綱 set them out) and a pool of loan PCs with a daily
// cap, past which HR allocates them, so that a new user sees both in the
// policy editor and the request form.
func demoPolicy(from policies.Date, version string) []byte {
	doc := string(policies.Template(from, version))
	const allocation = `    - name: pc_allocation
      label: {ja: 貸出用パソコンの割当て, en: Loan PC allocation}
      approvers: [hr]
      on_demand: true

retention:`
	doc = strings.Replace(doc, "\nretention:", "\n"+allocation, 1)
	return []byte(doc + `
schemes:
  - id: home
    name: {ja: 在宅勤務, en: Working from home}
    places: [home]
  - id: satellite
    name: {ja: サテライトオフィス勤務, en: Satellite office}
    places: [satellite]
  - id: mobile
    name: {ja: モバイル勤務, en: Mobile work}
    places: [elsewhere]
    # 出張先・移動中の勤務は当日の申請も認める
    deadlines: {office_days_before: 0}
    limits: {per_month: 4}

pools:
  # 情報政策課が管理する貸出用パソコン（1日10台）
  - id: loan_pc
    name: {ja: 貸出用パソコン, en: Loan PC}
    per_day: 10
    step: pc_allocation
`)
}
