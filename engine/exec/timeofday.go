package exec

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// timeOfDay compiles TIME(x) of a DATETIME compared with a TIME literal
// (TIME(ordered_at) >= '12:00:00', the literal read as a TIME by the
// planner) as integers: x's microseconds since midnight against the
// literal's microseconds, which is how two TIMEs compare. ok is false
// for other comparisons.
func (c *exprCompiler) timeOfDay(ch []sql.Expression) (l, r Expr, ok bool, err error) {
	for side := range 2 {
		f, isFn := ch[side].(sql.FunctionExpression)
		lit, isLit := ch[1-side].(*expression.Literal)
		if !isFn || !isLit || !strings.EqualFold(f.FunctionName(), "time") || len(ch[side].Children()) != 1 {
			continue
		}
		ts, isSpan := lit.Value().(types.Timespan)
		if !isSpan {
			continue
		}
		x, err := c.compile(ch[side].Children()[0])
		if err != nil {
			return nil, nil, false, err
		}
		if x.Type().Phys != PTime {
			return nil, nil, false, nil
		}
		tod := &todOp{x: x, slot: c.slot()}
		k := &literal{v: ts.AsMicroseconds(), t: int64Type, slot: c.slot()}
		if side == 0 {
			return tod, k, true, nil
		}
		return k, tod, true, nil
	}
	return nil, nil, false, nil
}

// todOp is a DATETIME's microseconds since its midnight.
type todOp struct {
	x    Expr
	slot int
}

func (o *todOp) Type() ColType { return int64Type }

func (o *todOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(int64Type, b.N)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		out.I[i] = calendar.MicrosOfDay(a.I[i])
	}
	return out, nil
}
