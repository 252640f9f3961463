package exec

import "sync"

// Outer-key ranges: a decorrelated subquery runs once over every key of
// its inner table ((SELECT MAX(e.occurred_at) FROM events e WHERE
// e.customer_id = o.customer_id) groups all of events by customer), even
// when the outer rows hold a few thousand keys of a narrow range. When
// the outer rows are all at hand before the subquery runs (its pipeline
// reads an aggregate's or a sort's result), their keys' least and
// greatest value are passed to the inner scan, which skips the segments
// outside them (exec.RangeRestricter) as a runtime join filter does.

// outputBound is a range of an integer output column.
type outputBound struct {
	col    int
	lo, hi int64
}

// keyBound is a range of one outer key; ok is false when it is unknown.
type keyBound struct {
	lo, hi int64
	ok     bool
}

// offerOuterRanges gives the decorrelated subqueries of p's operators
// the ranges of their outer keys, when p reads rows already held.
func (p *Pipeline) offerOuterRanges() {
	held, ok := heldRows(p.Src)
	if !ok {
		return
	}
	for k, op := range p.Ops {
		var ec *exprCompiler
		switch op := op.(type) {
		case *projectSpec:
			ec = op.ec
		case *filterSpec:
			ec = op.ec
		}
		if ec == nil {
			continue
		}
		for _, l := range ec.lookups {
			bounds := make([]keyBound, len(l.outer))
			for i, o := range l.outer {
				ref, isRef := o.(colRef)
				if !isRef {
					continue
				}
				col, traced := p.sourceColumn(k, ref.i)
				if traced && integerType(p.Src.Types()[col]) {
					bounds[i].lo, bounds[i].hi, bounds[i].ok = batchesIntRange(held, col)
				}
			}
			l.offer(bounds)
		}
	}
}

// heldRows is the batches an opened src serves from, when it holds them
// all already (an aggregate's result, a sort's input); a sort under a
// LIMIT holds more rows than it serves, so their range covers the
// served ones.
func heldRows(src Source) ([]*Batch, bool) {
	switch s := src.(type) {
	case *Batches:
		return s.bs, true
	case *sortedSource:
		return s.r.bs, true
	case *sinkSource:
		return heldRows(s.out)
	}
	return nil, false
}

// batchesIntRange is the least and greatest non-NULL value of column
// col over bs (lo > hi when there is none); ok is false when a batch
// does not hold the column.
func batchesIntRange(bs []*Batch, col int) (lo, hi int64, ok bool) {
	lo, hi = 1, 0
	for _, b := range bs {
		if b == nil || b.N == 0 {
			continue
		}
		v := b.Cols[col]
		if v == nil || v.Absent || len(v.I) < b.N {
			return 0, 0, false
		}
		l, h := v.intRange(b.N)
		if l > h {
			continue
		}
		if lo > hi {
			lo, hi = l, h
			continue
		}
		lo, hi = min(lo, l), max(hi, h)
	}
	return lo, hi, true
}

// offer sets the bounds the next inner run may be restricted to. An
// inner result restricted to bounds that do not cover these (the
// pipeline opened again over other outer rows) is dropped, to be run
// again.
func (k *keyedLookup) offer(bounds []keyBound) {
	if k.applied != nil && !covers(k.applied, bounds) {
		k.once, k.err, k.keys, k.applied = sync.Once{}, nil, nil, nil
	}
	k.offered = bounds
}

// covers reports whether every range of outer lies within the
// corresponding one of inner (an unknown inner range covers anything).
func covers(inner, outer []keyBound) bool {
	for i, in := range inner {
		o := outer[i]
		if !in.ok {
			continue
		}
		if !o.ok || o.lo <= o.hi && (o.lo < in.lo || o.hi > in.hi) {
			return false
		}
	}
	return true
}

// restrictInner asks the inner pipeline, about to run, to leave out the
// rows whose keys (its output columns from first on) lie outside the
// offered bounds, and records them as applied.
func (k *keyedLookup) restrictInner(first int) {
	k.applied = make([]keyBound, len(k.outer))
	for i, b := range k.offered {
		if b.ok {
			k.inner.pending = append(k.inner.pending, outputBound{first + i, b.lo, b.hi})
			k.applied[i] = b
		}
	}
}

// passPending moves p's pending bounds to the pipeline below its source
// when that source is an aggregate grouped by the bounded columns, and
// returns those that fall on p's own source's columns.
func (p *Pipeline) passPending() []outputBound {
	var own []outputBound
	for _, b := range p.pending {
		col, traced := p.sourceColumn(len(p.Ops), b.col)
		if !traced {
			continue
		}
		switch src := p.Src.(type) {
		case *sinkSource:
			agg, isAgg := src.sink.(*AggSpec)
			if !isAgg || col >= len(agg.aggs) || agg.aggs[col].key < 0 {
				continue
			}
			if ref, isRef := agg.keys[agg.aggs[col].key].(colRef); isRef {
				src.p.pending = append(src.p.pending, outputBound{ref.i, b.lo, b.hi})
			}
		case RangeRestricter:
			own = append(own, outputBound{col, b.lo, b.hi})
		}
	}
	p.pending = nil
	return own
}
