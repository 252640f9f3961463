package exec

import (
	"math"
	"slices"
	"testing"
)

// TestFloatOrder checks that DOUBLEs keep their order as int64s, with
// -0 equal to 0 as SQL compares them.
func TestFloatOrder(t *testing.T) {
	xs := []float64{math.Inf(-1), -math.MaxFloat64, -1e10, -2.5, -1, -math.SmallestNonzeroFloat64, 0, math.SmallestNonzeroFloat64, 0.5, 1, 3e300, math.Inf(1)}
	for i := 1; i < len(xs); i++ {
		if a, b := floatOrder(xs[i-1]), floatOrder(xs[i]); a >= b {
			t.Fatalf("floatOrder(%g) = %d, not below floatOrder(%g) = %d", xs[i-1], a, xs[i], b)
		}
	}
	if floatOrder(math.Copysign(0, -1)) != floatOrder(0) {
		t.Fatal("-0 and 0 differ")
	}
	keys := make([]int64, len(xs))
	for i, x := range xs {
		keys[i] = floatOrder(x)
	}
	if !slices.IsSorted(keys) {
		t.Fatal("keys out of order")
	}
}
