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
			if !isRef {
				return 0, 0, 0, false
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

// keyRange is the range of one integer GROUP BY key, when its input's
// source knows it.
type keyRange struct {
	lo, hi int64
	rows   int
}

// sizeKeys gives spec its keys' ranges when it groups by columns the
// input pipeline reads straight from ranged sources.
func (c *compiler) sizeKeys(spec *AggSpec, p *Pipeline) {
	var rs []keyRange
	for _, k := range spec.keys {
		ref, ok := k.(colRef)
		if !ok {
			return
		}
		lo, hi, rows, ok := p.columnRange(c.ctx, ref.i)
		if !ok {
			return
		}
		rs = append(rs, keyRange{lo: lo, hi: hi, rows: rows})
	}
	spec.keyRanges = rs
}
