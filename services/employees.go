package services

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Employees manages staff records.
type Employees struct {
	*base
	telework *Telework
}

// EmployeeInput is an employee as sent for creation, or the fields of a
// partial update.
type EmployeeInput struct {
	EmployeeNumber Optional[string]          `json:"employee_number"`
	Email          Optional[string]          `json:"email"`
	FamilyName     Optional[string]          `json:"family_name"`
	GivenName      Optional[string]          `json:"given_name"`
	FamilyNameKana Optional[string]          `json:"family_name_kana"`
	GivenNameKana  Optional[string]          `json:"given_name_kana"`
	DepartmentID   Optional[string]          `json:"department_id"`
	SupervisorID   Optional[string]          `json:"supervisor_id"`
	Roles          Optional[[]policies.Role] `json:"roles"`
	EmploymentType Optional[string]          `json:"employment_type"`
	HasRemotePC    Optional[bool]            `json:"has_remote_pc"`
	Active         Optional[bool]            `json:"active"`
	// Password sets an initial password on creation (optional: an employee
	// without one cannot sign in until an administrator sets it).
	Password Optional[string] `json:"password"`
}

// EmployeeView is an employee with the names shown beside its ids.
type EmployeeView struct {
	*models.Employee
	DepartmentName string
	SupervisorName string
}

// EmployeeListFilter narrows the list as the API asks.
type EmployeeListFilter struct {
	DepartmentID string
	SupervisorID string
	Active       *bool
	Query        string
}

// readingQuery turns a search typed in hiragana or half-width kana into the
// full-width katakana readings are kept in, so that たなか finds タナカ; any
// other search is left as typed.
func readingQuery(q string) string {
	if k, ok := policies.KanaReading(q); ok && q != "" {
		return k
	}
	return q
}

// List returns one page of the employees the actor may see: everyone for HR
// and administrators, their line for anyone else (empty for most employees).
func (s *Employees) List(ctx context.Context, actor *Actor, f EmployeeListFilter, p Page) ([]EmployeeView, string, error) {
	mf := models.EmployeeFilter{DepartmentID: f.DepartmentID, SupervisorID: f.SupervisorID, Active: f.Active, Query: readingQuery(f.Query)}
	if !policies.CanListAllEmployees(subject(actor)) {
		mf.Manager = actor.EmployeeID
	}
	es, next, err := s.employees.List(ctx, s.db, actor.OrganizationID, mf, p.store())
	if err != nil {
		return nil, "", err
	}
	views, err := s.views(ctx, s.db, actor.OrganizationID, es)
	return views, next, err
}

// Get returns one employee the actor may see; others are not found.
func (s *Employees) Get(ctx context.Context, actor *Actor, id string) (*EmployeeView, error) {
	e, err := s.visible(ctx, s.db, actor, id)
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, s.db, actor.OrganizationID, []*models.Employee{e})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// visible loads the employee if the actor may read them. Someone outside
// their line gets "not found", so ids cannot be probed.
func (s *Employees) visible(ctx context.Context, db *gorm.DB, actor *Actor, id string) (*models.Employee, error) {
	e, err := s.employees.Get(ctx, db, actor.OrganizationID, id)
	if err != nil {
		return nil, err
	}
	rel := policies.Standing{Self: e.ID == actor.EmployeeID}
	sub := subject(actor)
	if !rel.Self && !policies.CanListAllEmployees(sub) {
		if rel.InLine, err = s.employees.InLine(ctx, db, actor.OrganizationID, actor.EmployeeID, id); err != nil {
			return nil, err
		}
	}
	if !policies.CanReadEmployee(sub, rel) {
		return nil, notFound("employee " + id)
	}
	return e, nil
}

func (s *Employees) views(ctx context.Context, db *gorm.DB, orgID string, es []*models.Employee) ([]EmployeeView, error) {
	var supIDs []string
	for _, e := range es {
		if e.SupervisorID != nil {
			supIDs = append(supIDs, *e.SupervisorID)
		}
	}
	names, err := s.employees.Names(ctx, db, orgID, supIDs)
	if err != nil {
		return nil, err
	}
	depts, err := s.departmentField(ctx, db, orgID, departmentName)
	if err != nil {
		return nil, err
	}
	out := make([]EmployeeView, 0, len(es))
	for _, e := range es {
		v := EmployeeView{Employee: e, DepartmentName: depts[e.DepartmentID]}
		if e.SupervisorID != nil {
			v.SupervisorName = names[*e.SupervisorID]
		}
		out = append(out, v)
	}
	return out, nil
}

