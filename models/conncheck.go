package models

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// shouldPing decides whether a pooled connection is pinged before it is
// reused. pgx pings only connections idle for over a second; one used just
// before PostgreSQL restarted is handed out unchecked, its first statement
// meets the closed socket, and the request is answered 503 although the
// database is up again. So a connection on which the server has said
// something since it went idle is pinged too: a server going away writes its
// FATAL message and closes its end, and the ping then fails and database/sql
// takes a fresh connection. The check is one non-blocking peek at the socket,
// no round trip.
func shouldPing(_ context.Context, p stdlib.ShouldPingParams) bool {
	return p.IdleDuration > time.Second || serverSpoke(p.Conn.PgConn().Conn())
}

// serverSpoke reports whether an idle connection has anything to read (a
// message, the end of the stream or a reset), without blocking and without
// consuming it. A connection it cannot look into reports nothing, as before.
func serverSpoke(c net.Conn) bool {
	if t, ok := c.(*tls.Conn); ok {
		c = t.NetConn()
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	spoke := false
	// Control, not Read: pgx may have left a background reader parked in
	// a Read of this connection (after a slow write), holding its read lock
	// until the server speaks; raw.Read would wait for that lock. The peek
	// itself never blocks (MSG_DONTWAIT) and consumes nothing (MSG_PEEK).
	err = raw.Control(func(fd uintptr) {
		var b [1]byte
		_, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		// Nothing to read is EAGAIN; a message (n > 0), the end of the
		// stream (n == 0) or a reset all mean the server spoke.
		spoke = !errors.Is(err, syscall.EAGAIN) && !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR)
	})
	return spoke || err != nil
}
