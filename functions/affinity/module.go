package affinity

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Module is the package's SQL surface.
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "affinity_rules", MinArgs: 0, MaxArgs: 5, Schema: rulesSchema, Rows: rulesRows},
			{Name: "top_products", MinArgs: 0, MaxArgs: 4, Schema: topSchema, Rows: topRows},
			{Name: "top_products_by", MinArgs: 0, MaxArgs: 5, Schema: topBySchema, Rows: topByRows},
			{Name: "predictive_affinity", MinArgs: 0, MaxArgs: 2, Schema: predictSchema, Rows: predictRows},
			{Name: "predictive_affinity_report", MinArgs: 0, MaxArgs: 2, Schema: reportSchema, Rows: reportRowsFn},
			{Name: "recommendations", MinArgs: 1, MaxArgs: 4, Schema: recSchema("recommendations"), Rows: recommendationsRows},
			{Name: "segment_recommendations", MinArgs: 0, MaxArgs: 4, Schema: recSchema("segment_recommendations"), Rows: segmentRecommendationsRows},
			{Name: "replenishment", MinArgs: 0, MaxArgs: 2, Schema: replenishSchema, Rows: replenishRows},
			{Name: "replenishment_intervals", MinArgs: 0, MaxArgs: 2, Schema: intervalsSchema, Rows: intervalsRows},
		},
		Procedures: []sqlfn.Procedure{
			{Name: "affinity_set_level", Schema: setLevelSchema, Function: setLevel},
		},
	}
}
