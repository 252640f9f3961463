package encoding

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func intCases() map[string][]int64 {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := map[string][]int64{
		"empty":         {},
		"one":           {42},
		"one min":       {math.MinInt64},
		"all equal":     slices.Repeat([]int64{-7}, 1000),
		"all zero":      make([]int64, 100),
		"min max":       {math.MinInt64, math.MaxInt64},
		"max min":       {math.MaxInt64, math.MinInt64, math.MaxInt64},
		"extremes":      {0, math.MinInt64, -1, math.MaxInt64, 1, math.MinInt64 + 1, math.MaxInt64 - 1},
		"negative":      {-1, -5, -100, -3, -1 << 40},
		"small":         {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5},
		"sorted":        {},
		"reverse":       {},
		"stride":        {},
		"random":        {},
		"random small":  {},
		"near sorted":   {},
		"wrap deltas":   {},
		"two values":    {},
		"dates":         {},
		"unix millis":   {},
		"huge negative": {},
	}
	for i := range 5000 {
		cases["sorted"] = append(cases["sorted"], int64(i*i/7))
		cases["reverse"] = append(cases["reverse"], int64(1e12-i*3))
		cases["stride"] = append(cases["stride"], int64(100+i*10))
		cases["random"] = append(cases["random"], int64(rng.Uint64()))
		cases["random small"] = append(cases["random small"], rng.Int64N(1000)-500)
		cases["near sorted"] = append(cases["near sorted"], int64(i*100)+rng.Int64N(50))
		cases["wrap deltas"] = append(cases["wrap deltas"], []int64{math.MaxInt64, math.MinInt64}[i%2]^int64(i))
		cases["two values"] = append(cases["two values"], int64(i%2)*1e15)
		cases["dates"] = append(cases["dates"], 19000+int64(i/10))
		cases["unix millis"] = append(cases["unix millis"], 1.7e12+int64(i)*1000+rng.Int64N(1000))
		cases["huge negative"] = append(cases["huge negative"], math.MinInt64+rng.Int64N(1<<20))
	}
	// Every bit width for both packed schemes.
	for w := 0; w <= 64; w++ {
		span := uint64(1)<<w - 1
		if w == 64 {
			span = math.MaxUint64
		}
		lo := int64(-3)
		vals := []int64{lo, int64(uint64(lo) + span), int64(uint64(lo) + span/2), lo}
		cases[fmt.Sprintf("for width %02d", w)] = vals
		step := make([]int64, 20)
		for i := range step {
			step[i] = int64(uint64(i) * (span / 2))
		}
		cases[fmt.Sprintf("delta width %02d", w)] = step
	}
	return cases
}

func TestIntsRoundTrip(t *testing.T) {
	for name, want := range intCases() {
		t.Run(name, func(t *testing.T) {
			prefix := []byte{0xAA, 0xBB}
			block := AppendInts(slices.Clone(prefix), want)
			if !bytes.Equal(block[:2], prefix) {
				t.Fatalf("prefix clobbered")
			}
			block = block[2:]
			got, err := DecodeInts(nil, block)
			if err != nil {
				t.Fatalf("decode (%s): %v", scheme(block[0]), err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: got %v, want %v", scheme(block[0]), head(got), head(want))
			}
			if n, err := Count(block); err != nil || n != len(want) {
				t.Fatalf("Count = %d, %v; want %d", n, err, len(want))
			}
			if len(want) > 0 && len(block) > 8*len(want)+1+uvarintLen(uint64(len(want))) {
				t.Fatalf("%s: %d bytes for %d values is worse than raw", scheme(block[0]), len(block), len(want))
			}
			// Decoding into a dirty, larger buffer reuses it.
			buf := make([]int64, len(want)+10)
			for i := range buf {
				buf[i] = 99
			}
			got, err = DecodeInts(buf, block)
			if err != nil || !slices.Equal(got, want) || (len(want) > 0 && &got[0] != &buf[0]) {
				t.Fatalf("decode into buffer: %v, reused=%v", err, len(want) == 0 || &got[0] == &buf[0])
			}
		})
	}
}

func head[T any](s []T) []T { return s[:min(len(s), 8)] }

func TestIntsScheme(t *testing.T) {
	dates := make([]int64, 1<<16)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range dates {
		dates[i] = 19000 + int64(i)*1000/int64(len(dates))
	}
	shuffled := slices.Clone(dates)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	ids := make([]int64, 1<<16)
	for i := range ids {
		ids[i] = 1e15 + int64(i)*3 + rng.Int64N(3)
	}
	random := make([]int64, 1<<10)
	for i := range random {
		random[i] = int64(rng.Uint64())
	}
	tests := []struct {
		name          string
		src           []int64
		want          scheme
		maxBytesPerKV float64 // max encoded bytes per 1000 values
	}{
		{"constant", slices.Repeat([]int64{1e18}, 1<<16), schemeIntsConst, 0.2},
		{"sorted dates", dates, schemeIntsDelta, 2000},
		{"shuffled dates", shuffled, schemeIntsFOR, 1300},
		{"sorted ids", ids, schemeIntsDelta, 510},
		{"random", random, schemeIntsRaw, 8010},
		{"empty", nil, schemeIntsRaw, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block := AppendInts(nil, tt.src)
			if got := scheme(block[0]); got != tt.want {
				t.Errorf("scheme = %s, want %s", got, tt.want)
			}
			if len(tt.src) > 0 {
				per := float64(len(block)) * 1000 / float64(len(tt.src))
				if per > tt.maxBytesPerKV {
					t.Errorf("%.1f bytes per 1000 values, want <= %.1f", per, tt.maxBytesPerKV)
				}
			}
		})
	}
}

