package exec

import (
	"math/rand/v2"
	"slices"
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

// TestCountRuns counts rising runs (one per worker), overlapping or not,
// and shuffled values against a sort.
func TestCountRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	rising := func(n int, step int64) []int64 {
		xs, x := make([]int64, n), r.Int64N(step)
		for i := range xs {
			x += 1 + r.Int64N(step)
			xs[i] = x
		}
		return xs
	}
	for _, runs := range []int{0, 1, 2, 3, maxMergedRuns, maxMergedRuns + 3} {
		for _, step := range []int64{1, 3, 1000} {
			var xs []int64
			for range runs {
				xs = append(xs, rising(1+r.IntN(400), step)...)
			}
			want := countUnique(slices.Clone(xs))
			if got := countRuns(slices.Clone(xs)); got != want {
				t.Fatalf("%d runs of step %d: %d distinct, want %d", runs, step, got, want)
			}
			r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			if got := countRuns(slices.Clone(xs)); got != want {
				t.Fatalf("%d runs of step %d shuffled: %d distinct, want %d", runs, step, got, want)
			}
		}
	}
}

// TestPackedDistinctUnpacks: COUNT(DISTINCT a, b) packed from ranges
// that turn out too narrow — a value outside its field in one worker
// mid-stream, in another not at all — counts what a map of the tuples
// counts, whichever side of a merge unpacked.
func TestPackedDistinctUnpacks(t *testing.T) {
	it := ColType{Phys: PInt}
	args := []Expr{colRef{0, it}, colRef{1, it}}
	fields := planDistinctPack(args, func(Expr) (int64, int64, bool) { return -5, 100, true })
	if fields == nil || fields[0].shift != 7 {
		t.Fatalf("fields %+v", fields)
	}
	for _, late := range []int{-1, 0, 1} { // which worker sees the wide value (-1: none)
		r := rand.New(rand.NewPCG(5, uint64(late+2)))
		const groups, workers, rows = 40, 2, 20000
		want := make([]map[[2]int64]bool, groups)
		for g := range want {
			want[g] = map[[2]int64]bool{}
		}
		accs := make([]*packedDistinctAcc, workers)
		for w := range accs {
			accs[w] = newPackedDistinctAcc(fields, []ColType{it, it})
			accs[w].resize(groups)
		}
		for i := 0; i < rows; i += 500 {
			w := i / 500 % workers
			gids := make([]int32, 500)
			a, b := &Vec{T: it, I: make([]int64, 500), Nulls: make([]bool, 500)}, &Vec{T: it, I: make([]int64, 500)}
			for j := range gids {
				gids[j] = int32(r.IntN(groups))
				a.I[j], b.I[j] = r.Int64N(106)-5, r.Int64N(30)
				if w == late && i > rows/2 && j == 7 {
					b.I[j] = 1 << 40
				}
				if r.IntN(25) == 0 {
					a.Nulls[j], a.I[j] = true, 0
					continue
				}
				want[gids[j]][[2]int64{a.I[j], b.I[j]}] = true
			}
			if err := accs[w].update(gids, []*Vec{a, b}, 500); err != nil {
				t.Fatal(err)
			}
		}
		if (accs[0].set != nil) != (late == 0) || (accs[1].set != nil) != (late == 1) {
			t.Fatalf("late %d: unpacked %v %v", late, accs[0].set != nil, accs[1].set != nil)
		}
		ident := make([]int32, groups)
		for g := range ident {
			ident[g] = int32(g)
		}
		if err := accs[0].merge(accs[1], ident); err != nil {
			t.Fatal(err)
		}
		out := &Vec{T: it, I: make([]int64, groups)}
		if err := accs[0].emit(nil, 0, groups, out); err != nil {
			t.Fatal(err)
		}
		for g := range groups {
			if out.I[g] != int64(len(want[g])) {
				t.Fatalf("late %d, group %d: COUNT(DISTINCT a, b) = %d, want %d", late, g, out.I[g], len(want[g]))
			}
		}
	}
}
