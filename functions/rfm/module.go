package rfm

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "rfm", MinArgs: 0, MaxArgs: 2, Schema: rfmSchema, Rows: rfmRows, Iter: rfmIter},
			{Name: "lifecycle", MinArgs: 0, MaxArgs: 3, Schema: lifecycleSchema, Rows: lifecycleRows},
			{Name: "customer_snapshot", MinArgs: 0, MaxArgs: 4, Schema: snapshotSchema, Rows: customerSnapshotRows},
			{Name: "dimension_matrix", MinArgs: 0, MaxArgs: 6, Schema: matrixSchema, Rows: dimensionMatrixRows},
			{Name: "new_vs_returning", MinArgs: 2, MaxArgs: 5, Schema: mixSchema, Rows: newVsReturningRows},
			{Name: "customer_events", MinArgs: 2, MaxArgs: 7, Schema: eventsSchema, Rows: customerEventsRows},
			{Name: "revenue_impact", MinArgs: 2, MaxArgs: 6, Schema: impactSchema, Rows: revenueImpactRows},
			{Name: "erfm_profile", MinArgs: 0, MaxArgs: 1, Schema: profileSchema, Rows: erfmProfileRows},
		},
		Procedures: []sqlfn.Procedure{
			{Name: "erfm_apply", Schema: applySchema, Function: func(ctx *sql.Context) (sql.RowIter, error) { return erfmApply(ctx, 2) }},
			{Name: "erfm_apply", Schema: applySchema, Function: erfmApply},
			{Name: "erfm_reset", Schema: sql.Schema{{Name: "deleted", Type: types.Int64}}, Function: erfmReset},
		},
		Scalars: []sql.Function{segmentFunc},
	}
}
