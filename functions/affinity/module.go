package affinity

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// shared is where concurrent statements running the same affinity
// function of one scope and arguments meet: one computes, the others
// get its rows (sqlfn.SharedRows).
var shared sqlfn.Flights

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "affinity_rules", MinArgs: 0, MaxArgs: 5, Schema: rulesSchema, Rows: sqlfn.SharedRows(&shared, "affinity_rules", rulesRows)},
			{Name: "top_products", MinArgs: 0, MaxArgs: 4, Schema: topSchema, Rows: sqlfn.SharedRows(&shared, "top_products", topRows)},
			{Name: "top_products_by", MinArgs: 0, MaxArgs: 5, Schema: topBySchema, Rows: sqlfn.SharedRows(&shared, "top_products_by", topByRows)},
			{Name: "predictive_affinity", MinArgs: 0, MaxArgs: 2, Schema: predictSchema, Rows: sqlfn.SharedRows(&shared, "predictive_affinity", predictRows)},
			{Name: "predictive_affinity_report", MinArgs: 0, MaxArgs: 2, Schema: reportSchema, Rows: sqlfn.SharedRows(&shared, "predictive_affinity_report", reportRowsFn)},
			{Name: "recommendations", MinArgs: 1, MaxArgs: 4, Schema: recSchema("recommendations"), Rows: sqlfn.SharedRows(&shared, "recommendations", recommendationsRows)},
			{Name: "segment_recommendations", MinArgs: 0, MaxArgs: 4, Schema: recSchema("segment_recommendations"), Rows: sqlfn.SharedRows(&shared, "segment_recommendations", segmentRecommendationsRows)},
			{Name: "replenishment", MinArgs: 0, MaxArgs: 2, Schema: replenishSchema, Rows: sqlfn.SharedRows(&shared, "replenishment", replenishRows)},
			{Name: "replenishment_intervals", MinArgs: 0, MaxArgs: 2, Schema: intervalsSchema, Rows: sqlfn.SharedRows(&shared, "replenishment_intervals", intervalsRows)},
		},
		Procedures: []sqlfn.Procedure{
			{Name: "affinity_set_level", Schema: setLevelSchema, Function: setLevel},
		},
	}
}
