package clv

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Module is the package's SQL surface.
func Module() sqlfn.Module { return sqlfn.Module{} }
