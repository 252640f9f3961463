package clv

import (
	"context"
	"fmt"
	"math"
)

// GammaGamma is a fitted Gamma-Gamma model of spend per transaction (Fader &
// Hardie 2013). A customer's transaction values are Gamma(shape P, rate ν),
// and across customers ν ~ Gamma(shape Q, rate Gamma); the average value is
// assumed independent of the purchase process. Gamma is in the currency of
// the values; P and Q have no unit. All three are positive.
type GammaGamma struct {
	P, Q, Gamma float64
}

// FitGammaGamma fits a Gamma-Gamma model by maximum likelihood to customers'
// repeat-transaction counts x (freq) and mean repeat-transaction values mbar
// (avgValue, the zbar of Summarize). Customers with x = 0 carry no spend
// information and are skipped, so all customers may be passed. It needs at
// least MinRepeatCustomers customers with x > 0 (ErrInsufficientData), and
// each of them needs mbar > 0 (ErrInvalidData).
//
// The log-likelihood maximised (Fader & Hardie 2013, eq. 3) is the sum over
// customers with x > 0 of
//
//	lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·lnγ + (px−1)·ln mbar + px·ln x − (px+q)·ln(γ + x·mbar)
//
// from p = q = 1 and gamma = the mean of mbar, in log-parameter space, by
// BFGS with the analytic gradient (see ggData and maximizeLogGrad).
func FitGammaGamma(freq []float64, avgValue []float64) (GammaGamma, float64, error) {
	return fitGammaGamma(context.Background(), freq, avgValue)
}

// fitGammaGamma is FitGammaGamma, stopped with ctx's error once ctx is
// done.
func fitGammaGamma(ctx context.Context, freq []float64, avgValue []float64) (GammaGamma, float64, error) {
	if len(freq) != len(avgValue) {
		return GammaGamma{}, 0, fmt.Errorf("%w: %d frequencies but %d values", ErrInvalidData, len(freq), len(avgValue))
	}
	var xs, ms []float64
	var sumM float64
	for i, x := range freq {
		m := avgValue[i]
		switch {
		case !(x >= 0) || isInf(x):
			return GammaGamma{}, 0, fmt.Errorf("customer %d: %w: frequency %g", i, ErrInvalidData, x)
		case x == 0:
			continue
		case !(m > 0) || isInf(m):
			return GammaGamma{}, 0, fmt.Errorf("customer %d: %w: mean value %g must be positive", i, ErrInvalidData, m)
		}
		xs, ms = append(xs, x), append(ms, m)
		sumM += m
	}
	if len(xs) < MinRepeatCustomers {
		return GammaGamma{}, 0, fmt.Errorf("%w: Gamma-Gamma needs %d, got %d",
			ErrInsufficientData, MinRepeatCustomers, len(xs))
	}
	d := newGGData(xs, ms)
	llg := func(p, grad []float64) float64 {
		return d.eval(GammaGamma{P: p[0], Q: p[1], Gamma: p[2]}, grad)
	}
	p, max, err := maximizeLogGrad(ctx, llg, []float64{1, 1, sumM / float64(len(ms))})
	if err != nil {
		return GammaGamma{}, 0, fmt.Errorf("Gamma-Gamma: %w", err)
	}
	m := GammaGamma{P: p[0], Q: p[1], Gamma: p[2]}
	// Report the reference sum, not the compressed one (equal up to rounding).
	if ll := m.logLikelihood(xs, ms); !math.IsNaN(ll) {
		max = ll
	}
	return m, max, nil
}

// LogLikelihood returns the Gamma-Gamma log-likelihood of the customers with
// x > 0 (see FitGammaGamma); the others contribute nothing.
func (m GammaGamma) LogLikelihood(freq, avgValue []float64) float64 {
	var xs, ms []float64
	for i, x := range freq {
		if x > 0 {
			xs, ms = append(xs, x), append(ms, avgValue[i])
		}
	}
	return m.logLikelihood(xs, ms)
}

func (m GammaGamma) logLikelihood(xs, ms []float64) float64 {
	if !(m.P > 0 && m.Q > 0 && m.Gamma > 0) {
		return math.NaN()
	}
	lgQ, logG := lgamma(m.Q), math.Log(m.Gamma)
	var sum float64
	for i, x := range xs {
		px, mbar := m.P*x, ms[i]
		sum += lgamma(px+m.Q) - lgamma(px) - lgQ + m.Q*logG +
			(px-1)*math.Log(mbar) + px*math.Log(x) - (px+m.Q)*math.Log(m.Gamma+x*mbar)
	}
	return sum
}

// ExpectedAvgValue returns the expected value of a customer's future
// transactions given x repeat transactions with mean value mbar (Fader &
// Hardie 2013, eq. 5):
//
//	E[M | p,q,γ,x,mbar] = p·(γ + x·mbar) / (p·x + q − 1)
//
// a weighted mean of the population mean pγ/(q−1) and the customer's own
// mbar. For x = 0 it is the population mean. The result is NaN when the
// denominator is not positive (q ≤ 1 − px: the mean value does not exist).
func (m GammaGamma) ExpectedAvgValue(x, mbar float64) float64 {
	if x == 0 {
		mbar = 0
	}
	den := m.P*x + m.Q - 1
	if !(den > 0) {
		return math.NaN()
	}
	return m.P * (m.Gamma + x*mbar) / den
}
