package server

import (
	"bufio"
	"reflect"
	"runtime"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/vitess/go/mysql"
)

// Every use the server makes of go-mysql-server's and vitess's internals
// — what is not an extension point and may change in any upgrade — is in
// this file, and gms_internals_test.go pins each one to the versions it
// was written against (go-mysql-server v0.20.0, vitess
// v0.0.0-20250512224608-8fb9c6ea092c; TestGMSInternalsVersions fails on
// any other, naming what to re-check):
//
//   - unwrapGMSIter: the wrappers GMS puts around a statement's iterator,
//     which the column-batch result path (results_batch.go) looks
//     through. A new wrapper turns the batch path off for the statements
//     it wraps (results stay right, only slower).
//   - connSeq and connBufferedWriter: two unexported fields of vitess's
//     mysql.Conn, reached by their offsets (found by reflection once, at
//     start), for the caching_sha2_password packets vitess has no writer
//     for (authpacket.go) and for errors in the middle of a result
//     (midstream.go). Without them those features are off, not wrong.
//   - onConnGoroutine: the name of vitess's per-command function, looked
//     for on the stack, which tells a command run on the connection's own
//     goroutine from a cursor's.
//   - cursor.go relies on the order of vitess's COM_STMT_FETCH: once the
//     cursor's goroutine has ended, it sets SERVER_STATUS_LAST_ROW_SENT
//     in Conn.StatusFlags and calls Handler.WarningCount on the
//     connection's goroutine after the fetch's rows and before its
//     end-of-result packet. If an upgrade changes that order, a failed
//     cursor's fetch would end without its error:
//     TestCursorErrorMidResult fails.

// unwrapGMSIter returns the iterator under one of GMS's wrappers that
// only track, commit or close expressions (tracked is set when the
// wrapper counts the rows FOUND_ROWS reports); ok is false for any
// other iterator.
func unwrapGMSIter(iter sql.RowIter) (inner sql.RowIter, tracked *plan.TrackedRowIter, ok bool) {
	switch it := iter.(type) {
	case *plan.TrackedRowIter:
		return it.GetIter(), it, true
	case *rowexec.TransactionCommittingIter:
		return it.GetIter(), nil, true
	case *rowexec.ExprCloserIter:
		return it.GetIter(), nil, true
	}
	return nil, nil, false
}

// noField is the offset of a mysql.Conn field that is missing or has
// another type than expected.
const noField = ^uintptr(0)

// connSeqOffset is the offset of mysql.Conn's packet sequence number.
var connSeqOffset = connField("sequence", reflect.TypeFor[uint8]())

// connBufOffset is the offset of mysql.Conn's buffered writer.
var connBufOffset = connField("bufferedWriter", reflect.TypeFor[*bufio.Writer]())

// connField is the offset of mysql.Conn's field name, or noField when it
// is not of type t.
func connField(name string, t reflect.Type) uintptr {
	f, ok := reflect.TypeFor[mysql.Conn]().FieldByName(name)
	if !ok || f.Type != t {
		return noField
	}
	return f.Offset
}

// connSeq points at c's packet sequence number (vitess keeps it in step
// with every packet it writes); nil when vitess no longer has the field.
func connSeq(c *mysql.Conn) *uint8 {
	if connSeqOffset == noField {
		return nil
	}
	return (*uint8)(unsafe.Add(unsafe.Pointer(c), connSeqOffset))
}

// connBufferedWriter is the writer vitess writes c's result packets
// through (nil during the handshake, or when vitess no longer has the
// field).
func connBufferedWriter(c *mysql.Conn) *bufio.Writer {
	if connBufOffset == noField {
		return nil
	}
	return *(**bufio.Writer)(unsafe.Add(unsafe.Pointer(c), connBufOffset))
}

// connCommandFn is the vitess function that reads and runs one command
// on a connection's own goroutine.
const connCommandFn = "github.com/dolthub/vitess/go/mysql.(*Conn).handleNextCommand"

// onConnGoroutine reports whether its caller runs under vitess's
// handleNextCommand, on the goroutine that owns the connection's writer.
// A prepared statement executed through a server-side cursor runs on a
// goroutine vitess starts for it, whose stack does not reach there. It
// walks the stack, so it is for error paths only.
func onConnGoroutine() bool {
	var pcs [128]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if f.Function == connCommandFn {
			return true
		}
		if !more {
			return false
		}
	}
}
