package services

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Setup creates organisations with their first administrator: the one way
// into a production database, where nobody exists yet to sign in.
type Setup struct {
	*base
}

// NewOrganization is what setting up an organisation needs. Time zone and
// language default to Asia/Tokyo and ja; the department code to "001".
type NewOrganization struct {
	Name, Slug, TimeZone, Language string
	// The first department, the administrator's (e.g. 情報政策課).
	DepartmentName, DepartmentCode string
	Admin                          NewAdmin
}

// NewAdmin is the first administrator. Password is a secret: it is hashed
// here and never stored, logged or audited as given.
type NewAdmin struct {
	Email, FamilyName, GivenName, EmployeeNumber, Password string
}

// SetupResult is what was created.
type SetupResult struct {
	Organization  *models.Organization
	Department    *models.Department
	Admin         *models.Employee
	PolicyVersion *models.PolicyVersion
}

// ErrAlreadySetUp means `init` found an organisation; further ones are added with
// `org create`, which cannot be mistaken for a first installation.
var ErrAlreadySetUp = errors.New("already set up")

// Init creates the first organisation of an empty database, and refuses when
// any organisation exists.
func (s *Setup) Init(ctx context.Context, in NewOrganization) (*SetupResult, error) {
	return s.create(ctx, in, true)
}

// CreateOrganization adds a further organisation (e.g. a partner town that
// will share a satellite office) with its own first administrator.
func (s *Setup) CreateOrganization(ctx context.Context, in NewOrganization) (*SetupResult, error) {
	return s.create(ctx, in, false)
}

// Ready reports whether the database holds an organisation: without one
// nobody can sign in, so a server is not ready to serve.
func (s *Setup) Ready(ctx context.Context) error {
	ok, err := s.orgs.Any(ctx, s.db)
	if err != nil {
		return err
	}
	if !ok {
		// Unavailable to callers (503), and ErrNoOrganization to those who ask why.
		e := Fail(models.ErrUnavailable, "組織がまだ登録されていません。`kinmuchi init` で最初の組織と管理者を作成してください。",
			"No organisation exists yet: run `kinmuchi init` to create the first organisation and its administrator.")
		e.Err, e.Extra = ErrNoOrganization, map[string]any{"reason": "no_organization"}
		return e
	}
	return nil
}

// ErrNoOrganization is the kind of Ready's answer on a database nobody has
// set up yet.
var ErrNoOrganization = errors.New("no organisation")

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

