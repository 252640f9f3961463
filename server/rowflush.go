package server

import (
	"context"
	"io"
	"sync"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/iters"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// Rows produced before an error.
//
// MySQL sends a result's rows as the statement produces them, so when it
// fails at row 10,000 the client has rows 0 to 9,999, then the error.
// go-mysql-server's handler moves rows from the iterator's goroutine to
// the wire through a channel (512 rows) and a batch (128 rows); when the
// iterator fails it cancels both goroutines and drops what they held, so
// the client got a prefix of unknown length — none at all for a result
// under a few hundred rows. (The batched result path of plain SELECTs,
// results.go, sends its pending batch itself: spooler.flush.)
//
// For the statements that go to that handler (prepared statements,
// multi-statement packets, everything but a plain text SELECT) the
// command's context carries a rowErrs, armed, and the analyzer's exec
// builder is wrapped (flushBuilder): the first statement built under an
// armed rowErrs, when it is read-only and returns rows, gets an iterator
// (flushIter) that keeps an error arriving after its first row and ends
// the rows there instead. The handler then spools every row it has and
// returns as for a complete result; the command takes the kept error
// (rowErrs.result) and returns it, and streamGuard writes it after the
// rows (midstream.go). Read-only only: an error hidden from a write's
// iterators could let its transaction commit. A statement cancelled
// (KILL QUERY, max_execution_time, client gone) is left as it was: its
// rows were cut short at a moment nobody chose, and the handler reports
// the cancellation itself.

// rowErrs is one command's deferred row error; see above.
type rowErrs struct {
	armed atomic.Bool
	mu    sync.Mutex
	err   error
}

type rowErrsKey struct{}

// deferRowErrors returns ctx carrying an armed rowErrs for the statement
// the command runs.
func deferRowErrors(ctx context.Context) (context.Context, *rowErrs) {
	e := &rowErrs{}
	e.armed.Store(true)
	return context.WithValue(ctx, rowErrsKey{}, e), e
}

// result is the command's error: err, the handler's own, when it has
// one, else the error its rows ended at (nil when they did not).
func (e *rowErrs) result(err error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err == nil {
		err = e.err
	}
	e.err = nil
	return err
}

func (e *rowErrs) keep(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.err = err
}

// flushBuilder wraps the analyzer's exec builder (installed by newServer)
// to hand the first statement of an armed command a flushIter.
type flushBuilder struct{ sql.NodeExecBuilder }

func (b flushBuilder) Build(ctx *sql.Context, n sql.Node, row sql.Row) (sql.RowIter, error) {
	iter, err := b.NodeExecBuilder.Build(ctx, n, row)
	if err != nil || iter == nil {
		return iter, err
	}
	e, _ := ctx.Value(rowErrsKey{}).(*rowErrs)
	// Disarmed by the first build, whatever it is: only the command's
	// own statement, not one it runs inside, is considered.
	if e == nil || !e.armed.CompareAndSwap(true, false) || !returnsRows(n) {
		return iter, nil
	}
	return flushed(iter, e), nil
}

// returnsRows reports whether n is a read-only statement with a result
// set.
func returnsRows(n sql.Node) bool {
	s := n.Schema()
	return len(s) > 0 && !types.IsOkResultSchema(s) && n.IsReadOnly() &&
		plan.GetQueryType(n) == plan.QueryTypeSelect
}

// flushed is iter ending at a kept error. The handler evaluates a
// statement's top projection itself when it finds it (a ProjectIter
// that may defer, directly or under a LimitIter); there an error would
// still drop its pending rows, so the flushIter takes the projection's
// place and evaluates it as the handler would (without ProjectIter's
// turning -0 into 0).
func flushed(iter sql.RowIter, e *rowErrs) sql.RowIter {
	switch it := iter.(type) {
	case *iters.LimitIter:
		it.ChildIter = flushed(it.ChildIter, e)
		return it
	case *rowexec.ProjectIter:
		if it.CanDefer() {
			return &flushIter{RowIter: it, child: it.GetChildIter(), projs: it.GetProjections(), errs: e}
		}
	}
	return &flushIter{RowIter: iter, child: iter, errs: e}
}

// flushIter reads child, projects its rows when projs is set, and ends
// at an error that follows at least one row, keeping it in errs. Close
// closes the iterator it stands for (RowIter).
type flushIter struct {
	sql.RowIter
	child sql.RowIter
	projs []sql.Expression
	errs  *rowErrs
	rows  bool // a row went out
}

func (it *flushIter) Next(ctx *sql.Context) (sql.Row, error) {
	row, err := it.child.Next(ctx)
	if err == nil && it.projs != nil {
		row, err = project(ctx, it.projs, row)
	}
	switch {
	case err == nil:
		it.rows = true
		return row, nil
	case err == io.EOF || !it.rows || ctx.Err() != nil:
		return row, err
	}
	it.errs.keep(err)
	return nil, io.EOF
}

// project evaluates projs over row, as go-mysql-server's handler
// evaluates deferred projections.
func project(ctx *sql.Context, projs []sql.Expression, row sql.Row) (sql.Row, error) {
	out := make(sql.Row, len(projs))
	for i, p := range projs {
		v, err := p.Eval(ctx, row)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
