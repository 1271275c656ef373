package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route in one place. Each must also be in openapi.yaml
// (a test compares them).
func (s *Server) routes(reg *prometheus.Registry, frontend http.Handler) {
	e := s.e
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))

	v1 := e.Group("/api/v1")
	v1.GET("/openapi.yaml", serveOpenAPI)
	v1.POST("/auth/login", s.login)
	v1.POST("/auth/refresh", s.refresh)
	v1.POST("/auth/logout", s.logout)

	a := v1.Group("", s.authenticate)
	a.GET("/me", s.me)
	a.POST("/me/password", s.changeOwnPassword)

	a.GET("/organization", s.getOrganization)
	a.PATCH("/organization", s.updateOrganization)

	a.GET("/departments", s.listDepartments)
	a.POST("/departments", s.createDepartment, s.idempotent)
	a.GET("/departments/:id", s.getDepartment)
	a.PATCH("/departments/:id", s.updateDepartment)
	a.DELETE("/departments/:id", s.deleteDepartment)

	a.GET("/employees", s.listEmployees)
	a.POST("/employees", s.createEmployee, s.idempotent)
	a.POST("/employees/import", s.importEmployees, s.idempotent)
	a.GET("/employees/:id", s.getEmployee)
	a.PATCH("/employees/:id", s.updateEmployee)
	a.POST("/employees/:id/password", s.setEmployeePassword)

	a.GET("/audit-events", s.listAuditEvents)

	// Unknown /api paths are the API's 404 (problem+json), never the web UI.
	v1.Any("/*", func(echo.Context) error { return errRouteNotFoundProblem() })
	e.Any("/api/*", func(echo.Context) error { return errRouteNotFoundProblem() })
	if frontend != nil {
		e.GET("/*", echo.WrapHandler(frontend))
	}
}

func errRouteNotFoundProblem() error {
	return fail(errRouteNotFound, "このURLに対応する機能はありません。", "No route matches this URL.")
}

