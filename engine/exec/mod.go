package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
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
	// ul, ur: an operand is unsigned (its int64 is a uint64's bits); the
	// remainder is then computed on magnitudes (both at the result's scale).
	ul, ur bool
	slot   int
}

func (c *exprCompiler) mod(e sql.Expression) (Expr, bool, error) {
	var m *expression.Mod
	switch x := e.(type) {
	case *expression.Mod:
		m = x
	case *mysqlfn.ExactMod: // MySQL's type (a BIGINT of integers)
		m = x.Unwrap()
	default:
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || (t.Phys != PDec && t.Phys != PInt && t.Phys != PUint) || t.Scale > maxArithScale {
		return nil, false, nil
	}
	l, r, err := c.compileBoth(m.LeftChild, m.RightChild)
	if err != nil {
		return nil, false, err
	}
	sl, okl := modScale(l.Type(), m.LeftChild)
	sr, okr := modScale(r.Type(), m.RightChild)
	if !okl || !okr || sl > t.Scale || sr > t.Scale {
		return nil, false, nil
	}
	o := &modOp{l: l, r: r, t: t, ml: pow10(t.Scale - sl), mr: pow10(t.Scale - sr), slot: c.slot(),
		ul: l.Type().Phys == PUint, ur: r.Type().Phys == PUint}
	if (o.ul || o.ur) && (o.ml != 1 || o.mr != 1) {
		return nil, false, nil
	}
	return o, true, nil
}

// modScale is an operand's scale: a DECIMAL's, an integer's (unsigned
// ones too: the remainder is computed on magnitudes) 0.
func modScale(t ColType, e sql.Expression) (int32, bool) {
	if t.Phys == PUint {
		return 0, true
	}
	s, _, ok := decimalShape(t, e)
	return s, ok
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
		if o.ul || o.ur {
			if !o.unsignedMod(ctx, l.I[i], r.I[i], out, i, b.N) {
				out.setNull(i, b.N)
			}
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

// unsignedMod writes x % y where either is unsigned: the remainder of
// the magnitudes with the dividend's sign, as MySQL computes it (it fits
// an int64: it is less than |y|). False for a zero divisor (NULL, 1365).
func (o *modOp) unsignedMod(ctx *sql.Context, x, y int64, out *Vec, i, n int) bool {
	ax, negx := magnitude(x, o.ul)
	ay, _ := magnitude(y, o.ur)
	if ay == 0 {
		ctx.Warn(1365, "Division by 0")
		return false
	}
	r := int64(ax % ay)
	if negx {
		r = -r
	}
	out.I[i] = r
	return true
}

// magnitude is |x| as a uint64 and whether x is negative; unsigned: x
// holds a uint64's bits.
func magnitude(x int64, unsigned bool) (uint64, bool) {
	if unsigned || x >= 0 {
		return uint64(x), false
	}
	return uint64(-(x + 1)) + 1, true
}
