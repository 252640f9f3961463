package clv

import (
	"math"
	"sort"
)

// Helpers for clv_evaluate, which compares predictions for a holdout period
// (e.g. ExpectedPurchases over its length) with what customers actually did
// and with a baseline prediction. pred and actual are parallel: element i of
// each is customer i. All return NaN if the slices differ in length or are
// empty.

// MAE returns the mean absolute error of pred against actual.
func MAE(pred, actual []float64) float64 {
	if len(pred) != len(actual) || len(pred) == 0 {
		return math.NaN()
	}
	var sum float64
	for i, p := range pred {
		sum += math.Abs(p - actual[i])
	}
	return sum / float64(len(pred))
}

// RMSE returns the root mean squared error of pred against actual.
func RMSE(pred, actual []float64) float64 {
	if len(pred) != len(actual) || len(pred) == 0 {
		return math.NaN()
	}
	var sum float64
	for i, p := range pred {
		d := p - actual[i]
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(pred)))
}

// TopShareFound returns the fraction of the actual top customers that the
// prediction also ranks at the top: with k = ⌈share · n⌉ customers, the size
// of the intersection of the k largest by pred and the k largest by actual,
// divided by k. 1 means the model finds every top customer. Ties are broken
// by position (earlier first), so the result is deterministic. share must be
// in (0, 1]; otherwise the result is NaN.
func TopShareFound(pred, actual []float64, share float64) float64 {
	n := len(pred)
	if n != len(actual) || n == 0 || !(share > 0 && share <= 1) {
		return math.NaN()
	}
	k := int(math.Ceil(share*float64(n) - 1e-9))
	inTop := make([]bool, n)
	for _, i := range topK(actual, k) {
		inTop[i] = true
	}
	var found int
	for _, i := range topK(pred, k) {
		if inTop[i] {
			found++
		}
	}
	return float64(found) / float64(k)
}

// topK returns the indexes of the k largest values, ties by smaller index.
func topK(v []float64, k int) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] > v[idx[b]] })
	return idx[:k]
}

// Grade compares a model's error with a baseline's (lower is better) by the
// relative improvement (baselineErr − modelErr) / baselineErr, with the 5 %
// boundary evaluated as modelErr < 0.95·baselineErr:
//
//	"A"  more than 5 % better than the baseline
//	"B"  0–5 % better (equal counts as B)
//	"C"  worse than the baseline
//
// A zero baseline error grades B if the model is also exact and C otherwise;
// NaN errors grade C.
func Grade(modelErr, baselineErr float64) string {
	switch {
	case math.IsNaN(modelErr) || math.IsNaN(baselineErr) || modelErr > baselineErr:
		return "C"
	case baselineErr == 0:
		return "B"
	case modelErr < 0.95*baselineErr:
		return "A"
	default:
		return "B"
	}
}
