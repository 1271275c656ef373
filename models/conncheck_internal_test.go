package models

import (
	"io"
	"net"
	"testing"
	"time"
)

// tcpPair is a connected loopback pair: the client's end and the server's.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// spokeWithin is serverSpoke, failing the test if it does not answer at
// once (the pool calls it on every checkout).
func spokeWithin(t *testing.T, c net.Conn) bool {
	t.Helper()
	done := make(chan bool, 1)
	go func() { done <- serverSpoke(c) }()
	select {
	case v := <-done:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("serverSpoke blocked")
		return false
	}
}

// waitUntil polls until cond holds: what the server writes reaches the
// client's socket a moment later.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition never held")
}

func TestServerSpokeSeesMessagesAndTheEndWithoutConsumingThem(t *testing.T) {
	client, server := tcpPair(t)
	if spokeWithin(t, client) {
		t.Fatal("an idle connection reported as spoken on")
	}
	if _, err := server.Write([]byte("E")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return spokeWithin(t, client) })
	b := make([]byte, 1)
	if _, err := io.ReadFull(client, b); err != nil || b[0] != 'E' {
		t.Fatalf("the peek consumed the message: %q, %v", b, err)
	}
	if spokeWithin(t, client) {
		t.Fatal("nothing left to read, but reported as spoken on")
	}
	server.Close()
	waitUntil(t, func() bool { return spokeWithin(t, client) })
}

// TestServerSpokeDoesNotWaitForAParkedReader: pgx may leave a background
// reader parked in a Read of an idle connection; the check must not wait
// for it (it did, and the whole pool hung under load).
func TestServerSpokeDoesNotWaitForAParkedReader(t *testing.T) {
	client, server := tcpPair(t)
	read := make(chan error, 1)
	go func() {
		b := make([]byte, 1)
		_, err := client.Read(b)
		read <- err
	}()
	time.Sleep(50 * time.Millisecond) // the reader is parked
	if spokeWithin(t, client) {
		t.Fatal("an idle connection reported as spoken on")
	}
	server.Close()
	if err := <-read; err != io.EOF {
		t.Fatalf("the parked reader got %v", err)
	}
	if !spokeWithin(t, client) {
		t.Fatal("a closed connection reported as silent")
	}
}
