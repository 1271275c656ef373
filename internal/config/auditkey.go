package config

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ParseAuditKey reads KINMUCHI_AUDIT_KEY: the base64 of an Ed25519 seed (32
// bytes) or private key (64 bytes).
func ParseAuditKey(s string) (ed25519.PrivateKey, error) {
	s = strings.TrimSpace(s)
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, errors.New("is not base64")
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		k := ed25519.PrivateKey(raw)
		if !bytes.Equal(ed25519.NewKeyFromSeed(k.Seed()), k) {
			return nil, errors.New("is not a consistent Ed25519 private key")
		}
		return k, nil
	}
	return nil, fmt.Errorf("must be a 32-byte Ed25519 seed or 64-byte private key, got %d bytes", len(raw))
}
