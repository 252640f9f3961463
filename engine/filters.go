package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

var _ sql.FilteredTable = (*Table)(nil)

// Filters returns the filters the table uses to skip segments or answers
// from bitmap indexes (marked so in EXPLAIN).
func (t *Table) Filters() []sql.Expression {
	if len(t.bitmaps) == 0 {
		return t.filters
	}
	out := make([]sql.Expression, 0, len(t.filters))
	for _, f := range t.filters {
		for _, bf := range t.bitmaps {
			if f == bf.expr {
				f = indexedFilter{Expression: f, index: bf.index}
				break
			}
		}
		out = append(out, f)
	}
	return out
}

// HandledFilters returns none: zone maps only prove that a segment cannot
// match, never that a row does, so GMS evaluates every filter itself.
func (t *Table) HandledFilters(filters []sql.Expression) []sql.Expression { return nil }

// WithFilters returns a view that skips the sealed segments whose zone
// maps rule out one of the filters. Filters it cannot use are kept for
// EXPLAIN but ignored.
func (t *Table) WithFilters(ctx *sql.Context, filters []sql.Expression) sql.Table {
	nt := *t
	nt.filters = filters
	nt.pruneFor = buildPruner(ctx, t, filters)
	nt.exact = exactFilters(ctx, t, filters)
	return &nt
}

// buildPruner turns the usable conjuncts of filters into zone predicates;
// nil when none is usable.
func buildPruner(ctx *sql.Context, t *Table, filters []sql.Expression) *zonePruner {
	z := &zonePruner{codecs: t.sch.codecs}
	for _, f := range filters {
		for _, c := range expression.SplitConjunction(f) {
			if p, ok := zonePredFor(ctx, t, c); ok {
				z.preds = append(z.preds, p...)
			}
		}
	}
	if len(z.preds) == 0 {
		return nil
	}
	return z
}

// zonePredFor recognises col op literal, literal op col, BETWEEN and IN.
func zonePredFor(ctx *sql.Context, t *Table, e sql.Expression) ([]zonePred, bool) {
	switch e := e.(type) {
	case *expression.Equals:
		return comparisonPred(ctx, t, e.Left(), e.Right(), opEQ)
	case *expression.LessThan:
		return comparisonPred(ctx, t, e.Left(), e.Right(), opLT)
	case *expression.LessThanOrEqual:
		return comparisonPred(ctx, t, e.Left(), e.Right(), opLE)
	case *expression.GreaterThan:
		return comparisonPred(ctx, t, e.Left(), e.Right(), opGT)
	case *expression.GreaterThanOrEqual:
		return comparisonPred(ctx, t, e.Left(), e.Right(), opGE)
	case *expression.NullSafeEquals:
		return nullSafePred(ctx, t, e.Left(), e.Right())
	case *expression.Between:
		lo, ok1 := comparisonPred(ctx, t, e.Val, e.Lower, opGE)
		hi, ok2 := comparisonPred(ctx, t, e.Val, e.Upper, opLE)
		if !ok1 || !ok2 {
			return nil, false
		}
		return append(lo, hi...), true
	case *expression.InTuple:
		return inPred(ctx, t, e.Left(), e.Right())
	case *expression.HashInTuple:
		return inPred(ctx, t, e.Left(), e.Right())
	case *largeIn:
		return inPred(ctx, t, e.Left(), e.Right())
	}
	return nil, false
}

// flipped is the operator with its operands swapped (5 < col is col > 5).
var flipped = map[zoneOp]zoneOp{opEQ: opEQ, opLT: opGT, opLE: opGE, opGT: opLT, opGE: opLE}

func comparisonPred(ctx *sql.Context, t *Table, l, r sql.Expression, op zoneOp) ([]zonePred, bool) {
	if _, ok := l.(*expression.Literal); ok {
		l, r, op = r, l, flipped[op]
	}
	ord, dom, ok := prunableColumn(t, l)
	if !ok {
		return nil, false
	}
	lit, ok := r.(*expression.Literal)
	if !ok || lit.Value() == nil {
		return nil, false
	}
	v, ok := literalValue(ctx, dom, lit.Value())
	if !ok {
		return nil, false
	}
	return []zonePred{{ord: ord, dom: dom, op: op, vals: []zoneValue{v}}}, true
}

func nullSafePred(ctx *sql.Context, t *Table, l, r sql.Expression) ([]zonePred, bool) {
	if _, ok := l.(*expression.Literal); ok {
		l, r = r, l
	}
	if lit, ok := r.(*expression.Literal); ok && lit.Value() == nil {
		ord, dom, ok := prunableColumn(t, l)
		if !ok {
			return nil, false
		}
		return []zonePred{{ord: ord, dom: dom, op: opIsNull}}, true
	}
	return comparisonPred(ctx, t, l, r, opEQ)
}

func inPred(ctx *sql.Context, t *Table, l, r sql.Expression) ([]zonePred, bool) {
	ord, dom, ok := prunableColumn(t, l)
	tup, isTuple := r.(expression.Tuple)
	if !ok || !isTuple {
		return nil, false
	}
	p := zonePred{ord: ord, dom: dom, op: opEQ}
	for _, e := range tup {
		lit, ok := e.(*expression.Literal)
		if !ok {
			return nil, false
		}
		if lit.Value() == nil {
			continue // x IN (NULL, …) is never true for the NULL element
		}
		v, ok := literalValue(ctx, dom, lit.Value())
		if !ok {
			return nil, false
		}
		p.vals = append(p.vals, v)
	}
	return []zonePred{p}, true
}

// prunableColumn returns the ordinal and domain of a column reference of
// this table whose zone maps can be compared.
func prunableColumn(t *Table, e sql.Expression) (int, domain, bool) {
	gf, ok := e.(*expression.GetField)
	if !ok {
		return 0, domNone, false
	}
	ord := t.columnIndex(gf.Name())
	if ord < 0 {
		return 0, domNone, false
	}
	dom := domainOf(t.sch.codecs[ord])
	return ord, dom, dom != domNone
}
