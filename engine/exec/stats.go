package exec

import "github.com/dolthub/go-mysql-server/sql"

// RangedSource is a source that can tell, before it runs, the least and
// greatest value of an integer-like column and how many rows it holds
// (a table scan reads them off its segments' zone maps). The operators
// take them as hints for physical choices — a GROUP BY on one integer
// column sizes its dense group index from them — never as facts: a value
// outside the range only costs the faster path.
type RangedSource interface {
	ColumnRange(ctx *sql.Context, col int) (lo, hi int64, rows int, ok bool)
}

// columnRange traces column i of p's output back through filters,
// projections and joins that pass it on to a source, and asks it. Rows
// are the source's (through a join: the side the column comes from).
func (p *Pipeline) columnRange(ctx *sql.Context, i int) (lo, hi int64, rows int, ok bool) {
	for k := len(p.Ops) - 1; k >= 0; k-- {
		switch op := p.Ops[k].(type) {
		case *filterSpec:
		case *projectSpec:
			ref, isRef := op.exprs[i].(colRef)
			if !isRef { // DAYOFWEEK(x) AS dow in a CTE: its range from below
				below := &Pipeline{Src: p.Src, Ops: p.Ops[:k]}
				return below.exprRange(ctx, op.exprs[i])
			}
			i = ref.i
		case *joinSpec:
			if i >= len(op.left) {
				return op.build.columnRange(ctx, i-len(op.left))
			}
		default:
			return 0, 0, 0, false
		}
	}
	src, ranged := p.Src.(RangedSource)
	if !ranged || !intLike(p.Src.Types()[i].Phys) {
		return 0, 0, 0, false
	}
	return src.ColumnRange(ctx, i)
}

// rangedExpr is an expression whose values lie in a range that follows
// from its argument's: MONTH of anything 1 to 12, YEAR of a DATETIME
// column the years its range spans. Like a column's, the range is a
// hint.
type rangedExpr interface {
	valueRange(arg func(Expr) (lo, hi int64, rows int, ok bool)) (lo, hi int64, rows int, ok bool)
}

// exprRange is the range of e's values over p's output, where a column's
// range or a rangedExpr tells it.
func (p *Pipeline) exprRange(ctx *sql.Context, e Expr) (lo, hi int64, rows int, ok bool) {
	switch x := e.(type) {
	case colRef:
		return p.columnRange(ctx, x.i)
	case rangedExpr:
		return x.valueRange(func(a Expr) (int64, int64, int, bool) { return p.exprRange(ctx, a) })
	}
	return 0, 0, 0, false
}

// keyRange is the range of one integer GROUP BY key, when its input's
// source knows it.
type keyRange struct {
	lo, hi int64
	rows   int
	known  bool // keyBounds: whether the source told it
}

// sizeKeys gives spec its keys' ranges when it groups by columns the
// input pipeline reads straight from ranged sources: keyRanges when every
// key's is known, keyBounds whatever is known (the packed keys of
// keytable_pack.go take a string key's width from its texts); and packs
// the arguments of a COUNT(DISTINCT a, b, …) of such columns.
func (c *compiler) sizeKeys(spec *AggSpec, p *Pipeline) {
	rs := make([]keyRange, len(spec.keys))
	all := true
	for k, e := range spec.keys {
		var ok bool
		rs[k].lo, rs[k].hi, rs[k].rows, ok = p.exprRange(c.ctx, e)
		rs[k].known = ok
		all = all && ok
	}
	spec.keyBounds = rs
	if all {
		spec.keyRanges = rs
	}
	spec.keyPack = spec.planKeyPack()
	for j, d := range spec.aggs {
		if d.kind == aggCountDistinct {
			spec.aggs[j].pack = planDistinctPack(d.args, func(e Expr) (lo, hi int64, ok bool) {
				lo, hi, _, ok = p.exprRange(c.ctx, e)
				return lo, hi, ok
			})
		}
	}
}
