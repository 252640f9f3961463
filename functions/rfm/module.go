package rfm

import (
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "rfm", MinArgs: 0, MaxArgs: 2, Schema: rfmSchema, Rows: rfmRows},
			{Name: "lifecycle", MinArgs: 0, MaxArgs: 3, Schema: lifecycleSchema, Rows: lifecycleRows},
			{Name: "customer_snapshot", MinArgs: 0, MaxArgs: 4, Schema: snapshotSchema, Rows: customerSnapshotRows},
		},
		Scalars: []sql.Function{segmentFunc},
	}
}
