package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// keyedPost sends a creating POST with an Idempotency-Key; status 0 is a
// request that got no answer (the process died).
func keyedPost(base, path, token, key string, body any) (int, map[string]any, bool) {
	status, out, h := callWith(base, "POST", path, token, map[string]string{"Idempotency-Key": key}, body)
	return status, out, h.Get("Idempotent-Replayed") == "true"
}

// TestKilledServerLosesNoIdempotentOutcome kills a real `kinmuchi serve`
// (SIGKILL, on its embedded database) while 120 creating requests with
// Idempotency-Keys are in flight, starts it again on the same data, and
// retries every key: each answers 201 (a replay of what had committed, or
// the change made now), none answers 409 "in progress", and each change
// exists exactly once.
func TestKilledServerLosesNoIdempotentOutcome(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "kinmuchi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := t.TempDir()
	start := func(args ...string) (string, *exec.Cmd) {
		addr := freeAddr(t)
		cmd, _ := startBinary(t, bin, append(os.Environ(), "KINMUCHI_DATA_DIR="+data, "KINMUCHI_ADDR="+addr,
			"KINMUCHI_DEMO_PASSWORD="+readmeDemoPassword, "KINMUCHI_LOG_LEVEL=warn", "KINMUCHI_WORKERS=off"), args...)
		waitReady(t, "http://"+addr, make(chan error))
		return "http://" + addr, cmd
	}
	base, proc := start("serve", "--demo")
	token := signIn(t, base, "admin@demo.example", readmeDemoPassword)

	const n = 120
	body := func(i int) map[string]any {
		return map[string]any{"code": fmt.Sprintf("K%03d", i), "name": fmt.Sprintf("再送試験課%d", i), "kind": "section"}
	}
	first := make([]map[string]any, n)
	statuses := make([]int, n)
	var answered atomic.Int32
	var killOnce sync.Once
	var wg sync.WaitGroup
	sem := make(chan struct{}, 12)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			statuses[i], first[i], _ = keyedPost(base, "/api/v1/departments", token, fmt.Sprintf("crash-%d", i), body(i))
			if statuses[i] != 0 && answered.Add(1) == n/3 {
				killOnce.Do(func() { _ = proc.Process.Signal(syscall.SIGKILL) })
			}
		}()
	}
	wg.Wait()
	_ = proc.Wait()
	lost := 0
	for i := range n {
		switch statuses[i] {
		case 0:
			lost++
		case 201:
		default:
			t.Fatalf("key %d answered %d before the kill: %v", i, statuses[i], first[i])
		}
	}
	if lost == 0 {
		t.Fatal("the kill came too late: every request was answered")
	}

	base, _ = start("serve")
	token = signIn(t, base, "admin@demo.example", readmeDemoPassword)
	replayed := 0
	for i := range n {
		status, again, replay := keyedPost(base, "/api/v1/departments", token, fmt.Sprintf("crash-%d", i), body(i))
		if status != 201 {
			t.Fatalf("retry of key %d answered %d: %v", i, status, again)
		}
		if statuses[i] == 201 && (again["id"] != first[i]["id"] || !replay) {
			t.Fatalf("retry of answered key %d: %v, first %v (replayed %v)", i, again["id"], first[i]["id"], replay)
		}
		if replay {
			replayed++
		}
	}
	var list struct {
		Items []struct{ Code string }
	}
	getJSON(t, base+"/api/v1/departments?limit=200&q=再送試験課", token, &list)
	seen := map[string]int{}
	for _, d := range list.Items {
		seen[d.Code]++
	}
	for i := range n {
		if c := fmt.Sprintf("K%03d", i); seen[c] != 1 {
			t.Fatalf("department %s exists %d times", c, seen[c])
		}
	}
	t.Logf("%d of %d requests lost their answer to the kill; %d retries were replays of committed changes", lost, n, replayed-(n-lost))
}
