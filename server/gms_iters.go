package server

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
)

// The server's one use of go-mysql-server's iterator internals: the
// column-batch result path (results_batch.go) looks through the wrappers
// GMS v0.20.0 puts around a statement's iterator to find a batch.Iter
// under them. These types are not an extension point: a GMS upgrade that
// adds, renames or drops a wrapper turns the batch path off for the
// statements it wraps (results stay right, only slower), and
// TestBatchResultPathMatchesGMS fails, since it checks which statements
// were read as batches.

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
