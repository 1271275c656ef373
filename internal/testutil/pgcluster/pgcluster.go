// Package pgcluster starts a throwaway PostgreSQL cluster for the test suite:
// found through pg_config or Debian's versioned folders, run as the postgres
// user when started by root (initdb refuses root), on a free loopback port,
// and removed afterwards.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNotInstalled means no PostgreSQL server binaries were found.
var ErrNotInstalled = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found")

// InstallHint tells how to get the binaries on Debian or Ubuntu.
const InstallHint = "install them with: sudo apt-get install postgresql (Debian/Ubuntu), or set KINMUCHI_TEST_DATABASE_URL to a PostgreSQL 15+ server where the user may create databases"

// Cluster is a running throwaway cluster.
type Cluster struct {
	URL     string // superuser connection to the "postgres" database
	dir     string
	bin     string
	runAs   *syscall.Credential
	logFile string
	opts    string // the postgres options it was started with
	durable bool
}

// FindBin returns the folder holding initdb and pg_ctl.
func FindBin() (string, error) {
	var candidates []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		candidates = append(candidates, filepath.Dir(p))
	}
	// Debian keeps server binaries out of PATH; prefer the newest version.
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(versions, func(i, j int) bool { return versionOf(versions[i]) > versionOf(versions[j]) })
	candidates = append(candidates, versions...)
	for _, dir := range candidates {
		if isExec(filepath.Join(dir, "initdb")) && isExec(filepath.Join(dir, "pg_ctl")) {
			return dir, nil
		}
	}
	return "", ErrNotInstalled
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Start creates and starts a cluster in a new temporary folder, fast and
// unsafe: it loses acknowledged commits on a crash (fine for tests only).
func Start(ctx context.Context) (*Cluster, error) { return start(ctx, false) }

// StartDurable starts a cluster configured as in production (fsync,
// synchronous_commit and full_page_writes on): what `make proof` crashes.
func StartDurable(ctx context.Context) (*Cluster, error) { return start(ctx, true) }

// Options tune a cluster.
type Options struct {
	// Durable keeps PostgreSQL's durability (fsync, synchronous commit, full
	// page writes), for benchmarks whose figures must hold on a real server.
	Durable bool
}

// StartWith creates and starts a cluster in a new temporary folder.
func StartWith(ctx context.Context, o Options) (*Cluster, error) { return start(ctx, o.Durable) }

func start(ctx context.Context, durable bool) (*Cluster, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "kinmuchi-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin, logFile: filepath.Join(dir, "postgres.log"), durable: durable}
	if os.Geteuid() == 0 {
		cred, err := postgresUser()
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.runAs = cred
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := c.start(ctx); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and initdb refuses root, but there is no postgres user to run it as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func (c *Cluster) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	if c.runAs != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
	}
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, out.String())
	}
	return nil
}

func (c *Cluster) start(ctx context.Context) error {
	data := filepath.Join(c.dir, "data")
	initdb := []string{"-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"}
	if !c.durable {
		initdb = append(initdb, "--no-sync")
	}
	if err := c.run(ctx, "initdb", initdb...); err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	// Durability is pointless for a throwaway cluster, and only there: the
	// README and the compose file keep PostgreSQL's defaults (a test checks).
	// The connection limit is raised for the concurrency tests.
	settings := []string{
		"-p " + strconv.Itoa(port), "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''",
		"-c max_connections=400", "-c log_min_messages=warning",
	}
	if c.durable {
		// PostgreSQL's durable defaults; a larger WAL between checkpoints,
		// as a server loaded in bulk would have.
		settings = append(settings, "-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on", "-c max_wal_size=4GB", "-c shared_buffers=512MB")
	} else {
		settings = append(settings, "-c shared_buffers=128MB", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
	}
	c.opts = strings.Join(settings, " ")
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	return c.Resume(ctx)
}

// Resume starts the cluster's server again (after Crash), on the same port.
func (c *Cluster) Resume(ctx context.Context) error {
	data := filepath.Join(c.dir, "data")
	if err := c.run(ctx, "pg_ctl", "-D", data, "-l", c.logFile, "-o", c.opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(c.logFile)
		return fmt.Errorf("%w\n%s", err, log)
	}
	return nil
}

// Crash stops the server at once, as a power cut would to its clients:
// pg_ctl's immediate mode, which skips the shutdown checkpoint so that the
// restart recovers from the write-ahead log.
func (c *Cluster) Crash(ctx context.Context) error {
	return c.run(ctx, "pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
}

// Bin is the folder of the server's binaries (pg_dump, pg_restore …).
func (c *Cluster) Bin() string { return c.bin }

// LogFile is the server's log, where `make bench` reads the statements it
// captured with log_statement.
func (c *Cluster) LogFile() string { return c.logFile }

// Stop shuts the cluster down and removes its folder.
func (c *Cluster) Stop() {
	data := filepath.Join(c.dir, "data")
	if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = c.run(ctx, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(c.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
