package rfm

import "testing"

func TestStages(t *testing.T) {
	w := Windows{Active: 30, Lapsed: 90}
	for _, tc := range []struct {
		name          string
		orders        int32
		recency       int64
		stage, status string
	}{
		{"no purchase", 0, 0, StageLead, StatusLead},
		{"one recent", 1, 5, StageFirstTime, StatusNew},
		{"one at the active edge", 1, 30, StageFirstTime, StatusNew},
		// Emarsys: "First-time buyer - Made only one purchase, and it was
		// made in the last 90 days"; past the active window one order is
		// defecting, as at risk in Ometria.
		{"one past active", 1, 31, StageDefecting, StatusAtRisk},
		{"one at the lapsed edge", 1, 90, StageDefecting, StatusAtRisk},
		{"one lapsed", 1, 91, StageInactive, StatusLapsed},
		{"repeat active", 3, 0, StageActive, StatusActive},
		{"repeat defecting", 3, 31, StageDefecting, StatusAtRisk},
		{"repeat inactive", 3, 400, StageInactive, StatusLapsed},
	} {
		if got := EmarsysStage(tc.orders, tc.recency, w); got != tc.stage {
			t.Errorf("%s: stage %q, want %q", tc.name, got, tc.stage)
		}
		if got := OmetriaStatus(tc.orders, tc.recency, w); got != tc.status {
			t.Errorf("%s: status %q, want %q", tc.name, got, tc.status)
		}
	}
}

func TestValueTier(t *testing.T) {
	// Base AOV = 1000/10 = 100.
	for _, tc := range []struct {
		rev    int64
		orders int32
		want   string
	}{
		{74, 1, TierLow}, {75, 1, TierMedium}, {124, 1, TierMedium}, {125, 1, TierHigh},
		{250, 1, TierHigh}, {251, 1, TierVeryHigh}, {500, 2, TierHigh}, {0, 0, ""},
	} {
		if got := ValueTier(tc.rev, tc.orders, 1000, 10); got != tc.want {
			t.Errorf("ValueTier(%d, %d) = %q, want %q", tc.rev, tc.orders, got, tc.want)
		}
	}
}

func TestDeriveWindows(t *testing.T) {
	// 100 customers with one interval each, 1..100 days: the plain
	// nearest-rank percentiles.
	iv := make([]Interval, 100)
	for i := range iv {
		iv[i] = Interval{Days: int64(i + 1), N: 1}
	}
	if got := DeriveWindows(iv); got != (Windows{80, 95}) {
		t.Fatalf("got %+v", got)
	}
	if got := DeriveWindows(nil); got != fallbackWindows {
		t.Fatalf("empty: %+v", got)
	}
	// Worked by hand: one heavy buyer with 96 weekly intervals (7 days,
	// weight 1/96 each, 1 in all) and four customers who return after 60,
	// 90, 120 and 200 days (weight 1 each). Total weight 5; P80 needs a
	// cumulative 4: 7 (1), 60 (2), 90 (3), 120 (4) -> 120; P95 needs 4.75
	// -> 200. Unweighted, 96 of the 100 intervals are 7 days and both
	// percentiles would be 7: the heavy buyer would set everyone's window.
	iv = iv[:0]
	for range 96 {
		iv = append(iv, Interval{Days: 7, N: 96})
	}
	for _, d := range []int64{60, 90, 120, 200} {
		iv = append(iv, Interval{Days: d, N: 1})
	}
	if got := DeriveWindows(iv); got != (Windows{120, 200}) {
		t.Fatalf("weighted: got %+v, want {120 200}", got)
	}
}

func TestTiers(t *testing.T) {
	for orders, want := range map[int32]string{0: "0", 1: "1", 2: "2", 3: "3-4", 4: "3-4", 5: "5+", 250: "5+"} {
		if got := FrequencyTier(orders); got != want {
			t.Errorf("FrequencyTier(%d) = %q", orders, got)
		}
	}
	for score, want := range map[int64]string{0: "none", 1: "low", 32: "low", 33: "medium", 66: "medium", 67: "high", 100: "high"} {
		if got := EngagementLevel(score); got != want {
			t.Errorf("EngagementLevel(%d) = %q", score, got)
		}
	}
}

// TestEngagementScore: score = ROUND(100·p/(p+10)) half up with the
// default weights (open 1, click 3, visit 2), worked by hand.
func TestEngagementScore(t *testing.T) {
	w := DefaultEngagement
	for _, tc := range []struct {
		opens, clicks, visits int32
		points, score         int64
		level                 string
	}{
		{0, 0, 0, 0, 0, "none"},
		{1, 0, 0, 1, 9, "low"},       // 100/11 = 9.09
		{0, 1, 0, 3, 23, "low"},      // 300/13 = 23.08
		{4, 0, 0, 4, 29, "low"},      // 400/14 = 28.57
		{1, 0, 2, 5, 33, "medium"},   // 500/15 = 33.33
		{2, 1, 1, 7, 41, "medium"},   // 700/17 = 41.18
		{0, 0, 5, 10, 50, "medium"},  // half-way at Half points
		{19, 0, 0, 19, 66, "medium"}, // 1900/29 = 65.52
		{20, 0, 0, 20, 67, "high"},   // 2000/30 = 66.67
		{0, 0, 55, 110, 92, "high"},  // the demo's most engaged: 11000/120 = 91.67
		{0, 10000, 0, 30000, 100, "high"},
	} {
		c := &Customer{Opens: tc.opens, Clicks: tc.clicks, Visits: tc.visits}
		if p := w.Points(c); p != tc.points {
			t.Errorf("%+v: points %d, want %d", tc, p, tc.points)
		}
		s := w.Score(c)
		if s != tc.score || EngagementLevel(s) != tc.level {
			t.Errorf("%+v: score %d (%s), want %d (%s)", tc, s, EngagementLevel(s), tc.score, tc.level)
		}
	}
	// Half rounds up: 1 point with Half 1 is 50.
	if s := (EngagementWeights{Open: 1, Half: 1}).Score(&Customer{Opens: 1}); s != 50 {
		t.Errorf("half: %d", s)
	}
	// 1 point with Half 7: 100/8 = 12.5 -> 13 (half up).
	if s := (EngagementWeights{Open: 1, Half: 7}).Score(&Customer{Opens: 1}); s != 13 {
		t.Errorf("12.5: %d", s)
	}
}
