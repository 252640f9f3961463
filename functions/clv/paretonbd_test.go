package clv

import (
	"errors"
	"math"
	"testing"
)

// publishedPareto is the Pareto/NBD fit to the CDNOW sample reported by
// Fader, Hardie & Lee (2005), log-likelihood −9 595.0.
var publishedPareto = ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}

func TestFitParetoNBDCDNOW(t *testing.T) {
	data := summaries(loadPublishedSummary(t))
	m, ll, err := FitParetoNBD(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fit r=%.6f alpha=%.6f s=%.6f beta=%.6f LL=%.6f", m.R, m.Alpha, m.S, m.Beta, ll)
	for _, p := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, publishedPareto.R}, {"alpha", m.Alpha, publishedPareto.Alpha},
		{"s", m.S, publishedPareto.S}, {"beta", m.Beta, publishedPareto.Beta}} {
		if rel := math.Abs(p.got/p.want - 1); rel > 0.01 {
			t.Errorf("%s = %.6f, want %.3f within 1%%", p.name, p.got, p.want)
		}
	}
	if math.Abs(ll-(-9595.0)) > 0.05 {
		t.Errorf("LL = %.6f, want -9595.0 to one decimal", ll)
	}
	if _, _, err := FitParetoNBD(data[:5]); !errors.Is(err, ErrInsufficientData) {
		t.Errorf("5 customers: err = %v, want ErrInsufficientData", err)
	}
}

// TestParetoNBDPAlive checks P(alive) against the α = β case, where the 2F1
// terms are 1 and A0 = (α+tx)^−(r+s+x) − (α+T)^−(r+s+x), and checks both
// branches of A0 (α > β, α < β) meet there.
func TestParetoNBDPAlive(t *testing.T) {
	direct := func(m ParetoNBD, s Summary) float64 {
		k := m.R + m.S + s.X
		a0 := math.Pow(m.Alpha+s.Tx, -k) - math.Pow(m.Alpha+s.T, -k)
		return 1 / (1 + m.S/k*math.Pow(m.Alpha+s.T, m.R+s.X)*math.Pow(m.Beta+s.T, m.S)*a0)
	}
	eq := ParetoNBD{R: 0.553, Alpha: 10, S: 0.606, Beta: 10}
	for _, s := range []Summary{{0, 0, 38.86}, {2, 30.43, 38.86}, {1, 1.71, 38.86}, {10, 20, 38.86}, {3, 30, 30}} {
		got, want := eq.PAlive(s), direct(eq, s)
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%+v: α=β PAlive = %.12f, direct %.12f", s, got, want)
		}
		above, below := eq, eq
		above.Alpha, below.Alpha = 10+1e-7, 10-1e-7
		if pa, pb := above.PAlive(s), below.PAlive(s); math.Abs(pa-want) > 1e-6 || math.Abs(pb-want) > 1e-6 {
			t.Errorf("%+v: branches α>β %.9f, α<β %.9f, α=β %.9f", s, pa, pb, want)
		}
	}
	if got := publishedPareto.PAlive(Summary{X: 4, Tx: 38.86, T: 38.86}); got != 1 {
		t.Errorf("tx = T: PAlive = %g, want 1", got)
	}
	if got := publishedPareto.PAlive(Summary{X: 0, Tx: 0, T: 38.86}); !(got > 0 && got < 1) {
		t.Errorf("x = 0: PAlive = %g, want in (0, 1): Pareto/NBD customers can die unseen", got)
	}
}
