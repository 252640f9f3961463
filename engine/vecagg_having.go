package engine

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/storage"
)

// A HAVING over a vectorised GROUP BY whose condition is an AND of
// comparisons between an aggregate and a constant (Q3's active buyers:
// MAX(ordered_at) >= '…' AND COUNT(DISTINCT order_id) >= 3) is decided
// on the accumulators' arrays: only the groups that pass become rows.
// GMS's Having would build and box a row for each of a million groups
// and compare them through its generic comparison, most to drop them.

// havingTest is one conjunct: aggregate i compared with lit.
type havingTest struct {
	i   int
	op  zoneOp
	lit int64 // integer literal, or the literal time in the column's unit
	day bool  // the aggregate is of a DATE column: its days are compared as midnights
}

// typedHavings counts HAVINGs decided on accumulators (for tests).
var typedHavings atomic.Int64

// planHaving compiles h's condition over va's aggregates; ok is false
// for anything but an AND of supported comparisons.
func planHaving(h *plan.Having, va *vectorAgg) ([]havingTest, bool) {
	var tests []havingTest
	for _, c := range expression.SplitConjunction(h.Cond) {
		t, ok := compileHavingTest(c, va.spec.aggs)
		if !ok {
			return nil, false
		}
		tests = append(tests, t)
	}
	return tests, len(tests) > 0
}

func compileHavingTest(e sql.Expression, aggs []aggDef) (havingTest, bool) {
	op, ok := comparisonOp(e)
	if !ok {
		return havingTest{}, false
	}
	ch := e.Children()
	gf, isGF := ch[0].(*expression.GetField)
	lit, isLit := ch[1].(*expression.Literal)
	if !isGF {
		gf, isGF = ch[1].(*expression.GetField)
		lit, isLit = ch[0].(*expression.Literal)
		op = flipped[op]
	}
	if !isGF || !isLit || gf.Index() < 0 || gf.Index() >= len(aggs) {
		return havingTest{}, false
	}
	t := havingTest{i: gf.Index(), op: op}
	d := aggs[t.i]
	switch d.op {
	case aggCountRows, aggCount, aggCountDistinct:
		x, ok := exactInt(lit.Value())
		t.lit = x
		return t, ok
	case aggMin, aggMax:
		switch d.codec.class {
		case classInt:
			if d.codec.kind != storage.KindInt {
				return havingTest{}, false
			}
			x, ok := exactInt(lit.Value())
			t.lit = x
			return t, ok
		case classDatetime, classDate:
			tm, ok := lit.Value().(time.Time)
			if !ok || tm.Nanosecond()%1000 != 0 {
				return havingTest{}, false
			}
			t.lit, t.day = tm.UnixMicro(), d.codec.class == classDate
			return t, true
		}
	}
	return havingTest{}, false
}

// exactInt is an integer literal's value; false for other types and
// unsigned values beyond int64.
func exactInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		return int64(x), x <= math.MaxInt64
	}
	return 0, false
}

// passes reports whether group g satisfies every test; a NULL aggregate
// (MIN/MAX of no value) fails, as its comparison is NULL.
func (s *aggState) passes(tests []havingTest, g int32) bool {
	for _, t := range tests {
		var x int64
		switch a := s.accs[t.i].(type) {
		case *countAcc:
			x = a.n[g]
		case *distinctAcc:
			if a.counts == nil {
				a.count()
			}
			x = a.counts[g]
		case *extremeAcc:
			if !a.seen[g] {
				return false
			}
			x = a.val[g]
			if t.day {
				x *= calendar.MicrosPerDay
			}
		default:
			return false
		}
		if !cmpInts(t.op, x, t.lit) {
			return false
		}
	}
	return true
}

// buildHaving runs h over a vectorised GROUP BY with its condition
// decided on the accumulators; nil hands it back to GMS.
func (b *loadDataBuilder) buildHaving(ctx *sql.Context, h *plan.Having, row sql.Row) (sql.RowIter, error) {
	va, ok := h.Child.(*vectorAgg)
	if !ok || b.base == nil {
		return nil, nil
	}
	tests, ok := planHaving(h, va)
	if !ok {
		return nil, nil
	}
	probe := newAggState(va.spec)
	for _, t := range tests { // the accumulators the tests read must be the plain ones
		switch probe.accs[t.i].(type) {
		case *countAcc, *distinctAcc, *extremeAcc:
		default:
			return nil, nil
		}
	}
	iter, err := va.RowIter(ctx, row)
	if err != nil {
		return nil, err
	}
	ai, ok := iter.(*aggIter)
	if !ok { // not vectorAgg's own iterator: let GMS filter
		return nil, iter.Close(ctx)
	}
	ai.sel = []int32{}
	for g := int32(0); g < ai.n; g++ {
		if ai.s.passes(tests, g) {
			ai.sel = append(ai.sel, g)
		}
	}
	typedHavings.Add(1)
	return ai, nil
}
