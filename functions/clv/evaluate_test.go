package clv

import (
	"math"
	"testing"
)

func TestErrorMetrics(t *testing.T) {
	tests := []struct {
		name         string
		pred, actual []float64
		mae, rmse    float64
	}{
		{"exact", []float64{1, 2, 3}, []float64{1, 2, 3}, 0, 0},
		{"mixed signs", []float64{1, 2, 3, 4}, []float64{2, 2, 1, 4}, 0.75, math.Sqrt(5.0 / 4)},
		{"single", []float64{0}, []float64{3}, 3, 3},
		{"empty", nil, nil, math.NaN(), math.NaN()},
		{"lengths differ", []float64{1}, []float64{1, 2}, math.NaN(), math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MAE(tc.pred, tc.actual); !sameFloat(got, tc.mae) {
				t.Errorf("MAE = %g, want %g", got, tc.mae)
			}
			if got := RMSE(tc.pred, tc.actual); !sameFloat(got, tc.rmse) {
				t.Errorf("RMSE = %g, want %g", got, tc.rmse)
			}
		})
	}
}

func TestTopShareFound(t *testing.T) {
	tests := []struct {
		name         string
		pred, actual []float64
		share        float64
		want         float64
	}{
		{"perfect ranking", []float64{5, 4, 3, 2, 1}, []float64{50, 40, 30, 20, 10}, 0.4, 1},
		{"reversed ranking", []float64{1, 2, 3, 4, 5}, []float64{50, 40, 30, 20, 10}, 0.4, 0},
		{"half found", []float64{9, 1, 8, 2}, []float64{9, 8, 1, 2}, 0.5, 0.5},
		// k = ⌈0.3·5⌉ = 2: actual top {0, 1}, predicted top {0, 2}.
		{"share rounds up", []float64{9, 1, 8, 2, 3}, []float64{9, 8, 1, 2, 3}, 0.3, 0.5},
		// Ties among actual zeros go to the earlier customer.
		{"ties by position", []float64{0, 1, 0}, []float64{0, 0, 0}, 1.0 / 3, 0},
		{"share 1 finds all", []float64{3, 1, 2}, []float64{1, 2, 3}, 1, 1},
		{"share 0", []float64{1}, []float64{1}, 0, math.NaN()},
		{"share above 1", []float64{1}, []float64{1}, 1.5, math.NaN()},
		{"empty", nil, nil, 0.5, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TopShareFound(tc.pred, tc.actual, tc.share); !sameFloat(got, tc.want) {
				t.Errorf("got %g, want %g", got, tc.want)
			}
		})
	}
}

func TestGrade(t *testing.T) {
	tests := []struct {
		model, baseline float64
		want            string
	}{
		{0.5, 1, "A"},
		{0.949, 1, "A"},
		{0.95, 1, "B"}, // exactly 5 % better is not more than 5 %
		{0.99, 1, "B"},
		{1, 1, "B"},
		{1.01, 1, "C"},
		{0, 0, "B"},
		{0.1, 0, "C"},
		{math.NaN(), 1, "C"},
		{1, math.NaN(), "C"},
	}
	for _, tc := range tests {
		if got := Grade(tc.model, tc.baseline); got != tc.want {
			t.Errorf("Grade(%g, %g) = %s, want %s", tc.model, tc.baseline, got, tc.want)
		}
	}
}

// TestGradeShare: Dynamics 365 grades the high-value customers found by
// the gap in percentage points, so 21 % against a 20 % baseline is a B
// (one point), not an A (5 % more, relatively).
func TestGradeShare(t *testing.T) {
	tests := []struct {
		model, baseline float64
		want            string
	}{
		{0.21, 0.20, "B"},  // +1 point (+5 % relative: the old rule's A boundary)
		{0.26, 0.20, "A"},  // +6 points
		{0.25, 0.20, "B"},  // exactly +5 points is not more than 5
		{0.251, 0.20, "A"}, // +5.1 points
		{0.20, 0.20, "B"},
		{0.19, 0.20, "C"},
		{0.90, 0.84, "A"}, // +6 points, +7 % relative
		{0.88, 0.84, "B"}, // +4 points, +4.8 % relative
		{math.NaN(), 0.2, "C"},
	}
	for _, tc := range tests {
		if got := GradeShare(tc.model, tc.baseline); got != tc.want {
			t.Errorf("GradeShare(%g, %g) = %s, want %s", tc.model, tc.baseline, got, tc.want)
		}
	}
}

// sameFloat reports a and b equal within 1e-12, NaN equal to NaN.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12
}