func TestIntsTruncated(t *testing.T) {
	for name, vals := range intCases() {
		block := AppendInts(nil, vals)
		for _, i := range prefixLens(len(block)) {
			if _, err := DecodeInts(nil, block[:i]); err == nil {
				t.Fatalf("%s: prefix %d/%d of %s block decoded without error", name, i, len(block), scheme(block[0]))
			}
		}
		if _, err := DecodeInts(nil, append(slices.Clone(block), 0)); err == nil {
			t.Fatalf("%s: trailing byte accepted", name)
		}
	}
}

func TestIntsCorrupt(t *testing.T) {
	tests := []struct {
		name  string
		block []byte
		want  string
	}{
		{"empty", nil, "empty block"},
		{"unknown tag", []byte{0x7f, 1, 0}, "not an ints scheme"},
		{"zero tag", []byte{0, 0}, "not an ints scheme"},
		{"floats block", AppendFloats(nil, []float64{1.5, 2}), "not an ints scheme"},
		{"strings block", AppendStrings(nil, []byte("ab"), []uint32{0, 1, 2}), "not an ints scheme"},
		{"huge count const", append(appendHeaderUnchecked(schemeIntsConst, MaxBlockLen+1), 2), "exceeds"},
		{"huge count raw", appendHeaderUnchecked(schemeIntsRaw, 1<<62), "exceeds"},
		{"count overflow", []byte{byte(schemeIntsRaw), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1}, "exceeds"},
		{"raw short", append(appendHeaderUnchecked(schemeIntsRaw, 1000), make([]byte, 80)...), "truncated"},
		{"width 65", append(appendHeaderUnchecked(schemeIntsFOR, 1), 0, 65, 0, 0, 0, 0, 0, 0, 0, 0, 0), "bit width 65"},
		{"width 255 delta", append(appendHeaderUnchecked(schemeIntsDelta, 2), 0, 255), "bit width 255"},
		{"for packed short", append(appendHeaderUnchecked(schemeIntsFOR, 1<<20), 0, 3), "truncated"},
		{"const empty", append(appendHeaderUnchecked(schemeIntsConst, 0), 2), "empty block"},
		{"const no value", appendHeaderUnchecked(schemeIntsConst, 3), "bad varint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeInts(make([]int64, 3), tt.block)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "decode ints: ") {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if len(got) != 0 {
				t.Fatalf("got %d values with error", len(got))
			}
		})
	}
}

// appendHeaderUnchecked writes a header with any count, as a corrupt writer
// might.
func appendHeaderUnchecked(s scheme, n uint64) []byte {
	b := []byte{byte(s)}
	for n >= 0x80 {
		b = append(b, byte(n)|0x80)
		n >>= 7
	}
	return append(b, byte(n))
}

func TestCount(t *testing.T) {
	tests := []struct {
		name    string
		block   []byte
		want    int
		wantErr bool
	}{
		{"ints", AppendInts(nil, []int64{1, 2, 3}), 3, false},
		{"floats", AppendFloats(nil, []float64{1, 2}), 2, false},
		{"strings", AppendStrings(nil, []byte("abc"), []uint32{0, 1, 1, 3, 3}), 4, false},
		{"empty strings", AppendStrings(nil, nil, nil), 0, false},
		{"empty", nil, 0, true},
		{"no count", []byte{byte(schemeIntsRaw)}, 0, true},
		{"unknown tag", []byte{0x55, 1}, 0, true},
		{"too many", appendHeaderUnchecked(schemeIntsConst, MaxBlockLen+1), 0, true},
		{"max", appendHeaderUnchecked(schemeIntsConst, MaxBlockLen), MaxBlockLen, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Count(tt.block)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("Count = %d, %v; want %d, err=%v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestAppendHeaderPanicsOverMax(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	appendHeader(nil, schemeIntsRaw, MaxBlockLen+1)
}
