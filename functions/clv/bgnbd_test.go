package clv

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// published is the BG/NBD fit to the CDNOW sample reported by Fader, Hardie
// & Lee (2005), with its log-likelihood rounded to one decimal.
var published = BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}

const publishedLL = -9582.4

func summaries(cs []publishedCustomer) []Summary {
	out := make([]Summary, len(cs))
	for i, c := range cs {
		out[i] = c.Summary
	}
	return out
}

func TestFitBGNBDCDNOW(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) []Summary
	}{
		{"published summary", func(t *testing.T) []Summary { return summaries(loadPublishedSummary(t)) }},
		{"own Summarize of CDNOW_sample", func(t *testing.T) []Summary {
			ids, days, values := loadSampleOrders(t)
			var out []Summary
			for _, c := range Summarize(ids, days, values, cdnowCalibrationEnd, 7) {
				out = append(out, c.Summary)
			}
			return out
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			if len(data) != 2357 {
				t.Fatalf("got %d customers, want 2357", len(data))
			}
			m, ll, err := FitBGNBD(data)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("fit r=%.6f alpha=%.6f a=%.6f b=%.6f LL=%.6f", m.R, m.Alpha, m.A, m.B, ll)
			for _, p := range []struct {
				name      string
				got, want float64
			}{{"r", m.R, published.R}, {"alpha", m.Alpha, published.Alpha}, {"a", m.A, published.A}, {"b", m.B, published.B}} {
				if rel := math.Abs(p.got/p.want - 1); rel > 0.01 {
					t.Errorf("%s = %.6f, want %.3f within 1%% (off by %.2f%%)", p.name, p.got, p.want, 100*rel)
				}
			}
			// The published LL has one decimal: ours must round to it.
			if math.Abs(ll-publishedLL) > 0.05 {
				t.Errorf("LL = %.6f, want %.1f to one decimal", ll, publishedLL)
			}
			if got := m.LogLikelihood(data); got != ll {
				t.Errorf("LogLikelihood(fit) = %.9f, fit reported %.9f", got, ll)
			}
			// A maximum: the rounded published parameters do no better.
			if pub := published.LogLikelihood(data); pub > ll+1e-9 {
				t.Errorf("published params LL %.6f beats the fit %.6f", pub, ll)
			}
		})
	}
}

// TestFitBGNBDSimulated fits data simulated from a known model, in days, to
// check the fitter away from CDNOW's scale: the fit must reach at least the
// likelihood of the true parameters and land near them.
func TestFitBGNBDSimulated(t *testing.T) {
	truth := BGNBD{R: 0.5, Alpha: 30, A: 0.8, B: 2.5}
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]Summary, 4000)
	for i := range data {
		data[i] = simulateBGNBD(rng, truth, 150+float64(i%90))
	}
	m, ll, err := FitBGNBD(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fit %+v LL=%.4f; truth LL=%.4f", m, ll, truth.LogLikelihood(data))
	if lt := truth.LogLikelihood(data); ll < lt-1e-6 {
		t.Errorf("fit LL %.6f below the true parameters' %.6f", ll, lt)
	}
	for _, p := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, truth.R}, {"alpha", m.Alpha, truth.Alpha}, {"a", m.A, truth.A}, {"b", m.B, truth.B}} {
		if rel := math.Abs(p.got/p.want - 1); rel > 0.35 {
			t.Errorf("%s = %.4f, true %.4f", p.name, p.got, p.want)
		}
	}
}

// simulateBGNBD draws one customer's summary observed for T time units.
func simulateBGNBD(rng *rand.Rand, m BGNBD, T float64) Summary {
	lambda := gammaRand(rng, m.R) / m.Alpha
	g1, g2 := gammaRand(rng, m.A), gammaRand(rng, m.B)
	p := g1 / (g1 + g2)
	var s Summary
	s.T = T
	for now := 0.0; ; {
		now += rng.ExpFloat64() / lambda
		if now > T {
			return s
		}
		s.X++
		s.Tx = now
		if rng.Float64() < p {
			return s
		}
	}
}

