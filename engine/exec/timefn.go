package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// clockOp is HOUR, MINUTE or SECOND of a DATETIME (0 for a DATE): the
// time of day of the µs since the epoch, no calendar needed.
type clockOp struct {
	div, mod int64 // µs per unit, units per next unit
	arg      Expr
	t        ColType
	slot     int
}

func (c *exprCompiler) clock(e sql.Expression) (Expr, bool, error) {
	op := &clockOp{}
	switch e.(type) {
	case *function.Hour:
		op.div, op.mod = 3600e6, 24
	case *function.Minute:
		op.div, op.mod = 60e6, 60
	case *function.Second:
		op.div, op.mod = 1e6, 60
	default:
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys != PInt {
		return nil, false, nil
	}
	arg, err := c.compile(e.Children()[0])
	if err != nil {
		return nil, false, err
	}
	if !isTime(arg.Type()) {
		return nil, false, nil
	}
	op.arg, op.t, op.slot = arg, t, c.slot()
	return op, true, nil
}

func (o *clockOp) Type() ColType { return o.t }

// valueRange: an hour of a DATETIME lies in 0-23, a minute or second in
// 0-59.
func (o *clockOp) valueRange(arg func(Expr) (lo, hi int64, rows int, ok bool)) (lo, hi int64, rows int, ok bool) {
	_, _, rows, _ = arg(o.arg)
	return 0, o.mod - 1, rows, true
}

func (o *clockOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	date := a.T.Phys == PDate
	for i := 0; i < b.N; i++ {
		switch {
		case a.IsNull(i):
			out.setNull(i, b.N)
		case date:
			out.I[i] = 0
		default:
			out.I[i] = calendar.MicrosOfDay(a.I[i]) / o.div % o.mod
		}
	}
	return out, nil
}
