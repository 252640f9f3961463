package rfm

import (
	"math"
	"slices"
)

// maxBins bounds the input of the natural-breaks search: values are
// grouped into at most this many bins of whole distinct values, so the
// O(k·bins²) dynamic program stays in milliseconds for any base size.
const maxBins = 512

// bin is a run of sorted values: their count, sum and sum of squares, and
// the smallest value (the break point if a class starts here).
type bin struct {
	w, sx, sxx float64
	min        float64
}

// MinClassShare is the least share of the values every natural-breaks
// class holds: one in twenty. Jenks alone minimises squared deviations,
// which on skewed spend isolates the few biggest spenders (a top class of
// one customer) and leaves nearly everyone in the bottom class.
const MinClassShare = 0.05

// NaturalBreaks returns the Jenks natural breaks of values into at most k
// classes: the ascending break points b1 < … < b(k−1), each the smallest
// value of its class, that minimise the total within-class sum of squared
// deviations of the values (of log(1 + max(v, 0)) when logScale) among the
// partitions whose every class holds at least MinClassShare of the values.
// Values are first grouped into at most maxBins runs of whole distinct
// values (equal values never straddle a break); with fewer distinct values
// than k, or when k classes cannot all hold their share, fewer breaks come
// back. values is not modified.
func NaturalBreaks(values []float64, k int, logScale bool) []float64 {
	bins := makeBins(values, logScale)
	minW := math.Ceil(MinClassShare * float64(len(values)))
	for k = min(k, len(bins)); k >= 2; k-- {
		if starts := jenks(bins, k, minW); starts != nil {
			out := make([]float64, 0, k-1)
			for _, s := range starts[1:] {
				out = append(out, bins[s].min)
			}
			return out
		}
	}
	return nil
}

// makeBins sorts a copy of values and groups it into runs of distinct
// values of about len/maxBins elements each; sums are of the values, or of
// log(1 + max(v, 0)) when logScale.
func makeBins(values []float64, logScale bool) []bin {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	target := max(1, len(sorted)/maxBins)
	var bins []bin
	for i := 0; i < len(sorted); {
		b := bin{min: sorted[i]}
		for i < len(sorted) && (b.w < float64(target) || sorted[i] == sorted[i-1]) {
			x := sorted[i]
			if logScale {
				x = math.Log1p(max(x, 0))
			}
			b.w++
			b.sx += x
			b.sxx += x * x
			i++
		}
		bins = append(bins, b)
	}
	return bins
}

// jenks runs the optimal 1-D partition dynamic program over bins into k
// contiguous classes of at least minW values each and returns each class's
// first bin index, or nil when no such partition exists.
func jenks(bins []bin, k int, minW float64) []int {
	n := len(bins)
	w, sx, sxx := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
	for i, b := range bins {
		w[i+1], sx[i+1], sxx[i+1] = w[i]+b.w, sx[i]+b.sx, sxx[i]+b.sxx
	}
	sse := func(i, j int) float64 { // bins i..j-1; +Inf when too small
		cw, cs := w[j]-w[i], sx[j]-sx[i]
		if cw < minW {
			return math.Inf(1)
		}
		return sxx[j] - sxx[i] - cs*cs/cw
	}
	// cost[c][j]: best cost of the first j bins in c+1 classes; from[c][j]
	// is where the last of those classes starts.
	cost := make([][]float64, k)
	from := make([][]int, k)
	for c := range cost {
		cost[c], from[c] = make([]float64, n+1), make([]int, n+1)
		for j := range cost[c] {
			cost[c][j] = math.Inf(1)
		}
	}
	for j := 1; j <= n; j++ {
		cost[0][j] = sse(0, j)
	}
	for c := 1; c < k; c++ {
		for j := c + 1; j <= n; j++ {
			for i := c; i < j; i++ {
				if v := cost[c-1][i] + sse(i, j); v < cost[c][j] {
					cost[c][j], from[c][j] = v, i
				}
			}
		}
	}
	if math.IsInf(cost[k-1][n], 1) {
		return nil
	}
	starts := make([]int, k)
	for c, j := k-1, n; c > 0; c-- {
		starts[c] = from[c][j]
		j = starts[c]
	}
	return starts
}

// Percentile is the nearest-rank pct-th percentile (pct in 1..100) of the
// ascending slice sorted: the element at 1-based position ceil(pct·n/100).
// It is 0 for an empty slice.
func Percentile(sorted []int64, pct int) int64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	pos := (pct*n + 99) / 100
	return sorted[max(pos, 1)-1]
}
