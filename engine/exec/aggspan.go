package exec

import (
	"math"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
)

// Contested merge: a physical choice of HashAggregate's Finish. Each
// worker keeps, per morsel it read, the least and greatest value of each
// integer key column. A group whose value of such a column lies in no
// other worker's morsel spans can be in no other worker's table, so only
// the groups in contested values (where two workers' spans meet) are
// merged into the first worker's table; the others are emitted from
// their own worker's table as they are. When a key is clustered in
// storage — customer_id in a table in its sort key (per-customer and
// per-order aggregates), a date in time-ordered daily loads — the
// contested values are the few keys that straddle two morsels, and the
// merge, single-threaded and otherwise as large as the groups, all but
// disappears. The column with the fewest contested groups is chosen;
// when most groups are contested the whole merge is made, as without
// spans.

// maxSpanCols bounds the key columns tracked per aggregate.
const maxSpanCols = 3

// span is the values one morsel gave one key column.
type span struct {
	lo, hi  int64
	any     bool // a non-NULL value was seen: lo and hi hold
	null    bool // a NULL was seen
	worker  int  // set when the workers' spans are compared
	present bool
}

// keySpans is one worker's spans of its tracked key columns.
type keySpans struct {
	cols []int    // tracked key columns
	cur  []span   // the current morsel's, per tracked column
	done [][]span // per tracked column, the finished morsels'
}

func newKeySpans(types []ColType) *keySpans {
	ks := &keySpans{}
	for i, t := range types {
		if intLike(t.Phys) && len(ks.cols) < maxSpanCols {
			ks.cols = append(ks.cols, i)
		}
	}
	if len(ks.cols) == 0 {
		return nil
	}
	ks.cur, ks.done = make([]span, len(ks.cols)), make([][]span, len(ks.cols))
	return ks
}

// startMorsel closes the current morsel's spans.
func (ks *keySpans) startMorsel() {
	for c := range ks.cur {
		if ks.cur[c].present {
			ks.done[c] = append(ks.done[c], ks.cur[c])
		}
		ks.cur[c] = span{}
	}
}

// observe widens the current morsel's spans by n rows of keys.
func (ks *keySpans) observe(keys []*Vec, n int) {
	if n == 0 {
		return
	}
	for c, k := range ks.cols {
		s := &ks.cur[c]
		v := keys[k]
		s.present = true
		lo, hi, any := int64(math.MaxInt64), int64(math.MinInt64), false
		if v.Nulls == nil {
			lo, hi = minMax(v.I[:n])
			any = true
		} else {
			for i, x := range v.I[:n] {
				if v.Nulls[i] {
					s.null = true
					continue
				}
				lo, hi, any = min(lo, x), max(hi, x), true
			}
		}
		if !any {
			continue
		}
		if !s.any {
			s.lo, s.hi, s.any = lo, hi, true
			continue
		}
		s.lo, s.hi = min(s.lo, lo), max(s.hi, hi)
	}
}

// minMax is the least and greatest of xs (not empty) in one pass.
func minMax(xs []int64) (lo, hi int64) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// interval is a closed range of key values.
type interval struct{ lo, hi int64 }

// maxSpanPairs bounds the work of finding contested values: past it
// the workers' groups are merged whole.
const maxSpanPairs = 1 << 20

