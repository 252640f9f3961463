package clv

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// MBGNBD is a fitted modified BG/NBD model (Batislam, Denizel &
// Filiztekin 2007): as the BG/NBD, but a customer may also drop out at
// time zero, right after the first purchase, so a one-time buyer's
// P(alive) falls with the time since that purchase instead of staying 1.
// Same parameters and units as BGNBD; the likelihood has the BG/NBD's
// closed form and analytic gradient, so it fits as fast.
type MBGNBD struct {
	R, Alpha, A, B float64
}

// FitMBGNBD fits an MBG/NBD model to customer summaries by maximum
// likelihood, as FitBGNBD does (same start, optimiser and compressed data).
func FitMBGNBD(data []Summary) (MBGNBD, float64, error) {
	return fitMBGNBD(context.Background(), data)
}

// fitMBGNBD is FitMBGNBD, stopped with ctx's error once ctx is done.
func fitMBGNBD(ctx context.Context, data []Summary) (MBGNBD, float64, error) {
	var repeat int
	var sumX, sumT float64
	for i, s := range data {
		if err := s.validate(); err != nil {
			return MBGNBD{}, 0, fmt.Errorf("customer %d: %w", i, err)
		}
		if s.X > 0 {
			repeat++
		}
		sumX, sumT = sumX+s.X, sumT+s.T
	}
	if repeat < MinRepeatCustomers {
		return MBGNBD{}, 0, fmt.Errorf("%w: MBG/NBD needs %d, got %d of %d customers",
			ErrInsufficientData, MinRepeatCustomers, repeat, len(data))
	}
	alpha0 := 1.0
	if sumX > 0 && sumT > 0 {
		alpha0 = sumT / sumX
	}
	d := newBGData(data)
	d.modified = true
	llg := func(p, grad []float64) float64 {
		return d.eval(BGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}, grad)
	}
	p, max, err := maximizeLogGrad(ctx, llg, []float64{1, alpha0, 1, 1})
	if err != nil {
		return MBGNBD{}, 0, fmt.Errorf("MBG/NBD: %w", err)
	}
	m := MBGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}
	if ll := m.LogLikelihood(data); !math.IsNaN(ll) {
		max = ll
	}
	return m, max, nil
}

// LogLikelihood is the MBG/NBD log-likelihood (Batislam et al. 2007):
//
//	L = B(a,b+x+1)/B(a,b) · Γ(r+x)α^r/Γ(r) · [(α+T)^−(r+x) + a/(b+x) · (α+tx)^−(r+x)]
//
// NaN if a parameter is not positive.
func (m MBGNBD) LogLikelihood(data []Summary) float64 {
	if !(m.R > 0 && m.Alpha > 0 && m.A > 0 && m.B > 0) {
		return math.NaN()
	}
	lgR, lgB, lgAB := lgamma(m.R), lgamma(m.B), lgamma(m.A+m.B)
	var sum float64
	for _, s := range data {
		a1 := lgamma(m.R+s.X) - lgR + m.R*math.Log(m.Alpha)
		a2 := lgAB + lgamma(m.B+s.X+1) - lgB - lgamma(m.A+m.B+s.X+1)
		a3 := -(m.R + s.X) * math.Log(m.Alpha+s.T)
		a4 := math.Log(m.A) - math.Log(m.B+s.X) - (m.R+s.X)*math.Log(m.Alpha+s.Tx)
		sum += a1 + a2 + logSumExp(a3, a4)
	}
	return sum
}

// PAlive is P(alive | x,tx,T) = 1 / (1 + a/(b+x) · ((α+T)/(α+tx))^(r+x)),
// below 1 for every customer, one-time buyers included.
func (m MBGNBD) PAlive(s Summary) float64 {
	odds := math.Log(m.A) - math.Log(m.B+s.X) + (m.R+s.X)*(math.Log(m.Alpha+s.T)-math.Log(m.Alpha+s.Tx))
	return 1 / (1 + math.Exp(odds))
}

// ExpectedPurchases is E[Y(t) | x,tx,T] = ExpectedPurchasesIfAlive · PAlive.
func (m MBGNBD) ExpectedPurchases(t float64, s Summary) float64 {
	if t <= 0 {
		return 0
	}
	return m.ExpectedPurchasesIfAlive(t, s) * m.PAlive(s)
}

// ExpectedPurchasesIfAlive is (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
// · 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))]. Near a = 1 it averages a = 1 ± 1e-4.
func (m MBGNBD) ExpectedPurchasesIfAlive(t float64, s Summary) float64 {
	if t <= 0 {
		return 0
	}
	if math.Abs(m.A-1) < 1e-6 {
		lo, hi := m, m
		lo.A, hi.A = 1-1e-4, 1+1e-4
		return (lo.ExpectedPurchasesIfAlive(t, s) + hi.ExpectedPurchasesIfAlive(t, s)) / 2
	}
	rx := m.R + s.X
	c := m.A + m.B + s.X
	z := t / (m.Alpha + s.T + t)
	return c / (m.A - 1) * (1 - math.Exp(rx*math.Log1p(-z))*mathext.Hypergeo(rx, m.B+s.X+1, c, z))
}

// ExpectedPurchasesNew is E[X(t)] of a new customer:
// b/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b+1; a+b; t/(α+t))].
func (m MBGNBD) ExpectedPurchasesNew(t float64) float64 {
	z := t / (m.Alpha + t)
	return m.B / (m.A - 1) * (1 - math.Exp(m.R*math.Log1p(-z))*mathext.Hypergeo(m.R, m.B+1, m.A+m.B, z))
}

var _ PurchaseModel = MBGNBD{}
