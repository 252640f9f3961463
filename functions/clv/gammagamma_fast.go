package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// ggData is the repeat customers' (x, mbar) compressed for repeated
// evaluation of the Gamma-Gamma log-likelihood and its gradient, like
// bgData: Γ and ψ terms once per distinct x, the parameter-free sums
// Σ x·ln mbar, Σ ln mbar and Σ x·ln x once, and per distinct (x, mbar)
// pair one logarithm per evaluation.
type ggData struct {
	xs                          []float64 // distinct x
	xCount                      []float64 // customers per distinct x
	pairs                       []ggPair
	n                           float64 // customers
	sumXLogM, sumLogM, sumXLogX float64
}

type ggPair struct{ x, m, w float64 }

// newGGData compresses parallel x > 0 and mbar > 0 values.
func newGGData(xs, ms []float64) *ggData {
	d := &ggData{}
	xIndex := map[float64]int{}
	pairIndex := map[[2]float64]int{}
	for i, x := range xs {
		m := ms[i]
		j, ok := xIndex[x]
		if !ok {
			j = len(d.xs)
			xIndex[x] = j
			d.xs, d.xCount = append(d.xs, x), append(d.xCount, 0)
		}
		d.xCount[j]++
		d.n++
		d.sumXLogM += x * math.Log(m)
		d.sumLogM += math.Log(m)
		d.sumXLogX += x * math.Log(x)
		if k, ok := pairIndex[[2]float64{x, m}]; ok {
			d.pairs[k].w++
			continue
		}
		pairIndex[[2]float64{x, m}] = len(d.pairs)
		d.pairs = append(d.pairs, ggPair{x: x, m: m, w: 1})
	}
	return d
}

// eval returns the log-likelihood (GammaGamma.LogLikelihood up to
// rounding) and, when grad is not nil, its gradient in (p, q, gamma).
func (d *ggData) eval(m GammaGamma, grad []float64) float64 {
	p, q, g := m.P, m.Q, m.Gamma
	if !(p > 0 && q > 0 && g > 0) {
		return math.NaN()
	}
	logG := math.Log(g)
	sum := d.n*(q*logG-lgamma(q)) + p*(d.sumXLogM+d.sumXLogX) - d.sumLogM
	var gP, gQ float64
	psiQ := mathext.Digamma(q)
	for i, x := range d.xs {
		c := d.xCount[i]
		sum += c * (lgamma(p*x+q) - lgamma(p*x))
		if grad != nil {
			psiPXQ := mathext.Digamma(p*x + q)
			gP += c * x * (psiPXQ - mathext.Digamma(p*x))
			gQ += c * (psiPXQ - psiQ)
		}
	}
	// Σ (px+q)·ln(γ + x·mbar) and, for the gradient, its parts.
	var sumXL, sumL, sumXInv, sumInv float64
	for _, pr := range d.pairs {
		v := g + pr.x*pr.m
		l := math.Log(v)
		sumXL += pr.w * pr.x * l
		sumL += pr.w * l
		if grad != nil {
			sumXInv += pr.w * pr.x / v
			sumInv += pr.w / v
		}
	}
	sum -= p*sumXL + q*sumL
	if grad != nil {
		grad[0] = gP + d.sumXLogM + d.sumXLogX - sumXL
		grad[1] = gQ + d.n*logG - sumL
		grad[2] = d.n*q/g - (p*sumXInv + q*sumInv)
	}
	return sum
}
