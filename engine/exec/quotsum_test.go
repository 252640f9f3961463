package exec

import (
	"math"
	"math/big"
	"testing"
)

// TestQuotient128 checks the 128-bit quotient, sum and rounding against
// math/big: truncation toward zero, negative operands, sums past 2^64,
// half away from zero, the int64's edge.
func TestQuotient128(t *testing.T) {
	pow := func(k int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil) }
	for _, c := range []struct{ a, b, k int64 }{
		{100, 119, 18}, {-100, 119, 18}, {100, -119, 18}, {-7, -3, 19},
		{math.MaxInt64, 1, 19}, {math.MinInt64 + 1, 7, 19}, {1, math.MaxInt64, 0}, {0, 5, 9},
	} {
		hi, lo := quotient128(c.a, c.b, uint64(pow(c.k).Int64()))
		if c.k == 19 {
			hi, lo = quotient128(c.a, c.b, 10000000000000000000)
		}
		got := new(big.Int).Lsh(big.NewInt(hi), 64)
		got.Add(got, new(big.Int).SetUint64(lo))
		want := new(big.Int).Quo(new(big.Int).Mul(big.NewInt(c.a), pow(c.k)), big.NewInt(c.b)) // Quo truncates
		if got.Cmp(want) != 0 {
			t.Errorf("%d*10^%d/%d = %s, want %s", c.a, c.k, c.b, got, want)
		}
	}
	a := &quotSumAcc{}
	a.resize(1)
	for range 3 { // past 2^64, then back below zero
		a.add(0, 0, math.MaxUint64)
	}
	a.add(0, -2, 5)
	want := new(big.Int).Mul(big.NewInt(3), new(big.Int).SetUint64(math.MaxUint64))
	want.Add(want, new(big.Int).Add(new(big.Int).Lsh(big.NewInt(-2), 64), big.NewInt(5)))
	got := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(a.hi[0]), 64), new(big.Int).SetUint64(a.lo[0]))
	if got.Cmp(want) != 0 {
		t.Errorf("sum %s, want %s", got, want)
	}
	for _, c := range []struct {
		hi   int64
		lo   uint64
		m    uint64
		want int64
		ok   bool
	}{
		{0, 15, 10, 2, true}, {0, 14, 10, 1, true}, {-1, math.MaxUint64 - 14, 10, -2, true}, // -15 -> -2
		{-1, math.MaxUint64 - 13, 10, -1, true}, {0, 7, 1, 7, true},
		{1, 0, 1, 0, false}, {0, math.MaxInt64, 1, math.MaxInt64, true}, {4, 0, 10, 7378697629483820646, true},
	} {
		got, ok := round128(c.hi, c.lo, c.m)
		if got != c.want || ok != c.ok {
			t.Errorf("round128(%d, %d, %d) = %d, %v; want %d, %v", c.hi, c.lo, c.m, got, ok, c.want, c.ok)
		}
	}
}
