package engine

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"

	"github.com/cohortdb/cohortdb/contract/membudget"
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
	if jp.count != nil {
		if it, ok, err := jp.count.run(ctx, jp, lp, rp); ok {
			pairCounts.Add(1)
			return it, err
		}
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
		states[w].acct = membudget.FromContext(ctx)
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

func (jp *joinPlan) buildRight(ctx *sql.Context, preds []rowPred) (*buildTable, error) {
	return buildSide(ctx, jp.right, jp.rightCols, preds)
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
		if isNull(lv, i) || p.bt.null(c.right, j) {
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
			if p.bt.null(sc.idx, j) {
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
