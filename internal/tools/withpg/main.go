// Command withpg runs a command with a throwaway PostgreSQL cluster: it starts
// one, exports its URL as KINMUCHI_TEST_DATABASE_URL, runs the command, and
// removes the cluster, whatever the command's outcome. When the variable is
// already set, it just runs the command.
//
//	go run ./internal/tools/withpg -- go test ./...
//
// With --durable the cluster keeps PostgreSQL's durability settings (fsync and
// synchronous commit on), for benchmarks, and it is started even when the
// variable is set.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/kinmuchi/kinmuchi/internal/testutil/pgcluster"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	durable := len(args) > 0 && args[0] == "--durable"
	if durable {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: withpg [--durable] -- command [args…]")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := os.Environ()
	if os.Getenv("KINMUCHI_TEST_DATABASE_URL") == "" || durable {
		c, err := pgcluster.StartWith(ctx, pgcluster.Options{Durable: durable})
		if errors.Is(err, pgcluster.ErrNotInstalled) {
			fmt.Fprintf(os.Stderr, "The full test suite needs PostgreSQL: %v.\n%s.\nTo run only the SQLite half: make test-sqlite\n", err, pgcluster.InstallHint)
			return 1
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "withpg: start PostgreSQL:", err)
			return 1
		}
		defer c.Stop()
		fmt.Fprintln(os.Stderr, "withpg: throwaway PostgreSQL cluster at", c.URL, map[bool]string{true: "(durable: fsync on)", false: "(fsync off)"}[durable])
		env = append(env, "KINMUCHI_TEST_DATABASE_URL="+c.URL)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = os.Stdin, os.Stdout, os.Stderr, env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "withpg:", err)
		return 1
	}
	return 0
}
