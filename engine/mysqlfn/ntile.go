package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// ntileFunctions is NTILE typed BIGINT UNSIGNED, as MySQL types it: GMS
// v0.20.0's NTile computes uint64 buckets but declares DOUBLE, so
// clients were told the column was a DOUBLE.
var ntileFunctions = []sql.Function{
	sql.Function1{Name: "ntile", Fn: func(e sql.Expression) sql.Expression {
		return &NTile{gmsWindow{window.NewNTile(e).(sql.WindowAggregation)}}
	}},
}

// NTile is GMS's NTILE with MySQL's result type; GMS computes it.
type NTile struct {
	gmsWindow // *window.NTile
}

var _ sql.WindowAggregation = (*NTile)(nil)

// Type is BIGINT UNSIGNED.
func (n *NTile) Type() sql.Type { return types.Uint64 }

func (n *NTile) rewrap(e any) *NTile { return &NTile{gmsWindow{e.(sql.WindowAggregation)}} }

func (n *NTile) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return n.rewrap(n.WindowAggregation.WithWindow(w))
}

func (n *NTile) WithId(id sql.ColumnId) sql.IdExpression {
	return n.rewrap(n.WindowAggregation.WithId(id))
}

func (n *NTile) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := n.WindowAggregation.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return n.rewrap(e), nil
}
