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
		child, rest, same, err := withZoneFilters(ctx, f.Child, f.Expression)
		if err != nil || same {
			return n, transform.SameTree, err
		}
		if len(rest) == 0 { // every conjunct is answered by bitmap indexes
			return child, transform.NewTree, nil
		}
		return plan.NewFilter(expression.JoinAnd(rest...), child), transform.NewTree, nil
	})
}

// withZoneFilters returns n with filters attached to its cohortdb table,
// looking through a table alias, and the conjuncts of cond still to be
// evaluated above it (those not answered exactly by bitmap indexes).
func withZoneFilters(ctx *sql.Context, n sql.Node, cond sql.Expression) (sql.Node, []sql.Expression, transform.TreeIdentity, error) {
	conjuncts := expression.SplitConjunction(cond)
	switch n := n.(type) {
	case *plan.TableAlias:
		child, rest, same, err := withZoneFilters(ctx, n.Child, cond)
		if err != nil || same {
			return n, conjuncts, transform.SameTree, err
		}
		na, err := n.WithChildren(child)
		return na, rest, transform.NewTree, err
	case *plan.ResolvedTable:
		t, ok := unwrapTable(n.Table)
		if !ok || t.filters != nil {
			return n, conjuncts, transform.SameTree, nil
		}
		nt := t.WithFilters(ctx, conjuncts).(*Table)
		nt, rest := nt.withBitmapFilters(ctx, conjuncts)
		if nt.pruneFor == nil && nt.bitmaps == nil {
			return n, conjuncts, transform.SameTree, nil
		}
		var wrapped sql.Table = nt
		if pt, ok := n.Table.(*plan.ProcessTable); ok { // an UPDATE or DELETE's table, wrapped when built
			wrapped = plan.NewProcessTable(nt, pt.OnPartitionDone, pt.OnPartitionStart, pt.OnRowNext)
		}
		rt, err := n.WithTable(wrapped)
		return rt, rest, transform.NewTree, err
	case *plan.IndexedTableAccess:
		return withBitmapLookup(ctx, n, conjuncts)
	}
	return n, conjuncts, transform.SameTree, nil
}

// zoneFilterDML gives a single-table UPDATE or DELETE the zone-map and
// bitmap filters SELECT gets. GMS v0.20 plans such a statement with its
// own short rule batches ("simpleUpdate", "simpleDelete"), which run no
// rule added to the analyzer, so pushdownZoneFilters never saw it and a
// DELETE of one customer's rows read the whole table; it is applied
// when the statement is built instead. It returns n rewritten, or nil
// when there is nothing to push down (already pushed, or no filter).
func zoneFilterDML(ctx *sql.Context, n sql.Node) (sql.Node, error) {
	switch n.(type) {
	case *plan.DeleteFrom, *plan.Update:
	default:
		return nil, nil
	}
	out, same, err := pushdownZoneFilters(ctx, nil, n, nil, nil, nil)
	if err != nil || same {
		return nil, err
	}
	return out, nil
}
