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

// RowIter runs the pipeline and returns its rows.
func (n *Node) RowIter(ctx *sql.Context, _ sql.Row) (sql.RowIter, error) {
	ctx, clones := withClones(ctx)
	defer clones.dispose() // the result is collected: no worker evaluates again
	out, err := n.p.Run(ctx, &collectSink{types: n.p.Types()})
	if err != nil {
		return nil, err
	}
	return &rowIter{bs: out.(*Batches).bs, types: n.p.Types()}, nil
}

// rowIter boxes a materialised result row by row.
type rowIter struct {
	bs    []*Batch
	types []ColType
	b     int
	pos   int
}

func (it *rowIter) Next(*sql.Context) (sql.Row, error) {
	for it.b < len(it.bs) && it.pos >= it.bs[it.b].N {
		it.b, it.pos = it.b+1, 0
	}
	if it.b >= len(it.bs) {
		return nil, io.EOF
	}
	b := it.bs[it.b]
	row := make(sql.Row, len(b.Cols))
	for c, v := range b.Cols {
		row[c] = v.Value(it.pos)
	}
	it.pos++
	return row, nil
}

func (it *rowIter) Close(*sql.Context) error { it.bs = nil; return nil }
