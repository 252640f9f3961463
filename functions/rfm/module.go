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
			{Name: "lifecycle", MinArgs: 0, MaxArgs: 3, Schema: lifecycleSchema, Rows: lifecycleRows, Iter: lifecycleIter},
			{Name: "customer_snapshot", MinArgs: 0, MaxArgs: 4, Schema: snapshotSchema, Rows: sqlfn.SharedRows(&shared, "customer_snapshot", customerSnapshotRows)},
			{Name: "dimension_matrix", MinArgs: 0, MaxArgs: 6, Schema: matrixSchema, Rows: sqlfn.SharedRows(&shared, "dimension_matrix", dimensionMatrixRows)},
			{Name: "new_vs_returning", MinArgs: 2, MaxArgs: 5, Schema: mixSchema, Rows: sqlfn.SharedRows(&shared, "new_vs_returning", newVsReturningRows)},
			{Name: "customer_events", MinArgs: 2, MaxArgs: 7, Schema: eventsSchema, Rows: sqlfn.SharedRows(&shared, "customer_events", customerEventsRows)},
			{Name: "revenue_impact", MinArgs: 2, MaxArgs: 6, Schema: impactSchema, Rows: sqlfn.SharedRows(&shared, "revenue_impact", revenueImpactRows)},
			{Name: "erfm_profile", MinArgs: 0, MaxArgs: 1, Schema: profileSchema, Rows: sqlfn.SharedRows(&shared, "erfm_profile", erfmProfileRows)},
		},
		Procedures: []sqlfn.Procedure{
			{Name: "erfm_apply", Schema: applySchema, Function: func(ctx *sql.Context) (sql.RowIter, error) { return erfmApply(ctx, 2) }},
			{Name: "erfm_apply", Schema: applySchema, Function: erfmApply},
			{Name: "erfm_reset", Schema: sql.Schema{{Name: "deleted", Type: types.Int64}}, Function: erfmReset},
		},
		Scalars: []sql.Function{segmentFunc},
	}
}
