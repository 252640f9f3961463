package mysqlfn

import (
	"fmt"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TimestampDiff is TIMESTAMPDIFF(unit, a, b) as MySQL computes it
// (sql/item_timefunc.cc, Item_func_timestamp_diff): whole months between
// the two calendar dates, less one when b's day and time of day come
// before a's, for MONTH, QUARTER and YEAR; the difference truncated
// toward zero for the fixed units. ok is false for an unknown unit.
func TimestampDiff(unit string, a, b time.Time) (int64, bool) {
	unit = strings.TrimPrefix(strings.ToLower(unit), "sql_tsi_")
	switch unit {
	case "month", "quarter", "year":
		m := monthsBetween(a, b)
		switch unit {
		case "quarter":
			return m / 3, true
		case "year":
			return m / 12, true
		}
		return m, true
	}
	us := b.UnixMicro() - a.UnixMicro() // not b.Sub(a): a Duration saturates at ±292 years
	per, ok := unitMicros[unit]
	if !ok {
		return 0, false
	}
	return us / per, true // Go's division truncates toward zero, as MySQL's
}

var unitMicros = map[string]int64{
	"microsecond": 1,
	"second":      1e6,
	"minute":      60e6,
	"hour":        3600e6,
	"day":         86400e6,
	"week":        7 * 86400e6,
}

// monthsBetween counts whole months from a to b (negative when b is
// earlier).
func monthsBetween(a, b time.Time) int64 {
	neg := b.Before(a)
	if neg {
		a, b = b, a
	}
	m := int64(b.Year()-a.Year())*12 + int64(b.Month()-a.Month())
	if rest(b) < rest(a) {
		m--
	}
	if neg {
		return -m
	}
	return m
}

// rest is a time's position within its month: day, then time of day.
func rest(t time.Time) int64 {
	return int64(t.Day())*86400e6 + (int64(t.Hour())*3600+int64(t.Minute())*60+int64(t.Second()))*1e6 + int64(t.Nanosecond()/1000)
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
