package clv

import "testing"

// BenchmarkScoreCustomers scores 600k simulated customers (about the
// buyers of the S2 shop) for a year at 10 %.
func BenchmarkScoreCustomers(b *testing.B) {
	data := simulatedDays(600_000)
	cs := make([]CustomerSummary, len(data))
	for i, s := range data {
		cs[i] = CustomerSummary{ID: int64(i), Summary: s, MeanValue: 30}
	}
	f := &Fitted{Kind: KindBGNBD, Unit: UnitDay, BG: BGNBD{R: 0.5, Alpha: 30, A: 0.8, B: 2.5},
		Spend: GammaGamma{P: 4, Q: 5, Gamma: 60}}
	b.ResetTimer()
	for b.Loop() {
		ScoreCustomers(f, cs, 365, 0.1, HighValueShare)
	}
}
