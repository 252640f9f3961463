package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// bgData is a set of customer summaries compressed for repeated evaluation
// of the BG/NBD log-likelihood and its gradient during a fit. Customers
// with the same (x, tx, T) form one group weighted by their number, and
// every term that depends on x alone (Γ and ψ functions) is computed once
// per distinct x, every logarithm of α + time once per distinct time.
// Real data have few distinct x (purchase counts) and, measured in whole
// days, few distinct times, so an evaluation costs a few table lookups and
// one exp per group instead of six special functions per customer.
//
// Invariants: groups are in the order first seen; xIdx, txIdx and tIdx
// index xs and times; weights are positive.
type bgData struct {
	// modified evaluates the MBG/NBD instead: b+x+1 and a+b+x+1 in the Γ
	// terms, a/(b+x) in the dropout term, which every customer has.
	modified bool
	xs       []float64 // distinct x
	xCount   []float64 // customers per distinct x
	times    []float64 // distinct tx and T values
	groups   []bgGroup
}

type bgGroup struct {
	x, tx, t int32 // indexes into xs, times, times
	w        float64
}

// newBGData compresses valid summaries.
func newBGData(data []Summary) *bgData {
	d := &bgData{}
	xIndex := map[float64]int32{}
	timeIndex := map[float64]int32{}
	groupIndex := map[Summary]int{}
	idx := func(m map[float64]int32, list *[]float64, v float64) int32 {
		i, ok := m[v]
		if !ok {
			i = int32(len(*list))
			m[v] = i
			*list = append(*list, v)
		}
		return i
	}
	for _, s := range data {
		xi := idx(xIndex, &d.xs, s.X)
		if int(xi) == len(d.xCount) {
			d.xCount = append(d.xCount, 0)
		}
		d.xCount[xi]++
		if g, ok := groupIndex[s]; ok {
			d.groups[g].w++
			continue
		}
		groupIndex[s] = len(d.groups)
		d.groups = append(d.groups, bgGroup{x: xi, tx: idx(timeIndex, &d.times, s.Tx), t: idx(timeIndex, &d.times, s.T), w: 1})
	}
	return d
}

// eval returns the log-likelihood of m (equal to m.LogLikelihood of the
// uncompressed data up to rounding) and, when grad is not nil, stores its
// gradient with respect to (r, alpha, a, b) in grad.
func (d *bgData) eval(m BGNBD, grad []float64) float64 {
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	if !(r > 0 && alpha > 0 && a > 0 && b > 0) {
		return math.NaN()
	}
	// Terms of x alone: a1 + a2 of the likelihood, per distinct x.
	k := 0.0 // the MBG/NBD shifts x by one in the Beta terms
	if d.modified {
		k = 1
	}
	lgR, lgB, lgAB := lgamma(r), lgamma(b), lgamma(a+b)
	psiR, psiB, psiAB := mathext.Digamma(r), mathext.Digamma(b), mathext.Digamma(a+b)
	logAlpha, logA := math.Log(alpha), math.Log(a)
	var sum, gR, gAlpha, gA, gB float64
	nx := len(d.xs)
	logBX1, invBX1 := make([]float64, nx), make([]float64, nx)
	for i, x := range d.xs {
		n := d.xCount[i]
		sum += n * (lgamma(r+x) - lgR + r*logAlpha + lgAB + lgamma(b+x+k) - lgB - lgamma(a+b+x+k))
		if grad != nil {
			psiABX := mathext.Digamma(a + b + x + k)
			gR += n * (mathext.Digamma(r+x) - psiR + logAlpha)
			gAlpha += n * r / alpha
			gA += n * (psiAB - psiABX)
			gB += n * (psiAB + mathext.Digamma(b+x+k) - psiB - psiABX)
		}
		if x > 0 || d.modified {
			logBX1[i], invBX1[i] = math.Log(b+x-1+k), 1/(b+x-1+k)
		}
	}
	logT, invT := make([]float64, len(d.times)), make([]float64, len(d.times))
	for i, t := range d.times {
		logT[i], invT[i] = math.Log(alpha+t), 1/(alpha+t)
	}
	// Per group: l = log(e^A3 + δ e^A4), with softmax weights w3, w4.
	for _, g := range d.groups {
		x := d.xs[g.x]
		rx := r + x
		a3 := -rx * logT[g.t]
		if x == 0 && !d.modified {
			sum += g.w * a3
			if grad != nil {
				gR -= g.w * logT[g.t]
				gAlpha -= g.w * rx * invT[g.t]
			}
			continue
		}
		a4 := logA - logBX1[g.x] - rx*logT[g.tx]
		var l, w4 float64
		if a3 >= a4 {
			e := math.Exp(a4 - a3)
			l, w4 = a3+math.Log1p(e), e/(1+e)
		} else {
			e := math.Exp(a3 - a4)
			l, w4 = a4+math.Log1p(e), 1/(1+e)
		}
		sum += g.w * l
		if grad != nil {
			w3 := 1 - w4
			gR -= g.w * (w3*logT[g.t] + w4*logT[g.tx])
			gAlpha -= g.w * rx * (w3*invT[g.t] + w4*invT[g.tx])
			gA += g.w * w4 / a
			gB -= g.w * w4 * invBX1[g.x]
		}
	}
	if grad != nil {
		grad[0], grad[1], grad[2], grad[3] = gR, gAlpha, gA, gB
	}
	return sum
}
