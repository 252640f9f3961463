package engine

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// VectorizeVariable is the session variable that turns the vectorised
// executor off (SET cohortdb_vectorize = 0): GMS's row-at-a-time
// operators then run everything, which is how tests obtain an
// independent result.
const VectorizeVariable = "cohortdb_vectorize"

var registerVectorizeVariable = sync.OnceFunc(func() {
	sql.SystemVariables.AddSystemVariables([]sql.SystemVariable{&sql.MysqlSystemVariable{
		Name:    VectorizeVariable,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
		Dynamic: true,
		Type:    types.NewSystemBoolType(VectorizeVariable),
		Default: int8(1),
	}, execSystemVariable()})
})

func vectorizeEnabled(ctx *sql.Context) bool {
	v, err := ctx.GetSessionVariable(ctx, VectorizeVariable)
	if err != nil {
		return true
	}
	on, ok := v.(int8)
	return !ok || on != 0
}

// topNRuleID runs after validation: GMS's only_full_group_by check
// knows a GroupBy under a Sort but not under a TopN (Metabase's breakouts
// ordered by their GROUP BY expression over a join failed with 1105).
const topNRuleID analyzer.RuleId = 10_002

// insertTopN turns Limit(Project(Sort(x))) into Limit(Project(TopN(x))).
// GMS only does so when the Sort sits directly under the Limit, so an
// ORDER BY over aliased aggregates (… ORDER BY buyers DESC LIMIT 20)
// sorted every group; TopN keeps a heap of the first n.
func insertTopN(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	if !vectorizeEnabled(ctx) {
		return n, transform.SameTree, nil
	}
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		l, ok := n.(*plan.Limit)
		if !ok || l.CalcFoundRows {
			return n, transform.SameTree, nil
		}
		if _, ok := l.Limit.(*expression.Literal); !ok {
			return n, transform.SameTree, nil
		}
		p, ok := l.Child.(*plan.Project)
		if !ok {
			return n, transform.SameTree, nil
		}
		s, ok := p.Child.(*plan.Sort)
		if !ok {
			return n, transform.SameTree, nil
		}
		np, err := p.WithChildren(plan.NewTopN(s.SortFields, l.Limit, s.Child))
		if err != nil {
			return nil, transform.SameTree, err
		}
		nl, err := l.WithChildren(np)
		return nl, transform.NewTree, err
	})
}
