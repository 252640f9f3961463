package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestGMSFrameKinds: every window frame type of GMS v0.20.0 is told ROWS
// or RANGE by isRowsFrame as its name says. A frame type that starts
// printing otherwise would be computed as the wrong kind (or left to
// GMS).
func TestGMSFrameKinds(t *testing.T) {
	one := expression.NewLiteral(int8(1), types.Int8)
	cases := []struct {
		f    sql.WindowFrame
		rows bool
	}{
		{plan.NewRowsUnboundedPrecedingToNPrecedingFrame(one), true},
		{plan.NewRowsUnboundedPrecedingToCurrentRowFrame(), true},
		{plan.NewRowsUnboundedPrecedingToNFollowingFrame(one), true},
		{plan.NewRowsUnboundedPrecedingToUnboundedFollowingFrame(), true},
		{plan.NewRowsNPrecedingToNPrecedingFrame(one, one), true},
		{plan.NewRowsNPrecedingToCurrentRowFrame(one), true},
		{plan.NewRowsNPrecedingToNFollowingFrame(one, one), true},
		{plan.NewRowsNPrecedingToUnboundedFollowingFrame(one), true},
		{plan.NewRowsCurrentRowToNPrecedingFrame(one), true},
		{plan.NewRowsCurrentRowToCurrentRowFrame(), true},
		{plan.NewRowsCurrentRowToNFollowingFrame(one), true},
		{plan.NewRowsCurrentRowToUnboundedFollowingFrame(), true},
		{plan.NewRowsNFollowingToNPrecedingFrame(one, one), true},
		{plan.NewRowsNFollowingToCurrentRowFrame(one), true},
		{plan.NewRowsNFollowingToNFollowingFrame(one, one), true},
		{plan.NewRowsNFollowingToUnboundedFollowingFrame(one), true},
		{plan.NewRangeUnboundedPrecedingToNPrecedingFrame(one), false},
		{plan.NewRangeUnboundedPrecedingToCurrentRowFrame(), false},
		{plan.NewRangeUnboundedPrecedingToNFollowingFrame(one), false},
		{plan.NewRangeUnboundedPrecedingToUnboundedFollowingFrame(), false},
		{plan.NewRangeNPrecedingToNPrecedingFrame(one, one), false},
		{plan.NewRangeNPrecedingToCurrentRowFrame(one), false},
		{plan.NewRangeNPrecedingToNFollowingFrame(one, one), false},
		{plan.NewRangeNPrecedingToUnboundedFollowingFrame(one), false},
		{plan.NewRangeCurrentRowToNPrecedingFrame(one), false},
		{plan.NewRangeCurrentRowToCurrentRowFrame(), false},
		{plan.NewRangeCurrentRowToNFollowingFrame(one), false},
		{plan.NewRangeCurrentRowToUnboundedFollowingFrame(), false},
		{plan.NewRangeNFollowingToNPrecedingFrame(one, one), false},
		{plan.NewRangeNFollowingToCurrentRowFrame(one), false},
		{plan.NewRangeNFollowingToNFollowingFrame(one, one), false},
		{plan.NewRangeNFollowingToUnboundedFollowingFrame(one), false},
	}
	for _, c := range cases {
		if got := isRowsFrame(c.f); got != c.rows {
			t.Errorf("%T (%s): isRowsFrame = %v, want %v", c.f, c.f, got, c.rows)
		}
	}
}
