package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// foldTypedLiteral turns CAST('…' AS DATE|DATETIME|TIME), which is what
// the parser makes of MySQL's typed literals DATE '…', TIMESTAMP '…' and
// TIME '…' (sqlrewrite/typedlit.go), into a literal of the target type,
// so the rules after it (zone maps, index lookups, vectorisation) see a
// constant, as they saw the string before. A string that is no valid
// value stays a CAST, which answers NULL as MySQL's CAST does. A CAST to
// DECIMAL becomes mysqlfn.DecimalCast (MySQL's value beyond the type),
// one of a DOUBLE, DECIMAL or string to SIGNED or UNSIGNED
// mysqlfn.IntCast (MySQL's rounding and string prefix).
func foldTypedLiteral(ctx *sql.Context, c *expression.Convert) (sql.Expression, transform.TreeIdentity, error) {
	if dc, ok := mysqlfn.NewDecimalCast(c); ok {
		return dc, transform.NewTree, nil
	}
	if ic, ok := mysqlfn.NewIntCast(c); ok {
		return ic, transform.NewTree, nil
	}
	lit, ok := c.Child.(*expression.Literal)
	if !ok || !types.IsText(lit.Type()) || !types.IsTime(c.Type()) && !types.IsTimespan(c.Type()) {
		return asMySQLText(c) // mysqltext.go
	}
	v, err := c.Eval(ctx, nil)
	if err != nil || v == nil {
		return c, transform.SameTree, nil
	}
	return expression.NewLiteral(v, c.Type()), transform.NewTree, nil
}

// temporalIf types IF(c, a, b) over two DATEs (or two DATETIMEs) as
// MySQL does, as a DATE: GMS's IF promotes its type (a DATE to
// DATETIME(6)), so IF(c, DATE '2025-01-01', birth_date) printed
// '2025-01-01 00:00:00'. It becomes the CASE WHEN c THEN a ELSE b END it
// means, which GMS types by its branches (and engine/exec runs IF as).
// IFs over other types are left alone.
func temporalIf(f *function.If) (sql.Expression, transform.TreeIdentity, error) {
	ch := f.Children()
	if len(ch) != 3 || !types.IsTime(ch[1].Type()) || !types.IsTime(ch[2].Type()) {
		return f, transform.SameTree, nil
	}
	return expression.NewCase(nil, []expression.CaseBranch{{Cond: ch[0], Value: ch[1]}}, ch[2]), transform.NewTree, nil
}

// timeLiteralSides reads a string literal compared with a TIME
// (TIME(ordered_at) > '12:00:00', BETWEEN '09:00' AND '17:00') as a TIME
// literal, as MySQL compares them: GMS v0.20.0 compared the TIME with
// the string otherwise and answered 1 for TIME('08:00:00') > '12:00:00'.
// A string that is no time is left as it is.
func timeLiteralSides(ctx *sql.Context, e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
	ch := e.Children()
	timespan := false
	for _, c := range ch {
		timespan = timespan || types.IsTimespan(c.Type())
	}
	if !timespan {
		return e, transform.SameTree, nil
	}
	changed := false
	out := append([]sql.Expression(nil), ch...)
	for i, c := range ch {
		lit, ok := c.(*expression.Literal)
		if !ok || !types.IsText(lit.Type()) {
			continue
		}
		v, _, err := types.Time.Convert(ctx, lit.Value())
		if err != nil || v == nil {
			continue
		}
		out[i], changed = expression.NewLiteral(v, types.Time), true
	}
	if !changed {
		return e, transform.SameTree, nil
	}
	ne, err := e.WithChildren(out...)
	if err != nil {
		return e, transform.SameTree, nil
	}
	return ne, transform.NewTree, nil
}
