package models

import (
	"context"
	"slices"
	"time"

	"github.com/kinmuchi/kinmuchi/policies"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Employment types (任用形態).
const (
	EmploymentRegular     = "regular"     // 正規職員
	EmploymentReappointed = "reappointed" // 再任用職員
	// EmploymentReappointedShort: 再任用短時間勤務職員 (issue 22).
	EmploymentReappointedShort = "reappointed_short"
	// EmploymentFixedTerm: 任期付職員 (issue 22).
	EmploymentFixedTerm    = "fixed_term"
	EmploymentFiscalYear   = "fiscal_year"  // 会計年度任用職員
	EmploymentTemporary    = "temporary"    // 臨時的任用職員
	EmploymentProbationary = "probationary" // 条件付採用期間中の職員
)

// Employee is a member of staff. Roles are kept in employee_roles and loaded
// by the store.
type Employee struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	EmployeeNumber string
	Email          string
	FamilyName     string
	GivenName      string
	FamilyNameKana string
	GivenNameKana  string
	DepartmentID   string
	SupervisorID   *string
	EmploymentType string
	HasRemotePC    bool `gorm:"column:has_remote_pc"`
	Active         bool
	// Language is the person's choice, ja or en; "" follows the organisation.
	Language          string
	PasswordHash      *string
	PasswordChangedAt *time.Time
	DeactivatedAt     *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time

	Roles []policies.Role `gorm:"-"`
}

// FullName is the name as written in Japanese: family name first.
func (e *Employee) FullName() string { return e.FamilyName + " " + e.GivenName }

// EmployeeRole is one role held by an employee.
type EmployeeRole struct {
	OrganizationID string
	EmployeeID     string        `gorm:"primaryKey"`
	Role           policies.Role `gorm:"primaryKey"`
}

// Employees queries employees and their roles.
type Employees struct{}

// Get returns one employee of the organisation with their roles.
func (s Employees) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*Employee, error) {
	e, err := s.Row(ctx, db, orgID, id)
	if err != nil {
		return nil, err
	}
	return e, s.loadRoles(ctx, db, []*Employee{e})
}

// Row is Get without the roles, for a caller that does not read them.
func (Employees) Row(ctx context.Context, db *gorm.DB, orgID, id string) (*Employee, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "employee %q", id)
	}
	var e Employee
	if err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&e).Error; err != nil {
		return nil, Translate(err, "employee %s", id)
	}
	return &e, nil
}

// ByIDs returns the organisation's employees with the given ids (without
// their roles), keyed by id.
func (Employees) ByIDs(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]*Employee, error) {
	var es []*Employee
	if err := db.WithContext(ctx).Where("organization_id = ? AND id IN ?", orgID, ids).Find(&es).Error; err != nil {
		return nil, Translate(err, "employees")
	}
	out := make(map[string]*Employee, len(es))
	for _, e := range es {
		out[e.ID] = e
	}
	return out, nil
}

// GetByEmail finds an employee of any organisation by sign-in address.
func (s Employees) GetByEmail(ctx context.Context, db *gorm.DB, email string) (*Employee, error) {
	var e Employee
	if err := db.WithContext(ctx).Where("email = ?", email).Take(&e).Error; err != nil {
		return nil, Translate(err, "employee by e-mail")
	}
	return &e, s.loadRoles(ctx, db, []*Employee{&e})
}

// ByNumbers returns the organisation's employees with the given employee
// numbers, keyed by number.
func (s Employees) ByNumbers(ctx context.Context, db *gorm.DB, orgID string, numbers []string) (map[string]*Employee, error) {
	out := make(map[string]*Employee, len(numbers))
	for chunk := range slices.Chunk(numbers, 500) {
		var es []*Employee
		if err := db.WithContext(ctx).Where("organization_id = ? AND employee_number IN ?", orgID, chunk).Find(&es).Error; err != nil {
			return nil, Translate(err, "employees by number")
		}
		if err := s.loadRoles(ctx, db, es); err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.EmployeeNumber] = e
		}
	}
	return out, nil
}

// ByEmails returns the employees (of any organisation) holding the addresses.
func (Employees) ByEmails(ctx context.Context, db *gorm.DB, emails []string) (map[string]*Employee, error) {
	out := make(map[string]*Employee, len(emails))
	for chunk := range slices.Chunk(emails, 500) {
		var es []*Employee
		if err := db.WithContext(ctx).Where("email IN ?", chunk).Find(&es).Error; err != nil {
			return nil, Translate(err, "employees by e-mail")
		}
		for _, e := range es {
			out[e.Email] = e
		}
	}
	return out, nil
}

