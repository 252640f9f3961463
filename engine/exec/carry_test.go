package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// carryPlan builds, over a table o(cid, oid) read behind w outer
// columns (GMS's indexing inside a correlated subquery), a derived table
// whose WHERE is o.cid = outer column 0, with wrap applied between that
// WHERE and the derived table's top.
func carryPlan(w int, wrap func(sql.Node) sql.Node) sql.Node {
	o := plan.NewEmptyTableWithSchema(sql.Schema{
		{Name: "cid", Source: "o", Type: types.Int64, Nullable: true},
		{Name: "oid", Source: "o", Type: types.Int64, Nullable: true},
	})
	cid := expression.NewGetFieldWithTable(w, 1, types.Int64, "", "o", "cid", true)
	outer := expression.NewGetFieldWithTable(0, 0, types.Int64, "", "c", "cid", false)
	f := plan.NewFilter(expression.NewEquals(cid, outer), o)
	a := plan.NewSubqueryAlias("x", "", wrap(f))
	a.OuterScopeVisibility = true
	return a
}

// TestCarryKeys: the key is carried through the operators that keep a
// key's rows what that key's WHERE gives, and refused through the rest.
func TestCarryKeys(t *testing.T) {
	const w = 3
	oid := func() sql.Expression {
		return expression.NewGetFieldWithTable(w+1, 1, types.Int64, "", "o", "oid", true)
	}
	proj := func(n sql.Node) sql.Node { return plan.NewProject([]sql.Expression{oid()}, n) }
	one := expression.NewLiteral(int64(1), types.Int64)
	cases := []struct {
		name string
		wrap func(sql.Node) sql.Node
		ok   bool
		cols int // the derived table's columns, the key's among them
	}{
		{"filter", func(n sql.Node) sql.Node { return n }, true, 2},
		{"distinct", func(n sql.Node) sql.Node { return plan.NewDistinct(proj(n)) }, true, 2},
		{"group by", func(n sql.Node) sql.Node {
			return plan.NewGroupBy([]sql.Expression{oid(), aggregation.NewCount(one)}, []sql.Expression{oid()}, n)
		}, true, 3},
		{"aggregate without GROUP BY", func(n sql.Node) sql.Node {
			return plan.NewGroupBy([]sql.Expression{aggregation.NewCount(one)}, nil, n)
		}, false, 0},
		{"limit", func(n sql.Node) sql.Node { return plan.NewLimit(one, proj(n)) }, false, 0},
		{"top n", func(n sql.Node) sql.Node {
			return plan.NewTopN(sql.SortFields{{Column: oid()}}, one, proj(n))
		}, false, 0},
		{"outer row projected", func(n sql.Node) sql.Node {
			return plan.NewProject([]sql.Expression{expression.NewGetField(1, types.Int64, "c.x", true)}, n)
		}, false, 0},
	}
	for _, c := range cases {
		out, inner, outer, ok := carryKeys(carryPlan(w, c.wrap), w)
		if ok != c.ok {
			t.Errorf("%s: ok %v, want %v", c.name, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		if len(inner) != 1 || len(outer) != 1 || len(out.Schema()) != c.cols {
			t.Errorf("%s: %d keys, %d columns, want 1 and %d:\n%s", c.name, len(inner), len(out.Schema()), c.cols, sql.DebugString(out))
			continue
		}
		if g, isField := outer[0].(*expression.GetField); !isField || g.Index() != 0 {
			t.Errorf("%s: outer key %s, want the outer row's column 0", c.name, outer[0])
		}
		if out.(*plan.SubqueryAlias).OuterScopeVisibility || !onlyFrom(inner[0], 0) {
			t.Errorf("%s: not a plan of its own:\n%s", c.name, sql.DebugString(out))
		}
	}
}
