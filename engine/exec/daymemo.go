package exec

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// A day memo evaluates an expression that depends on one DATE or
// DATETIME column only through its calendar day — WEEK, YEARWEEK,
// DAYOFWEEK, MAKEDATE(YEAR(x), 1) + INTERVAL QUARTER(x)-1 QUARTER,
// STR_TO_DATE(DATE_FORMAT(x, '%Y-%m-01'), '%Y-%m-%d'),
// STR_TO_DATE(CONCAT(YEARWEEK(x), ' Sunday'), '%X%V %W') and any other
// composition of date parts, formats and parses — with GMS's own Eval
// once per distinct day instead of once per row. A format and the parse
// of what it printed fold into one value per day, whatever the formats
// are, so every such pair is a date truncation computed from the day
// alone; the answer is GMS's (and engine/mysqlfn's) by construction.
// A batch spanning a year of datetimes costs a few hundred evaluations.

// dayKind is how an expression depends on the memo's column.
type dayKind uint8

const (
	kConst dayKind = iota // no column at all
	kRaw                  // the DATETIME column itself: its time of day matters
	kDay                  // the column's calendar day only
	kHour                 // the column's day and hour only (DATE_FORMAT(x, '%Y-%m-%d %H:00'), HOUR(x))
	kOther                // something else: not memoisable
)

// hourOnlyFuncs read only the date and the hour of a DATETIME argument.
var hourOnlyFuncs = map[string]bool{"hour": true}

// hourSpecifiers are the DATE_FORMAT specifiers of the time of day that
// read no more than its hour.
const hourSpecifiers = "HhIklp"

// dayOnlyFuncs read only the date part of a DATETIME argument.
var dayOnlyFuncs = map[string]bool{
	"year": true, "month": true, "day": true, "dayofmonth": true, "quarter": true,
	"dayofweek": true, "weekday": true, "dayofyear": true, "date": true,
	"last_day": true, "to_days": true, "monthname": true, "dayname": true,
	"week": true, "yearweek": true, "weekofyear": true,
}

// dayOnlyUnits are the EXTRACT units that read only a date.
var dayOnlyUnits = map[string]bool{"YEAR": true, "QUARTER": true, "MONTH": true, "WEEK": true, "DAY": true, "YEAR_MONTH": true}

// extractUnit is EXTRACT's literal unit, upper case; "" otherwise.
func extractUnit(e sql.Expression) string {
	ch := e.Children()
	if len(ch) != 2 {
		return ""
	}
	u, _ := constStr(ch[0])
	return strings.ToUpper(u)
}

