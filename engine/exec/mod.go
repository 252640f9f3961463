package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// modOp is `%` and MOD() over integers and DECIMALs, on their int64s
// scaled to the result's scale: the remainder takes the dividend's sign
// (Go's % is MySQL's), and MOD by zero is NULL with MySQL's warning
// 1365. GMS types the result DECIMAL (customer_id % 7 is DECIMAL(1,0));
// a FLOAT result (a string operand) is left to it.
type modOp struct {
	l, r   Expr
	t      ColType
	ml, mr int64 // scale each operand to the result's scale
	slot   int
}

func (c *exprCompiler) mod(e sql.Expression) (Expr, bool, error) {
	m, ok := e.(*expression.Mod)
	if !ok {
		return nil, false, nil
	}
	t, ok := TypeOf(m.Type())
	if !ok || t.Phys != PDec || t.Scale > maxArithScale {
		return nil, false, nil
	}
	l, err := c.compile(m.LeftChild)
	if err != nil {
		return nil, false, err
	}
	r, err := c.compile(m.RightChild)
	if err != nil {
		return nil, false, err
	}
	sl, _, okl := decimalShape(l.Type(), m.LeftChild)
	sr, _, okr := decimalShape(r.Type(), m.RightChild)
	if !okl || !okr || sl > t.Scale || sr > t.Scale {
		return nil, false, nil
	}
	return &modOp{l: l, r: r, t: t, ml: pow10(t.Scale - sl), mr: pow10(t.Scale - sr), slot: c.slot()}, true, nil
}

func (o *modOp) Type() ColType { return o.t }

func (o *modOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	l, r, err := operands(ctx, b, f, o.l, o.r)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		x, okx := arithInt('*', l.I[i], o.ml)
		y, oky := arithInt('*', r.I[i], o.mr)
		if !okx || !oky {
			return nil, sql.ErrValueOutOfRange.New(l.I[i], o.t.SQL)
		}
		if y == 0 {
			ctx.Warn(1365, "Division by 0")
			out.setNull(i, b.N)
			continue
		}
		out.I[i] = x % y
	}
	return out, nil
}
