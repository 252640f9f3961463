package server

import (
	"github.com/dolthub/vitess/go/mysql"
)

// Errors in the middle of a server-side cursor's result.
//
// A prepared statement executed with a cursor (COM_STMT_EXECUTE with
// CURSOR_TYPE_READ_ONLY, then COM_STMT_FETCH) runs on a goroutine vitess
// starts for it, handing batches of rows over a channel to the
// connection's goroutine, which writes them as the client fetches. When
// the statement fails after its fields went out, vitess's COM_STMT_FETCH
// receives the error from that goroutine and returns it from the command
// ("We can't send an error in the middle of a stream"): the connection
// is closed and the client sees 2013.
//
// The handler does what MySQL does without forking vitess. The cursor's
// goroutine keeps the error in the connection's state and returns nil
// (deferCursorErr), so vitess ends the cursor as if its rows were all
// there: it marks the fetch's end SERVER_STATUS_LAST_ROW_SENT and, on the
// connection's goroutine, after the rows of that fetch and before its
// end-of-result packet, asks the handler for the warning count.
// WarningCount then writes the kept error as an ERR packet after those
// rows and discards the end-of-result packet (writeStreamError, as for
// COM_QUERY), so the client's fetch ends with the statement's error
// (1317, 3024, 1038 …) and the connection carries on. The error is kept
// only when the mid-stream writer is available (midStreamSupported);
// otherwise the old behaviour, a closed connection, stays — never a
// silently short result. The order of vitess's calls it relies on is
// pinned in gms_internals.go. A cursor statement that fails before its
// fields is answered by the cursor's goroutine itself
// (streamGuard.beforeFields), in place of vitess's 1105.

// deferCursorErr keeps err, the error of c's cursor statement after its
// fields were sent, for the COM_STMT_FETCH that reaches it; false when it
// cannot be answered that way (the caller returns it to vitess).
func (d *handler) deferCursorErr(c *mysql.Conn, err error) bool {
	if !midStreamSupported() {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.conns[c]
	if st == nil {
		return false
	}
	st.cursorErr = err
	return true
}

// takeCursorErr returns and forgets c's kept cursor error.
func (d *handler) takeCursorErr(c *mysql.Conn) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.conns[c]
	if st == nil {
		return nil
	}
	err := st.cursorErr
	st.cursorErr = nil
	return err
}

// WarningCount implements mysql.Handler. At the end of the fetch that
// finished a cursor whose statement failed, it writes the statement's
// error in place of the end-of-result packet (see above).
func (d *handler) WarningCount(c *mysql.Conn) uint16 {
	n := d.Handler.WarningCount(c)
	if c.StatusFlags&mysql.ServerCursorLastRowSent == 0 {
		return n
	}
	if err := d.takeCursorErr(c); err != nil {
		if werr := writeStreamError(c, err); werr != nil {
			d.log.Error("cursor error after its rows not sent", "conn", c.ConnectionID, "err", err, "write", werr)
		}
	}
	return n
}
