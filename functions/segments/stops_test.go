package segments_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/segments"
)

// The segment functions stop with their statement and charge the members'
// rows and the per-customer revenue as they build them.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewStopShop(t,
		"CALL create_segment('everyone', 'SELECT customer_id FROM customers')",
		"CALL create_control_group('everyone', 20, 7)")
	everyone := []any{"everyone"}
	d.WantEachStops(t, segments.Module(),
		enginetest.StopCase{Name: "segment_members", Args: everyone, Charged: true},
		enginetest.StopCase{Name: "segment_groups", Args: everyone, Charged: true},
		enginetest.StopCase{Name: "uplift", Args: everyone, Charged: true},
	)
}
