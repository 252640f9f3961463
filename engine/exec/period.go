package exec

import (
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// periodOp is PERIOD_DIFF(a, b) or PERIOD_ADD(a, b) (mysqlfn.Period):
// integer arguments read as they are, a string of digits (DATE_FORMAT(x,
// '%Y%m'), the cohort idiom) parsed in place; anything else converted
// as GMS converts it, row by row.
type periodOp struct {
	a, b Expr
	add  bool
	t    ColType
	slot int
}

func (c *exprCompiler) period(e sql.Expression) (Expr, bool, error) {
	a, b, add, ok := mysqlfn.IsPeriod(e)
	if !ok {
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys != PInt {
		return nil, false, nil
	}
	l, r, err := c.compileBoth(a, b)
	if err != nil {
		return nil, false, err
	}
	return &periodOp{a: l, b: r, add: add, t: t, slot: c.slot()}, true, nil
}

func (o *periodOp) Type() ColType { return o.t }

func (o *periodOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	l, r, err := operands(ctx, b, f, o.a, o.b)
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
		x, err := periodArg(ctx, l, i)
		if err != nil {
			return nil, err
		}
		y, err := periodArg(ctx, r, i)
		if err != nil {
			return nil, err
		}
		out.I[i] = int64(mysqlfn.Period(o.add, x, y))
	}
	return out, nil
}

// periodArg is row i of v as PERIOD_DIFF reads it.
func periodArg(ctx *sql.Context, v *Vec, i int) (int64, error) {
	switch v.T.Phys {
	case PInt:
		return v.I[i], nil
	case PStr:
		if n, ok := digits(v.Str(i)); ok {
			return n, nil
		}
	}
	return mysqlfn.PeriodArg(ctx, v.Value(i))
}

// digits parses s when it is 1 to 18 decimal digits.
func digits(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	return n, true
}