// dayMemo compiles e as a day memo; ok is false unless e reads exactly
// one DATE or DATETIME column, through its day only.
func (c *exprCompiler) dayMemo(e sql.Expression) (Expr, bool) {
	if _, ok := e.(*expression.GetField); ok {
		return nil, false
	}
	col := -1
	kind := c.dayKindOf(e, &col)
	if kind != kDay && kind != kHour {
		return nil, false
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys == PDec {
		return nil, false // see perRow: a DECIMAL keeps GMS's own exponent
	}
	m := &dayMemoOp{e: e, col: col, t: t, slot: c.slot(), unit: calendar.MicrosPerDay, size: memoSize}
	if kind == kHour {
		// Two years of hours are 17,520: a memo that holds them.
		m.unit, m.size = calendar.MicrosPerDay/24, 1<<15
	}
	return m, true
}

// dayKindOf classifies e; col is the one column index seen so far (-1:
// none yet).
func (c *exprCompiler) dayKindOf(e sql.Expression, col *int) dayKind {
	switch x := e.(type) {
	case *expression.Literal:
		return kConst
	case *expression.Alias:
		return c.dayKindOf(x.Child, col)
	case *expression.GetField:
		i := x.Index()
		if i < 0 || i >= len(c.in) || (*col >= 0 && *col != i) {
			return kOther
		}
		*col = i
		switch c.in[i].Phys {
		case PDate:
			return kDay
		case PTime:
			return kRaw
		}
		return kOther
	case *expression.BindVar, *expression.ProcedureParam, *expression.UserVar, *expression.SystemVar:
		return kOther
	}
	if nd, ok := e.(sql.NonDeterministicExpression); ok && nd.IsNonDeterministic() {
		return kOther
	}
	if _, ok := e.(sql.ExpressionWithNodes); ok {
		return kOther
	}
	if _, ok := e.(sql.Aggregation); ok {
		return kOther
	}
	kind, raw := kConst, false
	for _, ch := range e.Children() {
		switch k := c.dayKindOf(ch, col); k {
		case kOther:
			return kOther
		case kRaw:
			raw = true
		case kDay, kHour:
			kind = max(kind, k)
		}
	}
	if raw {
		switch {
		case readsDayOnly(e):
			kind = max(kind, kDay)
		case readsHourOnly(e):
			kind = kHour
		default:
			return kOther
		}
	}
	if kind == kConst && len(e.Children()) == 0 {
		return kOther // a function of nothing (NOW(), a session value): not ours to fold
	}
	return kind
}

// readsDayOnly reports whether e reads only the date part of its
// DATETIME argument: a date-part function, a date-only DATE_FORMAT, a
// CAST to DATE.
func readsDayOnly(e sql.Expression) bool {
	if cv, ok := e.(*expression.Convert); ok {
		return cv.Type() != nil && cv.Type().Type() == sqltypes.Date
	}
	f, ok := e.(sql.FunctionExpression)
	if !ok {
		return false
	}
	name := strings.ToLower(f.FunctionName())
	if dayOnlyFuncs[name] {
		return true
	}
	if name == "extract" {
		return dayOnlyUnits[extractUnit(e)]
	}
	s, ok := dateFormatLiteral(e)
	if name != "date_format" || !ok {
		return false
	}
	_, clock, _ := mysqlfn.FormatParts(s)
	return !clock
}

// readsHourOnly reports whether e reads only the date and the hour of
// its DATETIME argument: HOUR(x), or a DATE_FORMAT whose time of day
// specifiers print the hour alone.
func readsHourOnly(e sql.Expression) bool {
	f, ok := e.(sql.FunctionExpression)
	if !ok {
		return false
	}
	name := strings.ToLower(f.FunctionName())
	if hourOnlyFuncs[name] {
		return true
	}
	if name == "extract" {
		u := extractUnit(e)
		return u == "HOUR" || u == "DAY_HOUR"
	}
	format, ok := dateFormatLiteral(e)
	if name != "date_format" || !ok {
		return false
	}
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if c := format[i]; strings.IndexByte(timeOfDaySpecifiers, c) >= 0 && strings.IndexByte(hourSpecifiers, c) < 0 {
			return false
		}
	}
	return true
}

// timeOfDaySpecifiers are DATE_FORMAT's specifiers of the time of day.
const timeOfDaySpecifiers = "fHhIiklprSsT"

// dateFormatLiteral is the format of DATE_FORMAT(x, 'literal').
func dateFormatLiteral(e sql.Expression) (string, bool) {
	if len(e.Children()) != 2 {
		return "", false
	}
	l, ok := e.Children()[1].(*expression.Literal)
	if !ok {
		return "", false
	}
	s, ok := l.Value().(string)
	return s, ok
}

// dayMemoOp is a compiled day (or hour) memo.
type dayMemoOp struct {
	e    sql.Expression
	col  int
	t    ColType
	slot int
	unit int64 // a DATETIME's micros per memo entry: a day or an hour
	size int   // entries of the memo, a power of two
}

// memoSize is the number of days a frame's memo holds (direct-mapped).
const memoSize = 1 << 12

// dayCache is one frame's memo of a dayMemoOp: a value per day, keyed
// by the day's number modulo memoSize.
type dayCache struct {
	day   []int64
	have  []bool
	vals  Vec
	mixed []bool // CONVERT_TZ's memo (convtz.go): the hour is converted row by row
}

