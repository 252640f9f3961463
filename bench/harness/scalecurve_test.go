package harness

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGrowth(t *testing.T) {
	cases := []struct {
		a, b           float64
		linesA, linesB int64
		want           float64
	}{
		{1, 10, 1e6, 1e7, 10},            // linear over exactly 10×
		{1, 100, 1e6, 1e7, 100},          // quadratic
		{2, 20, 1e6, 1e8, math.Sqrt(10)}, // 10× over 100×: √10 per 10×
		{1, 10.5, 1e6, 10.5e6, 10},       // linear over 10.5×: 10 per 10×
		{1, 1, 1e6, 1e7, 1},              // flat
		{0, 5, 1e6, 1e7, 0},              // unknown
		{1, 5, 1e7, 1e6, 0},              // not growing data
	}
	for _, c := range cases {
		if got := Growth(c.a, c.b, c.linesA, c.linesB); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Growth(%v, %v, %d, %d) = %v, want %v", c.a, c.b, c.linesA, c.linesB, got, c.want)
		}
	}
}

func TestLinearMet(t *testing.T) {
	cases := []struct {
		wall, cpu []float64
		want      string
	}{
		{[]float64{10.2, 10.9}, []float64{9, 9}, "yes (CPU time)"},
		{[]float64{10.2, 14}, []float64{9, 10.8}, "yes (CPU time)"},
		{[]float64{7, 7}, []float64{9, 34}, "no (CPU time)"}, // wall within, CPU not
		{[]float64{12, 14}, []float64{0, 0}, "no"},           // no CPU time: wall
		{[]float64{0, 0}, nil, "n/a"},
		{[]float64{0, 10}, nil, "yes"}, // an unknown growth is not judged
	}
	for _, c := range cases {
		if got := linearMet(nil, c.wall, c.cpu); got != c.want {
			t.Errorf("linearMet(%v, %v) = %q, want %q", c.wall, c.cpu, got, c.want)
		}
	}
}

func TestBudgetMet(t *testing.T) {
	peak := func(p CurvePoint) int64 { return p.PeakQueries }
	pts := func(peaks ...int64) []CurvePoint {
		var ps []CurvePoint
		for i, n := range peaks {
			ps = append(ps, CurvePoint{Scale: "S" + string(rune('1'+i)), PeakQueries: n, Budget: 100})
		}
		return ps
	}
	cases := []struct {
		ps   []CurvePoint
		want string
	}{
		{pts(10, 50, 100), "yes"},
		{pts(10, 101, 50), "no (S2)"},
		{pts(0, 0), "n/a"},
	}
	for _, c := range cases {
		if got := budgetMet(peak)(c.ps, nil, nil); got != c.want {
			t.Errorf("budgetMet(%v) = %q, want %q", c.ps, got, c.want)
		}
	}
}

// TestUpdateCurve writes two scales' points one run at a time, as
// -scale-curve does, and checks both are kept (the second run's file
// holds the first's point) and the growth between them is shown.
func TestUpdateCurve(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	if err := os.WriteFile(path, []byte(resultsHeader+"\n<!-- begin S1 -->\nkept\n<!-- end S1 -->\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s1 := CurvePoint{Scale: "S1", Lines: 1_000_000, Load: time.Second, LoadCPU: time.Second, Budget: 1 << 30, PeakLoad: 100 << 20,
		Queries: map[string]CurveTime{"Q1": {Wall: 100 * time.Millisecond, CPU: 100 * time.Millisecond, Runs: 5}}}
	s2 := CurvePoint{Scale: "S2", Lines: 10_000_000, Load: 12 * time.Second, LoadCPU: 10 * time.Second, Budget: 1 << 30, PeakLoad: 2 << 30,
		Queries: map[string]CurveTime{"Q1": {Wall: 2 * time.Second, CPU: 900 * time.Millisecond, Runs: 1}}}
	for _, p := range []CurvePoint{s2, s1} {
		if err := UpdateCurve(path, p); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	pts, err := ReadCurve(text)
	if err != nil || len(pts) != 2 || pts["S2"].Load != 12*time.Second || pts["S1"].Queries["Q1"].Wall != 100*time.Millisecond {
		t.Fatalf("points read back: %+v, %v", pts, err)
	}
	for _, want := range []string{
		"kept",
		"|  | S1 | S2 | S1→S2 per 10× | target | met |",
		"| load orders.csv (LOAD DATA LOCAL INFILE) | 1000 ms (CPU 1000 ms) | 12000 ms (CPU 10000 ms) | 12.0× / CPU 10.0× | ≤ 11× per 10× | yes (CPU time) |",
		"| peak server RSS, loading | 100 MiB | 2048 MiB | 20.5× | under the budget | no (S2) |",
		"| 100 ms (CPU 100 ms) (5) | 2000 ms (CPU 900 ms) (1) | 20.0× / CPU 9.0× | ≤ 11× per 10× | yes (CPU time) |",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, text)
		}
	}
}
