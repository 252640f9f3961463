package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// nullableColumnsRuleID marks nullable, as MySQL does, the columns GMS's
// planner calls NOT NULL although they can be NULL:
//
//   - GROUP_CONCAT (NULL over no rows or only NULLs), FIRST_VALUE and
//     LAST_VALUE (NULL where the value is). The other aggregates with this
//     flaw come from the function provider already nullable
//     (mysqlfn.NullableAggregate); these have their own syntax or are
//     window-only, and the planner copies their IsNullable() == false into
//     every column that reads them;
//   - the columns of the inner side of an outer join (b.z in a LEFT JOIN
//     b), NULL where no row matched: the join's schema says so, the
//     columns the planner made for the select list did not.
//
// A NOT NULL column that can be NULL is more than a wrong flag in the
// result set: CREATE TABLE … AS SELECT copies it, and the statement then
// fails with 1048 on its own NULLs. The rule runs first of all, on the
// plan as the planner built it (columns still referenced by id); the
// column definitions of CREATE TABLE … AS SELECT, which the planner took
// from that plan, follow it. It reaches into derived tables and the
// branches of a UNION (opaque to the analyzer's own rules): the planner
// numbered every column of the statement, so the ids do not clash.
const nullableColumnsRuleID analyzer.RuleId = 9_960

func nullableColumns(_ *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	cols := map[sql.ColumnId]bool{}
	tables := map[sql.TableId]bool{}
	transform.Inspect(n, func(n sql.Node) bool {
		if j, ok := n.(*plan.JoinNode); ok {
			if j.Op.IsLeftOuter() || j.Op.IsFullOuter() {
				innerTables(j.Right(), tables)
			}
			if j.Op.IsRightOuter() || j.Op.IsFullOuter() {
				innerTables(j.Left(), tables)
			}
		}
		return true
	})
	transform.InspectExpressions(n, func(e sql.Expression) bool {
		switch e := e.(type) {
		case *aggregation.GroupConcat:
			cols[e.Id()] = true
		case *window.FirstValue:
			cols[e.Id()] = true
		case *window.LastValue:
			cols[e.Id()] = true
		}
		return true
	})
	delete(cols, 0)
	if len(cols) == 0 && len(tables) == 0 {
		return n, transform.SameTree, nil
	}
	// A derived table's columns that became nullable make the outer
	// query's columns reading them nullable: a second pass, per level.
	for range 4 {
		var err error
		n, _, err = nodeExprsKeepingIds(n, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
			switch e := e.(type) {
			case *aggregation.GroupConcat:
				return mysqlfn.NullableAggregate(e), transform.NewTree, nil
			case *expression.GetField:
				if e.IsNullable() || !(cols[e.Id()] || tables[e.TableId()]) {
					return e, transform.SameTree, nil
				}
				gf := expression.NewGetFieldWithTable(e.Index(), int(e.TableId()), e.Type(), e.Database(), e.Table(), e.Name(), true)
				return gf.WithId(e.Id()).(*expression.GetField), transform.NewTree, nil
			}
			return e, transform.SameTree, nil
		})
		if err != nil {
			return nil, transform.SameTree, err
		}
		if !derivedNullable(n, cols) {
			break
		}
	}
	// CREATE TABLE … AS SELECT without column definitions took them from
	// the select as the planner built it: they follow the select now.
	transform.Inspect(n, func(n sql.Node) bool {
		ct, ok := n.(*plan.CreateTable)
		if !ok || ct.Select() == nil {
			return true
		}
		sel, defs := ct.Select().Schema(), ct.PkSchema().Schema
		if len(sel) != len(defs) {
			return true
		}
		for i, c := range defs {
			if sel[i].Nullable && !c.Nullable && strings.EqualFold(sel[i].Name, c.Name) {
				c.Nullable = true // the CreateTable's own copy (planbuilder's resolveSchemaDefaults)
			}
		}
		return true
	})
	return n, transform.NewTree, nil
}

// innerTables adds the ids of the tables (and derived tables) of the
// inner side of an outer join.
func innerTables(n sql.Node, ids map[sql.TableId]bool) {
	transform.Inspect(n, func(n sql.Node) bool {
		if t, ok := n.(plan.TableIdNode); ok {
			ids[t.Id()] = true
		}
		return true
	})
}

// derivedNullable adds the ids of derived tables' columns whose query now
// says nullable, and reports whether it added any. The planner numbers a
// derived table's columns in order, so its i-th smallest id is its
// schema's i-th column.
func derivedNullable(n sql.Node, cols map[sql.ColumnId]bool) bool {
	added := false
	transform.Inspect(n, func(n sql.Node) bool {
		sq, ok := n.(*plan.SubqueryAlias)
		if !ok || sq.Child == nil {
			return true
		}
		sch := sq.Child.Schema()
		if sq.Columns().Len() != len(sch) {
			return true
		}
		i := 0
		sq.Columns().ForEach(func(id sql.ColumnId) {
			if sch[i].Nullable && !cols[id] {
				cols[id], added = true, true
			}
			i++
		})
		return true
	})
	return added
}
