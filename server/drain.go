package server

import (
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// handler wraps the GMS mysql.Handler. It knows, for every open
// connection, whether a command is running on it, so Shutdown can close
// idle connections at once and busy ones right after their command; its
// command methods (handler.go) also fix error codes (errcodes.go).
//
// Closing is done by shutting down the read half of the socket: the
// connection's goroutine is then told "end of stream" at its next read,
// which happens only after the response of the running command has been
// written in full. That is why a busy connection is half-closed only after
// its command returns (LOAD DATA LOCAL reads from the client mid-command).
//
// Invariants (under mu): conns holds exactly the connections whose
// NewConnection ran and ConnectionClosed did not; once draining is true,
// every conn in conns that is not busy has had its read half shut down;
// empty is closed once draining is true and conns is empty.
type handler struct {
	mysql.Handler
	log *slog.Logger
	// results runs plain SELECTs (results.go); nil sends every statement
	// to go-mysql-server's handler.
	results atomic.Pointer[resultPath]
	// accounts runs SET PASSWORD and ALTER USER's lock options (accounts.go).
	accounts *accountStmts
	// sessions finds a connection's session for its statement limits
	// (stmt_limits.go).
	sessions *sessions
	// optimize runs OPTIMIZE TABLE and ANALYZE TABLE (optimize.go); nil
	// leaves them to go-mysql-server, which rejects OPTIMIZE.
	optimize atomic.Pointer[optimizePath]
	// pool is the server-wide memory budget statements draw on
	// (memory.go); nil: no accounting.
	pool *membudget.Pool
	// budget applies cohortdb_memory_limit to pool and the Go runtime
	// (budget.go); nil with pool nil.
	budget *budget
	// idle returns the heap's free memory to the OS when no command runs
	// (idlemem.go); nil: never.
	idle *idleMemory

	mu       sync.Mutex
	conns    map[*mysql.Conn]*connState
	draining bool
	empty    chan struct{}
}

type connState struct {
	busy       int             // commands running (vitess runs one at a time; counted anyway)
	readClosed bool            // the read half was shut down (or the conn closed)
	lastErr    *mysql.SQLError // the last statement's error, for SHOW ERRORS
	cursorErr  error           // a cursor's error for its last fetch (cursor.go)
	tableLocks bool            // LOCK TABLES holds tables: UNLOCK TABLES commits (implicit_commit.go)
}

func newHandler(h mysql.Handler, log *slog.Logger) *handler {
	return &handler{
		Handler: h,
		log:     log,
		conns:   make(map[*mysql.Conn]*connState),
		empty:   make(chan struct{}),
	}
}

// drain starts draining: idle connections are half-closed now, busy ones
// when their command ends. It returns a channel closed once no
// connection is left.
func (d *handler) drain() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.draining {
		d.draining = true
		for c, st := range d.conns {
			if st.busy == 0 {
				st.closeRead(c)
			}
		}
		d.checkEmptyLocked()
	}
	return d.empty
}

// forceClose closes every remaining connection outright (grace expired).
func (d *handler) forceClose() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	for c := range d.conns {
		c.Close()
	}
	return len(d.conns)
}

// open returns the number of open connections.
func (d *handler) open() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.conns)
}

func (d *handler) checkEmptyLocked() {
	if d.draining && len(d.conns) == 0 {
		select {
		case <-d.empty:
		default:
			close(d.empty)
		}
	}
}

// closeRead shuts down the read half of c's socket once, or closes c when
// the socket cannot be half-closed. Called with the handler's mu held.
func (st *connState) closeRead(c *mysql.Conn) {
	if st.readClosed {
		return
	}
	st.readClosed = true
	if hc, ok := c.Conn.(interface{ CloseRead() error }); ok {
		if hc.CloseRead() == nil {
			return
		}
	}
	c.Close()
}

// begin marks a command as running on c; the returned func marks it done.
func (d *handler) begin(c *mysql.Conn) func() {
	idleEnd := d.idle.begin()
	d.mu.Lock()
	st := d.conns[c]
	if st != nil {
		st.busy++
	}
	d.mu.Unlock()
	return func() {
		defer idleEnd()
		d.mu.Lock()
		defer d.mu.Unlock()
		if st == nil {
			return
		}
		st.busy--
		if d.draining && st.busy == 0 {
			st.closeRead(c)
		}
	}
}

// NewConnection implements mysql.Handler.
func (d *handler) NewConnection(c *mysql.Conn) {
	d.mu.Lock()
	st := &connState{}
	d.conns[c] = st
	if d.draining {
		st.closeRead(c)
	}
	d.mu.Unlock()
	d.Handler.NewConnection(c)
}

// ConnectionClosed implements mysql.Handler.
func (d *handler) ConnectionClosed(c *mysql.Conn) {
	d.Handler.ConnectionClosed(c)
	d.sessions.remove(c)
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.conns, c)
	d.checkEmptyLocked()
}
