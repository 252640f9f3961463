package encoding

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// column builds the data+offsets form of vals.
func column(vals []string) ([]byte, []uint32) {
	var data []byte
	offsets := []uint32{0}
	for _, v := range vals {
		data = append(data, v...)
		offsets = append(offsets, uint32(len(data)))
	}
	return data, offsets
}

func encodeStrings(vals []string) []byte {
	data, offsets := column(vals)
	return AppendStrings(nil, data, offsets)
}

func values(data []byte, offsets []uint32) []string {
	var out []string
	for i := 0; i+1 < len(offsets); i++ {
		out = append(out, string(data[offsets[i]:offsets[i+1]]))
	}
	return out
}

func stringCases() map[string][]string {
	rng := rand.New(rand.NewPCG(9, 10))
	cases := map[string][]string{
		"empty":         nil,
		"one":           {"hello"},
		"one empty":     {""},
		"all empty":     slices.Repeat([]string{""}, 500),
		"some empty":    {"", "a", "", "bb", ""},
		"all equal":     slices.Repeat([]string{"gold"}, 1000),
		"very long":     {strings.Repeat("x", 1<<20), "y", strings.Repeat("z", 70000)},
		"long repeated": slices.Repeat([]string{strings.Repeat("abc", 10000)}, 50),
		"binary":        {"\x00\xff", "\xff\x00", "\x00"},
		"few distinct":  nil,
		"all distinct":  nil,
		"countries":     nil,
	}
	tiers := []string{"bronze", "silver", "gold", "platinum"}
	countries := []string{"US", "DE", "FR", "GB", "JP", "BR", "IN", "CN", "", "NL"}
	for i := range 4000 {
		cases["few distinct"] = append(cases["few distinct"], tiers[rng.IntN(len(tiers))])
		cases["all distinct"] = append(cases["all distinct"], fmt.Sprintf("user-%08x@example.com", rng.Uint32()+uint32(i)))
		cases["countries"] = append(cases["countries"], countries[rng.IntN(len(countries))])
	}
	return cases
}

func TestStringsRoundTrip(t *testing.T) {
	for name, want := range stringCases() {
		t.Run(name, func(t *testing.T) {
			data, offsets := column(want)
			block := AppendStrings([]byte("pre"), data, offsets)[3:]
			gotData, gotOffsets, err := DecodeStrings(nil, nil, block)
			if err != nil {
				t.Fatalf("decode (%s): %v", scheme(block[0]), err)
			}
			if len(gotOffsets) != len(want)+1 || gotOffsets[0] != 0 {
				t.Fatalf("offsets %v for %d values", head(gotOffsets), len(want))
			}
			if got := values(gotData, gotOffsets); !slices.Equal(got, want) {
				t.Fatalf("%s: values differ", scheme(block[0]))
			}
			if n, err := Count(block); err != nil || n != len(want) {
				t.Fatalf("Count = %d, %v", n, err)
			}
			// Reuse dirty buffers.
			d2, o2, err := DecodeStrings(bytes.Repeat([]byte{'#'}, 10), []uint32{5, 5, 5}, block)
			if err != nil || !slices.Equal(values(d2, o2), want) || len(o2) != len(want)+1 {
				t.Fatalf("decode into dirty buffers: %v", err)
			}
		})
	}
}

func TestStringsSubsliceOffsets(t *testing.T) {
	// offsets need not start at 0 when encoding.
	data := []byte("xxhelloworld")
	block := AppendStrings(nil, data, []uint32{2, 7, 12})
	d, o, err := DecodeStrings(nil, nil, block)
	if err != nil || !slices.Equal(values(d, o), []string{"hello", "world"}) {
		t.Fatalf("got %q, %v", values(d, o), err)
	}
}

func TestStringsScheme(t *testing.T) {
	cases := stringCases()
	tests := []struct {
		name        string
		want        scheme
		maxPerValue float64
	}{
		{"few distinct", schemeStringsDict, 0.3},
		{"countries", schemeStringsDict, 0.6},
		{"all equal", schemeStringsDict, 0.02},
		{"long repeated", schemeStringsDict, 700},
		{"all distinct", schemeStringsPlain, 27},
		{"very long", schemeStringsPlain, 1 << 20},
		{"one", schemeStringsPlain, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block := encodeStrings(cases[tt.name])
			if got := scheme(block[0]); got != tt.want {
				t.Errorf("scheme = %s, want %s", got, tt.want)
			}
			if per := float64(len(block)) / float64(len(cases[tt.name])); per > tt.maxPerValue {
				t.Errorf("%.2f bytes per value, want <= %.2f", per, tt.maxPerValue)
			}
		})
	}
}

