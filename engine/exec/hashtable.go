package exec

import (
	"hash/maphash"
	"math"
)

// keyTable numbers distinct key tuples: an open-addressing table of group
// ids over the tuples' hashes, the tuples themselves kept column by
// column. It is the one hash table of HashAggregate and HashJoin.
type keyTable struct {
	keys   []*Vec   // one growing vector per key column
	hashes []uint64 // per group
	slots  []int32  // group id + 1; 0 is empty
	n      int
	// strBytes sums the lengths of the string keys held (footprint).
	strBytes int64
}

var hashSeed = maphash.MakeSeed()

func newKeyTable(types []ColType) *keyTable {
	t := &keyTable{keys: make([]*Vec, len(types)), slots: make([]int32, 1024)}
	for i, ct := range types {
		t.keys[i] = &Vec{T: ct}
	}
	return t
}

// hashRows fills h with the hash of each row's key tuple.
func hashRows(cols []*Vec, n int, h []uint64) []uint64 {
	h = grow(h, n)
	for i := range h {
		h[i] = 0x9e3779b97f4a7c15
	}
	for _, v := range cols {
		for i := 0; i < n; i++ {
			var x uint64
			switch {
			case v.IsNull(i):
				x = 0x5bd1e995
			case v.T.Phys == PFloat:
				f := v.F[i]
				if f == 0 {
					f = 0 // -0 hashes as +0
				}
				x = math.Float64bits(f)
			case v.T.Phys == PStr:
				x = maphash.String(hashSeed, v.Str(i))
			default:
				x = uint64(v.I[i])
			}
			h[i] = mix(h[i] ^ x)
		}
	}
	return h
}

// mix is a 64-bit finaliser (from splitmix64).
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// find returns the group of row i of cols (hash h), inserting it when
// insert is set; -1 when absent and not inserted.
func (t *keyTable) find(cols []*Vec, i int, h uint64, insert bool) int32 {
	mask := uint64(len(t.slots) - 1)
	for s := h & mask; ; s = (s + 1) & mask {
		g := t.slots[s] - 1
		if g < 0 {
			if !insert {
				return -1
			}
			g = t.add(cols, i, h)
			t.slots[s] = g + 1
			if t.n*2 > len(t.slots) {
				t.rehash()
			}
			return g
		}
		if t.hashes[g] == h && t.equal(g, cols, i) {
			return g
		}
	}
}

func (t *keyTable) add(cols []*Vec, i int, h uint64) int32 {
	for c, v := range cols {
		appendValue(t.keys[c], v, i, t.n)
		if v.T.Phys == PStr && !v.IsNull(i) {
			t.strBytes += int64(len(v.Str(i)))
		}
	}
	t.hashes = append(t.hashes, h)
	t.n++
	return int32(t.n - 1)
}

func (t *keyTable) rehash() {
	slots := make([]int32, len(t.slots)*2)
	mask := uint64(len(slots) - 1)
	for g, h := range t.hashes {
		s := h & mask
		for slots[s] != 0 {
			s = (s + 1) & mask
		}
		slots[s] = int32(g) + 1
	}
	t.slots = slots
}

// equal compares group g's key with row i of cols (NULL equals NULL).
func (t *keyTable) equal(g int32, cols []*Vec, i int) bool {
	for c, v := range cols {
		k := t.keys[c]
		kn, vn := k.IsNull(int(g)), v.IsNull(i)
		if kn || vn {
			if kn != vn {
				return false
			}
			continue
		}
		switch v.T.Phys {
		case PFloat:
			if k.F[g] != v.F[i] {
				return false
			}
		case PStr:
			if k.S[g] != v.Str(i) {
				return false
			}
		default:
			if k.I[g] != v.I[i] {
				return false
			}
		}
	}
	return true
}

// appendValue appends row i of src to dst, which holds n values (strings
// copied: src may alias storage).
func appendValue(dst, src *Vec, i, n int) {
	null := src.IsNull(i)
	switch dst.T.Phys {
	case PFloat:
		f := 0.0
		if !null {
			f = src.F[i]
		}
		dst.F = append(dst.F, f)
	case PStr:
		s := ""
		if !null {
			s = cloneString(src.Str(i))
		}
		dst.S = append(dst.S, s)
	default:
		x := int64(0)
		if !null {
			x = src.I[i]
		}
		dst.I = append(dst.I, x)
	}
	if null && dst.Nulls == nil {
		dst.Nulls = make([]bool, n, max(n+1, 2*n))
	}
	if dst.Nulls != nil {
		dst.Nulls = append(dst.Nulls, null)
	}
}
