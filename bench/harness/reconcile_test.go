package harness

import "testing"

// TestReconcileCLVRanks: percentiles and high_value may differ only where
// CLVs are equal within float noise.
func TestReconcileCLVRanks(t *testing.T) {
	num := func(v float64) Cell { return Cell{Num: v, IsNum: true} }
	row := func(id float64, clv, pct, high float64) []Cell {
		return []Cell{num(id), num(clv), num(pct), num(high)} // ids are numbers, as the drivers return them
	}
	cols := []string{"customer_id", "predicted_clv", "clv_percentile", "high_value"}
	want := Result{Columns: cols, Rows: [][]Cell{
		row(1, 10, 0, 0), row(2, 20, 25, 0), row(3, 20+1e-12, 50, 0), row(4, 30, 75, 0), row(5, 40, 100, 1),
	}}
	got := Result{Columns: cols, Rows: [][]Cell{
		row(1, 10, 25, 0),       // no near-tie: stays different
		row(2, 20+2e-12, 50, 0), // near-tie with 3: reconciled
		row(3, 20, 25, 0),       // likewise
		row(4, 30, 75, 0),
		row(5, 40, 100, 1),
	}}
	reconcileCLVRanks(&want, &got)
	if got.Rows[1][2].Num != 25 || got.Rows[2][2].Num != 50 {
		t.Fatalf("near-ties not reconciled: %v %v", got.Rows[1], got.Rows[2])
	}
	if got.Rows[0][2].Num != 25 {
		t.Fatalf("a real difference was hidden: %v", got.Rows[0])
	}
	if d := DiffTol(want, got, 1e-6); d == "" {
		t.Fatal("DiffTol no longer sees the real difference")
	}
}
