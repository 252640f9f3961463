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

// TestRowAggAcc spreads rows over workers whose group numbers differ and
// merges them (a partial merge too): GROUP_CONCAT(DISTINCT … ORDER BY …),
// whose repeats are dropped on arrival, BIT_OR and BIT_XOR (which must
// see every row) against maps of the rows each group got.
func TestRowAggAcc(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const groups, workers, rows = 50, 3, 20000
	in := []ColType{{Phys: PInt, SQL: types.Int64}, {Phys: PStr, SQL: types.Text}}
	x := expression.NewGetField(0, types.Int64, "x", true)
	s := expression.NewGetField(1, types.Text, "s", true)
	aggs := []sql.Expression{
		aggregation.NewGroupConcat("distinct", sql.SortFields{{Column: s, Order: sql.Descending}}, "|", []sql.Expression{s}, 1<<20),
		aggregation.NewBitOr(x),
		aggregation.NewBitXor(x),
	}
	spec := &AggSpec{ec: &exprCompiler{in: in}, keys: []Expr{colRef{i: 0, t: in[0]}}}
	var defs []aggDef
	for _, e := range aggs {
		d, err := spec.compileAgg(e)
		if err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d)
	}
	if !defs[0].row.blind || defs[2].row.blind {
		t.Fatal("GROUP_CONCAT(DISTINCT) should drop repeats, BIT_XOR not")
	}
	strs := make([]map[string]bool, groups)
	or, xor := make([]int64, groups), make([]int64, groups)
	for g := range strs {
		strs[g] = map[string]bool{}
	}
	accs, maps := newWorkerAccs(r, defs, workers, groups)
	for i := 0; i < rows; i += 256 {
		w, n := r.IntN(workers), min(256, rows-i)
		gids := make([]int32, n)
		xv := &Vec{T: in[0], I: make([]int64, n)}
		sv := &Vec{T: in[1], S: make([]string, n)}
		for j := range n {
			gids[j] = int32(r.IntN(groups))
			g := maps[w][gids[j]]
			xv.I[j] = r.Int64N(1 << 20)
			sv.S[j] = fmt.Sprint("v", r.IntN(300)) // repeats within a group, and sets that differ
			strs[g][sv.S[j]] = true
			or[g] |= xv.I[j]
			xor[g] ^= xv.I[j]
		}
		cols := map[int]*Vec{0: xv, 1: sv}
		for k, a := range accs[w] {
			var args []*Vec
			for _, c := range defs[k].row.cols {
				args = append(args, cols[c])
			}
			if err := a.update(gids, args, n); err != nil {
				t.Fatal(err)
			}
		}
	}
	inv := mergeWorkers(t, accs, maps)
	ctx := sql.NewEmptyContext()
	for k, a := range accs[0] {
		out := &Vec{}
		out.reset(defs[k].out, groups)
		if err := a.emit(ctx, 0, groups, out); err != nil {
			t.Fatal(err)
		}
		for g := range groups {
			got, lg := out.Value(int(inv[g])), int(inv[g])
			var want any
			switch k {
			case 0:
				vs := make([]string, 0, len(strs[g]))
				for v := range strs[g] {
					vs = append(vs, v)
				}
				slices.Sort(vs)
				slices.Reverse(vs)
				want = strings.Join(vs, "|")
			case 1:
				want = uint64(or[g])
			case 2:
				want = uint64(xor[g])
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s, group %d (worker 0's %d): %v, want %v", aggs[k], g, lg, got, want)
			}
		}
	}
}
