package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Department kinds, from the top of a municipal organisation chart down.
const (
	KindBureau     = "bureau"     // 局
	KindDepartment = "department" // 部
	KindDivision   = "division"   // 課
	KindSection    = "section"    // 係
)

// Department is a unit of the organisation chart (部 → 課 → 係).
type Department struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	ParentID       *string
	Code           string
	Name           string
	NameKana       string
	Kind           string
	HeadID         *string
	CounterWork    bool // 窓口: resident-facing counter or consultation work
	MyNumberWork   bool // My Number and other personal-information work
	// Active is false for a department closed by a reorganisation: it keeps
	// its history and takes no new staff.
	Active    bool `gorm:"default:true"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Departments queries departments.
type Departments struct{}

// Get returns one department of the organisation.
func (Departments) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*Department, error) {
	var d Department
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "department %q", id)
	}
	err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&d).Error
	if err != nil {
		return nil, Translate(err, "department %s", id)
	}
	return &d, nil
}

// GetByCode returns the department with that code.
func (Departments) GetByCode(ctx context.Context, db *gorm.DB, orgID, code string) (*Department, error) {
	var d Department
	err := db.WithContext(ctx).Where("organization_id = ? AND code = ?", orgID, code).Take(&d).Error
	if err != nil {
		return nil, Translate(err, "department code %q", code)
	}
	return &d, nil
}

// All returns every department of the organisation, ordered by code, so a
// caller can build the tree in memory (an organisation has hundreds at most).
func (Departments) All(ctx context.Context, db *gorm.DB, orgID string) ([]Department, error) {
	var ds []Department
	err := db.WithContext(ctx).Where("organization_id = ?", orgID).Order("code, id").Find(&ds).Error
	return ds, Translate(err, "departments of %s", orgID)
}

// DepartmentFilter narrows a department list.
type DepartmentFilter struct {
	ParentID *string // "" for top-level departments
	Kind     string
	Query    string // part of the name or code
}

// List returns one page of the organisation's departments.
func (Departments) List(ctx context.Context, db *gorm.DB, orgID string, f DepartmentFilter, p Page) ([]Department, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ?", orgID)
	if f.ParentID != nil {
		if *f.ParentID == "" {
			q = q.Where("parent_id IS NULL")
		} else {
			q = q.Where("parent_id = ?", *f.ParentID)
		}
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		q = q.Where("(name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR name_kana LIKE ? ESCAPE '\\')", like, like, like)
	}
	var ds []Department
	if err := p.apply(q, "id").Find(&ds).Error; err != nil {
		return nil, "", Translate(err, "list departments")
	}
	ds, next := trim(ds, p, func(d Department) string { return d.ID })
	return ds, next, nil
}

// Create stores a new department.
func (Departments) Create(ctx context.Context, db *gorm.DB, d *Department) error {
	return Translate(db.WithContext(ctx).Create(d).Error, "create department %q", d.Code)
}

// Update saves every editable field of the department.
func (Departments) Update(ctx context.Context, db *gorm.DB, d *Department) error {
	res := db.WithContext(ctx).Model(d).Where("organization_id = ?", d.OrganizationID).
		Select("parent_id", "code", "name", "name_kana", "kind", "head_id", "counter_work", "my_number_work", "active", "updated_at").
		Updates(d)
	if res.Error != nil {
		return Translate(res.Error, "update department %s", d.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update department %s", d.ID)
	}
	return nil
}

// Delete removes a department that nothing refers to any more.
func (Departments) Delete(ctx context.Context, db *gorm.DB, orgID, id string) error {
	res := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Delete(&Department{})
	if res.Error != nil {
		return Translate(res.Error, "delete department %s", id)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "delete department %s", id)
	}
	return nil
}

// HeadedBy returns the ids of the departments the employee heads.
func (Departments) HeadedBy(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]Department, error) {
	var ds []Department
	err := db.WithContext(ctx).Where("organization_id = ? AND head_id = ?", orgID, employeeID).Order("code").Find(&ds).Error
	return ds, Translate(err, "departments headed by %s", employeeID)
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// DepartmentFlag is a free-form attribute of a department that policies can
// name (e.g. council_support, paper_payroll, personal_info).
type DepartmentFlag struct {
	OrganizationID string
	DepartmentID   string `gorm:"primaryKey"`
	Flag           string `gorm:"primaryKey"`
}

// Flags returns every department flag of the organisation by department.
func (Departments) Flags(ctx context.Context, db *gorm.DB, orgID string) (map[string][]string, error) {
	var rows []DepartmentFlag
	err := db.WithContext(ctx).Where("organization_id = ?", orgID).Order("flag").Find(&rows).Error
	out := map[string][]string{}
	for _, r := range rows {
		out[r.DepartmentID] = append(out[r.DepartmentID], r.Flag)
	}
	return out, Translate(err, "department flags")
}

// SetFlags replaces a department's flags.
func (Departments) SetFlags(ctx context.Context, db *gorm.DB, orgID, deptID string, flags []string) error {
	if err := db.WithContext(ctx).Where("department_id = ?", deptID).Delete(&DepartmentFlag{}).Error; err != nil {
		return Translate(err, "clear flags of %s", deptID)
	}
	if len(flags) == 0 {
		return nil
	}
	rows := make([]DepartmentFlag, 0, len(flags))
	for _, f := range flags {
		rows = append(rows, DepartmentFlag{OrganizationID: orgID, DepartmentID: deptID, Flag: f})
	}
	return Translate(db.WithContext(ctx).Create(&rows).Error, "store flags of %s", deptID)
}
