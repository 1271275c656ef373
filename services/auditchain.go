package services

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// AuditChain seals the audit trail into a hash chain and verifies it.
//
// Rows are inserted plain by every use case. Sealing (a periodic job) takes
// the rows that have no place yet, in one transaction under a lock, and gives
// each the next position and the hash of its canonical content chained to
// the previous row's hash. A row that commits late (its id is older than rows
// already sealed) is simply unsealed at the next run: the position is
// assigned, never derived from the id, so nothing is skipped.
//
// After sealing, the head is signed with the Ed25519 key kept outside the
// database and written to the database, to the log and to a file in the data
// folder. The copies outside the database are what reveal deleted tail rows:
// whoever deletes rows from the database can delete its checkpoints with them.
type AuditChain struct {
	*base
	store models.AuditChain
	key   ed25519.PrivateKey
	// file is the data folder's checkpoint file ("" writes none).
	file string
	mu   sync.Mutex // one append to file at a time within the process
}

func newAuditChain(b *base, key ed25519.PrivateKey, dir string) *AuditChain {
	c := &AuditChain{base: b, key: key}
	if dir != "" {
		c.file = filepath.Join(dir, CheckpointFileName)
	}
	return c
}

// CheckpointFileName is the checkpoint file in the data folder.
const CheckpointFileName = "audit-checkpoints.jsonl"

// sealBatch bounds one sealing transaction; a run seals batch after batch.
const sealBatch = 1000

// Checkpoint is a signed head of the chain, as stored in every copy.
type Checkpoint struct {
	Position  int64     `json:"position"`
	Hash      string    `json:"hash"`
	Count     int64     `json:"count"`
	SignedAt  time.Time `json:"signed_at"`
	PublicKey string    `json:"public_key"`
	Signature string    `json:"signature"`
}

// message is what the signature covers.
func (c Checkpoint) message() []byte {
	return fmt.Appendf(nil, "kinmuchi audit checkpoint v1\nposition %d\nhash %s\ncount %d\nsigned_at %s\n",
		c.Position, c.Hash, c.Count, c.SignedAt.UTC().Format(time.RFC3339Nano))
}

// validFor tells whether pub signed c.
func (c Checkpoint) validFor(pub ed25519.PublicKey) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, c.message(), sig)
}

// SealReport says what one sealing run did.
type SealReport struct {
	Sealed     int
	Head       int64
	Checkpoint *Checkpoint
}

// Seal gives every unsealed row its place in the chain, then signs the head
// when it moved (and a key is configured).
func (s *AuditChain) Seal(ctx context.Context) (SealReport, error) {
	var rep SealReport
	for {
		var n int
		var cp *Checkpoint
		err := s.tx(ctx, func(tx *gorm.DB) error {
			var err error
			n, rep.Head, err = s.sealBatch(ctx, tx)
			if err != nil || n == 0 || len(s.key) == 0 {
				return err
			}
			cp, err = s.checkpoint(ctx, tx, rep.Head)
			return err
		})
		if err != nil {
			return rep, err
		}
		rep.Sealed += n
		if cp != nil {
			rep.Checkpoint = cp
		}
		if n < sealBatch {
			break
		}
	}
	if cp := rep.Checkpoint; cp != nil {
		// After the commit: a copy of a checkpoint that never committed would
		// vouch for rows that do not exist.
		s.log.Info("audit checkpoint", "position", cp.Position, "hash", cp.Hash, "count", cp.Count,
			"signed_at", cp.SignedAt, "public_key", cp.PublicKey, "signature", cp.Signature)
		if err := s.appendFile(*cp); err != nil {
			s.log.Warn("audit checkpoint not written to the data folder", "error", err)
		}
	}
	return rep, nil
}

// sealBatch seals up to sealBatch rows in tx and returns how many and the
// new head position.
func (s *AuditChain) sealBatch(ctx context.Context, tx *gorm.DB) (int, int64, error) {
	if err := s.store.Lock(ctx, tx); err != nil {
		return 0, 0, err
	}
	head, err := s.store.Head(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	pos, prev := int64(0), zeroHash
	if head != nil {
		pos, prev = *head.ChainPosition, *head.ChainHash
	}
	rows, err := s.store.Unsealed(ctx, tx, sealBatch)
	if err != nil {
		return 0, pos, err
	}
	for i := range rows {
		pos++
		h, err := chainHash(prev, &rows[i])
		if err != nil {
			return 0, pos, err
		}
		if err := s.store.Seal(ctx, tx, rows[i].ID, pos, h); err != nil {
			return 0, pos, err
		}
		prev = h
	}
	return len(rows), pos, nil
}

func (s *AuditChain) checkpoint(ctx context.Context, tx *gorm.DB, head int64) (*Checkpoint, error) {
	rows, err := s.store.Sealed(ctx, tx, head-1, 1)
	if err != nil || len(rows) != 1 {
		return nil, errors.Join(err, errors.New("audit checkpoint: head row not found"))
	}
	cp := Checkpoint{Position: head, Hash: *rows[0].ChainHash, Count: head, SignedAt: s.now().Truncate(time.Millisecond),
		PublicKey: base64.StdEncoding.EncodeToString(s.key.Public().(ed25519.PublicKey))}
	cp.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.key, cp.message()))
	err = s.store.InsertCheckpoint(ctx, tx, &models.AuditCheckpoint{Position: cp.Position, Hash: cp.Hash, RowCount: cp.Count,
		SignedAt: cp.SignedAt, PublicKey: cp.PublicKey, Signature: cp.Signature})
	return &cp, err
}

