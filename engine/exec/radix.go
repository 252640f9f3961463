package exec

import (
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
)

// Packed sort keys. When every ORDER BY key is of a fixed width
// (integers, DECIMALs as scaled integers, DATE, DATETIME, DOUBLE by
// floatWord, strings by their rank) the sort packs each row's key into
// one 64-bit word: each column's normalised value minus the column's
// least, in just the bits its range needs, NULL one code below or above
// the values (MySQL: first ascending, last descending), DESC by
// complementing before the range is taken, the columns one after
// another from the most significant bits. Q2's (recency DESC,
// customer_id) over 10M customers is 11 + 24 bits. When the row's
// position fits beside the key (position bits + key bits <= 64), it is
// packed into the low bits and the sort moves 8 bytes a row a pass;
// otherwise (key, position) pairs are sorted, 12 bytes. The sort is a
// least-significant-digit radix sort over the key's bits only — up to
// 11-bit digits, as few passes as the bits need, a pass skipped when its
// digit is the same in every row — and so stable: rows with equal keys
// keep their positions' order, exactly as the comparison of normalised
// words (normkey.go) orders them. The sorted keys are kept for the
// window's partition and peer bounds, found by comparing neighbours in
// one sequential pass.

// packMinRows is the rows from which a packed sort radix sorts; fewer are
// sorted by comparison of their packed words (pdqsort: the words are
// distinct, their positions in the low bits). BenchmarkPackedThreshold
// (CPU time, 20- and 40-bit keys): at 1,024 rows pdqsort 8 µs, radix
// 23-38 µs (its counters dominate); at 2,048 about even (18-34 against
// 26-50 µs); from 4,096 radix 2-4x faster.
const packMinRows = 1 << 11

// maxDigit is the widest radix digit: 2^11 counters (16 KiB) stay in
// the first-level cache while a pass scatters.
const maxDigit = 11

// keyPack is one key column's place in the packed key.
type keyPack struct {
	lo      uint64 // least normalised value, after DESC's complement
	width   uint   // bits
	nulls   bool   // has NULLs: a code of their own
	nullLow bool   // NULL sorts before the values
}

// keyPacking is how a sort's keys pack, or nil when they do not (a key
// wider than 64 bits in all, a DOUBLE NaN).
type keyPacking struct {
	cols  []keyPack
	total uint // the key's bits
	ord   [][]uint64
}

// planKeyPacking computes each key column's range of normalised values; ord
// holds a string key's ranks (other columns are read in place).
func planKeyPacking(keys []*Vec, fields sql.SortFields, n int) *keyPacking {
	p := &keyPacking{cols: make([]keyPack, len(keys)), ord: make([][]uint64, len(keys))}
	for k, v := range keys {
		c := &p.cols[k]
		desc := fields[k].Order == sql.Descending
		c.nulls = hasNull(v, n)
		// compareField swaps the rows under DESC: NULLs move too.
		c.nullLow = (fields[k].NullOrdering == sql.NullsFirst) != desc
		var flip uint64
		if desc {
			flip = math.MaxUint64
		}
		if v.T.Phys == PStr {
			p.ord[k] = getWords(n) // given back once packed (done)
			stringRanks(v, n, p.ord[k])
		}
		if v.T.Phys == PFloat {
			for _, x := range v.F[:n] {
				if x != x {
					p.done()
					return nil // NaN: equal to everything under cmpFloat
				}
			}
		}
		lo, hi, seen := uint64(math.MaxUint64), uint64(0), false
		for i := range n {
			if c.nulls && v.Nulls[i] {
				continue
			}
			u := ordWord(v, p.ord[k], i) ^ flip
			lo, hi, seen = min(lo, u), max(hi, u), true
		}
		if !seen {
			lo, hi = 0, 0
		}
		c.lo = lo
		span := hi - lo
		if c.nulls {
			if span == math.MaxUint64 {
				p.done()
				return nil
			}
			span++
		}
		c.width = uint(bits.Len64(span))
		p.total += c.width
		if p.total > 64 {
			p.done()
			return nil
		}
	}
	return p
}

