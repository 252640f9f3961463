package clv

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD is a fitted beta-geometric/negative-binomial model (Fader, Hardie &
// Lee 2005). While alive, a customer buys as a Poisson process with rate
// λ ~ Gamma(shape R, rate Alpha); after each purchase they drop out with
// probability p ~ Beta(A, B). Alpha is in the time unit of the Summary data it
// was fitted to; R, A and B have no unit. All four are positive.
type BGNBD struct {
	R, Alpha, A, B float64
}

// FitBGNBD fits a BG/NBD model to customer summaries by maximum likelihood and
// returns it with its log-likelihood. It needs at least MinRepeatCustomers
// customers with X > 0 (ErrInsufficientData) and valid summaries
// (ErrInvalidData). The search runs over the logs of the parameters from
// r = 1, a = b = 1 and alpha set so that r/alpha is the naive purchase rate
// ΣX/ΣT, by BFGS with the analytic gradient on compressed data (see bgData
// and maximizeLogGrad).
func FitBGNBD(data []Summary) (BGNBD, float64, error) {
	return fitBGNBD(context.Background(), data)
}

// fitBGNBD is FitBGNBD, stopped with ctx's error once ctx is done.
func fitBGNBD(ctx context.Context, data []Summary) (BGNBD, float64, error) {
	var repeat int
	var sumX, sumT float64
	for i, s := range data {
		if err := s.validate(); err != nil {
			return BGNBD{}, 0, fmt.Errorf("customer %d: %w", i, err)
		}
		if s.X > 0 {
			repeat++
		}
		sumX += s.X
		sumT += s.T
	}
	if repeat < MinRepeatCustomers {
		return BGNBD{}, 0, fmt.Errorf("%w: BG/NBD needs %d, got %d of %d customers",
			ErrInsufficientData, MinRepeatCustomers, repeat, len(data))
	}
	alpha0 := 1.0
	if sumT > 0 {
		alpha0 = sumT / sumX
	}
	d := newBGData(data)
	llg := func(p, grad []float64) float64 {
		return d.eval(BGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}, grad)
	}
	p, max, err := maximizeLogGrad(ctx, llg, []float64{1, alpha0, 1, 1})
	if err != nil {
		return BGNBD{}, 0, fmt.Errorf("BG/NBD: %w", err)
	}
	m := BGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}
	// Report the reference sum, not the compressed one (equal up to rounding).
	if ll := m.LogLikelihood(data); !math.IsNaN(ll) {
		max = ll
	}
	return m, max, nil
}

// LogLikelihood returns the BG/NBD log-likelihood of the summaries, eq. (6)
// of Fader, Hardie & Lee (2005) written in logs:
//
//	L(r,α,a,b | x,tx,T) = B(a,b+x)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
//	                    + δ(x>0) B(a+1,b+x−1)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+tx)^(r+x))
//
// The result is NaN if a parameter is not positive.
func (m BGNBD) LogLikelihood(data []Summary) float64 {
	if !(m.R > 0 && m.Alpha > 0 && m.A > 0 && m.B > 0) {
		return math.NaN()
	}
	lgR, lgB, lgAB := lgamma(m.R), lgamma(m.B), lgamma(m.A+m.B)
	logAlpha, logA := math.Log(m.Alpha), math.Log(m.A)
	var sum float64
	for _, s := range data {
		a1 := lgamma(m.R+s.X) - lgR + m.R*logAlpha
		a2 := lgAB + lgamma(m.B+s.X) - lgB - lgamma(m.A+m.B+s.X)
		a3 := -(m.R + s.X) * math.Log(m.Alpha+s.T)
		l := a3
		if s.X > 0 {
			a4 := logA - math.Log(m.B+s.X-1) - (m.R+s.X)*math.Log(m.Alpha+s.Tx)
			l = logSumExp(a3, a4)
		}
		sum += a1 + a2 + l
	}
	return sum
}

// PAlive returns the probability that a customer with history s is still
// alive at T, eq. (12) of Fader, Hardie & Lee (2005):
//
//	P(alive | x,tx,T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x))
//
// For x = 0 it is exactly 1: in the BG/NBD a customer can only drop out right
// after a purchase, so one who never repurchased is certainly alive (unlike
// the Pareto/NBD).
func (m BGNBD) PAlive(s Summary) float64 {
	if s.X == 0 {
		return 1
	}
	return 1 / (1 + math.Exp(m.logOdds(s)))
}

// logOdds is log(P(dead)/P(alive)) for a customer with X > 0.
func (m BGNBD) logOdds(s Summary) float64 {
	return math.Log(m.A) - math.Log(m.B+s.X-1) +
		(m.R+s.X)*(math.Log(m.Alpha+s.T)-math.Log(m.Alpha+s.Tx))
}

// ExpectedPurchases returns the expected number of transactions in the next
// t time units of a customer with history s, eq. (10) of Fader, Hardie & Lee
// (2005):
//
//	E[Y(t) | x,tx,T] = (a+b+x−1)/(a−1)
//	    · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
//	    / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x))
//
// that is, ExpectedPurchasesIfAlive(t, s) · PAlive(s).
func (m BGNBD) ExpectedPurchases(t float64, s Summary) float64 {
	if t <= 0 {
		return 0
	}
	return m.ExpectedPurchasesIfAlive(t, s) * m.PAlive(s)
}

// ExpectedPurchasesIfAlive is E[Y(t) | x,tx,T] given that the customer is
// alive at T: the first two lines of eq. (10). It depends on x and T only,
// not on tx, so callers scoring many customers can share it.
//
// The formula is singular at a = 1; within 1e-6 of it the value is the mean
// of the values at a = 1 ± 1e-4 (the function is smooth in a there).
func (m BGNBD) ExpectedPurchasesIfAlive(t float64, s Summary) float64 {
	if t <= 0 {
		return 0
	}
	if math.Abs(m.A-1) < 1e-6 {
		lo, hi := m, m
		lo.A, hi.A = 1-1e-4, 1+1e-4
		return (lo.ExpectedPurchasesIfAlive(t, s) + hi.ExpectedPurchasesIfAlive(t, s)) / 2
	}
	rx, bx := m.R+s.X, m.B+s.X
	c := m.A + bx - 1
	z := t / (m.Alpha + s.T + t)
	// ((α+T)/(α+T+t))^(r+x) = (1−z)^(r+x).
	bracket := 1 - math.Exp(rx*math.Log1p(-z))*mathext.Hypergeo(rx, bx, c, z)
	return c / (m.A - 1) * bracket
}

// ExpectedPurchasesNew returns E[X(t)], the expected number of transactions
// of a new customer in their first t time units (after the first purchase),
// eq. (9) of Fader, Hardie & Lee (2005):
//
//	E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))]
//
// It equals ExpectedPurchases(t, Summary{}): a customer seen at T = 0.
func (m BGNBD) ExpectedPurchasesNew(t float64) float64 {
	return m.ExpectedPurchases(t, Summary{})
}

// lgamma is log|Γ(x)|; the models only call it on positive arguments.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// logSumExp returns log(e^a + e^b) without overflow.
func logSumExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}
