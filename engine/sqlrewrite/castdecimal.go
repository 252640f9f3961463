package sqlrewrite

import (
	"strings"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// MySQL's CAST(x AS DECIMAL) is CAST(x AS DECIMAL(10, 0)): an integer of
// up to ten digits. go-mysql-server v0.20.0 plans a DECIMAL cast without
// a scale at its internal DECIMAL(65, 30), as it types a UNION's merged
// sides, so CAST(3 AS DECIMAL) printed 3.000000000000000000000000000000.
// The bare DECIMAL gets MySQL's precision written out here, which tells a
// statement's cast from the planner's; the engine's cast
// (mysqlfn.DecimalCast) then answers DECIMAL(M, 0) for a stated precision
// and no scale.

// rewriteDecimalCasts writes MySQL's default precision into every
// CAST(x AS DECIMAL) and CONVERT(x, DECIMAL) of stmt.
func rewriteDecimalCasts(stmt ast.Statement) {
	_ = ast.Walk(func(n ast.SQLNode) (bool, error) {
		if c, ok := n.(*ast.ConvertExpr); ok && c.Type != nil && c.Type.Length == nil && strings.EqualFold(c.Type.Type, "decimal") {
			c.Type.Length = ast.NewIntVal([]byte("10"))
		}
		return true, nil
	}, stmt)
}
