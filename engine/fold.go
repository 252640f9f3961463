package engine

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// foldRuleID runs before the zone-filter and vectorisation rules, which
// then see time literals instead of strings.
const foldRuleID analyzer.RuleId = 9_990

// foldTimeLiterals converts, once per statement, the string literals
// GMS would otherwise parse again for every row: a string compared with
// a DATE/DATETIME expression (ordered_at >= '2026-04-02', HAVING
// MAX(ordered_at) >= '…'), and the arguments of DATEDIFF. Parsing was a
// third of the CPU time of a per-customer recency query.
// Like vectorisation, it is off under SET cohortdb_vectorize = 0.
func foldTimeLiterals(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	if !vectorizeEnabled(ctx) {
		return n, transform.SameTree, nil
	}
	// Ids kept: a literal folded inside COUNT(DISTINCT …) lost the
	// aggregate's column otherwise (nodeExprsKeepingIds).
	return nodeExprsKeepingIds(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		switch e := e.(type) {
		case *function.DateDiff:
			return &dateDiff{DateDiff: e, left: literalDays(ctx, e.LeftChild), right: literalDays(ctx, e.RightChild)}, transform.NewTree, nil
		case *expression.Equals, *expression.NullSafeEquals, *expression.LessThan, *expression.LessThanOrEqual,
			*expression.GreaterThan, *expression.GreaterThanOrEqual:
			return foldComparison(ctx, e)
		}
		return e, transform.SameTree, nil
	})
}

// foldComparison replaces a string literal compared with a time-typed
// operand by the DATETIME(6) value GMS's comparison converts it to.
func foldComparison(ctx *sql.Context, e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
	ch := e.Children()
	l, r := ch[0], ch[1]
	switch {
	case types.IsTime(l.Type()):
		if lit, ok := timeFromString(ctx, r); ok {
			ne, err := e.WithChildren(l, lit)
			return ne, transform.NewTree, err
		}
	case types.IsTime(r.Type()):
		if lit, ok := timeFromString(ctx, l); ok {
			ne, err := e.WithChildren(lit, r)
			return ne, transform.NewTree, err
		}
	}
	return e, transform.SameTree, nil
}

// timeFromString converts a string literal exactly as comparisons do.
func timeFromString(ctx *sql.Context, e sql.Expression) (sql.Expression, bool) {
	lit, ok := e.(*expression.Literal)
	if !ok {
		return nil, false
	}
	s, ok := lit.Value().(string)
	if !ok {
		return nil, false
	}
	v, _, err := types.DatetimeMaxPrecision.Convert(ctx, s)
	if err != nil || v == nil {
		return nil, false
	}
	return expression.NewLiteral(v, types.DatetimeMaxPrecision), true
}

// dateDiff is GMS's DATEDIFF with its per-row string round trip (each
// argument is formatted and parsed back to drop the time of day)
// replaced by calendar arithmetic, and literal arguments converted once.
// It returns exactly what GMS's returns.
type dateDiff struct {
	*function.DateDiff
	left, right *int64 // day numbers of literal arguments
}

func (d *dateDiff) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	a, ok, err := evalDays(ctx, d.LeftChild, d.left, row)
	if err != nil || !ok {
		return nil, err
	}
	b, ok, err := evalDays(ctx, d.RightChild, d.right, row)
	if err != nil || !ok {
		return nil, err
	}
	return a - b, nil
}

// Unwrap is GMS's DATEDIFF, for the executor's kernel.
func (d *dateDiff) Unwrap() sql.Expression { return d.DateDiff }

func (d *dateDiff) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	ne, err := d.DateDiff.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &dateDiff{DateDiff: ne.(*function.DateDiff), left: d.left, right: d.right}, nil
}

// literalDays is the day number of a literal argument, or nil.
func literalDays(ctx *sql.Context, e sql.Expression) *int64 {
	if _, ok := e.(*expression.Literal); !ok {
		return nil
	}
	days, ok, err := evalDays(ctx, e, nil, nil)
	if err != nil || !ok {
		return nil
	}
	return &days
}

// evalDays converts an argument as GMS's DATEDIFF does (to DATETIME(6),
// keeping the calendar date in the value's location) into days since
// 1970-01-01.
func evalDays(ctx *sql.Context, e sql.Expression, lit *int64, row sql.Row) (int64, bool, error) {
	if lit != nil {
		return *lit, true, nil
	}
	v, err := e.Eval(ctx, row)
	if err != nil || v == nil {
		return 0, false, err
	}
	c, _, err := types.DatetimeMaxPrecision.Convert(ctx, v)
	if err != nil {
		return 0, false, err
	}
	t, ok := c.(time.Time)
	if !ok {
		return 0, false, nil
	}
	y, m, dd := t.Date()
	return calendar.DaysFromCivil(int64(y), int64(m), int64(dd)), true, nil
}
