package engine

import (
	"reflect"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// exactAggRuleID puts MySQL's SUM and AVG (mysqlfn.Sum, mysqlfn.Avg) in
// place of GMS's, which answer a DOUBLE for every argument: over integers
// and DECIMALs MySQL answers an exact DECIMAL, SUM with 22 more digits of
// precision, AVG with 4 more decimals (money must be exact). GMS's
// planner has already typed every reference to an aggregate as DOUBLE, so
// the rule also retypes the column references (GetFields, by column id)
// to the aggregates, to aliases of them and to derived tables' columns
// over them, bottom-up. It runs before GMS's rules, whatever
// cohortdb_vectorize says, so every executor (GMS's, cohortdb's
// vectorised GROUP BY, engine/exec) sees the same types.
const exactAggRuleID analyzer.RuleId = 9_975

func exactAggregates(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	r := &exactRetyper{types: map[sql.ColumnId]sql.Type{}}
	out, changed, err := r.node(n)
	if err != nil || !changed {
		return n, transform.SameTree, err
	}
	return out, transform.NewTree, nil
}

// exactRetyper rewrites one plan; types are the new types of the column
// ids it changed; setOps counts the set operations above the node it is
// at.
type exactRetyper struct {
	types  map[sql.ColumnId]sql.Type
	setOps int
}

// node rewrites n's subtree, children first (derived tables included),
// so every column a node refers to has been retyped before the node.
func (r *exactRetyper) node(n sql.Node) (sql.Node, bool, error) {
	n, changed, err := r.children(n)
	if err != nil {
		return nil, false, err
	}
	if ex, ok := n.(sql.Expressioner); ok {
		exprs, ch, err := r.exprs(ex.Expressions())
		if err != nil {
			return nil, false, err
		}
		if ch {
			if n, err = ex.WithExpressions(exprs...); err != nil {
				return nil, false, err
			}
			changed = true
		}
	}
	if rc, ok := n.(*plan.RecursiveCte); ok {
		var ch bool
		if n, ch, err = recursiveAnchorTypes(rc); err != nil { // recursive_cte.go
			return nil, false, err
		}
		changed = changed || ch
	}
	if u, ok := n.(*plan.SetOp); ok {
		var ch bool
		if n, ch, err = r.setOp(u, changed); err != nil { // union_decimal.go
			return nil, false, err
		}
		changed = changed || ch
	}
	if changed {
		r.derivedColumns(n)
		n = exactCreateSelect(n) // create_select.go
	}
	return n, changed, nil
}

// children rewrites n's children; inside a set operation r.setOps counts
// it.
func (r *exactRetyper) children(n sql.Node) (sql.Node, bool, error) {
	children := n.Children()
	if len(children) == 0 {
		return n, false, nil
	}
	if _, ok := n.(*plan.SetOp); ok {
		r.setOps++
		defer func() { r.setOps-- }()
	}
	changed := false
	out := make([]sql.Node, len(children))
	for i, c := range children {
		nc, ch, err := r.node(c)
		if err != nil {
			return nil, false, err
		}
		out[i], changed = nc, changed || ch
	}
	if !changed {
		return n, false, nil
	}
	nn, err := n.WithChildren(out...)
	return nn, err == nil, err
}

// exprs rewrites a node's expressions; an expression with a column id
// whose type changed (an alias of an aggregate) retypes its references.
func (r *exactRetyper) exprs(in []sql.Expression) ([]sql.Expression, bool, error) {
	var out []sql.Expression
	for i, e := range in {
		ne, same, err := transform.Expr(e, r.expr)
		if err != nil {
			return nil, false, err
		}
		if same == transform.SameTree {
			continue
		}
		if out == nil {
			out = append([]sql.Expression(nil), in...)
		}
		if old, ok := e.(sql.IdExpression); ok && old.Id() != 0 {
			// GMS's Alias.WithChildren drops the alias's column id
			if id, ok := ne.(sql.IdExpression); ok && id.Id() != old.Id() {
				ne = id.WithId(old.Id())
			}
			if !ne.Type().Equals(e.Type()) {
				r.types[old.Id()] = ne.Type()
			}
		}
		out[i] = ne
	}
	return out, out != nil, nil
}

func (r *exactRetyper) expr(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
	switch e := e.(type) {
	case *expression.GetField:
		t, ok := r.types[e.Id()]
		if !ok || e.Id() == 0 || e.Type().Equals(t) {
			return e, transform.SameTree, nil
		}
		gf := expression.NewGetFieldWithTable(e.Index(), int(e.TableId()), t, e.Database(), e.Table(), e.Name(), true)
		return gf.WithId(e.Id()).(*expression.GetField), transform.NewTree, nil
	case *plan.Subquery:
		// Its query, which GMS may unnest into a join of the outer
		// query (a scalar comparison becomes a semi join) before it would
		// have been analyzed on its own.
		q, changed, err := r.node(e.Query)
		if err != nil || !changed {
			return e, transform.SameTree, err
		}
		return e.WithQuery(q), transform.NewTree, nil
	}
	if ne, ok := mysqlfn.NewExactChoice(e); ok {
		return ne, transform.NewTree, nil
	}
	if ne, ok := mysqlfn.NewVarcharResult(e); ok {
		return ne, transform.NewTree, nil
	}
	if ne, ok := mysqlfn.NewExactMod(e); ok {
		return ne, transform.NewTree, nil
	}
	if ne, ok := mysqlfn.FramedWindow(e); ok {
		return ne, transform.NewTree, nil
	}
	if ne, ok := mysqlfn.RankedWindow(e); ok {
		return ne, transform.NewTree, nil
	}
	ne, ok := mysqlfn.FromGMS(e)
	if !ok {
		return e, transform.SameTree, nil
	}
	if id, isID := ne.(sql.IdExpression); isID && id.Id() != 0 {
		r.types[id.Id()] = ne.Type()
	}
	return ne, transform.NewTree, nil
}

// derivedColumns retypes the columns of a derived table, CTE or other
// node with its own column ids over a subtree that changed: its column
// ids are its schema's columns in order. DECIMALs (exact aggregates, set
// operations) and temporal types (recursive CTEs) are the types the
// retyper changes.
func (r *exactRetyper) derivedColumns(n sql.Node) {
	tn, ok := n.(plan.TableIdNode)
	if !ok {
		return
	}
	sch := n.Schema()
	i := 0
	tn.Columns().ForEach(func(id sql.ColumnId) {
		if i < len(sch) {
			if _, dec := sch[i].Type.(sql.DecimalType); dec || types.IsTime(sch[i].Type) {
				r.types[id] = sch[i].Type
			}
		}
		i++
	})
}

// mergeSetOpTypes converts both sides of a UNION (INTERSECT, EXCEPT) to
// one type per column where the exact aggregates made them differ (GMS's
// planner merged them while both were DOUBLE): two exact types to a
// DECIMAL wide enough for both, anything else as GMS's planner would.
func mergeSetOpTypes(u *plan.SetOp) (sql.Node, error) {
	l, err := retypeByPosition(u.Left())
	if err != nil {
		return nil, err
	}
	r, err := retypeByPosition(u.Right())
	if err != nil {
		return nil, err
	}
	if l != u.Left() || r != u.Right() {
		n, err := u.WithChildren(l, r)
		if err != nil {
			return nil, err
		}
		u = n.(*plan.SetOp)
	}
	ls, rs := u.Left().Schema(), u.Right().Schema()
	if len(ls) != len(rs) {
		return u, nil
	}
	lids, rids := setOpColumnIds(u.Left(), len(ls)), setOpColumnIds(u.Right(), len(rs))
	les, res := make([]sql.Expression, len(ls)), make([]sql.Expression, len(rs))
	differ := false
	for i := range ls {
		les[i] = expression.NewGetFieldWithTable(int(lids[i]), 0, ls[i].Type, ls[i].DatabaseSource, ls[i].Source, ls[i].Name, ls[i].Nullable)
		res[i] = expression.NewGetFieldWithTable(int(rids[i]), 0, rs[i].Type, rs[i].DatabaseSource, rs[i].Source, rs[i].Name, rs[i].Nullable)
		if reflect.DeepEqual(ls[i].Type, rs[i].Type) {
			continue
		}
		differ = true
		to, length, scale := mergedType(ls[i].Type, rs[i].Type)
		les[i] = expression.NewAlias(ls[i].Name, expression.NewConvertWithLengthAndScale(les[i], to, length, scale))
		res[i] = expression.NewAlias(rs[i].Name, expression.NewConvertWithLengthAndScale(res[i], to, length, scale))
	}
	if !differ {
		return u, nil
	}
	return u.WithChildren(plan.NewProject(les, u.Left()), plan.NewProject(res, u.Right()))
}

// mergedType is the CONVERT target for a column of types l and r.
func mergedType(l, r sql.Type) (to string, length, scale int) {
	lp, ls, lok := exactDigitsOf(l)
	rp, rs, rok := exactDigitsOf(r)
	switch {
	case lok && rok:
		scale = max(ls, rs)
		return expression.ConvertToDecimal, min(max(lp-ls, rp-rs)+scale, 65), scale
	case types.IsNumber(l) && types.IsNumber(r):
		return expression.ConvertToDouble, 0, 0
	}
	return expression.GetConvertToType(l, r), 0, 0
}

// exactDigitsOf is an exact type's precision and scale.
func exactDigitsOf(t sql.Type) (p, s int, ok bool) {
	dt, ok := mysqlfn.ExactResult(t, false) // precision + 22, same scale
	if !ok {
		return 0, 0, false
	}
	return int(dt.Precision()) - 22, int(dt.Scale()), true
}

// setOpColumnIds are the n column ids a side of a set operation
// outputs, 0 where it has none (as GMS's planner finds them).
func setOpColumnIds(side sql.Node, n int) []sql.ColumnId {
	ids := columnIds(side)
	for len(ids) < n {
		ids = append(ids, 0)
	}
	return ids
}

func columnIds(n sql.Node) []sql.ColumnId {
	var ids []sql.ColumnId
	switch n := n.(type) {
	case *plan.Project:
		for _, p := range n.Projections {
			id := sql.ColumnId(0)
			if ide, ok := p.(sql.IdExpression); ok {
				id = ide.Id()
			}
			ids = append(ids, id)
		}
		return ids
	case plan.TableIdNode:
		n.Columns().ForEach(func(c sql.ColumnId) { ids = append(ids, c) })
		return ids
	}
	if ch := n.Children(); len(ch) > 0 {
		return columnIds(ch[0])
	}
	return nil
}

// retypeByPosition retypes the column references without a column id in
// a Project that GMS's planner put over a side of a set operation (its
// projection i reads column i of the Project's child, by name), which
// the id-based retyping cannot find.
func retypeByPosition(n sql.Node) (sql.Node, error) {
	p, ok := n.(*plan.Project)
	if !ok {
		return n, nil
	}
	sch := p.Child.Schema()
	var out []sql.Expression
	for i, e := range p.Projections {
		gf, ok := e.(*expression.GetField)
		if !ok || gf.Id() != 0 || i >= len(sch) || sch[i].Name != gf.Name() || gf.Type().Equals(sch[i].Type) {
			continue
		}
		if _, dec := sch[i].Type.(sql.DecimalType); !dec {
			continue
		}
		if out == nil {
			out = append([]sql.Expression(nil), p.Projections...)
		}
		out[i] = expression.NewGetFieldWithTable(gf.Index(), int(gf.TableId()), sch[i].Type, gf.Database(), gf.Table(), gf.Name(), true).WithId(0).(*expression.GetField)
	}
	if out == nil {
		return n, nil
	}
	return p.WithExpressions(out...)
}
