package server

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// Limits on a running statement, applied around every command:
//
//   - max_execution_time (milliseconds; session or global variable, or
//     the optimizer hint SELECT /*+ MAX_EXECUTION_TIME(n) */): as in
//     MySQL it bounds read-only SELECTs (and WITH … SELECT) only; a
//     statement past it fails with 3024 ER_QUERY_TIMEOUT.
//   - a client that goes away (closes the connection, or its process
//     dies) while its statement runs: the statement is cancelled, so it
//     stops using CPU and memory nobody will read the result of.
//     go-mysql-server polls /proc/net/tcp for this, only while it spools
//     rows and only for plain TCP; the watch here polls the socket itself
//     (TLS connections included) for the whole command.

// peerCheckInterval is how often a running command's socket is checked
// for a peer that hung up.
const peerCheckInterval = 250 * time.Millisecond

const erQueryTimeout = 3024 // ER_QUERY_TIMEOUT

var (
	errStmtTimeout = errors.New("maximum statement execution time exceeded")
	errClientGone  = errors.New("client closed the connection")
)

var maxExecHint = regexp.MustCompile(`(?is)^[\s(]*select\s*/\*\+[^*]*?\bmax_execution_time\s*\(\s*(\d+)\s*\)`)

// sessions maps connection ids to their sessions, for the variables a
// command's limits read before go-mysql-server parses it.
type sessions struct{ m sync.Map }

func (s *sessions) builder(inner func(context.Context, *mysql.Conn, string) (sql.Session, error)) func(context.Context, *mysql.Conn, string) (sql.Session, error) {
	return func(ctx context.Context, c *mysql.Conn, addr string) (sql.Session, error) {
		sess, err := inner(ctx, c, addr)
		if err == nil {
			s.m.Store(c.ConnectionID, sess)
		}
		return sess, err
	}
}

func (s *sessions) get(c *mysql.Conn) sql.Session {
	if s == nil {
		return nil
	}
	if v, ok := s.m.Load(c.ConnectionID); ok {
		return v.(sql.Session)
	}
	return nil
}

func (s *sessions) remove(c *mysql.Conn) {
	if s != nil {
		s.m.Delete(c.ConnectionID)
	}
}

// limit derives the context a command on c runs in: cancelled when the
// client hangs up and, for a SELECT, at its max_execution_time. stop
// releases it; timedOut tells whether a failure was the time limit.
func (d *handler) limit(ctx context.Context, c *mysql.Conn, query string) (_ context.Context, stop func(), err error) {
	ctx, acct := d.memoryAccount(ctx, c)
	if err := d.checkSize(c, query, acct); err != nil {
		acct.Close()
		return ctx, func() {}, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	stopCancel := func() { cancel(nil) }
	if ms := d.maxExecTime(c, query); ms > 0 {
		var cancelT context.CancelFunc
		ctx, cancelT = context.WithTimeoutCause(ctx, time.Duration(ms)*time.Millisecond, errStmtTimeout)
		stopCancel = func() { cancelT(); cancel(nil) }
	}
	stopWatch := watchPeer(c, func() { cancel(errClientGone) })
	return ctx, func() { stopWatch(); stopCancel(); acct.Close() }, nil
}

// limitErr turns the failure of a command whose time ran out into 3024,
// and GMS's "no memory available" into the 1038 of the memory limit its
// statement passed (cacheRefusal).
func limitErr(ctx context.Context, err error) error {
	if err != nil && errors.Is(context.Cause(ctx), errStmtTimeout) {
		return mysql.NewSQLError(erQueryTimeout, "HY000",
			"Query execution was interrupted, maximum statement execution time exceeded")
	}
	return cacheRefusal(ctx, err)
}

// maxExecTime is the time limit in milliseconds of query on c (0: none):
// the hint of a SELECT, else the session's max_execution_time for a
// SELECT, else none.
func (d *handler) maxExecTime(c *mysql.Conn, query string) int64 {
	if !looksLikeSelect(query) {
		return 0
	}
	if m := maxExecHint.FindStringSubmatch(query); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		return n
	}
	sess := d.sessions.get(c)
	if sess == nil {
		return 0
	}
	v, err := sess.GetSessionVariable(readCtx, "max_execution_time")
	if err != nil {
		return 0
	}
	switch n := v.(type) {
	case int64:
		return n
	case uint64:
		return int64(n)
	case int32:
		return int64(n)
	}
	return 0
}

// watchPeer checks c's socket every peerCheckInterval until stop is
// called, and calls gone once if the client has hung up.
func watchPeer(c *mysql.Conn, gone func()) (stop func()) {
	raw := rawConn(c.Conn)
	if raw == nil {
		return func() {}
	}
	var mu sync.Mutex
	stopped := false
	var t *time.Timer
	t = time.AfterFunc(peerCheckInterval, func() {
		if peerClosed(raw) {
			gone()
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			t.Reset(peerCheckInterval)
		}
	})
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		t.Stop()
	}
}

// rawConn is the socket under a connection's wrappers (TLS, the
// connection limiter), or nil.
func rawConn(c net.Conn) syscall.RawConn {
	for {
		switch x := c.(type) {
		case *tls.Conn:
			c = x.NetConn()
		case *countedConn:
			c = x.Conn
		case syscall.Conn:
			rc, err := x.SyscallConn()
			if err != nil {
				return nil
			}
			return rc
		default:
			return nil
		}
	}
}
