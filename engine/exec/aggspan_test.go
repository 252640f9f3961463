package exec

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// TestDisjointWorkersMatchOneWorker aggregates the same morsels on two
// workers and on one, and compares the groups: where the workers' key
// ranges are disjoint Finish emits their groups side by side, otherwise
// it merges them; either way the groups are one worker's.
func TestDisjointWorkersMatchOneWorker(t *testing.T) {
	ts := []ColType{{Phys: PInt, SQL: types.Int64}, {Phys: PStr, SQL: types.Text}, {Phys: PInt, SQL: types.Int64}}
	k := expression.NewGetField(0, types.Int64, "k", true)
	s := expression.NewGetField(1, types.Text, "s", true)
	x := expression.NewGetField(2, types.Int64, "x", true)
	selected := []sql.Expression{k, s, aggregation.NewCount(expression.NewStar()), aggregation.NewMax(x),
		aggregation.NewCountDistinct(x), aggregation.NewMin(x)}
	grouping := []sql.Expression{k, s}
	// morsel m holds keys in [lo(m), lo(m)+width), NULL keys when nulls(m).
	for _, tc := range []struct {
		name      string
		lo        func(m int) int64
		width     int64
		nulls     func(m int) bool
		split     bool // only contested groups merged
		contested int  // groups that may be merged (per string key, three)
	}{
		{"clustered", func(m int) int64 { return int64(m) * 100 }, 100, func(int) bool { return false }, true, 0},
		{"clustered, NULLs on one worker", func(m int) int64 { return int64(m) * 100 }, 100, func(m int) bool { return m == 2 }, true, 0},
		{"clustered, NULLs on both", func(m int) int64 { return int64(m) * 100 }, 100, func(m int) bool { return m < 2 }, true, 3},
		{"morsels sharing a key", func(m int) int64 { return int64(m) * 99 }, 100, func(int) bool { return false }, true, 3 * 5},
		{"shared keys and NULLs", func(m int) int64 { return int64(m) * 99 }, 100, func(m int) bool { return m > 3 }, true, 3 * 6},
		{"overlapping", func(m int) int64 { return int64(m) * 10 }, 100, func(int) bool { return false }, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec, err := newAggSpec(ts, selected, grouping)
			if err != nil {
				t.Fatal(err)
			}
			ctx := sql.NewEmptyContext()
			r := rand.New(rand.NewPCG(5, 6))
			one := spec.Local()
			two := []LocalSink{spec.Local(), spec.Local()}
			for m := range 6 {
				w := two[m%2]
				w.(morselOrdered).startMorsel(m)
				one.(morselOrdered).startMorsel(m)
				for range 3 {
					b := spanInput(r, tc.lo(m), tc.width, tc.nulls(m))
					if err := w.Consume(ctx, b); err != nil {
						t.Fatal(err)
					}
					if err := one.Consume(ctx, b); err != nil {
						t.Fatal(err)
					}
				}
			}
			parts, dead, err := splitMerge(two)
			if err != nil {
				t.Fatal(err)
			}
			if split := parts != nil; split != tc.split {
				t.Fatalf("merged in part: %v, want %v", split, tc.split)
			}
			merged := 0
			for _, d := range dead {
				merged += len(slices.DeleteFunc(slices.Clone(d), func(b bool) bool { return !b }))
			}
			if merged > tc.contested {
				t.Fatalf("%d groups merged, want at most %d", merged, tc.contested)
			}
			var src Source
			if parts != nil {
				src, err = splitResults(ctx, spec.types, parts, dead)
			} else {
				src, err = spec.Finish(ctx, two)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, want := renderRows(src), groupRows(t, ctx, spec, []LocalSink{one})
			if got != want {
				t.Fatalf("two workers:\n%s\none worker:\n%s", got, want)
			}
		})
	}
}

