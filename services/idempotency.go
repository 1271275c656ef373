package services

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
)

// IdempotencyTTL is how long a key's outcome is kept for retries.
const IdempotencyTTL = 24 * time.Hour

// Idempotency answers retries of creating requests sent with an
// Idempotency-Key.
//
// The key's outcome is part of the change: the request carries the key in its
// context, and when the use case audits the creation it answers with (the
// audit event is written in the change's own transaction), the auditor also
// records "key K produced resource R, answered with status S" in that
// transaction. So the key exists exactly when the change committed: a crash
// between the commit and the answer leaves a key whose retry renders R again
// with S, and a change that rolled back leaves no key, so it can be retried.
// No answer body is stored, hence no personal data.
type Idempotency struct {
	*base
	store models.IdempotencyKeys
	// key keys the requests' fingerprints: a bare hash of a body that holds
	// a family member's name and birth date could be reversed by guessing.
	key []byte
}

// newIdempotency derives the fingerprint key from the signing secret, under
// its own label so that neither use can stand for the other.
func newIdempotency(b *base, secret []byte) *Idempotency {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("kinmuchi idempotency request fingerprint"))
	return &Idempotency{base: b, key: mac.Sum(nil)}
}

// Fingerprint identifies a request's content (its media type and body), so
// that a key reused for another request is recognised.
func (s *Idempotency) Fingerprint(contentType string, body []byte) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(contentType + "\n"))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// IdempotentRequest identifies one creating request and what it creates.
type IdempotentRequest struct {
	Key         string
	Method      string
	Path        string
	RequestHash string
	// Status is the answer's status when the change commits (201).
	Status int
	// Creates is the audit action that records the resource the request
	// creates (e.g. "booking.create"); its target is R.
	Creates string
	// EventIsResource makes the audit event itself R, for a request whose
	// answer summarises many changes (an import).
	EventIsResource bool
}

// IdempotencyOutcome is what to do with a request carrying a key.
type IdempotencyOutcome int

// The outcomes of Lookup.
const (
	// Proceed: the key is unknown (or its change never committed): run the request.
	Proceed IdempotencyOutcome = iota
	// Replay: the key's change committed; render its resource again.
	Replay
	// Mismatch: the key was used for a different request.
	Mismatch
)

// KeyOutcome is what a key's request produced.
type KeyOutcome struct {
	Status       int
	ResourceType string
	ResourceID   string
}

// Lookup says how an earlier use of the key stands.
func (s *Idempotency) Lookup(ctx context.Context, actor *Actor, r IdempotentRequest) (IdempotencyOutcome, *KeyOutcome, error) {
	k, err := s.store.Find(ctx, s.db, actor.OrganizationID, actor.EmployeeID, r.Key, s.now())
	if errors.Is(err, models.ErrNotFound) {
		return Proceed, nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	if k.Method != r.Method || k.Path != r.Path || k.RequestHash != r.RequestHash {
		return Mismatch, nil, nil
	}
	return Replay, &KeyOutcome{Status: k.StatusCode, ResourceType: k.ResourceType, ResourceID: k.ResourceID}, nil
}

// PurgeExpired deletes the keys past their time (a periodic job).
func (s *Idempotency) PurgeExpired(ctx context.Context) (int64, error) {
	return s.store.DeleteExpired(ctx, s.db, s.now())
}

type idempotencyCtxKey struct{}

// keyClaim is a request's key on its way to the transaction that records it.
type keyClaim struct {
	orgID, actorID string
	req            IdempotentRequest
	// recordedIn is the transaction that recorded the key: a later audit
	// event of the same action in that transaction is not the resource, but
	// a retried transaction (a new one) records the key again.
	recordedIn gorm.ConnPool
}

// WithIdempotencyKey returns a context carrying the actor's key, so that the
// use case's transaction records the key's outcome.
func WithIdempotencyKey(ctx context.Context, actor *Actor, r IdempotentRequest) context.Context {
	return context.WithValue(ctx, idempotencyCtxKey{}, &keyClaim{orgID: actor.OrganizationID, actorID: actor.EmployeeID, req: r})
}

// recordKey is called by the auditor for every event, inside the change's
// transaction: the event of the creating action records the key.
func recordKey(ctx context.Context, tx *gorm.DB, now time.Time, ev *models.AuditEvent) error {
	c, _ := ctx.Value(idempotencyCtxKey{}).(*keyClaim)
	if c == nil || ev.Action != c.req.Creates || c.recordedIn == tx.Statement.ConnPool {
		return nil
	}
	k := &models.IdempotencyKey{
		OrganizationID: c.orgID, ActorID: c.actorID, Key: c.req.Key,
		Method: c.req.Method, Path: c.req.Path, RequestHash: c.req.RequestHash, StatusCode: c.req.Status,
		ResourceType: ev.TargetType, ResourceID: ev.TargetID, CreatedAt: now, ExpiresAt: now.Add(IdempotencyTTL),
	}
	if c.req.EventIsResource {
		k.ResourceType, k.ResourceID = "audit_event", ev.ID
	}
	if err := (models.IdempotencyKeys{}).Record(ctx, tx, k); err != nil {
		return err
	}
	c.recordedIn = tx.Statement.ConnPool
	return nil
}
