package services

import (
	"github.com/kinmuchi/kinmuchi/policies"
	"slices"
)

// Actor is the person (or process) on whose authority a use case runs. The API
// builds it from a verified token and the employee's current record.
type Actor struct {
	EmployeeID     string
	OrganizationID string
	Roles          []policies.Role
	// SessionID is the refresh-token family of the signed-in session.
	SessionID string
	// Where the request came from, for the audit trail.
	RequestID string
	ClientIP  string
}

// Has reports whether the actor holds role.
func (a Actor) Has(role policies.Role) bool { return slices.Contains(a.Roles, role) }
