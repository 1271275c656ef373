package api

import (
	"encoding/base64"

	"github.com/kinmuchi/kinmuchi/services"
)

// Cursors are opaque to clients so that what they hold can change later
// (e.g. to a compound sort key) without breaking them.
func encodeCursor(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + lastID))
}

func decodeCursor(s string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 4 || string(b[:3]) != "id:" {
		return "", false
	}
	id := string(b[3:])
	return id, services.ValidID(id)
}
