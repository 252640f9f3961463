package engine

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/storage"
)

// aggOp is an aggregate the vectorised GROUP BY computes.
type aggOp uint8

const (
	aggFirst         aggOp = iota // a bare column: its first non-NULL value (GMS's semantics)
	aggCountRows                  // COUNT(*), COUNT(1)
	aggCount                      // COUNT(col)
	aggCountDistinct              // COUNT(DISTINCT col)
	aggSum
	aggAvg
	aggMax
	aggMin
)

// aggDef is one selected expression: an operation on the column at scan
// position pos.
type aggDef struct {
	op    aggOp
	pos   int
	codec *codec
}

// aggSpec is a compiled GroupBy: the columns to decode, the WHERE
// conjuncts, the keys and the selected aggregates.
type aggSpec struct {
	cols  []int
	preds []rowPred
	keys  []groupKey
	aggs  []aggDef
}

// accumulator keeps one aggregate's state for every group, in arrays
// indexed by group id, so updating allocates nothing per row.
type accumulator interface {
	grow(n int)
	update(b *storage.Batch, sel []uint32, gids []int32)
	// merge adds o's state; remap[g] is o's group g in this table.
	merge(o accumulator, remap []int32)
	result(g int32) (any, error)
}

func newAccumulator(d aggDef) accumulator {
	switch d.op {
	case aggFirst:
		return &firstAcc{def: d}
	case aggCountRows:
		return &countAcc{pos: -1}
	case aggCount:
		return &countAcc{pos: d.pos}
	case aggCountDistinct:
		return &distinctAcc{pos: d.pos}
	case aggSum, aggAvg:
		return &sumAcc{def: d}
	}
	return &extremeAcc{def: d, max: d.op == aggMax}
}

func isNull(v *storage.Vector, i uint32) bool { return v.Nulls != nil && v.IsNull(int(i)) }

// countAcc counts rows (pos < 0) or non-NULL values.
type countAcc struct {
	pos int
	n   []int64
}

func (a *countAcc) grow(n int) { a.n = growTo(a.n, n) }

func (a *countAcc) update(b *storage.Batch, sel []uint32, gids []int32) {
	if a.pos < 0 || b.Cols[a.pos].Nulls == nil {
		for _, g := range gids {
			a.n[g]++
		}
		return
	}
	v := b.Cols[a.pos]
	for k, i := range sel {
		if !v.IsNull(int(i)) {
			a.n[gids[k]]++
		}
	}
}

func (a *countAcc) merge(o accumulator, remap []int32) {
	for g, n := range o.(*countAcc).n {
		a.n[remap[g]] += n
	}
}

func (a *countAcc) result(g int32) (any, error) { return a.n[g], nil }

// sumAcc adds integer-kind values exactly (DECIMAL as scaled integers)
// for SUM and AVG.
type sumAcc struct {
	def      aggDef
	sum, n   []int64
	overflow bool
}

func (a *sumAcc) grow(n int) { a.sum, a.n = growTo(a.sum, n), growTo(a.n, n) }

func (a *sumAcc) update(b *storage.Batch, sel []uint32, gids []int32) {
	v := b.Cols[a.def.pos]
	for k, i := range sel {
		if isNull(v, i) {
			continue
		}
		a.add(gids[k], v.Ints[i], 1)
	}
}

func (a *sumAcc) add(g int32, x, n int64) {
	s := a.sum[g] + x
	if (x > 0 && s < a.sum[g]) || (x < 0 && s > a.sum[g]) {
		a.overflow = true
	}
	a.sum[g] = s
	a.n[g] += n
}

func (a *sumAcc) merge(o accumulator, remap []int32) {
	oa := o.(*sumAcc)
	a.overflow = a.overflow || oa.overflow
	for g := range oa.sum {
		a.add(remap[g], oa.sum[g], oa.n[g])
	}
}

// result is MySQL's (mysqlfn.Sum, mysqlfn.Avg): an exact DECIMAL with
// the column's scale (0 for integers), AVG with 4 more decimals.
func (a *sumAcc) result(g int32) (any, error) {
	if a.overflow {
		return nil, fmt.Errorf("vectorised SUM overflowed 64 bits; SET %s = 0 to compute it without", VectorizeVariable)
	}
	if a.n[g] == 0 {
		return nil, nil
	}
	s := decimal.New(a.sum[g], -a.scale())
	if a.def.op == aggAvg {
		return s.DivRound(decimal.NewFromInt(a.n[g]), a.scale()+4), nil
	}
	return s, nil
}

// scale is the summed column's: a DECIMAL's, 0 for integers.
func (a *sumAcc) scale() int32 {
	if a.def.codec.class == classDecimal {
		return a.def.codec.scale
	}
	return 0
}

