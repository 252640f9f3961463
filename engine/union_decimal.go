package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// unionDecimals gives a UNION (INTERSECT, EXCEPT) column whose sides are
// exact numbers of different types MySQL's type: a DECIMAL with the
// larger scale and room for the larger integer part (DECIMAL(13,2)
// UNION DECIMAL(15,4) is DECIMAL(15,4)). GMS's planner converts both
// sides to its internal DECIMAL, whose values keep each side's own scale,
// so (amount + amount) UNION (id / 3) printed 0.00 beside 0.3333 where
// MySQL prints 0.0000. It finds the conversions the planner put in
// (Alias(CONVERT(column, DECIMAL)) over both sides, by position) and
// gives them the merged precision and scale; ok is false when nothing
// changed.
func unionDecimals(u *plan.SetOp) (sql.Node, bool, error) {
	lp, lok := u.Left().(*plan.Project)
	rp, rok := u.Right().(*plan.Project)
	if !lok || !rok || len(lp.Projections) != len(rp.Projections) {
		return u, false, nil
	}
	les, res := append([]sql.Expression(nil), lp.Projections...), append([]sql.Expression(nil), rp.Projections...)
	changed := false
	for i := range les {
		lc, lin, ok1 := plannerDecimalConvert(les[i])
		rc, rin, ok2 := plannerDecimalConvert(res[i])
		if !ok1 || !ok2 {
			continue
		}
		lin, rin = sideColumn(lp, i, lin), sideColumn(rp, i, rin)
		if internalDecimal(lin.Type()) || internalDecimal(rin.Type()) {
			continue // a side of unknown scale (a UNION of three selects): left as GMS answers it
		}
		to, length, scale := mergedType(lin.Type(), rin.Type())
		if to != expression.ConvertToDecimal {
			continue
		}
		les[i] = expression.NewAlias(lc.Name(), expression.NewConvertWithLengthAndScale(lin, to, length, scale))
		res[i] = expression.NewAlias(rc.Name(), expression.NewConvertWithLengthAndScale(rin, to, length, scale))
		changed = true
	}
	if !changed {
		return u, false, nil
	}
	nl, err := lp.WithExpressions(les...)
	if err != nil {
		return nil, false, err
	}
	nr, err := rp.WithExpressions(res...)
	if err != nil {
		return nil, false, err
	}
	n, err := u.WithChildren(nl, nr)
	return n, err == nil, err
}

// plannerDecimalConvert matches Alias(CONVERT(e, DECIMAL)) with GMS's
// internal DECIMAL type (no precision given), as GMS's planner merges
// set operation sides, and returns the alias and e.
func plannerDecimalConvert(p sql.Expression) (*expression.Alias, sql.Expression, bool) {
	a, ok := p.(*expression.Alias)
	if !ok {
		return nil, nil, false
	}
	c, ok := a.Child.(*expression.Convert)
	if !ok || !internalDecimal(c.Type()) {
		return nil, nil, false
	}
	return a, c.Child, true
}

// sideColumn is e, the column i a Project over a set operation's side
// reads, typed as that side now answers it: a side that is itself a set
// operation (a UNION of three selects) may have been retyped below, after
// the planner typed its reference.
func sideColumn(p *plan.Project, i int, e sql.Expression) sql.Expression {
	gf, ok := e.(*expression.GetField)
	sch := p.Child.Schema()
	if !ok || i >= len(sch) || sch[i].Name != gf.Name() || gf.Type().Equals(sch[i].Type) {
		return e
	}
	return expression.NewGetFieldWithTable(gf.Index(), int(gf.TableId()), sch[i].Type, gf.Database(), gf.Table(), gf.Name(), gf.IsNullable()).WithId(gf.Id())
}

// internalDecimal: t is GMS's DECIMAL of no stated precision.
func internalDecimal(t sql.Type) bool { return t.Equals(types.InternalDecimalType) }

// unionPass applies unionDecimals to the set operations of n that are
// neither inside another one nor over one: in a UNION of three selects
// GMS's planner typed the outer merge from the inner one's first type
// (its internal DECIMAL), and a retyped inner side would print its
// values at that type's 30 decimals.
func unionPass(n sql.Node, inSetOp bool) (sql.Node, bool, error) {
	u, isSetOp := n.(*plan.SetOp)
	children := n.Children()
	changed := false
	if len(children) > 0 {
		out := make([]sql.Node, len(children))
		for i, c := range children {
			nc, ch, err := unionPass(c, inSetOp || isSetOp)
			if err != nil {
				return nil, false, err
			}
			out[i], changed = nc, changed || ch
		}
		if changed {
			nn, err := n.WithChildren(out...)
			if err != nil {
				return nil, false, err
			}
			n = nn
			u, isSetOp = n.(*plan.SetOp)
		}
	}
	if !isSetOp || inSetOp || hasSetOp(u.Left()) || hasSetOp(u.Right()) {
		return n, changed, nil
	}
	nu, ch, err := unionDecimals(u)
	return nu, changed || ch, err
}

// hasSetOp: n is or holds a set operation (not looking into subqueries).
func hasSetOp(n sql.Node) bool {
	if _, ok := n.(*plan.SetOp); ok {
		return true
	}
	for _, c := range n.Children() {
		if hasSetOp(c) {
			return true
		}
	}
	return false
}
