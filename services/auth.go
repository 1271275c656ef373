package services

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Auth signs people in and out and turns access tokens into actors.
type Auth struct {
	*base
	tokens tokenSigner
}

// Session is what a successful sign-in or refresh hands back. The lifetimes
// are measured on the service's clock, so a caller never needs its own "now"
// (which would disagree with a fixed or demo clock).
type Session struct {
	AccessToken      string
	AccessExpiresAt  time.Time
	AccessExpiresIn  time.Duration
	RefreshToken     string
	RefreshExpiresAt time.Time
	RefreshExpiresIn time.Duration
}

// Client describes where a sign-in comes from.
type Client struct {
	IP        string
	UserAgent string
	RequestID string
}

func (c Client) actor() *Actor { return &Actor{ClientIP: c.IP, RequestID: c.RequestID} }

func badCredentials() *Error {
	return Fail(ErrUnauthenticated, "メールアドレスまたはパスワードが正しくありません。",
		"The e-mail address or password is incorrect.")
}

func throttled(wait time.Duration) *Error {
	e := Fail(ErrThrottled, "ログインの失敗が続いたため、しばらくログインできません。時間をおいてやり直してください。",
		"Too many failed sign-ins. Please wait and try again later.")
	e.RetryAfter = wait
	return e
}

// Login checks the e-mail and password. Its answers never tell whether an
// address exists: an unknown address is refused, throttled and timed like a
// wrong password.
func (a *Auth) Login(ctx context.Context, email, password string, client Client) (*Session, error) {
	email = normalizeEmail(email)
	now := a.now()
	accountKey, addressKey := throttleKey("account", email), throttleKey("address", client.IP)
	accountWait, err := a.reserveAttempt(ctx, now, accountKey, addressKey)
	if err != nil {
		return nil, err
	}

	emp, err := a.employees.GetByEmail(ctx, a.db, email)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	hash := dummyHash
	if emp != nil && emp.PasswordHash != nil {
		hash = *emp.PasswordHash
	}
	match, verr := VerifyPassword(hash, password)
	if verr != nil && emp != nil {
		a.log.ErrorContext(ctx, "stored password hash unreadable", "employee_id", emp.ID)
	}
	if emp == nil || emp.PasswordHash == nil || !emp.Active || !match {
		entry := auditEntry{Action: "auth.login_failed", TargetType: "employee"}
		actor := client.actor()
		if emp != nil {
			entry.TargetID = emp.ID
			actor.OrganizationID = emp.OrganizationID
		}
		wait, err := a.recordFailure(ctx, now, actor, entry, addressKey, accountWait)
		if err != nil {
			return nil, err
		}
		if wait > 0 {
			return nil, throttled(wait)
		}
		return nil, badCredentials()
	}

	var s *Session
	err = a.tx(ctx, func(tx *gorm.DB) error {
		// Forgets the failures, this attempt's provisional one included.
		if err := a.throttles.Delete(ctx, tx, accountKey); err != nil {
			return err
		}
		var err error
		s, err = a.issue(ctx, tx, emp, models.NewID(), now.Add(RefreshFamilyTTL), client)
		if err != nil {
			return err
		}
		actor := client.actor()
		actor.EmployeeID, actor.OrganizationID = emp.ID, emp.OrganizationID
		return a.audit.record(ctx, tx, actor, auditEntry{Action: "auth.login", TargetType: "employee", TargetID: emp.ID})
	})
	return s, err
}

// reserveAttempt refuses the attempt while the account or the address is
// locked, and otherwise counts it as a failure of the account BEFORE the
// password is checked, in one transaction that holds the account's counter:
// concurrent attempts, on any instance, cannot all slip past the limit while
// their passwords are being verified, so no more than the limit's guesses
// reach the check. A success forgets the count. It returns how long the
// account is locked if this attempt's count locked it.
//
// The address counts only real failures (afterwards, in recordFailure): a
// whole office signs in from one address, and its successes must not use up
// its allowance.
func (a *base) reserveAttempt(ctx context.Context, now time.Time, accountKey, addressKey string) (time.Duration, error) {
	var wait time.Duration
	err := a.tx(ctx, func(tx *gorm.DB) error {
		account, err := a.throttles.Lock(ctx, tx, accountKey, now)
		if err != nil {
			return err
		}
		address, err := a.throttles.Get(ctx, tx, addressKey)
		if err != nil {
			return err
		}
		var longest time.Duration
		for _, t := range []*models.LoginThrottle{account, address} {
			if locked, w := stateOf(t).Locked(now); locked && w > longest {
				longest = w
			}
		}
		if longest > 0 {
			return throttled(longest)
		}
		next := policies.AccountSignInLimits.AfterFailure(stateOf(account), now)
		_, wait = next.Locked(now)
		return a.throttles.Save(ctx, tx, withState(account, next, now))
	})
	return wait, err
}