// done gives back the string keys' ranks.
func (p *keyPacking) done() {
	for _, o := range p.ord {
		if o != nil {
			putWords(o)
		}
	}
}

// ordWord is row i's value of v as an order-preserving unsigned integer
// (keyWords's, one row): ranks holds a string column's.
func ordWord(v *Vec, ranks []uint64, i int) uint64 {
	switch v.T.Phys {
	case PFloat:
		return floatWord(v.F[i])
	case PUint:
		return uint64(v.I[i])
	case PStr:
		return ranks[i]
	}
	return uint64(v.I[i]) ^ (1 << 63)
}

// pack writes each row's packed key into out (n words), shifted left by
// shift bits, position i in the low bits when shift > 0.
func (p *keyPacking) pack(keys []*Vec, fields sql.SortFields, n int, out []uint64, shift uint) {
	clear(out[:n])
	for k, v := range keys {
		c := p.cols[k]
		if c.width == 0 {
			continue
		}
		var flip uint64
		if fields[k].Order == sql.Descending {
			flip = math.MaxUint64
		}
		w := c.width
		switch {
		case c.nulls:
			var nullCode, add uint64 = (1 << w) - 1, 0
			if c.nullLow {
				nullCode, add = 0, 1
			}
			for i := range n {
				d := nullCode
				if !v.Nulls[i] {
					d = (ordWord(v, p.ord[k], i) ^ flip - c.lo) + add
				}
				out[i] = out[i]<<w | d
			}
		case v.T.Phys == PInt || v.T.Phys == PDec || v.T.Phys == PDate || v.T.Phys == PTime:
			// the usual key: a plain loop
			base := c.lo ^ flip ^ (1 << 63)
			if flip == 0 {
				for i, x := range v.I[:n] {
					out[i] = out[i]<<w | (uint64(x) - base)
				}
			} else {
				for i, x := range v.I[:n] {
					out[i] = out[i]<<w | (base - uint64(x))
				}
			}
		default:
			for i := range n {
				out[i] = out[i]<<w | (ordWord(v, p.ord[k], i) ^ flip - c.lo)
			}
		}
	}
	if shift > 0 {
		for i := range out[:n] {
			out[i] = out[i]<<shift | uint64(i)
		}
	}
}

// sortedKeys is a packed sort's result: perm[k] is the k-th row in
// order, keys[k] its packed key (bits wide, the columns' widths in
// widths). Both come from the word pool; release gives them back.
type sortedKeys struct {
	perm   []int32
	keys   []uint64
	widths []uint
	bits   uint
}

func (s *sortedKeys) release() {
	putWords(s.keys)
	putInt32s(s.perm)
	s.keys, s.perm = nil, nil
}

// sortPacked sorts the rows 0..n-1 of keys under fields by their packed
// keys, or returns nil when the keys do not pack.
func sortPacked(keys []*Vec, fields sql.SortFields, n int) *sortedKeys {
	if n < 2 || len(keys) == 0 {
		return nil
	}
	p := planKeyPacking(keys, fields, n)
	if p == nil {
		return nil
	}
	out := &sortedKeys{bits: p.total, widths: make([]uint, len(p.cols))}
	for k, c := range p.cols {
		out.widths[k] = c.width
	}
	pos := uint(bits.Len(uint(max(n-1, 0))))
	words := getWords(n)
	if p.total+pos <= 64 {
		p.pack(keys, fields, n, words, pos)
		p.done()
		tmp := getWords(n)
		switch {
		case slices.IsSorted(words[:n]):
			// Input in order already (a scan in the table's sort key):
			// one pass instead of a sort.
		case n < packMinRows:
			slices.Sort(words)
		default:
			if sorted := radixKeyWords(words, tmp, pos, p.total); &sorted[0] != &words[0] {
				words, tmp = tmp, words
			}
		}
		// The positions go in place into words' first half (row k's
		// int32 overwrites word k/2, read already), the keys to tmp.
		mask := uint64(1)<<pos - 1
		perm := int32sOf(words, n)
		for k, x := range words[:n] {
			tmp[k] = x >> pos
			perm[k] = int32(x & mask)
		}
		out.perm, out.keys = perm, tmp
		return out
	}
	p.pack(keys, fields, n, words, 0)
	p.done()
	perm := int32sOf(getWords((n+1)/2), n)
	for i := range perm {
		perm[i] = int32(i)
	}
	if slices.IsSorted(words[:n]) {
		out.perm, out.keys = perm, words
		return out
	}
	if n < packMinRows {
		slices.SortStableFunc(perm, func(a, b int32) int { return cmpUint(words[a], words[b]) })
		sorted := getWords(n)
		for k, i := range perm {
			sorted[k] = words[i]
		}
		putWords(words)
		out.perm, out.keys = perm, sorted
		return out
	}
	tmp, ptmp := getWords(n), int32sOf(getWords((n+1)/2), n)
	keysOut, permOut := radixPairs(words, tmp, perm, ptmp, p.total)
	if &keysOut[0] != &words[0] {
		putWords(words)
	} else {
		putWords(tmp)
	}
	if &permOut[0] != &perm[0] {
		putInt32s(perm)
	} else {
		putInt32s(ptmp)
	}
	out.perm, out.keys = permOut, keysOut
	return out
}

