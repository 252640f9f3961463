package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestReuseSubqueries: a subquery an upper projection recomputes over a
// lower projection that already computed it is read from the lower one's
// column — only when the two read the same outer columns.
func TestReuseSubqueries(t *testing.T) {
	o := plan.NewEmptyTableWithSchema(sql.Schema{{Name: "cid", Source: "o", Type: types.Int64, Nullable: true}})
	// sub is SELECT cid FROM o WHERE o.cid = outer column k, behind w.
	sub := func(w, k int) *plan.Subquery {
		cid := expression.NewGetFieldWithTable(w, 1, types.Int64, "", "o", "cid", true)
		outer := expression.NewGetFieldWithTable(k, 0, types.Int64, "", "c", "cid", false)
		return plan.NewSubquery(plan.NewFilter(expression.NewEquals(cid, outer), o), "q")
	}
	field := func(i int) sql.Expression {
		return expression.NewGetFieldWithTable(i, 0, types.Int64, "", "c", "cid", false)
	}
	// The lower projection reads c(cid, seg): [c.cid, seg + 1, (q over c.cid) AS n].
	lower := plan.NewProject([]sql.Expression{
		field(0),
		expression.NewArithmetic(field(1), expression.NewLiteral(int64(1), types.Int64), "+"),
		expression.NewAlias("n", sub(2, 0)),
	}, plan.NewEmptyTableWithSchema(sql.Schema{
		{Name: "cid", Source: "c", Type: types.Int64},
		{Name: "seg", Source: "c", Type: types.Int64, Nullable: true},
	}))
	cases := []struct {
		name  string
		e     sql.Expression
		reuse bool
	}{
		{"same subquery over a passed-through column", expression.NewAlias("n", sub(3, 0)), true},
		{"over a computed column", expression.NewAlias("n", sub(3, 1)), false},
		{"over a column the lower one computed from another", expression.NewAlias("n", sub(3, 2)), false},
	}
	for _, c := range cases {
		got := reuseSubqueries([]sql.Expression{field(0), c.e}, lower)[1]
		a, aliased := got.(*expression.Alias)
		if !aliased || a.Name() != "n" {
			t.Errorf("%s: %s lost its name", c.name, got)
			continue
		}
		g, isField := a.Child.(*expression.GetField)
		if reused := isField && g.Index() == 2; reused != c.reuse {
			t.Errorf("%s: got %s, reuse %v", c.name, got, c.reuse)
		}
	}
}
