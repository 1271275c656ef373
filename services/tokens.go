package services

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/kinmuchi/kinmuchi/policies"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token lifetimes. An access token is short so that a revoked session ends
// soon; the refresh token slides with use but its family has a hard end.
const (
	AccessTokenTTL   = 15 * time.Minute
	RefreshTokenTTL  = 12 * time.Hour
	RefreshFamilyTTL = 7 * 24 * time.Hour
)

// AccessClaims are the claims of an access token.
type AccessClaims struct {
	Org   string          `json:"org"`
	Roles []policies.Role `json:"roles"`
	// Sid is the session: the refresh-token family the token was issued in.
	// Revoking the family (sign-out, reuse, a new password) ends its access
	// tokens at once, not when they expire.
	Sid string `json:"sid"`
	jwt.RegisteredClaims
}

// tokenSigner signs and verifies access tokens with HMAC-SHA256.
type tokenSigner struct {
	secret []byte
	issuer string
	now    func() time.Time
}

func (t tokenSigner) sign(employeeID, orgID string, roles []policies.Role, session string) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(AccessTokenTTL)
	claims := AccessClaims{
		Org:   orgID,
		Roles: roles,
		Sid:   session,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   employeeID,
			Issuer:    t.issuer,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        randomToken(16),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return s, exp, nil
}

var errBadToken = errors.New("invalid access token")

// verify checks the signature with the one algorithm we sign with (so "none"
// and every other algorithm are refused), the issuer and the expiry.
func (t tokenSigner) verify(raw string) (*AccessClaims, error) {
	var claims AccessClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(t.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(30*time.Second),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadToken, err)
	}
	if claims.Subject == "" || claims.Org == "" || claims.ID == "" || claims.Sid == "" {
		return nil, fmt.Errorf("%w: missing claims", errBadToken)
	}
	return &claims, nil
}

// randomToken returns n random bytes, URL-safe base64.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how refresh tokens are stored: a leaked table gives no tokens.
func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}
