package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// intValOp is FLOOR(x) or CEIL(x) (mysqlfn.IntVal) of a DECIMAL, on its
// scaled int64s, or of a DOUBLE; an integer argument is its own answer.
// A DECIMAL quotient a / b is computed as MySQL hands it to FLOOR:
// truncated at its internal digits (mysqlfn.Quotient), here in 128 bits
// from the operands, then floored — FLOOR(amount / 10) buckets without
// a DECIMAL value per row.
type intValOp struct {
	x, div Expr // div: the divisor of a quotient x / div
	t      ColType
	scale  int32 // the argument's decimals (a quotient's digits)
	k      int32 // a quotient's dividend is scaled by 10^k before dividing
	ceil   bool
	slot   int
}

func (c *exprCompiler) intVal(e sql.Expression) (Expr, bool, error) {
	iv, ok := e.(*mysqlfn.IntVal)
	if !ok {
		return nil, false, nil
	}
	// A wide DECIMAL(n+1,0) result (FLOOR((n + 1) / 2) of a BIGINT n)
	// holds integers: carried in int64s while they fit (carriedType).
	t, ok := carriedType(iv.Type())
	if !ok {
		return nil, false, nil
	}
	intOut := t.Phys == PInt || (t.Phys == PDec && t.Scale == 0)
	op := &intValOp{t: t, ceil: iv.Ceil, slot: c.slot()}
	if q, quot := iv.X.(*mysqlfn.Quotient); quot {
		l, r, err := c.compileBoth(q.LeftChild, q.RightChild)
		if err != nil {
			return nil, false, err
		}
		sl, _, okl := decimalShape(l.Type(), q.LeftChild)
		sr, _, okr := decimalShape(r.Type(), q.RightChild)
		op.x, op.div, op.scale, op.k = l, r, q.Digits(), q.Digits()-sl+sr
		if !okl || !okr || !intOut || op.k < 0 || op.k > 18 || op.scale > 18 {
			return nil, false, nil
		}
		return op, true, nil
	}
	x, err := c.compile(iv.X)
	if err != nil {
		return nil, false, err
	}
	switch in := x.Type(); {
	case (in.Phys == PInt || in.Phys == PUint) && t.Phys == in.Phys:
		return x, true, nil
	case in.Phys == PDec && intOut:
		op.x, op.scale = x, in.Scale
	case in.Phys == PFloat && t.Phys == PFloat:
		op.x = x
	default:
		return nil, false, nil
	}
	return op, true, nil
}

func (o *intValOp) Type() ColType { return o.t }

func (o *intValOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	if o.div != nil {
		return o.quotient(ctx, b, f)
	}
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	round, m := math.Floor, pow10(o.scale)
	if o.ceil {
		round = math.Ceil
	}
	for i := range b.N {
		switch {
		case v.IsNull(i):
			out.setNull(i, b.N)
		case o.t.Phys == PFloat:
			out.F[i] = round(v.F[i])
		default:
			out.I[i] = o.toInt(v.I[i], m)
		}
	}
	return out, nil
}

// toInt is x (scaled by m) floored, or ceiled, to an integer.
func (o *intValOp) toInt(x, m int64) int64 {
	q, r := x/m, x%m
	switch {
	case r < 0 && !o.ceil:
		q--
	case r > 0 && o.ceil:
		q++
	}
	return q
}

// quotient floors l / r truncated at o.scale decimals; division by zero
// is NULL with warning 1365, as GMS's division answers it.
func (o *intValOp) quotient(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	m, unit := uint64(pow10(o.k)), pow10(o.scale)
	return quotientVec(ctx, b, f, o.x, o.div, o.t, o.slot, o, func(x, y int64) (int64, bool) {
		q, ok := divTrunc(x, y, m)
		return o.toInt(q, unit), ok
	})
}

func (o *intValOp) String() string {
	if o.ceil {
		return "CEIL"
	}
	return "FLOOR"
}

// divTrunc is a × m / b truncated toward zero (quotient128); ok is
// false when the quotient passes the int64 (or is its least value).
func divTrunc(a, b int64, m uint64) (int64, bool) {
	hi, lo := quotient128(a, b, m)
	if (hi == 0 && lo <= math.MaxInt64) || (hi == -1 && lo > 1<<63) {
		return int64(lo), true
	}
	return 0, false
}
