package gen

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Streams keep the random sequences of the parts of the generator apart, so
// that adding a draw in one part never shifts the numbers another part sees.
const (
	streamCatalog  uint64 = 1 << 60
	streamCampaign uint64 = 2 << 60
	streamContact  uint64 = 3 << 60
)

// rng is a PCG generator that is re-seeded per stream and per contact: the
// data of contact i depends only on the seed, the config and i, never on
// how many numbers earlier contacts drew.
type rng struct {
	src rand.PCG
	*rand.Rand
}

func newRNG() *rng {
	r := &rng{}
	r.Rand = rand.New(&r.src)
	return r
}

// reseed starts the sequence of (seed, stream, id).
func (r *rng) reseed(seed, stream, id uint64) {
	r.src.Seed(splitmix64(seed^stream), splitmix64(id^splitmix64(stream+seed)))
}

// splitmix64 is the SplitMix64 finaliser, a bijective bit mixer.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// bernoulli reports true with probability p.
func (r *rng) bernoulli(p float64) bool { return r.Float64() < p }

// between returns a uniform int64 in [lo, hi]; lo when hi <= lo.
func (r *rng) between(lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo+1)
}

// gamma draws from Gamma(shape, scale) by Marsaglia and Tsang's method,
// boosting shapes below 1 with U^(1/shape).
func (r *rng) gamma(shape, scale float64) float64 {
	boost := 1.0
	if shape < 1 {
		boost = math.Pow(r.Float64(), 1/shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v * scale * boost
		}
	}
}

// beta draws from Beta(a, b).
func (r *rng) beta(a, b float64) float64 {
	x := r.gamma(a, 1)
	y := r.gamma(b, 1)
	return x / (x + y)
}

// poisson draws from Poisson(mean) (Knuth's method; means here are small).
func (r *rng) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
		return max(n, 0)
	}
	l := math.Exp(-mean)
	k, p := 0, r.Float64()
	for p > l {
		k++
		p *= r.Float64()
	}
	return k
}

// logNormal draws exp(N(log(median), sigma²)).
func (r *rng) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// cumulative is a table of running weight sums; pick draws index i with
// probability weight[i]/total.
type cumulative []float64

func makeCumulative(weights []float64) cumulative {
	c := make(cumulative, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += w
		c[i] = sum
	}
	return c
}

func (c cumulative) pick(r *rng) int {
	x := r.Float64() * c[len(c)-1]
	i := sort.Search(len(c), func(i int) bool { return c[i] > x })
	return min(i, len(c)-1)
}
