package clv

import (
	"math"
	"testing"
)

func TestCLV(t *testing.T) {
	m, gg := published, publishedGG
	s := Summary{X: 2, Tx: 30.43, T: 38.86} // CDNOW customer 1
	const mbar = 22.35
	value := gg.ExpectedAvgValue(s.X, mbar)
	e := func(weeks float64) float64 { return m.ExpectedPurchases(weeks, s) }
	tests := []struct {
		name                                   string
		horizon, perYear, discount, unitsPerPd float64
		want                                   float64
	}{
		{"no discount telescopes", 1, 12, 0, 52.0 / 12, value * e(52)},
		{"two half-years at 10%", 1, 2, 0.1, 26,
			value * (e(26)/math.Sqrt(1.1) + (e(52)-e(26))/1.1)},
		{"fractional last period", 1.25, 1, 0.2, 52,
			value * (e(52)/1.2 + (e(65)-e(52))/math.Pow(1.2, 1.25))},
		{"weekly for three years", 3, 52, 0.1, 1, func() float64 {
			var sum float64
			for k := 1; k <= 156; k++ {
				sum += (e(float64(k)) - e(float64(k-1))) * math.Pow(1.1, -float64(k)/52)
			}
			return value * sum
		}()},
		{"zero horizon", 0, 12, 0.1, 4, 0},
		{"negative horizon", -1, 12, 0.1, 4, math.NaN()},
		{"zero periods per year", 1, 0, 0.1, 4, math.NaN()},
		{"zero units per period", 1, 12, 0.1, 0, math.NaN()},
		{"discount of -100%", 1, 12, -1, 4, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CLV(m, gg, s, mbar, tc.horizon, tc.perYear, tc.discount, tc.unitsPerPd)
			if math.IsNaN(tc.want) != math.IsNaN(got) || math.Abs(got-tc.want) > 1e-9*math.Max(1, math.Abs(tc.want)) {
				t.Errorf("got %.12g, want %.12g", got, tc.want)
			}
		})
	}
}

// TestCLVOrdering checks the properties a user relies on: more horizon is
// worth more, more discount is worth less, a likelier-dead customer is
// worth less.
func TestCLVOrdering(t *testing.T) {
	m, gg := published, publishedGG
	active := Summary{X: 5, Tx: 37, T: 38.86}
	lapsed := Summary{X: 5, Tx: 5, T: 38.86}
	clv := func(s Summary, horizon, discount float64) float64 {
		return CLV(m, gg, s, 30, horizon, 12, discount, 52.0/12)
	}
	if !(clv(active, 2, 0.1) > clv(active, 1, 0.1)) {
		t.Error("a longer horizon is not worth more")
	}
	if !(clv(active, 2, 0.2) < clv(active, 2, 0.1)) {
		t.Error("a higher discount rate is not worth less")
	}
	if !(clv(lapsed, 2, 0.1) < clv(active, 2, 0.1)) {
		t.Error("a lapsed customer is not worth less than an active one")
	}
}
