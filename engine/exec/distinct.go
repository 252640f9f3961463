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
//     workers) is "mixed": its pairs are sorted by group, then value, at
//     emit and its distinct values counted there.
type intDistinctAcc struct {
	last  []int64
	seen  []bool
	mixed []bool
	c     []int64
	refs  []distinctRef // every worker's pairs, this worker's first
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

func (a *intDistinctAcc) footprint() int64 { return a.bytes + int64(len(a.c))*26 }

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
			a.c[g] = countUnique(vals[start[g]:start[g+1]])
		}
	}
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

// distinctOfAcc is an aggregate over its argument's distinct values per
// group (SUM(DISTINCT x), AVG(DISTINCT x)): a hash table of the
// (group, value) pairs seen lets only a pair's first row through to the
// inner aggregate, and a merge hands the inner aggregate only the pairs
// the receiver has not seen.
type distinctOfAcc struct {
	inner acc
	pairs *keyTable
	gid   *Vec
	cols  []*Vec
	h     []uint64
	sel   []int32 // rows (or pairs) new to the table
	gsel  []int32 // their groups
	vals  Vec
}

func newDistinctOfAcc(d aggDef, inner acc) *distinctOfAcc {
	gid := ColType{Phys: PInt, SQL: types.Int32}
	return &distinctOfAcc{inner: inner, pairs: newKeyTable([]ColType{gid, d.in}), gid: &Vec{T: gid}}
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
	v := args[0]
	a.gid.I = grow(a.gid.I, n)
	for i, g := range gids[:n] {
		a.gid.I[i] = int64(g)
	}
	a.cols = append(a.cols[:0], a.gid, v)
	a.h = hashRows(a.cols, n, a.h)
	a.sel, a.gsel = a.sel[:0], a.gsel[:0]
	for i, g := range gids[:n] {
		if v.IsNull(i) {
			continue
		}
		before := a.pairs.n
		a.pairs.find(a.cols, i, a.h[i], true)
		if a.pairs.n != before {
			a.sel, a.gsel = append(a.sel, int32(i)), append(a.gsel, g)
		}
	}
	gather(&a.vals, v, a.sel)
	return a.inner.update(a.gsel, []*Vec{&a.vals}, len(a.sel))
}

func (a *distinctOfAcc) merge(o acc, m []int32) error {
	b := o.(*distinctOfAcc)
	src := b.pairs
	if src.n == 0 {
		return nil
	}
	// The source's pairs under this state's group numbers; a pair of a
	// group not merged here (mergeSome) keeps its own and is skipped.
	mapped := &Vec{T: src.keys[0].T, I: make([]int64, src.n)}
	a.sel, a.gsel = a.sel[:0], a.gsel[:0]
	for p := range src.n {
		mapped.I[p] = int64(m[src.keys[0].I[p]])
	}
	cols := []*Vec{mapped, src.keys[1]}
	h := hashRows(cols, src.n, nil)
	for p := range src.n {
		g := mapped.I[p]
		if g < 0 {
			continue
		}
		before := a.pairs.n
		a.pairs.find(cols, p, h[p], true)
		if a.pairs.n != before {
			a.sel, a.gsel = append(a.sel, int32(p)), append(a.gsel, int32(g))
		}
	}
	gather(&a.vals, src.keys[1], a.sel)
	return a.inner.update(a.gsel, []*Vec{&a.vals}, len(a.sel))
}

func (a *distinctOfAcc) emit(ctx *sql.Context, g0, n int, out *Vec) error {
	return a.inner.emit(ctx, g0, n, out)
}