// extremeAcc is MIN or MAX of an integer-kind column.
type extremeAcc struct {
	def  aggDef
	max  bool
	val  []int64
	seen []bool
}

func (a *extremeAcc) grow(n int) { a.val, a.seen = growTo(a.val, n), growTo(a.seen, n) }

func (a *extremeAcc) update(b *storage.Batch, sel []uint32, gids []int32) {
	v := b.Cols[a.def.pos]
	for k, i := range sel {
		if !isNull(v, i) {
			a.offer(gids[k], v.Ints[i])
		}
	}
}

func (a *extremeAcc) offer(g int32, x int64) {
	if !a.seen[g] || (a.max && x > a.val[g]) || (!a.max && x < a.val[g]) {
		a.val[g], a.seen[g] = x, true
	}
}

func (a *extremeAcc) merge(o accumulator, remap []int32) {
	oa := o.(*extremeAcc)
	for g := range oa.val {
		if oa.seen[g] {
			a.offer(remap[g], oa.val[g])
		}
	}
}

func (a *extremeAcc) result(g int32) (any, error) {
	if !a.seen[g] {
		return nil, nil
	}
	return a.def.codec.decodeInt(a.val[g]), nil
}

// distinctAcc counts distinct integer values per group. (group, value)
// pairs are collected, then bucketed by group with a counting sort and
// each group's few values sorted in place: linear in the pairs, where a
// hash set of pairs missed the cache on every insert. A value equal to
// the group's previous one is skipped when collected, which on data
// clustered by the key (order lines by customer) drops most repeats.
// While a group's values only ever increase (order ids of a customer's
// orders in time order) each new value is a new distinct one: such a
// group is counted as it goes, and the pairs are bucketed and sorted for
// the other groups only.
type distinctAcc struct {
	pos    int
	last   []int64
	seen   []bool
	rising []bool  // every value so far was above the one before
	n      []int64 // distinct values so far, while rising
	pairs  pairChunks
	merged []remapped // other workers' pairs, counted without copying
	counts []int64
}

type remapped struct {
	pairs pairChunks
	remap []int32
}

// pairChunks is an append-only list of pairs in fixed-size chunks, so
// that growing it never copies what is already collected.
type pairChunks [][]groupValue

const pairChunkLen = 1 << 16

func (c *pairChunks) add(p groupValue) {
	n := len(*c)
	if n == 0 || len((*c)[n-1]) == pairChunkLen {
		*c = append(*c, make([]groupValue, 0, pairChunkLen))
		n++
	}
	(*c)[n-1] = append((*c)[n-1], p)
}

type groupValue struct {
	g int32
	v int64
}

func (a *distinctAcc) grow(n int) {
	a.last, a.seen = growTo(a.last, n), growTo(a.seen, n)
	a.rising, a.n = growTo(a.rising, n), growTo(a.n, n)
}

func (a *distinctAcc) update(b *storage.Batch, sel []uint32, gids []int32) {
	v := b.Cols[a.pos]
	for k, i := range sel {
		if isNull(v, i) {
			continue
		}
		g, x := gids[k], v.Ints[i]
		switch {
		case !a.seen[g]:
			a.seen[g], a.rising[g], a.n[g] = true, true, 1
		case a.last[g] == x:
			continue
		case x > a.last[g]:
			a.n[g]++
		default:
			a.rising[g] = false
		}
		a.last[g] = x
		a.pairs.add(groupValue{g, x})
	}
}

// merge takes o's pairs; a group both tables saw may share values, so it
// is counted from its pairs.
func (a *distinctAcc) merge(o accumulator, remap []int32) {
	oa := o.(*distinctAcc)
	a.grow(len(a.seen))
	for og, g := range remap {
		if og >= len(oa.seen) || !oa.seen[og] {
			continue
		}
		if a.seen[g] {
			a.rising[g] = false
			continue
		}
		a.seen[g], a.rising[g], a.n[g], a.last[g] = true, oa.rising[og], oa.n[og], oa.last[og]
	}
	a.merged = append(a.merged, remapped{oa.pairs, remap})
}

// eachPair calls fn with every collected pair in this table's numbering.
func (a *distinctAcc) eachPair(fn func(g int32, v int64)) {
	for _, chunk := range a.pairs {
		for _, p := range chunk {
			fn(p.g, p.v)
		}
	}
	for _, m := range a.merged {
		for _, chunk := range m.pairs {
			for _, p := range chunk {
				fn(m.remap[p.g], p.v)
			}
		}
	}
}

func (a *distinctAcc) result(g int32) (any, error) {
	if a.counts == nil {
		a.count()
	}
	return a.counts[g], nil
}

