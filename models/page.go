package models

import (
	"gorm.io/gorm"
)

// Page asks for one page of a list in id order (ids are time-ordered).
type Page struct {
	Limit int
	After string // the last id of the previous page; empty for the first
	// Desc lists newest first: After is then the oldest id already shown.
	Desc bool
}

// apply restricts q to the page, fetching one extra row to learn whether
// another page follows.
func (p Page) apply(q *gorm.DB, idColumn string) *gorm.DB {
	if p.Desc {
		if p.After != "" {
			q = q.Where(idColumn+" < ?", p.After)
		}
		return q.Order(idColumn + " DESC").Limit(p.Limit + 1)
	}
	if p.After != "" {
		q = q.Where(idColumn+" > ?", p.After)
	}
	return q.Order(idColumn).Limit(p.Limit + 1)
}

// trim cuts the extra row fetched by apply and returns the cursor of the next
// page, empty when this is the last.
func trim[T any](rows []T, p Page, id func(T) string) ([]T, string) {
	if len(rows) <= p.Limit {
		return rows, ""
	}
	rows = rows[:p.Limit]
	return rows, id(rows[len(rows)-1])
}
