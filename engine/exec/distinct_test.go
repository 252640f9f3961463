package exec

import (
	"math/rand/v2"
	"testing"
)

// TestIntDistinctAcc checks COUNT(DISTINCT x) per group, spread over
// workers and merged, against a map of the pairs.
func TestIntDistinctAcc(t *testing.T) {
	cases := []struct {
		name   string
		sorted bool // values arrive rising per group, as in a sort-key scan
		span   int64
		rows   int
	}{
		{"sorted", true, 1 << 20, 60000},
		{"random", false, 50, 60000},
		{"random-wide", false, 1 << 40, 60000},
		// past the pair filter's window: it stays on for few values and
		// switches itself off for many
		{"random-long", false, 50, 3 * pairFilterWindow * 2},
		{"random-wide-long", false, 1 << 40, 3 * pairFilterWindow * 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			const groups, workers = 300, 3
			rows := c.rows
			want := make([]map[int64]bool, groups)
			for g := range want {
				want[g] = map[int64]bool{}
			}
			accs := make([]*intDistinctAcc, workers)
			maps := make([][]int32, workers) // worker group -> global group
			for w := range accs {
				accs[w] = newIntDistinctAcc()
				accs[w].resize(groups)
				maps[w] = make([]int32, groups)
				for i, g := range r.Perm(groups) {
					maps[w][i] = int32(g)
				}
			}
			next := make([]int64, groups)
			for i := 0; i < rows; i += 512 {
				w := r.IntN(workers)
				n := min(512, rows-i)
				gids := make([]int32, n)
				v := &Vec{T: ColType{Phys: PInt}, I: make([]int64, n), Nulls: make([]bool, n)}
				for j := range n {
					lg := int32(r.IntN(groups))
					if c.sorted {
						lg = int32(i / 512 % groups)
					}
					g := maps[w][lg]
					gids[j] = lg
					x := r.Int64N(c.span)
					if c.sorted {
						next[g] += r.Int64N(2) // repeats, then rises
						x = next[g]
					}
					if r.IntN(20) == 0 {
						v.Nulls[j] = true
						continue
					}
					v.I[j] = x
					want[g][x] = true
				}
				if err := accs[w].update(gids, []*Vec{v}, n); err != nil {
					t.Fatal(err)
				}
			}
			if c.rows > 3*pairFilterWindow {
				if off := accs[0].seenF.off; off != (c.span > 1000) {
					t.Fatalf("pair filter off = %v after %d rows of span %d", off, c.rows, c.span)
				}
			}
			dst := newIntDistinctAcc()
			dst.resize(groups)
			for w, a := range accs {
				if err := dst.merge(a, maps[w]); err != nil {
					t.Fatal(err)
				}
			}
			out := &Vec{T: ColType{Phys: PInt}, I: make([]int64, groups)}
			if err := dst.emit(nil, 0, groups, out); err != nil {
				t.Fatal(err)
			}
			for g := range groups {
				if out.I[g] != int64(len(want[g])) {
					t.Fatalf("group %d: COUNT(DISTINCT) = %d, want %d", g, out.I[g], len(want[g]))
				}
			}
		})
	}
}
