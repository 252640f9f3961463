package fx

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Names of the table, variable and setting this package reads.
const (
	TableName       = "fx_rates"
	Variable        = "reporting_currency"
	SettingName     = "reporting_currency"
	DefaultCurrency = "EUR"
)

// maxSpan bounds the days between the first and the last valid_from of
// fx_rates (a dense slice per currency spans them).
const maxSpan = 1 << 17

// Rate is one row of fx_rates: from day ValidFrom (days since 1970-01-01)
// one unit of Currency is worth Rate units of the table's base currency.
type Rate struct {
	Currency  string
	ValidFrom int64
	Rate      float64
}

// Table converts amounts into Reporting. The zero value is not usable;
// build one with New or Load.
//
// Invariants: every slice of rates has span entries, entry k holding the
// rate into Reporting on day lo+k (NaN when there is none); the last entry
// holds for every later day; the reporting currency has no index.
type Table struct {
	Reporting string
	lo        int64
	span      int64
	index     map[string]int
	names     []string
	rates     [][]float64
}

// MissingRateError is a line in a currency that has no rate on its day.
type MissingRateError struct {
	Currency, Reporting string
	Day                 int64
}

func (e *MissingRateError) Error() string {
	return fmt.Sprintf("no exchange rate for currency %s on %s into the reporting currency %s: add a row to fx_rates (currency, valid_from, rate) with valid_from on or before that day, or SET reporting_currency",
		e.Currency, time.Unix(e.Day*86400, 0).UTC().Format(time.DateOnly), e.Reporting)
}

// New builds the table of rates into reporting from the rows of fx_rates.
// Rates must be positive; currency names are compared without case.
func New(reporting string, rows []Rate) (*Table, error) {
	t := &Table{Reporting: normal(reporting), index: map[string]int{}}
	if t.Reporting == "" {
		t.Reporting = DefaultCurrency
	}
	by := map[string][]Rate{}
	for _, r := range rows {
		c := normal(r.Currency)
		if c == "" {
			return nil, fmt.Errorf("fx_rates: a row without a currency")
		}
		if !(r.Rate > 0) || math.IsInf(r.Rate, 0) {
			return nil, fmt.Errorf("fx_rates: rate %v of %s from %s is not a positive number", r.Rate, c, dayString(r.ValidFrom))
		}
		by[c] = append(by[c], r)
	}
	if len(rows) == 0 {
		return t, nil
	}
	hi := rows[0].ValidFrom
	t.lo = hi
	for _, r := range rows {
		t.lo, hi = min(t.lo, r.ValidFrom), max(hi, r.ValidFrom)
	}
	if t.span = hi - t.lo + 1; t.span > maxSpan {
		return nil, fmt.Errorf("fx_rates: valid_from days span %d days, at most %d", t.span, maxSpan)
	}
	base := t.dense(by[t.Reporting]) // nil: rates are already into the reporting currency
	names := make([]string, 0, len(by))
	for c := range by {
		if c != t.Reporting {
			names = append(names, c)
		}
	}
	slices.Sort(names)
	for _, c := range names {
		d := t.dense(by[c])
		for k := range d {
			if base != nil {
				d[k] /= base[k] // NaN stays NaN
			}
		}
		t.index[c] = len(t.names)
		t.names, t.rates = append(t.names, c), append(t.rates, d)
	}
	return t, nil
}

// dense lays one currency's rows out by day; nil for no rows.
func (t *Table) dense(rows []Rate) []float64 {
	if len(rows) == 0 {
		return nil
	}
	slices.SortFunc(rows, func(a, b Rate) int { return int(a.ValidFrom - b.ValidFrom) })
	d := make([]float64, t.span)
	next := 0
	cur := math.NaN()
	for k := range d {
		for next < len(rows) && rows[next].ValidFrom-t.lo <= int64(k) {
			cur = rows[next].Rate
			next++
		}
		d[k] = cur
	}
	return d
}

// Currencies returns the currencies with rates, reporting excluded.
func (t *Table) Currencies() []string { return t.names }

// Index returns the index of a currency: -1 for the reporting currency
// (and empty or NULL values), -2 for a currency fx_rates does not list.
func (t *Table) Index(cur []byte) int {
	cur = bytes.TrimSpace(cur)
	if len(cur) == 0 || bytes.EqualFold(cur, []byte(t.Reporting)) {
		return -1
	}
	if i, ok := t.index[string(cur)]; ok {
		return i
	}
	if i, ok := t.index[normal(string(cur))]; ok {
		return i
	}
	return -2
}

// RateOn is the rate of currency index ci on a day; NaN when there is
// none (ci = -2, or a day before the currency's first valid_from).
func (t *Table) RateOn(ci int, day int64) float64 {
	if ci == -1 {
		return 1
	}
	if ci < 0 {
		return math.NaN()
	}
	k := day - t.lo
	if k < 0 {
		return math.NaN()
	}
	return t.rates[ci][min(k, t.span-1)]
}

// Convert converts amt (scaled) of currency index ci on day into the
// reporting currency; name is only used for the error.
func (t *Table) Convert(ci int, day, amt int64, name []byte) (int64, error) {
	if ci == -1 {
		return amt, nil
	}
	r := t.RateOn(ci, day)
	if r != r {
		return 0, &MissingRateError{Currency: normal(string(name)), Reporting: t.Reporting, Day: day}
	}
	return int64(math.Round(float64(amt) * r)), nil
}

func normal(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func dayString(day int64) string { return time.Unix(day*86400, 0).UTC().Format(time.DateOnly) }
