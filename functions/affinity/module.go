package affinity

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "affinity_rules", MinArgs: 0, MaxArgs: 5, Schema: rulesSchema, Rows: rulesRows},
			{Name: "top_products", MinArgs: 0, MaxArgs: 4, Schema: topSchema, Rows: topRows},
		},
	}
}
