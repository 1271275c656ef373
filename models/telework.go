package models

import (
	"context"
	"github.com/kinmuchi/kinmuchi/policies"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// PolicyVersion is one stored version of an organisation's telework policy.
type PolicyVersion struct {
	ID             string `gorm:"primaryKey"`
	OrganizationID string
	PolicyID       string
	Version        string
	EffectiveFrom  Day
	Document       string
	CreatedBy      *string
	CreatedAt      time.Time
}

// TableName implements gorm.Tabler.
func (PolicyVersion) TableName() string { return "telework_policy_versions" }

// PolicyVersions stores telework policy versions.
type PolicyVersions struct{}

// All returns every version of the organisation's policy by effective date.
func (PolicyVersions) All(ctx context.Context, db *gorm.DB, orgID string) ([]PolicyVersion, error) {
	var vs []PolicyVersion
	err := db.WithContext(ctx).Where("organization_id = ?", orgID).Order("effective_from").Find(&vs).Error
	return vs, Translate(err, "policy versions of %s", orgID)
}

// Create stores a new version.
func (PolicyVersions) Create(ctx context.Context, db *gorm.DB, v *PolicyVersion) error {
	return Translate(db.WithContext(ctx).Create(v).Error, "store policy version %q", v.Version)
}

// FamilyMember is a family member an employee declared for childcare or
// nursing-care requests. Sensitive personal data: read it only through the
// services, which audit reads by anyone but the employee.
type FamilyMember struct {
	ID                     string `gorm:"primaryKey"`
	OrganizationID         string
	EmployeeID             string
	Relation               string
	Name                   string
	BirthDate              *Day
	Cohabiting             bool
	CareLevel              *int
	CareNeedDays           *int
	PartnershipCertificate bool
	EvidenceNote           string
	VerifiedAt             *time.Time
	VerifiedBy             *string
	DeletedAt              *time.Time
	CreatedAt              time.Time
	UpdatedAt              time.Time
}

// FamilyMembers stores family members.
type FamilyMembers struct{}

// OfEmployee lists the employee's current family members.
func (FamilyMembers) OfEmployee(ctx context.Context, db *gorm.DB, orgID, employeeID string) ([]FamilyMember, error) {
	var ms []FamilyMember
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND deleted_at IS NULL", orgID, employeeID).
		Order("id").Find(&ms).Error
	return ms, Translate(err, "family members of %s", employeeID)
}

// Get returns one current family member of the employee.
func (FamilyMembers) Get(ctx context.Context, db *gorm.DB, orgID, employeeID, id string) (*FamilyMember, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "family member %q", id)
	}
	var m FamilyMember
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND id = ? AND deleted_at IS NULL", orgID, employeeID, id).Take(&m).Error
	if err != nil {
		return nil, Translate(err, "family member %s", id)
	}
	return &m, nil
}

// Verified returns, of the given members, those HR has verified: what an
// approver may know of a request's family member.
func (FamilyMembers) Verified(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if ValidID(id) {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return out, nil
	}
	var verified []string
	err := db.WithContext(ctx).Model(&FamilyMember{}).Where("organization_id = ? AND id IN ? AND verified_at IS NOT NULL", orgID, valid).
		Pluck("id", &verified).Error
	for _, id := range verified {
		out[id] = true
	}
	return out, Translate(err, "verified family members")
}

// Save creates or updates a family member.
func (FamilyMembers) Save(ctx context.Context, db *gorm.DB, m *FamilyMember) error {
	return Translate(db.WithContext(ctx).Save(m).Error, "save family member %s", m.ID)
}

// StaffDay marks an employee on leave, or designated essential, on a day.
type StaffDay struct {
	OrganizationID string
	EmployeeID     string `gorm:"primaryKey"`
	Day            Day    `gorm:"primaryKey"`
	Kind           string `gorm:"primaryKey"` // leave or essential
	Portion        string // full, am or pm
	Note           string
	CreatedBy      *string
	CreatedAt      time.Time
}

// Staff day kinds.
const (
	StaffLeave     = "leave"
	StaffEssential = "essential"
)

