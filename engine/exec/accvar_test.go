package exec

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// TestVarAndDistinctAccs spreads rows over workers whose group numbers
// differ, merges them (mergeSome's skipped groups included), and checks
// VAR_POP, STDDEV_SAMP and SUM(DISTINCT x) against a two-pass variance
// and a map of the distinct values.
func TestVarAndDistinctAccs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const groups, workers, rows = 200, 3, 40000
	dec := ColType{Phys: PDec, Scale: 2, SQL: types.MustCreateDecimalType(12, 2)}
	defs := []aggDef{
		{kind: aggVarPop, in: dec},
		{kind: aggStdSamp, in: dec},
		{kind: aggSum, in: dec, out: dec, distinct: true},
	}
	vals := make([][]float64, groups)
	distinct := make([]map[int64]bool, groups)
	for g := range distinct {
		distinct[g] = map[int64]bool{}
	}
	accs, maps := newWorkerAccs(r, defs, workers, groups)
	for i := 0; i < rows; i += 512 {
		w, n := r.IntN(workers), min(512, rows-i)
		gids := make([]int32, n)
		v := &Vec{T: dec, I: make([]int64, n), Nulls: make([]bool, n)}
		for j := range n {
			gids[j] = int32(r.IntN(groups))
			if r.IntN(25) == 0 {
				v.Nulls[j] = true
				continue
			}
			v.I[j] = 1e6 + r.Int64N(300) // a large mean: the naive formula loses digits
			g := maps[w][gids[j]]
			vals[g] = append(vals[g], float64(v.I[j])/100)
			distinct[g][v.I[j]] = true
		}
		for _, a := range accs[w] {
			if err := a.update(gids, []*Vec{v}, n); err != nil {
				t.Fatal(err)
			}
		}
	}
	inv := mergeWorkers(t, accs, maps)
	outs := make([]*Vec, len(defs))
	for k, a := range accs[0] {
		outs[k] = &Vec{}
		outs[k].reset(outType(defs[k]), groups)
		if k < 2 {
			outs[k].reset(ColType{Phys: PFloat, SQL: types.Float64}, groups)
		}
		if err := a.emit(nil, 0, groups, outs[k]); err != nil {
			t.Fatal(err)
		}
	}
	for g := range groups {
		xs := vals[g]
		mean := 0.0
		for _, x := range xs {
			mean += x
		}
		mean /= float64(len(xs))
		ss := 0.0
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		var sum int64
		for x := range distinct[g] {
			sum += x
		}
		lg := inv[g]
		if got, want := outs[0].F[lg], ss/float64(len(xs)); math.Abs(got-want) > 1e-9*want {
			t.Errorf("group %d: VAR_POP %v, want %v", g, got, want)
		}
		if got, want := outs[1].F[lg], math.Sqrt(ss/float64(len(xs)-1)); math.Abs(got-want) > 1e-9*want {
			t.Errorf("group %d: STDDEV_SAMP %v, want %v", g, got, want)
		}
		if got := outs[2].I[lg]; got != sum {
			t.Errorf("group %d: SUM(DISTINCT) %d, want %d", g, got, sum)
		}
	}
}

// newWorkerAccs is each worker's accumulators for defs over groups
// groups, and each worker's numbering of them (maps[w][local] is the
// global group): workers see groups in different orders.
func newWorkerAccs(r *rand.Rand, defs []aggDef, workers, groups int) ([][]acc, [][]int32) {
	accs := make([][]acc, workers)
	maps := make([][]int32, workers)
	for w := range workers {
		for _, d := range defs {
			a := newAcc(d)
			a.resize(groups)
			accs[w] = append(accs[w], a)
		}
		maps[w] = make([]int32, groups)
		for i, g := range r.Perm(groups) {
			maps[w][i] = int32(g)
		}
	}
	return accs, maps
}

// mergeWorkers merges every worker's accumulators into worker 0's, whose
// numbering is the result's, and returns it: inv[global] is the group
// there.
func mergeWorkers(t *testing.T, accs [][]acc, maps [][]int32) []int32 {
	t.Helper()
	inv := make([]int32, len(maps[0]))
	for i, g := range maps[0] {
		inv[g] = int32(i)
	}
	for w := 1; w < len(accs); w++ {
		m := make([]int32, len(maps[w]))
		for i, g := range maps[w] {
			m[i] = inv[g]
		}
		for k, a := range accs[0] {
			if err := a.merge(accs[w][k], m); err != nil {
				t.Fatal(err)
			}
		}
	}
	return inv
}

// TestAvgScaledRoundsAsDecimal checks AVG's integer path against
// shopspring's DivRound (half away from zero) on ties, negatives and
// sums too large for its integer path.
func TestAvgScaledRoundsAsDecimal(t *testing.T) {
	cases := [][2]int64{{1, 3}, {2, 3}, {-2, 3}, {1, 8}, {-1, 8}, {5, 80000}, {-5, 80000}, {15, 20000}, {-15, 20000},
		{0, 7}, {math.MaxInt64 / 10_000, 7}, {-math.MaxInt64 / 10_000, 7}, {math.MaxInt64 / 3, 7}, {4999, 1}, {3, 200000}, {-3, 200000}}
	for _, c := range cases {
		got, ok := avgScaled(c[0], c[1])
		want := decimal.New(c[0], -2).DivRound(decimal.NewFromInt(c[1]), 6)
		if w, wok := scaled(want, 6); ok != wok || got != w {
			t.Errorf("avgScaled(%d, %d) = %d, %v; DivRound %s", c[0], c[1], got, ok, want)
		}
	}
}