// EmployeeFilter narrows an employee list.
type EmployeeFilter struct {
	DepartmentID string
	SupervisorID string
	Active       *bool
	Query        string // part of a name, kana, e-mail or employee number
	// NameQuery is part of a name or its kana only, for a search that must
	// not reveal who holds an e-mail address.
	NameQuery string
	// Manager, when set, limits the list to the people in that employee's line:
	// their reports at any depth and the members of departments they head,
	// with the departments below them.
	Manager string
	// Assigned, when set, limits the list to those whose department history
	// puts them in one of the departments on some day of the period.
	Assigned *AssignedFilter
	// PresentSince, when set, keeps the deactivated whose deactivation came
	// after it (they worked in the period asked for); Active must be nil.
	PresentSince *time.Time
}

// AssignedFilter names departments and a period of days.
type AssignedFilter struct {
	DepartmentIDs []string
	From, To      string
}

// List returns one page of the organisation's employees with their roles.
func (s Employees) List(ctx context.Context, db *gorm.DB, orgID string, f EmployeeFilter, p Page) ([]*Employee, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ?", orgID)
	if f.DepartmentID != "" {
		q = q.Where("department_id = ?", f.DepartmentID)
	}
	if f.SupervisorID != "" {
		q = q.Where("supervisor_id = ?", f.SupervisorID)
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	if f.NameQuery != "" {
		like := "%" + escapeLike(f.NameQuery) + "%"
		q = q.Where(`(family_name || given_name LIKE ? ESCAPE '\' OR family_name || ' ' || given_name LIKE ? ESCAPE '\'
			OR family_name_kana || given_name_kana LIKE ? ESCAPE '\')`, like, like, like)
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		q = q.Where(`(family_name || given_name LIKE ? ESCAPE '\' OR family_name_kana || given_name_kana LIKE ? ESCAPE '\'
			OR email LIKE ? ESCAPE '\' OR employee_number LIKE ? ESCAPE '\')`, like, like, like, like)
	}
	if f.Manager != "" {
		q = q.Where("id IN (?)", lineOf(db, orgID, f.Manager))
	}
	if a := f.Assigned; a != nil {
		q = q.Where("id IN (?)", db.Model(&Assignment{}).Select("employee_id").
			Where("organization_id = ? AND department_id IN ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)", orgID, a.DepartmentIDs, a.To, a.From))
	}
	if f.PresentSince != nil {
		q = q.Where("(active = ? OR deactivated_at >= ?)", true, *f.PresentSince)
	}
	var es []*Employee
	if err := p.apply(q, "id").Find(&es).Error; err != nil {
		return nil, "", Translate(err, "list employees")
	}
	es, next := trim(es, p, func(e *Employee) string { return e.ID })
	return es, next, s.loadRoles(ctx, db, es)
}

// lineOf is the subquery of the ids in a manager's line: reports at any depth
// and members of the departments they head, below them included.
func lineOf(db *gorm.DB, orgID, managerID string) *gorm.DB {
	return db.Raw(`WITH RECURSIVE line(id) AS (
			SELECT id FROM employees WHERE organization_id = @org AND supervisor_id = @mgr
			UNION SELECT e.id FROM employees e JOIN line ON e.supervisor_id = line.id WHERE e.organization_id = @org
		), depts(id) AS (
			SELECT id FROM departments WHERE organization_id = @org AND head_id = @mgr
			UNION SELECT d.id FROM departments d JOIN depts ON d.parent_id = depts.id WHERE d.organization_id = @org
		)
		SELECT id FROM line
		UNION SELECT id FROM employees WHERE organization_id = @org AND department_id IN (SELECT id FROM depts) AND id <> @mgr`,
		map[string]any{"org": orgID, "mgr": managerID})
}

// InLine reports whether the employee is in the manager's line (see List).
func (Employees) InLine(ctx context.Context, db *gorm.DB, orgID, managerID, employeeID string) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Employee{}).
		Where("organization_id = ? AND id = ? AND id IN (?)", orgID, employeeID, lineOf(db, orgID, managerID)).
		Count(&n).Error
	return n > 0, Translate(err, "is %s in the line of %s", employeeID, managerID)
}

