package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // readiness tells a database that is down from one that is not ready
	"github.com/kinmuchi/kinmuchi/services"
)

// healthz answers as long as the process serves HTTP.
func (s *Server) healthz(c echo.Context) error {
	return ok(c, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when the database answers, every migration is
// applied and an organisation exists, so a load balancer sends no traffic to
// a process that would fail (or where nobody could sign in).
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if s.db != nil {
		if err := s.db.PingContext(ctx); err != nil {
			s.log.WarnContext(ctx, "readiness: database unreachable", "error", err.Error())
			return notReady("データベースに接続できません。", "The database cannot be reached.")
		}
	}
	if s.ready != nil {
		if err := s.ready(ctx); errors.Is(err, services.ErrNoOrganization) {
			// Said once in the log at start; probes every few seconds would drown it.
			return err
		} else if err != nil {
			s.log.WarnContext(ctx, "readiness", "error", err.Error())
			return notReady("データベースの準備ができていません（未適用のマイグレーションがあります）。", "The database is not ready (migrations are pending).")
		}
	}
	return ok(c, http.StatusOK, map[string]string{"status": "ready"})
}

func notReady(ja, en string) error { return services.Fail(models.ErrUnavailable, ja, en) }
