package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/gendemo"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// genDemo runs `kinmuchi gen-demo --employees N --departments N --days N
// [--database-url URL] [--slug SLUG]`: a large generated municipality in a
// PostgreSQL database, for benchmarks and for trying the reports at scale.
func genDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen-demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	employees := fs.Int("employees", 50000, "staff to generate")
	departments := fs.Int("departments", 500, "departments (部, 課 and 係) to generate")
	days := fs.Int("days", 365, "days of leave, telework and bookings (three quarters before today, a quarter after)")
	dbURL := fs.String("database-url", "", "the PostgreSQL database (default: KINMUCHI_DATABASE_URL)")
	slug := fs.String("slug", "gen-city", "the new organisation's slug")
	sample := fs.Int("verify-sample", 200, "staff whose ledger is derived again through the services to check the data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	env := getenv
	if *dbURL != "" {
		env = func(k string) string {
			if k == "KINMUCHI_DATABASE_URL" {
				return *dbURL
			}
			return getenv(k)
		}
	}
	a, err := setup(ctx, env, stderr, false)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if a.db.Dialect != models.Postgres {
		return gendemo.ErrNotPostgres // before migrating a database it will not fill
	}
	if err := a.migrateUp(ctx); err != nil {
		return err
	}
	start := time.Now()
	res, err := gendemo.Run(ctx, a.db, gendemo.Options{Employees: *employees, Departments: *departments, Days: *days, Slug: *slug,
		Today: policies.DateOf(a.clock.Now().In(tokyo())), Password: a.cfg.DemoPassword, Sample: *sample, Log: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %s in %.0fs: %d departments, %d employees, %d office days from %s to %s, %d requests (%d days), "+
		"%d leave days, %d ledger rows, %d bookings, %d transfers on %s; administrator %s",
		res.Slug, time.Since(start).Seconds(), res.Departments, res.Employees, res.OfficeDays, res.From, res.To, res.Requests, res.RequestDays,
		res.Leave, res.LedgerRows, res.Bookings, res.Transfers, res.TransferDay, res.AdminEmail)
	if a.cfg.DemoPassword != "" {
		fmt.Fprintln(stdout, " (password: KINMUCHI_DEMO_PASSWORD)")
	} else {
		fmt.Fprintln(stdout, " (no password set: give KINMUCHI_DEMO_PASSWORD to sign in)")
	}
	return nil
}

func tokyo() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		return time.UTC
	}
	return loc
}
