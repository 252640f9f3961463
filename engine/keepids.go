package engine

import (
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// nodeExprsKeepingIds is transform.NodeExprsWithOpaque, except that an
// expression rebuilt over new children keeps its column id. GMS v0.20.0's
// COUNT(DISTINCT) drops it in WithChildren, so when the syntax rule
// replaced something in its argument (DATE '…', x + INTERVAL, TIMESTAMPDIFF)
// the Project above a GROUP BY found no column for it: 1105 "unable to
// find field with index N".
func nodeExprsKeepingIds(n sql.Node, f transform.ExprFunc) (sql.Node, transform.TreeIdentity, error) {
	return transform.NodeWithOpaque(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		ex, ok := n.(sql.Expressioner)
		if !ok {
			return n, transform.SameTree, nil
		}
		exprs := ex.Expressions()
		var out []sql.Expression
		for i, e := range exprs {
			ne, same, err := exprKeepingIds(e, f)
			if err != nil {
				return nil, transform.SameTree, err
			}
			if same == transform.NewTree {
				if out == nil {
					out = slices.Clone(exprs)
				}
				out[i] = ne
			}
		}
		if out == nil {
			return n, transform.SameTree, nil
		}
		nn, err := ex.WithExpressions(out...)
		return nn, transform.NewTree, err
	})
}

// exprKeepingIds applies f bottom-up, as transform.Expr does.
func exprKeepingIds(e sql.Expression, f transform.ExprFunc) (sql.Expression, transform.TreeIdentity, error) {
	children := e.Children()
	var nc []sql.Expression
	for i, c := range children {
		n, same, err := exprKeepingIds(c, f)
		if err != nil {
			return nil, transform.SameTree, err
		}
		if same == transform.NewTree {
			if nc == nil {
				nc = slices.Clone(children)
			}
			nc[i] = n
		}
	}
	changed := transform.SameTree
	if nc != nil {
		ne, err := e.WithChildren(nc...)
		if err != nil {
			return nil, transform.SameTree, err
		}
		if old, ok := e.(sql.IdExpression); ok {
			if n, ok := ne.(sql.IdExpression); ok && n.Id() != old.Id() {
				ne = n.WithId(old.Id())
			}
		}
		e, changed = ne, transform.NewTree
	}
	out, same, err := f(e)
	if err != nil {
		return nil, transform.SameTree, err
	}
	if same == transform.NewTree {
		changed = transform.NewTree
	}
	return out, changed, nil
}
