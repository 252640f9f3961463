package clv

import (
	"fmt"
	"sort"
)

// Summary is one customer's purchase history over a calibration period, the
// input of the BG/NBD and Pareto/NBD models. All three fields are in the same
// time unit (weeks in the published CDNOW analyses).
//
// Invariants of a valid Summary: X ≥ 0 (an integer in practice), 0 ≤ Tx ≤ T,
// and Tx = 0 when X = 0.
type Summary struct {
	X  float64 // repeat transactions: customer-days after the first one
	Tx float64 // time of the last transaction, measured from the first
	T  float64 // age: time from the first transaction to the end of calibration
}

// validate reports why s is not a valid Summary, or nil.
func (s Summary) validate() error {
	switch {
	case !(s.X >= 0) || !(s.Tx >= 0) || !(s.T >= 0) ||
		isInf(s.X) || isInf(s.Tx) || isInf(s.T):
		return fmt.Errorf("%w: x=%g tx=%g T=%g must be finite and non-negative", ErrInvalidData, s.X, s.Tx, s.T)
	case s.Tx > s.T:
		return fmt.Errorf("%w: tx=%g is after T=%g", ErrInvalidData, s.Tx, s.T)
	case s.X == 0 && s.Tx != 0:
		return fmt.Errorf("%w: tx=%g with no repeat transactions", ErrInvalidData, s.Tx)
	}
	return nil
}

// CustomerSummary is the calibration summary of one customer as built by
// Summarize, plus what the same customer did after the calibration period
// (the holdout), which clv_evaluate compares predictions against.
type CustomerSummary struct {
	ID int64
	Summary
	// MeanValue is zbar: the mean value of the repeat transactions in the
	// calibration period, excluding the first transaction; 0 when X = 0.
	// It is the mbar that GammaGamma expects.
	MeanValue float64
	// HoldoutX and HoldoutValue count the transactions (customer-days) after
	// calibrationEnd and their total value.
	HoldoutX     float64
	HoldoutValue float64
}

// Summarize turns a customer's orders into calibration summaries, one per
// customer whose first order is on or before calibrationEnd, in ascending
// order of customer ID.
//
// The three slices are columns of one table of orders: customer, day number
// (any integer day count, e.g. days since 1970-01-01) and order value. They
// should be sorted by (customer, day) — the order in which the SQL layer reads
// them; unsorted input is sorted on a copy first, at extra cost. Summarize
// panics if the slices differ in length.
//
// Conventions (those of the published CDNOW analyses):
//   - a transaction is a customer-day: orders of one customer on one day merge
//     into one transaction whose value is their sum;
//   - the calibration period ends at the end of day calibrationEnd
//     (inclusive); later transactions go to HoldoutX and HoldoutValue;
//   - X counts calibration transactions after the first; Tx is the day of the
//     last one minus the day of the first; T is calibrationEnd minus the day
//     of the first; both are divided by unit, the number of days per model time
//     unit (7 for weeks, 1 for days).
func Summarize(customerIDs []int64, days []int64, values []float64, calibrationEnd int64, unit float64) []CustomerSummary {
	if len(customerIDs) != len(days) || len(days) != len(values) {
		panic(fmt.Sprintf("clv.Summarize: column lengths differ: %d ids, %d days, %d values",
			len(customerIDs), len(days), len(values)))
	}
	if !sortedByCustomerDay(customerIDs, days) {
		customerIDs, days, values = sortByCustomerDay(customerIDs, days, values)
	}
	var out []CustomerSummary
	for lo := 0; lo < len(customerIDs); {
		hi := lo + 1
		for hi < len(customerIDs) && customerIDs[hi] == customerIDs[lo] {
			hi++
		}
		if cs, ok := summarizeOne(customerIDs[lo], days[lo:hi], values[lo:hi], calibrationEnd, unit); ok {
			out = append(out, cs)
		}
		lo = hi
	}
	return out
}

// summarizeOne summarises one customer's orders, sorted by day. It reports
// false if the customer's first order is after calibrationEnd.
func summarizeOne(id int64, days []int64, values []float64, calibrationEnd int64, unit float64) (CustomerSummary, bool) {
	first := days[0]
	if first > calibrationEnd {
		return CustomerSummary{}, false
	}
	cs := CustomerSummary{ID: id}
	var repeatValue float64
	last := first
	for i := 0; i < len(days); {
		day, value := days[i], 0.0
		for ; i < len(days) && days[i] == day; i++ {
			value += values[i]
		}
		switch {
		case day == first:
			// The first transaction defines birth; its value is excluded from zbar.
		case day <= calibrationEnd:
			cs.X++
			repeatValue += value
			last = day
		default:
			cs.HoldoutX++
			cs.HoldoutValue += value
		}
	}
	cs.Tx = float64(last-first) / unit
	cs.T = float64(calibrationEnd-first) / unit
	if cs.X > 0 {
		cs.MeanValue = repeatValue / cs.X
	}
	return cs, true
}

func sortedByCustomerDay(ids, days []int64) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] < ids[i-1] || (ids[i] == ids[i-1] && days[i] < days[i-1]) {
			return false
		}
	}
	return true
}

// sortByCustomerDay returns sorted copies of the three columns.
func sortByCustomerDay(ids, days []int64, values []float64) ([]int64, []int64, []float64) {
	perm := make([]int, len(ids))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(i, j int) bool {
		a, b := perm[i], perm[j]
		if ids[a] != ids[b] {
			return ids[a] < ids[b]
		}
		return days[a] < days[b]
	})
	ids2, days2, values2 := make([]int64, len(ids)), make([]int64, len(ids)), make([]float64, len(ids))
	for i, p := range perm {
		ids2[i], days2[i], values2[i] = ids[p], days[p], values[p]
	}
	return ids2, days2, values2
}
