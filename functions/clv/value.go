package clv

import "math"

// CLV returns the discounted expected value of a customer's future
// transactions over horizon years, combining a BG/NBD model m (how many
// transactions) with a Gamma-Gamma model gg (what each is worth):
//
//	CLV = Σ_{k=1..N} E[M] · (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + annualDiscount)^(y_k)
//
// where
//   - E[M] = gg.ExpectedAvgValue(s.X, mbar), the expected value per transaction;
//   - E[Y(t)] = m.ExpectedPurchases(t, s), the expected transactions in the
//     next t model time units, so each term is the expected transactions in
//     period k alone;
//   - periods are 1/periodsPerYear years long and unitsPerPeriod model time
//     units long (e.g. periodsPerYear = 12 and unitsPerPeriod = 52/12 ≈ 4.33
//     for monthly periods with a model in weeks);
//   - N = ⌈horizon · periodsPerYear⌉; period k ends at y_k = min(k/periodsPerYear,
//     horizon) years and t_k = y_k · periodsPerYear · unitsPerPeriod time units,
//     so a fractional last period is cut at the horizon;
//   - each period's value is received at its end and discounted at the
//     compound annual rate annualDiscount (0.1 for 10 %): the per-period rate
//     is (1 + annualDiscount)^(1/periodsPerYear) − 1.
//
// With annualDiscount = 0 the sum telescopes to E[M] · E[Y(horizon)]. The
// result is NaN for non-positive periodsPerYear or unitsPerPeriod, a
// discount rate ≤ −1, or a horizon that is negative or not finite, and 0
// for horizon = 0.
func CLV(m PurchaseModel, gg GammaGamma, s Summary, mbar float64, horizon float64, periodsPerYear float64, annualDiscount float64, unitsPerPeriod float64) float64 {
	if !(periodsPerYear > 0) || !(unitsPerPeriod > 0) || !(annualDiscount > -1) ||
		!(horizon >= 0) || isInf(horizon) || isInf(periodsPerYear) {
		return math.NaN()
	}
	expected := func(t float64) float64 { return m.ExpectedPurchases(t, s) }
	return gg.ExpectedAvgValue(s.X, mbar) * DiscountedPurchases(expected, horizon, periodsPerYear, annualDiscount, unitsPerPeriod)
}

// DiscountedPurchases is CLV per unit of transaction value for the
// cumulative expected transactions expected(t): the sum over periods of
// the expected transactions in period k discounted to its end,
// Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + annualDiscount)^(y_k), with the
// periods and arguments of CLV (which checks them). Without discount it is
// expected(horizon) at once.
func DiscountedPurchases(expected func(t float64) float64, horizon, periodsPerYear, annualDiscount, unitsPerPeriod float64) float64 {
	if annualDiscount == 0 {
		return expected(horizon * periodsPerYear * unitsPerPeriod)
	}
	n := int(math.Ceil(horizon*periodsPerYear - 1e-9))
	logDiscount := math.Log1p(annualDiscount)
	var sum, prev float64
	for k := 1; k <= n; k++ {
		years := math.Min(float64(k)/periodsPerYear, horizon)
		cum := expected(years * periodsPerYear * unitsPerPeriod)
		sum += (cum - prev) * math.Exp(-years*logDiscount)
		prev = cum
	}
	return sum
}
