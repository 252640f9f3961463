package clv

import (
	"math"
	"reflect"
	"testing"
)

// TestSummarizeCDNOW rebuilds the published 39-week summaries from the raw
// transactions of the CDNOW sample: the convention the SQL layer uses must
// reproduce every customer's x, t_x, T and zbar (published rounded to 2
// decimals).
func TestSummarizeCDNOW(t *testing.T) {
	ids, days, values := loadSampleOrders(t)
	got := Summarize(ids, days, values, cdnowCalibrationEnd, 7)
	want := loadPublishedWithTransactions(t)
	plain := loadPublishedSummary(t)
	if len(got) != len(want) || len(got) != len(plain) {
		t.Fatalf("got %d customers, want %d (and %d)", len(got), len(want), len(plain))
	}
	const round = 0.005 + 1e-9 // half a unit in the last published decimal
	var repeat int
	for i, g := range got {
		w, p := want[i], plain[i]
		if g.ID != w.ID || g.ID != p.ID {
			t.Fatalf("customer %d: ID %d, want %d (%d)", i, g.ID, w.ID, p.ID)
		}
		if g.X != w.X || g.X != p.X ||
			math.Abs(g.Tx-w.Tx) > round || math.Abs(g.Tx-p.Tx) > round ||
			math.Abs(g.T-w.T) > round || math.Abs(g.T-p.T) > round ||
			math.Abs(g.MeanValue-w.Zbar) > round {
			t.Errorf("customer %d: got x=%g tx=%.4f T=%.4f zbar=%.4f; published %+v and %+v",
				g.ID, g.X, g.Tx, g.T, g.MeanValue, w, p.Summary)
		}
		if g.X > 0 {
			repeat++
		}
	}
	if repeat != 946 {
		t.Errorf("%d repeat customers, want 946", repeat)
	}
}

func TestSummarize(t *testing.T) {
	type order struct {
		id, day int64
		value   float64
	}
	tests := []struct {
		name   string
		orders []order
		end    int64
		unit   float64
		want   []CustomerSummary
	}{
		{name: "empty", want: nil, end: 10, unit: 1},
		{
			name:   "single order",
			orders: []order{{7, 3, 10}},
			end:    10, unit: 1,
			want: []CustomerSummary{{ID: 7, Summary: Summary{X: 0, Tx: 0, T: 7}}},
		},
		{
			name:   "same-day orders merge, first excluded from mean",
			orders: []order{{1, 0, 5}, {1, 0, 5}, {1, 7, 3}, {1, 7, 4}, {1, 14, 11}},
			end:    21, unit: 7,
			want: []CustomerSummary{{ID: 1, Summary: Summary{X: 2, Tx: 2, T: 3}, MeanValue: 9}},
		},
		{
			name:   "order on the end day is in calibration, later ones in holdout",
			orders: []order{{1, 0, 1}, {1, 10, 2}, {1, 11, 4}, {1, 11, 1}, {1, 30, 6}},
			end:    10, unit: 1,
			want: []CustomerSummary{{ID: 1, Summary: Summary{X: 1, Tx: 10, T: 10}, MeanValue: 2,
				HoldoutX: 2, HoldoutValue: 11}},
		},
		{
			name:   "customer first seen after the end is left out",
			orders: []order{{1, 2, 1}, {2, 11, 5}, {3, 5, 1}, {3, 6, 3}},
			end:    10, unit: 1,
			want: []CustomerSummary{
				{ID: 1, Summary: Summary{X: 0, Tx: 0, T: 8}},
				{ID: 3, Summary: Summary{X: 1, Tx: 1, T: 5}, MeanValue: 3},
			},
		},
		{
			name:   "unsorted input is sorted first",
			orders: []order{{3, 6, 3}, {1, 2, 1}, {3, 5, 1}, {1, 9, 2}},
			end:    10, unit: 1,
			want: []CustomerSummary{
				{ID: 1, Summary: Summary{X: 1, Tx: 7, T: 8}, MeanValue: 2},
				{ID: 3, Summary: Summary{X: 1, Tx: 1, T: 5}, MeanValue: 3},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ids, days []int64
			var values []float64
			for _, o := range tc.orders {
				ids, days, values = append(ids, o.id), append(days, o.day), append(values, o.value)
			}
			got := Summarize(ids, days, values, tc.end, tc.unit)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestSummarizePanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Summarize([]int64{1, 2}, []int64{1}, []float64{1, 2}, 10, 1)
}
