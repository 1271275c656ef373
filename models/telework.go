package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kinmuchi/kinmuchi/policies"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

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
	// Scheme, WorkKind and Pool are what the request names (issue 22);
	// the notice is the prior notice of a late request; LapsedAt marks an
	// approved request whose reason no longer holds on some of its days.
	Scheme       string
	WorkKind     string
	Pool         string
	NoticeMethod string
	NoticeTo     string
	NoticeAt     *time.Time
	LapsedAt     *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time

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
	Scheme         string
	Pool           string
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

// ByIDsWithoutDecision returns the organisation's requests with the given
// ids, with their days, keyed by id (an id of another organisation is not
// found), without their stored decisions: its caller, the inbox, decides
// them again, and fifty stored decisions are most of the bytes read.
func (s TeleworkRequests) ByIDsWithoutDecision(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]*TeleworkRequest, error) {
	var rs []*TeleworkRequest
	if err := db.WithContext(ctx).Omit("decision").Where("organization_id = ? AND id IN ?", orgID, ids).Find(&rs).Error; err != nil {
		return nil, Translate(err, "telework requests")
	}
	out := make(map[string]*TeleworkRequest, len(rs))
	for _, r := range rs {
		out[r.ID] = r
	}
	return out, s.loadDays(ctx, db, rs)
}

// Update saves the request's state and content, and replaces its days.
func (TeleworkRequests) Update(ctx context.Context, db *gorm.DB, r *TeleworkRequest) error {
	res := db.WithContext(ctx).Model(r).Where("organization_id = ?", r.OrganizationID).
		Select("status", "unit", "start_minute", "end_minute", "place", "place_detail", "office_id", "reason", "family_member_id",
			"note", "decision", "flags", "submitted_at", "decided_at", "decided_by", "decision_comment", "updated_at",
			"scheme", "work_kind", "pool", "notice_method", "notice_to", "notice_at", "lapsed_at").
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

// LiveBetween returns up to limit pending or approved requests with a day
// from one date to another, oldest first, with their days.
func (s TeleworkRequests) LiveBetween(ctx context.Context, db *gorm.DB, orgID, from, to string, limit int) ([]*TeleworkRequest, error) {
	days := db.Model(&TeleworkDay{}).Select("request_id").Where("organization_id = ? AND day >= ? AND day <= ?", orgID, from, to)
	var rs []*TeleworkRequest
	err := db.WithContext(ctx).Where("organization_id = ? AND status IN ? AND id IN (?)", orgID,
		[]policies.RequestState{policies.StatePending, policies.StateApproved}, days).Order("id").Limit(limit).Find(&rs).Error
	if err != nil {
		return nil, Translate(err, "live telework requests")
	}
	return rs, s.loadDays(ctx, db, rs)
}

// LiveOfEmployee returns an employee's pending or approved requests with a
// day on or after from, with their days.
func (s TeleworkRequests) LiveOfEmployee(ctx context.Context, db *gorm.DB, orgID, employeeID, from string) ([]*TeleworkRequest, error) {
	days := db.Model(&TeleworkDay{}).Select("request_id").Where("organization_id = ? AND employee_id = ? AND day >= ?", orgID, employeeID, from)
	var rs []*TeleworkRequest
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id = ? AND status IN ? AND id IN (?)", orgID, employeeID,
		[]policies.RequestState{policies.StatePending, policies.StateApproved}, days).Order("id").Find(&rs).Error
	if err != nil {
		return nil, Translate(err, "live telework requests of %s", employeeID)
	}
	return rs, s.loadDays(ctx, db, rs)
}

// LiveFlaggedOn returns an organisation's pending or approved requests, not
// yet marked lapsed, whose decision carries flag and which have a day in
// [from, to], with their days: those decided under an emergency period that
// was ended early or withdrawn.
func (s TeleworkRequests) LiveFlaggedOn(ctx context.Context, db *gorm.DB, orgID, flag, from, to string) ([]*TeleworkRequest, error) {
	days := db.Model(&TeleworkDay{}).Select("request_id").Where("organization_id = ? AND day BETWEEN ? AND ?", orgID, from, to)
	var rs []*TeleworkRequest
	err := db.WithContext(ctx).Where("organization_id = ? AND status IN ? AND lapsed_at IS NULL AND (',' || flags || ',') LIKE ? AND id IN (?)", orgID,
		[]policies.RequestState{policies.StatePending, policies.StateApproved}, "%,"+flag+",%", days).Order("id").Find(&rs).Error
	if err != nil {
		return nil, Translate(err, "live telework requests flagged %s", flag)
	}
	return rs, s.loadDays(ctx, db, rs)
}

