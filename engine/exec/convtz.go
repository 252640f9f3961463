package exec

import (
	"errors"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// CONVERT_TZ(x, from, to) between two constant zones — what Metabase
// wraps every date column in when a report time zone is set — is a
// kernel: a zone's offset changes at most once an hour, so the kernel
// converts each hour's first and last microsecond (engine/mysqlfn, as
// MySQL) and, when both move by the same amount, moves every row of that
// hour by it; an hour with a transition (or TIMESTAMP's range limit)
// inside is converted row by row. A per-worker memo keeps the hours met.
//
// An expression over CONVERT_TZ (DATE(CONVERT_TZ(x, …)),
// DATE_FORMAT(CONVERT_TZ(x, …), '%Y-%m'), HOUR(…)) is compiled over the
// converted value as if it were a column of the input (tzColumnsOp), so
// the day memos and date kernels that serve columns serve it too.

// convertTz compiles CONVERT_TZ of a DATETIME between literal zones.
func (c *exprCompiler) convertTz(e sql.Expression) (Expr, bool, error) {
	ct, ok := e.(*mysqlfn.ConvertTzExpr)
	if !ok {
		return nil, false, nil
	}
	from, ok1 := literalZone(ct.From)
	to, ok2 := literalZone(ct.To)
	t, ok3 := TypeOf(e.Type())
	if !ok1 || !ok2 || !ok3 || t.Phys != PTime {
		return nil, false, nil
	}
	x, err := c.compile(ct.DT)
	if err != nil {
		return nil, false, err
	}
	if x.Type().Phys != PTime {
		return nil, false, nil
	}
	return &tzShiftOp{x: x, from: from, to: to, t: t, slot: c.slot()}, true, nil
}

// literalZone is a zone written as a string literal MySQL knows.
func literalZone(e sql.Expression) (mysqlfn.Zone, bool) {
	l, ok := e.(*expression.Literal)
	if !ok {
		return mysqlfn.Zone{}, false
	}
	s, ok := l.Value().(string)
	if !ok {
		return mysqlfn.Zone{}, false
	}
	return mysqlfn.ParseZone(s)
}

// tzShiftOp is a compiled CONVERT_TZ.
type tzShiftOp struct {
	x        Expr
	from, to mysqlfn.Zone
	t        ColType
	slot     int
}

const (
	microsPerHour = calendar.MicrosPerDay / 24
	tzMemoSize    = 1 << 15 // hours: two years are 17,520
)

func (o *tzShiftOp) Type() ColType { return o.t }

func (o *tzShiftOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	m := o.memo(f)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		w := a.I[i]
		hr := calendar.FloorDiv(w, microsPerHour)
		h := int(hr & (tzMemoSize - 1))
		if !m.have[h] || m.day[h] != hr {
			lo, hi := hr*microsPerHour, (hr+1)*microsPerHour-1
			dlo := mysqlfn.ConvertTZ(lo, o.from, o.to) - lo
			m.vals.I[h], m.mixed[h] = dlo, mysqlfn.ConvertTZ(hi, o.from, o.to)-hi != dlo
			m.have[h], m.day[h] = true, hr
		}
		if m.mixed[h] {
			out.I[i] = mysqlfn.ConvertTZ(w, o.from, o.to)
			continue
		}
		out.I[i] = w + m.vals.I[h]
	}
	return out, nil
}

// memo is the frame's memo of hours: the shift of each, or mixed.
func (o *tzShiftOp) memo(f *Frame) *dayCache {
	m := f.dayCache(o.slot, tzMemoSize, o.t)
	if m.mixed == nil {
		m.mixed = make([]bool, tzMemoSize)
	}
	return m
}

// tzColumns compiles an expression with CONVERT_TZ inside (not at its
// top) over the converted values as extra input columns: each such
// CONVERT_TZ becomes a column read, compiled against the input with
// those columns appended; tzColumnsOp computes them and hands the
// widened batch on.
func (c *exprCompiler) tzColumns(e sql.Expression) (Expr, bool, error) {
	if _, top := e.(*mysqlfn.ConvertTzExpr); top {
		return nil, false, nil
	}
	wide := &exprCompiler{in: append([]ColType(nil), c.in...), inArith: c.inArith}
	op := &tzColumnsOp{}
	var bad error
	rewritten, _, err := transformDown(e, func(x sql.Expression) (sql.Expression, bool) {
		k, ok, err := c.convertTz(x)
		if err != nil || !ok {
			bad = errors.Join(bad, err)
			return x, false
		}
		i := len(wide.in)
		wide.in = append(wide.in, k.Type())
		op.cols = append(op.cols, tzColumn{i: i, k: k})
		return expression.NewGetField(i, x.Type(), x.String(), true), true
	})
	if err := errors.Join(err, bad); err != nil {
		return nil, false, err
	}
	if len(op.cols) == 0 {
		return nil, false, nil
	}
	wide.slots = c.slots // the kernels above took theirs from c
	inner, err := wide.compile(rewritten)
	if err != nil {
		return nil, false, err
	}
	c.slots = wide.slots
	op.inner, op.width, op.slot = inner, len(wide.in), c.slot()
	return op, true, nil
}

// transformDown rewrites e top-down with f, which says whether it
// replaced a node (its children are then not visited).
func transformDown(e sql.Expression, f func(sql.Expression) (sql.Expression, bool)) (sql.Expression, bool, error) {
	if x, done := f(e); done {
		return x, true, nil
	}
	kids := e.Children()
	if len(kids) == 0 {
		return e, false, nil
	}
	changed := false
	nk := make([]sql.Expression, len(kids))
	for i, k := range kids {
		x, ch, err := transformDown(k, f)
		if err != nil {
			return nil, false, err
		}
		nk[i], changed = x, changed || ch
	}
	if !changed {
		return e, false, nil
	}
	x, err := e.WithChildren(nk...)
	return x, true, err
}

type tzColumn struct {
	i int
	k Expr
}

// tzColumnsOp widens each batch by the converted columns and evaluates
// the rewritten expression over it.
type tzColumnsOp struct {
	cols  []tzColumn
	inner Expr
	width int
	slot  int
}

func (o *tzColumnsOp) Type() ColType { return o.inner.Type() }

func (o *tzColumnsOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	if f.wide == nil {
		f.wide = make([]*Batch, len(f.tmp))
	}
	wb := f.wide[o.slot]
	if wb == nil {
		wb = &Batch{}
		f.wide[o.slot] = wb
	}
	wb.N = b.N
	wb.Cols = append(wb.Cols[:0], b.Cols...)
	for len(wb.Cols) < o.width {
		wb.Cols = append(wb.Cols, nil)
	}
	for _, c := range o.cols {
		v, err := c.k.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		wb.Cols[c.i] = v
	}
	if len(f.row) < o.width { // GMS's row-by-row evaluations read the new columns too
		f.row = append(f.row, make(sql.Row, o.width-len(f.row))...)
	}
	return o.inner.Vec(ctx, wb, f)
}
