package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
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
		if l, r, ok := unionWithNull(lp, rp, i); ok {
			les[i], res[i], changed = l, r, true
			continue
		}
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
		if !knownDigits(lp.Child, lin) || !knownDigits(rp.Child, rin) {
			length = decimalMaxPrecision
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

// unionWithNull types column i of a set operation with a NULL on one
// side as the other side's column, as MySQL does: GMS's planner converts
// both sides to a type of its own, CHAR for a DATE (birth_date UNION ALL
// NULL was a VAR_STRING), its internal DECIMAL for a DECIMAL. The other
// side keeps its expression, the NULL becomes a NULL of its type.
func unionWithNull(lp, rp *plan.Project, i int) (l, r sql.Expression, ok bool) {
	la, lin, ok1 := plannerSide(lp, i)
	ra, rin, ok2 := plannerSide(rp, i)
	if !ok1 || !ok2 {
		return nil, nil, false
	}
	lnull, rnull := isNullExpr(lin), isNullExpr(rin)
	switch {
	case lnull == rnull, internalDecimal(lin.Type()) || internalDecimal(rin.Type()):
		return nil, nil, false
	case lnull:
		return expression.NewAlias(la.Name(), expression.NewLiteral(nil, rin.Type())), expression.NewAlias(ra.Name(), rin), true
	}
	return expression.NewAlias(la.Name(), lin), expression.NewAlias(ra.Name(), expression.NewLiteral(nil, lin.Type())), true
}

// plannerSide is projection i of a side of a set operation, Alias(e) or
// Alias(CONVERT(e, …)) as GMS's planner merges the sides (the engine's
// syntax rule may have wrapped e in mysqlfn.Text, or folded a CONVERT
// of NULL), and e as that side answers it.
func plannerSide(p *plan.Project, i int) (*expression.Alias, sql.Expression, bool) {
	a, ok := p.Projections[i].(*expression.Alias)
	if !ok {
		return nil, nil, false
	}
	e := a.Child
	if c, ok := e.(*expression.Convert); ok {
		e = c.Child
	}
	if t, ok := e.(*mysqlfn.Text); ok {
		e = t.Child
	}
	return a, sideColumn(p, i, e), true
}

// isNullExpr: e is the NULL literal or a column of type NULL.
func isNullExpr(e sql.Expression) bool {
	if l, ok := e.(*expression.Literal); ok && l.Value() == nil {
		return true
	}
	return e.Type() == types.Null
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

// knownDigits: e's DECIMAL type holds all its values — a column, a
// literal, a CAST, a CASE of those. GMS types arithmetic by its operands' precision without
// MySQL's extra digit (price - -1 is DECIMAL(12,2) for a DECIMAL(12,2)
// price), so a UNION converting 9999999999.99 - -1 to that type
// answered 0.00; such a side gets DECIMAL's whole precision.
func knownDigits(below sql.Node, e sql.Expression) bool {
	switch e := e.(type) {
	case *expression.Literal, *expression.Convert, *mysqlfn.DecimalCast:
		return true
	case *expression.GetField:
		// a column of the Project the planner put below: that projection
		inner, ok := below.(*plan.Project)
		if !ok {
			return true
		}
		for _, p := range inner.Projections {
			if a, ok := p.(*expression.Alias); ok && a.Name() == e.Name() {
				return knownDigits(inner.Child, a.Child)
			}
		}
		return true
	}
	vals := mysqlfn.ChoiceValues(e) // CASE, IF, COALESCE: as known as their values
	for _, v := range vals {
		if !knownDigits(below, v) {
			return false
		}
	}
	return vals != nil
}

// decimalMaxPrecision is DECIMAL's largest precision.
const decimalMaxPrecision = 65

// internalDecimal: t is GMS's DECIMAL of no stated precision.
func internalDecimal(t sql.Type) bool { return t.Equals(types.InternalDecimalType) }

// setOp types a set operation's columns as MySQL does: where the exact
// aggregates below changed a side's types (changed), both sides are
// converted to one type per column (mergeSetOpTypes); then a set
// operation neither inside another one nor over one gets MySQL's DECIMAL
// for columns GMS's planner merged to its internal one (unionDecimals).
// In a UNION of three selects GMS's planner typed the outer merge from
// the inner one's first type (its internal DECIMAL), and a retyped inner
// side would print its values at that type's 30 decimals. Done in the
// retyper's walk, so a derived table or CTE over the UNION, and an
// aggregate over those (SUM of a CTE's column), take the new type.
func (r *exactRetyper) setOp(u *plan.SetOp, changed bool) (sql.Node, bool, error) {
	var n sql.Node = u
	if changed {
		var err error
		if n, err = mergeSetOpTypes(u); err != nil {
			return nil, false, err
		}
	}
	u, ok := n.(*plan.SetOp)
	if !ok || r.setOps > 0 || hasSetOp(u.Left()) || hasSetOp(u.Right()) {
		return n, false, nil
	}
	return unionDecimals(u)
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
