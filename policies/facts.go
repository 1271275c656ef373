package policies

import (
	"slices"
	"time"
)

// Facts are everything a decision depends on, as plain values a service can
// fill from the database. The engine counts and derives the rest (weeks,
// fiscal years, consecutive runs, kinship degrees, school years) itself, so
// two services cannot count differently.
type Facts struct {
	Employee Employee `json:"employee"`
	// Reason is the id of one of the policy's reasons.
	Reason string `json:"reason"`
	// Unit is the unit asked for; Minutes the length when Unit is hours.
	Unit    Unit `json:"unit"`
	Minutes int  `json:"minutes,omitempty"`
	// Dates are the days asked for; each is decided on its own.
	Dates []Date `json:"dates"`
	// Family is the family member the request is for, if any.
	Family *FamilyMember `json:"family,omitempty"`
	// Existing are the employee's other telework days, pending or approved,
	// without the dates of this request. The limits count them.
	Existing []Day `json:"existing,omitempty"`
	// Staffing is the staffing of the employee's units on the dates, for
	// the attendance bands.
	Staffing []Staffing `json:"staffing,omitempty"`
	// AppliedAt is the instant the request was made; the engine reads it in
	// the policy's time zone (the policy's timezone key), so any location
	// will do.
	AppliedAt time.Time `json:"applied_at"`
	// Calendar adds closing and open dates and blackouts kept outside the
	// policy document (e.g. entered by an administrator this year).
	Calendar CalendarExtras `json:"calendar,omitzero"`

	// Scheme names one of the policy's schemes (在宅勤務, サテライトオフィス
	// 勤務 …); empty picks the first scheme whose places include Place.
	Scheme string `json:"scheme,omitempty"`
	// Place is home, satellite or elsewhere; OfficeID the satellite office.
	Place    string `json:"place,omitempty"`
	OfficeID string `json:"office_id,omitempty"`
	// WorkKind is the kind of work the request states (e.g. counter).
	WorkKind string `json:"work_kind,omitempty"`
	// Notice is the prior notice given for a same-day or late request.
	Notice *Notice `json:"notice,omitempty"`
	// Pool names the shared resource the request uses (a loan PC);
	// PoolUse counts the other people using each pool on each date.
	Pool    string    `json:"pool,omitempty"`
	PoolUse []PoolUse `json:"pool_use,omitempty"`
	// Emergencies are the emergency periods HR declared.
	Emergencies []EmergencyPeriod `json:"emergencies,omitempty"`
}

// Notice is a prior notice of a late request: how, to whom and when.
type Notice struct {
	Method string    `json:"method"` // phone, email, chat
	To     string    `json:"to"`
	At     time.Time `json:"at"`
}

// PoolUse is how many other people use a pool on a date.
type PoolUse struct {
	Pool string `json:"pool"`
	Date Date   `json:"date"`
	Used int    `json:"used"`
}

// EmergencyPeriod is a disaster, infectious disease or other emergency HR
// declared, for everyone or for some units or usual workplaces.
type EmergencyPeriod struct {
	Name        Text     `json:"name"`
	Kind        string   `json:"kind"`
	From        Date     `json:"from"`
	To          Date     `json:"to"`
	Departments []string `json:"departments,omitempty"`
	Workplaces  []string `json:"workplaces,omitempty"`
}

// covers reports whether the period covers the employee on d.
func (e EmergencyPeriod) covers(d Date, units []OrgUnit, workplace string) bool {
	if d.Before(e.From) || d.After(e.To) {
		return false
	}
	if len(e.Departments) == 0 && len(e.Workplaces) == 0 {
		return true
	}
	return (len(e.Departments) > 0 && inUnits(units, e.Departments)) ||
		(workplace != "" && slices.Contains(e.Workplaces, workplace))
}

// Unit is the unit of a telework day.
type Unit string

// The units.
const (
	UnitFull  Unit = "full"
	UnitAM    Unit = "am"
	UnitPM    Unit = "pm"
	UnitHours Unit = "hours"
)

var unitLabels = map[Unit]Text{
	UnitFull:  {Ja: "終日", En: "full day"},
	UnitAM:    {Ja: "午前", En: "morning"},
	UnitPM:    {Ja: "午後", En: "afternoon"},
	UnitHours: {Ja: "時間単位", En: "hourly"},
}

// Employee is the person asking.
type Employee struct {
	ID             string `json:"id"`
	EmploymentType string `json:"employment_type"`
	HasRemotePC    bool   `json:"has_remote_pc"`
	// Units is the employee's line in the organisation from the root down to
	// their own unit (e.g. 部, 課, 係). Exclusions and blackouts naming a unit
	// cover the units below it; a unit's flags apply to the units below it;
	// attendance bands pick the unit at their level.
	Units []OrgUnit `json:"units"`
	// Essential marks staff designated as essential (left out of the
	// attendance base when the policy says so).
	Essential bool `json:"essential,omitempty"`
	// Grants are exceptions granted by the department head (所属長特認).
	Grants []Grant `json:"grants,omitempty"`
	// HireDate is the first day of service (採用日); zero when unknown.
	HireDate Date `json:"hire_date,omitzero"`
	// Records is the dated staff record: each entry holds from its From
	// until the next one. A date before the first uses the fields above.
	Records []StaffRecord `json:"records,omitempty"`
	// Lines are the employee's units from a date (transfers); a date before
	// the first uses Units.
	Lines []DatedLine `json:"lines,omitempty"`
}

