package clv

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Module is the package's SQL surface: CALL clv_fit, SELECT * FROM clv()
// and clv_evaluate(); docs/clv.md documents them.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "clv", MinArgs: 0, MaxArgs: 4, Schema: clvSchema, Rows: clvRows},
			{Name: "clv_evaluate", MinArgs: 2, MaxArgs: 5, Schema: evaluateSchema, Rows: evaluateRows},
		},
		Procedures: []sqlfn.Procedure{
			{Name: "clv_fit", Schema: fitSchema, Function: clvFit},
		},
		Variables: SystemVariables(),
	}
}
