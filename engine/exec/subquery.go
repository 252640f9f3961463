package exec

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// scalarSubquery is an uncorrelated scalar subquery ((SELECT MAX(x) FROM
// t) in a filter or a select list): run once, by the first worker that
// needs it, and then a constant.
type scalarSubquery struct {
	q     *plan.Subquery
	t     ColType
	width int // the input row GMS prepends to the subquery's rows
	once  sync.Once
	val   *literal
	err   error
}

func (c *exprCompiler) subquery(e sql.Expression) (Expr, bool, error) {
	q, ok := e.(*plan.Subquery)
	if !ok {
		return nil, false, nil
	}
	t, ok := carriedType(q.Type())
	if !ok {
		return nil, false, unsupported("type %s of %s", q.Type(), q)
	}
	if !q.Correlated().Empty() && !q.Volatile() {
		if x, ok, err := c.correlated(q, t); ok || err != nil {
			return x, ok, err
		}
		if x, ok, err := c.correlatedTop(q, t); ok || err != nil {
			return x, ok, err
		}
	}
	if !q.Correlated().Empty() || q.Volatile() {
		return nil, false, unsupported("correlated subquery %s", q)
	}
	return &scalarSubquery{q: q, t: t, width: len(c.in), val: &literal{t: t, slot: c.slot()}}, true, nil
}

func (s *scalarSubquery) Type() ColType { return s.t }

func (s *scalarSubquery) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	s.once.Do(func() {
		// Its rows carry the outer row first (values unused: nothing
		// correlates), as GMS evaluates it.
		s.val.v, s.err = s.q.Eval(ctx, make(sql.Row, s.width))
	})
	if s.err != nil {
		return nil, s.err
	}
	return s.val.Vec(ctx, b, f)
}
