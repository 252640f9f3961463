package engine

import (
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"

	"github.com/cohortdb/cohortdb/storage"
)

// joinAgg is a GroupBy over a join of two cohortdb tables, computed on
// vectors (see planJoinAgg). Its output rows are exactly the GroupBy's.
type joinAgg struct {
	gb   *plan.GroupBy
	plan *joinPlan
}

var _ sql.ExecSourceRel = (*joinAgg)(nil)
var _ sql.Projector = (*joinAgg)(nil)

// ProjectedExprs: see vectorAgg.ProjectedExprs.
func (n *joinAgg) ProjectedExprs() []sql.Expression { return n.gb.SelectedExprs }

func (n *joinAgg) Schema() sql.Schema   { return n.gb.Schema() }
func (n *joinAgg) Resolved() bool       { return true }
func (n *joinAgg) IsReadOnly() bool     { return true }
func (n *joinAgg) Children() []sql.Node { return nil }

func (n *joinAgg) WithChildren(children ...sql.Node) (sql.Node, error) {
	if len(children) != 0 {
		return nil, sql.ErrInvalidChildrenNumber.New(n, len(children), 0)
	}
	return n, nil
}

func (n *joinAgg) String() string {
	p := sql.NewTreePrinter()
	_ = p.WriteNode("VectorJoinGroupBy")
	sel := make([]string, len(n.gb.SelectedExprs))
	for i, e := range n.gb.SelectedExprs {
		sel[i] = e.String()
	}
	grp := make([]string, len(n.gb.GroupByExprs))
	for i, e := range n.gb.GroupByExprs {
		grp[i] = e.String()
	}
	_ = p.WriteChildren(fmt.Sprintf("select: %v", sel), fmt.Sprintf("group: %v", grp), n.gb.Child.String())
	return p.String()
}

// pairBatch bounds the joined rows materialised at once per worker.
const pairBatch = 1 << 16

func (n *joinAgg) RowIter(ctx *sql.Context, _ sql.Row) (sql.RowIter, error) {
	jp := n.plan
	lp, err := bindSets(ctx, jp.left.preds)
	if err != nil {
		return nil, err
	}
	rp, err := bindSets(ctx, jp.right.preds)
	if err != nil {
		return nil, err
	}
	bt, err := jp.buildRight(ctx, rp)
	if err != nil {
		return nil, err
	}
	snap := jp.left.t.snapshot(ctx)
	parts := snap.Parts()
	states := make([]*aggState, workersFor(parts))
	grid, useGrid := jp.keyRanges(ctx)
	probers := make([]*prober, len(states))
	for w := range states {
		states[w] = newAggState(jp.spec)
		if useGrid {
			states[w].groups.useGrid(grid[0], grid[1], grid[2], grid[3])
		}
		probers[w] = &prober{jp: jp, bt: bt, st: states[w], preds: lp}
	}
	err = inParallel(len(states), func(w int) error {
		return scanShare(ctx, jp.left.t, jp.left.comp.cols, snap, parts, w, len(states), probers[w].consume)
	})
	if err != nil {
		return nil, err
	}
	return mergeStates(states)
}

// keyRanges returns the value ranges of two plain integer group keys,
// from the zone maps of their tables, for the pair grid; false when
// unknown (a part without zone maps, expressions, other kinds).
func (jp *joinPlan) keyRanges(ctx *sql.Context) ([4]int64, bool) {
	var out [4]int64
	if len(jp.spec.keys) != 2 {
		return out, false
	}
	for i, k := range jp.spec.keys {
		c, ok := k.ints.(colInt)
		if !ok || k.isBytes {
			return out, false
		}
		sc := jp.synth[c.pos]
		side, ord := jp.left, 0
		if sc.side == 0 {
			ord = jp.left.comp.cols[sc.idx]
		} else {
			side, ord = jp.right, jp.rightCols[sc.idx]
		}
		lo, hi, ok := columnRange(side.t.snapshot(ctx), side.t, ord)
		if !ok || sc.cd.kind != storage.KindInt {
			return out, false
		}
		out[2*i], out[2*i+1] = lo, hi
	}
	return out, true
}