// Create stores a new employee and their roles.
// The employee's department history starts with them, in their department
// since the organisation's first day (kinmuchi keeps departments, not hire
// dates), so every employee has one from the start.
func (s Employees) Create(ctx context.Context, db *gorm.DB, e *Employee) error {
	if err := db.WithContext(ctx).Omit(clause.Associations).Create(e).Error; err != nil {
		return Translate(err, "create employee %q", e.EmployeeNumber)
	}
	org, err := Organizations{}.Get(ctx, db, e.OrganizationID)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(org.TimeZone)
	if err != nil {
		loc = time.FixedZone("JST", 9*60*60)
	}
	first := policies.DateOf(org.CreatedAt.In(loc)).FiscalYearStart()
	if err := (Assignments{}).Create(ctx, db, &Assignment{ID: NewID(), OrganizationID: e.OrganizationID, EmployeeID: e.ID,
		DepartmentID: e.DepartmentID, ValidFrom: Day(first.String()), CreatedAt: e.CreatedAt}); err != nil {
		return err
	}
	return s.SetRoles(ctx, db, e)
}

// Update saves every editable field of the employee (not the password) and their roles.
func (s Employees) Update(ctx context.Context, db *gorm.DB, e *Employee) error {
	res := db.WithContext(ctx).Model(e).Where("organization_id = ?", e.OrganizationID).
		Select("employee_number", "email", "family_name", "given_name", "family_name_kana", "given_name_kana",
			"department_id", "supervisor_id", "employment_type", "has_remote_pc", "active", "deactivated_at", "updated_at").
		Updates(e)
	if res.Error != nil {
		return Translate(res.Error, "update employee %s", e.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update employee %s", e.ID)
	}
	return s.SetRoles(ctx, db, e)
}

// SetLanguage stores the person's language ("" follows the organisation).
func (Employees) SetLanguage(ctx context.Context, db *gorm.DB, orgID, id, language string, at time.Time) error {
	res := db.WithContext(ctx).Model(&Employee{}).Where("organization_id = ? AND id = ?", orgID, id).
		Updates(map[string]any{"language": language, "updated_at": at})
	if res.Error != nil {
		return Translate(res.Error, "set language of %s", id)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "set language of %s", id)
	}
	return nil
}

// SetPassword stores a new password hash.
func (Employees) SetPassword(ctx context.Context, db *gorm.DB, orgID, id, hash string, at time.Time) error {
	res := db.WithContext(ctx).Model(&Employee{}).Where("organization_id = ? AND id = ?", orgID, id).
		Updates(map[string]any{"password_hash": hash, "password_changed_at": at, "updated_at": at})
	if res.Error != nil {
		return Translate(res.Error, "set password of %s", id)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "set password of %s", id)
	}
	return nil
}

// SetRoles replaces the employee's roles with e.Roles.
func (Employees) SetRoles(ctx context.Context, db *gorm.DB, e *Employee) error {
	if err := db.WithContext(ctx).Where("employee_id = ?", e.ID).Delete(&EmployeeRole{}).Error; err != nil {
		return Translate(err, "clear roles of %s", e.ID)
	}
	if len(e.Roles) == 0 {
		return nil
	}
	rows := make([]EmployeeRole, 0, len(e.Roles))
	for _, r := range e.Roles {
		rows = append(rows, EmployeeRole{OrganizationID: e.OrganizationID, EmployeeID: e.ID, Role: r})
	}
	return Translate(db.WithContext(ctx).Create(&rows).Error, "store roles of %s", e.ID)
}

func (Employees) loadRoles(ctx context.Context, db *gorm.DB, es []*Employee) error {
	if len(es) == 0 {
		return nil
	}
	byID := make(map[string]*Employee, len(es))
	ids := make([]string, 0, len(es))
	for _, e := range es {
		byID[e.ID] = e
		ids = append(ids, e.ID)
		e.Roles = e.Roles[:0]
	}
	for chunk := range slices.Chunk(ids, 500) {
		var rows []EmployeeRole
		if err := db.WithContext(ctx).Where("employee_id IN ?", chunk).Order("role").Find(&rows).Error; err != nil {
			return Translate(err, "load roles")
		}
		for _, r := range rows {
			byID[r.EmployeeID].Roles = append(byID[r.EmployeeID].Roles, r.Role)
		}
	}
	return nil
}