func TestStringsTruncated(t *testing.T) {
	for name, vals := range stringCases() {
		block := encodeStrings(vals)
		for _, i := range prefixLens(len(block)) {
			if _, _, err := DecodeStrings(nil, nil, block[:i]); err == nil {
				t.Fatalf("%s: prefix %d/%d of %s block decoded without error", name, i, len(block), scheme(block[0]))
			}
		}
		if _, _, err := DecodeStrings(nil, nil, append(slices.Clone(block), 0)); err == nil {
			t.Fatalf("%s: trailing byte accepted", name)
		}
	}
}

func TestStringsCorrupt(t *testing.T) {
	dict := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	hdr := appendHeaderUnchecked
	tests := []struct {
		name  string
		block []byte
		want  string
	}{
		{"ints block", AppendInts(nil, []int64{1}), "not a strings scheme"},
		{"plain width 33", append(hdr(schemeStringsPlain, 1), 33, 0, 0, 0, 0, 0), "bit width 33"},
		{"plain lengths exceed bytes", append(hdr(schemeStringsPlain, 2), 8, 3, 3, 'a', 'b'), "truncated"},
		{"plain length overflow", append(hdr(schemeStringsPlain, 2), 32, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "truncated"},
		{"plain huge count", append(hdr(schemeStringsPlain, 1<<30), 0), "exceeds"},
		{"dict bigger than rows", dict(hdr(schemeStringsDict, 1), []byte{2, 1, 0b01, 'a', 0, 0}), "dictionary of 2"},
		{"dict empty", dict(hdr(schemeStringsDict, 1), []byte{0, 0, 0}), "dictionary of 0"},
		{"dict ends decrease", dict(hdr(schemeStringsDict, 2), []byte{2, 2, 0b0010, 'a', 'b', 1, 0}), "before its start"},
		{"dict code out of range", dict(hdr(schemeStringsDict, 2), []byte{1, 1, 1, 'a', 1, 0b10}), "code 1"},
		{"dict code width 40", dict(hdr(schemeStringsDict, 1), []byte{1, 1, 1, 'a', 40, 0, 0, 0, 0, 0}), "bit width 40"},
		{"dict expansion", dict(hdr(schemeStringsDict, 1<<24), []byte{1, 24}, []byte{0x00, 0x00, 0x80}, make([]byte, 1<<23), []byte{0}), "decoded size exceeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, o, err := DecodeStrings(nil, nil, tt.block)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "decode strings: ") {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if len(d) != 0 || len(o) != 0 {
				t.Fatalf("returned %d bytes, %d offsets with error", len(d), len(o))
			}
		})
	}
}

// expandCoded turns DecodeStringsCoded's output into one string per row.
func expandCoded(data []byte, offsets, codes []uint32) []string {
	if codes == nil {
		return values(data, offsets)
	}
	dict := values(data, offsets)
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, dict[c])
	}
	return out
}

// TestStringsCoded checks that the dictionary form names the same rows as
// the full decode, that low-cardinality blocks do come back as codes (with
// each distinct value once), and that dirty buffers are reused safely.
func TestStringsCoded(t *testing.T) {
	for name, want := range stringCases() {
		t.Run(name, func(t *testing.T) {
			block := encodeStrings(want)
			data, offsets, codes, err := DecodeStringsCoded(nil, nil, nil, block)
			if err != nil {
				t.Fatalf("decode (%s): %v", scheme(block[0]), err)
			}
			if got := expandCoded(data, offsets, codes); !slices.Equal(got, want) && len(want) > 0 {
				t.Fatalf("%s: values differ", scheme(block[0]))
			}
			if (codes != nil) != (scheme(block[0]) == schemeStringsDict) {
				t.Fatalf("%s: codes %v", scheme(block[0]), codes != nil)
			}
			if codes != nil {
				dict := values(data, offsets)
				if d := slices.Compact(slices.Sorted(slices.Values(dict))); len(d) != len(dict) {
					t.Fatalf("dictionary repeats values: %q", dict)
				}
			}
			d2, o2, c2, err := DecodeStringsCoded([]byte("#####"), []uint32{7, 7}, []uint32{9, 9, 9}, block)
			if err != nil || !slices.Equal(expandCoded(d2, o2, c2), expandCoded(data, offsets, codes)) {
				t.Fatalf("dirty buffers: %v", err)
			}
		})
	}
	for _, bad := range [][]byte{nil, {0xff}, encodeStrings([]string{"a", "b", "a"})[:4]} {
		if _, _, _, err := DecodeStringsCoded(nil, nil, nil, bad); err == nil {
			t.Errorf("DecodeStringsCoded(%x) accepted a broken block", bad)
		}
	}
}
