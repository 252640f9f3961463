package engine

import (
	"math"
	"runtime"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// buildTable is one side of a join collected into typed arrays sorted by
// key: the side's rows that pass its conditions and have a non-NULL key.
// cols[c][i] (and nulls[c][i] when nulls[c] is not nil; a nil nulls[c]
// means the column held no NULL) belong to the row at position i, and
// rows are in key order. With a dense index (start not nil) the rows of
// key k are start[k-min] .. start[k-min+1] and keys is nil; otherwise
// keys[i] is row i's key.
type buildTable struct {
	keys  []int64
	cols  [][]int64
	nulls [][]bool
	min   int64
	start []int32
}

func (bt *buildTable) null(c int, i int32) bool { return bt.nulls[c] != nil && bt.nulls[c][i] }

// rangeOf returns the positions holding key k. Probing in key order (a
// clustered table) mostly finds k just after the previous range.
func (bt *buildTable) rangeOf(k int64, prev [2]int32) [2]int32 {
	if bt.start != nil {
		d := uint64(k - bt.min)
		if d >= uint64(len(bt.start)-1) {
			return [2]int32{}
		}
		return [2]int32{bt.start[d], bt.start[d+1]}
	}
	lo := int(prev[1])
	if lo >= len(bt.keys) || bt.keys[lo] != k {
		lo, _ = slices.BinarySearch(bt.keys, k)
	}
	hi := lo
	for hi < len(bt.keys) && bt.keys[hi] == k {
		hi++
	}
	return [2]int32{int32(lo), int32(hi)}
}

// eachRun calls fn with every key and its positions, for share part of
// parts shares of the keys (by key range when dense, by position
// otherwise); the shares together visit every key once.
func (bt *buildTable) eachRun(part, parts int, fn func(k int64, lo, hi int32)) {
	if bt.start != nil {
		span := uint64(len(bt.start) - 1)
		from, to := span*uint64(part)/uint64(parts), span*uint64(part+1)/uint64(parts)
		for d := from; d < to; d++ {
			if lo, hi := bt.start[d], bt.start[d+1]; lo < hi {
				fn(bt.min+int64(d), lo, hi)
			}
		}
		return
	}
	n := len(bt.keys)
	from, to := n*part/parts, n*(part+1)/parts
	// A run belongs to the share holding its first position.
	for from > 0 && from < n && bt.keys[from] == bt.keys[from-1] {
		from++
	}
	for i := from; i < to; {
		j := i + 1
		for j < n && bt.keys[j] == bt.keys[i] {
			j++
		}
		fn(bt.keys[i], int32(i), int32(j))
		i = j
	}
}

// sideRows is what one worker collected of a side, in scan order.
type sideRows struct {
	keys   []int64
	cols   [][]int64
	nulls  [][]bool // nil until the column's first NULL
	lo, hi int64
}

// collect appends the rows of b that pass preds and have a non-NULL key
// (at scan position key), column by column; pos are the scan positions
// of the collected columns.
func (r *sideRows) collect(b *storage.Batch, preds []rowPred, key int, pos []int, sel []uint32) []uint32 {
	sel = selectRows(b, preds, sel)
	kv := b.Cols[key]
	if kv.Nulls != nil {
		out := sel[:0]
		for _, i := range sel {
			if !kv.IsNull(int(i)) {
				out = append(out, i)
			}
		}
		sel = out
	}
	if len(sel) == 0 {
		return sel
	}
	if len(r.keys) == 0 {
		r.lo, r.hi = kv.Ints[sel[0]], kv.Ints[sel[0]]
	}
	for _, i := range sel {
		k := kv.Ints[i]
		r.lo, r.hi = min(r.lo, k), max(r.hi, k)
		r.keys = append(r.keys, k)
	}
	for c, p := range pos {
		v := b.Cols[p]
		old := len(r.cols[c])
		for _, i := range sel {
			r.cols[c] = append(r.cols[c], v.Ints[i])
		}
		if v.Nulls == nil && r.nulls[c] == nil {
			continue
		}
		if r.nulls[c] == nil {
			r.nulls[c] = make([]bool, old, cap(r.cols[c]))
		}
		for _, i := range sel {
			r.nulls[c] = append(r.nulls[c], isNull(v, i))
		}
	}
	return sel
}

// buildSide collects side s's rows passing preds with the columns ords
// (table ordinals, each in s's scan request), sorted by key. Workers
// scan shares of the parts; their rows are then placed together.
func buildSide(ctx *sql.Context, s *pairSide, ords []int, preds []rowPred) (*buildTable, error) {
	pos := make([]int, len(ords))
	for c, ord := range ords {
		pos[c] = s.comp.pos[ord]
	}
	snap := s.t.snapshot(ctx)
	parts := snap.Parts()
	workers := workersFor(parts)
	shares := make([]*sideRows, workers)
	err := inParallel(workers, func(w int) error {
		rows := 0
		for i := w; i < len(parts); i += workers {
			rows += parts[i].Live
		}
		r := &sideRows{keys: make([]int64, 0, rows), cols: make([][]int64, len(ords)), nulls: make([][]bool, len(ords))}
		for c := range r.cols {
			r.cols[c] = make([]int64, 0, rows)
		}
		shares[w] = r
		var sel []uint32
		return scanShare(ctx, s.t, s.comp.cols, snap, parts, w, workers, func(b *storage.Batch) error {
			sel = r.collect(b, preds, s.key, pos, sel)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return placeRows(shares, len(ords)), nil
}

// placeRows combines the workers' rows into one table in key order. Keys
// spanning a range not much wider than their number (order ids, customer
// ids) are placed by a counting sort, in parallel, which also gives the
// dense index; others are concatenated and sorted by comparison.
func placeRows(shares []*sideRows, ncols int) *buildTable {
	n, lo, hi := 0, int64(0), int64(0)
	for _, r := range shares {
		if len(r.keys) == 0 {
			continue
		}
		if n == 0 || r.lo < lo {
			lo = r.lo
		}
		if n == 0 || r.hi > hi {
			hi = r.hi
		}
		n += len(r.keys)
	}
	span := uint64(hi - lo)
	if n == 0 || n > math.MaxInt32-1 || hi-lo < 0 || span > 4*uint64(n)+1024 {
		bt := concatRows(shares, ncols, n)
		bt.sortByComparison()
		return bt
	}
	// next[w][d] becomes the position of worker w's next row of key lo+d.
	next := make([][]int32, len(shares))
	_ = inParallel(len(shares), func(w int) error {
		c := make([]int32, span+1)
		for _, k := range shares[w].keys {
			c[k-lo]++
		}
		next[w] = c
		return nil
	})
	bt := &buildTable{cols: make([][]int64, ncols), nulls: make([][]bool, ncols), min: lo, start: offsets(next)}
	for c := range bt.cols {
		bt.cols[c] = make([]int64, n)
		for _, r := range shares {
			if r.nulls[c] != nil {
				bt.nulls[c] = make([]bool, n)
				break
			}
		}
	}
	_ = inParallel(len(shares), func(w int) error {
		bt.scatter(shares[w], lo, next[w])
		return nil
	})
	return bt
}

// offsets turns the workers' counts per key (next[w][d] for key lo+d)
// into the start of each key's rows, and, in place, into the position
// of each worker's first row of each key (workers in order). Ranges of
// keys are summed in parallel, then filled in parallel.
func offsets(next [][]int32) []int32 {
	keys := len(next[0])
	parts := max(1, min(runtime.GOMAXPROCS(0), keys/4096))
	bound := func(p int) (int, int) { return keys * p / parts, keys * (p + 1) / parts }
	base := make([]int32, parts+1)
	_ = inParallel(parts, func(p int) error {
		from, to := bound(p)
		var s int32
		for _, c := range next {
			for _, x := range c[from:to] {
				s += x
			}
		}
		base[p+1] = s
		return nil
	})
	for p := range parts {
		base[p+1] += base[p]
	}
	start := make([]int32, keys+1)
	start[keys] = base[parts]
	_ = inParallel(parts, func(p int) error {
		from, to := bound(p)
		s := base[p]
		for d := from; d < to; d++ {
			start[d] = s
			for _, c := range next {
				s, c[d] = s+c[d], s
			}
		}
		return nil
	})
	return start
}

// scatter places one worker's rows at the positions next gives their keys.
func (bt *buildTable) scatter(r *sideRows, lo int64, next []int32) {
	if len(bt.cols) == 1 && bt.nulls[0] == nil {
		// One column (product pairs): place it as the positions are found.
		out, src := bt.cols[0], r.cols[0]
		for i, k := range r.keys {
			out[next[k-lo]] = src[i]
			next[k-lo]++
		}
		return
	}
	dest := make([]int32, len(r.keys))
	for i, k := range r.keys {
		dest[i] = next[k-lo]
		next[k-lo]++
	}
	for c := range bt.cols {
		out, src := bt.cols[c], r.cols[c]
		for i, p := range dest {
			out[p] = src[i]
		}
		if bt.nulls[c] != nil && r.nulls[c] != nil {
			out, src := bt.nulls[c], r.nulls[c]
			for i, p := range dest {
				out[p] = src[i]
			}
		}
	}
}

// concatRows appends the workers' rows one after another.
func concatRows(shares []*sideRows, ncols, n int) *buildTable {
	if len(shares) == 1 {
		r := shares[0]
		return &buildTable{keys: r.keys, cols: r.cols, nulls: r.nulls}
	}
	bt := &buildTable{keys: make([]int64, 0, n), cols: make([][]int64, ncols), nulls: make([][]bool, ncols)}
	for _, r := range shares {
		bt.keys = append(bt.keys, r.keys...)
	}
	for c := range bt.cols {
		bt.cols[c] = make([]int64, 0, n)
		withNulls := false
		for _, r := range shares {
			bt.cols[c] = append(bt.cols[c], r.cols[c]...)
			withNulls = withNulls || r.nulls[c] != nil
		}
		if !withNulls {
			continue
		}
		bt.nulls[c] = make([]bool, 0, n)
		for _, r := range shares {
			if r.nulls[c] != nil {
				bt.nulls[c] = append(bt.nulls[c], r.nulls[c]...)
			} else {
				bt.nulls[c] = append(bt.nulls[c], make([]bool, len(r.keys))...)
			}
		}
	}
	return bt
}

// sortByComparison orders the rows by key (a no-op when they already are).
func (bt *buildTable) sortByComparison() {
	if slices.IsSorted(bt.keys) {
		return
	}
	perm := make([]int32, len(bt.keys))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int {
		switch x, y := bt.keys[a], bt.keys[b]; {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	bt.keys = gather(bt.keys, perm)
	for c := range bt.cols {
		bt.cols[c] = gather(bt.cols[c], perm)
		if bt.nulls[c] != nil {
			bt.nulls[c] = gather(bt.nulls[c], perm)
		}
	}
}

func gather[T any](s []T, perm []int32) []T {
	out := make([]T, len(perm))
	for i, p := range perm {
		out[i] = s[p]
	}
	return out
}
