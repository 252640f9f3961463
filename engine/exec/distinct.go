package exec

import (
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// intDistinctAcc is COUNT(DISTINCT x) of one integer-like argument
// (integers, DECIMALs, dates, datetimes: one int64 each). Instead of a
// hash table of (group, value) pairs it keeps the pairs in arrival order
// and counts at the end, because the common input is sorted: a scan in
// the table's sort key hands a group its values rising, or repeated.
//   - a value equal to the group's previous one is dropped at once;
//   - while a group's values keep rising each one is new, so the group
//     is counted as it goes and never sorted;
//   - a group that saw a value out of order (or values from two
//     workers) is "mixed": its pairs are placed by group at emit and
//     counted there, merged as rising runs when they are a few (one per
//     worker), else sorted; a pairFilter drops their repeats on arrival
//     while it finds many.
//
// packedDistinctAcc hands it several integer arguments packed in one word.
type intDistinctAcc struct {
	last  []int64
	seen  []bool
	mixed []bool
	c     []int64
	refs  []distinctRef // every worker's pairs, this worker's first
	seenF pairFilter    // repeats of mixed groups' pairs
	done  bool          // mixed groups are counted
	bytes int64
}

// distinctChunkSize bounds the pair arrays so growing never copies them.
const distinctChunkSize = 16 << 10

type distinctChunk struct {
	g []int32
	v []int64
}

// distinctRef is one worker's pair chunks; its group g is group m[g] of the
// state that holds the ref (m nil: the same).
type distinctRef struct {
	chunks []*distinctChunk
	m      []int32
}

func newIntDistinctAcc() *intDistinctAcc {
	return &intDistinctAcc{refs: []distinctRef{{}}}
}

func (a *intDistinctAcc) resize(n int) {
	a.last, a.seen = growZero(a.last, n), growZero(a.seen, n)
	a.mixed, a.c = growZero(a.mixed, n), growZero(a.c, n)
}

func (a *intDistinctAcc) footprint() int64 {
	return a.bytes + int64(len(a.c))*26 + a.seenF.footprint()
}

func (a *intDistinctAcc) update(gids []int32, args []*Vec, n int) error {
	v := args[0]
	for i, g := range gids[:n] {
		if v.IsNull(i) {
			continue
		}
		x := v.I[i]
		switch {
		case !a.seen[g]:
			a.seen[g] = true
		case x == a.last[g]:
			continue
		case a.mixed[g]:
			a.last[g] = x
			if a.seenF.fresh(g, x) {
				a.add(g, x)
			}
			continue
		case x < a.last[g]:
			a.mixed[g] = true
		}
		a.last[g] = x
		a.c[g]++
		a.add(g, x)
	}
	return nil
}

// add appends the pair (g, x) to this worker's chunks.
func (a *intDistinctAcc) add(g int32, x int64) {
	own := &a.refs[0]
	cs := own.chunks
	if len(cs) == 0 || len(cs[len(cs)-1].g) == distinctChunkSize {
		cs = append(cs, &distinctChunk{g: make([]int32, 0, distinctChunkSize), v: make([]int64, 0, distinctChunkSize)})
		own.chunks = cs
		a.bytes += distinctChunkSize * 12
	}
	c := cs[len(cs)-1]
	c.g, c.v = append(c.g, g), append(c.v, x)
}

// merge takes o's pairs by reference; a group both sides saw is mixed.
func (a *intDistinctAcc) merge(o acc, m []int32) error {
	b := o.(*intDistinctAcc)
	for g, ok := range b.seen {
		if !ok {
			continue
		}
		d := m[g]
		if d < 0 {
			continue // a group left where it is (mergeSome)
		}
		if a.seen[d] {
			a.mixed[d] = true
			a.c[d] += b.c[g]
			continue
		}
		a.seen[d], a.mixed[d], a.c[d], a.last[d] = true, b.mixed[g], b.c[g], b.last[g]
	}
	for _, r := range b.refs {
		a.refs = append(a.refs, distinctRef{chunks: r.chunks, m: compose(m, r.m)})
	}
	a.bytes += b.bytes
	return nil
}

// compose is the mapping "r, then m".
func compose(m, r []int32) []int32 {
	if r == nil {
		return m
	}
	out := make([]int32, len(r))
	for i, g := range r {
		out[i] = m[g]
	}
	return out
}

func (a *intDistinctAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	if !a.done {
		a.countMixed()
		a.done = true
	}
	copy(out.I, a.c[g0:g0+n])
	return nil
}

// countMixed counts the distinct values of the mixed groups: their
// pairs are placed by group (a counting sort), each group's values
// sorted and their runs counted.
func (a *intDistinctAcc) countMixed() {
	start := make([]int32, len(a.c)+1)
	some := false
	a.eachPair(func(g int32, _ int64) {
		if a.mixed[g] {
			start[g+1]++
			some = true
		}
	})
	if !some {
		return
	}
	for g := range a.c {
		start[g+1] += start[g]
	}
	vals := make([]int64, start[len(a.c)])
	pos := slices.Clone(start[:len(a.c)])
	a.eachPair(func(g int32, x int64) {
		if a.mixed[g] {
			vals[pos[g]] = x
			pos[g]++
		}
	})
	for g, mixed := range a.mixed {
		if mixed {
			a.c[g] = countRuns(vals[start[g]:start[g+1]])
		}
	}
}

// maxMergedRuns is the most rising runs countRuns merges rather than sorts.
const maxMergedRuns = 8

// countRuns counts the distinct values of xs. A group that is mixed only
// because several workers saw it holds one strictly rising run per
// worker (each worker's values arrive rising): those are merged, a pass
// per run; a group whose values arrived out of order is sorted.
func countRuns(xs []int64) int64 {
	var runs [maxMergedRuns][]int64
	k := 0
	for rest := xs; len(rest) > 0; k++ {
		if k == maxMergedRuns {
			return countUnique(xs)
		}
		n := risingPrefix(rest)
		runs[k], rest = rest[:n], rest[n:]
	}
	switch k {
	case 0:
		return 0
	case 1:
		return int64(len(xs))
	case 2:
		return int64(len(xs)) - commonCount(runs[0], runs[1])
	}
	merged := runs[0]
	for _, r := range runs[1:k] {
		merged = mergeUnion(merged, r, make([]int64, 0, len(merged)+len(r)))
	}
	return int64(len(merged))
}

// risingPrefix is the length of xs's strictly rising prefix.
func risingPrefix(xs []int64) int {
	for i := 1; i < len(xs); i++ {
		if xs[i] <= xs[i-1] {
			return i
		}
	}
	return len(xs)
}

// commonCount is how many values two strictly rising runs share.
func commonCount(a, b []int64) int64 {
	n, i, j := int64(0), 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// mergeUnion appends the union of two strictly rising runs to out.
func mergeUnion(a, b, out []int64) []int64 {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// eachPair calls f for every pair of every worker, in this state's groups.
func (a *intDistinctAcc) eachPair(f func(g int32, x int64)) {
	for _, r := range a.refs {
		for _, c := range r.chunks {
			for i, g := range c.g {
				if r.m != nil {
					g = r.m[g]
				}
				if g >= 0 {
					f(g, c.v[i])
				}
			}
		}
	}
}

// countUnique sorts xs and counts its distinct values.
func countUnique(xs []int64) int64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := int64(1)
	for i := 1; i < len(xs); i++ {
		if xs[i] != xs[i-1] {
			n++
		}
	}
	return n
}

// pairSet is a set of (group, values…) tuples, told which rows of a
// batch or which tuples of another worker's set are new to it: the
// DISTINCT of COUNT(DISTINCT a, b), SUM(DISTINCT x) and GROUP_CONCAT
// (DISTINCT …).
type pairSet struct {
	t    *keyTable
	gid  *Vec
	cols []*Vec
	h    []uint64
	ids  []int32
}

func newPairSet(args []ColType) *pairSet {
	gid := ColType{Phys: PInt, SQL: types.Int32}
	return &pairSet{t: newKeyTable(append([]ColType{gid}, args...)), gid: &Vec{T: gid}}
}

// typesOf are the layouts of xs.
func typesOf(xs []Expr) []ColType {
	ts := make([]ColType, len(xs))
	for i, x := range xs {
		ts[i] = x.Type()
	}
	return ts
}

func (p *pairSet) footprint() int64 { return p.t.footprint() }

// addRows adds the tuples of rows 0..n-1 (groups gids, values args) and
// sets keep[i] for those that were new; a row with a NULL among args is
// left out when skipNulls.
func (p *pairSet) addRows(gids []int32, args []*Vec, n int, skipNulls bool, keep []bool) {
	p.gid.I = grow(p.gid.I, n)
	for i, g := range gids[:n] {
		p.gid.I[i] = int64(g)
	}
	p.cols = append(append(p.cols[:0], p.gid), args...)
	p.h = hashRows(p.cols, n, p.h)
	if !skipNulls || !anyHasNull(args, n) {
		// New tuples are numbered in order of first appearance: a row
		// whose tuple is the next number is the first of it.
		p.ids = grow(p.ids, n)
		next := int32(p.t.n)
		p.t.findAll(p.cols, n, p.h, true, p.ids)
		for i, id := range p.ids[:n] {
			keep[i] = id == next
			if keep[i] {
				next++
			}
		}
		return
	}
	for i := range n {
		keep[i] = !anyNullAt(args, i) && p.insert(p.cols, i, p.h[i])
	}
}

// addSet adds the tuples of o, whose group g is group m[g] here
// (m[g] < 0: left out), and sets keep[k] for o's tuple k if it was new.
func (p *pairSet) addSet(o *pairSet, m []int32, keep []bool) {
	src := o.t
	p.t.growFor(p.t.n + src.n)
	mapped := &Vec{T: src.keys[0].T, I: make([]int64, src.n)}
	for k := range src.n {
		mapped.I[k] = int64(m[src.keys[0].I[k]])
	}
	cols := append([]*Vec{mapped}, src.keys[1:]...)
	h := hashRows(cols, src.n, nil)
	for k := range src.n {
		keep[k] = mapped.I[k] >= 0 && p.insert(cols, k, h[k])
	}
}

// insert adds row i of cols and reports whether it was new.
func (p *pairSet) insert(cols []*Vec, i int, h uint64) bool {
	before := p.t.n
	p.t.find(cols, i, h, true)
	return p.t.n != before
}

// anyNullAt reports whether row i is NULL in any of vs.
func anyNullAt(vs []*Vec, i int) bool {
	for _, v := range vs {
		if v.IsNull(i) {
			return true
		}
	}
	return false
}

// distinctOfAcc is an aggregate over its arguments' distinct values per
// group (COUNT(DISTINCT a, b), SUM(DISTINCT x)): a pair set lets only a
// tuple's first row through to the inner aggregate, and a merge hands it
// only the tuples the receiver has not seen. Rows with a NULL argument
// are left out, as DISTINCT aggregates leave them.
type distinctOfAcc struct {
	inner acc
	pairs *pairSet
	keep  []bool
	sel   []int32 // rows (or tuples) new to the set
	gsel  []int32 // their groups
	vals  []*Vec
}

func newDistinctOfAcc(args []ColType, inner acc) *distinctOfAcc {
	a := &distinctOfAcc{inner: inner, pairs: newPairSet(args)}
	for range args {
		a.vals = append(a.vals, &Vec{})
	}
	return a
}

func (a *distinctOfAcc) resize(n int) { a.inner.resize(n) }

func (a *distinctOfAcc) footprint() int64 {
	n := a.pairs.footprint()
	if f, ok := a.inner.(footprinter); ok {
		n += f.footprint()
	}
	return n
}

func (a *distinctOfAcc) update(gids []int32, args []*Vec, n int) error {
	a.keep = grow(a.keep, n)
	a.pairs.addRows(gids, args, n, true, a.keep)
	return a.feed(gids, args, n)
}

func (a *distinctOfAcc) merge(o acc, m []int32) error {
	src := o.(*distinctOfAcc).pairs.t
	if src.n == 0 {
		return nil
	}
	a.keep = grow(a.keep, src.n)
	a.pairs.addSet(o.(*distinctOfAcc).pairs, m, a.keep)
	gids := make([]int32, src.n)
	for k := range src.n {
		gids[k] = int32(m[src.keys[0].I[k]])
	}
	return a.feed(gids, src.keys[1:], src.n)
}

// feed hands the inner aggregate the rows of args that keep marks.
func (a *distinctOfAcc) feed(gids []int32, args []*Vec, n int) error {
	a.sel, a.gsel = a.sel[:0], a.gsel[:0]
	for i, g := range gids[:n] {
		if a.keep[i] {
			a.sel, a.gsel = append(a.sel, int32(i)), append(a.gsel, g)
		}
	}
	for k, v := range args {
		gather(a.vals[k], v, a.sel)
	}
	return a.inner.update(a.gsel, a.vals, len(a.sel))
}

func (a *distinctOfAcc) emit(ctx *sql.Context, g0, n int, out *Vec) error {
	return a.inner.emit(ctx, g0, n, out)
}
