package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// intDivOp is `DIV` over signed integers and DECIMALs: the quotient
// truncated toward zero, a BIGINT, as MySQL computes it; DIV by zero is
// NULL with warning 1365. Its operands compile to kernels of their own:
// left to GMS, x DIV n evaluated its whole subtree row by row, and GMS's
// UNIX_TIMESTAMP loads the time zone from disk per row (bucketing by
// UNIX_TIMESTAMP(x) DIV 3600 took 30 s over a million rows). Unsigned,
// floating-point and string operands stay GMS's.
type intDivOp struct {
	l, r   Expr
	ml, mr int64 // scale each operand to the larger scale of the two
	slot   int
}

func (c *exprCompiler) intDiv(e sql.Expression) (Expr, bool, error) {
	d, ok := e.(*expression.IntDiv)
	if !ok {
		return nil, false, nil
	}
	if t, ok := TypeOf(d.Type()); !ok || t.Phys != PInt {
		return nil, false, nil
	}
	l, r, err := c.compileBoth(d.LeftChild, d.RightChild)
	if err != nil {
		return nil, false, err
	}
	sl, okl := divScale(l.Type(), d.LeftChild)
	sr, okr := divScale(r.Type(), d.RightChild)
	if !okl || !okr {
		return nil, false, nil
	}
	s := max(sl, sr)
	return &intDivOp{l: l, r: r, ml: pow10(s - sl), mr: pow10(s - sr), slot: c.slot()}, true, nil
}

// divScale is a signed integer's (0) or a DECIMAL's scale.
func divScale(t ColType, e sql.Expression) (int32, bool) {
	if t.Phys != PInt && t.Phys != PDec {
		return 0, false
	}
	s, _, ok := decimalShape(t, e)
	return s, ok && s <= maxArithScale
}

func (o *intDivOp) Type() ColType { return ColType{Phys: PInt, SQL: types.Int64} }

func (o *intDivOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	l, r, err := operands(ctx, b, f, o.l, o.r)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.Type(), b.N)
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		x, okx := arithInt('*', l.I[i], o.ml)
		y, oky := arithInt('*', r.I[i], o.mr)
		if !okx || !oky || (y == -1 && x == minInt64) {
			return nil, sql.ErrValueOutOfRange.New(l.I[i], "BIGINT")
		}
		if y == 0 {
			ctx.Warn(1365, "Division by 0")
			out.setNull(i, b.N)
			continue
		}
		out.I[i] = x / y
	}
	return out, nil
}

const minInt64 = -1 << 63

// compileBoth compiles a binary operator's operands.
func (c *exprCompiler) compileBoth(left, right sql.Expression) (Expr, Expr, error) {
	l, err := c.compile(left)
	if err != nil {
		return nil, nil, err
	}
	r, err := c.compile(right)
	return l, r, err
}
