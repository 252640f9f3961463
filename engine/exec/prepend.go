package exec

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// GMS runs a subquery expression by prepending the outer row to every
// row of every source and projection in its plan (plan.PrependNode), and
// indexes the plan's columns behind it. An uncorrelated subquery never
// reads those leading columns, so the executor gives them as absent
// vectors: the plan's own columns keep GMS's numbering, and GMS cuts the
// leading columns off the result rows it reads. (Scalar subqueries such
// as a share's total or the latest order date then run as pipelines.)

// prepend compiles a PrependNode.
func (c *compiler) prepend(n *plan.PrependNode) (*Pipeline, error) {
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	s := &prependSpec{width: len(n.Row)}
	for range n.Row {
		s.types = append(s.types, ColType{Phys: PInt, SQL: types.Int64})
	}
	s.types = append(s.types, p.Types()...)
	return p.then(s), nil
}

// prependSpec puts width absent columns before its input's.
type prependSpec struct {
	width int
	types []ColType
}

func (s *prependSpec) Types() []ColType        { return s.types }
func (s *prependSpec) Open(*sql.Context) error { return nil }
func (s *prependSpec) Sources() []Source       { return nil }
func (s *prependSpec) Describe() (string, []string) {
	return fmt.Sprintf("Prepend(%d outer columns, unread)", s.width), nil
}
func (s *prependSpec) New() Op {
	o := &prependOp{s: s, out: &Batch{Cols: make([]*Vec, len(s.types))}}
	for i := range s.width {
		o.out.Cols[i] = &Vec{}
	}
	return o
}

type prependOp struct {
	s   *prependSpec
	out *Batch
}

func (o *prependOp) Push(_ *sql.Context, b *Batch, emit func(*Batch) error) error {
	for i := range o.s.width {
		o.out.Cols[i].SetAbsent(o.s.types[i], b.N)
	}
	copy(o.out.Cols[o.s.width:], b.Cols)
	o.out.N = b.N
	return emit(o.out)
}
