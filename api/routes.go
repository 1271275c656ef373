package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
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

	// Signed-in routes. The middleware is added per route, not on a group:
	// Echo gives a group with middleware a catch-all that would turn a wrong
	// method (405) into a 404.
	a := authed{v1, s.authenticate}
	a.add(http.MethodGet, "/me", s.me)
	a.add(http.MethodPatch, "/me", s.updateMe)
	a.add(http.MethodGet, "/staff", s.searchStaff)
	a.add(http.MethodPost, "/me/password", s.changeOwnPassword)

	a.add(http.MethodGet, "/organization", s.getOrganization)
	a.add(http.MethodPatch, "/organization", s.updateOrganization)
	a.add(http.MethodGet, "/calendar", s.getCalendar)
	a.add(http.MethodPost, "/organization/webhook/test", s.testWebhook)
	a.add(http.MethodGet, "/organization/webhook/deliveries/:id", s.getWebhookDelivery)

	a.add(http.MethodGet, "/departments", s.listDepartments)
	a.add(http.MethodPost, "/departments", s.createDepartment, s.createdBy("department.create"))
	a.add(http.MethodGet, "/departments/:id", s.getDepartment)
	a.add(http.MethodPatch, "/departments/:id", s.updateDepartment)
	a.add(http.MethodDelete, "/departments/:id", s.deleteDepartment)

	a.add(http.MethodGet, "/employees", s.listEmployees)
	a.add(http.MethodPost, "/employees", s.createEmployee, s.createdBy("employee.create"))
	a.add(http.MethodPost, "/employees/import", s.importEmployees, s.idempotent(creates{action: "employee.import", status: http.StatusCreated, event: true}))
	a.add(http.MethodGet, "/employees/:id", s.getEmployee)
	a.add(http.MethodPatch, "/employees/:id", s.updateEmployee)
	a.add(http.MethodPost, "/employees/:id/password", s.setEmployeePassword)
	a.add(http.MethodGet, "/employees/:id/assignments", s.listAssignments)
	a.add(http.MethodPost, "/employees/:id/transfers", s.createTransfer)
	a.add(http.MethodPatch, "/employees/:id/transfers/:transfer_id", s.updateTransfer)
	a.add(http.MethodDelete, "/employees/:id/transfers/:transfer_id", s.withdrawTransfer)

	a.add(http.MethodGet, "/audit-events", s.listAuditEvents)
	a.add(http.MethodGet, "/audit-events/verify", s.verifyAuditEvents)

	a.add(http.MethodGet, "/offices", s.listOffices)
	a.add(http.MethodPost, "/offices", s.createOffice, s.createdBy("office.create"))
	a.add(http.MethodGet, "/offices/:id", s.getOffice)
	a.add(http.MethodPatch, "/offices/:id", s.updateOffice)
	a.add(http.MethodGet, "/offices/:id/spaces", s.listSpaces)
	a.add(http.MethodPost, "/offices/:id/spaces", s.createSpace, s.createdBy("space.create"))
	a.add(http.MethodGet, "/offices/:id/availability", s.availability)
	a.add(http.MethodGet, "/spaces/:id", s.getSpace)
	a.add(http.MethodPatch, "/spaces/:id", s.updateSpace)

	a.add(http.MethodGet, "/bookings", s.listBookings)
	a.add(http.MethodPost, "/bookings", s.createBooking, s.createdBy("booking.create"))
	a.add(http.MethodGet, "/bookings/:id", s.getBooking)
	a.add(http.MethodPatch, "/bookings/:id", s.moveBooking)
	a.add(http.MethodPost, "/bookings/:id/cancel", s.cancelBooking)

	a.add(http.MethodGet, "/policies/telework", s.getTeleworkPolicy)
	a.add(http.MethodGet, "/policies/telework/versions", s.listTeleworkPolicyVersions)
	a.add(http.MethodPost, "/policies/telework/versions", s.createTeleworkPolicyVersion, s.createdBy("telework_policy.create_version"))
	a.add(http.MethodPost, "/policies/telework/validate", s.validateTeleworkPolicy)
	a.add(http.MethodPost, "/policies/telework/simulate", s.simulateTeleworkPolicy)
	a.add(http.MethodGet, "/policies/telework/reference", s.policyReference)

	a.add(http.MethodGet, "/reports/occupancy", s.occupancy)
	a.add(http.MethodGet, "/reports/attendance-ratio", s.attendanceRatio)
	a.add(http.MethodGet, "/reports/attendance-forecast", s.attendanceForecast)
	a.add(http.MethodGet, "/attendance", s.attendance)
	a.add(http.MethodPut, "/attendance/:employee_id/:date", s.correctAttendance)
	a.add(http.MethodDelete, "/attendance/:employee_id/:date/correction", s.uncorrectAttendance)

	a.add(http.MethodGet, "/me/family-members", s.listMyFamily)
	a.add(http.MethodPost, "/me/family-members", s.createMyFamily, s.createdBy("family_member.create"))
	a.add(http.MethodPatch, "/me/family-members/:id", s.updateMyFamily)
	a.add(http.MethodDelete, "/me/family-members/:id", s.deleteMyFamily)
	a.add(http.MethodGet, "/employees/:id/family-members", s.listEmployeeFamily)
	a.add(http.MethodPost, "/employees/:id/family-members/:member_id/verify", s.verifyEmployeeFamily)
	a.add(http.MethodGet, "/family-members", s.listFamilyMembers)

	// Issue 22: the dated staff record (HR and the person) and emergency periods.
	a.add(http.MethodGet, "/me/staff-records", s.listMyStaffRecords)
	a.add(http.MethodGet, "/employees/:id/staff-records", s.listStaffRecords)
	a.add(http.MethodPut, "/employees/:id/staff-records/:valid_from", s.putStaffRecord)
	a.add(http.MethodDelete, "/employees/:id/staff-records/:valid_from", s.deleteStaffRecord)
	a.add(http.MethodPost, "/staff-records/import", s.importStaffRecords)
	a.add(http.MethodGet, "/emergency-periods", s.listEmergencies)
	a.add(http.MethodPost, "/emergency-periods", s.createEmergency, s.createdBy("emergency_period.create"))
	a.add(http.MethodDelete, "/emergency-periods/:id", s.deleteEmergency)
	a.add(http.MethodPatch, "/emergency-periods/:id", s.endEmergency)

	a.add(http.MethodGet, "/leave", s.listLeave)
	a.add(http.MethodPost, "/leave", s.putLeave)
	a.add(http.MethodPost, "/leave/import", s.importLeave)
	a.add(http.MethodDelete, "/leave/:employee_id/:date", s.deleteLeave)

	a.add(http.MethodPost, "/telework-requests/preview", s.previewTelework)
	a.add(http.MethodGet, "/telework-requests", s.listTelework)
	a.add(http.MethodPost, "/telework-requests", s.submitTelework, s.createdBy("telework_request.submit"))
	a.add(http.MethodGet, "/telework-requests/:id", s.getTelework)
	a.add(http.MethodPatch, "/telework-requests/:id", s.resubmitTelework)
	for _, action := range []policies.RequestAction{policies.ActWithdraw, policies.ActCancel} {
		a.add(http.MethodPost, "/telework-requests/:id/"+string(action), s.act(action))
	}

	a.add(http.MethodGet, "/approvals", s.inbox)
	a.add(http.MethodPost, "/approvals/bulk", s.bulkDecide)
	// A decision is taken on a task, or on a request (the caller's own task
	// of it), with the same body.
	for _, action := range []policies.RequestAction{policies.ActApprove, policies.ActReject, policies.ActReturn} {
		a.add(http.MethodPost, "/approvals/:id/"+string(action), s.decide(action, (*services.Approvals).Decide))
		a.add(http.MethodPost, "/telework-requests/:id/"+string(action), s.decide(action, (*services.Approvals).DecideRequest))
	}
	a.add(http.MethodGet, "/delegations", s.listDelegations)
	a.add(http.MethodPost, "/delegations", s.createDelegation, s.createdBy("delegation.create"))
	a.add(http.MethodDelete, "/delegations/:id", s.revokeDelegation)

	// Check-in, QR codes, recurring bookings and calendar feeds (issue 16).
	a.add(http.MethodPost, "/check-in", s.checkIn)
	a.add(http.MethodPost, "/bookings/:id/check-out", s.checkOut)
	a.add(http.MethodGet, "/spaces/:id/qr.png", s.spaceQR)
	a.add(http.MethodGet, "/spaces/:id/checkin-code", s.spaceCode((*services.Offices).SpaceCode))
	a.add(http.MethodPost, "/spaces/:id/checkin-code/rotate", s.spaceCode((*services.Offices).RotateSpaceCode))
	a.add(http.MethodGet, "/offices/:id/checkin-codes", s.officeCodes)
	a.add(http.MethodGet, "/booking-series", s.listSeries)
	a.add(http.MethodPost, "/booking-series", s.createSeries)
	a.add(http.MethodPost, "/booking-series/:id/cancel", s.cancelSeries)
	a.add(http.MethodGet, "/me/calendar-feed", s.getCalendarFeed)
	a.add(http.MethodPost, "/me/calendar-feed", s.createCalendarFeed)
	a.add(http.MethodDelete, "/me/calendar-feed", s.revokeCalendarFeed)
	// The feed needs no sign-in: calendar apps fetch it with the token alone.
	v1.GET("/calendar/:file", s.calendarFeed)

	a.add(http.MethodGet, "/notifications", s.listNotifications)
	a.add(http.MethodGet, "/notifications/unread-count", s.unreadNotifications)
	a.add(http.MethodPost, "/notifications/:id/read", s.readNotification)

	if frontend != nil {
		ui := echo.WrapHandler(frontend)
		e.GET(uiCatchAll, func(c echo.Context) error {
			// Unknown /api paths are the API's 404 (problem+json), never the web UI.
			if p := c.Request().URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
				return errRouteNotFoundProblem()
			}
			return ui(c)
		})
	}
}

// uiCatchAll is the route of the web UI's pages (client-side routes).
const uiCatchAll = "/*"

// onlyUIReads makes an unknown URL a 404 whatever the method. Without it the
// UI's GET catch-all matches every path, so Echo would answer any other method
// on an unknown URL 405 (or OPTIONS 204), as if the URL existed.
func onlyUIReads(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if m := c.Request().Method; c.Path() == uiCatchAll && m != http.MethodGet && m != http.MethodHead {
			return errRouteNotFoundProblem()
		}
		return next(c)
	}
}

func errRouteNotFoundProblem() error {
	return fail(errRouteNotFound, "このURLに対応する機能はありません。", "No route matches this URL.")
}

type authed struct {
	g    *echo.Group
	auth echo.MiddlewareFunc
}

// add registers a route behind authentication.
func (a authed) add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	a.g.Add(method, path, h, append([]echo.MiddlewareFunc{a.auth}, m...)...)
}
