package server

import (
	"errors"
	"io"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
)

// Errors in the middle of a result.
//
// A statement can fail after its first rows are on the wire: KILL QUERY,
// max_execution_time, a memory limit, a bad value in row 10,000. MySQL
// then sends an ERR packet in place of the next row, and clients report
// the error (1317, 3024, 1038 …) and keep the connection. vitess (under
// go-mysql-server) cannot: once it has written a result's fields it
// answers a handler error by closing the connection ("We can't send an
// error in the middle of a stream"), so the client sees 2013 "Lost
// connection" and its session is gone.
//
// streamGuard does what MySQL does. It notes whether the command's result
// has begun (a callback with fields); when the handler then returns an
// error, it writes the ERR packet into the connection's buffered writer
// itself, after the rows written so far, and points that writer at
// io.Discard for the rest of the command, so the end-of-result packet
// vitess writes next goes nowhere. The handler returns nil: vitess keeps
// the connection and reads the next command. The buffered writer and the
// sequence number are unexported fields of mysql.Conn (gms_internals.go
// reaches them); TestGMSConnFields fails if an upgrade renames them, and
// without them the old behaviour (the connection closed) stays.
//
// Text-protocol commands (COM_QUERY) and prepared statements executed
// without a cursor (COM_STMT_EXECUTE; what go-sql-driver/mysql, JDBC by
// default and most drivers send) are guarded here. A statement executed
// with a server-side cursor runs on a goroutine of its own while the
// connection's goroutine answers COM_STMT_FETCH and owns the writer
// (onConnGoroutine tells the two apart): its error is handed to the
// fetch that reaches it (cursor.go).

// streamGuard watches one command's result; see above.
type streamGuard struct {
	started bool  // the result's fields went to vitess
	cbErr   error // an error of the callback itself (the client is gone)
	// binary is set for COM_STMT_EXECUTE, which may run off the
	// connection's goroutine (a cursor).
	binary bool
	// toFetch keeps a cursor's error for the fetch that reaches it
	// (cursor.go); false: it cannot, return the error.
	toFetch func(error) bool
}

// wrap returns cb noting what goes through it.
func (g *streamGuard) wrap(cb mysql.ResultSpoolFn) mysql.ResultSpoolFn {
	return func(r *sqltypes.Result, more bool) error {
		if r != nil && len(r.Fields) > 0 {
			g.started = true
		}
		err := cb(r, more)
		if err != nil && g.cbErr == nil {
			g.cbErr = err
		}
		return err
	}
}

// finish is the command's error as vitess should see it: nil once err
// has been written as an ERR packet after rows already sent.
func (g *streamGuard) finish(c *mysql.Conn, err error) error {
	if err == nil || g.cbErr != nil {
		return err
	}
	if !g.started {
		return g.beforeFields(c, err)
	}
	if g.binary && !onConnGoroutine() {
		if g.toFetch != nil && g.toFetch(err) {
			return nil
		}
		return err
	}
	if werr := writeStreamError(c, err); werr != nil {
		return err
	}
	return nil
}

// beforeFields is finish for a statement that failed before its fields.
// vitess answers most commands with the error itself. Not a cursor's:
// it runs here, off the connection's goroutine, and vitess, which sees
// only that no result came, answers the execute with 1105 "unknown
// error: missing result set". So the error is written here, as the
// execute's answer, and what vitess writes after it discarded. The
// connection's goroutine is waiting for this goroutine's first result
// and writes nothing until it has ended, so the writer is this
// goroutine's meanwhile.
func (g *streamGuard) beforeFields(c *mysql.Conn, err error) error {
	if !g.binary || onConnGoroutine() || !midStreamSupported() {
		return err
	}
	if werr := writeStreamError(c, err); werr != nil {
		return err
	}
	return nil
}

// midStreamSupported reports whether vitess's connection still has the
// fields writeStreamError writes through.
func midStreamSupported() bool { return connSeqOffset != noField && connBufOffset != noField }

var errNoMidStreamFields = errors.New("vitess mysql.Conn has no bufferedWriter or sequence field")

// writeStreamError ends the result being written on c with err as an ERR
// packet and discards what vitess writes after it in this command.
func writeStreamError(c *mysql.Conn, err error) error {
	bw, seq := connBufferedWriter(c), connSeq(c)
	if bw == nil || seq == nil {
		return errNoMidStreamFields
	}
	var se *mysql.SQLError
	if !errors.As(err, &se) {
		se = sql.CastSQLError(err)
	}
	state := se.State
	if len(state) != 5 {
		state = mysql.SSUnknownSQLState
	}
	pkt := errorPacket(uint16(se.Num), state, se.Message)
	if len(pkt) > 1<<24 {
		return errors.New("error message too long for one packet")
	}
	pkt[3] = *seq
	if _, werr := bw.Write(pkt); werr != nil {
		return werr
	}
	*seq++
	if werr := bw.Flush(); werr != nil {
		return werr
	}
	bw.Reset(io.Discard)
	return nil
}
