package services

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
)

// redactedKeys are never written into an audit event's before/after values,
// whatever object they appear in: secrets, and personal data that the
// Personal Information Protection Act treats as requiring special care.
var redactedKeys = map[string]bool{
	"password": true, "password_hash": true, "new_password": true, "current_password": true,
	"token": true, "access_token": true, "refresh_token": true, "token_hash": true, "secret": true,
	"birth_date": true, "care_level": true, "care_need_days": true, "evidence_note": true, "health_note": true,
	"commute_minutes": true, "commute_km": true, "expected_date": true, "care_from": true, "care_to": true,
	// Comments on a decision may name a reason; the use cases record only
	// whether one was written (has_comment).
	"comment": true, "decision_comment": true,
}

// Redacted stands in for a removed value, so a reader sees the field changed.
const Redacted = "[redacted]"

// auditEntry is one event to write.
type auditEntry struct {
	Action     string
	TargetType string
	TargetID   string
	Before     any
	After      any
	// OrganizationID overrides the actor's (an event with no signed-in actor).
	OrganizationID *string
	OnBehalfOf     *string
}

// auditor writes audit events inside the caller's transaction.
type auditor struct {
	store models.AuditEvents
	now   func() time.Time
}

func (a auditor) record(ctx context.Context, tx *gorm.DB, actor *Actor, e auditEntry) error {
	before, err := snapshot(e.Before)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	after, err := snapshot(e.After)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	ev := &models.AuditEvent{
		ID:             models.NewID(),
		OrganizationID: e.OrganizationID,
		OnBehalfOfID:   e.OnBehalfOf,
		Action:         e.Action,
		TargetType:     e.TargetType,
		TargetID:       e.TargetID,
		Before:         before,
		After:          after,
		CreatedAt:      a.now(),
	}
	if actor != nil {
		if ev.OrganizationID == nil && actor.OrganizationID != "" {
			ev.OrganizationID = &actor.OrganizationID
		}
		if actor.EmployeeID != "" {
			ev.ActorID = &actor.EmployeeID
		}
		ev.RequestID, ev.ClientIP = actor.RequestID, actor.ClientIP
	}
	if err := a.store.Insert(ctx, tx, ev); err != nil {
		return err
	}
	return recordKey(ctx, tx, ev.CreatedAt, ev)
}

// snapshot turns v into JSON with sensitive keys redacted at any depth.
func snapshot(v any) (models.JSON, error) {
	if v == nil {
		return nil, nil
	}
	if m, ok := v.(map[string]any); ok && flatMap(m) {
		// Most events (a booking's on every booking) are one level of
		// scalars: redacted on a copy and encoded once, not encoded, decoded
		// and encoded again (a few per cent of a booking's CPU, issue 20).
		flat := make(map[string]any, len(m))
		for k, val := range m {
			if val != nil && redactedKeys[strings.ToLower(k)] {
				val = Redacted
			}
			flat[k] = val
		}
		out, err := json.Marshal(flat)
		return models.JSON(out), err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	out, err := json.Marshal(redact(doc))
	return models.JSON(out), err
}

// flatMap says whether every value of m encodes as a JSON scalar, so no
// sensitive key can hide below the first level.
func flatMap(m map[string]any) bool {
	for _, v := range m {
		switch v.(type) {
		case nil, string, bool, int, int64, time.Time, *string, *bool, *int, *time.Time:
			continue
		}
		t := reflect.TypeOf(v)
		if t.Implements(jsonMarshaler) || (t.Kind() != reflect.String && t.Kind() != reflect.Bool) {
			return false
		}
	}
	return true
}

var jsonMarshaler = reflect.TypeFor[json.Marshaler]()

func redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if redactedKeys[strings.ToLower(k)] {
				if val != nil {
					t[k] = Redacted
				}
				continue
			}
			t[k] = redact(val)
		}
	case []any:
		for i := range t {
			t[i] = redact(t[i])
		}
	}
	return v
}
