package encoding

import (
	"testing"
)

// TestZeroAllocs checks the invariant that encoding and decoding allocate
// nothing once the caller's buffers have capacity.
func TestZeroAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	ints, floats, strs := intCases(), floatCases(), stringCases()
	type run struct {
		name string
		f    func()
	}
	var runs []run
	for _, name := range []string{"all equal", "random small", "sorted", "random", "extremes", "for width 64"} {
		src := ints[name]
		block := AppendInts(nil, src)
		enc := make([]byte, 0, 2*len(block))
		dec := make([]int64, len(src))
		runs = append(runs,
			run{"encode ints " + name, func() { enc = AppendInts(enc[:0], src) }},
			run{"decode ints " + name, func() { dec, _ = DecodeInts(dec, block) }})
	}
	for _, name := range []string{"all equal", "prices", "random", "specials"} {
		src := floats[name]
		block := AppendFloats(nil, src)
		enc := make([]byte, 0, 2*len(block))
		dec := make([]float64, len(src))
		runs = append(runs,
			run{"encode floats " + name, func() { enc = AppendFloats(enc[:0], src) }},
			run{"decode floats " + name, func() { dec, _ = DecodeFloats(dec, block) }})
	}
	for _, name := range []string{"few distinct", "all distinct", "all empty", "countries"} {
		data, offsets := column(strs[name])
		block := AppendStrings(nil, data, offsets)
		enc := make([]byte, 0, 2*len(block))
		decData := make([]byte, 0, len(data))
		decOffsets := make([]uint32, 0, len(offsets))
		runs = append(runs,
			run{"encode strings " + name, func() { enc = AppendStrings(enc[:0], data, offsets) }},
			run{"decode strings " + name, func() { decData, decOffsets, _ = DecodeStrings(decData, decOffsets, block) }})
	}
	text := compressInputs()["text"]
	for _, c := range []Codec{CodecNone, CodecS2} {
		frame := Compress(nil, text, c)
		enc := make([]byte, 0, 2*len(text))
		dec := make([]byte, 0, len(text))
		runs = append(runs,
			run{"compress " + c.String(), func() { enc = Compress(enc[:0], text, c) }},
			run{"decompress " + c.String(), func() { dec, _ = Decompress(dec, frame) }})
	}
	for _, r := range runs {
		r.f() // warm pools
		if a := testing.AllocsPerRun(50, r.f); a != 0 {
			t.Errorf("%s: %v allocs per run, want 0", r.name, a)
		}
	}
}
