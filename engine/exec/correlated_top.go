package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// correlatedTop decorrelates the other scalar subquery analysts write
// per customer: the value of the first row in some order, (SELECT
// o.channel FROM orders o WHERE o.customer_id = c.customer_id ORDER BY
// o.ordered_at DESC LIMIT 1), "the channel of the latest order". GMS ran
// it per outer row, sorting the filtered table each time: 6-7 s per
// customer at S2. Here it runs once as the rows numbered 1 by
// ROW_NUMBER() OVER (PARTITION BY the correlated keys ORDER BY the
// subquery's order), and each outer row looks its key up; a key without
// rows is NULL. Rows tied in the order are as MySQL's: any one of them.
func (c *exprCompiler) correlatedTop(q *plan.Subquery, t ColType) (Expr, bool, error) {
	w := len(c.in)
	value, fields, child, ok := topOne(q.Query)
	if !ok || sourceResolver == nil || !onlyFrom(value, w) {
		return nil, false, nil
	}
	child, innerKeys, outerKeys, ok := carryKeys(child, w)
	if !ok || len(innerKeys) == 0 {
		return nil, false, nil
	}
	order := make(sql.SortFields, len(fields))
	for i, f := range fields {
		if !onlyFrom(f.Column, w) {
			return nil, false, nil
		}
		order[i] = f
		order[i].Column = shiftFields(f.Column, -w)
	}
	rn := window.NewRowNumber().(*window.RowNumber).WithWindow(sql.NewWindowDefinition(innerKeys, order, nil, "", ""))
	sel := append([]sql.Expression{shiftFields(value, -w)}, innerKeys...)
	sel = append(sel, rn)
	first := expression.NewEquals(expression.NewGetField(len(sel)-1, types.Uint64, "rn", false), expression.NewLiteral(int64(1), types.Int64))
	outs := make([]sql.Expression, len(sel)-1)
	for i, e := range sel[:len(sel)-1] {
		outs[i] = expression.NewGetField(i, e.Type(), "v", true)
	}
	inner, err := Compile(sql.NewEmptyContext(), plan.NewProject(outs, plan.NewFilter(first, plan.NewWindow(sel, child))), sourceResolver)
	if err != nil {
		return nil, false, nil
	}
	return c.keyedValue(inner, t, nil, innerKeys, outerKeys) // no rows: NULL
}

// topOne splits a subquery's plan of the first row's value — a
// projection of one value over a TopN of one row, or over a sort under
// LIMIT 1 — into the value, the order and what is sorted.
func topOne(n sql.Node) (value sql.Expression, fields sql.SortFields, child sql.Node, ok bool) {
	limited := false
	if l, isLimit := n.(*plan.Limit); isLimit {
		if k, err := limitOf(l.Limit); err != nil || k != 1 || l.CalcFoundRows {
			return nil, nil, nil, false
		}
		n, limited = l.Child, true
	}
	p, isProject := n.(*plan.Project)
	if !isProject || len(p.Projections) != 1 {
		return nil, nil, nil, false
	}
	value = p.Projections[0]
	if a, isAlias := value.(*expression.Alias); isAlias {
		value = a.Child
	}
	switch s := p.Child.(type) {
	case *plan.TopN:
		if k, err := limitOf(s.Limit); err != nil || k != 1 || s.CalcFoundRows {
			return nil, nil, nil, false
		}
		return value, s.Fields, s.Child, true
	case *plan.Sort:
		return value, s.SortFields, s.Child, limited
	}
	return nil, nil, nil, false
}
