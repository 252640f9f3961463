package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// nullableAggregates are the aggregates MySQL reports as nullable (they
// are NULL over no rows, or over only NULLs) and GMS v0.20.0 does not:
// its MIN, MAX, SUM, STD…, VAR… and JSON_ARRAYAGG/JSON_OBJECTAGG say
// IsNullable() == false. The planner copies that into every column that
// reads them, so the result set's NOT_NULL flag was set and CREATE TABLE
// … AS SELECT MIN(x) … made a NOT NULL column its own NULLs failed with
// 1048. COUNT, COUNT(DISTINCT) and BIT_AND/OR/XOR stay NOT NULL, as in
// MySQL; AVG and ANY_VALUE are already nullable in GMS.
//
// STD… and VAR… are also DOUBLE, as in MySQL: GMS typed them as their
// argument, so STD of an INT column came back rounded to an integer
// (STD(1, 2) = 1 rather than 0.5, VARIANCE(1, 2) = 0 rather than 0.25).
var nullableAggregates = []sql.Function{
	nullable1("min", func(e sql.Expression) sql.Aggregation { return aggregation.NewMin(e) }),
	nullable1("max", func(e sql.Expression) sql.Aggregation { return aggregation.NewMax(e) }),
	nullable1("sum", func(e sql.Expression) sql.Aggregation { return aggregation.NewSum(e) }),
	double1("std", func(e sql.Expression) sql.Aggregation { return aggregation.NewStdDevPop(e) }),
	double1("stddev", func(e sql.Expression) sql.Aggregation { return aggregation.NewStdDevPop(e) }),
	double1("stddev_pop", func(e sql.Expression) sql.Aggregation { return aggregation.NewStdDevPop(e) }),
	double1("stddev_samp", func(e sql.Expression) sql.Aggregation { return aggregation.NewStdDevSamp(e) }),
	double1("variance", func(e sql.Expression) sql.Aggregation { return aggregation.NewVarPop(e) }),
	double1("var_pop", func(e sql.Expression) sql.Aggregation { return aggregation.NewVarPop(e) }),
	double1("var_samp", func(e sql.Expression) sql.Aggregation { return aggregation.NewVarSamp(e) }),
	nullable1("json_arrayagg", func(e sql.Expression) sql.Aggregation { return aggregation.NewJsonArray(e) }),
	sql.Function2{Name: "json_objectagg", Fn: func(k, v sql.Expression) sql.Expression {
		return NullableAggregate(aggregation.NewJSONObjectAgg(k, v).(sql.Aggregation))
	}},
}

func nullable1(name string, fn func(sql.Expression) sql.Aggregation) sql.Function {
	return sql.Function1{Name: name, Fn: func(e sql.Expression) sql.Expression { return NullableAggregate(fn(e)) }}
}

func double1(name string, fn func(sql.Expression) sql.Aggregation) sql.Function {
	return sql.Function1{Name: name, Fn: func(e sql.Expression) sql.Expression {
		return &nullableAgg{Aggregation: fn(e), double: true}
	}}
}

// nullableAgg is a GMS aggregate that says it is nullable. Everything
// else is the aggregate's own: its String (so the planner matches
// repeated uses), its buffers, its window function.
type nullableAgg struct {
	sql.Aggregation
	double bool // typed DOUBLE (STD…, VAR…)
}

var (
	_ sql.Aggregation               = (*nullableAgg)(nil)
	_ sql.FunctionExpression        = (*nullableAgg)(nil)
	_ sql.CollationCoercible        = (*nullableAgg)(nil)
	_ sql.DebugStringer             = (*nullableAgg)(nil)
	_ sql.WindowAdaptableExpression = (*nullableAgg)(nil)
)

// NullableAggregate wraps a so that it reports IsNullable() == true.
func NullableAggregate(a sql.Aggregation) sql.Aggregation {
	if _, ok := a.(*nullableAgg); ok {
		return a
	}
	return &nullableAgg{Aggregation: a}
}

// UnwrapAggregate returns the GMS aggregate behind a nullable wrapper,
// or e itself: code that recognises GMS's aggregate types (the
// vectorised GROUP BY) looks through the wrapper with it.
func UnwrapAggregate(e sql.Expression) sql.Expression {
	if a, ok := e.(*nullableAgg); ok {
		return a.Aggregation
	}
	return e
}

func (a *nullableAgg) IsNullable() bool { return true }

func (a *nullableAgg) Type() sql.Type {
	if a.double {
		return types.Float64
	}
	return a.Aggregation.Type()
}

func (a *nullableAgg) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	ne, err := a.Aggregation.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return a.rewrap(ne), nil
}

func (a *nullableAgg) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return a.rewrap(a.Aggregation.WithWindow(w)).(sql.WindowAdaptableExpression)
}

func (a *nullableAgg) WithId(id sql.ColumnId) sql.IdExpression {
	return a.rewrap(a.Aggregation.WithId(id)).(sql.IdExpression)
}

func (a *nullableAgg) FunctionName() string {
	if f, ok := a.Aggregation.(sql.FunctionExpression); ok {
		return f.FunctionName()
	}
	return a.Aggregation.String()
}

func (a *nullableAgg) Description() string {
	if f, ok := a.Aggregation.(sql.FunctionExpression); ok {
		return f.Description()
	}
	return ""
}

func (a *nullableAgg) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	return sql.GetCoercibility(ctx, a.Aggregation)
}

func (a *nullableAgg) DebugString() string { return sql.DebugString(a.Aggregation) }

// rewrap wraps what a method of the aggregate returned, when it is still
// an aggregate, as a is wrapped.
func (a *nullableAgg) rewrap(e sql.Expression) sql.Expression {
	if agg, ok := e.(sql.Aggregation); ok {
		return &nullableAgg{Aggregation: agg, double: a.double}
	}
	return e
}