// StaffRecord is what HR records of a person from a date.
type StaffRecord struct {
	From           Date   `json:"from"`
	EmploymentType string `json:"employment_type,omitempty"`
	// ProbationUntil is the last day of 試用期間・条件付採用期間.
	ProbationUntil Date `json:"probation_until,omitzero"`
	// TermUntil is the end of a fixed-term appointment (任期付職員).
	TermUntil Date   `json:"term_until,omitzero"`
	Rank      string `json:"rank,omitempty"`
	// WorkDays are the weekdays scheduled to work (会計年度任用職員 who
	// work four days a week); empty means every office day.
	WorkDays       []string `json:"work_days,omitempty"`
	CommuteMinutes int      `json:"commute_minutes,omitempty"`
	CommuteKm      int      `json:"commute_km,omitempty"`
	// Workplace is the usual workplace (an office id).
	Workplace string `json:"workplace,omitempty"`
}

// DatedLine is the employee's line of units from a date.
type DatedLine struct {
	From  Date      `json:"from"`
	Units []OrgUnit `json:"units"`
}

// on returns the employee as they stand on d: the line and the staff record
// in force that day.
func (e Employee) on(d Date) (Employee, StaffRecord) {
	out := e
	for _, l := range e.Lines {
		if !l.From.After(d) {
			out.Units = l.Units
		}
	}
	var rec StaffRecord
	for _, r := range e.Records {
		if !r.From.After(d) {
			rec = r
		}
	}
	if rec.EmploymentType != "" {
		out.EmploymentType = rec.EmploymentType
	}
	return out, rec
}

// OrgUnit is one unit of the organisation on the employee's line.
type OrgUnit struct {
	ID    string   `json:"id"`
	Level string   `json:"level"`
	Flags []string `json:"flags,omitempty"`
	// Name is how people know the unit (子育て支援課); messages use it, and
	// fall back to the id (the code HR writes into the policy) without it.
	Name Text `json:"name,omitzero"`
}

// label names the unit for messages.
func (u OrgUnit) label() Text {
	if u.Name.IsZero() {
		return Text{Ja: u.ID, En: u.ID}
	}
	return Text{Ja: u.Name.Ja, En: u.Name.en()}
}

// Grant is a department head's exception (所属長特認) for a named employee
// and a period, lifting some eligibility rules.
type Grant struct {
	// Rules lists the rule ids lifted; empty means every rule the policy
	// lets a grant lift (eligibility.special_grants.waivable).
	Rules     []string `json:"rules,omitempty"`
	From      Date     `json:"from"`
	To        Date     `json:"to"`
	GrantedBy string   `json:"granted_by,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// FamilyMember is the person a childcare or nursing-care request is for.
// Only what a decision needs is kept (see the privacy notes in DOMAIN.md).
type FamilyMember struct {
	// Relation names the tie (a name from Relations); Path gives it as a
	// kinship path instead, for ties the vocabulary has no name for. Path
	// wins when both are set.
	Relation   string `json:"relation,omitempty"`
	Path       Path   `json:"path,omitempty"`
	BirthDate  Date   `json:"birth_date,omitzero"`
	Cohabiting bool   `json:"cohabiting"`
	// CareLevel is the certified care level (要介護 1–5; 0 for none or 要支援).
	CareLevel int `json:"care_level,omitempty"`
	// NeedDays is how long constant care is needed, in days (for a need
	// certified by a doctor rather than a care level).
	NeedDays int `json:"need_days,omitempty"`
	// PartnershipCertificate is true when a copy of the partnership
	// certificate was submitted.
	PartnershipCertificate bool `json:"partnership_certificate,omitempty"`
	// ExpectedDate is the expected date of birth of a child not yet born:
	// a pregnancy reason holds until the birth (or this date).
	ExpectedDate Date `json:"expected_date,omitzero"`
	// CareFrom and CareTo bound a care need (介護を要する期間).
	CareFrom Date `json:"care_from,omitzero"`
	CareTo   Date `json:"care_to,omitzero"`
}

// path returns the member's kinship path and whether it is known.
func (m *FamilyMember) path() (Path, bool) {
	if len(m.Path) > 0 {
		for _, s := range m.Path {
			if !s.known() {
				return nil, false
			}
		}
		return m.Path, true
	}
	r, ok := relationByName(m.Relation)
	return r.Path, ok
}

// Day is one of the employee's existing telework days.
type Day struct {
	Date    Date `json:"date"`
	Unit    Unit `json:"unit"`
	Minutes int  `json:"minutes,omitempty"`
	// Reason lets days under a reason exempt from limits go uncounted.
	Reason string `json:"reason,omitempty"`
	// Scheme is the day's scheme, for limits of a scheme.
	Scheme string `json:"scheme,omitempty"`
}

// Staffing is a unit's staffing on a date.
type Staffing struct {
	Date Date `json:"date"`
	// Unit is the id of the organisation unit (see OrgUnit).
	Unit string `json:"unit"`
	// Members is every member of the unit, the employee included.
	Members int `json:"members"`
	// OnLeave are members on leave (or otherwise not working) that day.
	OnLeave int `json:"on_leave"`
	// Essential are working members designated as essential; they are
	// taken as present, and left out of the base when the policy says so.
	Essential int `json:"essential"`
	// Away are other working members out of the office for the whole day
	// (telework pending or approved, satellite office, travel), not
	// counting the employee.
	Away int `json:"away"`
}

// CalendarExtras are calendar entries kept outside the policy document.
type CalendarExtras struct {
	Closed    []Date     `json:"closed,omitempty"`
	Open      []Date     `json:"open,omitempty"`
	Blackouts []Blackout `json:"blackouts,omitempty"`
}

// IsZero reports whether there are no extras.
func (x CalendarExtras) IsZero() bool {
	return len(x.Closed) == 0 && len(x.Open) == 0 && len(x.Blackouts) == 0
}
