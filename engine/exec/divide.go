package exec

import (
	"fmt"
	"math/bits"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// divPrecisionIncrement is MySQL's div_precision_increment default: a
// DECIMAL quotient has the dividend's scale plus 4.
const divPrecisionIncrement = 4

// divOp is `/` over DECIMALs and integers on their scaled int64s: the
// exact quotient rounded half away from zero at the dividend's scale +
// 4, as MySQL and GMS answer it (they truncate at 9 digits, then round:
// the same digits). Division by zero is NULL with MySQL's warning 1365.
// A quotient past the int64 at its scale is an error, as for the other
// DECIMAL kernels.
type divOp struct {
	l, r Expr
	t    ColType
	k    int32 // the dividend is scaled by 10^k before dividing
	slot int
}

// divide compiles a DECIMAL `/`. It is left to GMS inside other
// arithmetic (GMS rounds only the outermost operation) and around
// nested divisions (GMS divides those as doubles) or DECIMAL arithmetic;
// integer arithmetic inside (COUNT(*) - 1) is exact.
func (c *exprCompiler) divide(e sql.Expression) (Expr, bool, error) {
	d, ok := e.(*expression.Div)
	if !ok || c.inArith > 0 || !types.IsDecimal(d.Type()) {
		return nil, false, nil
	}
	return c.divideAt(d, d.Type().(sql.DecimalType))
}

// divideAt compiles the DECIMAL division d as a quotient of type dt,
// whose scale must be the dividend's + 4 (MySQL's).
func (c *exprCompiler) divideAt(d *expression.Div, dt sql.DecimalType) (Expr, bool, error) {
	nested := false
	for _, ch := range d.Children() {
		sql.Inspect(ch, func(x sql.Expression) bool {
			_, isDiv := x.(*expression.Div)
			a, isArith := x.(*expression.Arithmetic)
			// Signed integer arithmetic is exact: nothing for GMS to
			// round (an unsigned operand's values may pass the int64).
			nested = nested || isDiv || (isArith && !(types.IsInteger(a.Type()) && !anyUnsigned(a)))
			return !nested
		})
	}
	if nested {
		return nil, false, nil
	}
	l, r, err := c.compileBoth(d.LeftChild, d.RightChild)
	if err != nil {
		return nil, false, err
	}
	sl, _, okl := decimalShape(l.Type(), d.LeftChild)
	sr, _, okr := decimalShape(r.Type(), d.RightChild)
	s := sl + divPrecisionIncrement
	if !okl || !okr || int32(dt.Scale()) != s || s-sl+sr > 18 {
		return nil, false, nil
	}
	t := ColType{Phys: PDec, Scale: s, SQL: dt}
	return &divOp{l: l, r: r, t: t, k: s - sl + sr, slot: c.slot()}, true, nil
}

func (o *divOp) Type() ColType { return o.t }

func (o *divOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	m := uint64(pow10(o.k))
	return quotientVec(ctx, b, f, o.l, o.r, o.t, o.slot, o.t.SQL, func(x, y int64) (int64, bool) {
		return divRound(x, y, m)
	})
}

// quotientVec is fn(l, r) of each row of two exact operands in the
// frame's slot: NULL where either is NULL, NULL with MySQL's warning 1365
// where r is 0, an error naming what where fn's answer passes the int64.
func quotientVec(ctx *sql.Context, b *Batch, f *Frame, le, re Expr, t ColType, slot int, what any, fn func(x, y int64) (int64, bool)) (*Vec, error) {
	l, r, err := operands(ctx, b, f, le, re)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[slot]
	out.reset(t, b.N)
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		if r.I[i] == 0 {
			ctx.Warn(1365, "Division by 0")
			out.setNull(i, b.N)
			continue
		}
		q, ok := fn(l.I[i], r.I[i])
		if !ok {
			return nil, exactRange(fmt.Errorf("exec: DECIMAL quotient out of range in %s", what))
		}
		out.I[i] = q
	}
	return out, nil
}

// divRound is a × m / b rounded half away from zero, in 128 bits; ok is
// false when the quotient passes the int64.
func divRound(a, b int64, m uint64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(a), abs64(b)
	hi, lo := bits.Mul64(ua, m)
	if hi >= ub {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, ub)
	if rem >= ub-rem { // rem ≥ b/2
		q++
	}
	if q > 1<<63-1 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// anyUnsigned reports whether e or an expression inside it is unsigned.
func anyUnsigned(e sql.Expression) bool {
	found := false
	sql.Inspect(e, func(x sql.Expression) bool {
		found = found || types.IsUnsigned(x.Type())
		return !found
	})
	return found
}
