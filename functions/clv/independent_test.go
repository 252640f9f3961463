package clv

import (
	"math"
	"testing"
)

// The closed forms of the package, written again independently of its code:
// P(alive) as a ratio of the two likelihood terms built from Beta functions,
// the conditional expectation both through eq. (10) with a hand-summed 2F1
// series and, with no 2F1 at all, as an integral over the posterior of the
// dropout probability p.

// lbeta is log B(a, b).
func lbeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// pAliveRatio is the "alive at T" term of the likelihood over the whole
// likelihood (FHL 2005 eq. 6): B(a,b+x)/(α+T)^(r+x) against
// B(a+1,b+x−1)/(α+tx)^(r+x), the common factors cancelling.
func pAliveRatio(m BGNBD, s Summary) float64 {
	alive := math.Exp(lbeta(m.A, m.B+s.X) - (m.R+s.X)*math.Log(m.Alpha+s.T))
	if s.X == 0 {
		return 1
	}
	dead := math.Exp(lbeta(m.A+1, m.B+s.X-1) - (m.R+s.X)*math.Log(m.Alpha+s.Tx))
	return alive / (alive + dead)
}

// hyp2f1Series sums Σ (a)_n (b)_n / (c)_n · zⁿ/n! until the terms vanish.
func hyp2f1Series(a, b, c, z float64) float64 {
	sum, term := 1.0, 1.0
	for n := 0.0; n < 1e6; n++ {
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		sum += term
		if math.Abs(term) < 1e-17*math.Abs(sum) {
			break
		}
	}
	return sum
}

// condExpSeries is eq. (10) of FHL 2005 with hyp2f1Series.
func condExpSeries(m BGNBD, t float64, s Summary) float64 {
	z := t / (m.Alpha + s.T + t)
	h := hyp2f1Series(m.R+s.X, m.B+s.X, m.A+m.B+s.X-1, z)
	num := (m.A + m.B + s.X - 1) / (m.A - 1) *
		(1 - math.Pow((m.Alpha+s.T)/(m.Alpha+s.T+t), m.R+s.X)*h)
	return num * pAliveRatio(m, s)
}

// condExpIntegral derives the same expectation from the model's story. An
// alive customer with rate λ and dropout p buys (1 − e^(−λpt))/p times in t
// on average; given the history and being alive, λ ~ Gamma(r+x, α+T) and
// p ~ Beta(a, b+x) independently, and E_λ[e^(−λpt)] = ((α+T)/(α+T+pt))^(r+x).
// So E[Y(t)] = P(alive) · ∫₀¹ (1 − ((α+T)/(α+T+pt))^(r+x))/p · Beta(p; a, b+x) dp.
func condExpIntegral(m BGNBD, t float64, s Summary) float64 {
	lb := lbeta(m.A, m.B+s.X)
	f := func(p float64) float64 {
		g := -math.Expm1(-(m.R+s.X)*math.Log1p(p*t/(m.Alpha+s.T))) / p
		return g * math.Exp((m.A-1)*math.Log(p)+(m.B+s.X-1)*math.Log1p(-p)-lb)
	}
	return pAliveRatio(m, s) * tanhSinh01(f)
}

// tanhSinh01 integrates f over (0, 1) by double-exponential quadrature,
// which tolerates the integrable endpoint singularity p^(a−1) for a < 1.
func tanhSinh01(f func(float64) float64) float64 {
	const h = 1.0 / 64
	var sum float64
	for k := -6 * 64; k <= 6*64; k++ {
		u := float64(k) * h
		s := math.Pi / 2 * math.Sinh(u)
		// x = (1 + tanh s)/2; 1−x and x computed without cancellation.
		x := 1 / (1 + math.Exp(-2*s))
		if x <= 0 || x >= 1 {
			continue
		}
		w := math.Pi / 2 * math.Cosh(u) / (2 * math.Cosh(s) * math.Cosh(s))
		if w == 0 || math.IsNaN(w) {
			continue
		}
		sum += w * f(x)
	}
	return sum * h
}

func TestBGNBDAgainstIndependentFormulas(t *testing.T) {
	customers := []struct {
		name string
		s    Summary
	}{
		{"CDNOW 1: x=2", Summary{X: 2, Tx: 30.43, T: 38.86}},
		{"CDNOW 2: x=1", Summary{X: 1, Tx: 1.71, T: 38.86}},
		{"CDNOW 3: x=0", Summary{X: 0, Tx: 0, T: 38.86}},
		{"late joiner x=0", Summary{X: 0, Tx: 0, T: 27}},
		{"loyal x=5", Summary{X: 5, Tx: 37, T: 38.86}},
		{"lapsed x=5", Summary{X: 5, Tx: 5, T: 38.86}},
		{"heavy x=29", Summary{X: 29, Tx: 37.86, T: 38.86}},
		{"tx=T", Summary{X: 3, Tx: 30, T: 30}},
		{"new customer", Summary{}},
	}
	for _, c := range customers {
		t.Run(c.name, func(t *testing.T) {
			if got, want := published.PAlive(c.s), pAliveRatio(published, c.s); math.Abs(got-want) > 1e-6 {
				t.Errorf("PAlive = %.12f, independent %.12f", got, want)
			}
			for _, horizon := range []float64{1, 10, 39, 52, 104} {
				got := published.ExpectedPurchases(horizon, c.s)
				series := condExpSeries(published, horizon, c.s)
				integral := condExpIntegral(published, horizon, c.s)
				if math.Abs(got-series) > 1e-6 || math.Abs(got-integral) > 1e-6 {
					t.Errorf("t=%g: ExpectedPurchases = %.12f, series %.12f, integral %.12f",
						horizon, got, series, integral)
				}
			}
		})
	}
}

// TestBGNBDLogLikelihoodIndependent recomputes the log-likelihood with
// Beta functions and plain exponentials.
func TestBGNBDLogLikelihoodIndependent(t *testing.T) {
	data := []Summary{{2, 30.43, 38.86}, {1, 1.71, 38.86}, {0, 0, 38.86}, {7, 35, 36}, {1, 0.14, 1}}
	m := published
	var want float64
	for _, s := range data {
		lg := func(v float64) float64 { l, _ := math.Lgamma(v); return l }
		common := lg(m.R+s.X) - lg(m.R) + m.R*math.Log(m.Alpha) - lbeta(m.A, m.B)
		l := math.Exp(lbeta(m.A, m.B+s.X) - (m.R+s.X)*math.Log(m.Alpha+s.T))
		if s.X > 0 {
			l += math.Exp(lbeta(m.A+1, m.B+s.X-1) - (m.R+s.X)*math.Log(m.Alpha+s.Tx))
		}
		want += common + math.Log(l)
	}
	if got := m.LogLikelihood(data); math.Abs(got-want) > 1e-9 {
		t.Errorf("LogLikelihood = %.12f, independent %.12f", got, want)
	}
}
