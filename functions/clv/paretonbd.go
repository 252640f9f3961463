package clv

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// ParetoNBD is a fitted Pareto/NBD model (Schmittlein, Morrison & Colombo
// 1987), the model the BG/NBD approximates. While alive a customer buys as a
// Poisson process with rate λ ~ Gamma(shape R, rate Alpha); their lifetime is
// exponential with rate μ ~ Gamma(shape S, rate Beta), so unlike the BG/NBD
// a customer may die before buying again. Alpha and Beta are in the time unit
// of the data. All four are positive.
type ParetoNBD struct {
	R, Alpha, S, Beta float64
}

// FitParetoNBD fits a Pareto/NBD model by maximum likelihood, like FitBGNBD
// (same data checks and optimizer), from r = s = 1 and alpha = beta set so
// that r/alpha is the naive purchase rate ΣX/ΣT.
func FitParetoNBD(data []Summary) (ParetoNBD, float64, error) {
	return fitParetoNBD(context.Background(), data)
}

// fitParetoNBD is FitParetoNBD, stopped with ctx's error once ctx is done.
func fitParetoNBD(ctx context.Context, data []Summary) (ParetoNBD, float64, error) {
	var repeat int
	var sumX, sumT float64
	for i, s := range data {
		if err := s.validate(); err != nil {
			return ParetoNBD{}, 0, fmt.Errorf("customer %d: %w", i, err)
		}
		if s.X > 0 {
			repeat++
		}
		sumX, sumT = sumX+s.X, sumT+s.T
	}
	if repeat < MinRepeatCustomers {
		return ParetoNBD{}, 0, fmt.Errorf("%w: Pareto/NBD needs %d, got %d of %d customers",
			ErrInsufficientData, MinRepeatCustomers, repeat, len(data))
	}
	scale := 1.0
	if sumT > 0 {
		scale = sumT / sumX
	}
	// Customers with the same history share one likelihood term.
	weight := map[Summary]float64{}
	var groups []Summary
	for _, s := range data {
		if weight[s] == 0 {
			groups = append(groups, s)
		}
		weight[s]++
	}
	ll := func(p []float64) float64 {
		m := ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3]}
		var sum float64
		for i, s := range groups {
			// A term costs a hypergeometric series: a pass over a
			// million customers' histories takes long enough that KILL
			// QUERY is looked at within it.
			if i%1024 == 1023 && ctx.Err() != nil {
				return math.NaN()
			}
			sum += weight[s] * m.logTerm(s)
		}
		return sum
	}
	p, max, err := maximizeLog(ctx, ll, []float64{1, scale, 1, scale})
	if err != nil {
		return ParetoNBD{}, 0, fmt.Errorf("Pareto/NBD: %w", err)
	}
	return ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3]}, max, nil
}

// LogLikelihood returns the Pareto/NBD log-likelihood of the summaries
// (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model", eq. 22):
//
//	L = Γ(r+x)α^r β^s / Γ(r) · [1/((α+T)^(r+x)(β+T)^s) + s/(r+s+x) · A0]
//
// with A0 as in logA0. The result is NaN if a parameter is not positive.
func (m ParetoNBD) LogLikelihood(data []Summary) float64 {
	if !(m.R > 0 && m.Alpha > 0 && m.S > 0 && m.Beta > 0) {
		return math.NaN()
	}
	var sum float64
	for _, s := range data {
		sum += m.logTerm(s)
	}
	return sum
}

// logTerm is one customer's log-likelihood.
func (m ParetoNBD) logTerm(s Summary) float64 {
	base := m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta) - lgamma(m.R)
	alive := -(m.R+s.X)*math.Log(m.Alpha+s.T) - m.S*math.Log(m.Beta+s.T)
	dead := math.Log(m.S/(m.R+m.S+s.X)) + m.logA0(s)
	return lgamma(m.R+s.X) + base + logSumExp(alive, dead)
}

// PAlive returns the probability that a customer with history s is alive at
// T (Fader & Hardie 2005 note, eq. 18):
//
//	P(alive) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A0)
func (m ParetoNBD) PAlive(s Summary) float64 {
	logRatio := math.Log(m.S/(m.R+m.S+s.X)) + m.logA0(s) +
		(m.R+s.X)*math.Log(m.Alpha+s.T) + m.S*math.Log(m.Beta+s.T)
	return 1 / (1 + math.Exp(logRatio))
}

// logA0 returns log A0, where for α ≥ β
//
//	A0 = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+tx)) / (α+tx)^(r+s+x)
//	   − 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+T))  / (α+T)^(r+s+x)
//
// and for α < β the same with α and β swapped and s+1 replaced by r+x.
// A0 ≥ 0, and it is 0 (log −Inf) when tx = T.
func (m ParetoNBD) logA0(s Summary) float64 {
	hi, lo, b := m.Alpha, m.Beta, m.S+1
	if m.Alpha < m.Beta {
		hi, lo, b = m.Beta, m.Alpha, m.R+s.X
	}
	a := m.R + m.S + s.X
	term := func(t float64) float64 {
		return math.Log(mathext.Hypergeo(a, b, a+1, (hi-lo)/(hi+t))) - a*math.Log(hi+t)
	}
	first, second := term(s.Tx), term(s.T)
	if !(first > second) {
		return math.Inf(-1)
	}
	return first + math.Log(-math.Expm1(second-first))
}

// ExpectedPurchases returns the expected number of transactions in the
// next t time units of a customer with history s (Schmittlein, Morrison &
// Colombo 1987; Fader & Hardie 2005 note, eq. 21):
//
//	E[Y(t) | x,tx,T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
//
// that is, ExpectedPurchasesIfAlive(t, s) · PAlive(s).
func (m ParetoNBD) ExpectedPurchases(t float64, s Summary) float64 {
	if t <= 0 {
		return 0
	}
	return m.ExpectedPurchasesIfAlive(t, s) * m.PAlive(s)
}

// ExpectedPurchasesIfAlive is E[Y(t) | x,tx,T] given that the customer is
// alive at T; it depends on x and T only. In the limit s = 1 (within 1e-9
// of it) it is (r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T)).
func (m ParetoNBD) ExpectedPurchasesIfAlive(t float64, s Summary) float64 {
	if t <= 0 {
		return 0
	}
	rate := (m.R + s.X) * (m.Beta + s.T) / (m.Alpha + s.T)
	// ln((β+T+t)/(β+T)) = log1p(t/(β+T)).
	l := math.Log1p(t / (m.Beta + s.T))
	if math.Abs(m.S-1) < 1e-9 {
		return rate * l
	}
	return rate * -math.Expm1(-(m.S-1)*l) / (m.S - 1)
}
