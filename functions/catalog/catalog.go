// Package catalog lists every analytics module the engine registers. Add a
// module here when an analytics package gains a SQL surface; the engine
// imports only this list, never the packages' internals.
package catalog

import (
	"github.com/cohortdb/cohortdb/functions/affinity"
	"github.com/cohortdb/cohortdb/functions/behaviour"
	"github.com/cohortdb/cohortdb/functions/clv"
	"github.com/cohortdb/cohortdb/functions/fx"
	"github.com/cohortdb/cohortdb/functions/leads"
	"github.com/cohortdb/cohortdb/functions/quality"
	"github.com/cohortdb/cohortdb/functions/rfm"
	"github.com/cohortdb/cohortdb/functions/segments"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
	"github.com/cohortdb/cohortdb/functions/unify"
)

// Modules returns the SQL surfaces of all analytics packages.
func Modules() []sqlfn.Module {
	return []sqlfn.Module{rfm.Module(), clv.Module(), affinity.Module(), segments.Module(), quality.Module(), leads.Module(), behaviour.Module(), unify.Module(),
		{Variables: fx.SystemVariables()}}
}