// spanInput is 200 rows of (k, s, x): k in [lo, lo+width), s one of
// three strings, x small; a NULL k now and then when nulls is set.
func spanInput(r *rand.Rand, lo, width int64, nulls bool) *Batch {
	const n = 200
	b := &Batch{N: n, Cols: []*Vec{{T: ColType{Phys: PInt}}, {T: ColType{Phys: PStr}}, {T: ColType{Phys: PInt}}}}
	b.Cols[0].I, b.Cols[1].S, b.Cols[2].I = make([]int64, n), make([]string, n), make([]int64, n)
	if nulls {
		b.Cols[0].Nulls = make([]bool, n)
	}
	for i := range n {
		b.Cols[0].I[i] = lo + r.Int64N(width)
		b.Cols[1].S[i] = []string{"a", "b", "c"}[r.IntN(3)]
		b.Cols[2].I[i] = r.Int64N(7)
		if nulls && r.IntN(10) == 0 {
			b.Cols[0].Nulls[i] = true
		}
	}
	return b
}

// renderRows renders a source's rows sorted, as groupRows does.
func renderRows(src Source) string {
	var rows []string
	for _, b := range src.(*Batches).bs {
		for i := range b.N {
			var vals []string
			for _, v := range b.Cols {
				vals = append(vals, fmt.Sprint(v.Value(i)))
			}
			rows = append(rows, strings.Join(vals, " "))
		}
	}
	slices.Sort(rows)
	if len(rows) == 0 {
		return "(none)"
	}
	return strings.Join(rows, "\n")
}

func TestContested(t *testing.T) {
	sp := func(w int, lo, hi int64) span { return span{lo: lo, hi: hi, any: true, present: true, worker: w} }
	nulls := func(w int) span { return span{null: true, present: true, worker: w} }
	for _, tc := range []struct {
		name  string
		spans []span
		want  []interval
		null  bool
	}{
		{"interleaved morsels", []span{sp(0, 0, 9), sp(1, 10, 19), sp(0, 20, 29), sp(1, 30, 39)}, nil, false},
		{"one worker overlapping itself", []span{sp(0, 0, 30), sp(0, 5, 9), sp(1, 31, 40)}, nil, false},
		{"shared bound", []span{sp(0, 0, 10), sp(1, 10, 19), sp(0, 19, 25)}, []interval{{10, 10}, {19, 19}}, false},
		{"nested", []span{sp(0, 0, 100), sp(1, 40, 50)}, []interval{{40, 50}}, false},
		{"nested behind a later start", []span{sp(1, 40, 50), sp(0, 0, 100), sp(0, 101, 200), sp(1, 150, 300)}, []interval{{40, 50}, {150, 200}}, false},
		{"three workers", []span{sp(0, 0, 9), sp(1, 10, 19), sp(2, 20, 29), sp(2, 15, 16), sp(0, 16, 18)}, []interval{{15, 18}}, false},
		{"NULLs on two workers", []span{nulls(0), nulls(1), sp(1, 3, 4)}, nil, true},
		{"NULLs on one worker", []span{nulls(0), nulls(0), sp(1, 1, 2)}, nil, false},
	} {
		all := make([]*keySpans, 3)
		for w := range all {
			all[w] = &keySpans{cols: []int{0}, done: [][]span{nil}}
		}
		for _, s := range tc.spans {
			all[s.worker].done[0] = append(all[s.worker].done[0], s)
		}
		ivs, null, ok := contested(all, 0)
		if !ok || !slices.Equal(ivs, tc.want) || null != tc.null {
			t.Errorf("%s: %v null %v (ok %v), want %v null %v", tc.name, ivs, null, ok, tc.want, tc.null)
		}
		// One cursor per order the values come in: ascending (a sorted
		// table's groups), descending, and jumping about.
		var xs []int64
		for x := int64(-1); x < 320; x++ {
			xs = append(xs, x)
		}
		desc := slices.Clone(xs)
		slices.Reverse(desc)
		jumps := slices.Clone(xs)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(jumps), func(i, j int) { jumps[i], jumps[j] = jumps[j], jumps[i] })
		for _, order := range [][]int64{xs, desc, jumps} {
			c := ivCursor{ivs: ivs}
			for _, x := range order {
				want := slices.ContainsFunc(tc.want, func(iv interval) bool { return iv.lo <= x && x <= iv.hi })
				if c.in(x) != want {
					t.Errorf("%s: in(%d) = %v", tc.name, x, !want)
				}
			}
		}
	}
}
