package exec

// memberSet is a join table's bitmap of its single integer key's values
// over their range. A probe row whose bit is clear has no build row: it
// is answered without hashing it or probing the table. A selective build
// side (customers of one country; IN (SELECT customer_id …)) leaves most
// rows of a large probe side unmatched, and the bitmap (a bit per value
// in the range: 125 KiB for a million ids) stays in the caches where the
// table's slots would not. It is a physical choice from the build keys'
// range, made when the dense index (which answers as fast) is too sparse.
type memberSet struct {
	lo   int64
	span uint64 // hi - lo
	bits []uint64
}

// memberMaxSpan bounds the bitmap: 8 MiB of bits.
const memberMaxSpan = 1 << 26

// newMemberSet sets the bits of the non-NULL values among the first n of
// v, all within [lo, hi]; nil when the range is too wide.
func newMemberSet(v *Vec, n int, lo, hi int64) *memberSet {
	span := uint64(hi - lo)
	if hi < lo || span >= memberMaxSpan {
		return nil
	}
	m := &memberSet{lo: lo, span: span, bits: make([]uint64, span/64+1)}
	for i, x := range v.I[:n] {
		if !v.IsNull(i) {
			o := uint64(x - lo)
			m.bits[o>>6] |= 1 << (o & 63)
		}
	}
	return m
}

func (m *memberSet) has(x int64) bool {
	o := uint64(x - m.lo)
	return o <= m.span && m.bits[o>>6]&(1<<(o&63)) != 0
}

func (m *memberSet) footprint() int64 { return int64(cap(m.bits)) * 8 }

// findMembers is findAll's lookup through the member set: rows whose
// value it lacks are absent at once; the rest (and NULLs, which the
// table decides) are hashed and probed, touchRows at a time with their
// home slots read ahead. Lookups run on several workers at once: the
// scratch is on the stack.
func (t *keyTable) findMembers(cols []*Vec, n int, h []uint64, out []int32) {
	v, m := cols[0], t.members
	var sel [touchRows]int32
	var hs [touchRows]uint64
	k := 0
	probe := func() {
		t.touch(hs[:k])
		for j, i := range sel[:k] {
			out[i] = t.find(cols, int(i), hs[j], false)
		}
		k = 0
	}
	for i := 0; i < n; i++ {
		if !v.IsNull(i) && !m.has(v.I[i]) {
			out[i] = -1
			continue
		}
		sel[k], hs[k] = int32(i), hashAt(h, cols, i)
		if k++; k == touchRows {
			probe()
		}
	}
	probe()
}
