package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// auditCommand runs `kinmuchi audit verify [--checkpoints FILE]…` (walk the
// hash chain and compare it with every signed checkpoint: the database's,
// the data folder's file, and those in the given files, e.g. saved logs)
// and `kinmuchi audit seal` (seal the rows written since the last run now).
func auditCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const use = "usage: kinmuchi audit verify [--checkpoints FILE]… | kinmuchi audit seal"
	if len(args) == 0 {
		return errors.New(use)
	}
	var files multiFlag
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch args[0] {
	case "verify":
		fs.Var(&files, "checkpoints", "a file holding checkpoints: a copy of the data folder's "+services.CheckpointFileName+" or a log (repeatable)")
	case "seal":
	default:
		return errors.New(use)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var extra []services.Checkpoint
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		cps, err := services.ReadCheckpoints(f)
		_ = f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		extra = append(extra, cps...)
	}
	_, svc, closeDB, err := migrated(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer closeDB()
	if args[0] == "seal" {
		rep, err := svc.AuditChain.Seal(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "sealed %d rows; chain head at position %d\n", rep.Sealed, rep.Head)
		return nil
	}
	rep, err := svc.AuditChain.Verify(ctx, extra)
	if err != nil {
		return err
	}
	printChainReport(stdout, rep)
	if !rep.Verified {
		return errors.New("the audit trail does not verify")
	}
	return nil
}

func printChainReport(w io.Writer, rep services.ChainReport) {
	fmt.Fprintf(w, "sealed rows      %d (head %d, %s)\n", rep.SealedRows, rep.HeadPosition, rep.HeadHash)
	fmt.Fprintf(w, "unsealed rows    %d (sealed at the next run)\n", rep.UnsealedRows)
	if !rep.KeyConfigured {
		fmt.Fprintln(w, "checkpoints      not checked: no KINMUCHI_AUDIT_KEY")
	} else {
		fmt.Fprintf(w, "checkpoints      %d valid, %d invalid", rep.Checkpoints, rep.InvalidCheckpoints)
		if c := rep.LatestCheckpoint; c != nil {
			fmt.Fprintf(w, "; latest at position %d signed %s", c.Position, c.SignedAt.UTC().Format("2006-01-02T15:04:05Z"))
		}
		fmt.Fprintln(w)
	}
	if b := rep.FirstBreak; b != nil {
		fmt.Fprintf(w, "FIRST BREAK      position %d: %s (audit event %s)\n", b.Position, b.Reason, orNone(b.AuditEventID))
	}
	if g := rep.MissingTail; g != nil {
		fmt.Fprintf(w, "DELETED TAIL     positions %d to %d are vouched for by a checkpoint but gone\n", g.From, g.To)
	}
	if rep.Verified {
		fmt.Fprintln(w, "verified")
	}
}

func orNone(s string) string {
	if s == "" {
		return "gone"
	}
	return s
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// backupCommand runs `kinmuchi backup --to FILE`: a consistent copy of the
// embedded database, taken while the service runs.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "the file to write (must not exist), e.g. /backup/kinmuchi-2026-11-28.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("usage: kinmuchi backup --to FILE")
	}
	a, err := setup(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if err := models.Backup(ctx, a.db, *to); err != nil {
		return err
	}
	st, err := os.Stat(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes); restore it by putting it in place of %s while kinmuchi is stopped\n",
		*to, st.Size(), models.SQLiteFile)
	return nil
}
