package exec

import (
	"math"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
)

// Normalised sort keys (DuckDB's "normalized keys"): each row's ORDER BY
// key becomes a few uint64 words that compare, word by word as unsigned
// integers, the way compareRows compares the row under its fields. A
// sort then compares flat integers instead of calling a comparison per
// key column and type; strings are replaced by their rank among the
// column's distinct values, ranked once under the column's collation.

// normKeys returns the words of every row, w per row (row i's at
// words[i*w:(i+1)*w]).
func normKeys(keys []*Vec, fields sql.SortFields, n int) (words []uint64, w int) {
	// A key column with NULLs takes two words (where NULLs go, then the
	// value), one without takes one.
	at := make([]int, len(keys))
	for k, v := range keys {
		at[k] = w
		w++
		if hasNull(v, n) {
			w++
		}
	}
	words = getWords(n * w)
	for k, v := range keys {
		f := fields[k]
		vals := keyWords(v, n)
		nullable := hasNull(v, n)
		nullsFirst := f.NullOrdering == sql.NullsFirst
		var flip uint64
		if f.Order == sql.Descending {
			flip = math.MaxUint64 // compareRows swaps the two rows: NULLs move too
		}
		if !nullable {
			for i := range n {
				words[i*w+at[k]] = vals[i] ^ flip
			}
			continue
		}
		for i := range n {
			nw, vw := uint64(1), vals[i]
			if v.IsNull(i) {
				nw, vw = 0, 0
				if !nullsFirst {
					nw = 2
				}
			}
			words[i*w+at[k]] = nw ^ flip
			words[i*w+at[k]+1] = vw ^ flip
		}
	}
	return words, w
}

// keyWords maps v's values onto order-preserving unsigned integers.
func keyWords(v *Vec, n int) []uint64 {
	out := make([]uint64, n)
	switch v.T.Phys {
	case PFloat:
		for i, x := range v.F[:n] {
			out[i] = floatWord(x)
		}
	case PUint:
		for i, x := range v.I[:n] {
			out[i] = uint64(x)
		}
	case PStr:
		stringRanks(v, n, out)
	default:
		for i, x := range v.I[:n] {
			out[i] = uint64(x) ^ (1 << 63)
		}
	}
	return out
}

// floatWord orders IEEE doubles as unsigned integers: negative numbers
// have every bit flipped, the others their sign bit set. -0 is +0 (equal
// under cmpFloat).
func floatWord(x float64) uint64 {
	if x == 0 {
		x = 0
	}
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// stringRanks writes each row's rank among v's distinct strings under
// v's collation, equal strings (case-insensitively equal ones included)
// sharing one rank.
func stringRanks(v *Vec, n int, out []uint64) {
	ids := make(map[string]uint32)
	var distinct []string
	local := make([]uint32, n)
	for i := range n {
		if v.IsNull(i) {
			continue
		}
		s := v.Str(i)
		id, ok := ids[s]
		if !ok {
			id = uint32(len(distinct))
			ids[s] = id
			distinct = append(distinct, s)
		}
		local[i] = id
	}
	order := make([]int32, len(distinct))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return compareStrings(v.T.SQL, distinct[a], distinct[b])
	})
	rank := make([]uint64, len(distinct))
	r := uint64(0)
	for j, id := range order {
		if j > 0 && compareStrings(v.T.SQL, distinct[order[j-1]], distinct[id]) != 0 {
			r++
		}
		rank[id] = r
	}
	for i := range n {
		if !v.IsNull(i) {
			out[i] = rank[local[i]]
		}
	}
}

// wordsCmp compares rows a and b by their words, then by position (the
// sort is stable).
func wordsCmp(words []uint64, w int) func(a, b int32) int {
	if w == 1 {
		return func(a, b int32) int {
			if x, y := words[a], words[b]; x != y {
				return cmpWord(x, y)
			}
			return int(a - b)
		}
	}
	return func(a, b int32) int {
		x, y := words[int(a)*w:int(a)*w+w], words[int(b)*w:int(b)*w+w]
		for k := range x {
			if x[k] != y[k] {
				return cmpWord(x[k], y[k])
			}
		}
		return int(a - b)
	}
}

func cmpWord(x, y uint64) int {
	if x < y {
		return -1
	}
	return 1
}

