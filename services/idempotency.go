package services

import (
	"context"
	"time"

	"github.com/kinmuchi/kinmuchi/models"
)

// IdempotencyTTL is how long a key's answer is kept for retries.
const IdempotencyTTL = 24 * time.Hour

// staleClaim is how long a claimed key may stay unanswered before it is
// taken to belong to a process that died mid-request.
const staleClaim = 2 * time.Minute

// Idempotency remembers answers to creating requests by Idempotency-Key.
type Idempotency struct {
	*base
	store models.IdempotencyKeys
}

// IdempotentRequest identifies one creating request.
type IdempotentRequest struct {
	Key         string
	Method      string
	Path        string
	RequestHash string
}

// IdempotencyOutcome is what to do with a request carrying a key.
type IdempotencyOutcome int

// The outcomes of Begin.
const (
	// Proceed: the key is new and now claimed; run the request, then Finish.
	Proceed IdempotencyOutcome = iota
	// Replay: answer with the stored response.
	Replay
	// InProgress: the same key is being answered by another request.
	InProgress
	// Mismatch: the key was used for a different request.
	Mismatch
)

// StoredResponse is a remembered answer.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// Begin claims the key for the actor, or says how the earlier use stands.
func (s *Idempotency) Begin(ctx context.Context, actor *Actor, r IdempotentRequest) (IdempotencyOutcome, *StoredResponse, error) {
	now := s.now()
	k := &models.IdempotencyKey{
		OrganizationID: actor.OrganizationID, ActorID: actor.EmployeeID, Key: r.Key,
		Method: r.Method, Path: r.Path, RequestHash: r.RequestHash, CreatedAt: now, ExpiresAt: now.Add(IdempotencyTTL),
	}
	got, claimed, err := s.store.Claim(ctx, s.db, k)
	if err != nil {
		return 0, nil, err
	}
	if claimed {
		return Proceed, nil, nil
	}
	if got.Method != r.Method || got.Path != r.Path || got.RequestHash != r.RequestHash {
		return Mismatch, nil, nil
	}
	if got.StatusCode == nil {
		if now.Sub(got.CreatedAt) > staleClaim {
			if err := s.store.Release(ctx, s.db, got); err != nil {
				return 0, nil, err
			}
			return s.Begin(ctx, actor, r)
		}
		return InProgress, nil, nil
	}
	resp := &StoredResponse{Status: *got.StatusCode, Body: got.ResponseBody}
	if got.ContentType != nil {
		resp.ContentType = *got.ContentType
	}
	return Replay, resp, nil
}

// Finish stores the answer for a claimed key. Server errors release the key
// instead, so the client can retry.
func (s *Idempotency) Finish(ctx context.Context, actor *Actor, key string, resp StoredResponse) error {
	k := &models.IdempotencyKey{OrganizationID: actor.OrganizationID, ActorID: actor.EmployeeID, Key: key}
	if resp.Status >= 500 {
		return s.store.Release(ctx, s.db, k)
	}
	k.StatusCode, k.ContentType, k.ResponseBody = &resp.Status, &resp.ContentType, resp.Body
	return s.store.Complete(ctx, s.db, k)
}