// contested returns, sorted and disjoint, the values of one column that
// two workers' morsel spans share, and whether a NULL is contested (ok
// false: too many overlapping spans to tell cheaply).
func contested(all []*keySpans, c int) (ivs []interval, null, ok bool) {
	var spans []span
	nullBy := -1
	for w, ks := range all {
		for _, s := range ks.done[c] {
			s.worker = w
			if s.null {
				if nullBy >= 0 && nullBy != w {
					null = true
				}
				nullBy = w
			}
			if s.any {
				spans = append(spans, s)
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmpInt(a.lo, b.lo) })
	pairs := 0
	for i, a := range spans {
		for _, b := range spans[i+1:] {
			if b.lo > a.hi {
				break
			}
			if pairs++; pairs > maxSpanPairs {
				return nil, false, false
			}
			if a.worker != b.worker {
				ivs = append(ivs, interval{b.lo, min(a.hi, b.hi)})
			}
		}
	}
	return mergeIntervals(ivs), null, true
}

// mergeIntervals sorts ivs and joins the ones that overlap.
func mergeIntervals(ivs []interval) []interval {
	slices.SortFunc(ivs, func(a, b interval) int { return cmpInt(a.lo, b.lo) })
	out := ivs[:0]
	for _, iv := range ivs {
		if n := len(out); n > 0 && iv.lo <= out[n-1].hi {
			out[n-1].hi = max(out[n-1].hi, iv.hi)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// ivCursor answers whether values lie in sorted, disjoint intervals,
// starting from where the last value was: a worker's groups come in
// morsel order, their keys ascending in long runs when the table is
// stored in their order, so the answer is mostly one comparison, and a
// binary search only when a value moves to another interval.
type ivCursor struct {
	ivs []interval
	i   int // the first interval whose hi is at least the last value
}

func (c *ivCursor) in(x int64) bool {
	ivs, i := c.ivs, c.i
	if (i < len(ivs) && ivs[i].hi < x) || (i > 0 && ivs[i-1].hi >= x) {
		i, _ = slices.BinarySearchFunc(ivs, x, func(iv interval, x int64) int { return cmpInt(iv.hi, x) })
		c.i = i
	}
	return i < len(ivs) && ivs[i].lo <= x
}

// contestedGroups lists, per state, the groups whose key column k has a
// contested value; it gives up (total past limit) once it has found more
// than limit.
func contestedGroups(parts []*aggState, k int, ivs []interval, null bool, limit int) (sel [][]int32, total int) {
	sel = make([][]int32, len(parts))
	for w, st := range parts {
		v := st.groups.keys[k]
		if len(ivs) == 0 && (!null || v.Nulls == nil) {
			continue
		}
		c := ivCursor{ivs: ivs}
		for g := range int32(st.groups.n) {
			if v.IsNull(int(g)) {
				if null {
					sel[w] = append(sel[w], g)
				}
				continue
			}
			if c.in(v.I[g]) {
				sel[w] = append(sel[w], g)
			}
		}
		if total += len(sel[w]); total > limit {
			return nil, total
		}
	}
	return sel, total
}

// splitMerge merges into the first state that holds groups only the
// other states' contested groups, and returns every state that holds
// groups with, per state, the groups it still emits (nil: all); parts
// nil when the states must be merged whole.
func splitMerge(locals []LocalSink) (parts []*aggState, dead [][]bool, err error) {
	var spans []*keySpans
	groups := 0
	for _, l := range locals {
		st := l.(*aggState)
		if st.groups.n == 0 {
			continue
		}
		if st.spans == nil {
			return nil, nil, nil
		}
		st.spans.startMorsel()
		parts, spans = append(parts, st), append(spans, st.spans)
		groups += st.groups.n
	}
	if len(parts) < 2 {
		return nil, nil, nil
	}
	var best [][]int32
	bestN := groups / 2 // more contested than this: merge whole
	for c, k := range spans[0].cols {
		ivs, null, ok := contested(spans, c)
		if !ok {
			continue
		}
		if sel, n := contestedGroups(parts, k, ivs, null, bestN); n < bestN || best == nil && n <= bestN {
			best, bestN = sel, n
		}
	}
	if best == nil {
		return nil, nil, nil
	}
	dead = make([][]bool, len(parts))
	for w, o := range parts[1:] {
		if len(best[w+1]) == 0 {
			continue
		}
		if err := parts[0].mergeSome(o, best[w+1]); err != nil {
			return nil, nil, err
		}
		dead[w+1] = make([]bool, o.groups.n)
		for _, g := range best[w+1] {
			dead[w+1][g] = true
		}
	}
	return parts, dead, nil
}

// mergeSome merges o's groups sel into st (the others are skipped).
func (st *aggState) mergeSome(o *aggState, sel []int32) error {
	keys := make([]*Vec, len(o.groups.keys))
	h := make([]uint64, len(sel))
	for c, k := range o.groups.keys {
		keys[c] = &Vec{}
		gather(keys[c], k, sel)
	}
	oh := o.groups.keyHashes()
	for i, g := range sel {
		h[i] = oh[g]
	}
	found := make([]int32, len(sel))
	st.groups.findAll(keys, len(sel), h, true, found)
	m := make([]int32, o.groups.n)
	for g := range m {
		m[g] = -1
	}
	for i, g := range sel {
		m[g] = found[i]
	}
	st.grow()
	for j, a := range st.accs {
		if err := a.merge(o.accs[j], m); err != nil {
			return err
		}
	}
	return nil
}

// splitResults emits each state's groups in turn, but its dead ones.
func splitResults(ctx *sql.Context, types []ColType, parts []*aggState, dead [][]bool) (Source, error) {
	out := &Batches{types: types}
	for w, st := range parts {
		r, err := st.result(ctx)
		if err != nil {
			return nil, err
		}
		if dead[w] == nil {
			out.bs = append(out.bs, r.bs...)
			continue
		}
		for i, b := range r.bs {
			d := dead[w][i*resultBatch : i*resultBatch+b.N]
			if !slices.Contains(d, true) {
				out.bs = append(out.bs, b)
				continue
			}
			var sel []int32
			for j, gone := range d {
				if !gone {
					sel = append(sel, int32(j))
				}
			}
			if len(sel) > 0 {
				out.bs = append(out.bs, gatherBatch(&Batch{Cols: newVecs(len(types))}, b, sel, nil))
			}
		}
	}
	return out, nil
}