// Create adds an employee (administrators only).
func (s *Employees) Create(ctx context.Context, actor *Actor, in EmployeeInput) (*EmployeeView, error) {
	if !policies.CanManageEmployees(subject(actor)) {
		return nil, forbidden()
	}
	now := s.now()
	e := &models.Employee{ID: models.NewID(), OrganizationID: actor.OrganizationID, Active: true,
		EmploymentType: models.EmploymentRegular, Roles: []policies.Role{policies.RoleEmployee}, CreatedAt: now, UpdatedAt: now}
	var out *EmployeeView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.apply(ctx, tx, e, in, true); err != nil {
			return err
		}
		if in.Password.Set && !in.Password.Null {
			if err := checkNewPassword(in.Password.Value, e, "password"); err != nil {
				return err
			}
			h := HashPassword(in.Password.Value)
			e.PasswordHash, e.PasswordChangedAt = &h, &now
		}
		if err := s.checkUnique(ctx, tx, e); err != nil {
			return err
		}
		if err := s.saveEmployee(ctx, tx, &actor.EmployeeID, e, true, ""); err != nil {
			return err
		}
		views, err := s.views(ctx, tx, e.OrganizationID, []*models.Employee{e})
		if err != nil {
			return err
		}
		out = &views[0]
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "employee.create", TargetType: "employee", TargetID: e.ID, After: employeeAudit(e)})
	})
	return out, err
}

// Update changes an employee (administrators only). Setting active to false
// deactivates them: their sessions end at once.
func (s *Employees) Update(ctx context.Context, actor *Actor, id string, in EmployeeInput) (*EmployeeView, error) {
	if !policies.CanManageEmployees(subject(actor)) {
		return nil, forbidden()
	}
	if in.Password.Set {
		var v Validator
		v.Add("password", "unknown_field", "パスワードは専用の操作で設定してください。", "Set passwords with the password operation.")
		return nil, v.Err()
	}
	var out *EmployeeView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		e, err := s.employees.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		before := employeeAudit(e)
		wasActive, prevDept := e.Active, e.DepartmentID
		prevType, prevPC := e.EmploymentType, e.HasRemotePC
		if err := s.apply(ctx, tx, e, in, false); err != nil {
			return err
		}
		now := s.now()
		e.UpdatedAt = now
		if wasActive && !e.Active {
			e.DeactivatedAt = &now
			if _, err := s.refreshTokens.RevokeEmployee(ctx, tx, e.ID, "deactivated", now, ""); err != nil {
				return err
			}
		} else if e.Active {
			e.DeactivatedAt = nil
		}
		if err := s.keepAnAdmin(ctx, tx, e); err != nil {
			return err
		}
		if err := s.checkUnique(ctx, tx, e); err != nil {
			return err
		}
		if err := s.saveEmployee(ctx, tx, &actor.EmployeeID, e, false, prevDept); err != nil {
			return err
		}
		// The rules read the employment type and the remote PC: a request
		// decided on the old facts is decided again now, as a staff record's
		// change is (the daily recheck is the net for changes made elsewhere).
		if e.Active && (e.EmploymentType != prevType || e.HasRemotePC != prevPC) {
			if err := s.telework.recheck(ctx, tx, actor, e.OrganizationID, e.ID, ""); err != nil {
				return err
			}
		}
		views, err := s.views(ctx, tx, e.OrganizationID, []*models.Employee{e})
		if err != nil {
			return err
		}
		out = &views[0]
		action := "employee.update"
		if wasActive && !e.Active {
			action = "employee.deactivate"
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: action, TargetType: "employee", TargetID: e.ID, Before: before, After: employeeAudit(e)})
	})
	return out, err
}

