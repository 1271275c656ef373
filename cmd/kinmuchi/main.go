// Command kinmuchi runs the telework and satellite-office booking service.
//
//	kinmuchi serve [--demo] [--addr :8080]   start the API (and web UI)
//	kinmuchi init --org-name … --admin-email …  the first organisation and administrator
//	kinmuchi org create …                    a further organisation with its administrator
//	kinmuchi migrate up|down|status          manage the database schema
//	kinmuchi seed-demo                       create the demo municipality
//	kinmuchi version                         print the version
//
// Settings come from KINMUCHI_* environment variables (see README.md).
package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // the organisation's zone must resolve on minimal hosts

	"github.com/kinmuchi/kinmuchi/api"
	"github.com/kinmuchi/kinmuchi/frontend"
	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/internal/config"
	"github.com/kinmuchi/kinmuchi/internal/logging"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/services"
)

// defaultMemoryLimit is the server's soft memory limit unless GOMEMLIMIT
// says otherwise (issue 20: RSS under 150 MB). The collector then runs before
// the heap reaches it, not only at twice the live heap, so a burst of
// sign-ins (19 MiB of argon2id each, garbage at once) or of large answers
// is collected and returned to the system instead of swelling the process;
// the live heap under load is a few tens of MB. The resident size is about
// 40 MB above the heap (the binary's pages, stacks): at 100 MiB sign-ins
// peaked at 138 MB, too near 150.
const defaultMemoryLimit = 80 << 20

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := runWith(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kinmuchi:", err)
		os.Exit(1)
	}
}

const usage = `usage: kinmuchi <command>

commands:
  serve [--demo] [--addr ADDR]   start the API server (--demo: demo mode, seeds an empty database)
  init --org-name NAME --org-slug SLUG --department NAME
       --admin-email ADDRESS --admin-name "FAMILY GIVEN" --admin-employee-number NUMBER
                                 set up an empty database: the first organisation, its first
                                 department, administrator and telework policy version; the
                                 password is asked for, read from standard input or from
                                 KINMUCHI_ADMIN_PASSWORD (see init -h)
  org create (the flags of init) add a further organisation with its own administrator
  migrate up|down|status         apply, roll back one, or list the database migrations
  seed-demo                      create the demo municipality and its accounts
  ledger rebuild --from DATE --to DATE [--org SLUG]
                                 derive the work-location ledger of the period again and
                                 print every entry it repaired
  audit verify [--checkpoints FILE]…
                                 walk the audit trail's hash chain and compare it with every
                                 signed checkpoint (database, data folder, FILE: saved logs)
  audit seal                     seal the audit rows written since the last run now
  backup --to FILE               a consistent copy of the embedded database, taken while it runs
                                 (PostgreSQL: pg_dump, see README.md)
  gen-demo [--employees 50000] [--departments 500] [--days 365] [--database-url URL]
                                 fill a PostgreSQL database with a large generated municipality
                                 (for benchmarks; refuses the embedded SQLite database)
  healthcheck                    exit 0 when the server at KINMUCHI_ADDR is ready (for containers)
  version                        print the version

Settings are read from KINMUCHI_* environment variables; see README.md.`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runWith(ctx, args, getenv, nil, stdout, stderr)
}