// StaffDays stores leave and essential-staff days.
type StaffDays struct{}

// Upsert stores the days, replacing the same person, day and kind.
func (StaffDays) Upsert(ctx context.Context, db *gorm.DB, days []StaffDay) error {
	if len(days) == 0 {
		return nil
	}
	err := db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "employee_id"}, {Name: "day"}, {Name: "kind"}},
		DoUpdates: clause.AssignmentColumns([]string{"portion", "note", "created_by", "created_at"}),
	}).CreateInBatches(&days, 500).Error
	return Translate(err, "store staff days")
}

// Delete removes one day.
func (StaffDays) Delete(ctx context.Context, db *gorm.DB, orgID, employeeID, day, kind string) error {
	res := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND day = ? AND kind = ?", orgID, employeeID, day, kind).Delete(&StaffDay{})
	if res.Error != nil {
		return Translate(res.Error, "delete staff day")
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "staff day %s %s", day, kind)
	}
	return nil
}

// StaffDayFilter narrows a list of staff days.
type StaffDayFilter struct {
	EmployeeIDs []string // empty: everyone
	From, To    string   // inclusive dates; empty: open
	Kind        string
}

// List returns the organisation's staff days in date order.
func (StaffDays) List(ctx context.Context, db *gorm.DB, orgID string, f StaffDayFilter) ([]StaffDay, error) {
	q := db.WithContext(ctx).Where("organization_id = ?", orgID)
	if len(f.EmployeeIDs) > 0 {
		q = q.Where("employee_id IN ?", f.EmployeeIDs)
	}
	if f.From != "" {
		q = q.Where("day >= ?", f.From)
	}
	if f.To != "" {
		q = q.Where("day <= ?", f.To)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	var out []StaffDay
	err := q.Order("day, employee_id, kind").Limit(10000).Find(&out).Error
	return out, Translate(err, "list staff days")
}

// TeleworkRequest is a request to work away from the office on some days.
type TeleworkRequest struct {
	ID              string `gorm:"primaryKey"`
	OrganizationID  string
	EmployeeID      string
	DepartmentID    string
	Status          policies.RequestState
	Unit            string
	StartMinute     *int
	EndMinute       *int
	Place           string
	PlaceDetail     string
	OfficeID        *string
	Reason          string
	FamilyMemberID  *string
	Note            string
	Decision        JSON
	Flags           string
	SubmittedAt     time.Time
	DecidedAt       *time.Time
	DecidedBy       *string
	DecisionComment string
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Days []TeleworkDay `gorm:"-"`
}

// TeleworkDay is one day of a request.
type TeleworkDay struct {
	OrganizationID string
	RequestID      string `gorm:"primaryKey"`
	EmployeeID     string
	DepartmentID   string
	Day            Day `gorm:"primaryKey"`
	Unit           string
	Minutes        int
	Reason         string
	Active         bool
}

// TableName implements gorm.Tabler.
func (TeleworkDay) TableName() string { return "telework_request_days" }

// TeleworkRequests stores requests and their days.
type TeleworkRequests struct{}

// Create stores a request and its days.
func (TeleworkRequests) Create(ctx context.Context, db *gorm.DB, r *TeleworkRequest) error {
	if err := db.WithContext(ctx).Omit("Days").Create(r).Error; err != nil {
		return Translate(err, "store telework request")
	}
	if len(r.Days) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&r.Days).Error, "store telework days")
}

// Get returns one request of the organisation with its days.
func (s TeleworkRequests) Get(ctx context.Context, db *gorm.DB, orgID, id string) (*TeleworkRequest, error) {
	if !ValidID(id) {
		return nil, Translate(ErrNotFound, "telework request %q", id)
	}
	var r TeleworkRequest
	if err := db.WithContext(ctx).Where("organization_id = ? AND id = ?", orgID, id).Take(&r).Error; err != nil {
		return nil, Translate(err, "telework request %s", id)
	}
	rs := []*TeleworkRequest{&r}
	return &r, s.loadDays(ctx, db, rs)
}