// keepAnAdmin refuses a change that would leave the organisation with no
// active administrator: nobody could then manage it.
func (s *Employees) keepAnAdmin(ctx context.Context, tx *gorm.DB, changed *models.Employee) error {
	if changed.Active && slices.Contains(changed.Roles, policies.RoleAdmin) {
		return nil
	}
	n, err := s.employees.CountActiveWithRole(ctx, tx, changed.OrganizationID, policies.RoleAdmin, changed.ID)
	if err != nil || n > 0 {
		return err
	}
	return Fail(ErrInvalidState, "組織に有効な管理者がいなくなるため、この変更はできません。",
		"This change would leave the organisation without an active administrator.")
}

// SetPassword sets another employee's password (administrators only).
func (s *Employees) SetPassword(ctx context.Context, actor *Actor, id, password string) error {
	if !policies.CanManageEmployees(subject(actor)) {
		return forbidden()
	}
	return s.setPassword(ctx, actor, id, password, "employee.set_password")
}

// ChangeOwnPassword changes the actor's password after checking the current one.
//
// The check of the current password is a sign-in in disguise (a stolen
// access token could guess it), so it counts against the same throttle as
// sign-in: the account's and the address's failures, 429 with Retry-After
// once locked, and every failure is audited.
func (s *Employees) ChangeOwnPassword(ctx context.Context, actor *Actor, current, next string) error {
	e, err := s.employees.Get(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
	if err != nil {
		return err
	}
	now := s.now()
	accountKey, addressKey := throttleKey("account", normalizeEmail(e.Email)), throttleKey("address", actor.ClientIP)
	accountWait, err := s.reserveAttempt(ctx, now, accountKey, addressKey)
	if err != nil {
		return err
	}
	ok := false
	if e.PasswordHash != nil {
		ok, _ = VerifyPassword(*e.PasswordHash, current)
	}
	if !ok {
		entry := auditEntry{Action: "employee.change_password_failed", TargetType: "employee", TargetID: e.ID}
		wait, err := s.recordFailure(ctx, now, actor, entry, addressKey, accountWait)
		if err != nil {
			return err
		}
		if wait > 0 {
			return throttled(wait)
		}
		var v Validator
		v.Add("current_password", "mismatch", "現在のパスワードが正しくありません。", "The current password is incorrect.")
		return v.Err()
	}
	// The right password forgets the failures, this attempt's provisional one included.
	if err := s.tx(ctx, func(tx *gorm.DB) error { return s.throttles.Delete(ctx, tx, accountKey) }); err != nil {
		return err
	}
	return s.setPassword(ctx, actor, actor.EmployeeID, next, "employee.change_password")
}

func (s *Employees) setPassword(ctx context.Context, actor *Actor, id, password, action string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		e, err := s.employees.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		if err := checkNewPassword(password, e, "password"); err != nil {
			return err
		}
		now := s.now()
		if err := s.employees.SetPassword(ctx, tx, e.OrganizationID, e.ID, HashPassword(password), now); err != nil {
			return err
		}
		// A new password ends every other session: all of them when an
		// administrator sets it, all but the current one when one changes one's own.
		keep := ""
		if e.ID == actor.EmployeeID {
			keep = actor.SessionID
		}
		if _, err := s.refreshTokens.RevokeEmployee(ctx, tx, e.ID, "password_changed", now, keep); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: action, TargetType: "employee", TargetID: e.ID})
	})
}

func checkNewPassword(pw string, e *models.Employee, field string) error {
	var v Validator
	for _, p := range policies.CheckPassword(pw, e.Email, e.FamilyName, e.GivenName, e.FamilyNameKana, e.GivenNameKana) {
		switch p {
		case policies.PasswordTooShort:
			v.Add(field, string(p), fmt.Sprintf("パスワードは%d文字以上にしてください。", policies.MinPasswordLength),
				fmt.Sprintf("The password must be at least %d characters long.", policies.MinPasswordLength))
		case policies.PasswordTooLong:
			v.Add(field, string(p), fmt.Sprintf("パスワードは%d文字以内にしてください。", policies.MaxPasswordLength),
				fmt.Sprintf("The password must be at most %d characters long.", policies.MaxPasswordLength))
		case policies.PasswordHasEmail:
			v.Add(field, string(p), "パスワードにメールアドレスを含めないでください。", "The password must not contain your e-mail address.")
		case policies.PasswordHasName:
			v.Add(field, string(p), "パスワードに氏名を含めないでください。", "The password must not contain your name.")
		case policies.PasswordSingleSymbol:
			v.Add(field, string(p), "同じ文字の繰り返しが多すぎます。", "The password repeats too few distinct characters.")
		}
	}
	return v.Err()
}

