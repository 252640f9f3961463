package clv

// PurchaseModel is a fitted "buy till you die" purchase model: BGNBD or
// ParetoNBD. Times are in the unit of the data it was fitted to.
type PurchaseModel interface {
	// PAlive is the probability that a customer with history s is still
	// a customer at the end of the calibration period.
	PAlive(s Summary) float64
	// ExpectedPurchases is the expected number of transactions of a
	// customer with history s in the next t time units.
	ExpectedPurchases(t float64, s Summary) float64
	// ExpectedPurchasesIfAlive is ExpectedPurchases given that the
	// customer is alive: ExpectedPurchases = ExpectedPurchasesIfAlive ·
	// PAlive. It depends on X and T only, not on Tx.
	ExpectedPurchasesIfAlive(t float64, s Summary) float64
	// LogLikelihood is the model's log-likelihood of the summaries.
	LogLikelihood(data []Summary) float64
}

var (
	_ PurchaseModel = BGNBD{}
	_ PurchaseModel = ParetoNBD{}
)
