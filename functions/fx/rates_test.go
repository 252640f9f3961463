package fx

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/contract/read"
)

func day(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Unix() / 86400
}

// rows are rates into EUR: SEK 0.09 from January 2024, 0.10 from
// February; USD 0.90 from January.
var rows = []Rate{
	{"SEK", day("2024-02-01"), 0.10},
	{"sek", day("2024-01-01"), 0.09},
	{"USD", day("2024-01-01"), 0.90},
}

// TestConvert checks hand-worked conversions: amounts are cents, the rate
// in force on the order day applies, rounding is half away from zero.
func TestConvert(t *testing.T) {
	for _, c := range []struct {
		reporting, cur, on string
		amt, want          int64
		missing            bool
	}{
		{"EUR", "EUR", "2020-01-01", 12345, 12345, false}, // reporting currency: never multiplied, no rate needed
		{"EUR", "SEK", "2024-01-15", 1000, 90, false},     // 10.00 SEK × 0.09
		{"EUR", "SEK", "2024-01-31", 1005, 90, false},     // 90.45 → 90
		{"EUR", "SEK", "2024-01-31", 1050, 95, false},     // 94.5 → 95 (half away from zero)
		{"EUR", "SEK", "2024-01-31", -1050, -95, false},   // a negative amount rounds away from zero too
		{"EUR", "SEK", "2024-02-01", 1000, 100, false},    // the new rate from its first day
		{"EUR", "SEK", "2026-06-30", 1000, 100, false},    // the last rate holds on
		{"EUR", "sek", "2024-02-01", 1000, 100, false},    // case-insensitive
		{"EUR", "SEK", "2023-12-31", 1000, 0, true},       // before the first rate
		{"EUR", "PLN", "2024-02-01", 1000, 0, true},       // no rate at all
		{"USD", "SEK", "2024-02-01", 900, 100, false},     // through EUR: 9.00 SEK × 0.10 / 0.90 = 1.00 USD
		{"USD", "USD", "2024-02-01", 900, 900, false},
		{"USD", "EUR", "2024-02-01", 900, 0, true}, // EUR has no row: no rate into USD
	} {
		tb, err := New(c.reporting, rows)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tb.Convert(tb.Index([]byte(c.cur)), day(c.on), c.amt, []byte(c.cur))
		var me *MissingRateError
		if c.missing {
			if !errors.As(err, &me) || !strings.Contains(err.Error(), strings.ToUpper(c.cur)) || !strings.Contains(err.Error(), c.on) {
				t.Errorf("%s %s on %s: got %d, %v; want an error naming the currency and day", c.reporting, c.cur, c.on, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %d %s on %s = %d, %v; want %d", c.reporting, c.amt, c.cur, c.on, got, err, c.want)
		}
	}
}

func TestNewRejectsBadRates(t *testing.T) {
	for _, r := range [][]Rate{
		{{"SEK", 0, 0}},
		{{"SEK", 0, -1}},
		{{"SEK", 0, math.Inf(1)}},
		{{"", 0, 1}},
		{{"SEK", 0, 1}, {"SEK", maxSpan + 1, 1}},
	} {
		if _, err := New("EUR", r); err == nil {
			t.Errorf("New(%v) accepted", r)
		}
	}
}

// TestConverterDictionary converts a dictionary-encoded currency column:
// codes are classified once per batch, and a batch of reporting-currency
// lines is recognised as needing no conversion.
func TestConverterDictionary(t *testing.T) {
	tb, err := New("EUR", rows)
	if err != nil {
		t.Fatal(err)
	}
	dict := func(vals []string, codes []uint32) *read.Vector {
		v := &read.Vector{Kind: read.KindBytes, N: len(codes), Codes: codes, Offsets: []uint32{0}}
		for _, s := range vals {
			v.Data = append(v.Data, s...)
			v.Offsets = append(v.Offsets, uint32(len(v.Data)))
		}
		return v
	}
	var c Converter
	c.Reset(tb, dict([]string{"EUR"}, []uint32{0, 0}))
	if !c.Same() {
		t.Fatal("an all-EUR batch needs no conversion")
	}
	c.Reset(tb, dict([]string{"EUR", "SEK"}, []uint32{1, 0, 1}))
	if c.Same() {
		t.Fatal("a batch with SEK needs conversion")
	}
	d := day("2024-03-01")
	for i, want := range []int64{100, 1000, 100} {
		if got, err := c.Amount(i, d, 1000); err != nil || got != want {
			t.Errorf("line %d: %d, %v; want %d", i, got, err, want)
		}
	}
	v := dict([]string{"EUR", "SEK"}, []uint32{1, 0, 1})
	if n := testing.AllocsPerRun(100, func() {
		c.Reset(tb, v)
		for i := range 3 {
			c.Amount(i, d, 1000)
		}
	}); n != 0 {
		t.Errorf("%v allocations per batch, want 0", n)
	}
}
