package exec

import (
	"io"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// Node is a compiled subtree in a GMS plan: GMS sees the subtree's
// schema and rows, the rows come from the pipeline.
type Node struct {
	orig sql.Node
	p    *Pipeline
}

var _ sql.ExecSourceRel = (*Node)(nil)

// NewNode wraps the pipeline compiled from orig.
func NewNode(orig sql.Node, p *Pipeline) *Node { return &Node{orig: orig, p: p} }

func (n *Node) Schema() sql.Schema   { return n.orig.Schema() }
func (n *Node) Resolved() bool       { return true }
func (n *Node) IsReadOnly() bool     { return true }
func (n *Node) Children() []sql.Node { return nil }
func (n *Node) Original() sql.Node   { return n.orig }

// WithChildren implements sql.Node (a compiled subtree is a leaf).
func (n *Node) WithChildren(children ...sql.Node) (sql.Node, error) {
	if len(children) != 0 {
		return nil, sql.ErrInvalidChildrenNumber.New(n, len(children), 0)
	}
	return n, nil
}

func (n *Node) String() string {
	tp := sql.NewTreePrinter()
	_ = tp.WriteNode("Vectorized")
	sub := sql.NewTreePrinter()
	n.p.Explain(sub)
	tp.WriteChildren(sub.String())
	return tp.String()
}

// RowIter opens the pipeline and streams its rows (stream.go): it
// returns once the pipelines the last one reads are done (a sort, a
// join's build side), with their error if they failed.
func (n *Node) RowIter(ctx *sql.Context, _ sql.Row) (sql.RowIter, error) {
	ctx, clones := withClones(ctx)
	s, err := startStream(ctx, n.p)
	if err != nil {
		clones.dispose()
		return nil, err
	}
	it := &rowIter{s: s, types: n.p.Types(), clones: clones}
	// The outer row GMS prepends to a subquery's rows is read above it
	// where the subquery is a derived table that sees the outer scope
	// (its WHERE compares the outer columns): it is given back as is.
	if pn, ok := n.orig.(*plan.PrependNode); ok {
		it.outer = pn.Row
	}
	return it, nil
}

// rowIter boxes the stream's batches row by row.
type rowIter struct {
	s      *stream
	clones *exprClones // disposed once the run has ended
	outer  sql.Row     // the leading columns' values (a PrependNode's row)
	types  []ColType
	b      *Batch // the batch being read, the stream's
	pos    int
	// strs holds the strings of b's string columns, copied: a row
	// outlives its batch (GMS keeps rows), and a batch's strings may
	// alias storage memory.
	strs [][]string
}

// advance moves on to the stream's next batch once it.b is read (copying
// its strings when the rows outlive it); io.EOF, or the run's error, at
// the end.
func (it *rowIter) advance(copyStrings bool) error {
	for it.b == nil || it.pos >= it.b.N {
		b, err := it.s.next()
		if b == nil {
			it.b = nil
			if err == nil {
				err = io.EOF
			}
			return err
		}
		it.b, it.pos = b, 0
		if copyStrings {
			it.copyStrings()
		}
	}
	return nil
}

func (it *rowIter) Next(*sql.Context) (sql.Row, error) {
	if err := it.advance(true); err != nil {
		return nil, err
	}
	b := it.b
	row := make(sql.Row, len(b.Cols))
	for c, v := range b.Cols {
		if c < len(it.outer) {
			row[c] = it.outer[c]
			continue
		}
		if it.strs[c] != nil && !v.IsNull(it.pos) {
			row[c] = it.strs[c][it.pos]
			continue
		}
		row[c] = v.Value(it.pos)
	}
	it.pos++
	return row, nil
}

// copyStrings copies the strings of it.b's string columns, one
// allocation a column.
func (it *rowIter) copyStrings() {
	if it.strs == nil {
		it.strs = make([][]string, len(it.b.Cols))
	}
	for c, v := range it.b.Cols {
		it.strs[c] = nil
		if v.T.Phys == PStr && !v.Absent {
			it.strs[c] = cloneStrings(it.b.N, v.Str)
		}
	}
}

// Close stops the run when the reader leaves before its end.
func (it *rowIter) Close(*sql.Context) error {
	it.b = nil
	it.s.close()
	it.clones.dispose() // no worker evaluates again
	return nil
}