// MarkLapsed records that a live request's reason no longer holds on some
// of its days, once: it reports false when the request was already marked
// (by a concurrent recheck, whose transaction the update waited for).
func (TeleworkRequests) MarkLapsed(ctx context.Context, db *gorm.DB, r *TeleworkRequest, flags string, at time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&TeleworkRequest{}).Where("organization_id = ? AND id = ? AND lapsed_at IS NULL", r.OrganizationID, r.ID).
		Updates(map[string]any{"lapsed_at": at, "flags": flags, "updated_at": at})
	if res.Error != nil {
		return false, Translate(res.Error, "mark %s lapsed", r.ID)
	}
	return res.RowsAffected == 1, nil
}

// ApplicantsWithUnlapsedLive returns the employees of an organisation who
// have a pending or approved request, not yet marked lapsed, with a day on
// or after from: those the daily recheck decides again.
func (TeleworkRequests) ApplicantsWithUnlapsedLive(ctx context.Context, db *gorm.DB, orgID, from string) ([]string, error) {
	days := db.Model(&TeleworkDay{}).Select("request_id").Where("organization_id = ? AND day >= ?", orgID, from)
	var ids []string
	err := db.WithContext(ctx).Model(&TeleworkRequest{}).Distinct("employee_id").
		Where("organization_id = ? AND status IN ? AND lapsed_at IS NULL AND id IN (?)", orgID,
			[]policies.RequestState{policies.StatePending, policies.StateApproved}, days).Order("employee_id").Pluck("employee_id", &ids).Error
	return ids, Translate(err, "applicants with live requests")
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

// ActiveDays returns the employees' live telework days between two dates
// (inclusive), in date order.
func (TeleworkRequests) ActiveDays(ctx context.Context, db *gorm.DB, orgID string, employeeIDs []string, from, to string) ([]TeleworkDay, error) {
	var days []TeleworkDay
	err := db.WithContext(ctx).Where("organization_id = ? AND employee_id IN ? AND active = ? AND day >= ? AND day <= ?", orgID, employeeIDs, true, from, to).
		Order("day, request_id").Find(&days).Error
	return days, Translate(err, "telework days")
}

// PoolCount is how many live request days use a pool on a day; RequestID
// is set when the count is of one of the requests asked about (being
// decided again, which must not count against itself), empty for all others.
type PoolCount struct {
	Pool      string
	Day       Day
	RequestID string
	N         int
}

// PoolUse counts the live request days using the pools on the days,
// telling apart those of the requests given.
func (TeleworkRequests) PoolUse(ctx context.Context, db *gorm.DB, orgID string, pools, days, requestIDs []string) ([]PoolCount, error) {
	var rows []PoolCount
	if len(requestIDs) == 0 {
		requestIDs = []string{""} // no request is told apart
	}
	// As text: ids are uuid in PostgreSQL, and '' is no uuid.
	err := db.WithContext(ctx).Table("telework_request_days").
		Select("pool, day, CASE WHEN CAST(request_id AS TEXT) IN ? THEN CAST(request_id AS TEXT) ELSE '' END AS request_id, count(*) AS n", requestIDs).
		Where("organization_id = ? AND pool IN ? AND active = ? AND day IN ?", orgID, pools, true, days).
		Group("1, 2, 3").Scan(&rows).Error
	return rows, Translate(err, "pool use")
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
	// One statement, not an insert then an update: it is on every change of
	// a live request day or of leave on one. A decrement is an update only:
	// a day that was never counted cannot lose a day, and saying so (rather
	// than inserting a zero) keeps a bug in what calls it loud; the CHECK
	// still refuses a count below zero.
	if delta < 0 {
		res := db.WithContext(ctx).Exec(`UPDATE attendance_days SET remote = remote + ?, updated_at = ? WHERE department_id = ? AND day = ?`,
			delta, now, deptID, day)
		if res.Error == nil && res.RowsAffected == 0 {
			return fmt.Errorf("adjust attendance %s %s by %d: no count to lower", deptID, day, delta)
		}
		return Translate(res.Error, "adjust attendance %s %s", deptID, day)
	}
	err := db.WithContext(ctx).Exec(`INSERT INTO attendance_days (organization_id, department_id, day, remote, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (department_id, day) DO UPDATE SET remote = attendance_days.remote + ?, updated_at = excluded.updated_at`,
		orgID, deptID, day, delta, now, delta).Error
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