// Names returns the display names of the given employees, keyed by id, for
// answers that show a supervisor or a head beside an id.
func (Employees) Names(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		var es []Employee
		err := db.WithContext(ctx).Select("id", "family_name", "given_name").
			Where("organization_id = ? AND id IN ?", orgID, chunk).Find(&es).Error
		if err != nil {
			return nil, Translate(err, "employee names")
		}
		for i := range es {
			out[es[i].ID] = es[i].FullName()
		}
	}
	return out, nil
}

// SupervisorChain returns the ids above the employee, nearest first.
func (Employees) SupervisorChain(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]string, error) {
	var ids []string
	err := db.WithContext(ctx).Raw(`WITH RECURSIVE up(id, supervisor_id, depth) AS (
			SELECT id, supervisor_id, 0 FROM employees WHERE organization_id = @org AND id = @id
			UNION ALL SELECT e.id, e.supervisor_id, up.depth + 1 FROM employees e JOIN up ON e.id = up.supervisor_id
			WHERE e.organization_id = @org AND up.depth < 50
		) SELECT id FROM up WHERE depth > 0 ORDER BY depth`, map[string]any{"org": orgID, "id": employeeID}).
		Scan(&ids).Error
	return ids, Translate(err, "supervisor chain of %s", employeeID)
}

// CountActiveWithRole counts the organisation's active holders of role,
// leaving out one employee (the one being changed); an empty exceptID leaves
// out nobody (PostgreSQL refuses an empty string as a uuid).
func (Employees) CountActiveWithRole(ctx context.Context, db *gorm.DB, orgID string, role policies.Role, exceptID string) (int64, error) {
	var n int64
	q := db.WithContext(ctx).Model(&Employee{}).Where("organization_id = ? AND active = ?", orgID, true)
	if exceptID != "" {
		q = q.Where("id <> ?", exceptID)
	}
	err := q.Where("id IN (?)", db.Model(&EmployeeRole{}).Select("employee_id").Where("organization_id = ? AND role = ?", orgID, role)).
		Count(&n).Error
	return n, Translate(err, "count %s", role)
}

// Taken reports which of the unique fields another employee already holds:
// the e-mail address (across organisations) and the employee number (within one).
func (Employees) Taken(ctx context.Context, db *gorm.DB, e *Employee) (email, number bool, err error) {
	var rows []Employee
	err = db.WithContext(ctx).Select("id", "organization_id", "email", "employee_number").
		Where("id <> ? AND (email = ? OR (organization_id = ? AND employee_number = ?))", e.ID, e.Email, e.OrganizationID, e.EmployeeNumber).
		Find(&rows).Error
	for _, r := range rows {
		email = email || r.Email == e.Email
		number = number || (r.OrganizationID == e.OrganizationID && r.EmployeeNumber == e.EmployeeNumber)
	}
	return email, number, Translate(err, "check unique employee fields")
}

// Skeleton returns every employee of the organisation with only the fields
// that shape the organisation chart (id, number, e-mail, supervisor), for
// checks over the whole chart such as supervisor cycles in an import.
func (Employees) Skeleton(ctx context.Context, db *gorm.DB, orgID string) ([]Employee, error) {
	var es []Employee
	err := db.WithContext(ctx).Select("id", "employee_number", "email", "supervisor_id", "active").
		Where("organization_id = ?", orgID).Find(&es).Error
	return es, Translate(err, "employees of %s", orgID)
}

// ActiveWithRole lists the ids of the organisation's active holders of role.
func (Employees) ActiveWithRole(ctx context.Context, db *gorm.DB, orgID string, role policies.Role) ([]string, error) {
	var ids []string
	err := db.WithContext(ctx).Model(&Employee{}).
		Where("organization_id = ? AND active = ?", orgID, true).
		Where("id IN (?)", db.Model(&EmployeeRole{}).Select("employee_id").Where("organization_id = ? AND role = ?", orgID, role)).
		Order("id").Pluck("id", &ids).Error
	return ids, Translate(err, "holders of %s", role)
}

// ActiveByDepartment counts the organisation's active employees per department.
func (Employees) ActiveByDepartment(ctx context.Context, db *gorm.DB, orgID string) (map[string]int, error) {
	var rows []DepartmentCount
	err := db.WithContext(ctx).Model(&Employee{}).Select("department_id, count(*) AS n").
		Where("organization_id = ? AND active = ?", orgID, true).Group("department_id").Scan(&rows).Error
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.DepartmentID] = r.N
	}
	return out, Translate(err, "count employees by department")
}
