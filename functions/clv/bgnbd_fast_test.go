package clv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBGDataMatchesReference checks the compressed likelihood against
// BGNBD.LogLikelihood and its gradient against central differences of it.
func TestBGDataMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	truth := BGNBD{R: 0.5, Alpha: 30, A: 0.8, B: 2.5}
	data := make([]Summary, 3000)
	for i := range data {
		s := simulateBGNBD(rng, truth, float64(100+i%50))
		s.Tx = math.Floor(s.Tx) // whole days: many shared times and groups
		data[i] = s
	}
	d := newBGData(data)
	if len(d.groups) >= len(data) {
		t.Errorf("%d groups for %d customers: nothing compressed", len(d.groups), len(data))
	}
	for _, m := range []BGNBD{truth, {R: 0.243, Alpha: 4.4, A: 0.79, B: 2.4}, {R: 2, Alpha: 100, A: 3, B: 0.5}} {
		grad := make([]float64, 4)
		got, want := d.eval(m, grad), m.LogLikelihood(data)
		if math.Abs(got-want) > 1e-10*math.Abs(want) {
			t.Errorf("%+v: eval %.12f, LogLikelihood %.12f", m, got, want)
		}
		p := []float64{m.R, m.Alpha, m.A, m.B}
		for i := range p {
			h := 1e-6 * p[i]
			up, down := append([]float64(nil), p...), append([]float64(nil), p...)
			up[i] += h
			down[i] -= h
			ll := func(q []float64) float64 { return BGNBD{R: q[0], Alpha: q[1], A: q[2], B: q[3]}.LogLikelihood(data) }
			fd := (ll(up) - ll(down)) / (2 * h)
			if math.Abs(grad[i]-fd) > 1e-5*math.Max(1, math.Abs(fd)) {
				t.Errorf("%+v: d/dparam %d = %.8g, central difference %.8g", m, i, grad[i], fd)
			}
		}
	}
}

// simulatedDays simulates n BG/NBD customers born over two years before
// the end of calibration, with times in whole days as Summarize gives them.
func simulatedDays(n int) []Summary {
	rng := rand.New(rand.NewPCG(5, 6))
	truth := BGNBD{R: 0.5, Alpha: 30, A: 0.8, B: 2.5}
	data := make([]Summary, n)
	for i := range data {
		s := simulateBGNBD(rng, truth, float64(rng.IntN(731)))
		s.Tx = math.Floor(s.Tx)
		data[i] = s
	}
	return data
}

// BenchmarkFitBGNBD1M fits a million customers (the S2 scale).
func BenchmarkFitBGNBD1M(b *testing.B) {
	data := simulatedDays(1_000_000)
	b.ResetTimer()
	for b.Loop() {
		m, _, err := FitBGNBD(data)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(m.R, "r")
	}
}

// BenchmarkFitMBGNBD1M fits the default model, the MBG/NBD, to the same
// million customers.
func BenchmarkFitMBGNBD1M(b *testing.B) {
	data := simulatedDays(1_000_000)
	b.ResetTimer()
	for b.Loop() {
		m, _, err := FitMBGNBD(data)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(m.R, "r")
	}
}

// TestGGDataMatchesReference checks the compressed Gamma-Gamma likelihood
// against GammaGamma.LogLikelihood and its gradient against central
// differences.
func TestGGDataMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var xs, ms []float64
	for i := 0; i < 2000; i++ {
		xs = append(xs, float64(1+rng.IntN(6)))
		ms = append(ms, math.Round(100*(5+40*rng.Float64()))/100)
	}
	d := newGGData(xs, ms)
	for _, m := range []GammaGamma{{P: 6.25, Q: 3.74, Gamma: 15.44}, {P: 1, Q: 1, Gamma: 20}, {P: 0.5, Q: 8, Gamma: 300}} {
		grad := make([]float64, 3)
		got, want := d.eval(m, grad), m.LogLikelihood(xs, ms)
		if math.Abs(got-want) > 1e-10*math.Abs(want) {
			t.Errorf("%+v: eval %.12f, LogLikelihood %.12f", m, got, want)
		}
		p := []float64{m.P, m.Q, m.Gamma}
		for i := range p {
			h := 1e-6 * p[i]
			up, down := append([]float64(nil), p...), append([]float64(nil), p...)
			up[i] += h
			down[i] -= h
			ll := func(q []float64) float64 { return GammaGamma{P: q[0], Q: q[1], Gamma: q[2]}.LogLikelihood(xs, ms) }
			fd := (ll(up) - ll(down)) / (2 * h)
			if math.Abs(grad[i]-fd) > 1e-5*math.Max(1, math.Abs(fd)) {
				t.Errorf("%+v: d/dparam %d = %.8g, central difference %.8g", m, i, grad[i], fd)
			}
		}
	}
}