func (a *distinctAcc) count() {
	n := len(a.last)
	a.counts = make([]int64, n)
	copy(a.counts, a.n)
	if !slices.Contains(a.rising[:n], false) || a.pairs == nil && a.merged == nil {
		a.pairs, a.merged = nil, nil
		return
	}
	// Only groups whose values did not only rise (a never-seen group is
	// neither: it has no pairs and counts 0).
	mixed := func(g int32) bool { return a.seen[g] && !a.rising[g] }
	start := make([]int, n+1)
	a.eachPair(func(g int32, _ int64) {
		if mixed(g) {
			start[g+1]++
		}
	})
	for g := 0; g < n; g++ {
		start[g+1] += start[g]
	}
	next := slices.Clone(start[:n])
	vals := make([]int64, start[n])
	a.eachPair(func(g int32, v int64) {
		if mixed(g) {
			vals[next[g]] = v
			next[g]++
		}
	})
	for g := 0; g < n; g++ {
		if mixed(int32(g)) {
			a.counts[g] = countUnique(vals[start[g]:start[g+1]])
		}
	}
	a.pairs, a.merged = nil, nil
}

// countUnique sorts s and counts its distinct values.
func countUnique(s []int64) int64 {
	if len(s) <= 16 {
		for i := 1; i < len(s); i++ {
			for j := i; j > 0 && s[j] < s[j-1]; j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
	} else {
		slices.Sort(s)
	}
	var c int64
	for i := range s {
		if i == 0 || s[i] != s[i-1] {
			c++
		}
	}
	return c
}

// firstAcc is a bare column in the select list: GMS returns the first
// non-NULL value the group saw.
type firstAcc struct {
	def  aggDef
	seen []bool
	ints []int64
	flts []float64
	strs [][]byte
}

func (a *firstAcc) grow(n int) {
	a.seen = growTo(a.seen, n)
	switch a.def.codec.kind {
	case storage.KindFloat:
		a.flts = growTo(a.flts, n)
	case storage.KindBytes:
		a.strs = growTo(a.strs, n)
	default:
		a.ints = growTo(a.ints, n)
	}
}

func (a *firstAcc) update(b *storage.Batch, sel []uint32, gids []int32) {
	v := b.Cols[a.def.pos]
	for k, i := range sel {
		g := gids[k]
		if a.seen[g] || isNull(v, i) {
			continue
		}
		a.seen[g] = true
		switch v.Kind {
		case storage.KindFloat:
			a.flts[g] = v.Floats[i]
		case storage.KindBytes:
			a.strs[g] = slices.Clone(v.Bytes(int(i)))
		default:
			a.ints[g] = v.Ints[i]
		}
	}
}

func (a *firstAcc) merge(o accumulator, remap []int32) {
	oa := o.(*firstAcc)
	for g, seen := range oa.seen {
		t := remap[g]
		if !seen || a.seen[t] {
			continue
		}
		a.seen[t] = true
		switch a.def.codec.kind {
		case storage.KindFloat:
			a.flts[t] = oa.flts[g]
		case storage.KindBytes:
			a.strs[t] = oa.strs[g]
		default:
			a.ints[t] = oa.ints[g]
		}
	}
}

func (a *firstAcc) result(g int32) (any, error) {
	if !a.seen[g] {
		return nil, nil
	}
	cd := a.def.codec
	switch cd.kind {
	case storage.KindFloat:
		if cd.class == classFloat32 {
			return float32(a.flts[g]), nil
		}
		return a.flts[g], nil
	case storage.KindBytes:
		return cd.decodeString(string(a.strs[g]))
	case storage.KindUint:
		return cd.decodeUint(uint64(a.ints[g])), nil
	}
	return cd.decodeInt(a.ints[g]), nil
}

// keyAcc is a bare column that is integer GROUP BY key number key: its
// value is the group's key (see keyAccumulator).
type keyAcc struct {
	def    aggDef
	groups *groupTable
	key    int
}

func (a *keyAcc) grow(int)                                 {}
func (a *keyAcc) update(*storage.Batch, []uint32, []int32) {}
func (a *keyAcc) merge(accumulator, []int32)               {}

func (a *keyAcc) result(g int32) (any, error) {
	var x int64
	switch a.groups.mode {
	case modeInt:
		if g == a.groups.null {
			return nil, nil
		}
		x = a.groups.intKeys[g]
	default:
		k := a.groups.pairKeys[g]
		x = k.a
		if a.key == 1 {
			x = k.b
		}
		if (a.key == 0 && k.na) || (a.key == 1 && k.nb) {
			return nil, nil
		}
	}
	if a.def.codec.kind == storage.KindUint {
		return a.def.codec.decodeUint(uint64(x)), nil
	}
	return a.def.codec.decodeInt(x), nil
}

// growTo extends s with zero values to length n.
func growTo[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	old := len(s)
	s = slices.Grow(s, n-old)[:n]
	clear(s[old:])
	return s
}
