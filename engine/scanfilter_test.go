package engine

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/cohortdb/cohortdb/storage"
)

// TestSelectRowsSortedRange: on an ascending column, comparisons narrow
// the candidates by binary search; the positions selected must be those a
// pass over every row selects, with and without a selection vector.
func TestSelectRowsSortedRange(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for trial := 0; trial < 500; trial++ {
		n := r.IntN(200)
		xs := make([]int64, n)
		for i := range xs {
			xs[i] = r.Int64N(30) - 5
		}
		slices.Sort(xs)
		other := make([]int64, n)
		for i := range other {
			other[i] = r.Int64N(3)
		}
		asc := &storage.Vector{Kind: storage.KindInt, N: n, Ints: xs, Ascending: true}
		plain := &storage.Vector{Kind: storage.KindInt, N: n, Ints: xs}
		col2 := &storage.Vector{Kind: storage.KindInt, N: n, Ints: other}
		var sel []uint32
		if r.IntN(2) == 0 {
			for i := 0; i < n; i++ {
				if r.IntN(3) > 0 {
					sel = append(sel, uint32(i))
				}
			}
		}
		op := []zoneOp{opEQ, opLT, opLE, opGT, opGE, opNE}[r.IntN(6)]
		preds := []rowPred{
			{pos: 0, op: op, kind: storage.KindInt, ints: []int64{r.Int64N(34) - 7}},
			{pos: 1, op: opNE, kind: storage.KindInt, ints: []int64{0}},
		}
		got := selectRows(&storage.Batch{N: n, Sel: sel, Cols: []*storage.Vector{asc, col2}}, preds, nil)
		want := selectRows(&storage.Batch{N: n, Sel: sel, Cols: []*storage.Vector{plain, col2}}, preds, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: op %v %d on %v: got %v, want %v", trial, op, preds[0].ints[0], xs, got, want)
		}
	}
}

// TestFilterDictionaryForm: a string comparison on a chunk in dictionary
// form selects the rows the same comparison selects on the plain form,
// NULLs included, for every operator and IN lists.
func TestFilterDictionaryForm(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"valid", "cancelled", "", "returned", "Valid", "pending"}
	for trial := 0; trial < 500; trial++ {
		n := r.IntN(200)
		k := 1 + r.IntN(len(words))
		dict := &storage.Vector{Kind: storage.KindBytes, N: n, Offsets: []uint32{0}, Codes: make([]uint32, n)}
		for _, w := range words[:k] {
			dict.Data = append(dict.Data, w...)
			dict.Offsets = append(dict.Offsets, uint32(len(dict.Data)))
		}
		var nulls []uint32
		for i := range dict.Codes {
			dict.Codes[i] = uint32(r.IntN(k))
			if r.IntN(10) == 0 {
				nulls = append(nulls, uint32(i))
			}
		}
		if len(nulls) > 0 {
			dict.Nulls = roaring.BitmapOf(nulls...)
		}
		plain := *dict
		plain.Expand()
		var sel []uint32
		if r.IntN(2) == 0 {
			for i := 0; i < n; i++ {
				if r.IntN(3) > 0 {
					sel = append(sel, uint32(i))
				}
			}
		}
		op := []zoneOp{opEQ, opLT, opLE, opGT, opGE, opNE}[r.IntN(6)]
		var lits [][]byte
		for range 1 + r.IntN(2) {
			lits = append(lits, []byte(words[r.IntN(len(words))]))
		}
		preds := []rowPred{{pos: 0, op: op, kind: storage.KindBytes, strs: lits}}
		got := selectRows(&storage.Batch{N: n, Sel: sel, Cols: []*storage.Vector{dict}}, preds, nil)
		want := selectRows(&storage.Batch{N: n, Sel: sel, Cols: []*storage.Vector{&plain}}, preds, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: op %v %q: got %v, want %v", trial, op, lits, got, want)
		}
	}
}
