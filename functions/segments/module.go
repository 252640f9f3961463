package segments

import (
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// shared lets concurrent statements asking for the same result compute
// it once (sqlfn.Flights).
var shared sqlfn.Flights

// Module is the package's SQL surface (docs/segments.md).
func Module() sqlfn.Module {
	return sqlfn.Module{
		TableFunctions: []sqlfn.TableFunction{
			{Name: "segment_members", MinArgs: 1, MaxArgs: 2*maxOperands - 1, Schema: membersSchema, Rows: sqlfn.SharedRows(&shared, "segment_members", membersRows)},
			{Name: "segment_groups", MinArgs: 1, MaxArgs: 1, Schema: groupsSchema, Rows: sqlfn.SharedRows(&shared, "segment_groups", groupsRows)},
			{Name: "uplift", MinArgs: 1, MaxArgs: 3, Schema: upliftSchema, Rows: sqlfn.SharedRows(&shared, "uplift", upliftRows)},
		},
		Procedures: []sqlfn.Procedure{
			{Name: "create_segment", Schema: segmentResult, Function: createSegment},
			{Name: "refresh_segment", Schema: segmentResult, Function: refreshSegment},
			{Name: "drop_segment", Schema: segmentResult, Function: dropSegment},
			{Name: "create_control_group", Schema: controlResult, Function: createControlGroup},
			{Name: "create_control_group", Schema: controlResult, Function: createControlGroupSeed0},
		},
		Scalars: []sql.Function{inSegmentFunc},
	}
}