func (s *Setup) create(ctx context.Context, in NewOrganization, first bool) (*SetupResult, error) {
	in.Name, in.Slug = strings.TrimSpace(in.Name), strings.TrimSpace(in.Slug)
	if in.TimeZone == "" {
		in.TimeZone = "Asia/Tokyo"
	}
	if in.Language == "" {
		in.Language = "ja"
	}
	if in.DepartmentCode == "" {
		in.DepartmentCode = "001"
	}
	var v Validator
	checkOrgName(&v, "organization.name", in.Name)
	v.Check(slugPattern.MatchString(in.Slug), "organization.slug", "invalid",
		"識別名（slug）は英小文字・数字・ハイフンの2〜63文字で、英小文字か数字で始めてください（例: bandai-town）。",
		"The slug must be 2 to 63 lower-case letters, digits or hyphens, starting with a letter or digit (e.g. bandai-town).")
	checkTimeZone(&v, "organization.time_zone", in.TimeZone)
	checkLanguage(&v, "organization.language", in.Language)
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	org := &models.Organization{ID: models.NewID(), Slug: in.Slug, Name: in.Name, TimeZone: in.TimeZone, Language: in.Language,
		CreatedAt: now, UpdatedAt: now}
	res := &SetupResult{Organization: org}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.orgs.LockForSetup(ctx, tx); err != nil {
			return err
		}
		if err := s.refuse(ctx, tx, in.Slug, first); err != nil {
			return err
		}
		if err := s.orgs.Create(ctx, tx, org); err != nil {
			return err
		}
		// The audit trail of a set-up has no signed-in actor: the events name
		// the organisation and say the command line made them.
		system := auditEntry{OrganizationID: &org.ID}
		if err := s.audit.record(ctx, tx, nil, system.with("organization.create", "organization", org.ID, map[string]any{
			"slug": org.Slug, "name": org.Name, "time_zone": org.TimeZone, "language": org.Language, "first": first, "via": "cli"})); err != nil {
			return err
		}
		var err error
		if res.Department, err = s.firstDepartment(ctx, tx, org, in, now); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, nil, system.with("department.create", "department", res.Department.ID, departmentView(res.Department))); err != nil {
			return err
		}
		if res.Admin, err = s.firstAdmin(ctx, tx, org, res.Department, in.Admin, now); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, nil, system.with("employee.create", "employee", res.Admin.ID, employeeAudit(res.Admin))); err != nil {
			return err
		}
		// The template stored as the organisation's own first version (its
		// audit event written there), as the demo seed does.
		if err := s.policies.storeFirst(ctx, tx, nil, org); err != nil {
			return err
		}
		versions, err := (models.PolicyVersions{}).All(ctx, tx, org.ID)
		if err != nil {
			return err
		}
		if len(versions) != 1 {
			return fmt.Errorf("the first policy version of %s: %d stored", org.Slug, len(versions))
		}
		res.PolicyVersion = &versions[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// refuse says why the organisation cannot be created: init on a database
// that has one, or a slug in use. The unique index still decides a race on
// the slug; the lock taken before makes the first check exact.
func (s *Setup) refuse(ctx context.Context, tx *gorm.DB, slug string, first bool) error {
	if first {
		exists, err := s.orgs.Any(ctx, tx)
		if err != nil {
			return err
		}
		if exists {
			return &Error{Kind: ErrAlreadySetUp, Detail: Fail(ErrAlreadySetUp,
				"このデータベースには既に組織があります。init は最初の組織を作るときだけ使えます。組織を追加するには `kinmuchi org create` を使ってください。",
				"This database already has an organisation: init only sets up an empty database. To add an organisation, use `kinmuchi org create`.").Detail}
		}
		return nil
	}
	if _, err := s.orgs.GetBySlug(ctx, tx, slug); err == nil {
		var v Validator
		v.Add("organization.slug", "taken", "この識別名（slug）の組織は既にあります。", "An organisation with this slug already exists.")
		return v.Err()
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	return nil
}

func (s *Setup) firstDepartment(ctx context.Context, tx *gorm.DB, org *models.Organization, in NewOrganization, now time.Time) (*models.Department, error) {
	d := &models.Department{ID: models.NewID(), OrganizationID: org.ID, CreatedAt: now, UpdatedAt: now}
	deps := &Departments{base: s.base}
	err := deps.apply(ctx, tx, d, DepartmentInput{Name: Some(strings.TrimSpace(in.DepartmentName)), Code: Some(in.DepartmentCode),
		Kind: Some(models.KindDivision)}, true)
	if err != nil {
		return nil, withFieldPrefix(err, "department.")
	}
	return d, s.departments.Create(ctx, tx, d)
}

func (s *Setup) firstAdmin(ctx context.Context, tx *gorm.DB, org *models.Organization, dept *models.Department, in NewAdmin, now time.Time) (*models.Employee, error) {
	e := &models.Employee{ID: models.NewID(), OrganizationID: org.ID, Active: true, EmploymentType: models.EmploymentRegular,
		Roles: []policies.Role{policies.RoleEmployee, policies.RoleAdmin}, HasRemotePC: true, CreatedAt: now, UpdatedAt: now}
	emps := &Employees{base: s.base}
	err := emps.apply(ctx, tx, e, EmployeeInput{Email: Some(in.Email), FamilyName: Some(in.FamilyName), GivenName: Some(in.GivenName),
		EmployeeNumber: Some(in.EmployeeNumber), DepartmentID: Some(dept.ID)}, true)
	if err == nil {
		err = checkNewPassword(in.Password, e, "password")
	}
	if err == nil {
		// E-mail addresses are unique across organisations: they are the sign-in name.
		err = emps.checkUnique(ctx, tx, e)
	}
	if err != nil {
		return nil, withFieldPrefix(err, "admin.")
	}
	h := HashPassword(in.Password)
	e.PasswordHash, e.PasswordChangedAt = &h, &now
	return e, s.saveEmployee(ctx, tx, nil, e, true, "")
}

func (e auditEntry) with(action, targetType, targetID string, after any) auditEntry {
	e.Action, e.TargetType, e.TargetID, e.After = action, targetType, targetID, after
	return e
}

// withFieldPrefix names the fields of a validation error as the set-up input
// has them (admin.email rather than email).
func withFieldPrefix(err error, prefix string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field = prefix + f.Field
		out.Fields[i] = f
	}
	return &out
}

func checkOrgName(v *Validator, field, name string) {
	n := utf8.RuneCountInString(name)
	v.Check(n >= 1 && n <= 200, field, "invalid", "名称は1〜200文字で入力してください。", "The name must be 1 to 200 characters.")
}

func checkTimeZone(v *Validator, field, zone string) {
	_, err := time.LoadLocation(zone)
	// LoadLocation accepts "" and "Local", neither of which names a place.
	v.Check(zone != "" && zone != "Local" && err == nil, field, "invalid",
		"タイムゾーンは IANA の名前（例: Asia/Tokyo）で指定してください。", "The time zone must be an IANA name such as Asia/Tokyo.")
}

func checkLanguage(v *Validator, field, lang string) {
	v.Check(lang == "ja" || lang == "en", field, "invalid", "言語は ja または en です。", "The language must be ja or en.")
}
