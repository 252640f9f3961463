package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
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
// own syntax rather than by name (TIMESTAMPDIFF), which the function
// provider never sees, with package mysqlfn's. It runs first among
// cohortdb's rules, whatever cohortdb_vectorize says.
const mysqlSyntaxRuleID analyzer.RuleId = 9_970

func replaceSyntaxFunctions(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.NodeExprs(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		if td, ok := e.(*function.TimestampDiff); ok {
			ch := td.Children()
			return mysqlfn.NewTimestampDiff(ch[0], ch[1], ch[2]), transform.NewTree, nil
		}
		return e, transform.SameTree, nil
	})
}
