package exec

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// TestSortPermLimit checks the bounded heap (a LIMIT far below the row
// count) against a stable full sort cut to the limit: ties keep their
// positions' order, NULLs sort as the field says.
func TestSortPermLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 1000, 5000} {
		for _, limit := range []int64{0, 1, 5, 20, 600} {
			for _, order := range []sql.SortOrder{sql.Ascending, sql.Descending} {
				v := &Vec{T: ColType{Phys: PInt}, I: make([]int64, n), Nulls: make([]bool, n)}
				for i := range n {
					v.I[i] = r.Int64N(30) // many ties
					v.Nulls[i] = r.IntN(10) == 0
				}
				fields := sql.SortFields{{Order: order, NullOrdering: sql.NullsFirst}}
				got := sortPerm([]*Vec{v}, fields, n, limit)
				want := make([]int32, n)
				for i := range want {
					want[i] = int32(i)
				}
				slices.SortStableFunc(want, func(a, b int32) int { return compareRows([]*Vec{v}, fields, int(a), int(b)) })
				want = want[:min(int64(n), limit)]
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d limit=%d %v: got %v, want %v", n, limit, order, got, want)
				}
			}
		}
	}
}
