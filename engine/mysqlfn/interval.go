package mysqlfn

import (
	"fmt"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
)

// AddInterval is t + sign × d as MySQL's date_add_interval computes it:
// years and months move the calendar month (the day clamped to the
// month's last), the rest is added as a duration. ok is false outside
// MySQL's date range (0001..9999), where MySQL answers NULL.
//
// GMS's TimeDelta.Add lands a year late when the months add up to a
// whole number of years past December (2026-06-30 + 18 months is
// 2028-12-30 there, 2027-12-30 in MySQL).
func AddInterval(t time.Time, d expression.TimeDelta, sign int64) (time.Time, bool) {
	months := int64(t.Year())*12 + int64(t.Month()) - 1 + sign*(d.Years*12+d.Months)
	y, m := months/12, months%12
	if m < 0 {
		y, m = y-1, m+12
	}
	if y < 1 || y > 9999 {
		return time.Time{}, false
	}
	day := min(t.Day(), daysIn(int(y), int(m)+1))
	out := time.Date(int(y), time.Month(m)+1, day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	us := ((d.Days*24+d.Hours)*60+d.Minutes)*60*1e6 + d.Seconds*1e6 + d.Microseconds
	out = time.UnixMicro(out.UnixMicro() + sign*us).UTC()
	if out.Year() < 1 || out.Year() > 9999 {
		return time.Time{}, false
	}
	return out, true
}

// intervalExpr is date ± INTERVAL n unit (and DATE_ADD/DATE_SUB) over a
// DATE or DATETIME, typed as MySQL types it: a DATE stays a DATE when
// the interval has no time part (Metabase's quarter buckets,
// MAKEDATE(y, 1) + INTERVAL q QUARTER, are dates).
type intervalExpr struct {
	date sql.Expression
	iv   *expression.Interval
	sign int64
	typ  sql.Type
}

var _ sql.Expression = (*intervalExpr)(nil)

// NewInterval is date + sign × iv when date is a DATE or DATETIME;
// ok is false for other operands (strings stay GMS's).
func NewInterval(date sql.Expression, iv *expression.Interval, sign int64) (sql.Expression, bool) {
	typ, ok := intervalType(date.Type(), iv.Unit)
	if !ok {
		return nil, false
	}
	return &intervalExpr{date: date, iv: iv, sign: sign, typ: typ}, true
}

func intervalType(in sql.Type, unit string) (sql.Type, bool) {
	unit = strings.ToUpper(unit)
	timed := strings.Contains(unit, "HOUR") || strings.Contains(unit, "MINUTE") ||
		strings.Contains(unit, "SECOND")
	isDate := in.Type() == sqltypes.Date
	switch {
	case isDate && !timed:
		return types.Date, true
	case strings.Contains(unit, "MICROSECOND"):
		return types.DatetimeMaxPrecision, true
	case isDate:
		return types.Datetime, true
	case types.IsDatetimeType(in) || types.IsTimestampType(in):
		if dt, ok := in.(sql.DatetimeType); ok && dt.Type() == types.Datetime.Type() {
			return in, true
		}
		return types.Datetime, true
	}
	return nil, false
}

// IntervalArgs are the date, the interval and its sign.
func (e *intervalExpr) IntervalArgs() (sql.Expression, *expression.Interval, int64) {
	return e.date, e.iv, e.sign
}

func (e *intervalExpr) Type() sql.Type   { return e.typ }
func (e *intervalExpr) IsNullable() bool { return true }
func (e *intervalExpr) Resolved() bool   { return e.date.Resolved() && e.iv.Resolved() }

// Children are the date and the interval's amount: an *Interval child
// would fail GMS's validation, which allows one only under its own
// DATE_ADD, DATE_SUB and +/-.
func (e *intervalExpr) Children() []sql.Expression { return []sql.Expression{e.date, e.iv.Child} }
func (e *intervalExpr) String() string {
	op := "+"
	if e.sign < 0 {
		op = "-"
	}
	return fmt.Sprintf("(%s %s %s)", e.date, op, e.iv)
}

func (e *intervalExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 2 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 2)
	}
	ne := *e
	ne.date, ne.iv = children[0], expression.NewInterval(children[1], e.iv.Unit)
	return &ne, nil
}

func (e *intervalExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := e.date.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	c, _, err := types.DatetimeMaxPrecision.Convert(ctx, v)
	if err != nil || c == nil {
		return nil, nil
	}
	d, err := e.iv.EvalDelta(ctx, row)
	if err != nil || d == nil {
		return nil, err
	}
	t, ok := AddInterval(c.(time.Time), *d, e.sign)
	if !ok {
		return nil, nil
	}
	if e.typ == types.Date {
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return t, nil
}
