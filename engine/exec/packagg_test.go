package exec

import (
	"cmp"
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

// TestPackedAggMatchesHash runs COUNT(DISTINCT x) grouped by two integer
// keys both ways — packed and sorted, and hashed — over two workers'
// batches with NULL keys, NULL arguments and duplicates, and compares
// the groups. Where the ranges given are too narrow (a hint proved
// wrong), one worker or both leave the packed path midway.
func TestPackedAggMatchesHash(t *testing.T) {
	ts := []ColType{{Phys: PInt, SQL: types.Int64}, {Phys: PDate, SQL: types.Date}, {Phys: PInt, SQL: types.Int64}}
	k1 := expression.NewGetField(0, types.Int64, "k1", true)
	k2 := expression.NewGetField(1, types.Date, "k2", true)
	x := expression.NewGetField(2, types.Int64, "x", true)
	counted := []sql.Expression{k1, k2, aggregation.NewCountDistinct(x), aggregation.NewCount(expression.NewStar()), aggregation.NewCount(k2)}
	grouping := []sql.Expression{k1, k2}
	// Without row counts, repeated words are dropped as they arrive.
	uncounted := []sql.Expression{k1, aggregation.NewCountDistinct(x), k2}
	for _, tc := range []struct {
		name     string
		wide     int64 // the ranges given cover [-wide, wide]
		batch    func(r *rand.Rand, w int) *Batch
		selected []sql.Expression
	}{
		{"in range", 1000, func(r *rand.Rand, w int) *Batch { return packInput(r, 1000) }, counted},
		{"one worker out of range", 1000, func(r *rand.Rand, w int) *Batch { return packInput(r, 1000+int64(w)*500) }, counted},
		{"every worker out of range", 300, func(r *rand.Rand, w int) *Batch { return packInput(r, 1000) }, counted},
		{"empty", 1000, func(r *rand.Rand, w int) *Batch { return &Batch{Cols: packInput(r, 1).Cols} }, counted},
		{"runs counted", 1000, func(r *rand.Rand, w int) *Batch { return packRuns(r, 1000) }, counted},
		{"runs uncounted", 1000, func(r *rand.Rand, w int) *Batch { return packRuns(r, 1000) }, uncounted},
		{"runs uncounted out of range", 300, func(r *rand.Rand, w int) *Batch { return packRuns(r, 1000) }, uncounted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			selected := tc.selected
			ranged := func(int) (int64, int64, bool) { return -tc.wide, tc.wide, true }
			packed, err := newAggSpec(ts, selected, grouping)
			if err != nil {
				t.Fatal(err)
			}
			packed.pack = planPack(packed, ranged)
			if packed.pack == nil {
				t.Fatal("not planned packed")
			}
			hashed, _ := newAggSpec(ts, selected, grouping)
			ctx := sql.NewEmptyContext()
			r := rand.New(rand.NewPCG(1, 2))
			var pl, hl []LocalSink
			for w := range 2 {
				p, h := packed.Local(), hashed.Local()
				for range 3 {
					b := tc.batch(r, w)
					if err := p.Consume(ctx, b); err != nil {
						t.Fatal(err)
					}
					if err := h.Consume(ctx, b); err != nil {
						t.Fatal(err)
					}
				}
				pl, hl = append(pl, p), append(hl, h)
			}
			got, want := groupRows(t, ctx, packed, pl), groupRows(t, ctx, hashed, hl)
			if got != want {
				t.Fatalf("packed:\n%s\nhashed:\n%s", got, want)
			}
		})
	}
}

// packInput is 500 rows of (k1, k2, x) within ±span, many repeated.
func packInput(r *rand.Rand, span int64) *Batch {
	n := 500
	if span <= 1 {
		n = 0
	}
	b := &Batch{N: n, Cols: []*Vec{{T: ColType{Phys: PInt}}, {T: ColType{Phys: PDate}}, {T: ColType{Phys: PInt}}}}
	for _, v := range b.Cols {
		v.I, v.Nulls = make([]int64, n), make([]bool, n)
	}
	for i := range n {
		b.Cols[0].I[i] = []int64{-span, span, 3, 700}[r.IntN(4)] % (span + 1)
		b.Cols[1].I[i] = r.Int64N(2*span+1) - span
		b.Cols[2].I[i] = r.Int64N(5)
		for _, v := range b.Cols {
			v.Nulls[i] = r.IntN(15) == 0
		}
	}
	return b
}

// packRuns is packInput with each row repeated up to three times in a
// row, every batch beginning and ending with the same row (a repeat
// across batches).
func packRuns(r *rand.Rand, span int64) *Batch {
	in := packInput(r, span)
	// In key order, as a table sorted by customer delivers them: a
	// group's different arguments are neighbours too.
	order := make([]int32, in.N)
	for i := range order {
		order[i] = int32(i)
	}
	key := func(i int32) int64 { return in.Cols[0].I[i]*4096 + in.Cols[1].I[i]%64 }
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(key(a), key(b)) })
	var sel []int32
	for _, i := range order {
		for range 1 + r.IntN(3) {
			sel = append(sel, i)
		}
	}
	sel = append(sel, 0)
	b := &Batch{N: len(sel), Cols: make([]*Vec, len(in.Cols))}
	for c, v := range in.Cols {
		b.Cols[c] = &Vec{}
		gather(b.Cols[c], v, sel)
		for _, i := range []int{0, b.N - 1} { // the same row ends one batch and begins the next
			b.Cols[c].I[i], b.Cols[c].Nulls[i] = int64(c), false
		}
	}
	return b
}

// groupRows finishes s over locals and renders its rows sorted.
func groupRows(t *testing.T, ctx *sql.Context, s *AggSpec, locals []LocalSink) string {
	t.Helper()
	src, err := s.Finish(ctx, locals)
	if err != nil {
		t.Fatal(err)
	}
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
