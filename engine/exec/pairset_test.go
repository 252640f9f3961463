package exec

import (
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestPairSetMerge: merging a worker's (group, value) set into another
// that must grow (growFor: one rehash to the final size) keeps every
// tuple findable, marks exactly the new ones, and maps groups.
func TestPairSetMerge(t *testing.T) {
	it := ColType{Phys: PInt, SQL: types.Int64}
	fill := func(lo, hi int) *pairSet {
		p := newPairSet([]ColType{it})
		n := hi - lo
		gids := make([]int32, n)
		v := &Vec{T: it, I: make([]int64, n)}
		for i := range n {
			gids[i], v.I[i] = int32((lo+i)%3), int64(lo+i)
		}
		p.addRows(gids, []*Vec{v}, n, true, make([]bool, n))
		return p
	}
	a, b := fill(0, 30000), fill(20000, 90000) // 10,000 tuples in both
	keep := make([]bool, b.t.n)
	a.addSet(b, []int32{0, 1, 2}, keep)
	if a.t.n != 90000 {
		t.Fatalf("merged %d tuples, want 90000", a.t.n)
	}
	fresh := 0
	for k, kept := range keep {
		if kept != (b.t.keys[1].I[k] >= 30000) {
			t.Fatalf("tuple %d (value %d) kept %v", k, b.t.keys[1].I[k], kept)
		}
		if kept {
			fresh++
		}
	}
	if fresh != 60000 || len(a.t.slots) < 2*a.t.n {
		t.Fatalf("%d new tuples, %d slots for %d", fresh, len(a.t.slots), a.t.n)
	}
	again := make([]bool, b.t.n)
	a.addSet(b, []int32{0, 1, 2}, again)
	for k, kept := range again {
		if kept {
			t.Fatalf("tuple %d added twice", k)
		}
	}
}
