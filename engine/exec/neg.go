package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// negOp is unary minus, or ABS, of a signed integer, DECIMAL or DOUBLE,
// typed as its operand (as GMS types both); -(-9223372036854775808) is
// out of range, as in MySQL. ABS of an unsigned integer is the integer.
type negOp struct {
	x    Expr
	abs  bool
	slot int
}

func (c *exprCompiler) neg(e sql.Expression) (Expr, bool, error) {
	var child sql.Expression
	abs := false
	switch m := e.(type) {
	case *expression.UnaryMinus:
		child = m.Child
	case *function.AbsVal:
		child, abs = m.Child, true
	default:
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || (t.Phys != PInt && t.Phys != PDec && t.Phys != PFloat && !(abs && t.Phys == PUint)) {
		return nil, false, nil
	}
	x, err := c.compile(child)
	if err != nil {
		return nil, false, err
	}
	if xt := x.Type(); xt.Phys != t.Phys || xt.Scale != t.Scale {
		return nil, false, nil
	}
	if t.Phys == PUint {
		return x, true, nil
	}
	return &negOp{x: x, abs: abs, slot: c.slot()}, true, nil
}

func (o *negOp) Type() ColType { return o.x.Type() }

func (o *negOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	x, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(x.T, b.N)
	if x.T.Phys == PFloat {
		for i, v := range x.F[:b.N] {
			if o.abs {
				out.F[i] = math.Abs(v)
			} else {
				out.F[i] = -v
			}
		}
	} else {
		for i, v := range x.I[:b.N] {
			if v == math.MinInt64 && !x.IsNull(i) {
				return nil, sql.ErrValueOutOfRange.New(types.Int64, v)
			}
			if !o.abs || v < 0 {
				v = -v
			}
			out.I[i] = v
		}
	}
	nullRows(x, b.N, out)
	return out, nil
}

// doubleOp reads an integer or DECIMAL as a DOUBLE: the nearest double
// to its exact value (one correctly rounded division), as GMS converts
// an operand beside a DOUBLE.
type doubleOp struct {
	x    Expr
	d    float64 // 10^scale
	slot int
}

// asDouble wraps x in a doubleOp when it is exact; x itself otherwise.
func (c *exprCompiler) asDouble(x Expr) Expr {
	s, exact := exactScale(x.Type())
	if !exact || x.Type().Phys == PUint {
		return x
	}
	return &doubleOp{x: x, d: float64(pow10(s)), slot: c.slot()}
}

var doubleType = ColType{Phys: PFloat, SQL: types.Float64}

func (o *doubleOp) Type() ColType { return doubleType }

func (o *doubleOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	x, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(doubleType, b.N)
	for i, v := range x.I[:b.N] {
		out.F[i] = float64(v) / o.d
	}
	nullRows(x, b.N, out)
	return out, nil
}
