package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// caseOp is a searched CASE (and IF) whose branch values share the
// result's layout: every condition and value is computed over the batch,
// then each row takes the value of its first true condition.
type caseOp struct {
	conds []Expr
	vals  []Expr // len(conds)+1: the last is ELSE (nil: NULL)
	t     ColType
	slot  int
}

func (c *exprCompiler) caseExpr(e sql.Expression) (Expr, bool, error) {
	ce, ok := e.(*expression.Case)
	if !ok || ce.Expr != nil {
		return nil, false, nil
	}
	t, ok := TypeOf(ce.Type())
	if !ok || t.Phys == PDec || t.Phys == PUint {
		return nil, false, nil
	}
	op := &caseOp{t: t}
	for _, b := range ce.Branches {
		cond, err := c.compile(b.Cond)
		if err != nil {
			return nil, false, err
		}
		if cond.Type().Phys == PStr || cond.Type().Phys == PFloat {
			return nil, false, nil // truthiness of strings and doubles: GMS's
		}
		v, ok, err := c.caseValue(b.Value, t)
		if !ok || err != nil {
			return nil, false, err
		}
		op.conds, op.vals = append(op.conds, cond), append(op.vals, v)
	}
	var els Expr
	if ce.Else != nil {
		v, ok, err := c.caseValue(ce.Else, t)
		if !ok || err != nil {
			return nil, false, err
		}
		els = v
	}
	op.vals = append(op.vals, els)
	op.slot = c.slot()
	return op, true, nil
}

// caseValue compiles a branch value whose layout is the result's.
func (c *exprCompiler) caseValue(e sql.Expression, t ColType) (Expr, bool, error) {
	if l, ok := e.(*expression.Literal); ok && l.Value() == nil {
		return nil, true, nil
	}
	v, err := c.compile(e)
	if err != nil {
		return nil, false, err
	}
	return v, v.Type().Phys == t.Phys, nil
}

func (o *caseOp) Type() ColType { return o.t }

func (o *caseOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	conds := make([]*Vec, len(o.conds))
	vals := make([]*Vec, len(o.vals))
	for i, c := range o.conds {
		v, err := c.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		conds[i] = v
	}
	for i, x := range o.vals {
		if x == nil {
			continue
		}
		v, err := x.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		k := len(conds)
		for j, c := range conds {
			if truth(c, i) {
				k = j
				break
			}
		}
		v := vals[k]
		if v == nil || v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		switch o.t.Phys {
		case PFloat:
			out.F[i] = v.F[i]
		case PStr:
			out.S[i] = v.Str(i)
		default:
			out.I[i] = v.I[i]
		}
	}
	return out, nil
}