// columnRange is the stored-value range of a column over every part of a
// snapshot, from zone maps; false when a part has none.
func columnRange(snap *storage.Snapshot, t *Table, ord int) (int64, int64, bool) {
	if !sameLayout(snap.Def(), t.sch.def) {
		return 0, 0, false
	}
	var lo, hi int64
	found := false
	for _, p := range snap.Parts() {
		if p.Kind != storage.PartSegment || ord >= len(p.Zones) {
			return 0, 0, false
		}
		z := p.Zones[ord]
		if !z.HasRange {
			continue
		}
		if !found || z.MinI < lo {
			lo = z.MinI
		}
		if !found || z.MaxI > hi {
			hi = z.MaxI
		}
		found = true
	}
	return lo, hi, found
}

// buildTable is the right side: its collected columns in key order and
// the range of positions of each key.
type buildTable struct {
	keys  []int64
	cols  [][]int64
	nulls [][]bool
	// With dense keys (ids), start[k-min] .. start[k-min+1] are the
	// positions of key k: one array read per probe.
	min   int64
	start []int32
}

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

func (jp *joinPlan) buildRight(ctx *sql.Context, preds []rowPred) (*buildTable, error) {
	s := jp.right
	bt := &buildTable{cols: make([][]int64, len(jp.rightCols)), nulls: make([][]bool, len(jp.rightCols))}
	pos := make([]int, len(jp.rightCols))
	for c, ord := range jp.rightCols {
		pos[c] = s.comp.pos[ord]
	}
	var sel []uint32
	snap := s.t.snapshot(ctx)
	parts := snap.Parts()
	rows := 0
	for _, p := range parts {
		rows += p.Live
	}
	bt.keys = make([]int64, 0, rows)
	for c := range bt.cols {
		bt.cols[c], bt.nulls[c] = make([]int64, 0, rows), make([]bool, 0, rows)
	}
	err := scanShare(ctx, s.t, s.comp.cols, snap, parts, 0, 1, func(b *storage.Batch) error {
		sel = selectRows(b, preds, sel)
		kv := b.Cols[s.key]
		for _, i := range sel {
			if isNull(kv, i) {
				continue
			}
			bt.keys = append(bt.keys, kv.Ints[i])
			for c, p := range pos {
				v := b.Cols[p]
				bt.cols[c] = append(bt.cols[c], v.Ints[i])
				bt.nulls[c] = append(bt.nulls[c], isNull(v, i))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bt.sortByKey()
	return bt, nil
}

// sortByKey orders the build rows by key (a no-op when the scan already
// delivered them so). Keys spanning a range not much wider than their
// number (order ids, customer ids) are placed by a counting sort, which
// also gives the dense index; others are sorted by comparison.
func (bt *buildTable) sortByKey() {
	if bt.countingSort() {
		return
	}
	if !slices.IsSorted(bt.keys) {
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
			bt.cols[c], bt.nulls[c] = gather(bt.cols[c], perm), gather(bt.nulls[c], perm)
		}
	}
}

// countingSort places the rows by key when the key range is dense, and
// builds start; false leaves everything as it was.
func (bt *buildTable) countingSort() bool {
	n := len(bt.keys)
	if n == 0 || n > math.MaxInt32-1 {
		return false
	}
	lo, hi := bt.keys[0], bt.keys[0]
	for _, k := range bt.keys {
		lo, hi = min(lo, k), max(hi, k)
	}
	span := uint64(hi - lo)
	if hi-lo < 0 || span > 4*uint64(n)+1024 {
		return false
	}
	start := make([]int32, span+2)
	for _, k := range bt.keys {
		start[k-lo+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	next := slices.Clone(start[:span+1])
	perm := make([]int32, n)
	for i, k := range bt.keys {
		perm[next[k-lo]] = int32(i)
		next[k-lo]++
	}
	bt.keys = gather(bt.keys, perm)
	for c := range bt.cols {
		bt.cols[c], bt.nulls[c] = gather(bt.cols[c], perm), gather(bt.nulls[c], perm)
	}
	bt.min, bt.start = lo, start
	return true
}

func gather[T any](s []T, perm []int32) []T {
	out := make([]T, len(perm))
	for i, p := range perm {
		out[i] = s[p]
	}
	return out
}

// prober turns one worker's left batches into joined batches.
type prober struct {
	jp    *joinPlan
	preds []rowPred // the left side's, set predicates resolved
	bt    *buildTable
	st    *aggState
	sel   []uint32
	li    []uint32 // left position of each pair
	rj    []int32  // build row of each pair
	vecs  []*storage.Vector
	batch storage.Batch
}

func (p *prober) consume(b *storage.Batch) error {
	p.sel = selectRows(b, p.preds, p.sel)
	kv := b.Cols[p.jp.left.key]
	last, have := int64(0), false
	var r [2]int32
	for _, i := range p.sel {
		if isNull(kv, i) {
			continue
		}
		if k := kv.Ints[i]; !have || k != last {
			r = p.bt.rangeOf(k, r)
			last, have = k, true
		}
		for j := r[0]; j < r[1]; j++ {
			if !p.crossOK(b, i, j) {
				continue
			}
			p.li, p.rj = append(p.li, i), append(p.rj, j)
			if len(p.li) == pairBatch {
				if err := p.flush(b); err != nil {
					return err
				}
			}
		}
	}
	return p.flush(b)
}

func (p *prober) crossOK(b *storage.Batch, i uint32, j int32) bool {
	for _, c := range p.jp.cross {
		lv := b.Cols[c.left]
		if isNull(lv, i) || p.bt.nulls[c.right][j] {
			return false
		}
		x, y := lv.Ints[i], p.bt.cols[c.right][j]
		var ok bool
		switch c.op {
		case opEQ:
			ok = x == y
		case opLT:
			ok = x < y
		case opLE:
			ok = x <= y
		case opGT:
			ok = x > y
		case opGE:
			ok = x >= y
		}
		if !ok {
			return false
		}
	}
	return true
}

// flush aggregates the pairs collected so far as one joined batch.
func (p *prober) flush(b *storage.Batch) error {
	if len(p.li) == 0 {
		return nil
	}
	for len(p.vecs) < len(p.jp.synth) {
		p.vecs = append(p.vecs, &storage.Vector{})
	}
	for c, sc := range p.jp.synth {
		p.fill(p.vecs[c], sc, b)
	}
	p.batch = storage.Batch{N: len(p.li), Cols: p.vecs[:len(p.jp.synth)]}
	err := p.st.consume(&p.batch)
	p.li, p.rj = p.li[:0], p.rj[:0]
	return err
}

// fill gathers one joined column.
func (p *prober) fill(v *storage.Vector, sc synthCol, b *storage.Batch) {
	v.Kind, v.N, v.Nulls = sc.cd.kind, len(p.li), nil
	if sc.side == 1 {
		v.Ints = v.Ints[:0]
		for k, j := range p.rj {
			v.Ints = append(v.Ints, p.bt.cols[sc.idx][j])
			if p.bt.nulls[sc.idx][j] {
				addNull(v, k)
			}
		}
		return
	}
	src := b.Cols[sc.idx]
	if src.Kind == storage.KindBytes {
		v.Data, v.Offsets, v.Codes = v.Data[:0], append(v.Offsets[:0], 0), nil
		for k, i := range p.li {
			v.Data = append(v.Data, src.Bytes(int(i))...)
			v.Offsets = append(v.Offsets, uint32(len(v.Data)))
			if isNull(src, i) {
				addNull(v, k)
			}
		}
		return
	}
	v.Ints = v.Ints[:0]
	for k, i := range p.li {
		v.Ints = append(v.Ints, src.Ints[i])
		if isNull(src, i) {
			addNull(v, k)
		}
	}
}

func addNull(v *storage.Vector, k int) {
	if v.Nulls == nil {
		v.Nulls = roaring.New()
	}
	v.Nulls.Add(uint32(k))
}
