package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/docs"
)

// policyReference serves the telework policy reference (Markdown) that the
// help pages link to; everyone signed in may read what the rules mean.
func (s *Server) policyReference(c echo.Context) error {
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", docs.PolicyReference)
}
