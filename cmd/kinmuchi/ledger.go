package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kinmuchi/kinmuchi/policies"
)

// ledgerCommand runs `kinmuchi ledger rebuild --from DATE --to DATE [--org SLUG]`:
// it derives the work-location ledger of the period again from its sources
// and prints every entry it repaired.
func ledgerCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return errors.New("usage: kinmuchi ledger rebuild --from YYYY-MM-DD --to YYYY-MM-DD [--org SLUG]")
	}
	fs := flag.NewFlagSet("ledger rebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the first day to rebuild (YYYY-MM-DD)")
	to := fs.String("to", "", "the last day to rebuild (YYYY-MM-DD)")
	org := fs.String("org", "", "only this organisation (its slug)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	f, err1 := policies.ParseDate(*from)
	t, err2 := policies.ParseDate(*to)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("ledger rebuild: --from and --to are dates (YYYY-MM-DD): %w", err)
	}
	_, svc, closeDB, err := migrated(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer closeDB()
	repairs, err := svc.Ledger.Rebuild(ctx, *org, f, t)
	for _, r := range repairs {
		fmt.Fprintf(stdout, "repaired %s %s %s\n", r.Organization, r.EmployeeNumber, r.Day)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ledger %s to %s: %d entries repaired\n", f, t, len(repairs))
	return nil
}
