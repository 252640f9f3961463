package gen

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// FxRatesFile is the exchange-rate table Generate writes beside the four
// shop tables (the canonical table fx_rates).
const FxRatesFile = "fx_rates.csv"

// FxRateColumns are fx_rates.csv's columns.
var FxRateColumns = []string{"currency", "valid_from", "rate"}

// writeFxRates writes a monthly rate into EUR for every currency the shop
// charges (EUR itself at 1, so that another reporting currency can be
// reached through it), from the first month of history to cfg.End: the
// rate of an order is the row of its currency and month. A
// rate moves by up to ±2% around the fixed rate prices are converted at
// (countries), a smooth seasonal wobble per currency: realistic enough
// that converted revenue is not exactly the EUR list price.
func writeFxRates(w io.Writer, cfg Config) (int64, error) {
	if w == nil {
		return 0, nil
	}
	base := map[string]float64{}
	for _, c := range countries {
		base[c.currency] = c.rate
	}
	names := make([]string, 0, len(base))
	for c := range base {
		names = append(names, c)
	}
	slices.Sort(names)
	start := newCalendar(cfg.End).start
	first := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	var rows int64
	if _, err := fmt.Fprintln(w, "currency,valid_from,rate"); err != nil {
		return 0, err
	}
	for k, name := range names {
		for m, t := 0, first; !t.After(cfg.End); m, t = m+1, t.AddDate(0, 1, 0) {
			rate := 1.0
			if name != "EUR" {
				wobble := 0.02 * math.Sin(2*math.Pi*float64(m)/12+float64(k))
				rate = (1 + wobble) / base[name]
			}
			if _, err := fmt.Fprintf(w, "%s,%s,%.8f\n", name, t.Format(time.DateOnly), rate); err != nil {
				return rows, err
			}
			rows++
		}
	}
	return rows, nil
}
