package mysqlfn

import (
	"fmt"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// TimestampDiff is TIMESTAMPDIFF(unit, a, b) as MySQL computes it
// (sql/item_timefunc.cc, Item_func_timestamp_diff): whole months between
// the two calendar dates, less one when b's day and time of day come
// before a's, for MONTH, QUARTER and YEAR; the difference truncated
// toward zero for the fixed units. ok is false for an unknown unit.
func TimestampDiff(unit string, a, b time.Time) (int64, bool) {
	u, ok := ParseDiffUnit(unit)
	if !ok {
		return 0, false
	}
	return u.Between(a.UnixMicro(), b.UnixMicro()), true
}

// DiffUnit is a TIMESTAMPDIFF unit, resolved once: a number of months,
// or else of microseconds.
type DiffUnit struct {
	months, micros int64
}

// ParseDiffUnit resolves a TIMESTAMPDIFF unit name (SQL_TSI_ prefix and
// case ignored).
func ParseDiffUnit(unit string) (DiffUnit, bool) {
	unit = strings.TrimPrefix(strings.ToLower(unit), "sql_tsi_")
	if m, ok := unitMonths[unit]; ok {
		return DiffUnit{months: m}, true
	}
	per, ok := unitMicros[unit]
	return DiffUnit{micros: per}, ok
}

// Between is TIMESTAMPDIFF(u, a, b) of two instants in µs since the
// epoch: no time.Time per row, for the vectorised kernel.
func (u DiffUnit) Between(a, b int64) int64 {
	if u.months != 0 {
		return monthsBetween(a, b) / u.months
	}
	return (b - a) / u.micros // Go's division truncates toward zero, as MySQL's
}

var unitMonths = map[string]int64{"month": 1, "quarter": 3, "year": 12}

var unitMicros = map[string]int64{
	"microsecond": 1,
	"second":      1e6,
	"minute":      60e6,
	"hour":        3600e6,
	"day":         86400e6,
	"week":        7 * 86400e6,
}

// monthsBetween counts whole months from a to b, instants in µs since
// the epoch (negative when b is earlier).
func monthsBetween(a, b int64) int64 {
	neg := b < a
	if neg {
		a, b = b, a
	}
	ya, ma, ra := civilRest(a)
	yb, mb, rb := civilRest(b)
	m := (yb-ya)*12 + (mb - ma)
	if rb < ra {
		m--
	}
	if neg {
		return -m
	}
	return m
}

// civilRest is an instant's year and month, and its position within the
// month: day, then time of day, in µs.
func civilRest(us int64) (y, m, rest int64) {
	day := calendar.DayOfMicros(us)
	y, m, d := calendar.CivilFromDays(day)
	return y, m, d*calendar.MicrosPerDay + us - day*calendar.MicrosPerDay
}

// timestampDiffExpr is TIMESTAMPDIFF(unit, a, b).
type timestampDiffExpr struct{ unit, a, b sql.Expression }

var _ sql.FunctionExpression = (*timestampDiffExpr)(nil)

var timestampDiffFunc = sql.Function3{Name: "timestampdiff", Fn: func(u, a, b sql.Expression) sql.Expression {
	return &timestampDiffExpr{u, a, b}
}}

// NewTimestampDiff is TIMESTAMPDIFF over the given arguments.
func NewTimestampDiff(unit, a, b sql.Expression) sql.Expression {
	return &timestampDiffExpr{unit, a, b}
}

func (e *timestampDiffExpr) FunctionName() string { return "timestampdiff" }
func (e *timestampDiffExpr) Description() string {
	return "gets the difference between two dates or datetimes in whole units"
}
func (e *timestampDiffExpr) Type() sql.Type             { return types.Int64 }
func (e *timestampDiffExpr) IsNullable() bool           { return true }
func (e *timestampDiffExpr) Children() []sql.Expression { return []sql.Expression{e.unit, e.a, e.b} }
func (e *timestampDiffExpr) Resolved() bool {
	return e.unit.Resolved() && e.a.Resolved() && e.b.Resolved()
}
func (e *timestampDiffExpr) String() string {
	return fmt.Sprintf("TIMESTAMPDIFF(%s, %s, %s)", e.unit, e.a, e.b)
}

// Args are the unit, start and end expressions.
func (e *timestampDiffExpr) Args() (unit, a, b sql.Expression) { return e.unit, e.a, e.b }

func (e *timestampDiffExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 3 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 3)
	}
	return &timestampDiffExpr{children[0], children[1], children[2]}, nil
}

// Eval is NULL when an argument is NULL or not a date (MySQL warns).
func (e *timestampDiffExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	u, err := e.unit.Eval(ctx, row)
	if err != nil || u == nil {
		return nil, err
	}
	var ts [2]time.Time
	for i, x := range []sql.Expression{e.a, e.b} {
		v, err := x.Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		c, _, err := types.DatetimeMaxPrecision.Convert(ctx, v)
		if err != nil || c == nil {
			return nil, nil
		}
		ts[i] = c.(time.Time)
	}
	n, ok := TimestampDiff(fmt.Sprint(u), ts[0], ts[1])
	if !ok {
		return nil, fmt.Errorf("timestampdiff: unknown unit %v", u)
	}
	return n, nil
}