// radixDigits splits bits key bits into passes of at most maxDigit bits,
// equal but for one bit.
func radixDigits(nbits uint) (passes, width uint) {
	if nbits == 0 {
		return 0, 0
	}
	passes = (nbits + maxDigit - 1) / maxDigit
	return passes, (nbits + passes - 1) / passes
}

// radixKeyWords sorts words by their bits [from, from+nbits) with tmp as
// scratch (as long), stably, and returns the one holding the result.
func radixKeyWords(words, tmp []uint64, from, nbits uint) []uint64 {
	n := len(words)
	passes, dw := radixDigits(nbits)
	if passes == 0 || n < 2 {
		return words
	}
	hist := make([]int, passes<<dw)
	mask := uint64(1)<<dw - 1
	for _, x := range words {
		x >>= from
		for d := range passes {
			hist[d<<dw+uint(x>>(d*dw)&mask)]++
		}
	}
	src, dst := words, tmp[:n]
	for d := range passes {
		h := hist[d<<dw : (d+1)<<dw]
		shift := from + d*dw
		if h[int(src[0]>>shift&mask)] == n {
			continue // one digit value: the pass would move nothing
		}
		at := 0
		for b, c := range h {
			h[b] = at
			at += c
		}
		for _, x := range src {
			b := x >> shift & mask
			dst[h[b]] = x
			h[b]++
		}
		src, dst = dst, src
	}
	return src
}

// radixPairs sorts (keys[i], perm[i]) pairs by the keys' low nbits bits,
// stably, with tmp and ptmp as scratch, and returns the arrays holding
// the result.
func radixPairs(keys, tmp []uint64, perm, ptmp []int32, nbits uint) ([]uint64, []int32) {
	n := len(keys)
	passes, dw := radixDigits(nbits)
	if passes == 0 || n < 2 {
		return keys, perm
	}
	hist := make([]int, passes<<dw)
	mask := uint64(1)<<dw - 1
	for _, x := range keys {
		for d := range passes {
			hist[d<<dw+uint(x>>(d*dw)&mask)]++
		}
	}
	src, dst, psrc, pdst := keys, tmp[:n], perm, ptmp[:n]
	for d := range passes {
		h := hist[d<<dw : (d+1)<<dw]
		shift := d * dw
		if h[int(src[0]>>shift&mask)] == n {
			continue
		}
		at := 0
		for b, c := range h {
			h[b] = at
			at += c
		}
		for i, x := range src {
			b := x >> shift & mask
			j := h[b]
			dst[j], pdst[j] = x, psrc[i]
			h[b]++
		}
		src, dst, psrc, pdst = dst, src, pdst, psrc
	}
	return src, psrc
}

// int32sOf views w's memory as n int32s (n <= 2*cap(w)).
func int32sOf(w []uint64, n int) []int32 {
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(w[:cap(w)]))), 2*cap(w))[:n]
}

// putInt32s gives back int32sOf's words.
func putInt32s(p []int32) {
	if cap(p) < 2 {
		return
	}
	putWords(unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(p[:cap(p)]))), cap(p)/2)[:0])
}
