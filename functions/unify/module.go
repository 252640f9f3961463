package unify

import (
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Module is the package's SQL surface (docs/unification.md).
func Module() sqlfn.Module {
	return sqlfn.Module{
		Procedures: []sqlfn.Procedure{
			{Name: "unify", Schema: resultSchema, Function: callUnify},
			{Name: "unmerge", Schema: resultSchema, Function: callUnmerge},
		},
		Variables: systemVariables(),
		Views:     []sqlfn.View{view},
	}
}