// recordFailure counts a failed attempt against the client's address (the
// account's count was taken by reserveAttempt) and audits it as entry, by
// actor. accountWait is how long this attempt's count locked the account
// for, if it did; it returns how long the caller must now wait (0: not locked).
func (a *base) recordFailure(ctx context.Context, now time.Time, actor *Actor, entry auditEntry, addressKey string, accountWait time.Duration) (time.Duration, error) {
	wait := accountWait
	err := a.tx(ctx, func(tx *gorm.DB) error {
		t, err := a.throttles.Lock(ctx, tx, addressKey, now)
		if err != nil {
			return err
		}
		next := policies.AddressSignInLimits.AfterFailure(stateOf(t), now)
		if err := a.throttles.Save(ctx, tx, withState(t, next, now)); err != nil {
			return err
		}
		if locked, w := next.Locked(now); locked && w > wait {
			wait = w
		}
		return a.audit.record(ctx, tx, actor, entry)
	})
	return wait, err
}

// withState copies a throttle state onto its row.
func withState(t *models.LoginThrottle, s policies.ThrottleState, now time.Time) *models.LoginThrottle {
	t.Failures, t.Lockouts, t.WindowStart, t.UpdatedAt = s.Failures, s.Lockouts, s.WindowStart, now
	if !s.LockedUntil.IsZero() {
		lu := s.LockedUntil
		t.LockedUntil = &lu
	}
	return t
}

func stateOf(t *models.LoginThrottle) policies.ThrottleState {
	s := policies.ThrottleState{Failures: t.Failures, Lockouts: t.Lockouts, WindowStart: t.WindowStart}
	if t.LockedUntil != nil {
		s.LockedUntil = *t.LockedUntil
	}
	return s
}

// throttleKey names a throttle row without storing the address typed in
// (which may be someone's mistyped real address).
func throttleKey(kind, value string) string {
	sum := sha256.Sum256([]byte(value))
	return kind + ":" + hex.EncodeToString(sum[:16])
}

func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// issue creates an access token and a new refresh token in the family.
func (a *Auth) issue(ctx context.Context, tx *gorm.DB, emp *models.Employee, familyID string, familyEnd time.Time, client Client) (*Session, error) {
	now := a.now()
	access, exp, err := a.tokens.sign(emp.ID, emp.OrganizationID, emp.Roles, familyID)
	if err != nil {
		return nil, err
	}
	refresh := randomToken(32)
	rexp := now.Add(RefreshTokenTTL)
	if rexp.After(familyEnd) {
		rexp = familyEnd
	}
	if !rexp.After(now) {
		return nil, fmt.Errorf("refresh family ended: %w", ErrUnauthenticated)
	}
	err = a.refreshTokens.Create(ctx, tx, &models.RefreshToken{
		ID: models.NewID(), OrganizationID: emp.OrganizationID, EmployeeID: emp.ID, FamilyID: familyID,
		TokenHash: hashToken(refresh), IssuedAt: now, ExpiresAt: rexp, FamilyExpiresAt: familyEnd,
		ClientIP: client.IP, UserAgent: truncate(client.UserAgent, 300),
	})
	if err != nil {
		return nil, err
	}
	return &Session{AccessToken: access, AccessExpiresAt: exp, AccessExpiresIn: exp.Sub(now).Round(time.Second),
		RefreshToken: refresh, RefreshExpiresAt: rexp, RefreshExpiresIn: rexp.Sub(now).Round(time.Second)}, nil
}

func expiredSession() *Error {
	return Fail(ErrUnauthenticated, "セッションの有効期限が切れました。もう一度ログインしてください。",
		"Your session has expired. Please sign in again.")
}

