package segments

import (
	"math"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// Control-group assignment is a pure function of (seed, customer id), so
// the same customer is in the same group for a given seed on every
// refresh, on every server, forever:
//
//	h = mix64(mix64(uint64(seed)) XOR uint64(customer_id))
//	control  ⇔  (h >> 11) / 2⁵³ < percent / 100
//
// where mix64 is SplitMix64's output function (Steele, Lea, Flood 2014):
//
//	z = (x + 0x9E3779B97F4A7C15)
//	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
//	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
//	return z ^ (z >> 31)
//
// Each customer is held out independently with probability percent/100,
// so a group of n members has about n·percent/100 in control (binomial
// spread), not exactly that many.

// mix64 is SplitMix64's output function.
func mix64(x uint64) uint64 {
	z := x + 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// InControl reports whether customer id is held out by c.
func (c *Control) InControl(id uint64) bool {
	h := mix64(mix64(uint64(c.Seed)) ^ id)
	return float64(h>>11)/(1<<53) < c.Percent/100
}

// Split divides members into treated and control.
func (c *Control) Split(members *roaring64.Bitmap) (treated, control *roaring64.Bitmap) {
	treated, control = roaring64.New(), roaring64.New()
	it := members.Iterator()
	for it.HasNext() {
		id := it.Next()
		if c.InControl(id) {
			control.Add(id)
		} else {
			treated.Add(id)
		}
	}
	return treated, control
}

// validPercent reports whether p is a usable holdout share, strictly
// between 0 and 100.
func validPercent(p float64) bool { return p > 0 && p < 100 && !math.IsNaN(p) }
