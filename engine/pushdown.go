package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// zoneFilterRuleID names the rule in analyzer traces. GMS's own rule ids
// stop far below it.
const zoneFilterRuleID analyzer.RuleId = 10_000

// pushdownZoneFilters hands the filters sitting directly on a cohortdb
// table to Table.WithFilters. GMS v0.20 no longer pushes filters into
// sql.FilteredTable itself, so without this rule zone maps would never
// see a predicate. The Filter node stays: pruning only skips segments.
func pushdownZoneFilters(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		f, ok := n.(*plan.Filter)
		if !ok {
			return n, transform.SameTree, nil
		}
		child, same, err := withZoneFilters(ctx, f.Child, f.Expression)
		if err != nil || same {
			return n, transform.SameTree, err
		}
		nf, err := f.WithChildren(child)
		return nf, transform.NewTree, err
	})
}

// withZoneFilters returns n with filters attached to its cohortdb table,
// looking through a table alias.
func withZoneFilters(ctx *sql.Context, n sql.Node, cond sql.Expression) (sql.Node, transform.TreeIdentity, error) {
	switch n := n.(type) {
	case *plan.TableAlias:
		child, same, err := withZoneFilters(ctx, n.Child, cond)
		if err != nil || same {
			return n, transform.SameTree, err
		}
		na, err := n.WithChildren(child)
		return na, transform.NewTree, err
	case *plan.ResolvedTable:
		t, ok := n.Table.(*Table)
		if !ok || t.filters != nil {
			return n, transform.SameTree, nil
		}
		nt := t.WithFilters(ctx, expression.SplitConjunction(cond)).(*Table)
		if nt.pruneFor == nil {
			return n, transform.SameTree, nil
		}
		rt, err := n.WithTable(nt)
		return rt, transform.NewTree, err
	}
	return n, transform.SameTree, nil
}
