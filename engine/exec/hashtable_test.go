package exec

import (
	"math/rand/v2"
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestFindAllMatchesFind checks the batch lookup (runs of equal keys,
// the dense index) numbers groups exactly as probing row by row does,
// over key orders that widen the dense index up and down or make it
// give up.
func TestFindAllMatchesFind(t *testing.T) {
	intT := ColType{Phys: PInt, SQL: types.Int64}
	strT := ColType{Phys: PStr, SQL: types.Text}
	gen := map[string]func(r *rand.Rand, i int) int64{
		"ascending runs":  func(_ *rand.Rand, i int) int64 { return int64(i / 3) },
		"descending":      func(_ *rand.Rand, i int) int64 { return int64(100000 - i) },
		"negative":        func(r *rand.Rand, _ int) int64 { return -r.Int64N(5000) },
		"sparse":          func(r *rand.Rand, _ int) int64 { return r.Int64() },
		"dense then wide": func(r *rand.Rand, i int) int64 { return int64(i%700) << (uint(i/3000) * 20) },
		"around zero":     func(r *rand.Rand, _ int) int64 { return r.Int64N(400) - 200 },
	}
	for name, g := range gen {
		for _, withStr := range []bool{false, true} {
			r := rand.New(rand.NewPCG(1, 2))
			kt := []ColType{intT}
			if withStr {
				kt = append(kt, strT)
			}
			batched, single := newKeyTable(kt), newKeyTable(kt)
			for b := 0; b < 8; b++ {
				n := 1500
				cols := []*Vec{{T: intT, I: make([]int64, n)}}
				if withStr {
					cols = append(cols, &Vec{T: strT, S: make([]string, n)})
				}
				for i := range n {
					cols[0].I[i] = g(r, b*n+i)
					if withStr {
						cols[1].S[i] = string(rune('a' + cols[0].I[i]&3))
					}
				}
				h := hashRows(cols, n, nil)
				got := make([]int32, n)
				batched.findAll(cols, n, h, true, got)
				for i := range n {
					if want := single.find(cols, i, h[i], true); got[i] != want {
						t.Fatalf("%s (strings %v): batch %d row %d key %d: group %d, want %d", name, withStr, b, i, cols[0].I[i], got[i], want)
					}
				}
			}
		}
	}
}