// checkUnique names the unique fields another employee already holds. The
// unique indexes still decide under concurrency (a race answers 409).
func (s *Employees) checkUnique(ctx context.Context, tx *gorm.DB, e *models.Employee) error {
	email, number, err := s.employees.Taken(ctx, tx, e)
	if err != nil {
		return err
	}
	var v Validator
	v.Check(!email, "email", "taken", "このメールアドレスは既に使われています。", "This e-mail address is already in use.")
	v.Check(!number, "employee_number", "taken", "この職員番号は既に使われています。", "This employee number is already in use.")
	return v.Err()
}

var employmentTypes = []string{models.EmploymentRegular, models.EmploymentReappointed, models.EmploymentReappointedShort, models.EmploymentFixedTerm, models.EmploymentFiscalYear, models.EmploymentTemporary, models.EmploymentProbationary}

// apply validates in and copies it onto e; create requires the mandatory fields.
func (s *Employees) apply(ctx context.Context, tx *gorm.DB, e *models.Employee, in EmployeeInput, create bool) error {
	var v Validator
	text := func(o Optional[string], field string, required bool, max int, dst *string) {
		missing := (create && required && !o.Set) || (o.Set && required && (o.Null || strings.TrimSpace(o.Value) == ""))
		if missing {
			v.Add(field, "required", "必須項目です。", "This field is required.")
			return
		}
		if !o.Set {
			return
		}
		val := strings.TrimSpace(o.Value)
		if utf8.RuneCountInString(val) > max {
			v.Add(field, "too_long", fmt.Sprintf("%d文字以内で入力してください。", max), fmt.Sprintf("Must be at most %d characters.", max))
		}
		*dst = val
	}
	text(in.EmployeeNumber, "employee_number", true, 32, &e.EmployeeNumber)
	text(in.FamilyName, "family_name", true, 100, &e.FamilyName)
	text(in.GivenName, "given_name", true, 100, &e.GivenName)
	text(in.FamilyNameKana, "family_name_kana", false, 100, &e.FamilyNameKana)
	text(in.GivenNameKana, "given_name_kana", false, 100, &e.GivenNameKana)
	if in.FamilyNameKana.Set {
		checkKana(&v, "family_name_kana", &e.FamilyNameKana)
	}
	if in.GivenNameKana.Set {
		checkKana(&v, "given_name_kana", &e.GivenNameKana)
	}
	var email string
	text(in.Email, "email", true, 254, &email)
	if in.Email.Set && email != "" {
		if !validEmail(email) {
			v.Add("email", "invalid", "メールアドレスの形式が正しくありません。", "The e-mail address is not valid.")
		}
		e.Email = normalizeEmail(email)
	}
	if in.EmploymentType.Set || create {
		if in.EmploymentType.Set {
			e.EmploymentType = in.EmploymentType.Value
		}
		v.Check(slices.Contains(employmentTypes, e.EmploymentType), "employment_type", "invalid",
			"任用形態は regular（正規）、reappointed（再任用）、reappointed_short（再任用短時間）、fixed_term（任期付）、fiscal_year（会計年度任用）、temporary（臨時的任用）、probationary（条件付採用）のいずれかです。",
			"The employment type must be regular, reappointed, reappointed_short, fixed_term, fiscal_year, temporary or probationary.")
	}
	if in.HasRemotePC.Set {
		e.HasRemotePC = in.HasRemotePC.Value
	}
	if in.Active.Set {
		v.Check(!in.Active.Null, "active", "invalid", "true か false を指定してください。", "Must be true or false.")
		e.Active = in.Active.Value
	}
	if in.Roles.Set {
		roles := slices.Clone(in.Roles.Value)
		slices.Sort(roles)
		roles = slices.Compact(roles)
		for _, r := range roles {
			v.Check(slices.Contains(policies.AllRoles, r), "roles", "invalid",
				fmt.Sprintf("役割 %q はありません（employee, supervisor, hr, admin）。", r), fmt.Sprintf("Unknown role %q (employee, supervisor, hr, admin).", r))
		}
		e.Roles = roles
	}
	if (create && !in.DepartmentID.Set) || (in.DepartmentID.Set && (in.DepartmentID.Null || in.DepartmentID.Value == "")) {
		v.Add("department_id", "required", "所属は必須です。", "The department is required.")
	} else if in.DepartmentID.Set {
		d, err := s.departments.Get(ctx, tx, e.OrganizationID, in.DepartmentID.Value)
		switch {
		case errors.Is(err, models.ErrNotFound):
			v.Add("department_id", "not_found", "指定された所属が見つかりません。", "No such department.")
		case err != nil:
			return err
		case !d.Active && d.ID != e.DepartmentID:
			v.Add("department_id", "inactive", "この組織は廃止されているため、職員を配置できません。", "This department is closed and takes no new staff.")
		}
		e.DepartmentID = in.DepartmentID.Value
	}
	if in.SupervisorID.Set {
		e.SupervisorID = in.SupervisorID.ptr()
		if e.SupervisorID != nil {
			if err := s.checkSupervisor(ctx, tx, e, &v); err != nil {
				return err
			}
		}
	}
	return v.Err()
}

