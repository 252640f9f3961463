package rfm

import (
	"math"
	"slices"
)

// Scores are 1..5, 5 the best. Two ways to get them:
//
//   - QuintileScores: by rank among the scored customers,
//     q = 1 + floor(5·(rank−1)/n), where rank is 1 + the number of
//     customers with a strictly worse value (ties share the lowest rank, as
//     SQL's RANK() does). Ties never split, so a value shared by many
//     customers (frequency 1) gets one score for all of them; q would then
//     skip scores (1, 4, 5 when 60% bought once), so the score is q made
//     gapless: walking the distinct values from the worst, each scores
//     min(q, the previous value's score + 1). In SQL: score = dr +
//     MIN(q − dr) OVER (ORDER BY value from the worst), dr the DENSE_RANK.
//   - ThresholdScore: by saved break points b1 ≤ … ≤ b4; class = the number
//     of breaks the value reaches (v ≥ b); f, m, e score 1+class, recency
//     (fewer days is better) scores 5−class.

// QuintileScores writes the quintile score of every value into out
// (len(out) ≥ len(values)). higherIsBetter is true for frequency, monetary
// and engagement, false for recency days. scratch, if big enough, is used
// for the sorted copy, so repeated calls allocate nothing.
//
// The score only steps up at four cut values, found once: with lb(v) the
// count of values below v, score ≥ s ⟺ lb(v) ≥ p = ⌈(s−1)·n/5⌉ ⟺ v is
// above the p-th smallest value (for recency: below the p-th largest).
// Each value then needs four comparisons instead of a binary search.
func QuintileScores(values []int64, higherIsBetter bool, out []uint8, scratch []int64) []int64 {
	n := len(values)
	if n == 0 {
		return scratch
	}
	var ks [4]int // 0-based ranks in ascending order of the cut values
	for s := 2; s <= 5; s++ {
		p := ((s-1)*n + 4) / 5
		if higherIsBetter {
			ks[s-2] = p - 1
		} else {
			ks[s-2] = n - p
		}
	}
	var cuts [4]int64
	scratch = kthValues(values, ks, &cuts, scratch)
	if cuts[0] == cuts[1] || cuts[1] == cuts[2] || cuts[2] == cuts[3] {
		scratch = gapless(values, higherIsBetter, &cuts, scratch)
	}
	for i, v := range values {
		sc := uint8(1)
		for _, c := range cuts {
			if higherIsBetter && v > c || !higherIsBetter && v < c {
				sc++
			}
		}
		out[i] = sc
	}
	return scratch
}

// gapless rewrites the cuts so that no score is skipped. Scores only skip
// where cuts coincide (a value passing two equal cuts at once: the cuts
// are values of the data, so two distinct cuts are passed by two distinct
// values). Walking the distinct values from the worst, each gets min(q,
// previous + 1); where that steps up, the previous value becomes the cut.
// Cuts never reached become unreachable.
func gapless(values []int64, higherIsBetter bool, cuts *[4]int64, scratch []int64) []int64 {
	ds := append(scratch[:0], values...)
	slices.Sort(ds)
	ds = slices.Compact(ds)
	if !higherIsBetter {
		slices.Reverse(ds)
	}
	old := *cuts
	never := int64(math.MaxInt64)
	if !higherIsBetter {
		never = math.MinInt64
	}
	*cuts = [4]int64{never, never, never, never}
	prev := uint8(0)
	for i, v := range ds {
		q := uint8(1)
		for _, c := range old {
			if higherIsBetter && v > c || !higherIsBetter && v < c {
				q++
			}
		}
		if s := min(q, prev+1); s > prev {
			if s >= 2 {
				cuts[s-2] = ds[i-1]
			}
			prev = s
		}
	}
	return ds[:0]
}

// maxHistogram bounds the value range counted in a histogram instead of
// sorting (days, order counts and engagement scores are small).
const maxHistogram = 1 << 16

// kthValues sets cuts[j] to the ks[j]-th smallest value (0-based).
func kthValues(values []int64, ks [4]int, cuts *[4]int64, scratch []int64) []int64 {
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	if uint64(hi-lo) < maxHistogram {
		hist := make([]int, hi-lo+1)
		for _, v := range values {
			hist[v-lo]++
		}
		for j, k := range ks {
			seen := 0
			for b, c := range hist {
				if seen += c; seen > k {
					cuts[j] = lo + int64(b)
					break
				}
			}
		}
		return scratch
	}
	sorted := append(scratch[:0], values...)
	slices.Sort(sorted)
	for j, k := range ks {
		cuts[j] = sorted[k]
	}
	return sorted
}

// ThresholdScore scores v against ascending break points (at most 4 are
// used; fewer compress the scale: with none every score is 1, or 5 for
// recency).
func ThresholdScore(v float64, breaks []float64, higherIsBetter bool) uint8 {
	class := 0
	for i, b := range breaks {
		if i == 4 {
			break
		}
		if v >= b {
			class++
		}
	}
	if higherIsBetter {
		return uint8(1 + class)
	}
	return uint8(5 - class)
}

// Segment names of the 11-segment map.
const (
	SegChampions         = "Champions"
	SegLoyal             = "Loyal"
	SegPotentialLoyalist = "Potential Loyalist"
	SegNew               = "New"
	SegPromising         = "Promising"
	SegNeedAttention     = "Need Attention"
	SegAboutToSleep      = "About to Sleep"
	SegAtRisk            = "At Risk"
	SegCantLose          = "Can't Lose Them"
	SegHibernating       = "Hibernating"
	SegLost              = "Lost"
)

// segmentGrid is the 11-segment map on recency score (row, R=5 first) and
// the combined frequency-monetary score FM (column, FM=1 first). Every cell
// is named, so every (r, f, m) gets exactly one segment.
var segmentGrid = [5][5]string{
	{SegNew, SegPotentialLoyalist, SegPotentialLoyalist, SegChampions, SegChampions},   // R=5
	{SegPromising, SegPotentialLoyalist, SegPotentialLoyalist, SegLoyal, SegChampions}, // R=4
	{SegAboutToSleep, SegNeedAttention, SegNeedAttention, SegLoyal, SegLoyal},          // R=3
	{SegHibernating, SegAboutToSleep, SegAtRisk, SegAtRisk, SegCantLose},               // R=2
	{SegLost, SegHibernating, SegAtRisk, SegCantLose, SegCantLose},                     // R=1
}

// FM is the combined frequency-monetary score: the mean of f and m rounded
// half up, (f+m+1) div 2.
func FM(f, m uint8) uint8 { return (f + m + 1) / 2 }

// Segment names the segment of scores r, f, m (each 1..5; callers check).
func Segment(r, f, m uint8) string { return segmentGrid[5-r][FM(f, m)-1] }

// Code is the three-digit rfm code, e.g. "545".
func Code(r, f, m uint8) string { return string([]byte{'0' + r, '0' + f, '0' + m}) }
