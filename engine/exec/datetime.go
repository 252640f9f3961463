package exec

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// Date arithmetic kernels: x ± INTERVAL n unit (and DATE_ADD/DATE_SUB),
// DATEDIFF and TIMESTAMPDIFF, over DATE and DATETIME layouts, for a
// constant interval or unit. They compute what GMS's expressions of the
// same name compute (the interval arithmetic is GMS's own TimeDelta),
// without boxing a row per value. The interval arithmetic is mysqlfn's
// (MySQL's), which an engine rule also puts in place of GMS's own
// expressions: GMS's months land a year late at whole years past
// December.

// dateArith compiles the date kernels; ok is false for other expressions.
func (c *exprCompiler) dateArith(x sql.Expression) (Expr, bool, error) {
	if w, ok := x.(interface{ Unwrap() sql.Expression }); ok {
		if dd, ok := w.Unwrap().(*function.DateDiff); ok {
			x = dd // a DATEDIFF with its literals folded (engine/fold.go)
		}
	}
	switch e := x.(type) {
	case interface {
		IntervalArgs() (sql.Expression, *expression.Interval, int64)
	}:
		date, iv, sign := e.IntervalArgs()
		return c.interval(x, date, iv, sign)
	case *expression.Arithmetic:
		return c.intervalArith(e)
	case *function.DateAdd:
		return c.interval(e, e.Date, e.Interval, 1)
	case *function.DateSub:
		return c.interval(e, e.Date, e.Interval, -1)
	case *function.DateDiff:
		return c.diff(e, "datediff", e.LeftChild, e.RightChild)
	case interface {
		Args() (unit, a, b sql.Expression)
		FunctionName() string
	}:
		if e.FunctionName() != "timestampdiff" {
			return nil, false, nil
		}
		u, a, b := e.Args()
		l, ok := u.(*expression.Literal)
		if !ok {
			return nil, false, nil
		}
		unit, ok := l.Value().(string)
		if _, known := mysqlfn.ParseDiffUnit(unit); !ok || !known {
			return nil, false, nil
		}
		// TIMESTAMPDIFF(x, a, b) is b - a; diff computes its left minus right
		return c.diff(x, unit, b, a)
	}
	return nil, false, nil
}

func (c *exprCompiler) intervalArith(e *expression.Arithmetic) (Expr, bool, error) {
	op := e.Operator()
	if op != "+" && op != "-" {
		return nil, false, nil
	}
	date, iv := e.LeftChild, e.RightChild
	if l, ok := date.(*expression.Interval); ok && op == "+" {
		date, iv = iv, l
	}
	ivl, ok := iv.(*expression.Interval)
	if !ok {
		return nil, false, nil
	}
	sign := int64(1)
	if op == "-" {
		sign = -1
	}
	return c.interval(e, date, ivl, sign)
}

// intervalOp is date ± a constant interval.
type intervalOp struct {
	arg   Expr
	delta expression.TimeDelta
	fixed int64 // the delta in µs when it has no months or years
	sign  int64
	t     ColType
	slot  int
}

func (c *exprCompiler) interval(e, date sql.Expression, iv *expression.Interval, sign int64) (Expr, bool, error) {
	if _, ok := iv.Child.(*expression.Literal); !ok {
		return c.intervalCol(e, date, iv, sign)
	}
	d, err := iv.EvalDelta(sql.NewEmptyContext(), nil)
	if err != nil || d == nil {
		return nil, false, nil // GMS reports the error (or NULL) row by row
	}
	t, ok := TypeOf(e.Type())
	if !ok || (t.Phys != PDate && t.Phys != PTime) {
		return nil, false, nil
	}
	arg, err := c.compile(date)
	if err != nil {
		return nil, false, err
	}
	if p := arg.Type().Phys; p != PDate && p != PTime {
		return nil, false, nil
	}
	o := &intervalOp{arg: arg, delta: *d, sign: sign, t: t, slot: c.slot()}
	if d.Years == 0 && d.Months == 0 {
		o.fixed = sign * (((d.Days*24+d.Hours)*60+d.Minutes)*60*1e6 + d.Seconds*1e6 + d.Microseconds)
	}
	if t.Phys == PDate && o.fixed%calendar.MicrosPerDay != 0 {
		return nil, false, nil // a DATE result of a time-of-day interval: GMS's business
	}
	return o, true, nil
}

func (o *intervalOp) Type() ColType { return o.t }

func (o *intervalOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	months := o.delta.Years != 0 || o.delta.Months != 0
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		us := a.I[i]
		if a.T.Phys == PDate {
			us *= calendar.MicrosPerDay
		}
		if months {
			t, ok := mysqlfn.AddInterval(time.UnixMicro(us).UTC(), o.delta, o.sign)
			if !ok {
				out.setNull(i, b.N)
				continue
			}
			us = t.UnixMicro()
		} else {
			us += o.fixed
		}
		if o.t.Phys == PDate {
			out.I[i] = calendar.DayOfMicros(us)
		} else {
			out.I[i] = us
		}
	}
	return out, nil
}