func (s *Employees) checkSupervisor(ctx context.Context, tx *gorm.DB, e *models.Employee, v *Validator) error {
	sup := *e.SupervisorID
	if sup == e.ID {
		v.Add("supervisor_id", "self", "自分自身を上司にはできません。", "An employee cannot supervise themselves.")
		return nil
	}
	se, err := s.employees.Get(ctx, tx, e.OrganizationID, sup)
	if errors.Is(err, models.ErrNotFound) {
		v.Add("supervisor_id", "not_found", "指定された上司が見つかりません。", "No such supervisor.")
		return nil
	}
	if err != nil {
		return err
	}
	if !se.Active {
		v.Add("supervisor_id", "inactive", "無効化された職員は上司にできません。", "A deactivated employee cannot be a supervisor.")
		return nil
	}
	chain, err := s.employees.SupervisorChain(ctx, tx, e.OrganizationID, sup)
	if err != nil {
		return err
	}
	if slices.Contains(chain, e.ID) {
		v.Add("supervisor_id", "cycle", "部下を上司にすることはできません。", "A report cannot become their own supervisor's supervisor.")
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s, "@")
}

// employeeAudit is what the audit trail keeps of an employee: no password hash.
func employeeAudit(e *models.Employee) map[string]any {
	return map[string]any{
		"employee_number": e.EmployeeNumber, "email": e.Email, "family_name": e.FamilyName, "given_name": e.GivenName,
		"family_name_kana": e.FamilyNameKana, "given_name_kana": e.GivenNameKana, "department_id": e.DepartmentID,
		"supervisor_id": e.SupervisorID, "roles": e.Roles, "employment_type": e.EmploymentType,
		"has_remote_pc": e.HasRemotePC, "active": e.Active,
	}
}

// Profile is the signed-in person as /me shows them.
type Profile struct {
	Employee     *EmployeeView
	Organization *models.Organization
	Heads        []models.Department
	// Today is the date in the organisation's zone by the service's clock.
	Today models.Day
}

// Me returns the actor's own profile.
func (s *Employees) Me(ctx context.Context, actor *Actor) (*Profile, error) {
	e, err := s.Get(ctx, actor, actor.EmployeeID)
	if err != nil {
		return nil, err
	}
	org, err := s.orgs.Get(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	heads, err := s.departments.HeadedBy(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(org.TimeZone)
	if err != nil {
		return nil, err
	}
	return &Profile{Employee: e, Organization: org, Heads: heads, Today: models.DayOf(s.now().In(loc))}, nil
}