// runWith is run with standard input, which only init and org create read.
func runWith(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stderr)
	case "init":
		return initCommand(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "org":
		return orgCommand(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "seed-demo":
		return seedDemo(ctx, getenv, stdout, stderr)
	case "ledger":
		return ledgerCommand(ctx, args[1:], getenv, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, getenv)
	case "audit":
		return auditCommand(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		return backupCommand(ctx, args[1:], getenv, stdout, stderr)
	case "gen-demo":
		return genDemo(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "kinmuchi", versionString())
		return nil
	case "help", "--help", "-h":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// app is what every command that touches the database sets up.
type app struct {
	cfg   config.Config
	log   *slog.Logger
	db    *models.DB
	clock clock.Clock
	open  models.OpenOptions
	jobs  *jobs.Queue
}

// setup reads the configuration and opens the database. Commands that sign
// tokens (signing) also need the secret settled before anything starts.
func setup(ctx context.Context, getenv func(string) string, stderr io.Writer, signing bool) (*app, error) {
	cfg, err := config.Load(getenv)
	if err == nil && signing {
		err = cfg.CheckSecrets()
	}
	if err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	log := logging.New(stderr, cfg.LogLevel)
	var clk clock.Clock = clock.System{}
	if cfg.Clock != nil {
		clk = clock.NewFixed(*cfg.Clock)
		log.Warn("the clock is fixed", "now", cfg.Clock.Format(time.RFC3339), "mode", cfg.Mode)
	}
	open := models.OpenOptions{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, MaxConns: cfg.MaxDBConns, Now: clk.Now}
	db, err := models.Open(ctx, open)
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, log: log, db: db, clock: clk, open: open}, nil
}

func (a *app) migrateUp(ctx context.Context) error {
	m, err := models.NewMigrator(a.db)
	if err != nil {
		return err
	}
	applied, err := m.Up(ctx)
	for _, r := range applied {
		a.log.Info("migration applied", "version", r.Version, "source", r.Source)
	}
	return err
}

func (a *app) services() (*services.Services, error) {
	secret := a.cfg.JWTSecret
	if len(secret) == 0 {
		s, created, err := config.LoadOrCreateSecret(a.cfg.DataDir, "jwt-secret", 48)
		if err != nil {
			return nil, err
		}
		if created {
			a.log.Info("generated a token-signing secret", "file", filepath.Join(a.cfg.DataDir, "jwt-secret"))
		}
		secret = []byte(s)
	}
	auditKey, err := a.auditKey()
	if err != nil {
		return nil, err
	}
	svc := services.New(services.Config{DB: a.db.Gorm, Clock: a.clock, JWTSecret: secret, Issuer: a.cfg.JWTIssuer, Log: a.log,
		AuditKey: auditKey, CheckpointDir: a.cfg.DataDir})
	q, err := a.queue(svc)
	if err != nil {
		return nil, err
	}
	svc.UseQueue(q)
	a.jobs = q
	return svc, nil
}

// auditKey is KINMUCHI_AUDIT_KEY; the embedded database keeps one generated
// in the data folder instead, and PostgreSQL seals without signing.
func (a *app) auditKey() (ed25519.PrivateKey, error) {
	if a.cfg.AuditKey != nil || !a.cfg.Embedded() {
		if a.cfg.AuditKey == nil {
			a.log.Warn("KINMUCHI_AUDIT_KEY is unset: the audit trail is sealed but its checkpoints are not signed, so deleted newest rows cannot be detected")
		}
		return a.cfg.AuditKey, nil
	}
	s, created, err := config.LoadOrCreateSecret(a.cfg.DataDir, "audit-key", ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	if created {
		a.log.Info("generated the audit checkpoint key; set KINMUCHI_AUDIT_KEY to keep it away from the database file", "file", filepath.Join(a.cfg.DataDir, "audit-key"))
	}
	k, err := config.ParseAuditKey(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(a.cfg.DataDir, "audit-key"), err)
	}
	return k, nil
}

// queue builds the job queue: with workers when KINMUCHI_WORKERS is on (they
// start with serve), insert-only otherwise. E-mail goes through
// KINMUCHI_SMTP_HOST, or to the log (without personal details) in demo mode
// or when no server is set.
func (a *app) queue(svc *services.Services) (*jobs.Queue, error) {
	var email jobs.Sender = &jobs.LogSender{Log: a.log}
	switch {
	case a.cfg.Mode == config.ModeDemo:
		a.log.Info("demo mode: notification e-mails are written to the log, not sent")
	case a.cfg.SMTP.Host == "":
		a.log.Warn("KINMUCHI_SMTP_HOST is unset: notification e-mails are written to the log, not sent")
	default:
		email = &jobs.SMTPSender{Host: a.cfg.SMTP.Host, Port: a.cfg.SMTP.Port, Username: a.cfg.SMTP.Username, Password: a.cfg.SMTP.Password, From: a.cfg.SMTP.From,
			PublicURL: a.cfg.PublicURL}
	}
	allow := jobs.AllowList{Hosts: a.cfg.WebhookAllow.Hosts, Nets: a.cfg.WebhookAllow.Nets}
	return jobs.New(jobs.Options{DB: a.db, Services: svc, Log: a.log, Work: a.cfg.Workers, Periodic: true, Email: email,
		Webhook: &jobs.WebhookSender{PublicURL: a.cfg.PublicURL, Allow: allow}, SealInterval: a.cfg.SealInterval,
		RescueAfter: a.cfg.JobRescueAfter})
}

// demoPassword is KINMUCHI_DEMO_PASSWORD, or one generated and kept in the
// data folder. Only where it is kept is logged, never the password.
func (a *app) demoPassword() (string, error) {
	if a.cfg.DemoPassword != "" {
		return a.cfg.DemoPassword, nil
	}
	pw, created, err := config.LoadOrCreateSecret(a.cfg.DataDir, "demo-password", 12)
	if err != nil {
		return "", err
	}
	where := filepath.Join(a.cfg.DataDir, "demo-password")
	if created {
		a.log.Info("generated the demo accounts' password (KINMUCHI_DEMO_PASSWORD is unset)", "file", where)
	} else {
		a.log.Info("the demo accounts' password is kept in a file", "file", where)
	}
	return pw, nil
}

func (a *app) seed(ctx context.Context, svc *services.Services) error {
	pw, err := a.demoPassword()
	if err != nil {
		return err
	}
	res, err := svc.SeedDemo(ctx, pw)
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	if res.Seeded {
		a.log.Info("demo data created", "departments", res.Departments, "employees", res.Employees, "telework_requests", res.Requests, "logins", services.DemoLogins)
	} else {
		a.log.Info("demo data already present")
	}
	return nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "demo mode: seed demo data into an empty database (KINMUCHI_MODE=demo)")
	addr := fs.String("addr", "", "listen address (KINMUCHI_ADDR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	env := getenv
	if *demo || *addr != "" {
		env = func(k string) string {
			switch {
			case k == "KINMUCHI_MODE" && *demo:
				return string(config.ModeDemo)
			case k == "KINMUCHI_ADDR" && *addr != "":
				return *addr
			}
			return getenv(k)
		}
	}
	a, err := setup(ctx, env, stderr, true)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if os.Getenv("GOMEMLIMIT") == "" { // the runtime's own setting, when given, wins
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	a.log.Info("starting kinmuchi", "version", versionString(), "mode", a.cfg.Mode, models.LogAttr(a.db, a.open))
	if err := a.migrateUp(ctx); err != nil {
		return err
	}
	svc, err := a.services()
	if err != nil {
		return err
	}
	if a.cfg.Mode == config.ModeDemo {
		if err := a.seed(ctx, svc); err != nil {
			return err
		}
	}
	migrator, err := models.NewMigrator(a.db)
	if err != nil {
		return err
	}
	if err := svc.Setup.Ready(ctx); errors.Is(err, services.ErrNoOrganization) {
		// Nobody can sign in yet: say so once, where whoever installs it looks.
		a.log.Warn("no organisation exists yet, so nobody can sign in: run `kinmuchi init` to create the first organisation and its administrator; /readyz answers not ready until then")
	} else if err != nil {
		return err
	}
	server := api.New(api.Deps{
		Services: svc, DB: a.db.SQL, Log: a.log, TrustedProxies: a.cfg.TrustedProxies, Frontend: frontend.Handler(),
		PublicURL: a.cfg.PublicURL, InFlight: a.cfg.MaxInFlight,
		Ready: func(ctx context.Context) error {
			pending, err := migrator.Pending(ctx)
			if err == nil && pending {
				err = errors.New("migrations pending")
			}
			if err == nil {
				err = svc.Setup.Ready(ctx)
			}
			return err
		},
	})
	if a.cfg.Workers {
		if err := a.jobs.Start(ctx); err != nil {
			return fmt.Errorf("start workers: %w", err)
		}
		a.log.Info("background workers started")
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
			defer cancel()
			if err := a.jobs.Stop(sctx); err != nil {
				a.log.Warn("stopping workers", "error", err)
			}
		}()
	} else {
		a.log.Info("background workers are off in this process (KINMUCHI_WORKERS=off)")
	}
	if err := servePprof(ctx, a.cfg.PprofAddr, a.log); err != nil {
		return fmt.Errorf("listen on %s (KINMUCHI_PPROF_ADDR): %w", a.cfg.PprofAddr, err)
	}
	return listenAndServe(ctx, a, server.Handler())
}

// listenAndServe serves until ctx ends (SIGTERM/SIGINT), then stops taking
// new connections and lets requests in flight finish.
func listenAndServe(ctx context.Context, a *app, h http.Handler) error {
	srv := &http.Server{
		Addr:              a.cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (KINMUCHI_ADDR): %w", a.cfg.Addr, err)
	}
	a.log.Info("listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down: finishing requests in flight", "timeout", a.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.log.Info("stopped")
	return nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: kinmuchi migrate up|down|status")
	}
	a, err := setup(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer a.db.Close()
	m, err := models.NewMigrator(a.db)
	if err != nil {
		return err
	}
	switch args[0] {
	case "up":
		return a.migrateUp(ctx)
	case "down":
		r, err := m.Down(ctx)
		if err != nil {
			return err
		}
		if r == nil {
			fmt.Fprintln(stdout, "nothing to roll back")
			return nil
		}
		fmt.Fprintf(stdout, "rolled back %d (%s)\n", r.Version, r.Source)
		return nil
	case "status":
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", s.Version, state, s.Source)
		}
		return nil
	}
	return fmt.Errorf("unknown migrate command %q (up, down or status)", args[0])
}

// migrated opens the database, migrates it and builds the services, for a
// command that works on the data; close closes the database.
func migrated(ctx context.Context, getenv func(string) string, stderr io.Writer, demo bool) (a *app, svc *services.Services, closeDB func(), err error) {
	if a, err = setup(ctx, getenv, stderr, demo); err != nil {
		return nil, nil, nil, err
	}
	if err = a.migrateUp(ctx); err == nil {
		svc, err = a.services()
	}
	if err != nil {
		a.db.Close()
		return nil, nil, nil, err
	}
	return a, svc, func() { a.db.Close() }, nil
}

func seedDemo(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	a, svc, closeDB, err := migrated(ctx, getenv, stderr, true)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := a.seed(ctx, svc); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "demo data ready; sign in as", services.DemoLogins)
	return nil
}

// healthcheck asks the local server whether it is ready; container images
// without a shell or curl use it as their health check.
func healthcheck(ctx context.Context, getenv func(string) string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", resp.Status)
	}
	return nil
}
