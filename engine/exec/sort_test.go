package exec

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
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

// TestTopLocalBound feeds one worker's TopN far more rows than its
// compaction threshold, so rows past the held limit's first key are
// dropped on arrival, and checks the result against a full sort: ties
// on the first key (decided by the second), NULLs first ascending and
// last descending.
func TestTopLocalBound(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, kt := range []ColType{{Phys: PInt, SQL: types.Int64}, {Phys: PFloat, SQL: types.Float64}} {
		for _, withNulls := range []bool{true, false} { // without: the bound's plain loop
			for _, order := range []sql.SortOrder{sql.Ascending, sql.Descending} {
				for _, limit := range []int64{1, 20, 700} {
					checkTopLocalBound(t, r, kt, withNulls, order, limit)
				}
			}
		}
	}
}

func checkTopLocalBound(t *testing.T, r *rand.Rand, kt ColType, withNulls bool, order sql.SortOrder, limit int64) {
	t.Helper()
	in := []ColType{kt, {Phys: PInt}}
	first := expression.NewGetField(0, kt.SQL, "a", true)
	second := expression.NewGetField(1, types.Int64, "b", false)
	nulls := sql.NullsLast
	if order == sql.Ascending {
		nulls = sql.NullsFirst
	}
	fields := sql.SortFields{{Column: first, Order: order, NullOrdering: nulls}, {Column: second, Order: sql.Descending}} // a later row of an equal first key comes first
	spec, err := newSort(in, fields, limit)
	if err != nil {
		t.Fatal(err)
	}
	local := spec.Local()
	all := &Batch{Cols: []*Vec{{T: in[0]}, {T: in[1]}}}
	id := int64(0)
	for range 60 {
		const n = 1024
		a := &Vec{T: kt}
		if kt.Phys == PFloat {
			a.F = make([]float64, n)
		} else {
			a.I = make([]int64, n)
		}
		if withNulls {
			a.Nulls = make([]bool, n)
		}
		b := &Batch{N: n, Cols: []*Vec{a, {T: in[1], I: make([]int64, n)}}}
		for i := range n {
			x := r.Int64N(50) // many ties on the first key, at the final bound too
			if kt.Phys == PFloat {
				a.F[i] = float64(x) / 4
			} else {
				a.I[i] = x
			}
			if withNulls {
				a.Nulls[i] = r.IntN(500) == 0
			}
			b.Cols[1].I[i] = id
			id++
		}
		all = concat(in, []*Batch{all, b})
		if err := local.Consume(sql.NewEmptyContext(), b); err != nil {
			t.Fatal(err)
		}
	}
	if local.(*topLocal).bound == nil {
		t.Fatal("the bound never took effect")
	}
	src, err := spec.Finish(sql.NewEmptyContext(), []LocalSink{local})
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, src)
	perm := make([]int32, all.N)
	for i := range perm {
		perm[i] = int32(i)
	}
	keys := all.Cols
	slices.SortStableFunc(perm, func(a, b int32) int { return compareRows(keys, fields, int(a), int(b)) })
	if int64(got.N) != limit {
		t.Fatalf("%v %v limit %d: %d rows", kt.Phys, order, limit, got.N)
	}
	for i := range got.N {
		if w := perm[i]; got.Cols[1].I[i] != all.Cols[1].I[w] {
			t.Fatalf("%v %v nulls %v limit %d: row %d is id %d, want %d", kt.Phys, order, withNulls, limit, i, got.Cols[1].I[i], all.Cols[1].I[w])
		}
	}
}

// drain reads every morsel of src into one batch of its own.
func drain(t *testing.T, src Source) *Batch {
	t.Helper()
	ctx := sql.NewEmptyContext()
	morsels, err := src.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	local := &collectLocal{}
	for m := range morsels {
		if err := src.Run(ctx, m, func(b *Batch) error { return local.Consume(ctx, b) }); err != nil {
			t.Fatal(err)
		}
	}
	return concat(src.Types(), local.bs)
}
