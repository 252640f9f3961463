package clv

import (
	"cmp"
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Churn-risk bands by P(alive): low at or above ChurnLowPAlive, high
// below ChurnHighPAlive, medium between.
const (
	ChurnLowPAlive  = 0.7
	ChurnHighPAlive = 0.3
	// HighValueShare is the default share of customers flagged high_value:
	// the top 20 % by predicted CLV (the 80/20 rule); clv()'s
	// high_value_percent and the variable clv_high_value_percent change it.
	HighValueShare = 0.2
	// DaysPerYear converts horizons in days to the years of the discount.
	DaysPerYear = 365.0
	// PeriodsPerYear: CLV discounts monthly periods.
	PeriodsPerYear = 12
)

// Score is one customer's prediction, a row of clv().
type Score struct {
	CustomerSummary
	PAlive            float64
	ExpectedPurchases float64 // in the horizon
	ExpectedAvgValue  float64 // Gamma-Gamma E[M]
	CLV               float64 // discounted E[M] · purchases over the horizon
	Percentile        float64 // 100 · PERCENT_RANK of CLV (ascending; ties share)
	HighValue         bool    // among the top share by CLV (ties by customer id)
	ChurnRisk         string  // "low", "medium" or "high" by PAlive
}

// ScoreCustomers predicts, for each customer summary (in the model's time
// unit), the purchases and value over horizonDays, discounted monthly at
// the compound annualDiscount rate, and ranks the customers, flagging the
// top highValueShare (0 < share ≤ 1) as high value. Work is shared among
// the CPUs; results for identical histories are computed once.
func ScoreCustomers(f *Fitted, cs []CustomerSummary, horizonDays, annualDiscount, highValueShare float64) []Score {
	out, _ := ScoreCustomersContext(context.Background(), nil, f, cs, horizonDays, annualDiscount, highValueShare)
	return out
}

// ScoreCustomersContext is ScoreCustomers, stopped with ctx's error
// (unwrapped) once ctx is done: a long horizon costs a sum over every
// month of it per distinct history. The memo of each distinct history
// (memoEntryBytes) is charged to g (nil: nothing charged): with
// histories measured finely it holds one per customer.
func ScoreCustomersContext(ctx context.Context, g *sqlfn.Guard, f *Fitted, cs []CustomerSummary, horizonDays, annualDiscount, highValueShare float64) ([]Score, error) {
	out := make([]Score, len(cs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(cs)/4096))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(cs)/workers, (w+1)*len(cs)/workers
		fg := g.Fork()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = scoreRange(ctx, fg, f, cs[lo:hi], out[lo:hi], horizonDays, annualDiscount)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rank(out, highValueShare)
	return out, nil
}

// ifAlive is what depends on (x, T) only: expected and discounted
// purchases given that the customer is alive.
type ifAlive struct{ purchases, discounted float64 }

// scoreRange scores cs into out. Purchases given alive depend on x and T
// only, so they are computed once per distinct (x, T), a few thousand
// pairs for customers measured in days however many customers there are;
// each customer then costs one P(alive).
// memoEntryBytes is what one memo entry holds: its key, its value and
// the map's overhead.
const memoEntryBytes = 16 + 16 + sqlfn.MapEntryOverhead

func scoreRange(ctx context.Context, g *sqlfn.Guard, f *Fitted, cs []CustomerSummary, out []Score, horizonDays, annualDiscount float64) error {
	m, unit := f.Purchases(), f.UnitDays()
	years := horizonDays / DaysPerYear
	perPeriod := DaysPerYear / PeriodsPerYear / unit
	memo := make(map[[2]float64]ifAlive)
	for i, c := range cs {
		key := [2]float64{c.X, c.T}
		v, ok := memo[key]
		if !ok {
			if ctx.Err() != nil {
				return nil // the caller reports it
			}
			if err := g.Grow(memoEntryBytes); err != nil {
				return err
			}
			s := c.Summary
			expected := func(t float64) float64 { return m.ExpectedPurchasesIfAlive(t, s) }
			v = ifAlive{purchases: expected(horizonDays / unit),
				discounted: DiscountedPurchases(expected, years, PeriodsPerYear, annualDiscount, perPeriod)}
			memo[key] = v
		}
		alive := m.PAlive(c.Summary)
		value := f.Spend.ExpectedAvgValue(c.X, c.MeanValue)
		out[i] = Score{CustomerSummary: c, PAlive: alive, ExpectedPurchases: alive * v.purchases,
			ExpectedAvgValue: value, CLV: value * alive * v.discounted, ChurnRisk: churnRisk(alive)}
	}
	return nil
}

func churnRisk(pAlive float64) string {
	switch {
	case pAlive >= ChurnLowPAlive:
		return "low"
	case pAlive >= ChurnHighPAlive:
		return "medium"
	}
	return "high"
}

// rank sets Percentile (100 · PERCENT_RANK() OVER (ORDER BY CLV), NaN
// ranking lowest) and HighValue (the ⌈share · n⌉ highest CLVs, ties
// broken by smaller customer id).
func rank(s []Score, share float64) {
	n := len(s)
	if n == 0 {
		return
	}
	// Sort (CLV, −id) ascending, NaN lowest, on a compact copy.
	type entry struct {
		clv float64
		id  int64
		i   int
	}
	idx := make([]entry, n)
	for i := range s {
		c := s[i].CLV
		if math.IsNaN(c) {
			c = math.Inf(-1)
		}
		idx[i] = entry{c, s[i].ID, i}
	}
	slices.SortFunc(idx, func(a, b entry) int {
		if a.clv != b.clv {
			return cmp.Compare(a.clv, b.clv)
		}
		return cmp.Compare(b.id, a.id)
	})
	for pos := 0; pos < n; {
		end := pos
		for end < n && idx[end].clv == idx[pos].clv {
			end++
		}
		pr := 0.0
		if n > 1 {
			pr = 100 * float64(pos) / float64(n-1)
		}
		for _, e := range idx[pos:end] {
			s[e.i].Percentile = pr
		}
		pos = end
	}
	top := min(n, int(math.Ceil(share*float64(n)-1e-9)))
	for _, e := range idx[n-top:] {
		s[e.i].HighValue = true
	}
}
