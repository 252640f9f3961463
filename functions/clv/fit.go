package clv

import (
	"context"
	"errors"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/optimize"
)

// MinRepeatCustomers is the least number of repeat customers (X > 0) that
// FitBGNBD and FitGammaGamma accept. Fewer leave the dropout (a, b) or spend
// (p, q, gamma) parameters unidentified and the fit meaningless.
const MinRepeatCustomers = 10

// Errors callers branch on, e.g. to choose a MySQL error code.
var (
	// ErrInsufficientData: fewer than MinRepeatCustomers repeat customers.
	ErrInsufficientData = errors.New("clv: too few repeat customers to fit")
	// ErrInvalidData: an input value is negative, NaN, infinite or inconsistent.
	ErrInvalidData = errors.New("clv: invalid customer data")
	// ErrNoConvergence: the optimizer found no finite likelihood.
	ErrNoConvergence = errors.New("clv: fit did not converge")
)

// logBound bounds the log of every fitted parameter: e^±30 is far outside
// any meaningful value and keeps exp from overflowing.
const logBound = 30

// maximizeLog maximises the log-likelihood ll over positive parameters,
// searched in log space from the positive start point. It returns the
// parameters and the maximum.
//
// Nelder-Mead (derivative free, robust to the +Inf walls of the bounds and to
// NaN regions) finds the basin; BFGS with central finite-difference gradients
// then polishes the optimum to full precision. The better of the two wins.
func maximizeLog(ctx context.Context, ll func(params []float64) float64, start []float64) ([]float64, float64, error) {
	f := func(theta []float64) float64 {
		// Once the statement is stopped every evaluation is free: gonum
		// asks Status only between iterations, and a finite-difference
		// gradient is 2n evaluations.
		if ctx.Err() != nil {
			return math.Inf(1)
		}
		params := make([]float64, len(theta))
		for i, t := range theta {
			if !(math.Abs(t) <= logBound) {
				return math.Inf(1)
			}
			params[i] = math.Exp(t)
		}
		v := ll(params)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.Inf(1)
		}
		return -v
	}
	theta0 := make([]float64, len(start))
	for i, s := range start {
		theta0[i] = math.Log(s)
	}
	if math.IsInf(f(theta0), 1) {
		return nil, 0, stoppedOr(ctx, ErrNoConvergence)
	}

	best, bestF := theta0, f(theta0)
	nm, _ := optimize.Minimize(optimize.Problem{Func: f, Status: stopOn(ctx)}, theta0, &optimize.Settings{
		Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 200},
	}, &optimize.NelderMead{})
	// A non-nil error (e.g. an iteration limit) still comes with the best
	// point found, which is kept if it improves.
	if nm != nil && nm.F < bestF {
		best, bestF = nm.X, nm.F
	}

	grad := func(g, theta []float64) {
		fd.Gradient(g, f, theta, &fd.Settings{Formula: fd.Central, Step: 1e-6})
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	bfgs, _ := optimize.Minimize(optimize.Problem{Func: f, Grad: grad, Status: stopOn(ctx)}, best, &optimize.Settings{
		GradientThreshold: 1e-7,
	}, &optimize.BFGS{})
	if bfgs != nil && bfgs.F <= bestF {
		best, bestF = bfgs.X, bfgs.F
	}

	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	params := make([]float64, len(best))
	for i, t := range best {
		params[i] = math.Exp(t)
	}
	return params, -bestF, nil
}

func isInf(v float64) bool { return math.IsInf(v, 0) }

// stopOn ends an optimization once ctx is done (KILL QUERY, the client
// gone, max_execution_time): gonum asks after every evaluation of the
// likelihood, one pass over the customers.
func stopOn(ctx context.Context) func() (optimize.Status, error) {
	return func() (optimize.Status, error) {
		if err := ctx.Err(); err != nil {
			return optimize.Failure, err
		}
		return optimize.NotTerminated, nil
	}
}

// stoppedOr is ctx's error when the statement was stopped (a fit cut
// short finds no finite likelihood), else err.
func stoppedOr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}
