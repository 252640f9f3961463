package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"slices"

	"github.com/cohortdb/cohortdb/storage"
)

// exactConjunct recognises a conjunct that can be evaluated exactly on
// column vectors: the zone-map shapes (column op literal, IN, BETWEEN,
// <=> NULL, literals converted without loss) plus IS [NOT] NULL.
func exactConjunct(ctx *sql.Context, t *Table, e sql.Expression) ([]zonePred, bool) {
	op := opIsNull
	inner := e
	if n, ok := e.(*expression.Not); ok {
		inner, op = n.Child, opNotNull
	}
	if isNull, ok := inner.(*expression.IsNull); ok {
		gf, ok := isNull.Child.(*expression.GetField)
		if !ok || t.columnIndex(gf.Name()) < 0 {
			return nil, false
		}
		return []zonePred{{ord: t.columnIndex(gf.Name()), op: op}}, true
	}
	if n, ok := e.(*expression.Not); ok {
		return negatedConjunct(ctx, t, n.Child)
	}
	return zonePredFor(ctx, t, e)
}

// negatedConjunct compiles NOT of a single comparison: its complement
// among non-NULL values (NULL stays false, as in SQL).
func negatedConjunct(ctx *sql.Context, t *Table, e sql.Expression) ([]zonePred, bool) {
	switch e.(type) {
	case *expression.Equals, *expression.LessThan, *expression.LessThanOrEqual,
		*expression.GreaterThan, *expression.GreaterThanOrEqual:
	default:
		return nil, false
	}
	zps, ok := zonePredFor(ctx, t, e)
	if !ok || len(zps) != 1 || len(zps[0].vals) != 1 {
		return nil, false
	}
	zp := zps[0]
	zp.op = map[zoneOp]zoneOp{opEQ: opNE, opLT: opGE, opLE: opGT, opGT: opLE, opGE: opLT}[zp.op]
	return []zonePred{zp}, true
}

// exactFilters collects the exact conjuncts of the table's filters.
// Scans drop the rows these rule out before building sql.Rows; GMS's
// Filter node still evaluates every conjunct, so this only saves work.
func exactFilters(ctx *sql.Context, t *Table, filters []sql.Expression) []zonePred {
	var out []zonePred
	for _, f := range filters {
		for _, c := range expression.SplitConjunction(f) {
			if zps, ok := exactConjunct(ctx, t, c); ok {
				out = append(out, zps...)
			}
		}
	}
	return out
}

// batchPreds binds the exact filters to the batch positions of one scan
// (cols[i] is the position of output column out[i]); conjuncts on
// columns the scan does not decode are left to GMS.
func (t *Table) batchPreds(out, cols []int) []rowPred {
	var preds []rowPred
	for _, zp := range t.exact {
		for i, o := range out {
			if o != zp.ord || cols[i] < 0 {
				continue
			}
			if p, ok := newRowPred(t.sch.codecs[o], cols[i], zp); ok {
				preds = append(preds, p)
			}
			break
		}
	}
	return preds
}

// selectRows returns the live positions of b that pass every predicate.
// A comparison on an ascending column (storage.Vector.Ascending) first
// narrows the candidates to a range found by binary search.
func selectRows(b *storage.Batch, preds []rowPred, sel []uint32) []uint32 {
	lo, hi := sortedSpan(b, preds)
	sel = spanSel(b, lo, hi, sel)
	for i := range preds {
		sel = preds[i].filter(b, sel)
	}
	return sel
}

// sortedSpan is the positions [lo, hi) of b outside which no row can pass
// the predicates on ascending columns: a customer's rows in a segment in
// sort-key order are found by binary search, not by comparing every row.
func sortedSpan(b *storage.Batch, preds []rowPred) (lo, hi int) {
	lo, hi = 0, b.N
	for i := range preds {
		if l, h, ok := preds[i].sortedRange(b); ok {
			lo, hi = max(lo, l), min(hi, h)
		}
	}
	return lo, max(lo, hi)
}

// spanSel returns b's live positions in [lo, hi), in sel's storage.
func spanSel(b *storage.Batch, lo, hi int, sel []uint32) []uint32 {
	sel = sel[:0]
	if b.Sel == nil {
		for i := lo; i < hi; i++ {
			sel = append(sel, uint32(i))
		}
		return sel
	}
	from, _ := slices.BinarySearch(b.Sel, uint32(lo))
	for _, p := range b.Sel[from:] {
		if int(p) >= hi {
			break
		}
		sel = append(sel, p)
	}
	return sel
}

// narrowToSpan restricts b to the span of its ascending-column
// predicates (the filters above still test every row it keeps). It
// returns b itself when the span is the whole batch, and nil when it is
// empty.
func narrowToSpan(b *storage.Batch, preds []rowPred, into *storage.Batch, sel *[]uint32) *storage.Batch {
	lo, hi := sortedSpan(b, preds)
	if lo == 0 && hi == b.N {
		return b
	}
	*sel = spanSel(b, lo, hi, *sel)
	if len(*sel) == 0 {
		return nil
	}
	*into = *b
	into.Sel = *sel
	return into
}
