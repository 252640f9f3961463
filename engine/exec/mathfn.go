package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// Math kernels: LN, LOG10, LOG2, LOG(x), LOG(b, x), EXP, SQRT, POW and
// POWER, SIN, COS, TAN of numbers (integers, DECIMALs, DOUBLEs), DOUBLE
// out, with GMS's answers: each argument read as the DOUBLE GMS reads
// it (a DECIMAL's nearest double), a result that is NaN or infinite
// NULL (error 1690 for POW and EXP, mysqlfn.FloatRange), a logarithm of x <= 0 (or of base <= 0 or 1) NULL with warning
// 3020, as MySQL 8 answers it.

// mathOp is fn of one or two DOUBLE-read operands.
type mathOp struct {
	x, y Expr // y: POW's exponent, LOG's argument (x is then the base)
	fn   func(x, y float64) float64
	log  bool // a logarithm: x <= 0 (and a bad base) warn 3020
	// strict, for POW and EXP (mysqlfn.FloatRange): a result that is
	// not finite is error 1690, not NULL.
	strict *mysqlfn.FloatRange
	slot   int
}

// mathFuncs are the one-argument functions by GMS's name for them.
var mathFuncs = map[string]func(x, _ float64) float64{
	"ln":    func(x, _ float64) float64 { return math.Log(x) },
	"log10": func(x, _ float64) float64 { return math.Log10(x) },
	"log2":  func(x, _ float64) float64 { return math.Log2(x) },
	"exp":   func(x, _ float64) float64 { return math.Exp(x) },
	"sqrt":  func(x, _ float64) float64 { return math.Sqrt(x) },
	"sin":   func(x, _ float64) float64 { return math.Sin(x) },
	"cos":   func(x, _ float64) float64 { return math.Cos(x) },
	"tan":   func(x, _ float64) float64 { return math.Tan(x) },
}

func (c *exprCompiler) mathFunc(e sql.Expression) (Expr, bool, error) {
	op := &mathOp{}
	if fr, ok := e.(*mysqlfn.FloatRange); ok {
		op.strict, e = fr, fr.Unwrap()
	}
	var args []sql.Expression
	switch m := e.(type) {
	case *function.LogBase:
		fn, ok := mathFuncs[m.FunctionName()] // "log": a base of its own, left to GMS
		if !ok {
			return nil, false, nil
		}
		op.fn, op.log, args = fn, true, []sql.Expression{m.Child}
	case *function.Log:
		op.fn, op.log, args = logBase, true, []sql.Expression{m.LeftChild, m.RightChild}
	case *function.Power:
		op.fn, args = math.Pow, []sql.Expression{m.LeftChild, m.RightChild}
	case *function.Exp:
		op.fn, args = mathFuncs["exp"], e.Children()
	case *function.Sqrt:
		op.fn, args = mathFuncs["sqrt"], e.Children()
	case *function.Sin:
		op.fn, args = mathFuncs["sin"], e.Children()
	case *function.Cos:
		op.fn, args = mathFuncs["cos"], e.Children()
	case *function.Tan:
		op.fn, args = mathFuncs["tan"], e.Children()
	default:
		return nil, false, nil
	}
	if e.Type() != types.Float64 {
		return nil, false, nil
	}
	xs := make([]Expr, len(args))
	for k, a := range args {
		x, err := c.compile(a)
		if err != nil {
			return nil, false, err
		}
		if !numericPhys(x.Type().Phys) {
			return nil, false, nil // strings: GMS's conversion and warnings
		}
		xs[k] = x
	}
	op.x = xs[0]
	if len(xs) == 2 {
		op.y = xs[1]
	}
	op.slot = c.slot()
	return op, true, nil
}

// logBase is LOG(base, x) as GMS computes it (the checks done first).
func logBase(base, x float64) float64 {
	switch base {
	case 2:
		return math.Log2(x)
	case 10:
		return math.Log10(x)
	case math.E:
		return math.Log(x)
	}
	return math.Log(x) / math.Log(base)
}

func numericPhys(p Phys) bool { return p == PInt || p == PUint || p == PDec || p == PFloat }

func (o *mathOp) Type() ColType { return doubleType }

func (o *mathOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	x, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	y := x
	if o.y != nil {
		if y, err = o.y.Vec(ctx, b, f); err != nil {
			return nil, err
		}
	}
	out := &f.tmp[o.slot]
	out.reset(doubleType, b.N)
	for i := range b.N {
		if x.IsNull(i) || y.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		a, v := floatAt(x, i), floatAt(y, i)
		if o.log && !logArgsOK(ctx, a, v, o.y != nil) {
			out.setNull(i, b.N)
			continue
		}
		r := o.fn(a, v)
		if math.IsNaN(r) || math.IsInf(r, 0) {
			if o.strict != nil {
				return nil, o.strict.OutOfRange()
			}
			out.setNull(i, b.N)
			continue
		}
		out.F[i] = r
	}
	return out, nil
}

// logArgsOK checks a logarithm's argument (v, or a alone) and base (a
// when based) as GMS does, warning 3020 where it answers NULL.
func logArgsOK(ctx *sql.Context, a, v float64, based bool) bool {
	if !based {
		v = a
	}
	if v <= 0 {
		ctx.Warn(3020, "%s", function.ErrInvalidArgumentForLogarithm.New(v).Error())
		return false
	}
	if based && (a == 1 || a <= 0) {
		ctx.Warn(3020, "%s", function.ErrInvalidArgumentForLogarithm.New(a).Error())
		return false
	}
	return true
}
