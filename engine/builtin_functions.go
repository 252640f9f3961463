package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

var _ sql.FunctionProvider = (*Provider)(nil)

// builtinFunctions are the MySQL built-ins cohortdb serves itself
// (package mysqlfn), keyed by lower-cased name. GMS's catalog asks the
// provider before its own registry, so these replace GMS's functions of
// the same name.
func builtinFunctions() map[string]sql.Function {
	fns := map[string]sql.Function{}
	for _, f := range mysqlfn.Functions() {
		fns[strings.ToLower(f.FunctionName())] = f
	}
	return fns
}

// Function implements sql.FunctionProvider.
func (p *Provider) Function(ctx *sql.Context, name string) (sql.Function, bool) {
	f, ok := p.fns[strings.ToLower(name)]
	return f, ok
}

// mysqlSyntaxRuleID replaces the built-ins GMS's parser makes from their
// own syntax rather than by name (TIMESTAMPDIFF, x ± INTERVAL, REGEXP, and
// DATE_ADD/DATE_SUB with it, EXTRACT(WEEK FROM x)), which the function provider never sees,
// with package mysqlfn's, folds typed temporal literals and writes
// DOUBLEs and dates in CAST/CONCAT as MySQL does (typedlit.go,
// mysqltext.go). It runs before GMS's own rules (which would
// fold constant arguments with GMS's arithmetic), whatever
// cohortdb_vectorize says. It walks into opaque nodes: GMS analyses
// the sides of a UNION from its default rules on, after this batch, so
// CAST(birth_date AS CHAR) in a UNION was written as a DATETIME.
const mysqlSyntaxRuleID analyzer.RuleId = 9_970

func replaceSyntaxFunctions(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return nodeExprsKeepingIds(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		switch e := e.(type) {
		case *expression.Convert:
			return foldTypedLiteral(ctx, e) // typedlit.go
		case *function.If:
			return temporalIf(e) // typedlit.go
		case *function.Extract:
			if u, ok := e.LeftChild.(*expression.Literal); ok && strings.EqualFold(fmtValue(u.Value()), "WEEK") {
				return mysqlfn.NewExtractWeek(e.RightChild), transform.NewTree, nil
			}
		case *function.TimestampDiff:
			ch := e.Children()
			return mysqlfn.NewTimestampDiff(ch[0], ch[1], ch[2]), transform.NewTree, nil
		case *function.DateAdd:
			return interval(e, e.Date, e.Interval, 1)
		case *function.DateSub:
			return interval(e, e.Date, e.Interval, -1)
		case *expression.Arithmetic:
			op := e.Operator()
			if iv, ok := e.RightChild.(*expression.Interval); ok && (op == "+" || op == "-") {
				sign := int64(1)
				if op == "-" {
					sign = -1
				}
				return interval(e, e.LeftChild, iv, sign)
			}
			if iv, ok := e.LeftChild.(*expression.Interval); ok && op == "+" {
				return interval(e, e.RightChild, iv, 1)
			}
		case expression.Comparer:
			return timeLiteralSides(ctx, e) // typedlit.go
		case *expression.Between:
			return timeLiteralSides(ctx, e)
		case *function.RegexpLike: // REGEXP, RLIKE, NOT REGEXP: Go's matcher where it is ICU's (mysqlfn/regexp.go)
			return mysqlfn.FromGMSRegexpLike(e), transform.NewTree, nil
		case sql.FunctionExpression: // last: the cases above are function expressions too
			if isConcat(e) {
				return asMySQLText(e) // mysqltext.go
			}
		}
		return e, transform.SameTree, nil
	})
}

// fmtValue is v when it is a string, "" otherwise.
func fmtValue(v any) string {
	s, _ := v.(string)
	return s
}

// interval is mysqlfn's date ± interval in place of e, when date is a
// DATE or DATETIME.
func interval(e, date sql.Expression, iv *expression.Interval, sign int64) (sql.Expression, transform.TreeIdentity, error) {
	if ne, ok := mysqlfn.NewInterval(date, iv, sign); ok {
		return ne, transform.NewTree, nil
	}
	return e, transform.SameTree, nil
}
