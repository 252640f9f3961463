package clv

import (
	"math"
	"testing"
)

// TestFitMBGNBDCDNOW fits the MBG/NBD to the published CDNOW summary and
// compares with the published fit (BTYDplus, Platzer; the lifetimes
// library's test of the same data): r = 0.525, α = 6.183, a = 0.891,
// b = 1.614 (weeks). The unconditional E[X(t)] is checked as lifetimes
// checks its MBG/NBD: against the figures of Hardie's (BG/NBD)
// spreadsheet within 5%, a plausibility bound, not an exact reference.
func TestFitMBGNBDCDNOW(t *testing.T) {
	data := summaries(loadPublishedSummary(t))
	m, ll, err := FitMBGNBD(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fit r=%.6f alpha=%.6f a=%.6f b=%.6f LL=%.4f", m.R, m.Alpha, m.A, m.B, ll)
	for _, p := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, 0.525}, {"alpha", m.Alpha, 6.183}, {"a", m.A, 0.891}, {"b", m.B, 1.614}} {
		if math.Abs(p.got-p.want) > 0.0015 {
			t.Errorf("%s = %.5f, want %.3f", p.name, p.got, p.want)
		}
	}
	pub := MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614}
	for _, c := range []struct{ t, want float64 }{
		{0.1429, 0.0078}, {1, 0.0532}, {3, 0.1506}, {31.8571, 1.0405}, {32, 1.0437}, {78, 1.8576},
	} {
		if got := pub.ExpectedPurchasesNew(c.t); math.Abs(got/c.want-1) > 0.05 {
			t.Errorf("E[X(%v)] = %.5f, want %.4f", c.t, got, c.want)
		}
	}
	// The compressed likelihood equals the reference sum.
	d := newBGData(data)
	d.modified = true
	if got, want := d.eval(BGNBD(pub), nil), pub.LogLikelihood(data); math.Abs(got-want) > 1e-6*math.Abs(want) {
		t.Errorf("compressed LL %.6f, reference %.6f", got, want)
	}
}

// TestMBGNBDOneTimeBuyers: unlike the BG/NBD (P(alive) = 1 for x = 0), a
// one-time buyer's P(alive) falls with the time since the purchase.
func TestMBGNBDOneTimeBuyers(t *testing.T) {
	m := MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614}
	prev := 1.0
	for _, T := range []float64{0, 4, 13, 26, 52, 104} {
		p := m.PAlive(Summary{X: 0, Tx: 0, T: T})
		// Hand-worked: 1 / (1 + a/b · ((α+T)/α)^r).
		want := 1 / (1 + 0.891/1.614*math.Pow((6.183+T)/6.183, 0.525))
		if math.Abs(p-want) > 1e-12 || p >= prev {
			t.Errorf("T=%v: P(alive) %.6f, want %.6f and below %.6f", T, p, want, prev)
		}
		prev = p
	}
}