// Update saves the request's state and content, and replaces its days.
func (TeleworkRequests) Update(ctx context.Context, db *gorm.DB, r *TeleworkRequest) error {
	res := db.WithContext(ctx).Model(r).Where("organization_id = ?", r.OrganizationID).
		Select("status", "unit", "start_minute", "end_minute", "place", "place_detail", "office_id", "reason", "family_member_id",
			"note", "decision", "flags", "submitted_at", "decided_at", "decided_by", "decision_comment", "updated_at").
		Updates(r)
	if res.Error != nil {
		return Translate(res.Error, "update telework request %s", r.ID)
	}
	if res.RowsAffected == 0 {
		return Translate(ErrNotFound, "update telework request %s", r.ID)
	}
	if err := db.WithContext(ctx).Where("request_id = ?", r.ID).Delete(&TeleworkDay{}).Error; err != nil {
		return Translate(err, "replace days of %s", r.ID)
	}
	if len(r.Days) == 0 {
		return nil
	}
	return Translate(db.WithContext(ctx).Create(&r.Days).Error, "store days of %s", r.ID)
}

// TeleworkFilter narrows a request list.
type TeleworkFilter struct {
	EmployeeID   string
	DepartmentID string
	Status       string
	From, To     string // dates the request covers, inclusive
	// Manager limits the list to the manager's line (see EmployeeFilter).
	Manager string
}

// List returns one page of requests with their days.
func (s TeleworkRequests) List(ctx context.Context, db *gorm.DB, orgID string, f TeleworkFilter, p Page) ([]*TeleworkRequest, string, error) {
	q := db.WithContext(ctx).Where("organization_id = ?", orgID)
	if f.EmployeeID != "" {
		q = q.Where("employee_id = ?", f.EmployeeID)
	}
	if f.DepartmentID != "" {
		q = q.Where("department_id = ?", f.DepartmentID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Manager != "" {
		q = q.Where("employee_id IN (?)", lineOf(db, orgID, f.Manager))
	}
	if f.From != "" || f.To != "" {
		days := db.Model(&TeleworkDay{}).Select("request_id").Where("organization_id = ?", orgID)
		if f.From != "" {
			days = days.Where("day >= ?", f.From)
		}
		if f.To != "" {
			days = days.Where("day <= ?", f.To)
		}
		q = q.Where("id IN (?)", days)
	}
	var rs []*TeleworkRequest
	if err := p.apply(q, "id").Find(&rs).Error; err != nil {
		return nil, "", Translate(err, "list telework requests")
	}
	rs, next := trim(rs, p, func(r *TeleworkRequest) string { return r.ID })
	return rs, next, s.loadDays(ctx, db, rs)
}

func (TeleworkRequests) loadDays(ctx context.Context, db *gorm.DB, rs []*TeleworkRequest) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[string]*TeleworkRequest, len(rs))
	ids := make([]string, 0, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
		ids = append(ids, r.ID)
		r.Days = nil
	}
	for chunk := range slices.Chunk(ids, 500) {
		var days []TeleworkDay
		if err := db.WithContext(ctx).Where("request_id IN ?", chunk).Order("day").Find(&days).Error; err != nil {
			return Translate(err, "load telework days")
		}
		for _, d := range days {
			byID[d.RequestID].Days = append(byID[d.RequestID].Days, d)
		}
	}
	return nil
}

// ActiveDays returns the employee's live telework days between two dates
// (inclusive).
func (TeleworkRequests) ActiveDays(ctx context.Context, db *gorm.DB, orgID, employeeID, from, to string) ([]TeleworkDay, error) {
	var days []TeleworkDay
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND active = ? AND day >= ? AND day <= ?", orgID, employeeID, true, from, to).
		Order("day").Find(&days).Error
	return days, Translate(err, "telework days of %s", employeeID)
}

// AttendanceDay counts, per department and day, the members working away
// from the office all day; its row is also the lock that serialises every
// request counting against that day's attendance band.
type AttendanceDay struct {
	OrganizationID string
	DepartmentID   string `gorm:"primaryKey"`
	Day            Day    `gorm:"primaryKey"`
	Remote         int
	UpdatedAt      time.Time
}

