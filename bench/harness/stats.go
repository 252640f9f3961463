package harness

import (
	"slices"
	"time"
)

// median of ds (0 for none); ds is not modified.
func median(ds []time.Duration) time.Duration {
	return percentile(ds, 50)
}

// percentile p (0-100) of ds by the nearest-rank method: the smallest
// value with at least p% of the samples at or below it.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(float64(len(s))*p/100+0.999999) - 1
	return s[max(0, min(rank, len(s)-1))]
}
