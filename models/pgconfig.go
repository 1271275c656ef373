package models

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

func pgxConfig(url string) (*pgx.ConnConfig, error) {
	c, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx echoes the URL, password included, in its error.
		return nil, fmt.Errorf("KINMUCHI_DATABASE_URL %s is not a valid PostgreSQL URL", redactURL(url))
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = 5 * time.Second
	}
	// Instants are stored in UTC; the session zone only affects how PostgreSQL
	// prints them, but UTC keeps psql sessions and logs unambiguous.
	c.RuntimeParams["timezone"] = "UTC"
	return c, nil
}
