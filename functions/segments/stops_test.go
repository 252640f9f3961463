package segments_test

import (
	"testing"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/segments"
)

// The segment functions stop with their statement and charge the members'
// rows and the per-customer revenue as they build them.
func TestTableFunctionsStopAndStayInBudget(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(5000)
	d.Exec("CALL create_segment('everyone', 'SELECT customer_id FROM customers')")
	d.Exec("CALL create_control_group('everyone', 20, 7)")
	for _, c := range []struct {
		name string
		args []any
	}{
		{"segment_members", []any{"everyone"}},
		{"segment_groups", []any{"everyone"}},
		{"uplift", []any{"everyone"}},
	} {
		d.WantStops(t, segments.Module(), 64<<10, c.name, c.args...)
	}
}
