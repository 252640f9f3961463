package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// castFloatOp is CAST(x AS DOUBLE) or CAST(x AS FLOAT) of an integer,
// a DECIMAL or a DOUBLE: the nearest DOUBLE (a FLOAT: that DOUBLE
// rounded to single precision, held within FLOAT's range), as GMS's
// Float64 and Float32 conversions answer.
type castFloatOp struct {
	x      Expr
	t      ColType
	single bool
	slot   int
}

// castDecOp is CAST(x AS DECIMAL(p, s)) of an integer or a DECIMAL:
// rounded half away from zero to s decimals, and a value DECIMAL(p, s)
// cannot hold clamped to its largest of the value's sign with warning
// 1264 (mysqlfn.DecimalCast, MySQL's answer). A DECIMAL wider than a
// PDec (WITH ROLLUP's merged sums cast back to their SUM's DECIMAL(34,2),
// rollup_once.go in package server) is carried as a scaled int64 like
// the sums it holds: no value of the int64 is past it, and a value the
// int64 cannot hold at its scale is an overflow error.
type castDecOp struct {
	x     Expr
	t     ColType
	limit int64 // 10^p - 1: the largest scaled value the type holds
	wide  bool  // p > 18: limit is the int64's, past it an error
	name  string
	slot  int
}

func (c *exprCompiler) castNum(e sql.Expression) (Expr, bool, error) {
	var cv *expression.Convert
	switch x := e.(type) {
	case *expression.Convert:
		cv = x
	case *mysqlfn.DecimalCast:
		cv = x.Convert
	default:
		return nil, false, nil
	}
	_, wrapped := e.(*mysqlfn.DecimalCast)
	t, ok := TypeOf(e.Type())
	wide := !ok && wrapped && isWideDecimal(e.Type())
	if wide {
		t, ok = carriedType(e.Type())
	}
	if !ok || (t.Phys != PFloat && t.Phys != PDec) {
		return nil, false, nil
	}
	if t.Phys == PDec && !wrapped {
		return nil, false, nil // GMS's own internal casts (a UNION's sides)
	}
	x, err := c.castChild(cv.Child, t)
	if IsUnsupported(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	p := x.Type().Phys
	if t.Phys == PFloat {
		if !numericPhys(p) {
			return nil, false, nil
		}
		return &castFloatOp{x: x, t: t, single: t.SQL.Type() == sqltypes.Float32, slot: c.slot()}, true, nil
	}
	if p != PInt && p != PUint && p != PDec {
		return nil, false, nil // a DOUBLE's rounding to decimals is GMS's
	}
	if wide {
		return &castDecOp{x: x, t: t, limit: math.MaxInt64, wide: true, name: e.String(), slot: c.slot()}, true, nil
	}
	prec := t.SQL.(sql.DecimalType).Precision()
	return &castDecOp{x: x, t: t, limit: pow10(int32(prec)) - 1, name: e.String(), slot: c.slot()}, true, nil
}

func (o *castFloatOp) Type() ColType { return o.t }

func (o *castFloatOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := range b.N {
		x := floatAt(v, i)
		if o.single {
			x = float64(float32(max(-math.MaxFloat32, min(x, math.MaxFloat32))))
		}
		out.F[i] = x
	}
	nullRows(v, b.N, out)
	return out, nil
}

func (o *castDecOp) Type() ColType { return o.t }

func (o *castDecOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	v, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	s := v.T.Scale // 0 for integers
	for i := range b.N {
		if v.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		neg := v.I[i] < 0 && v.T.Phys != PUint
		y, ok := int64(0), false // a BIGINT UNSIGNED past the int64 is beyond any DECIMAL(18)
		if v.T.Phys != PUint || v.I[i] >= 0 {
			y, ok = roundScaled(v.I[i], s, int64(o.t.Scale), o.t.Scale, false)
		}
		if !ok && o.wide {
			return nil, errDecimalOverflow
		}
		if !ok || y > o.limit || y < -o.limit {
			y = o.limit
			if neg {
				y = -o.limit
			}
			ctx.Warn(1264, "Out of range value for column '%s' at row 1", o.name)
		}
		out.I[i] = y
	}
	return out, nil
}

// castChild compiles the operand of a cast to t. A DECIMAL division cast
// to its MySQL scale (the dividend's + 4: WITH ROLLUP's merged AVG, a
// sum over a count cast to the AVG's DECIMAL) is the quotient rounded at
// that scale, as MySQL computes it: GMS types a division inside another
// expression at its internal scale (9, 18, … decimals), which the
// division kernel does not compute.
func (c *exprCompiler) castChild(e sql.Expression, t ColType) (Expr, error) {
	if d, ok := e.(*expression.Div); ok && t.Phys == PDec && c.inArith == 0 && types.IsDecimal(d.Type()) {
		x, ok, err := c.divideAt(d, types.MustCreateDecimalType(65, uint8(t.Scale)))
		if ok || err != nil {
			return x, err
		}
	}
	return c.compile(e)
}
