package segments

import (
	"math"
	"testing"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// TestControlShare: the held-out share of 100k ids is within 4 standard
// deviations of the binomial expectation, for several shares and seeds.
func TestControlShare(t *testing.T) {
	ids := roaring64.New()
	ids.AddRange(1, 100_001)
	for _, c := range []Control{{10, 1}, {50, 2}, {3.5, -7}, {90, 1 << 40}} {
		_, control := c.Split(ids)
		n, p := float64(ids.GetCardinality()), c.Percent/100
		got, sd := float64(control.GetCardinality()), math.Sqrt(n*p*(1-p))
		if math.Abs(got-n*p) > 4*sd {
			t.Errorf("percent %v seed %d: %v held out, want %v ± %.0f", c.Percent, c.Seed, got, n*p, 4*sd)
		}
	}
}

// TestControlDeterministic: the same seed gives the same groups whatever
// else is in the segment; another seed gives different groups; a larger
// percent only adds customers to control (the threshold is monotone).
func TestControlDeterministic(t *testing.T) {
	a, b := roaring64.New(), roaring64.New()
	a.AddRange(1, 5001)
	b.AddRange(2500, 10001)
	c := Control{Percent: 20, Seed: 99}
	_, ca := c.Split(a)
	_, cb := c.Split(b)
	if !roaring64.And(ca, b).Equals(roaring64.And(cb, a)) {
		t.Fatal("the overlap of two segments is split differently")
	}
	_, other := (&Control{Percent: 20, Seed: 100}).Split(a)
	if other.Equals(ca) {
		t.Fatal("seeds 99 and 100 give the same control group")
	}
	_, wider := (&Control{Percent: 30, Seed: 99}).Split(a)
	if !roaring64.AndNot(ca, wider).IsEmpty() {
		t.Fatal("raising the percent moved customers out of control")
	}
}

// TestMix64 pins SplitMix64's published first outputs for seed 0 (the
// state advances by the golden gamma; mix64 adds it itself).
func TestMix64(t *testing.T) {
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	for i, w := range want {
		if got := mix64(uint64(i) * 0x9E3779B97F4A7C15); got != w {
			t.Errorf("output %d = %#x, want %#x", i, got, w)
		}
	}
}
