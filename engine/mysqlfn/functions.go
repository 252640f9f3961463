package mysqlfn

import (
	"fmt"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// Functions are the functions this package serves, each ahead of GMS's
// built-in of the same name if there is one.
func Functions() []sql.Function {
	return append([]sql.Function{
		sql.Function2{Name: "makedate", Fn: func(y, d sql.Expression) sql.Expression { return &makeDateExpr{y, d} }},
		sql.Function2{Name: "str_to_date", Fn: func(v, f sql.Expression) sql.Expression { return &strToDateExpr{v, f} }},
		weekFunc,
		unixTimestampFunc,
		timestampDiffFunc,
		locateFunc,
		timestampFunc,
		signFunc,
		roundFunc,
		truncateFunc,
		floorFunc,
		ceilFuncs[0],
		ceilFuncs[1],
		periodFuncs[0],
		periodFuncs[1],
		convertTzFunc,
		regexpLikeFunc,
		greatestFunc,
		leastFunc,
	}, append(append(append(append(append(append(append(packetFunctions, regexpFnFuncs...), floatRangeFunctions...), textFunctions...), buildFunctions...), nullableAggregates...), lagLeadFunctions...), ntileFunctions...)...)
}

// erWrongValueForType is MySQL's warning for a value STR_TO_DATE cannot
// read (ER_WRONG_VALUE_FOR_TYPE).
const erWrongValueForType = 1411

// strToDateExpr is STR_TO_DATE(value, format).
type strToDateExpr struct{ value, format sql.Expression }

var _ sql.FunctionExpression = (*strToDateExpr)(nil)

func (e *strToDateExpr) FunctionName() string { return "str_to_date" }
func (e *strToDateExpr) Description() string {
	return "parses a string into a date, time or datetime by a DATE_FORMAT-style format"
}
func (e *strToDateExpr) IsNullable() bool           { return true }
func (e *strToDateExpr) Children() []sql.Expression { return []sql.Expression{e.value, e.format} }
func (e *strToDateExpr) Resolved() bool             { return e.value.Resolved() && e.format.Resolved() }
func (e *strToDateExpr) String() string {
	return fmt.Sprintf("str_to_date(%s,%s)", e.value, e.format)
}

func (e *strToDateExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 2 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 2)
	}
	return &strToDateExpr{children[0], children[1]}, nil
}

// Type is DATE, TIME or DATETIME by what a constant format reads (as
// MySQL decides it when preparing the statement); DATETIME(6) for a
// format known only per row.
func (e *strToDateExpr) Type() sql.Type {
	lit, ok := e.format.(*expression.Literal)
	if !ok {
		return types.DatetimeMaxPrecision
	}
	f, ok := lit.Value().(string)
	if !ok {
		return types.DatetimeMaxPrecision
	}
	date, clock, frac := FormatParts(f)
	switch {
	case date && !clock:
		return types.Date
	case clock && !date:
		return types.Time
	case frac:
		return types.DatetimeMaxPrecision
	}
	return types.Datetime
}

// Eval returns NULL with warning 1411 where MySQL does: the value does
// not match the format or is not a real date.
func (e *strToDateExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	value, err := evalText(ctx, e.value, row)
	if err != nil || value == nil {
		return nil, err
	}
	format, err := evalText(ctx, e.format, row)
	if err != nil || format == nil {
		return nil, err
	}
	d, _, ok := ParseDate(*value, *format)
	typ := e.Type()
	timeOnly := types.IsTimespan(typ)
	if ok && !timeOnly && !d.ValidDate() {
		ok = false // February 30th, a zero month or day
	}
	if !ok {
		ctx.Warn(erWrongValueForType, "Incorrect datetime value: '%s' for function str_to_date", *value)
		return nil, nil
	}
	switch {
	case timeOnly:
		v, _, err := types.Time.Convert(ctx, fmt.Sprintf("%02d:%02d:%02d.%06d", d.Hour, d.Minute, d.Second, d.Micros))
		return v, err
	case typ == types.Date:
		return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), nil
	}
	return d.Time(), nil
}

// evalText evaluates x as a string (nil for NULL), converting other
// types as MySQL does when a function wants a string.
func evalText(ctx *sql.Context, x sql.Expression, row sql.Row) (*string, error) {
	v, err := x.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	if s, ok := v.(string); ok {
		return &s, nil
	}
	c, _, err := types.LongText.Convert(ctx, v)
	if err != nil {
		return nil, err
	}
	s, ok := c.(string)
	if !ok {
		return nil, fmt.Errorf("str_to_date: cannot read %T as a string", v)
	}
	s = strings.Clone(s)
	return &s, nil
}

// makeDateExpr is MAKEDATE(year, dayofyear).
type makeDateExpr struct{ year, day sql.Expression }

var _ sql.FunctionExpression = (*makeDateExpr)(nil)

func (e *makeDateExpr) FunctionName() string { return "makedate" }
func (e *makeDateExpr) Description() string {
	return "returns the date of a day of the year (1 = January 1st)"
}
func (e *makeDateExpr) Type() sql.Type             { return types.Date }
func (e *makeDateExpr) IsNullable() bool           { return true }
func (e *makeDateExpr) Children() []sql.Expression { return []sql.Expression{e.year, e.day} }
func (e *makeDateExpr) Resolved() bool             { return e.year.Resolved() && e.day.Resolved() }
func (e *makeDateExpr) String() string             { return fmt.Sprintf("makedate(%s,%s)", e.year, e.day) }

func (e *makeDateExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 2 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 2)
	}
	return &makeDateExpr{children[0], children[1]}, nil
}

// Eval is NULL when an argument is NULL or MakeDate has no date.
func (e *makeDateExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	var args [2]int64
	for i, x := range []sql.Expression{e.year, e.day} {
		v, err := x.Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		n, _, err := types.Int64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		args[i] = n.(int64)
	}
	if t, ok := MakeDate(args[0], args[1]); ok {
		return t, nil
	}
	return nil, nil
}
