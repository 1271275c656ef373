package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a kinmuchi process started by the load generator.
type server struct {
	cmd   *exec.Cmd
	base  string // http://127.0.0.1:port
	pprof string // http://127.0.0.1:port of KINMUCHI_PPROF_ADDR
	bin   string

	mu   sync.Mutex
	peak int64 // the highest VmRSS since the last resetPeak
	stop chan struct{}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startServer runs the built binary in demo mode (the demo municipality is
// seeded on start) on the benchmark's PostgreSQL, with a fixed clock so that
// every run books the same days. Its log goes to out/server.log.
func startServer(ctx context.Context, bin, dbURL, out string, env []string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	paddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(out, "server.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(),
		"KINMUCHI_MODE=demo", "KINMUCHI_CLOCK="+benchClock.Format(time.RFC3339), "KINMUCHI_DEMO_PASSWORD="+demoPassword,
		"KINMUCHI_DATABASE_URL="+dbURL, "KINMUCHI_JWT_SECRET=bench-secret-that-is-long-enough-for-hs256",
		"KINMUCHI_ADDR="+addr, "KINMUCHI_PPROF_ADDR="+paddr, "KINMUCHI_DATA_DIR="+filepath.Join(out, "data"))
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, pprof: "http://" + paddr, bin: bin, stop: make(chan struct{})}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			s.Stop()
			return nil, fmt.Errorf("kinmuchi did not become ready (see %s)", logf.Name())
		}
		select {
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	go s.sample()
	return s, nil
}

// sample reads the process's resident memory every 50 ms.
func (s *server) sample() {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		if rss, _, err := memory(s.cmd.Process.Pid); err == nil {
			s.mu.Lock()
			s.peak = max(s.peak, rss)
			s.mu.Unlock()
		}
	}
}

// resetPeak starts a scenario's measurement and returns the previous peak.
func (s *server) resetPeak() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.peak
	s.peak = 0
	return p
}

// memory reads VmRSS and VmHWM (the kernel's own high-water mark) in bytes.
func memory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	return parseStatus(f)
}

func parseStatus(r io.Reader) (rss, hwm int64, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, 0, fmt.Errorf("%s: unexpected %q", k, v)
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if k == "VmRSS" {
			rss = n * 1024
		} else {
			hwm = n * 1024
		}
	}
	if rss == 0 {
		return 0, 0, fmt.Errorf("no VmRSS line")
	}
	return rss, hwm, sc.Err()
}

// profile takes a CPU profile over the next seconds and saves it.
func (s *server) profile(seconds int, file string) error {
	resp, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.pprof, seconds))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: %s", resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Stop ends the process (SIGTERM, then SIGKILL) and the sampler.
func (s *server) Stop() {
	select {
	case <-s.stop:
		return
	default:
		close(s.stop)
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}
