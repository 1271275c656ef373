package services

import (
	"time"

	"github.com/kinmuchi/kinmuchi/models"
)

// The shapes in which the API asks for lists. They belong to the use cases,
// not to storage: a store's filter may change (a new index, a compound key)
// without the API seeing it.

// Page asks a list for one page: at most Limit items after the item After
// (the last id of the previous page), oldest first or, with Desc, newest.
type Page struct {
	Limit int
	After string
	Desc  bool
}

func (p Page) store() models.Page { return models.Page{Limit: p.Limit, After: p.After, Desc: p.Desc} }

// BookingCursor is where a page of bookings, listed in start order, ended.
type BookingCursor struct {
	StartAt time.Time
	ID      string
}

// ValidID reports whether s has the form of an id (a cursor's, a filter's).
func ValidID(s string) bool { return models.ValidID(s) }

// OfficeQuery narrows a list of offices.
type OfficeQuery struct {
	Kind   string
	Active *bool
}

// DepartmentQuery narrows a list of departments.
type DepartmentQuery struct {
	ParentID *string // "" for top-level departments
	Kind     string
	Query    string // part of the name or code
}

// AuditQuery narrows the audit trail.
type AuditQuery struct {
	Action, TargetType, TargetID, ActorID string
	From, To                              *time.Time
}