// sortWords returns 0..n-1 ordered by their words, equal rows in
// position order. When the first word takes few distinct values for the
// rows (a partition key of customer ids, say: its span is at most twice
// the rows), one counting pass puts the rows in its order and only each
// run of equal first words is sorted by the rest — mostly a handful of
// rows, where a radix sort of the whole would move every row once per
// byte of every word.
func sortWords(words []uint64, w, n int) []int32 {
	if n < 2 || w == 0 { // w 0: no keys (OVER ()), every row a peer
		return identity32(n)
	}
	if wordsInOrder(words, w, n) {
		return identity32(n)
	}
	lo, hi := words[0], words[0]
	for i := w; i < n*w; i += w {
		lo, hi = min(lo, words[i]), max(hi, words[i])
	}
	if span := hi - lo; span < uint64(2*n) {
		return bucketPerm(words, w, n, lo, int(span)+1)
	}
	return radixSort(identity32(n), words, w, 0)
}

// wordsInOrder reports whether rows 0..n-1 of w words each are in
// order already (a scan in the table's sort key); unordered input
// usually fails within its first rows.
func wordsInOrder(words []uint64, w, n int) bool {
	for i := w; i < n*w; i += w {
		if slices.Compare(words[i-w:i], words[i:i+w]) > 0 {
			return false
		}
	}
	return true
}

// bucketPerm is sortWords's counting sort on the first word (lo its
// least, span its distinct values' range), then each run's sort.
func bucketPerm(words []uint64, w, n int, lo uint64, span int) []int32 {
	next := make([]int32, span+1)
	for i := 0; i < n*w; i += w {
		next[words[i]-lo+1]++
	}
	for b := 1; b <= span; b++ {
		next[b] += next[b-1]
	}
	perm := make([]int32, n)
	for i := range int32(n) {
		b := words[int(i)*w] - lo
		perm[next[b]] = i
		next[b]++
	}
	if w == 1 {
		return perm
	}
	// next[b] is now where bucket b ends.
	var start int32
	for _, end := range next[:span] {
		if end-start > 1 {
			sortRun(perm[start:end], words, w)
		}
		start = end
	}
	return perm
}

// sortRun orders a run of positions equal on the first word by the
// other words, stably: insertion for a few rows, a merge sort for some,
// radix (whose passes cost their histograms whatever the rows) for many.
func sortRun(run []int32, words []uint64, w int) {
	rest := func(a, b int32) int {
		return slices.Compare(words[int(a)*w+1:int(a)*w+w], words[int(b)*w+1:int(b)*w+w])
	}
	switch {
	case len(run) > 4096:
		if sorted := radixSort(run, words, w, 1); &sorted[0] != &run[0] {
			copy(run, sorted)
		}
	case len(run) > 16:
		slices.SortStableFunc(run, rest)
	default:
		for i := 1; i < len(run); i++ {
			p, j := run[i], i
			for ; j > 0 && rest(run[j-1], p) > 0; j-- {
				run[j] = run[j-1]
			}
			run[j] = p
		}
	}
}

// radixSort orders the positions of perm by their words from the first
// on: a least-significant-digit radix sort, a byte per pass, word by
// word from the last; being stable, it keeps equal rows in perm's order.
// Passes whose byte is the same in every row are skipped (the high bytes
// of small numbers). The result is perm or a slice of the same length.
func radixSort(perm []int32, words []uint64, w, first int) []int32 {
	n := len(perm)
	tmp := make([]int32, n)
	key, ktmp := getWords(n), getWords(n)
	defer putWords(key)
	defer putWords(ktmp)
	for k := w - 1; k >= first; k-- {
		var hist [8][256]int
		for i, p := range perm {
			x := words[int(p)*w+k]
			key[i] = x
			for d := range 8 {
				hist[d][byte(x>>(8*d))]++
			}
		}
		for d := range 8 {
			h := &hist[d]
			if h[byte(key[0]>>(8*d))] == n {
				continue // one value of this byte: the pass would move nothing
			}
			at := 0
			for b, c := range h {
				h[b] = at
				at += c
			}
			for i, x := range key[:n] {
				j := h[byte(x>>(8*d))]
				h[byte(x>>(8*d))]++
				ktmp[j], tmp[j] = x, perm[i]
			}
			key, ktmp = ktmp, key
			perm, tmp = tmp, perm
		}
	}
	return perm
}

func identity32(n int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return p
}
