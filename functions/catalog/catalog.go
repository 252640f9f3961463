// Package catalog lists every analytics module the engine registers. Add a
// module here when an analytics package gains a SQL surface; the engine
// imports only this list, never the packages' internals.
package catalog

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Modules returns the SQL surfaces of all analytics packages.
func Modules() []sqlfn.Module {
	return []sqlfn.Module{}
}
