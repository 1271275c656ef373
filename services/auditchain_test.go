package services_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// chainFixture is a database, services whose chain signs with a key of the
// test's own, and the log the checkpoints are written to.
type chainFixture struct {
	db   *models.DB
	svc  *services.Services
	dir  string
	logs *testutil.SyncBuffer
	key  ed25519.PrivateKey
}

func newChainFixture(t *testing.T, d models.Dialect) *chainFixture {
	t.Helper()
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &chainFixture{db: testutil.DB(t, d), dir: t.TempDir(), logs: &testutil.SyncBuffer{}, key: key}
	f.svc = f.services(key)
	return f
}

func (f *chainFixture) services(key ed25519.PrivateKey) *services.Services {
	return services.New(services.Config{DB: f.db.Gorm, JWTSecret: []byte(strings.Repeat("k", 40)), Issuer: "kinmuchi",
		Log: slog.New(slog.NewJSONHandler(f.logs, nil)), AuditKey: key, CheckpointDir: f.dir})
}

// write inserts n plain audit events, as the use cases do, with JSON whose
// keys are out of order and numbers written unusually (jsonb rewrites both).
func (f *chainFixture) write(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		insertEvent(t, f.db.Gorm, i)
	}
}

func insertEvent(t testing.TB, db *gorm.DB, i int) string {
	t.Helper()
	e := &models.AuditEvent{ID: models.NewID(), Action: "booking.create", TargetType: "booking", TargetID: fmt.Sprint(i),
		Before: models.JSON(`{"z": 1.50, "a": [true, null, "x\u00e9"], "m": {"b": 2, "a": 1e2}}`),
		After:  models.JSON(fmt.Sprintf(`{"seats":%d,"note":"ok"}`, i)), RequestID: "req", ClientIP: "192.0.2.1",
		CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if err := (models.AuditEvents{}).Insert(context.Background(), db, e); err != nil {
		t.Error(err) // not Fatal: writers run on goroutines of their own
	}
	return e.ID
}

func (f *chainFixture) seal(t *testing.T) services.SealReport {
	t.Helper()
	rep, err := f.svc.AuditChain.Seal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (f *chainFixture) verify(t *testing.T, extra ...services.Checkpoint) services.ChainReport {
	t.Helper()
	rep, err := f.svc.AuditChain.Verify(context.Background(), extra)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (f *chainFixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if err := f.db.Gorm.Exec(sql, args...).Error; err != nil {
		t.Fatal(err)
	}
}

func TestTheSealedAuditTrailVerifies(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		f := newChainFixture(t, d)
		f.write(t, 5)
		rep := f.seal(t)
		if rep.Sealed != 5 || rep.Head != 5 || rep.Checkpoint == nil || rep.Checkpoint.Position != 5 {
			t.Fatalf("first seal: %+v", rep)
		}
		f.write(t, 3)
		if rep := f.seal(t); rep.Sealed != 3 || rep.Head != 8 {
			t.Fatalf("second seal: %+v", rep)
		}
		if rep := f.seal(t); rep.Sealed != 0 || rep.Checkpoint != nil {
			t.Fatalf("a run with nothing new sealed or signed: %+v", rep)
		}
		v := f.verify(t)
		if !v.Verified || v.SealedRows != 8 || v.UnsealedRows != 0 || v.Checkpoints != 4 || v.LatestCheckpoint.Position != 8 {
			t.Fatalf("verify: %+v", v)
		}
		// Every checkpoint is in the database, the data folder's file and the log.
		file, err := os.ReadFile(filepath.Join(f.dir, services.CheckpointFileName))
		if err != nil {
			t.Fatal(err)
		}
		for name, src := range map[string][]byte{"file": file, "log": []byte(f.logs.String())} {
			cps, err := services.ReadCheckpoints(bytes.NewReader(src))
			if err != nil || len(cps) != 2 || cps[1].Position != 8 {
				t.Fatalf("%s holds %+v (%v)", name, cps, err)
			}
		}
	})
}

func TestVerifyFindsARowAlteredBySQL(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		f := newChainFixture(t, d)
		f.write(t, 6)
		f.seal(t)
		var id string
		f.db.Gorm.Raw("SELECT id FROM audit_events WHERE chain_position = 4").Scan(&id)
		f.exec(t, "UPDATE audit_events SET client_ip = '198.51.100.7' WHERE id = ?", id)
		v := f.verify(t)
		if v.Verified || v.FirstBreak == nil || v.FirstBreak.Position != 4 || v.FirstBreak.Reason != services.BreakAltered || v.FirstBreak.AuditEventID != id {
			t.Fatalf("an altered row went unnoticed: %+v %+v", v, v.FirstBreak)
		}
		// Re-hashing the altered row does not help: the next row's hash
		// covers it, and so does the signed checkpoint.
		f.exec(t, "UPDATE audit_events SET action = 'booking.cancel' WHERE chain_position = 2")
		if v := f.verify(t); v.FirstBreak == nil || v.FirstBreak.Position != 2 {
			t.Fatalf("the earliest break is reported: %+v", v.FirstBreak)
		}
	})
}

