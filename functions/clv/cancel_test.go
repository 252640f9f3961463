package clv

import (
	"context"
	"errors"
	"testing"

	"github.com/cohortdb/cohortdb/functions/sqlfn/stoptest"
)

// A fit or a scoring whose statement was stopped returns the context's
// error at once (KILL QUERY, max_execution_time), whatever the model.
func TestFitsStopWithTheirContext(t *testing.T) {
	data, freq, avg := stopFixture(200)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fits := []struct {
		name string
		fit  func() error
	}{
		{"BG/NBD", func() error { _, _, err := fitBGNBD(ctx, data); return err }},
		{"MBG/NBD", func() error { _, _, err := fitMBGNBD(ctx, data); return err }},
		{"Pareto/NBD", func() error { _, _, err := fitParetoNBD(ctx, data); return err }},
		{"Gamma-Gamma", func() error { _, _, err := fitGammaGamma(ctx, freq, avg); return err }},
	}
	for _, f := range fits {
		if err := f.fit(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want context.Canceled", f.name, err)
		}
	}
	// The same data fits without the cancellation (the checks cost nothing).
	if _, _, err := fitBGNBD(context.Background(), data); err != nil {
		t.Fatalf("BG/NBD: %v", err)
	}
	if got := fitError("clv_fit", errors.Join(errors.New("Pareto/NBD"), context.Canceled)); got != context.Canceled {
		t.Fatalf("fitError of a cancelled fit = %v, want context.Canceled unwrapped", got)
	}
}

// maxLateLooks bounds the looks at its context a fit makes after the one
// that found its statement stopped: the likelihood evaluation under way
// ends and the optimiser returns (a finite-difference gradient skips the
// evaluations it has left), instead of iterating on.
const maxLateLooks = 8

// TestFitsStopMidLoop stops each model's fit in the middle of its
// iterations, as KILL QUERY arriving while clv_fit or clv_evaluate runs,
// with no clock: the whole fit's looks at its context are counted, then
// the fit runs again cancelled at looks spread over that count and must
// return context.Canceled within maxLateLooks further looks.
func TestFitsStopMidLoop(t *testing.T) {
	data, freq, avg := stopFixture(60)
	fits := []struct {
		name string
		fit  func(ctx context.Context) error
		// trips, when set, are the looks to stop at instead of looks
		// spread over a whole fit (a whole Pareto/NBD fit takes seconds;
		// it makes about 2,800 looks on this data).
		trips []int64
	}{
		{name: "BG/NBD", fit: func(ctx context.Context) error { _, _, err := fitBGNBD(ctx, data); return err }},
		{name: "MBG/NBD", fit: func(ctx context.Context) error { _, _, err := fitMBGNBD(ctx, data); return err }},
		{name: "Pareto/NBD", fit: func(ctx context.Context) error { _, _, err := fitParetoNBD(ctx, data); return err }, trips: []int64{1, 40, 400}},
		{name: "Gamma-Gamma", fit: func(ctx context.Context) error { _, _, err := fitGammaGamma(ctx, freq, avg); return err }},
	}
	for _, f := range fits {
		trips, total := f.trips, int64(0)
		if trips == nil {
			count := stoptest.After(0)
			if err := f.fit(count); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			if total = count.Checks(); total < 10 {
				t.Fatalf("%s looks at its context %d times in a whole fit: not within its iterations", f.name, total)
			}
			trips = stoptest.TripPoints(total, 4)
		}
		for _, trip := range trips {
			ctx := stoptest.After(trip)
			err := f.fit(ctx)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s stopped at look %d of %d: %v, want context.Canceled", f.name, trip, total, err)
			}
			if late := ctx.Late(); late > maxLateLooks {
				t.Errorf("%s stopped at look %d of %d looked %d more times before returning, want at most %d", f.name, trip, total, late, maxLateLooks)
			}
		}
	}
}

// stopFixture is 2n customers (half repeat buyers, half one-off) and the
// repeat buyers' order counts and average values, for the stop tests.
func stopFixture(n int) (data []Summary, freq, avg []float64) {
	for i := range n {
		data = append(data, Summary{X: float64(1 + i%5), Tx: float64(10 + i%20), T: 40}, Summary{X: 0, Tx: 0, T: 30 + float64(i%9)})
	}
	freq, avg = make([]float64, len(data)), make([]float64, len(data))
	for i, s := range data {
		if s.X > 0 {
			freq[i], avg[i] = s.X, 20+float64(i%7)
		}
	}
	return data, freq, avg
}
