package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// roundOp is ROUND(x, d) and TRUNCATE(x, d) with a constant d, typed as
// MySQL types them (mysqlfn.RoundType): a DECIMAL rounded half away from
// zero on its scaled int64 and written at the result's scale, an integer
// to a power of ten, a DOUBLE half to even (mysqlfn.RoundFloat).
type roundOp struct {
	x        Expr
	t        ColType
	places   int64
	truncate bool
	slot     int
}

func (c *exprCompiler) round(e sql.Expression) (Expr, bool, error) {
	arg, places, isConst, truncate, ok := mysqlfn.RoundParts(e)
	if !ok || !isConst {
		return nil, false, nil
	}
	x, err := c.compile(arg)
	if err != nil {
		return nil, false, err
	}
	in := x.Type().Phys
	t, ok := TypeOf(e.Type())
	if dt, dec := e.Type().(sql.DecimalType); !ok && dec && in == PDec {
		// Wider than an int64 holds, as the argument is (a SUM's
		// quotient): kept scaled in an int64 like it, an overflow an
		// error.
		t, ok = ColType{Phys: PDec, Scale: int32(dt.Scale()), SQL: dt}, true
	}
	if !ok {
		return nil, false, nil
	}
	switch {
	case t.Phys == PFloat && (in == PFloat || in == PDec || in == PInt || in == PUint):
	case t.Phys == PDec && (in == PDec || in == PInt):
	case t.Phys == in && (in == PInt || in == PUint):
	default:
		return nil, false, nil
	}
	return &roundOp{x: x, t: t, places: places, truncate: truncate, slot: c.slot()}, true, nil
}

func (o *roundOp) Type() ColType { return o.t }

func (o *roundOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	in := v.T
	for i := range b.N {
		if v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		switch o.t.Phys {
		case PFloat:
			out.F[i] = mysqlfn.RoundFloat(floatAt(v, i), o.places, o.truncate)
		case PDec:
			y, ok := roundScaled(v.I[i], in.Scale, o.places, o.t.Scale, o.truncate)
			if !ok {
				return nil, exactRange(sql.ErrValueOutOfRange.New(v.Value(i), o.t.SQL))
			}
			out.I[i] = y
		case PUint:
			y, ok := mysqlfn.RoundUint(uint64(v.I[i]), o.places, o.truncate)
			if !ok {
				return nil, sql.ErrValueOutOfRange.New(uint64(v.I[i]), "BIGINT UNSIGNED")
			}
			out.I[i] = int64(y)
		default:
			y, ok := mysqlfn.RoundInt(v.I[i], o.places, o.truncate)
			if !ok {
				return nil, sql.ErrValueOutOfRange.New(v.I[i], "BIGINT")
			}
			out.I[i] = y
		}
	}
	return out, nil
}

// floatAt is row i of a numeric vector as a DOUBLE.
func floatAt(v *Vec, i int) float64 {
	switch v.T.Phys {
	case PFloat:
		return v.F[i]
	case PUint:
		return float64(uint64(v.I[i]))
	case PDec:
		if s := v.T.Scale; s >= 0 && int(s) < len(pow10Float) {
			return float64(v.I[i]) / pow10Float[s]
		}
		return float64(v.I[i]) / math.Pow10(int(v.T.Scale))
	}
	return float64(v.I[i])
}

// pow10Float are the powers of ten a DOUBLE holds exactly.
var pow10Float = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// roundScaled rounds x, a value at scale s, to min(places, t) decimals
// (half away from zero, or toward zero when truncating) and returns it
// at scale t; ok is false when it overflows an int64.
func roundScaled(x int64, s int32, places int64, t int32, truncate bool) (int64, bool) {
	r := min(places, int64(t))
	if r < int64(s) {
		k := int64(s) - r
		if k > 18 { // |x| < 10^19: every digit is rounded away
			return 0, true
		}
		p := pow10(int32(k))
		q, rem := x/p, x%p
		if !truncate && (rem >= p-rem || -rem >= p+rem) {
			if x < 0 {
				q--
			} else {
				q++
			}
		}
		x, s = q, int32(r)
	}
	if int64(t)-int64(s) > 18 {
		return 0, x == 0
	}
	return arithInt('*', x, pow10(t-s))
}
