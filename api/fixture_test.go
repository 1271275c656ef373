package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// fixture is two organisations:
//
//	alpha: 総務部 (head: head) → 総務課 (head: sup) with emp reporting to sup,
//	       sup reporting to head; 市民課 (counter work) with other; hr; admin.
//	beta:  admin2 and emp2, strangers to alpha.
type fixture struct {
	alpha, beta                      string
	dGeneral, dAffairs, dCitizens    string
	dBeta                            string
	admin, hr, head, sup, emp, other string
	admin2, emp2                     string
}

// Sign-in addresses of the fixture's people.
const (
	adminEmail  = "admin@alpha.example"
	hrEmail     = "hr@alpha.example"
	headEmail   = "head@alpha.example"
	supEmail    = "sup@alpha.example"
	empEmail    = "emp@alpha.example"
	otherEmail  = "other@alpha.example"
	admin2Email = "admin@beta.example"
	emp2Email   = "emp@beta.example"
)

func seedFixture(t testing.TB, db *models.DB, now time.Time) *fixture {
	t.Helper()
	ctx := context.Background()
	g := db.Gorm
	fx := &fixture{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	org := func(slug, name string) string {
		o := &models.Organization{ID: models.NewID(), Slug: slug, Name: name, TimeZone: "Asia/Tokyo", Language: "ja", CreatedAt: now, UpdatedAt: now}
		must(models.Organizations{}.Create(ctx, g, o))
		return o.ID
	}
	dept := func(orgID, code, name string, parent *string, counter bool) string {
		d := &models.Department{ID: models.NewID(), OrganizationID: orgID, ParentID: parent, Code: code, Name: name, Kind: models.KindDivision, CounterWork: counter, CreatedAt: now, UpdatedAt: now}
		if parent == nil {
			d.Kind = models.KindDepartment
		}
		must(models.Departments{}.Create(ctx, g, d))
		return d.ID
	}
	n := 0
	hash := fixtureHash()
	person := func(orgID, deptID, email, family string, sup *string, roles ...policies.Role) string {
		n++
		e := &models.Employee{ID: models.NewID(), OrganizationID: orgID, EmployeeNumber: "E" + string(rune('0'+n/10)) + string(rune('0'+n%10)),
			Email: email, FamilyName: family, GivenName: "太郎", FamilyNameKana: "テスト", GivenNameKana: "タロウ", DepartmentID: deptID,
			SupervisorID: sup, EmploymentType: models.EmploymentRegular, Active: true, PasswordHash: &hash, Roles: roles, CreatedAt: now, UpdatedAt: now}
		must(models.Employees{}.Create(ctx, g, e))
		return e.ID
	}
	setHead := func(orgID, deptID, headID string) {
		d, err := models.Departments{}.Get(ctx, g, orgID, deptID)
		must(err)
		d.HeadID = &headID
		must(models.Departments{}.Update(ctx, g, d))
	}

	fx.alpha = org("alpha-town", "アルファ町")
	fx.dGeneral = dept(fx.alpha, "100", "総務部", nil, false)
	fx.dAffairs = dept(fx.alpha, "110", "総務課", &fx.dGeneral, false)
	fx.dCitizens = dept(fx.alpha, "210", "市民課", nil, true)
	fx.admin = person(fx.alpha, fx.dGeneral, adminEmail, "管理", nil, "employee", "admin")
	fx.hr = person(fx.alpha, fx.dGeneral, hrEmail, "人事", nil, "employee", "hr")
	fx.head = person(fx.alpha, fx.dGeneral, headEmail, "部長", nil, "employee", "supervisor")
	fx.sup = person(fx.alpha, fx.dAffairs, supEmail, "課長", &fx.head, "employee", "supervisor")
	fx.emp = person(fx.alpha, fx.dAffairs, empEmail, "職員", &fx.sup, "employee")
	fx.other = person(fx.alpha, fx.dCitizens, otherEmail, "窓口", nil, "employee")
	setHead(fx.alpha, fx.dGeneral, fx.head)
	setHead(fx.alpha, fx.dAffairs, fx.sup)

	fx.beta = org("beta-village", "ベータ村")
	fx.dBeta = dept(fx.beta, "100", "総務課", nil, false)
	fx.admin2 = person(fx.beta, fx.dBeta, admin2Email, "管理", nil, "employee", "admin")
	fx.emp2 = person(fx.beta, fx.dBeta, emp2Email, "職員", nil, "employee")
	return fx
}
