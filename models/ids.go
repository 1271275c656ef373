package models

import (
	"github.com/google/uuid"
)

// NewID returns a new row id: a UUIDv7, so ids sort by creation time (keyset
// pagination follows creation order) while revealing nothing about volumes.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ValidID reports whether s is a well-formed id, so a malformed id in a path
// answers 404 without a query.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
