package policies

import "slices"

// Roles a person may hold; several at once.
const (
	RoleEmployee   = "employee"
	RoleSupervisor = "supervisor"
	RoleHR         = "hr"
	RoleAdmin      = "admin"
)

// AllRoles lists every role in the order they are shown.
var AllRoles = []string{RoleEmployee, RoleSupervisor, RoleHR, RoleAdmin}

// Subject is who asks: their id and roles in their organisation.
type Subject struct {
	EmployeeID string
	Roles      []string
}

func (s Subject) has(role string) bool { return slices.Contains(s.Roles, role) }

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

// CanReadEmployee: themselves, their line, HR and administrators.
func CanReadEmployee(s Subject, r Standing) bool {
	return r.Self || r.InLine || s.has(RoleHR) || s.has(RoleAdmin)
}

// CanListAllEmployees: HR reads everyone; administrators manage everyone.
func CanListAllEmployees(s Subject) bool { return s.has(RoleHR) || s.has(RoleAdmin) }

// CanManageEmployees: creating, editing, importing and deactivating staff,
// and setting their passwords, belong to administrators.
func CanManageEmployees(s Subject) bool { return s.has(RoleAdmin) }

// CanManageOrganization: settings, departments and named officers.
func CanManageOrganization(s Subject) bool { return s.has(RoleAdmin) }

// CanReadAudit: the audit trail is for HR and administrators.
func CanReadAudit(s Subject) bool { return s.has(RoleHR) || s.has(RoleAdmin) }