// Attendance keeps the per-department-day counters.
type Attendance struct{}

// Lock takes the rows of the given departments and days for the rest of the
// transaction, creating them as needed, in a fixed order so that two
// transactions never wait on each other in a circle.
func (Attendance) Lock(ctx context.Context, db *gorm.DB, orgID string, deptIDs, days []string, now time.Time) error {
	depts, ds := slices.Clone(deptIDs), slices.Clone(days)
	slices.Sort(depts)
	slices.Sort(ds)
	for _, day := range ds {
		for _, d := range depts {
			err := db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
				Create(&AttendanceDay{OrganizationID: orgID, DepartmentID: d, Day: Day(day), UpdatedAt: now}).Error
			if err != nil {
				return Translate(err, "attendance row %s %s", d, day)
			}
			// An UPDATE holds the row lock until commit (PostgreSQL); SQLite's
			// write transaction already excludes every other writer.
			err = db.WithContext(ctx).Model(&AttendanceDay{}).Where("department_id = ? AND day = ?", d, day).
				Update("updated_at", now).Error
			if err != nil {
				return Translate(err, "lock attendance %s %s", d, day)
			}
		}
	}
	return nil
}

// Adjust adds delta to the department's remote count of the day.
func (Attendance) Adjust(ctx context.Context, db *gorm.DB, orgID, deptID, day string, delta int, now time.Time) error {
	err := db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&AttendanceDay{OrganizationID: orgID, DepartmentID: deptID, Day: Day(day), UpdatedAt: now}).Error
	if err != nil {
		return Translate(err, "attendance row %s %s", deptID, day)
	}
	err = db.WithContext(ctx).Model(&AttendanceDay{}).Where("department_id = ? AND day = ?", deptID, day).
		Updates(map[string]any{"remote": gorm.Expr("remote + ?", delta), "updated_at": now}).Error
	return Translate(err, "adjust attendance %s %s", deptID, day)
}

// Remote returns the remote counts of the departments on the days, keyed by
// department id and day.
func (Attendance) Remote(ctx context.Context, db *gorm.DB, orgID string, deptIDs, days []string) (map[[2]string]int, error) {
	var rows []AttendanceDay
	err := db.WithContext(ctx).Where("organization_id = ? AND department_id IN ? AND day IN ?", orgID, deptIDs, days).Find(&rows).Error
	out := make(map[[2]string]int, len(rows))
	for _, r := range rows {
		out[[2]string{r.DepartmentID, r.Day.String()}] = r.Remote
	}
	return out, Translate(err, "attendance counts")
}

// DepartmentCount is a number per department (and day).
type DepartmentCount struct {
	DepartmentID string
	Day          Day
	Kind         string
	N            int
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

// CountByDepartment counts, per department, day and kind, the active
// employees on full-day leave or designated essential on the days.
func (StaffDays) CountByDepartment(ctx context.Context, db *gorm.DB, orgID string, days []string) ([]DepartmentCount, error) {
	var rows []DepartmentCount
	err := db.WithContext(ctx).Table("staff_days AS s").
		Select("e.department_id AS department_id, s.day AS day, s.kind AS kind, count(*) AS n").
		Joins("JOIN employees e ON e.id = s.employee_id AND e.organization_id = s.organization_id").
		Where("s.organization_id = ? AND s.day IN ? AND e.active = ? AND (s.kind = ? OR s.portion = ?)", orgID, days, true, StaffEssential, "full").
		Group("e.department_id, s.day, s.kind").Scan(&rows).Error
	return rows, Translate(err, "count staff days")
}

// Of returns one employee's staff days on the days.
func (StaffDays) Of(ctx context.Context, db *gorm.DB, orgID, employeeID string, days []string) ([]StaffDay, error) {
	var out []StaffDay
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND day IN ?", orgID, employeeID, days).Find(&out).Error
	return out, Translate(err, "staff days of %s", employeeID)
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
