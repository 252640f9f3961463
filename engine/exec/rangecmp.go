package exec

import (
	"math"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// A conjunction's comparisons of one column with constants, a lower and
// an upper bound (ordered_at >= '2026-06-24' AND ordered_at <
// '2026-07-01', a BETWEEN written out), are one range test: a single
// pass of one unsigned comparison per row, where the two comparisons
// and their AND took three passes over the batch.

// rangeOp is lo <= x <= hi of an integer layout (integers, scaled
// DECIMALs, days, microseconds); NULL where x is NULL.
type rangeOp struct {
	x      Expr
	lo, hi int64
	slot   int
}

func (o *rangeOp) Type() ColType { return boolType }

func (o *rangeOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	x, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(boolType, b.N)
	lo, width := uint64(o.lo), uint64(o.hi)-uint64(o.lo)
	for i, v := range x.I[:b.N] {
		out.I[i] = b2i(uint64(v)-lo <= width)
	}
	nullRows(x, b.N, out)
	return out, nil
}

// conjunction compiles an AND chain, its conjuncts flattened, pairing
// each column's constant lower and upper bounds into one rangeOp.
// ok is false, as for logicOp, when a conjunct is a string (GMS
// converts its truth value).
func (c *exprCompiler) conjunction(e *expression.And) (Expr, bool, error) {
	var parts []Expr
	srcs := cheapFirst(expression.SplitConjunction(e))
	for _, ch := range srcs {
		x, err := c.compile(ch)
		if err != nil {
			return nil, false, err
		}
		if x.Type().Phys == PStr {
			return nil, false, nil
		}
		parts = append(parts, x)
	}
	parts, srcs = c.pairBounds(parts, srcs)
	acc := parts[0]
	for i, p := range parts[1:] {
		acc = &logicOp{op: '&', args: []Expr{acc, p}, slot: c.slot(), lazy: c.lazyRightOf(srcs[i+1])}
	}
	return acc, true, nil
}

// pairBounds replaces a lower and an upper constant bound of the same
// column, wherever they stand among parts, by one rangeOp; srcs, the
// parts' expressions, follow.
func (c *exprCompiler) pairBounds(parts []Expr, srcs []sql.Expression) ([]Expr, []sql.Expression) {
	for i := 0; i < len(parts); i++ {
		for j := i + 1; j < len(parts); j++ {
			if r, ok := c.rangeOf(parts[i], parts[j]); ok {
				parts[i] = r
				parts = append(parts[:j], parts[j+1:]...)
				srcs = append(srcs[:j], srcs[j+1:]...)
				break
			}
		}
	}
	return parts, srcs
}

// rangeOf is a and b as one range test, when one is a column's constant
// lower bound and the other the same column's upper bound.
func (c *exprCompiler) rangeOf(a, b Expr) (Expr, bool) {
	la, okA := bound(a)
	lb, okB := bound(b)
	if !okA || !okB || la.col != lb.col || la.lower == lb.lower {
		return nil, false
	}
	if !la.lower {
		la, lb = lb, la
	}
	if la.v > lb.v {
		return nil, false // empty: left to the two comparisons
	}
	return &rangeOp{x: la.col, lo: la.v, hi: lb.v, slot: c.slot()}, true
}

// colBound is an inclusive constant bound of a column.
type colBound struct {
	col   colRef
	v     int64
	lower bool
}

// bound reads x as an inclusive bound of a column of a signed integer
// layout, strict bounds moved by one.
func bound(x Expr) (colBound, bool) {
	o, ok := x.(*cmpOp)
	if !ok || o.k == nil || o.mix != nil {
		return colBound{}, false
	}
	col, ok := o.l.(colRef)
	if !ok || !intLike(col.t.Phys) || col.t.Phys == PUint || o.k.T.Phys != col.t.Phys || o.k.T.Scale != col.t.Scale {
		return colBound{}, false
	}
	k := o.k.I[0]
	switch o.op {
	case 'g':
		return colBound{col, k, true}, true
	case '>':
		return colBound{col, k + 1, true}, k != math.MaxInt64
	case 'l':
		return colBound{col, k, false}, true
	case '<':
		return colBound{col, k - 1, false}, k != math.MinInt64
	}
	return colBound{}, false
}