// Refresh exchanges a refresh token for a new pair. A token that was already
// exchanged coming back means someone else holds a copy: the whole family is
// revoked and the event audited.
func (a *Auth) Refresh(ctx context.Context, refresh string, client Client) (*Session, error) {
	if refresh == "" {
		return nil, expiredSession()
	}
	now := a.now()
	var s *Session
	var reused bool
	err := a.tx(ctx, func(tx *gorm.DB) error {
		t, err := a.refreshTokens.GetByHash(ctx, tx, hashToken(refresh))
		if errors.Is(err, models.ErrNotFound) {
			return expiredSession()
		}
		if err != nil {
			return err
		}
		actor := client.actor()
		actor.EmployeeID, actor.OrganizationID = t.EmployeeID, t.OrganizationID
		if t.RotatedAt != nil || t.RevokedAt != nil {
			if t.RevokedAt != nil && t.RotatedAt == nil {
				return expiredSession() // signed out or revoked: not a theft
			}
			n, err := a.refreshTokens.RevokeFamily(ctx, tx, t.FamilyID, "reuse", now)
			if err != nil {
				return err
			}
			reused = true
			return a.audit.record(ctx, tx, actor, auditEntry{Action: "auth.refresh_reuse", TargetType: "employee", TargetID: t.EmployeeID,
				After: map[string]any{"family_id": t.FamilyID, "revoked_tokens": n}})
		}
		if !t.ExpiresAt.After(now) {
			return expiredSession()
		}
		rotated, err := a.refreshTokens.MarkRotated(ctx, tx, t.ID, now)
		if err != nil {
			return err
		}
		if !rotated {
			return expiredSession() // a concurrent refresh won
		}
		emp, err := a.employees.Get(ctx, tx, t.OrganizationID, t.EmployeeID)
		if err != nil {
			return err
		}
		if !emp.Active {
			return expiredSession()
		}
		s, err = a.issue(ctx, tx, emp, t.FamilyID, t.FamilyExpiresAt, client)
		if err != nil {
			return err
		}
		return a.audit.record(ctx, tx, actor, auditEntry{Action: "auth.refresh", TargetType: "employee", TargetID: t.EmployeeID})
	})
	if err != nil {
		return nil, err
	}
	if reused {
		return nil, Fail(ErrUnauthenticated, "このセッションは無効になりました。安全のため、もう一度ログインしてください。",
			"This session has been revoked. For your safety, please sign in again.")
	}
	return s, nil
}

// Logout revokes the refresh token's family. An unknown or already revoked
// token is not an error: signing out twice is harmless.
func (a *Auth) Logout(ctx context.Context, refresh string, client Client) error {
	if refresh == "" {
		return nil
	}
	now := a.now()
	return a.tx(ctx, func(tx *gorm.DB) error {
		t, err := a.refreshTokens.GetByHash(ctx, tx, hashToken(refresh))
		if errors.Is(err, models.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		n, err := a.refreshTokens.RevokeFamily(ctx, tx, t.FamilyID, "logout", now)
		if err != nil || n == 0 {
			return err
		}
		actor := client.actor()
		actor.EmployeeID, actor.OrganizationID = t.EmployeeID, t.OrganizationID
		return a.audit.record(ctx, tx, actor, auditEntry{Action: "auth.logout", TargetType: "employee", TargetID: t.EmployeeID})
	})
}

// Authenticate verifies an access token and returns the actor as the
// organisation knows them now: a deactivated employee's token stops working
// at once, and role changes apply to the next request.
func (a *Auth) Authenticate(ctx context.Context, raw string) (*Actor, error) {
	claims, err := a.tokens.verify(raw)
	if err != nil {
		return nil, &Error{Kind: ErrUnauthenticated, Err: err, Detail: invalidTokenText}
	}
	// One query: the person, their roles and the session, never cached, so
	// that a deactivation or a revoked session takes effect at once.
	sc, err := a.refreshTokens.CheckSession(ctx, a.db, claims.Org, claims.Subject, claims.Sid, a.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, Fail(ErrUnauthenticated, invalidTokenText.Ja, invalidTokenText.En)
	}
	if err != nil {
		return nil, err
	}
	if !sc.Active {
		return nil, Fail(ErrUnauthenticated, "このアカウントは無効になっています。", "This account has been deactivated.")
	}
	if !sc.Live {
		return nil, expiredSession()
	}
	return &Actor{EmployeeID: claims.Subject, OrganizationID: claims.Org, Roles: sc.Roles, SessionID: claims.Sid}, nil
}

var invalidTokenText = Fail(ErrUnauthenticated, "アクセストークンが無効か期限切れです。ログインし直してください。",
	"The access token is invalid or expired. Please sign in again.").Detail

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
