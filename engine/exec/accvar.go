package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
)

// varAcc is VAR_POP, VAR_SAMP, STDDEV_POP and STDDEV_SAMP (STD, STDDEV,
// VARIANCE): per group the count, mean and sum of squared deviations,
// updated by Welford's recurrence (as MySQL and GMS do, so the same
// rows in the same order give the same DOUBLE) and combined across
// workers by Chan et al.'s pairwise formula.
type varAcc struct {
	kind aggKind
	n    []int64
	mean []float64
	m2   []float64
}

func newVarAcc(d aggDef) *varAcc { return &varAcc{kind: d.kind} }

func (a *varAcc) resize(n int) {
	a.n, a.mean, a.m2 = growZero(a.n, n), growZero(a.mean, n), growZero(a.m2, n)
}

func (a *varAcc) update(gids []int32, args []*Vec, n int) error {
	v := args[0]
	for i, g := range gids[:n] {
		if v.IsNull(i) {
			continue
		}
		x := floatAt(v, i)
		a.n[g]++
		if a.n[g] == 1 {
			a.mean[g] = x
			continue
		}
		mean := a.mean[g] + (x-a.mean[g])/float64(a.n[g])
		a.m2[g] += (x - a.mean[g]) * (x - mean)
		a.mean[g] = mean
	}
	return nil
}

func (a *varAcc) merge(o acc, m []int32) error {
	b := o.(*varAcc)
	for g, nb := range b.n {
		d := m[g]
		if d < 0 || nb == 0 {
			continue
		}
		na := a.n[d]
		if na == 0 {
			a.n[d], a.mean[d], a.m2[d] = nb, b.mean[g], b.m2[g]
			continue
		}
		n := na + nb
		delta := b.mean[g] - a.mean[d]
		a.mean[d] += delta * float64(nb) / float64(n)
		a.m2[d] += b.m2[g] + delta*delta*float64(na)*float64(nb)/float64(n)
		a.n[d] = n
	}
	return nil
}

func (a *varAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	samp := a.kind == aggVarSamp || a.kind == aggStdSamp
	for j := range n {
		g := g0 + j
		c := a.n[g]
		if samp {
			c--
		}
		if c <= 0 { // no rows; one row for a sample
			out.setNull(j, n)
			continue
		}
		x := a.m2[g] / float64(c)
		if a.kind == aggStdPop || a.kind == aggStdSamp {
			x = math.Sqrt(x)
		}
		out.F[j] = x
	}
	return nil
}
