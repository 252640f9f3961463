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
		{"one past active", 1, 31, StageFirstTime, StatusAtRisk},
		{"one at the lapsed edge", 1, 90, StageFirstTime, StatusAtRisk},
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
	iv := make([]int64, 100)
	for i := range iv {
		iv[i] = int64(i + 1)
	}
	if got := DeriveWindows(iv); got != (Windows{80, 95}) {
		t.Fatalf("got %+v", got)
	}
	if got := DeriveWindows(nil); got != fallbackWindows {
		t.Fatalf("empty: %+v", got)
	}
}

func TestTiers(t *testing.T) {
	for orders, want := range map[int32]string{0: "0", 1: "1", 2: "2", 3: "3-4", 4: "3-4", 5: "5+", 250: "5+"} {
		if got := FrequencyTier(orders); got != want {
			t.Errorf("FrequencyTier(%d) = %q", orders, got)
		}
	}
	for score, want := range map[int64]string{0: "none", 1: "low", 4: "low", 5: "medium", 19: "medium", 20: "high"} {
		if got := EngagementLevel(score); got != want {
			t.Errorf("EngagementLevel(%d) = %q", score, got)
		}
	}
}
