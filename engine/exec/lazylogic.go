package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
)

// An AND's right side matters only where its left side is not FALSE,
// an OR's only where its left side is not TRUE. When the right side is
// dear (a LIKE, a string function, anything beyond a column compared
// with constants), it is evaluated on those rows alone, gathered into a
// scratch batch with just the columns it reads, as a filter's later
// conjuncts are: SUM(CASE WHEN type = 'site_visit' AND url LIKE '%sale%'
// ...) then matches the pattern against site visits' URLs only.

// lazyRight is how a logicOp defers its right side.
type lazyRight struct {
	reads []bool // the columns the right side reads (nil: all)
	part  int    // the frame's scratch slot (Frame.parts)
}

// partial is a frame's scratch for one lazy logicOp: the undecided
// rows, whether the left side was NULL at each, and their batch.
type partial struct {
	b    Batch
	sel  []int32
	null []bool
}

// lazyRightOf returns how to defer right, the compiled form of e, or
// nil when it is cheap or shared: a subexpression computed once per
// batch for several readers (memo.go) must see the readers' batch, not
// a part of it.
func (c *exprCompiler) lazyRightOf(e sql.Expression) *lazyRight {
	if plainComparison(e) || c.sharesPart(e) {
		return nil
	}
	return &lazyRight{reads: readMask(e, len(c.in)), part: c.slot()}
}

// sharesPart reports whether e or one of its subexpressions repeats in
// the operator's expressions.
func (c *exprCompiler) sharesPart(e sql.Expression) bool {
	shared := false
	sql.Inspect(e, func(x sql.Expression) bool {
		shared = shared || (shareable(x) && c.repeats[exprKey(x)] > 1)
		return !shared
	})
	return shared
}

// lazyVec computes an AND or OR whose right side is deferred; done is
// false when every row needs the right side, which is then computed
// over b as usual.
func (l *logicOp) lazyVec(ctx *sql.Context, b *Batch, f *Frame, a *Vec) (*Vec, bool, error) {
	p := f.partial(l.lazy.part, len(b.Cols))
	and := l.op == '&'
	p.sel, p.null = p.sel[:0], p.null[:0]
	for i := 0; i < b.N; i++ {
		null := a.IsNull(i)
		if null || truth(a, i) == and {
			p.sel = append(p.sel, int32(i))
			p.null = append(p.null, null)
		}
	}
	if len(p.sel)*4 > b.N*3 {
		return nil, false, nil // too few rows decided to pay for a gather
	}
	out := &f.tmp[l.slot]
	out.reset(boolType, b.N)
	fill(out.I[:b.N], b2i(!and)) // decided by the left side
	if len(p.sel) == 0 {
		return out, true, nil
	}
	c, err := l.args[1].Vec(ctx, gatherBatch(&p.b, b, p.sel, l.lazy.reads), f)
	if err != nil {
		return nil, false, err
	}
	for k, row := range p.sel {
		switch cn := c.IsNull(k); {
		case !cn && truth(c, k) != and: // FALSE for AND, TRUE for OR
			out.I[row] = b2i(!and)
		case cn || p.null[k]:
			out.setNull(int(row), b.N)
		default:
			out.I[row] = b2i(and)
		}
	}
	return out, true, nil
}

// partial returns the frame's scratch of a lazy logicOp, its batch
// width columns wide.
func (f *Frame) partial(slot, width int) *partial {
	if slot >= len(f.parts) {
		f.parts = append(f.parts, make([]*partial, max(slot+1, len(f.tmp))-len(f.parts))...)
	}
	p := f.parts[slot]
	if p == nil {
		p = &partial{b: Batch{Cols: newVecs(width)}}
		f.parts[slot] = p
	}
	return p
}
