package clv

import (
	"context"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// maximizeLogGrad maximises a log-likelihood with an analytic gradient
// over positive parameters, searched in log space by BFGS from start.
// llg returns the log-likelihood at params and, when grad is not nil, its
// gradient with respect to params. With exact gradients BFGS needs tens of
// evaluations where the derivative-free path of maximizeLog needs
// thousands; that is what makes fitting a million customers fast. If BFGS
// fails to reach a finite optimum, maximizeLog is used instead.
func maximizeLogGrad(ctx context.Context, llg func(params, grad []float64) float64, start []float64) ([]float64, float64, error) {
	n := len(start)
	// Cache the last point: gonum asks for Func and Grad separately, and
	// one pass computes both.
	var lastTheta, lastGrad []float64
	var lastF float64
	eval := func(theta []float64) (float64, []float64) {
		if lastTheta != nil && equalSlices(theta, lastTheta) {
			return lastF, lastGrad
		}
		if ctx.Err() != nil { // stopped: no more passes (see maximizeLog)
			return math.Inf(1), make([]float64, n)
		}
		params, g := make([]float64, n), make([]float64, n)
		f := math.Inf(1)
		inBounds := true
		for i, t := range theta {
			if !(math.Abs(t) <= logBound) {
				inBounds = false
			}
			params[i] = math.Exp(t)
		}
		if inBounds {
			if v := llg(params, g); !math.IsNaN(v) && !math.IsInf(v, 0) {
				f = -v
				// d(−ll)/dθ = −dll/dp · p.
				for i := range g {
					g[i] = -g[i] * params[i]
				}
			}
		}
		lastTheta, lastF, lastGrad = append(lastTheta[:0], theta...), f, g
		return f, g
	}
	theta0 := make([]float64, n)
	for i, s := range start {
		theta0[i] = math.Log(s)
	}
	f0, _ := eval(theta0)
	if math.IsInf(f0, 1) {
		return nil, 0, stoppedOr(ctx, ErrNoConvergence)
	}
	problem := optimize.Problem{
		Func:   func(theta []float64) float64 { f, _ := eval(theta); return f },
		Grad:   func(grad, theta []float64) { _, g := eval(theta); copy(grad, g) },
		Status: stopOn(ctx),
	}
	// The gradient of a sum over n customers is only accurate to about
	// n·1e-16 relative; ask for no more than that.
	settings := &optimize.Settings{
		GradientThreshold: 1e-9 * math.Max(1, math.Abs(f0)),
		FuncEvaluations:   1000,
	}
	res, _ := optimize.Minimize(problem, theta0, settings, &optimize.BFGS{})
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if res == nil || math.IsInf(res.F, 0) || math.IsNaN(res.F) || res.F > f0 {
		return maximizeLog(ctx, func(p []float64) float64 { return llg(p, nil) }, start)
	}
	params := make([]float64, n)
	for i, t := range res.X {
		params[i] = math.Exp(t)
	}
	return params, -res.F, nil
}

func equalSlices(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
