package clv

import (
	"errors"
	"math"
	"testing"
)

// publishedGG is Fader & Hardie's Gamma-Gamma fit to the 946 CDNOW repeat
// customers.
var publishedGG = GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}

func TestFitGammaGammaCDNOW(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) (x, zbar []float64)
	}{
		{"published zbar", func(t *testing.T) (x, zbar []float64) {
			for _, c := range loadPublishedWithTransactions(t) {
				x, zbar = append(x, c.X), append(zbar, c.Zbar)
			}
			return x, zbar
		}},
		{"own Summarize of CDNOW_sample", func(t *testing.T) (x, zbar []float64) {
			ids, days, values := loadSampleOrders(t)
			for _, c := range Summarize(ids, days, values, cdnowCalibrationEnd, 7) {
				x, zbar = append(x, c.X), append(zbar, c.MeanValue)
			}
			return x, zbar
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, zbar := tc.data(t)
			m, ll, err := FitGammaGamma(x, zbar)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("fit p=%.6f q=%.6f gamma=%.6f LL=%.6f", m.P, m.Q, m.Gamma, ll)
			for _, p := range []struct {
				name      string
				got, want float64
			}{{"p", m.P, publishedGG.P}, {"q", m.Q, publishedGG.Q}, {"gamma", m.Gamma, publishedGG.Gamma}} {
				if rel := math.Abs(p.got/p.want - 1); rel > 0.01 {
					t.Errorf("%s = %.6f, want %.2f within 1%%", p.name, p.got, p.want)
				}
			}
			if got := m.LogLikelihood(x, zbar); got != ll {
				t.Errorf("LogLikelihood(fit) = %.9f, fit reported %.9f", got, ll)
			}
			if pub := publishedGG.LogLikelihood(x, zbar); pub > ll+1e-9 {
				t.Errorf("published params LL %.6f beats the fit %.6f", pub, ll)
			}
		})
	}
}

func TestFitGammaGammaErrors(t *testing.T) {
	ok := func(n int) ([]float64, []float64) {
		var x, m []float64
		for i := range n {
			x, m = append(x, float64(1+i%4), 0), append(m, 10+float64(i%7), 0)
		}
		return x, m
	}
	x20, m20 := ok(20)
	tests := []struct {
		name string
		x, m []float64
		want error
	}{
		{"lengths differ", []float64{1, 2}, []float64{1}, ErrInvalidData},
		{"empty", nil, nil, ErrInsufficientData},
		{"too few repeat customers", x20[:2*(MinRepeatCustomers-1)], m20[:2*(MinRepeatCustomers-1)], ErrInsufficientData},
		{"zero value of a repeat customer", append([]float64{2}, x20...), append([]float64{0}, m20...), ErrInvalidData},
		{"negative frequency", append([]float64{-1}, x20...), append([]float64{3}, m20...), ErrInvalidData},
		{"NaN value", append([]float64{1}, x20...), append([]float64{math.NaN()}, m20...), ErrInvalidData},
		{"enough", x20, m20, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := FitGammaGamma(tc.x, tc.m); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestGammaGammaExpectedAvgValue(t *testing.T) {
	m := publishedGG
	popMean := m.P * m.Gamma / (m.Q - 1)
	tests := []struct {
		name    string
		m       GammaGamma
		x, mbar float64
		want    float64
	}{
		{"x=0 is the population mean", m, 0, 123, popMean},
		// Weighted mean: w·popMean + (1−w)·mbar with w = (q−1)/(px+q−1).
		{"x=2, mbar=22.35", m, 2, 22.35, (m.Q-1)/(2*m.P+m.Q-1)*popMean + 2*m.P/(2*m.P+m.Q-1)*22.35},
		{"x=10, mbar=50", m, 10, 50, (m.Q-1)/(10*m.P+m.Q-1)*popMean + 10*m.P/(10*m.P+m.Q-1)*50},
		{"q=1, x=0: no mean", GammaGamma{P: 2, Q: 1, Gamma: 3}, 0, 5, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.m.ExpectedAvgValue(tc.x, tc.mbar)
			if math.IsNaN(tc.want) != math.IsNaN(got) || math.Abs(got-tc.want) > 1e-12*math.Abs(tc.want) {
				t.Errorf("got %.15g, want %.15g", got, tc.want)
			}
		})
	}
}