func TestVerifyFindsADeletedRow(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		f := newChainFixture(t, d)
		f.write(t, 6)
		f.seal(t)
		f.exec(t, "DELETE FROM audit_events WHERE chain_position = 3")
		v := f.verify(t)
		if v.Verified || v.FirstBreak == nil || v.FirstBreak.Position != 3 || v.FirstBreak.Reason != services.BreakMissing {
			t.Fatalf("a deleted row went unnoticed: %+v %+v", v, v.FirstBreak)
		}
	})
}

func TestVerifyFindsTheNewestRowsDeletedAgainstACheckpointKeptOutside(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		f := newChainFixture(t, d)
		f.write(t, 4)
		f.seal(t)
		f.write(t, 3)
		f.seal(t)
		// Whoever deletes the newest rows deletes the database's checkpoints
		// that vouch for them too; the data folder's file and the log remain.
		f.exec(t, "DELETE FROM audit_events WHERE chain_position > 4")
		f.exec(t, "DELETE FROM audit_checkpoints WHERE position > 4")
		v := f.verify(t)
		if v.Verified || v.FirstBreak != nil || v.MissingTail == nil || *v.MissingTail != (services.TailGap{From: 5, To: 7}) {
			t.Fatalf("deleted newest rows went unnoticed with the data folder's file: %+v", v)
		}
		// Without the file, the log's copy finds them.
		if err := os.Remove(filepath.Join(f.dir, services.CheckpointFileName)); err != nil {
			t.Fatal(err)
		}
		if v := f.verify(t); !v.Verified {
			t.Fatalf("with every copy outside gone, the database alone looks whole: %+v", v)
		}
		fromLog, err := services.ReadCheckpoints(strings.NewReader(f.logs.String()))
		if err != nil {
			t.Fatal(err)
		}
		if v := f.verify(t, fromLog...); v.Verified || v.MissingTail == nil || v.MissingTail.To != 7 {
			t.Fatalf("deleted newest rows went unnoticed with the log: %+v", v)
		}
	})
}

func TestACheckpointSignedWithAnotherKeyDoesNotCount(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		f := newChainFixture(t, d)
		f.write(t, 3)
		f.seal(t)
		// Someone with the database but not the key rewrites the chain and
		// signs the new head with a key of their own.
		_, other, _ := ed25519.GenerateKey(nil)
		forger := f.services(other)
		f.exec(t, "DELETE FROM audit_checkpoints")
		f.exec(t, "UPDATE audit_events SET chain_position = NULL, chain_hash = NULL")
		f.exec(t, "UPDATE audit_events SET target_id = 'forged'")
		if _, err := forger.AuditChain.Seal(context.Background()); err != nil {
			t.Fatal(err)
		}
		v := f.verify(t)
		if v.Verified || v.InvalidCheckpoints == 0 || v.FirstBreak == nil || v.FirstBreak.Reason != services.BreakCheckpoint || v.FirstBreak.Position != 3 {
			t.Fatalf("a forged chain verified: %+v %+v", v, v.FirstBreak)
		}
	})
}

// Rows commit out of id order: a transaction that took its id (and time)
// first but commits last must still be sealed, and nothing twice, while
// several sealers run at once.
func TestSealingWithConcurrentWritersLeavesNoCommittedRowUnsealed(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		f := newChainFixture(t, d)
		ctx := context.Background()
		if d == models.Postgres {
			// A slow transaction inserts the oldest row and commits after
			// newer rows were sealed.
			tx := f.db.Gorm.Begin()
			early := insertEvent(t, tx, -1)
			f.write(t, 3)
			if rep := f.seal(t); rep.Sealed != 3 {
				t.Fatalf("sealed %d of the committed rows", rep.Sealed)
			}
			if err := tx.Commit().Error; err != nil {
				t.Fatal(err)
			}
			f.seal(t)
			var pos int64
			f.db.Gorm.Raw("SELECT chain_position FROM audit_events WHERE id = ?", early).Scan(&pos)
			if pos != 4 {
				t.Fatalf("the late row got position %d, want 4", pos)
			}
		}
		const writers, each = 6, 25
		var wg sync.WaitGroup
		stop := make(chan struct{})
		sealErrs := make(chan error, 64)
		for s := 0; s < 3; s++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := f.svc.AuditChain.Seal(ctx); err != nil {
						sealErrs <- err
						return
					}
				}
			}()
		}
		var ww sync.WaitGroup
		for w := 0; w < writers; w++ {
			ww.Add(1)
			go func() {
				defer ww.Done()
				for i := 0; i < each; i++ {
					_ = f.db.Gorm.Transaction(func(tx *gorm.DB) error {
						insertEvent(t, tx, i)
						insertEvent(t, tx, i)
						return nil
					})
				}
			}()
		}
		ww.Wait()
		close(stop)
		wg.Wait()
		close(sealErrs)
		for err := range sealErrs {
			t.Fatalf("a concurrent sealer failed: %v", err)
		}
		f.seal(t)
		var total, distinct, maxPos int64
		f.db.Gorm.Raw("SELECT count(*), count(DISTINCT chain_position), coalesce(max(chain_position), 0) FROM audit_events").Row().Scan(&total, &distinct, &maxPos)
		if total != distinct || maxPos != total {
			t.Fatalf("%d rows, %d distinct positions, highest %d", total, distinct, maxPos)
		}
		if v := f.verify(t); !v.Verified || v.UnsealedRows != 0 || v.SealedRows != total {
			t.Fatalf("verify after concurrent sealing: %+v %+v", v, v.FirstBreak)
		}
	})
}
