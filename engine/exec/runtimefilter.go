package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql/types"
)

// RangeRestricter is a source that can leave out, once opened, the rows
// whose integer column col lies outside [lo, hi] (lo > hi: every row
// with a value): a table scan drops the segments its zone maps place
// outside and narrows sorted ones to the span. Only rows that could not
// have mattered are left out; the operators above still test the rest.
type RangeRestricter interface {
	RestrictRange(col int, lo, hi int64) (morsels int)
}

// restrictProbe is a runtime join filter: once an inner or semi join's
// hash table is built, a probe row whose key lies outside the build
// keys' range cannot match, so the pipeline's source is asked to skip
// such rows (the customers who signed up last month join their orders
// without the scan reading every other customer's). It returns the
// source's morsels after.
func (p *Pipeline) restrictProbe(morsels int) int {
	rr, ok := p.Src.(RangeRestricter)
	if !ok {
		return morsels
	}
	for k, op := range p.Ops {
		j, isJoin := op.(*joinSpec)
		if !isJoin || j.table == nil || j.kind != JoinInner && j.kind != JoinSemi {
			continue
		}
		for i, lf := range j.lkeyFields {
			rf := j.rkeyFields[i]
			if lf < 0 || rf < 0 || !integerType(j.left[lf]) || !integerType(j.right[rf]) {
				continue
			}
			col, traced := p.sourceColumn(k, lf)
			if !traced || !integerType(p.Src.Types()[col]) {
				continue
			}
			lo, hi := j.table.rows.Cols[rf].intRange(j.table.rows.N)
			morsels = rr.RestrictRange(col, lo, hi)
		}
	}
	return morsels
}

// sourceColumn traces column i of the input of op k back through the
// filters, projections and probe sides before it to a source column.
func (p *Pipeline) sourceColumn(k, i int) (int, bool) {
	for k--; k >= 0; k-- {
		switch op := p.Ops[k].(type) {
		case *filterSpec:
		case *projectSpec:
			ref, isRef := op.exprs[i].(colRef)
			if !isRef {
				return 0, false
			}
			i = ref.i
		case *joinSpec:
			if i >= len(op.left) {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	return i, true
}

func integerType(t ColType) bool {
	return t.Phys == PInt && types.IsInteger(t.SQL) && !types.IsUnsigned(t.SQL)
}

// intRange is the least and greatest non-NULL value of v's first n
// rows; lo > hi when there is none.
func (v *Vec) intRange(n int) (lo, hi int64) {
	lo, hi = 1, 0
	first := true
	if n == 0 {
		return lo, hi
	}
	if v.Absent || len(v.I) < n {
		return math.MinInt64, math.MaxInt64 // unknown: restrict nothing
	}
	for i, x := range v.I[:n] {
		if v.Nulls != nil && v.Nulls[i] {
			continue
		}
		if first || x < lo {
			lo = x
		}
		if first || x > hi {
			hi = x
		}
		first = false
	}
	return lo, hi
}
