package encoding

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func floatCases() map[string][]float64 {
	rng := rand.New(rand.NewPCG(7, 8))
	nan := math.NaN()
	oddNaN := math.Float64frombits(0x7ff8_0000_dead_beef)
	negZero := math.Copysign(0, -1)
	cases := map[string][]float64{
		"empty":        {},
		"one":          {3.25},
		"all equal":    slices.Repeat([]float64{0.1}, 1000),
		"all NaN":      slices.Repeat([]float64{oddNaN}, 10),
		"mixed NaN":    {nan, oddNaN, nan},
		"specials":     {nan, math.Inf(1), math.Inf(-1), negZero, 0, math.MaxFloat64, math.SmallestNonzeroFloat64, -math.MaxFloat64},
		"neg zero":     {negZero, negZero, 0},
		"integers":     {1, 2, 3, -4, 1e15, 0},
		"prices":       {},
		"random":       {},
		"integral big": {math.Ldexp(1, 53), -math.Ldexp(1, 53), 1},
		"beyond 2^53":  {math.Ldexp(1, 54) + 2, 1},
		"decimal+NaN":  {1.5, 2.25, nan},
		"tiny":         {1e-7, 2e-7},
	}
	for range 3000 {
		cases["prices"] = append(cases["prices"], float64(rng.IntN(100000))/100)
		cases["random"] = append(cases["random"], rng.NormFloat64()*1e6)
	}
	return cases
}

func floatsBitEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func TestFloatsRoundTrip(t *testing.T) {
	for name, want := range floatCases() {
		t.Run(name, func(t *testing.T) {
			block := AppendFloats([]byte{1}, want)[1:]
			got, err := DecodeFloats(nil, block)
			if err != nil {
				t.Fatalf("decode (%s): %v", scheme(block[0]), err)
			}
			if !floatsBitEqual(got, want) {
				t.Fatalf("%s: got %v, want %v", scheme(block[0]), head(got), head(want))
			}
			if len(want) > 0 && len(block) > 8*len(want)+1+uvarintLen(uint64(len(want))) {
				t.Fatalf("%s: %d bytes for %d values is worse than raw", scheme(block[0]), len(block), len(want))
			}
			buf := make([]float64, 0, len(want))
			got, err = DecodeFloats(buf, block)
			if err != nil || !floatsBitEqual(got, want) || (len(want) > 0 && &got[0] != &buf[:1][0]) {
				t.Fatalf("decode into buffer: %v", err)
			}
		})
	}
}

func TestFloatsScheme(t *testing.T) {
	cases := floatCases()
	tests := []struct {
		name string
		want scheme
	}{
		{"all equal", schemeFloatsConst},
		{"all NaN", schemeFloatsConst},
		{"prices", schemeFloatsDecimal},
		{"integers", schemeFloatsDecimal},
		{"random", schemeFloatsRaw},
		{"specials", schemeFloatsRaw},
		{"neg zero", schemeFloatsRaw},
		{"empty", schemeFloatsRaw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block := AppendFloats(nil, cases[tt.name])
			if got := scheme(block[0]); got != tt.want {
				t.Fatalf("scheme = %s, want %s", got, tt.want)
			}
		})
	}
	if b := AppendFloats(nil, cases["prices"]); len(b) > 3*len(cases["prices"]) {
		t.Errorf("prices take %d bytes for %d values", len(b), len(cases["prices"]))
	}
}

func TestFloatsTruncated(t *testing.T) {
	for name, vals := range floatCases() {
		block := AppendFloats(nil, vals)
		for _, i := range prefixLens(len(block)) {
			if _, err := DecodeFloats(nil, block[:i]); err == nil {
				t.Fatalf("%s: prefix %d/%d of %s block decoded without error", name, i, len(block), scheme(block[0]))
			}
		}
		if _, err := DecodeFloats(nil, append(slices.Clone(block), 0)); err == nil {
			t.Fatalf("%s: trailing byte accepted", name)
		}
	}
}

func TestFloatsCorrupt(t *testing.T) {
	tests := []struct {
		name  string
		block []byte
	}{
		{"empty", nil},
		{"ints block", AppendInts(nil, []int64{1, 2})},
		{"huge count", appendHeaderUnchecked(schemeFloatsConst, MaxBlockLen+1)},
		{"const empty", append(appendHeaderUnchecked(schemeFloatsConst, 0), make([]byte, 8)...)},
		{"raw short", append(appendHeaderUnchecked(schemeFloatsRaw, 3), make([]byte, 16)...)},
		{"decimal scale", append(appendHeaderUnchecked(schemeFloatsDecimal, 1), 7, byte(schemeIntsConst), 1, 2)},
		{"decimal count mismatch", append(appendHeaderUnchecked(schemeFloatsDecimal, 2), 1, byte(schemeIntsConst), 1, 2)},
		{"decimal nested floats", append(appendHeaderUnchecked(schemeFloatsDecimal, 1), append([]byte{0}, AppendFloats(nil, []float64{1})...)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := DecodeFloats(nil, tt.block); err == nil || len(got) != 0 {
				t.Fatalf("got %v, %v; want error", got, err)
			}
		})
	}
}