// diffOp is DATEDIFF(l, r) (whole days between the dates) or
// TIMESTAMPDIFF(unit, r, l).
type diffOp struct {
	days bool // DATEDIFF; otherwise TIMESTAMPDIFF in unit
	unit mysqlfn.DiffUnit
	l, r Expr
	slot int
	// memo, when >= 0, is the slot of a per-day memo: one side a DATE
	// column, the other a constant (TIMESTAMPDIFF(YEAR, birth_date,
	// '2026-06-30')), so a result is one per day, computed once.
	memo int
}

var int64Type = ColType{Phys: PInt, SQL: types.Int64}

func (c *exprCompiler) diff(e sql.Expression, unit string, l, r sql.Expression) (Expr, bool, error) {
	if t, ok := TypeOf(e.Type()); !ok || t.Phys != PInt {
		return nil, false, nil
	}
	timeArg := c.timeArg
	if unit != "datediff" {
		timeArg = c.timeOrString
	}
	lx, ok, err := timeArg(l)
	if !ok || err != nil {
		return nil, false, err
	}
	rx, ok, err := timeArg(r)
	if !ok || err != nil {
		return nil, false, err
	}
	o := &diffOp{days: unit == "datediff", l: lx, r: rx, slot: c.slot(), memo: -1}
	if !o.days {
		if o.unit, ok = mysqlfn.ParseDiffUnit(unit); !ok {
			return nil, false, nil
		}
		_, lconst := lx.(*literal)
		_, rconst := rx.(*literal)
		if lconst != rconst && (lx.Type().Phys == PDate || rx.Type().Phys == PDate) {
			o.memo = c.slot()
		}
	}
	return o, true, nil
}

// timeArg compiles a DATE or DATETIME operand; a string literal that
// reads as a datetime becomes one (GMS converts it the same way).
// timeOrString is timeArg, or a string expression read as a DATETIME
// (TIMESTAMPDIFF's reading of its arguments).
func (c *exprCompiler) timeOrString(e sql.Expression) (Expr, bool, error) {
	if _, lit := e.(*expression.Literal); lit {
		return c.timeArg(e)
	}
	x, err := c.compile(e)
	if err != nil {
		return nil, false, err
	}
	switch x.Type().Phys {
	case PDate, PTime:
		return x, true, nil
	case PStr:
		return &strTime{x: x, slot: c.slot()}, true, nil
	}
	return nil, false, nil
}

func (c *exprCompiler) timeArg(e sql.Expression) (Expr, bool, error) {
	if l, ok := e.(*expression.Literal); ok {
		if s, isStr := l.Value().(string); isStr {
			ctx := scratchCtx()
			v, _, err := types.DatetimeMaxPrecision.Convert(ctx, s)
			doneCtx(ctx)
			if err != nil || v == nil {
				return nil, false, nil
			}
			t := ColType{Phys: PTime, SQL: types.DatetimeMaxPrecision}
			return &literal{v: v, t: t, slot: c.slot()}, true, nil
		}
	}
	x, err := c.compile(e)
	if err != nil {
		return nil, false, err
	}
	if p := x.Type().Phys; p != PDate && p != PTime {
		return nil, false, nil
	}
	return x, true, nil
}

func (o *diffOp) Type() ColType { return int64Type }

func (o *diffOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	l, r, err := operands(ctx, b, f, o.l, o.r)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(int64Type, b.N)
	var memo *dayCache
	if o.memo >= 0 {
		memo = f.dayCache(o.memo, diffMemoSize, int64Type)
	}
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		lu, ru := micros(l, i), micros(r, i)
		if o.days {
			out.I[i] = calendar.DayOfMicros(lu) - calendar.DayOfMicros(ru)
			continue
		}
		if memo != nil {
			out.I[i] = o.byDay(memo, l, r, i, lu, ru)
			continue
		}
		out.I[i] = o.unit.Between(ru, lu)
	}
	return out, nil
}

// diffMemoSize is the days a TIMESTAMPDIFF memo holds (direct-mapped).
const diffMemoSize = 1 << 12

// byDay is the difference at row i, whose DATE side's day looks it up
// in dc (the other side is the same constant in every row).
func (o *diffOp) byDay(dc *dayCache, l, r *Vec, i int, lu, ru int64) int64 {
	day := l.I[i]
	if l.T.Phys != PDate {
		day = r.I[i]
	}
	h := int(day & (diffMemoSize - 1))
	if !dc.have[h] || dc.day[h] != day {
		dc.vals.I[h] = o.unit.Between(ru, lu)
		dc.have[h], dc.day[h] = true, day
	}
	return dc.vals.I[h]
}

// micros is position i of a DATE or DATETIME vector in µs since the epoch.
func micros(v *Vec, i int) int64 {
	if v.T.Phys == PDate {
		return v.I[i] * calendar.MicrosPerDay
	}
	return v.I[i]
}
