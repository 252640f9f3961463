package rfm

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestQuintileScores(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []int64
		higher bool
		want   []uint8
	}{
		{"ten distinct", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, true, []uint8{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
		{"recency: fewer days is better", []int64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, false, []uint8{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
		// ranks 1,1,1,1,5,6: q = 1+5*0/6=1 …, 1+5*4/6=4, 1+5*5/6=5; without
		// gaps 1, then at most one more per distinct value: 2, 3.
		{"ties share the lowest rank, no gaps", []int64{1, 1, 1, 1, 2, 3}, true, []uint8{1, 1, 1, 1, 2, 3}},
		// 60% bought once (q 1), 2 orders q 4, 3 orders q 4, 4+ q 5: 1, 2, 2, 3…
		// n = 10: ranks 1 (×6), 7, 8 (×2), 10; q = 1, 4, 4, 5 -> 1, 2, 2, 3.
		{"frequency: no f = 2 gap", []int64{1, 1, 1, 1, 1, 1, 2, 3, 3, 9}, true, []uint8{1, 1, 1, 1, 1, 1, 2, 3, 3, 4}},
		// Recency with 4 ties at 100 days (worst): q 1; then 50, 40, 30, 20,
		// 10, 5 days: q = 3, 3, 4, 4, 5, 5 -> 2, 3, 4, 4, 5, 5.
		{"recency ties", []int64{100, 100, 100, 100, 50, 40, 30, 20, 10, 5}, false, []uint8{1, 1, 1, 1, 2, 3, 4, 4, 5, 5}},
		{"one customer", []int64{42}, true, []uint8{1}},
		{"all equal", []int64{3, 3, 3}, false, []uint8{1, 1, 1}},
		{"unsorted", []int64{50, 10, 30, 20, 40}, true, []uint8{5, 1, 3, 2, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]uint8, len(tc.values))
			QuintileScores(tc.values, tc.higher, got, nil)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestThresholdScore(t *testing.T) {
	breaks := []float64{10, 20, 30, 40}
	for _, tc := range []struct {
		v      float64
		higher bool
		want   uint8
	}{
		{0, true, 1}, {10, true, 2}, {19.99, true, 2}, {40, true, 5}, {1e9, true, 5},
		{0, false, 5}, {10, false, 4}, {39, false, 2}, {40, false, 1},
	} {
		if got := ThresholdScore(tc.v, breaks, tc.higher); got != tc.want {
			t.Errorf("ThresholdScore(%v, higher=%v) = %d, want %d", tc.v, tc.higher, got, tc.want)
		}
	}
	if got := ThresholdScore(5, nil, true); got != 1 {
		t.Errorf("no breaks: %d", got)
	}
}

func TestSegment(t *testing.T) {
	for _, tc := range []struct {
		r, f, m uint8
		want    string
	}{
		{5, 5, 5, SegChampions}, {5, 4, 3, SegChampions}, {4, 5, 5, SegChampions},
		{4, 4, 3, SegLoyal}, {3, 5, 5, SegLoyal},
		{5, 2, 2, SegPotentialLoyalist}, {4, 3, 2, SegPotentialLoyalist},
		{5, 1, 1, SegNew}, {4, 1, 1, SegPromising},
		{3, 2, 3, SegNeedAttention}, {3, 1, 1, SegAboutToSleep}, {2, 2, 1, SegAboutToSleep},
		{2, 3, 3, SegAtRisk}, {1, 3, 2, SegAtRisk}, {2, 5, 5, SegCantLose}, {1, 4, 3, SegCantLose},
		{2, 1, 1, SegHibernating}, {1, 2, 1, SegHibernating}, {1, 1, 1, SegLost},
	} {
		if got := Segment(tc.r, tc.f, tc.m); got != tc.want {
			t.Errorf("Segment(%d,%d,%d) = %q, want %q", tc.r, tc.f, tc.m, got, tc.want)
		}
	}
	seen := map[string]bool{}
	for r := uint8(1); r <= 5; r++ {
		for f := uint8(1); f <= 5; f++ {
			for m := uint8(1); m <= 5; m++ {
				seen[Segment(r, f, m)] = true
			}
		}
	}
	if len(seen) != 11 {
		t.Fatalf("the map names %d segments, want 11: %v", len(seen), seen)
	}
	if Code(5, 4, 1) != "541" {
		t.Fatal(Code(5, 4, 1))
	}
}

func TestNaturalBreaks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		k      int
		log    bool
		want   []float64
	}{
		{"three clusters", []float64{1, 2, 1, 2, 10, 11, 12, 100, 101}, 3, false, []float64{10, 100}},
		{"fewer distinct than k", []float64{1, 1, 2, 2}, 5, false, []float64{2}},
		{"one value", []float64{7, 7, 7}, 5, false, nil},
		{"empty", nil, 5, false, nil},
		{"five clusters", []float64{1, 1, 5, 5, 20, 21, 50, 52, 200}, 5, false, []float64{5, 20, 50, 200}},
		// 1, 30, 100 in two classes: linearly {1, 30} {100} (SSE 420.5
		// against 2450 for {1} {30, 100}); on log(1 + v) = 0.69, 3.43, 4.62
		// {1} {30, 100} (0.70 against 3.76).
		{"linear", []float64{1, 30, 100}, 2, false, []float64{100}},
		{"log scale", []float64{1, 30, 100}, 2, true, []float64{30}},
		// 40 values: 37 × 10, 2 × 20, 1 × 10000. Alone Jenks isolates 10000
		// (one value, 2.5%); every class must hold ⌈5% · 40⌉ = 2, so the only
		// two-class split left is {10} {20, 20, 10000}.
		{"minimum class size", append(append(slices.Repeat([]float64{10}, 37), 20, 20), 10000), 2, false, []float64{20}},
		// Five classes of at least 2 of 40: impossible with three distinct
		// values; two classes come back.
		{"too few values for the size", append(append(slices.Repeat([]float64{10}, 37), 20, 20), 10000), 5, false, []float64{20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NaturalBreaks(tc.values, tc.k, tc.log); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNaturalBreaksManyValues(t *testing.T) {
	// 10000 values in two far-apart blocks: binning must keep the gap.
	var vs []float64
	for i := 0; i < 9000; i++ {
		vs = append(vs, float64(i%100))
	}
	for i := 0; i < 1000; i++ {
		vs = append(vs, 10000+float64(i%10))
	}
	got := NaturalBreaks(vs, 2, false)
	if !slices.Equal(got, []float64{10000}) {
		t.Fatalf("got %v", got)
	}
}

func TestPercentile(t *testing.T) {
	s := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, tc := range []struct {
		pct  int
		want int64
	}{{50, 5}, {80, 8}, {95, 10}, {1, 1}, {100, 10}, {81, 9}} {
		if got := Percentile(s, tc.pct); got != tc.want {
			t.Errorf("P%d = %d, want %d", tc.pct, got, tc.want)
		}
	}
	if Percentile(nil, 50) != 0 || Percentile([]int64{4}, 80) != 4 {
		t.Fatal("edge cases")
	}
}

// TestQuintileScoresDefinition compares QuintileScores with its
// definition computed the slow way, q = 1 + ⌊5·worse/n⌋ with worse the
// count of strictly worse values, made gapless by the closed form
// score = dr + min over values no better of (q − dr), dr the dense rank
// from the worst, on random inputs over narrow ranges (counted in a
// histogram) and wide ones (sorted).
func TestQuintileScoresDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(200)
		span := []int64{1, 3, 50, 1 << 40}[trial%4]
		values := make([]int64, n)
		for i := range values {
			values[i] = r.Int64N(span) - span/2
		}
		for _, higher := range []bool{true, false} {
			got := make([]uint8, n)
			QuintileScores(values, higher, got, nil)
			worse := func(w, v int64) bool { return higher && w < v || !higher && w > v }
			q := func(v int64) int {
				c := 0
				for _, w := range values {
					if worse(w, v) {
						c++
					}
				}
				return 1 + 5*c/n
			}
			dr := func(v int64) int { // 1 + distinct values worse than v
				seen := map[int64]bool{}
				for _, w := range values {
					if worse(w, v) {
						seen[w] = true
					}
				}
				return 1 + len(seen)
			}
			qs, drs := make([]int, n), make([]int, n)
			for i, v := range values {
				qs[i], drs[i] = q(v), dr(v)
			}
			for i, v := range values {
				m := qs[i] - drs[i]
				for j, u := range values {
					if !worse(v, u) { // u no better than v
						m = min(m, qs[j]-drs[j])
					}
				}
				if want := uint8(drs[i] + m); got[i] != want {
					t.Fatalf("n=%d span=%d higher=%v value %d: score %d, want %d", n, span, higher, v, got[i], want)
				}
			}
		}
	}
}
