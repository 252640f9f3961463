package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// distinctAsGroups is a physical choice of an aggregate without GROUP
// BY whose one value is COUNT(DISTINCT a, b, ...) or COUNT(DISTINCT s)
// of a string: it runs as the count of the groups of its arguments
// that hold no NULL, so that the grouping's packed keys, text
// numbering and parallel merge serve it. The distinct set of one group
// was one hash table of (group, value) tuples, merged worker into
// worker on one core: 6-8 s against 1.5 s for 8.9M customer x product
// pairs. A single integer-like argument keeps its own accumulator,
// which counts a sorted input as it goes.
func distinctAsGroups(n *plan.GroupBy) (sql.Node, bool) {
	if len(n.GroupByExprs) != 0 || len(n.SelectedExprs) != 1 {
		return nil, false
	}
	e := n.SelectedExprs[0]
	alias, aliased := e.(*expression.Alias)
	if aliased {
		e = alias.Child
	}
	cd, ok := e.(*aggregation.CountDistinct)
	if !ok {
		return nil, false
	}
	args := cd.Children()
	if len(args) == 1 {
		if t, ok := TypeOf(args[0].Type()); !ok || intLike(t.Phys) {
			return nil, false
		}
	}
	// The groups with a NULL are dropped after grouping: a filter below
	// would hide the input's key ranges from the grouping's choices.
	conds := make([]sql.Expression, len(args))
	for i, a := range args {
		field := expression.NewGetField(i, a.Type(), a.String(), true)
		conds[i] = expression.NewNot(expression.NewIsNull(field))
	}
	groups := plan.NewFilter(expression.JoinAnd(conds...), plan.NewGroupBy(args, args, n.Child))
	var count sql.Expression = aggregation.NewCount(expression.NewStar())
	if aliased {
		count = expression.NewAlias(alias.Name(), count)
	}
	return plan.NewGroupBy([]sql.Expression{count}, nil, groups), true
}