func (s *AuditChain) appendFile(cp Checkpoint) error {
	if s.file == "" {
		return nil
	}
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(s.file), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(s.file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// ReadCheckpoints reads the checkpoints found in r: the data folder's file
// (one JSON object a line) or a log (its "audit checkpoint" lines). Lines
// that are neither are skipped.
func ReadCheckpoints(r io.Reader) ([]Checkpoint, error) {
	var out []Checkpoint
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if !bytes.Contains(line, []byte(`"signature"`)) {
			continue
		}
		var c Checkpoint
		if json.Unmarshal(line, &c) == nil && c.Position > 0 && c.Signature != "" {
			out = append(out, c)
		}
	}
	return out, sc.Err()
}

// ChainBreak is the first row where the chain does not hold.
type ChainBreak struct {
	Position int64
	// AuditEventID is the row found at (or after) the position; "" when the
	// row is gone.
	AuditEventID string
	Reason       ChainBreakReason
}

// ChainBreakReason says how the chain broke.
type ChainBreakReason string

// The ways a chain breaks.
const (
	// BreakAltered: the row's content no longer matches its hash.
	BreakAltered ChainBreakReason = "row_altered"
	// BreakMissing: a position has no row (a row was deleted).
	BreakMissing ChainBreakReason = "row_missing"
	// BreakCheckpoint: the row at a signed checkpoint has another hash (the
	// chain was rewritten from there on).
	BreakCheckpoint ChainBreakReason = "checkpoint_mismatch"
)

// ChainReport is the outcome of a verification.
type ChainReport struct {
	Verified      bool
	SealedRows    int64
	UnsealedRows  int64
	HeadPosition  int64
	HeadHash      string
	FirstBreak    *ChainBreak
	KeyConfigured bool
	// Checkpoints counts the valid signed checkpoints read (all copies);
	// InvalidCheckpoints those whose signature does not hold.
	Checkpoints        int
	InvalidCheckpoints int
	LatestCheckpoint   *Checkpoint
	// MissingTail is set when a valid checkpoint vouches for positions past
	// the chain's head: those rows were deleted.
	MissingTail *TailGap
}

// TailGap is the range of positions a checkpoint vouches for that are gone.
type TailGap struct{ From, To int64 }

// Verify walks the whole chain and compares it with the checkpoints stored in
// the database, the data folder's file and any given (e.g. read from logs).
// HR and administrators call it through VerifyFor.
func (s *AuditChain) Verify(ctx context.Context, extra []Checkpoint) (ChainReport, error) {
	rep := ChainReport{KeyConfigured: len(s.key) > 0}
	stored, err := s.store.Checkpoints(ctx, s.db)
	if err != nil {
		return rep, err
	}
	cps := slices.Clone(extra)
	for _, c := range stored {
		cps = append(cps, Checkpoint{Position: c.Position, Hash: c.Hash, Count: c.RowCount, SignedAt: c.SignedAt,
			PublicKey: c.PublicKey, Signature: c.Signature})
	}
	if s.file != "" {
		if f, err := os.Open(s.file); err == nil {
			fromFile, err := ReadCheckpoints(f)
			_ = f.Close()
			if err != nil {
				return rep, fmt.Errorf("read %s: %w", s.file, err)
			}
			cps = append(cps, fromFile...)
		}
	}
	// Only checkpoints signed by our key count: anyone with the database can
	// sign a rewritten chain with a key of their own.
	at := map[int64]string{}
	if rep.KeyConfigured {
		pub := s.key.Public().(ed25519.PublicKey)
		for _, c := range cps {
			if !c.validFor(pub) {
				rep.InvalidCheckpoints++
				continue
			}
			rep.Checkpoints++
			if h, seen := at[c.Position]; seen && h != c.Hash {
				rep.InvalidCheckpoints++ // two signed heads at one position: the key was misused
			}
			at[c.Position] = c.Hash
			if rep.LatestCheckpoint == nil || c.Position > rep.LatestCheckpoint.Position {
				cp := c
				rep.LatestCheckpoint = &cp
			}
		}
	}
	if rep.UnsealedRows, err = s.store.CountUnsealed(ctx, s.db); err != nil {
		return rep, err
	}
	pos, prev := int64(0), zeroHash
	for rep.FirstBreak == nil {
		rows, err := s.store.Sealed(ctx, s.db, pos, sealBatch)
		if err != nil {
			return rep, err
		}
		for i := range rows {
			r := &rows[i]
			rep.SealedRows++
			if *r.ChainPosition != pos+1 {
				rep.FirstBreak = &ChainBreak{Position: pos + 1, AuditEventID: r.ID, Reason: BreakMissing}
				break
			}
			h, err := chainHash(prev, r)
			if err != nil {
				return rep, err
			}
			if h != *r.ChainHash {
				rep.FirstBreak = &ChainBreak{Position: pos + 1, AuditEventID: r.ID, Reason: BreakAltered}
				break
			}
			if want, ok := at[pos+1]; ok && want != h {
				rep.FirstBreak = &ChainBreak{Position: pos + 1, AuditEventID: r.ID, Reason: BreakCheckpoint}
				break
			}
			pos, prev = pos+1, h
		}
		if len(rows) < sealBatch {
			break
		}
	}
	rep.HeadPosition, rep.HeadHash = pos, prev
	if rep.FirstBreak == nil && rep.LatestCheckpoint != nil && rep.LatestCheckpoint.Position > pos {
		rep.MissingTail = &TailGap{From: pos + 1, To: rep.LatestCheckpoint.Position}
	}
	rep.Verified = rep.FirstBreak == nil && rep.MissingTail == nil && rep.InvalidCheckpoints == 0
	return rep, nil
}

// VerifyFor is Verify for a signed-in HR officer or administrator. The chain
// spans every organisation; a break in another's rows is reported by its
// position only.
func (s *AuditChain) VerifyFor(ctx context.Context, actor *Actor) (ChainReport, error) {
	if !policies.CanReadAudit(subject(actor)) {
		return ChainReport{}, forbidden()
	}
	rep, err := s.Verify(ctx, nil)
	if err != nil || rep.FirstBreak == nil || rep.FirstBreak.AuditEventID == "" {
		return rep, err
	}
	if _, err := (models.AuditEvents{}).Get(ctx, s.db, actor.OrganizationID, rep.FirstBreak.AuditEventID); err != nil {
		if !errors.Is(err, models.ErrNotFound) {
			return rep, err
		}
		rep.FirstBreak.AuditEventID = ""
	}
	return rep, nil
}

// zeroHash is the "previous hash" of the first row.
var zeroHash = strings.Repeat("0", 64)

// chainHash is SHA-256 over the previous hash and the row's canonical
// encoding.
func chainHash(prev string, e *models.AuditEvent) (string, error) {
	p, err := hex.DecodeString(prev)
	if err != nil || len(p) != sha256.Size {
		return "", fmt.Errorf("audit chain: previous hash %q is not a SHA-256", prev)
	}
	c, err := canonicalEvent(e)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(p)
	h.Write(c)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// canonicalEvent encodes the row's content so that the same content gives
// the same bytes on both databases, however each stores it: ids lower-case,
// the instant as UTC microseconds, JSON as a tree with sorted keys and
// numbers in lowest terms (jsonb reorders keys and rewrites numbers; SQLite
// keeps the text as written). Every field is length-prefixed and nulls are
// told from empty text, so no two rows encode alike.
func canonicalEvent(e *models.AuditEvent) ([]byte, error) {
	var b []byte
	b = append(b, "kinmuchi audit v1"...)
	str := func(s string) {
		b = append(b, 's')
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	opt := func(s *string) {
		if s == nil {
			b = append(b, 'n')
			return
		}
		str(strings.ToLower(*s))
	}
	str(strings.ToLower(e.ID))
	opt(e.OrganizationID)
	opt(e.ActorID)
	opt(e.OnBehalfOfID)
	str(e.Action)
	str(e.TargetType)
	str(e.TargetID)
	for _, doc := range []models.JSON{e.Before, e.After} {
		if doc == nil {
			b = append(b, 'n')
			continue
		}
		var v any
		d := json.NewDecoder(bytes.NewReader(doc))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("audit event %s: %w", e.ID, err)
		}
		var err error
		if b, err = appendCanonicalJSON(append(b, 'j'), v); err != nil {
			return nil, fmt.Errorf("audit event %s: %w", e.ID, err)
		}
	}
	str(e.RequestID)
	str(e.ClientIP)
	b = append(b, 't')
	b = binary.BigEndian.AppendUint64(b, uint64(e.CreatedAt.UTC().UnixMicro()))
	return b, nil
}

func appendCanonicalJSON(b []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, 'N'), nil
	case bool:
		if t {
			return append(b, 'T'), nil
		}
		return append(b, 'F'), nil
	case json.Number:
		r, ok := new(big.Rat).SetString(string(t))
		if !ok {
			return nil, fmt.Errorf("number %q", t)
		}
		return strconv.AppendQuote(append(b, '#'), r.RatString()), nil
	case string:
		return strconv.AppendQuote(append(b, '"'), t), nil
	case []any:
		b = binary.BigEndian.AppendUint32(append(b, '['), uint32(len(t)))
		for _, x := range t {
			var err error
			if b, err = appendCanonicalJSON(b, x); err != nil {
				return nil, err
			}
		}
		return b, nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = binary.BigEndian.AppendUint32(append(b, '{'), uint32(len(t)))
		for _, k := range keys {
			var err error
			b = strconv.AppendQuote(b, k)
			if b, err = appendCanonicalJSON(b, t[k]); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("unexpected JSON value %T", v)
}
