package segments

import (
	"math"
	"testing"
)

// The expected numbers below were computed independently of this code
// and of gonum: with mpmath at 30 digits from the closed forms
// (p = erfc(|z|/√2) for the normal; p = I_{ν/(ν+t²)}(ν/2, 1/2), the
// regularized incomplete beta, for Student's t; the t quantile by root
// finding on the integrated density), and cross-checked against
// published values where a source is named.

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) != math.IsNaN(want) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g (±%g)", what, got, want, tol)
	}
}

func TestTwoProportionZ(t *testing.T) {
	cases := []struct {
		name            string
		x1, n1, x2, n2  int64
		z, p, low, high float64
	}{
		// 12% of 1000 vs 10% of 1000. By hand: pooled p = 0.11,
		// se = √(0.11·0.89·0.002) = 0.0139929, z = 0.02/se = 1.42930;
		// a normal table gives Φ(1.43) ≈ 0.9236, so p ≈ 0.153.
		{"12of1000_vs_10of1000", 120, 1000, 100, 1000,
			1.42930084982323, 0.152917781863946, -0.00741148199801994, 0.0474114819980199},
		// Unequal groups: 45/300 = 15% vs 30/320 = 9.375%.
		{"45of300_vs_30of320", 45, 300, 30, 320,
			2.14647139499721, 0.0318353885766700, 0.00474719842607411, 0.107752801573926},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := TwoProportionZ(c.x1, c.n1, c.x2, c.n2)
			near(t, "diff", r.Diff, float64(c.x1)/float64(c.n1)-float64(c.x2)/float64(c.n2), 1e-15)
			near(t, "z", r.Stat, c.z, 1e-12)
			near(t, "p", r.P, c.p, 1e-12)
			near(t, "low", r.Low, c.low, 1e-12)
			near(t, "high", r.High, c.high, 1e-12)
		})
	}
}

func TestTwoProportionZUndefined(t *testing.T) {
	cases := []struct {
		name           string
		x1, n1, x2, n2 int64
	}{
		{"empty control", 3, 10, 0, 0},
		{"empty treated", 0, 0, 3, 10},
		{"nobody converts", 0, 10, 0, 20},
		{"everybody converts", 10, 10, 20, 20},
	}
	for _, c := range cases {
		r := TwoProportionZ(c.x1, c.n1, c.x2, c.n2)
		if !math.IsNaN(r.P) || !math.IsNaN(r.Stat) {
			t.Errorf("%s: z %v p %v, want NaN", c.name, r.Stat, r.P)
		}
	}
}

func moments(xs []float64) Moments {
	var m Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m
}

func TestWelchT(t *testing.T) {
	cases := []struct {
		name                 string
		a, b                 []float64
		tStat, df, p, lo, hi float64
	}{
		// Wikipedia, "Welch's t-test", Examples, example 1: published
		// t = −2.46, ν = 24.99, p = 0.021 (rounded); full precision from
		// the closed forms.
		{"wikipedia_example_1",
			[]float64{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4},
			[]float64{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4},
			-2.45535639828601, 24.9885292902314, 0.0213780014628670, -3.98409626714093, -0.349237066192405},
		// Unequal sizes and variances (n = 10 vs 20).
		{"unequal_sizes",
			[]float64{19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0},
			[]float64{28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3},
			-2.22551203996985, 24.5246349442573, 0.0354845308300102, -4.27645865012056, -0.163541349879444},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := WelchT(moments(c.a), moments(c.b))
			near(t, "t", r.Stat, c.tStat, 1e-9)
			near(t, "df", r.DF, c.df, 1e-8)
			near(t, "p", r.P, c.p, 1e-9)
			near(t, "low", r.Low, c.lo, 1e-8)
			near(t, "high", r.High, c.hi, 1e-8)
		})
	}
	// The published, rounded values.
	r := WelchT(moments(cases[0].a), moments(cases[0].b))
	near(t, "published t", r.Stat, -2.46, 0.005)
	near(t, "published df", r.DF, 24.99, 0.005)
	near(t, "published p", r.P, 0.021, 0.0005)
}

func TestWelchTUndefined(t *testing.T) {
	cases := []struct {
		name string
		a, b []float64
	}{
		{"one observation", []float64{1}, []float64{1, 2, 3}},
		{"empty", nil, []float64{1, 2}},
		{"both constant", []float64{0, 0, 0}, []float64{0, 0}},
	}
	for _, c := range cases {
		r := WelchT(moments(c.a), moments(c.b))
		if !math.IsNaN(r.P) {
			t.Errorf("%s: p %v, want NaN", c.name, r.P)
		}
	}
}

func TestRelative(t *testing.T) {
	near(t, "rel", Relative(12, 10), 0.2, 1e-15)
	near(t, "rel zero control", Relative(1, 0), math.NaN(), 0)
}
