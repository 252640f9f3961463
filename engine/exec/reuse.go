package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// reuseSubqueries returns ps, a projection over child's rows, with each
// subquery that child, a projection, already computed read from child's
// column instead. GMS plans a derived table's select-list subquery
// twice — in the projection that computes it, and again, indexed over
// that projection's row, in the one above that names the derived
// table's columns — so that, compiled as is, a decorrelated subquery ran
// its inner query twice. The two are the same when the upper one,
// re-indexed over the lower one's input, reads the same plan: its outer
// columns are ones the lower projection passes through unchanged.
func reuseSubqueries(ps []sql.Expression, child sql.Node) []sql.Expression {
	cp, ok := child.(*plan.Project)
	if !ok {
		return ps
	}
	w, wc := len(cp.Projections), len(cp.Child.Schema())
	var out []sql.Expression
	for i, e := range ps {
		q, name := subqueryOf(e)
		if q == nil {
			continue
		}
		m, ok := remapOuter(q.Query, w, wc, cp.Projections)
		if !ok {
			continue
		}
		text := sql.DebugString(m)
		for j, ce := range cp.Projections {
			if cq, _ := subqueryOf(ce); cq == nil || sql.DebugString(cq.Query) != text {
				continue
			}
			if out == nil {
				out = append([]sql.Expression(nil), ps...)
			}
			out[i] = expression.NewGetField(j, ce.Type(), name, true)
			if _, aliased := e.(*expression.Alias); aliased {
				out[i] = expression.NewAlias(name, out[i])
			}
			break
		}
	}
	if out == nil {
		return ps
	}
	return out
}

// subqueryOf is e's subquery (under an alias) and e's name; nil if none.
func subqueryOf(e sql.Expression) (*plan.Subquery, string) {
	name := e.String()
	if a, ok := e.(*expression.Alias); ok {
		e, name = a.Child, a.Name()
	}
	q, _ := e.(*plan.Subquery)
	return q, name
}

// remapOuter re-indexes a subquery's plan n from behind w outer columns
// (an upper projection's input row) to behind wc (the lower projection's
// input, lower its projections): an outer column must be one the lower
// projection passes through. ok is false otherwise, and for a plan that
// holds subqueries of its own or reads the outer row in ways not
// followed here.
func remapOuter(n sql.Node, w, wc int, lower []sql.Expression) (sql.Node, bool) {
	ok := true
	n, _, err := transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		switch x := n.(type) {
		case *plan.StripRowNode:
			if x.NumCols != w {
				ok = false
				return n, transform.SameTree, nil
			}
			return plan.NewStripRowNode(x.Child, wc), transform.NewTree, nil
		case *plan.PrependNode:
			ok = false
		case *plan.SubqueryAlias:
			if x.IsLateral {
				ok = false
			} else if x.OuterScopeVisibility {
				child, cok := remapOuter(x.Child, w, wc, lower)
				if ok = ok && cok; ok {
					nx := *x
					nx.Child = child
					return &nx, transform.NewTree, nil
				}
			}
		}
		return n, transform.SameTree, nil
	})
	if err != nil || !ok {
		return nil, false
	}
	out, _, err := transform.NodeExprs(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
		switch x := e.(type) {
		case *expression.GetField:
			if x.Index() >= w {
				return x.WithIndex(x.Index() - w + wc), transform.NewTree, nil
			}
			if g, pass := lower[x.Index()].(*expression.GetField); pass {
				return x.WithIndex(g.Index()), transform.NewTree, nil
			}
			ok = false
		case sql.ExpressionWithNodes:
			ok = false
		}
		return e, transform.SameTree, nil
	})
	return out, ok && err == nil
}
