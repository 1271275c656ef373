package policies

import "slices"

// Role is what a person may do in their organisation.
type Role string

// Roles a person may hold; several at once.
const (
	RoleEmployee   Role = "employee"
	RoleSupervisor Role = "supervisor"
	RoleHR         Role = "hr"
	RoleAdmin      Role = "admin"
)

// AllRoles lists every role in the order they are shown.
var AllRoles = []Role{RoleEmployee, RoleSupervisor, RoleHR, RoleAdmin}

// Subject is who asks: their id and roles in their organisation.
type Subject struct {
	EmployeeID string
	Roles      []Role
}

func (s Subject) has(role Role) bool { return slices.Contains(s.Roles, role) }

// Standing is how the subject stands to the person whose data is asked for.
// Authority beyond roles comes from the organisation itself: a supervisor
// answers for their reports, a department head (所属長) for the members of
// the departments they head.
type Standing struct {
	Self bool
	// InLine: the person reports to the subject at any depth, or belongs to a
	// department the subject heads (or one below it).
	InLine bool
}

// CanReadEmployee tells who may: themselves, their line, HR and administrators.
func CanReadEmployee(s Subject, r Standing) bool {
	return r.Self || r.InLine || s.has(RoleHR) || s.has(RoleAdmin)
}

// CanListAllEmployees tells who may: HR reads everyone; administrators manage everyone.
func CanListAllEmployees(s Subject) bool { return s.has(RoleHR) || s.has(RoleAdmin) }

// CanManageEmployees tells who may: creating, editing, importing and deactivating staff,
// and setting their passwords, belong to administrators.
func CanManageEmployees(s Subject) bool { return s.has(RoleAdmin) }

// CanManageOrganization tells who may: settings, departments and named officers.
func CanManageOrganization(s Subject) bool { return s.has(RoleAdmin) }

// CanReadAudit tells who may: the audit trail is for HR and administrators.
func CanReadAudit(s Subject) bool { return s.has(RoleHR) || s.has(RoleAdmin) }

// CanManagePolicy tells who may: HR writes the telework regulations.
func CanManagePolicy(s Subject) bool { return s.has(RoleHR) }

// CanManageStaffDays tells who may: HR enters leave and essential-staff days.
func CanManageStaffDays(s Subject) bool { return s.has(RoleHR) }

// CanReadFamily tells who may: family members (sensitive personal data) are read by the
// employee and by HR, who verifies them; never by supervisors, who see only
// a request's reason category.
func CanReadFamily(s Subject, self bool) bool { return self || s.has(RoleHR) }

// CanVerifyFamily tells who may confirm a family member's facts: HR, but
// not for their own family, since the check is what lets the requests that
// name the member through.
func CanVerifyFamily(s Subject, self bool) bool { return s.has(RoleHR) && !self }

// CanReadRequest tells who may: the applicant, their line and HR.
func CanReadRequest(s Subject, r Standing) bool { return r.Self || r.InLine || s.has(RoleHR) }

// CanDecideRequest tells who may: someone in the applicant's line, never the applicant.
func CanDecideRequest(r Standing) bool { return r.InLine && !r.Self }

// OfficeStanding is how the subject stands to an office.
type OfficeStanding struct {
	Owner   bool // the office belongs to the subject's organisation
	Shared  bool // the office is shared with the subject's organisation
	Manager bool // the subject is one of the office's managers
}

// CanSeeOffice tells who may: its own organisation and those it is shared with may see it,
// its spaces and availability, and book in it; to anyone else it does not exist.
func CanSeeOffice(r OfficeStanding) bool { return r.Owner || r.Shared }

// CanCreateOffice tells who may: administrators open offices for their organisation.
func CanCreateOffice(s Subject) bool { return s.has(RoleAdmin) }

// CanEditOffice tells who may: the office's managers and the owning organisation's
// administrators edit its hours, closed days, booking rules and spaces.
func CanEditOffice(s Subject, r OfficeStanding) bool {
	return r.Owner && (r.Manager || s.has(RoleAdmin))
}

// CanGovernOffice tells who may: whom the office is shared with and who manages it are
// decided by the owning organisation's administrators, not by its managers.
func CanGovernOffice(s Subject, r OfficeStanding) bool { return r.Owner && s.has(RoleAdmin) }

// CanSeeOfficeBookings tells who may: those who run the office see every booking in it, but
// only its time, space and the booker's name and organisation.
func CanSeeOfficeBookings(s Subject, r OfficeStanding) bool { return CanEditOffice(s, r) }

// CanListOrganizationBookings tells who may: HR sees the bookings of its organisation's people.
func CanListOrganizationBookings(s Subject) bool { return s.has(RoleHR) }

// BookingStanding is how the subject stands to a booking.
type BookingStanding struct {
	Self bool // the subject made it
	// SameOrganization: the booking belongs to the subject's organisation
	// (a booking belongs to the booker's, not the office's).
	SameOrganization bool
	Office           OfficeStanding
}

// CanReadBooking tells who may: the whole booking is the booker's and their HR's to read.
func CanReadBooking(s Subject, r BookingStanding) bool {
	return r.Self || (r.SameOrganization && s.has(RoleHR))
}

// CanCancelBooking tells who may: the booker, and those who run the office (to free a seat).
func CanCancelBooking(s Subject, r BookingStanding) bool { return r.Self || CanEditOffice(s, r.Office) }

// CanMoveBooking tells who may: only the booker changes when and where they sit.
func CanMoveBooking(r BookingStanding) bool { return r.Self }

// CanReadOccupancy tells who may: an office's managers, and HR of an
// organisation that owns or shares it.
func CanReadOccupancy(s Subject, o OfficeStanding) bool {
	return o.Manager || (s.has(RoleHR) && (o.Owner || o.Shared))
}

// CanSeeEveryOrganizationsUse tells who may: an office's managers see each
// organisation's use of a shared office; HR sees its own and the others' as
// one total.
func CanSeeEveryOrganizationsUse(o OfficeStanding) bool { return o.Manager }

// CanCorrectLedger tells who may: HR corrects where someone worked.
func CanCorrectLedger(s Subject) bool { return s.has(RoleHR) }

// CanTransferEmployees tells who may enter transfers (人事異動) with their
// effective date: HR, who prepares them, and administrators, who manage staff.
func CanTransferEmployees(s Subject) bool { return s.has(RoleHR) || s.has(RoleAdmin) }

// CanReadAllAttendance tells who may read every department's ratios and
// forecast; department heads and supervisors read their line's.
func CanReadAllAttendance(s Subject) bool { return s.has(RoleHR) || s.has(RoleAdmin) }

// CanManageDelegations tells who may: an approver names their own deputy; HR may do it for
// anyone (an approver taken ill cannot).
func CanManageDelegations(s Subject, own bool) bool { return own || s.has(RoleHR) }

// CanReadStaffRecord tells who may read a person's dated staff record: it
// holds the commute (where the person lives), so only the person and HR.
func CanReadStaffRecord(s Subject, self bool) bool { return self || s.has(RoleHR) }

// CanManageStaffRecord tells who may set or import staff records: HR.
func CanManageStaffRecord(s Subject) bool { return s.has(RoleHR) }

// CanDeclareEmergency tells who may record an emergency period: HR.
func CanDeclareEmergency(s Subject) bool { return s.has(RoleHR) }
