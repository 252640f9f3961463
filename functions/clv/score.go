package clv

import (
	"math"
	"runtime"
	"sort"
	"sync"
)

// Churn-risk bands by P(alive): low at or above ChurnLowPAlive, high
// below ChurnHighPAlive, medium between.
const (
	ChurnLowPAlive  = 0.7
	ChurnHighPAlive = 0.3
	// HighValueShare is the share of customers flagged high_value: the top
	// 20 % by predicted CLV (the 80/20 rule).
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
	HighValue         bool    // among the top HighValueShare by CLV (ties by customer id)
	ChurnRisk         string  // "low", "medium" or "high" by PAlive
}

// ScoreCustomers predicts, for each customer summary (in the model's time
// unit), the purchases and value over horizonDays, discounted monthly at
// the compound annualDiscount rate, and ranks the customers. Work is
// shared among the CPUs; results for identical histories are computed once.
func ScoreCustomers(f *Fitted, cs []CustomerSummary, horizonDays, annualDiscount float64) []Score {
	out := make([]Score, len(cs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(cs)/4096))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(cs)/workers, (w+1)*len(cs)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			scoreRange(f, cs[lo:hi], out[lo:hi], horizonDays, annualDiscount)
		}()
	}
	wg.Wait()
	rank(out)
	return out
}

// cached is what depends only on (x, tx, T).
type cached struct{ alive, purchases, discounted float64 }

// scoreRange scores cs into out.
func scoreRange(f *Fitted, cs []CustomerSummary, out []Score, horizonDays, annualDiscount float64) {
	m, unit := f.Purchases(), f.UnitDays()
	years := horizonDays / DaysPerYear
	perPeriod := DaysPerYear / PeriodsPerYear / unit
	memo := make(map[Summary]cached)
	for i, c := range cs {
		v, ok := memo[c.Summary]
		if !ok {
			v.alive = m.PAlive(c.Summary)
			v.purchases = m.ExpectedPurchases(horizonDays/unit, c.Summary)
			v.discounted = DiscountedPurchases(m, c.Summary, years, PeriodsPerYear, annualDiscount, perPeriod)
			memo[c.Summary] = v
		}
		value := f.Spend.ExpectedAvgValue(c.X, c.MeanValue)
		out[i] = Score{CustomerSummary: c, PAlive: v.alive, ExpectedPurchases: v.purchases,
			ExpectedAvgValue: value, CLV: value * v.discounted, ChurnRisk: churnRisk(v.alive)}
	}
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
// ranking lowest) and HighValue (the ⌈HighValueShare · n⌉ highest CLVs,
// ties broken by smaller customer id).
func rank(s []Score) {
	n := len(s)
	if n == 0 {
		return
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) float64 {
		if math.IsNaN(s[i].CLV) {
			return math.Inf(-1)
		}
		return s[i].CLV
	}
	sort.Slice(idx, func(a, b int) bool {
		ka, kb := key(idx[a]), key(idx[b])
		if ka != kb {
			return ka < kb
		}
		return s[idx[a]].ID > s[idx[b]].ID
	})
	for pos := 0; pos < n; {
		end := pos
		for end < n && key(idx[end]) == key(idx[pos]) {
			end++
		}
		pr := 0.0
		if n > 1 {
			pr = 100 * float64(pos) / float64(n-1)
		}
		for _, i := range idx[pos:end] {
			s[i].Percentile = pr
		}
		pos = end
	}
	top := int(math.Ceil(HighValueShare*float64(n) - 1e-9))
	for _, i := range idx[n-top:] {
		s[i].HighValue = true
	}
}
