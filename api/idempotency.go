package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // the answers it replays render stored rows
	"github.com/kinmuchi/kinmuchi/services"
)

const maxIdempotencyKey = 255

// creates describes what a creating POST makes, for its Idempotency-Key: the
// audit action that records the new resource (its target is the resource)
// and the status of a successful answer.
type creates struct {
	action string
	status int
	// event: the audit event itself is the resource (an import's summary).
	event bool
}

// idempotent makes a creating POST safe to retry. With an Idempotency-Key,
// the key travels in the request's context to the use case, whose audit of
// the creation records "key K produced resource R with status S" in the
// change's own transaction (services/idempotency.go). A retry of a committed
// change is answered by rendering R again through the same view as a read,
// with S; nothing is stored after the commit, so a crash between the commit
// and the answer loses nothing, and a change that rolled back left no key.
func (s *Server) idempotent(cr creates) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Header.Get("Idempotency-Key")
			if key == "" {
				return next(c)
			}
			if len(key) > maxIdempotencyKey || !printableASCII(key) {
				return badParam("Idempotency-Key", "Idempotency-Key は255文字以内の ASCII 文字（空白・制御文字を除く）にしてください。",
					"The Idempotency-Key must be at most 255 printable ASCII characters.")
			}
			// The body is read once here to fingerprint the request and replayed to
			// the handler; its size is bounded by the handler's own limit check.
			body, err := readBody(c, maxUploadBody)
			if err != nil {
				return err
			}
			c.Request().Body = io.NopCloser(bytes.NewReader(body))
			actor := actorFrom(c)
			ctx := c.Request().Context()
			req := services.IdempotentRequest{Key: key, Method: c.Request().Method, Path: c.Request().URL.RequestURI(),
				RequestHash: s.svc.Idempotency.Fingerprint(c.Request().Header.Get(echo.HeaderContentType), body), Status: cr.status, Creates: cr.action, EventIsResource: cr.event}
			if done, err := s.answerKnownKey(c, actor, req); done || err != nil {
				return err
			}
			c.SetRequest(c.Request().WithContext(services.WithIdempotencyKey(ctx, actor, req)))
			herr := next(c)
			if herr == nil {
				return nil
			}
			// A concurrent request with the same key may have committed the
			// change meanwhile (this one then failed on its key, or on the
			// resource it would have duplicated): its outcome is the answer.
			if done, err := s.answerKnownKey(c, actor, req); done && err == nil {
				return nil
			}
			return herr
		}
	}
}

// answerKnownKey answers a key that was used before: a replay of its outcome,
// or a refusal when it was used for another request. done is false for a
// key with no committed change.
func (s *Server) answerKnownKey(c echo.Context, actor *services.Actor, req services.IdempotentRequest) (bool, error) {
	outcome, k, err := s.svc.Idempotency.Lookup(c.Request().Context(), actor, req)
	switch {
	case err != nil:
		return true, err
	case outcome == services.Mismatch:
		return true, fail(errIdempotencyReuse, "この Idempotency-Key は別の内容のリクエストで使われています。新しいキーを使ってください。",
			"This Idempotency-Key was used for a different request; use a new key.")
	case outcome != services.Replay:
		return false, nil
	}
	view, known := s.replayViews()[k.ResourceType]
	if !known {
		return true, fmt.Errorf("idempotency key produced a %s, which has no view", k.ResourceType)
	}
	status, out, err := view(c.Request().Context(), actor, k.ResourceID, k.Status)
	if err != nil {
		return true, err
	}
	c.Response().Header().Set("Idempotent-Replayed", "true")
	return true, ok(c, status, out)
}

// replayView re-reads a created resource as its creator sees it and returns
// the answer the creating request gave (status and body).
type replayView func(ctx context.Context, actor *services.Actor, id string, status int) (int, any, error)

// replayViews are the views of every resource a creating POST makes, keyed
// by its audit target type; each renders through the same function as the
// creating handler (a test compares a replay with the first answer).
func (s *Server) replayViews() map[string]replayView {
	return map[string]replayView{
		"department": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			d, err := s.svc.Departments.Get(ctx, a, id)
			return viewOf(st, d, err, departmentOutOf)
		},
		"employee": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			e, err := s.svc.Employees.Get(ctx, a, id)
			return viewOf(st, e, err, employeeOutOf)
		},
		"office": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			o, err := s.svc.Offices.Get(ctx, a, id)
			return viewOf(st, o, err, officeOutOf)
		},
		"space": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			sp, err := s.svc.Offices.GetSpace(ctx, a, id)
			return viewOf(st, sp, err, spaceOutOf)
		},
		"booking": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			b, err := s.svc.Bookings.Get(ctx, a, id)
			return viewOf(st, b, err, bookingOutOf)
		},
		"emergency_period": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			e, err := s.svc.Emergencies.Get(ctx, a, id)
			return viewOf(st, e, err, emergencyOutOf)
		},
		"telework_request": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			v, err := s.svc.Telework.Get(ctx, a, id)
			if err != nil {
				return 0, nil, err
			}
			return st, teleworkOutOf(v), nil
		},
		"telework_policy_version": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			vs, err := s.svc.Policies.Versions(ctx, a)
			v, err := findByID(vs, err, id, func(v services.PolicyVersionView) string { return v.ID })
			return viewOf(st, v, err, policyVersionOutOf)
		},
		"family_member": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			ms, err := s.svc.Family.ListMine(ctx, a)
			m, err := findByID(ms, err, id, func(m models.FamilyMember) string { return m.ID })
			return viewOf(st, m, err, familyMemberOutOf)
		},
		"delegation": func(ctx context.Context, a *services.Actor, id string, st int) (int, any, error) {
			ds, err := s.svc.Approvals.Delegations(ctx, a)
			d, err := findByID(ds, err, id, func(d models.Delegation) string { return d.ID })
			return viewOf(st, d, err, delegationOutOf)
		},
		"audit_event": func(ctx context.Context, a *services.Actor, id string, _ int) (int, any, error) {
			r, err := s.svc.Employees.ImportOutcome(ctx, a, id)
			if err != nil {
				return 0, nil, err
			}
			return importStatus(r), importOutOf(r), nil
		},
	}
}

func viewOf[T, U any](status int, v *T, err error, out func(T) U) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	return status, out(*v), nil
}

// findByID picks one item of a list the actor may read.
func findByID[T any](items []T, err error, id string, idOf func(T) string) (*T, error) {
	if err != nil {
		return nil, err
	}
	for i := range items {
		if idOf(items[i]) == id {
			return &items[i], nil
		}
	}
	return nil, fmt.Errorf("created %s: %w", id, models.ErrNotFound)
}

// maxUploadBody bounds the largest request the API accepts (a CSV import).
const maxUploadBody = 8 << 20

// createdBy is idempotent for a POST that answers 201 with the resource the
// audit action creates.
func (s *Server) createdBy(action string) echo.MiddlewareFunc {
	return s.idempotent(creates{action: action, status: http.StatusCreated})
}

// printableASCII reports whether s holds only visible ASCII characters, as
// keys are (UUIDs, random tokens).
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