// gammaRand draws from Gamma(shape k, rate 1) (Marsaglia & Tsang).
func gammaRand(rng *rand.Rand, k float64) float64 {
	if k < 1 {
		return gammaRand(rng, k+1) * math.Pow(rng.Float64(), 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

func TestFitBGNBDErrors(t *testing.T) {
	repeat := func(n int) []Summary {
		var out []Summary
		for i := range n {
			out = append(out, Summary{X: 1, Tx: 5, T: 30}, Summary{X: 0, Tx: 0, T: 30 + float64(i)})
		}
		return out
	}
	tests := []struct {
		name string
		data []Summary
		want error
	}{
		{"empty", nil, ErrInsufficientData},
		{"no repeat customers", []Summary{{0, 0, 10}, {0, 0, 20}}, ErrInsufficientData},
		{"too few repeat customers", repeat(MinRepeatCustomers - 1), ErrInsufficientData},
		{"tx after T", append(repeat(20), Summary{X: 1, Tx: 40, T: 30}), ErrInvalidData},
		{"negative x", append(repeat(20), Summary{X: -1, Tx: 0, T: 30}), ErrInvalidData},
		{"NaN T", append(repeat(20), Summary{X: 1, Tx: 1, T: math.NaN()}), ErrInvalidData},
		{"infinite T", append(repeat(20), Summary{X: 1, Tx: 1, T: math.Inf(1)}), ErrInvalidData},
		{"tx without repeats", append(repeat(20), Summary{X: 0, Tx: 3, T: 30}), ErrInvalidData},
		{"enough repeat customers", repeat(MinRepeatCustomers), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ll, err := FitBGNBD(tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && (math.IsNaN(ll) || !(m.R > 0 && m.Alpha > 0 && m.A > 0 && m.B > 0)) {
				t.Errorf("fit %+v LL %g not finite and positive", m, ll)
			}
		})
	}
}

func TestBGNBDEdgeCases(t *testing.T) {
	m := published
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"x=0: PAlive is 1", m.PAlive(Summary{X: 0, Tx: 0, T: 38.86}), 1},
		{"x=0, T=0: PAlive is 1", m.PAlive(Summary{}), 1},
		// With tx = T the ratio ((α+T)/(α+tx))^(r+x) is 1:
		// P(alive) = 1/(1 + a/(b+x−1)) = (b+x−1)/(a+b+x−1).
		{"tx=T, x=1", m.PAlive(Summary{X: 1, Tx: 20, T: 20}), (m.B + 0) / (m.A + m.B)},
		{"tx=T, x=5", m.PAlive(Summary{X: 5, Tx: 38.86, T: 38.86}), (m.B + 4) / (m.A + m.B + 4)},
		{"t=0: no purchases", m.ExpectedPurchases(0, Summary{X: 3, Tx: 10, T: 20}), 0},
		{"new customer = history at T=0", m.ExpectedPurchasesNew(39), m.ExpectedPurchases(39, Summary{})},
		{"E[X(0)] = 0", m.ExpectedPurchasesNew(0), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if math.Abs(tc.got-tc.want) > 1e-12 {
				t.Errorf("got %.15g, want %.15g", tc.got, tc.want)
			}
		})
	}
}

// TestBGNBDNearAEqualsOne checks the a = 1 singularity of eq. (10) is
// handled: values at and next to a = 1 agree.
func TestBGNBDNearAEqualsOne(t *testing.T) {
	s := Summary{X: 2, Tx: 30.43, T: 38.86}
	at := BGNBD{R: 0.243, Alpha: 4.414, A: 1, B: 2.426}
	near := at
	near.A = 1 + 1e-3
	got, want := at.ExpectedPurchases(39, s), near.ExpectedPurchases(39, s)
	if math.IsNaN(got) || math.Abs(got-want) > 1e-3*want {
		t.Errorf("a=1: %.9f; a=1.001: %.9f", got, want)
	}
}

func BenchmarkFitBGNBD(b *testing.B) {
	data := summaries(loadPublishedSummary(b))
	for b.Loop() {
		if _, _, err := FitBGNBD(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExpectedPurchases(b *testing.B) {
	data := summaries(loadPublishedSummary(b))
	for b.Loop() {
		for _, s := range data {
			published.ExpectedPurchases(39, s)
		}
	}
}
