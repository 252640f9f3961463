package clv

import (
	"context"
	"errors"
	"testing"
)

// A fit or a scoring whose statement was stopped returns the context's
// error at once (KILL QUERY, max_execution_time), whatever the model.
func TestFitsStopWithTheirContext(t *testing.T) {
	var data []Summary
	for i := range 200 {
		data = append(data, Summary{X: float64(1 + i%5), Tx: float64(10 + i%20), T: 40}, Summary{X: 0, Tx: 0, T: 30 + float64(i%9)})
	}
	freq, avg := make([]float64, len(data)), make([]float64, len(data))
	for i, s := range data {
		if s.X > 0 {
			freq[i], avg[i] = s.X, 20+float64(i%7)
		}
	}
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
