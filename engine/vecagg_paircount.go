package engine

import (
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"slices"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// pairCount runs a joinAgg that counts, for each pair of two integer
// group keys, the distinct join keys producing it: product pairs bought
// together, COUNT(DISTINCT a.order_id) over a self-join on order_id. Any
// other selected expression must be one of the two keys.
//
// Both sides are collected sorted by join key, so all the joined rows of
// one key are met together: the key's pairs (packed into one uint64 each)
// are deduplicated on the spot, and COUNT(DISTINCT key) becomes a plain
// count of how often each packed pair occurs over all keys, done by
// countPacked. No per-group structure (hash table, per-group set of
// distinct values) is touched per joined row.
type pairCount struct {
	cols [2][]int // table ordinals collected per side (0 left, 1 right)
	// shared: both sides are the same rows of one table (a self-join with
	// the same conditions), collected once; cols[0] serves both.
	shared   bool
	keys     [2]pairRef
	cross    []pairCross
	distinct []int // indexes in spec.aggs of the COUNT(DISTINCT join key)s
}

// pairCounts counts GroupBys run as a pairCount (for tests).
var pairCounts atomic.Int64

// pairRef is a collected column: cols[side][col].
type pairRef struct{ side, col int }

// pairCross is a crossPred on collected columns.
type pairCross struct {
	left, right int
	op          zoneOp
}

// planPairCount recognises the shape pairCount runs; nil otherwise.
func (jp *joinPlan) planPairCount() *pairCount {
	sp := jp.spec
	if len(sp.keys) != 2 || len(sp.preds) != 0 {
		return nil
	}
	pc := &pairCount{shared: jp.sameRows()}
	var keyPos [2]int
	for i, k := range sp.keys {
		c, ok := k.ints.(colInt)
		if !ok || k.isBytes {
			return nil
		}
		r, ok := pc.ref(jp, c.pos)
		if !ok {
			return nil
		}
		pc.keys[i], keyPos[i] = r, c.pos
	}
	joinKey := [2]int{jp.left.comp.cols[jp.left.key], jp.right.comp.cols[jp.right.key]}
	for i, a := range sp.aggs {
		switch a.op {
		case aggFirst:
			// Read from the group's key (keyAccumulator's conditions).
			intKind := a.codec.kind == storage.KindInt || a.codec.kind == storage.KindUint
			if !intKind || (a.pos != keyPos[0] && a.pos != keyPos[1]) {
				return nil
			}
		case aggCountDistinct:
			side, ord := jp.synthOrdinal(a.pos)
			if ord != joinKey[side] {
				return nil
			}
			pc.distinct = append(pc.distinct, i)
		default:
			return nil
		}
	}
	for _, c := range jp.cross {
		pc.cross = append(pc.cross, pairCross{
			left:  pc.add(0, jp.left.comp.cols[c.left]),
			right: pc.add(1, jp.rightCols[c.right]),
			op:    c.op,
		})
	}
	if pc.shared {
		// The one scan is the left side's: it decodes every column.
		for _, ord := range pc.cols[0] {
			jp.left.comp.columnByOrdinal(ord)
		}
	}
	return pc
}

// sameRows reports whether the two sides select the same rows of the
// same table. The left side's scan then serves both: its zone pruning
// comes from filters that are among its conditions, which are the right
// side's too.
func (jp *joinPlan) sameRows() bool {
	l, r := jp.left, jp.right
	if l.t.st != r.t.st || len(l.t.bitmaps) > 0 || len(r.t.bitmaps) > 0 ||
		len(l.preds) != len(r.preds) || l.comp.cols[l.key] != r.comp.cols[r.key] {
		return false
	}
	for i := range l.preds {
		a, b := l.preds[i], r.preds[i]
		if a.set != nil || b.set != nil {
			return false
		}
		a.pos, b.pos = l.comp.cols[a.pos], r.comp.cols[b.pos]
		if !reflect.DeepEqual(a, b) {
			return false
		}
	}
	return true
}

// synthOrdinal is the side and table ordinal of joined column pos.
func (jp *joinPlan) synthOrdinal(pos int) (int, int) {
	sc := jp.synth[pos]
	if sc.side == 0 {
		return 0, jp.left.comp.cols[sc.idx]
	}
	return 1, jp.rightCols[sc.idx]
}

// ref collects joined column pos, which must hold integers.
func (pc *pairCount) ref(jp *joinPlan, pos int) (pairRef, bool) {
	k := jp.synth[pos].cd.kind
	if k != storage.KindInt && k != storage.KindUint {
		return pairRef{}, false
	}
	side, ord := jp.synthOrdinal(pos)
	return pairRef{side, pc.add(side, ord)}, true
}

func (pc *pairCount) add(side, ord int) int {
	if pc.shared {
		side = 0
	}
	if i := slices.Index(pc.cols[side], ord); i >= 0 {
		return i
	}
	pc.cols[side] = append(pc.cols[side], ord)
	return len(pc.cols[side]) - 1
}

// keyCode maps one group key's values to 1 … hi-lo+1, NULL to 0, so two
// keys pack into one uint64 that sorts as (key 0, key 1).
type keyCode struct {
	lo   int64
	bits uint
}

// codeFor finds a key column's range; false when the two keys' codes
// cannot share 64 bits.
func codeFor(bt *buildTable, c int) (keyCode, bool) {
	lo, hi, seen := int64(0), int64(0), false
	for i, v := range bt.cols[c] {
		if bt.null(c, int32(i)) {
			continue
		}
		if !seen || v < lo {
			lo = v
		}
		if !seen || v > hi {
			hi = v
		}
		seen = true
	}
	if hi-lo < 0 || uint64(hi-lo) >= math.MaxUint64-1 {
		return keyCode{}, false
	}
	return keyCode{lo: lo, bits: uint(bits.Len64(uint64(hi-lo) + 1))}, true
}

// run computes the groups; false (before any rows are returned) when the
// keys' values are too wide to pack, for the general path to take over.
func (pc *pairCount) run(ctx *sql.Context, jp *joinPlan, lp, rp []rowPred) (sql.RowIter, bool, error) {
	var sides [2]*buildTable
	var err error
	if sides[0], err = buildSide(ctx, jp.left, pc.cols[0], lp); err != nil {
		return nil, true, err
	}
	if pc.shared {
		sides[1] = sides[0]
	} else if sides[1], err = buildSide(ctx, jp.right, pc.cols[1], rp); err != nil {
		return nil, true, err
	}
	var codes [2]keyCode
	for i, r := range pc.keys {
		var ok bool
		if codes[i], ok = codeFor(sides[r.side], r.col); !ok {
			return nil, false, nil
		}
	}
	if codes[0].bits+codes[1].bits > 64 {
		return nil, false, nil
	}
	bufs, err := pc.emitAll(ctx, sides, codes)
	if err != nil {
		return nil, true, err
	}
	emitted := 0
	for _, c := range bufs {
		emitted += len(c)
	}
	if emitted >= math.MaxInt32 {
		return nil, true, fmt.Errorf("%d joined pairs are more than a vectorised GROUP BY counts; SET %s = 0 to compute it without", emitted, VectorizeVariable)
	}
	packed, counts := countPacked(bufs, int(codes[0].bits+codes[1].bits))
	st := newAggState(jp.spec)
	g := st.groups
	g.pairKeys = make([]intPair, len(packed))
	for i, p := range packed {
		k := &g.pairKeys[i]
		k.a, k.na = codes[0].value(p >> codes[1].bits)
		k.b, k.nb = codes[1].value(p & (1<<codes[1].bits - 1))
	}
	g.n = int32(len(packed))
	// A group's count of distinct join keys, for every COUNT(DISTINCT).
	cnt := &countAcc{pos: -1, n: counts}
	for _, i := range pc.distinct {
		st.accs[i] = cnt
	}
	it, err := mergeStates([]*aggState{st})
	return it, true, err
}

// value is the key value of code c, or NULL.
func (kc keyCode) value(c uint64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	return kc.lo + int64(c-1), false
}
