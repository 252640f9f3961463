package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// coalesceOp is COALESCE(a, b, …) or IFNULL(a, b): each row takes its
// first non-NULL argument. The arguments share the result's layout;
// integers and narrower DECIMALs among DECIMAL arguments are scaled to
// the result's scale.
type coalesceOp struct {
	args []Expr
	mult []int64 // by argument: the factor to the result's scale
	t    ColType
	slot int
}

func (c *exprCompiler) coalesce(e sql.Expression) (Expr, bool, error) {
	inner := e
	if x, ok := e.(*mysqlfn.ExactChoice); ok {
		inner = x.Unwrap() // typed as MySQL does: its arguments are scaled to it
	}
	switch inner.(type) {
	case *function.Coalesce, *function.IfNull:
	default:
		return nil, false, nil
	}
	t, ok := carriedType(e.Type()) // a wide DECIMAL: its arguments' scaled values pass through
	if !ok || t.Phys == PUint {
		return nil, false, nil
	}
	op := &coalesceOp{t: t}
	for _, ch := range inner.Children() {
		if l, ok := ch.(*expression.Literal); ok && l.Value() == nil {
			continue // a NULL argument is never taken
		}
		x, err := c.compile(ch)
		if err != nil {
			return nil, false, err
		}
		xt, m := x.Type(), int64(1)
		switch {
		case t.Phys == PDec && (xt.Phys == PDec || xt.Phys == PInt) && xt.Scale <= t.Scale:
			m = pow10(t.Scale - xt.Scale)
		case t.Phys == PStr && isTime(xt):
			if x, ok = c.asTimeText(x, t); !ok {
				return nil, false, nil
			}
		case xt.Phys != t.Phys || xt.Scale != t.Scale:
			return nil, false, nil
		}
		op.args = append(op.args, x)
		op.mult = append(op.mult, m)
	}
	op.slot = c.slot()
	return op, true, nil
}

func (o *coalesceOp) Type() ColType { return o.t }

func (o *coalesceOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	var inline [8]*Vec
	vs, err := vecsOf(ctx, b, f, o.args, inline[:0])
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		k := 0
		for k < len(vs) && vs[k].IsNull(i) {
			k++
		}
		if k == len(vs) {
			out.setNull(i, b.N)
			continue
		}
		copyFrom(out, i, b.N, vs[k], i)
		if o.mult[k] != 1 {
			out.I[i] *= o.mult[k]
		}
	}
	return out, nil
}

// nullIfOp is NULLIF(a, b): a, NULL where a = b is true (the equality
// compiled as the comparison kernels compare, collations included).
type nullIfOp struct {
	a, eq Expr
	slot  int
}

func (c *exprCompiler) nullIf(e sql.Expression) (Expr, bool, error) {
	n, ok := e.(*function.NullIf)
	if !ok {
		return nil, false, nil
	}
	t, ok := TypeOf(n.Type())
	if !ok {
		return nil, false, nil
	}
	a, err := c.compile(n.LeftChild)
	if err != nil {
		return nil, false, err
	}
	if at := a.Type(); at.Phys != t.Phys || at.Scale != t.Scale {
		return nil, false, nil
	}
	eq, err := c.compile(expression.NewEquals(n.LeftChild, n.RightChild))
	if err != nil {
		return nil, false, err
	}
	if eq.Type().Phys == PStr {
		return nil, false, nil // see truth
	}
	return &nullIfOp{a: a, eq: eq, slot: c.slot()}, true, nil
}

func (o *nullIfOp) Type() ColType { return o.a.Type() }

func (o *nullIfOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.a.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	eq, err := o.eq.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(a.T, b.N)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) || truth(eq, i) {
			out.setNull(i, b.N)
			continue
		}
		copyFrom(out, i, b.N, a, i)
	}
	return out, nil
}
