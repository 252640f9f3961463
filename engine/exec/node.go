package exec

import (
	"io"

	"github.com/dolthub/go-mysql-server/sql"
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
	s, err := startStream(ctx, n.p)
	if err != nil {
		return nil, err
	}
	return &rowIter{s: s, types: n.p.Types()}, nil
}

// rowIter boxes the stream's batches row by row.
type rowIter struct {
	s     *stream
	types []ColType
	b     *Batch // the batch being read, the stream's
	pos   int
	// strs holds the strings of b's string columns, copied: a row
	// outlives its batch (GMS keeps rows), and a batch's strings may
	// alias storage memory.
	strs [][]string
}

func (it *rowIter) Next(*sql.Context) (sql.Row, error) {
	for it.b == nil || it.pos >= it.b.N {
		b, err := it.s.next()
		if b == nil {
			it.b = nil
			if err == nil {
				err = io.EOF
			}
			return nil, err
		}
		it.b, it.pos = b, 0
		it.copyStrings()
	}
	b := it.b
	row := make(sql.Row, len(b.Cols))
	for c, v := range b.Cols {
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
	return nil
}
