package encoding

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"testing"
)

// fuzzMaxCount skips blocks whose header claims more values than this:
// a constant block may legitimately expand a few bytes into MaxBlockLen
// values, which is correct but too slow to fuzz. Unit tests cover the cap.
const fuzzMaxCount = 1 << 16

func fuzzSkip(t *testing.T, src []byte) {
	if n, err := Count(src); err == nil && n > fuzzMaxCount {
		t.Skip("count too large to fuzz quickly")
	}
}

func FuzzDecodeInts(f *testing.F) {
	for _, vals := range intCases() {
		f.Add(AppendInts(nil, vals[:min(len(vals), 300)]))
	}
	f.Add([]byte{byte(schemeIntsFOR), 5, 0, 64})
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzSkip(t, src)
		got, err := DecodeInts(nil, src)
		if err != nil {
			return
		}
		again, err := DecodeInts(nil, AppendInts(nil, got))
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("re-encode: %v; %v != %v", err, head(again), head(got))
		}
	})
}

func FuzzDecodeFloats(f *testing.F) {
	for _, vals := range floatCases() {
		f.Add(AppendFloats(nil, vals[:min(len(vals), 300)]))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzSkip(t, src)
		got, err := DecodeFloats(nil, src)
		if err != nil {
			return
		}
		again, err := DecodeFloats(nil, AppendFloats(nil, got))
		if err != nil || !floatsBitEqual(again, got) {
			t.Fatalf("re-encode: %v; %v != %v", err, head(again), head(got))
		}
	})
}

func FuzzDecodeStrings(f *testing.F) {
	for _, vals := range stringCases() {
		vals = vals[:min(len(vals), 200)]
		for i, v := range vals {
			vals[i] = v[:min(len(v), 1000)]
		}
		f.Add(encodeStrings(vals))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzSkip(t, src)
		if s, n, rest, err := readHeader(src); err == nil && s == schemeStringsDict {
			if d, err := parseDict(n, rest); err == nil && n*len(d.dict) > 1<<22 {
				t.Skip("dictionary expands too far to fuzz quickly")
			}
		}
		data, offsets, err := DecodeStrings(nil, nil, src)
		if err != nil {
			return
		}
		if len(offsets) == 0 || offsets[0] != 0 || int(offsets[len(offsets)-1]) != len(data) {
			t.Fatalf("bad offsets %v for %d bytes", head(offsets), len(data))
		}
		d2, o2, err := DecodeStrings(nil, nil, AppendStrings(nil, data, offsets))
		if err != nil || !bytes.Equal(d2, data) || !slices.Equal(o2, offsets) {
			t.Fatalf("re-encode: %v", err)
		}
	})
}

// FuzzDecodeStringsCoded checks that the dictionary-form decoder accepts
// exactly the blocks the full decoder accepts and names the same rows.
func FuzzDecodeStringsCoded(f *testing.F) {
	for _, vals := range stringCases() {
		vals = vals[:min(len(vals), 200)]
		for i, v := range vals {
			vals[i] = v[:min(len(v), 1000)]
		}
		f.Add(encodeStrings(vals))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzSkip(t, src)
		if s, n, rest, err := readHeader(src); err == nil && s == schemeStringsDict {
			if d, err := parseDict(n, rest); err == nil && n*len(d.dict) > 1<<22 {
				t.Skip("dictionary expands too far to fuzz quickly")
			}
		}
		data, offsets, codes, err := DecodeStringsCoded(nil, nil, nil, src)
		d2, o2, err2 := DecodeStrings(nil, nil, src)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("coded decode error %v, full decode error %v", err, err2)
		}
		if err != nil {
			return
		}
		if !slices.Equal(expandCoded(data, offsets, codes), values(d2, o2)) {
			t.Fatalf("coded and full decodes differ")
		}
	})
}

func FuzzDecompress(f *testing.F) {
	for _, src := range compressInputs() {
		src = src[:min(len(src), 2000)]
		for _, c := range []Codec{CodecNone, CodecS2, CodecZstd} {
			f.Add(Compress(nil, src, c))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, err := Decompress(nil, src)
		if err != nil {
			return
		}
		for _, c := range []Codec{CodecNone, CodecS2, CodecZstd} {
			again, err := Decompress(nil, Compress(nil, got, c))
			if err != nil || !bytes.Equal(again, got) {
				t.Fatalf("%s re-compress: %v", c, err)
			}
		}
	})
}

// FuzzIntsRoundTrip reads raw bytes as int64s and checks every encoding
// round-trips, along with the same values as float64 bits.
func FuzzIntsRoundTrip(f *testing.F) {
	for _, vals := range intCases() {
		var b []byte
		for _, v := range vals[:min(len(vals), 100)] {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		vals := make([]int64, len(raw)/8)
		floats := make([]float64, len(vals))
		for i := range vals {
			vals[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
			floats[i] = math.Float64frombits(uint64(vals[i]))
		}
		got, err := DecodeInts(nil, AppendInts(nil, vals))
		if err != nil || !slices.Equal(got, vals) {
			t.Fatalf("ints: %v; %v != %v", err, head(got), head(vals))
		}
		gotF, err := DecodeFloats(nil, AppendFloats(nil, floats))
		if err != nil || !floatsBitEqual(gotF, floats) {
			t.Fatalf("floats: %v; %v != %v", err, head(gotF), head(floats))
		}
		// Small values as decimals exercise the decimal float scheme.
		for i, v := range vals {
			floats[i] = float64(v%1e9) / 100
		}
		gotF, err = DecodeFloats(nil, AppendFloats(nil, floats))
		if err != nil || !floatsBitEqual(gotF, floats) {
			t.Fatalf("decimal floats: %v; %v != %v", err, head(gotF), head(floats))
		}
		// The bytes as strings, split at every 0x00.
		offsets := []uint32{0}
		for i, c := range raw {
			if c == 0 {
				offsets = append(offsets, uint32(i))
			}
		}
		offsets = append(offsets, uint32(len(raw)))
		d, o, err := DecodeStrings(nil, nil, AppendStrings(nil, raw, offsets))
		if err != nil || !bytes.Equal(d, raw) || !slices.Equal(o, offsets) {
			t.Fatalf("strings: %v", err)
		}
	})
}
