package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// SELECT DISTINCT with ORDER BY a select-list position that names an
// expression or an alias:
//
//	SELECT DISTINCT DATE(updated_at) FROM customers ORDER BY 1 DESC
//	SELECT DISTINCT updated_at AS x FROM customers ORDER BY 1
//
// go-mysql-server v0.20.0's planner sorts by the select-list item itself
// (the alias with the expression under it) and, because that item is in
// the projection, lifts the sort above the DISTINCT (planbuilder
// factory.buildDistinct), where the table columns the expression reads
// are gone: 1105 "unable to sort: unable to find field with index N". The
// sort wants the projected value, so distinctOrderRuleID makes each such
// sort key a reference to the projection's column.
const distinctOrderRuleID analyzer.RuleId = 9_986

// distinctSortRefs is the pre-analyzer rule.
func distinctSortRefs(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		s, ok := n.(*plan.Sort)
		if !ok {
			return n, transform.SameTree, nil
		}
		d, ok := s.Child.(*plan.Distinct)
		if !ok {
			return n, transform.SameTree, nil
		}
		p, ok := d.Child.(*plan.Project)
		if !ok {
			return n, transform.SameTree, nil
		}
		fields, changed := projectedSortFields(s.SortFields, p.Projections)
		if !changed {
			return n, transform.SameTree, nil
		}
		return plan.NewSort(fields, s.Child), transform.NewTree, nil
	})
}

// projectedSortFields replaces each sort key that is an aliased
// projection (the same expression, as the planner matched it: by its
// text) with a reference to that projection's column.
func projectedSortFields(fields sql.SortFields, projections []sql.Expression) (sql.SortFields, bool) {
	out := make(sql.SortFields, len(fields))
	copy(out, fields)
	changed := false
	for i, f := range fields {
		a, ok := f.Column.(*expression.Alias)
		if !ok {
			continue
		}
		for j, p := range projections {
			pa, ok := p.(*expression.Alias)
			if !ok || pa.Id() != a.Id() || !strings.EqualFold(pa.String(), a.String()) {
				continue
			}
			gf := expression.NewGetField(j, pa.Type(), pa.Name(), pa.IsNullable()).WithId(pa.Id())
			out[i].Column = gf.(sql.Expression)
			changed = true
			break
		}
	}
	return out, changed
}
