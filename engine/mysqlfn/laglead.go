package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// lagLeadFunctions are LAG and LEAD with their optional arguments always
// written out: LAG(x) is LAG(x, 1, NULL), LAG(x, n) is LAG(x, n, NULL).
// GMS v0.20.0 keeps a missing default as a missing child, and its
// WithChildren refuses fewer than two children, so LAG(x) OVER () (a
// window with no expressions of its own) failed every analyzer rule that
// rebuilt it: a nil expression in the plan, and a panic answered as 1105.
// A NULL default is what MySQL answers beyond the partition anyway.
var lagLeadFunctions = []sql.Function{
	sql.FunctionN{Name: "lag", Fn: func(e ...sql.Expression) (sql.Expression, error) {
		return window.NewLag(withDefaults(e)...)
	}},
	sql.FunctionN{Name: "lead", Fn: func(e ...sql.Expression) (sql.Expression, error) {
		return window.NewLead(withDefaults(e)...)
	}},
}

// withDefaults pads LAG/LEAD arguments to (expr, offset, default); any
// other count is left for GMS to refuse.
func withDefaults(e []sql.Expression) []sql.Expression {
	switch len(e) {
	case 1:
		return []sql.Expression{e[0], expression.NewLiteral(int8(1), types.Int8), expression.NewLiteral(nil, types.Null)}
	case 2:
		return []sql.Expression{e[0], e[1], expression.NewLiteral(nil, types.Null)}
	}
	return e
}
