package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// asMySQLText wraps the DOUBLE, FLOAT, DATE and DATETIME arguments of
// CAST(… AS CHAR|BINARY), CONCAT and CONCAT_WS in mysqlfn.Text, so they
// are written as MySQL writes them (1e21, not 1000000000000000000000;
// a DATE without a time of day).
func asMySQLText(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
	if c, ok := e.(*expression.Convert); ok && !types.IsText(c.Type()) && !types.IsBinaryType(c.Type()) {
		return e, transform.SameTree, nil
	}
	ch := e.Children()
	var out []sql.Expression
	for i, a := range ch {
		if mysqlfn.NeedsText(a.Type()) {
			if out == nil {
				out = append([]sql.Expression(nil), ch...)
			}
			out[i] = mysqlfn.NewText(a)
		}
	}
	if out == nil {
		return e, transform.SameTree, nil
	}
	ne, err := e.WithChildren(out...)
	return ne, transform.NewTree, err
}

// isConcat: e is CONCAT or CONCAT_WS, GMS's or mysqlfn's (bounded by
// max_allowed_packet), which are told apart by name only.
func isConcat(e sql.FunctionExpression) bool {
	switch e.FunctionName() {
	case "concat", "concat_ws":
		return true
	}
	return false
}