func (m *dayMemoOp) Type() ColType { return m.t }

// dayPartRanges are the fixed ranges of the calendar parts a day memo
// may compute at its top (an alias aside).
var dayPartRanges = map[string][2]int64{
	"dayofweek": {1, 7}, "weekday": {0, 6}, "dayofmonth": {1, 31}, "day": {1, 31},
	"dayofyear": {1, 366}, "month": {1, 12}, "quarter": {1, 4}, "hour": {0, 23},
	"week": {0, 53}, "weekofyear": {1, 53},
}

// valueRange: DAYOFWEEK, WEEKDAY, HOUR, WEEK and the like lie in their
// fixed ranges (a GROUP BY on them is a small grid); rows are the
// column's.
func (m *dayMemoOp) valueRange(arg func(Expr) (lo, hi int64, rows int, ok bool)) (lo, hi int64, rows int, ok bool) {
	e := m.e
	if a, isAlias := e.(*expression.Alias); isAlias {
		e = a.Child
	}
	fn, isFn := e.(sql.FunctionExpression)
	if !isFn || m.t.Phys != PInt {
		return 0, 0, 0, false
	}
	r, fixed := dayPartRanges[strings.ToLower(fn.FunctionName())]
	if !fixed {
		return 0, 0, 0, false
	}
	_, _, rows, _ = arg(colRef{i: m.col})
	return r[0], r[1], rows, true
}

func (m *dayMemoOp) cache(f *Frame) *dayCache { return f.dayCache(m.slot, m.size, m.t) }

// dayCache is the frame's memo in slot of size entries of type t, made
// on first use.
func (f *Frame) dayCache(slot, size int, t ColType) *dayCache {
	if f.memo == nil {
		f.memo = make([]*dayCache, len(f.tmp))
	}
	dc := f.memo[slot]
	if dc == nil {
		dc = &dayCache{day: make([]int64, size), have: make([]bool, size)}
		dc.vals.reset(t, size)
		f.memo[slot] = dc
	}
	return dc
}

func (m *dayMemoOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a := b.Cols[m.col]
	out := &f.tmp[m.slot]
	out.reset(m.t, b.N)
	dc := m.cache(f)
	perDay := a.T.Phys == PTime
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			if err := m.eval(ctx, f, out, i, b.N, nil); err != nil {
				return nil, err
			}
			continue
		}
		day := a.I[i]
		if perDay {
			day = calendar.FloorDiv(day, m.unit)
		}
		h := int(day & int64(m.size-1))
		if !dc.have[h] || dc.day[h] != day {
			if err := m.eval(ctx, f, &dc.vals, h, m.size, a.Value(i)); err != nil {
				return nil, err
			}
			dc.have[h], dc.day[h] = true, day
		}
		if intLike(m.t.Phys) && !dc.vals.IsNull(h) {
			out.I[i] = dc.vals.I[h] // copyFrom's common case, without a call
			continue
		}
		copyFrom(out, i, b.N, &dc.vals, h)
	}
	return out, nil
}

// eval stores GMS's value of the expression for one column value at
// position i of dst.
func (m *dayMemoOp) eval(ctx *sql.Context, f *Frame, dst *Vec, i, n int, v any) error {
	f.row[m.col] = v
	r, err := m.e.Eval(ctx, f.row)
	if err != nil {
		return err
	}
	if dst.Nulls != nil {
		dst.Nulls[i] = false
	}
	return dst.Set(ctx, i, n, r)
}

// copyFrom sets position i of out (of n) to position j of src, a vector
// of the same layout.
func copyFrom(out *Vec, i, n int, src *Vec, j int) {
	if src.IsNull(j) {
		out.setNull(i, n)
		return
	}
	switch out.T.Phys {
	case PFloat:
		out.F[i] = src.F[j]
	case PStr:
		out.S[i] = src.Str(j)
	default:
		out.I[i] = src.I[j]
	}
}
