package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

// semiJoin is the right side of a join under a vectorised GroupBy whose
// result depends only on which keys the right side has: a semi join, or
// an inner equi-join whose aggregates ignore duplicates (COUNT DISTINCT,
// MIN, MAX, a bare column). Its rows become a set of keys that filters
// the table's column vectors, instead of a hash join building one
// joined sql.Row per match.
type semiJoin struct {
	probeIn  sql.Node // the join's table side, for EXPLAIN
	build    sql.Node
	keyIndex int // position of the key in build's rows
	probe    *expression.GetField
	inner    bool // an inner join: duplicates would multiply rows
	pos      int  // scan position of the probe column
}

// asSemiJoin recognises left-table = right-column joins.
func asSemiJoin(j *plan.JoinNode) (*semiJoin, bool) {
	var inner bool
	switch j.Op {
	case plan.JoinTypeInner, plan.JoinTypeHash:
		inner = true
	case plan.JoinTypeSemi, plan.JoinTypeSemiHash:
	default:
		return nil, false
	}
	eq, ok := j.Filter.(*expression.Equals)
	if !ok {
		return nil, false
	}
	l, ok1 := eq.Left().(*expression.GetField)
	r, ok2 := eq.Right().(*expression.GetField)
	if !ok1 || !ok2 || !types.IsInteger(l.Type()) || !types.IsInteger(r.Type()) {
		return nil, false
	}
	build := j.Right()
	if h, ok := build.(*plan.HashLookup); ok {
		build = h.Child
	}
	idx := -1
	for i, c := range build.Schema() {
		if c.Name == r.Name() && (r.Table() == "" || c.Source == r.Table()) {
			if idx >= 0 {
				return nil, false // ambiguous
			}
			idx = i
		}
	}
	if idx < 0 {
		return nil, false
	}
	return &semiJoin{probeIn: j.Left(), build: build, keyIndex: idx, probe: l, inner: inner}, true
}

// bindJoin checks the probe column is the table's and, for an inner
// join, that every aggregate ignores duplicate rows.
func (c *aggCompiler) bindJoin(spec *aggSpec, j *semiJoin) bool {
	cd, pos, ok := c.column(j.probe)
	if !ok || cd.class != classInt {
		return false
	}
	spec.cols = c.cols
	j.pos = pos
	if !j.inner {
		return true
	}
	for _, a := range spec.aggs {
		switch a.op {
		case aggFirst, aggCountDistinct, aggMin, aggMax:
		default:
			return false
		}
	}
	return true
}

// keys runs the build side and collects its non-NULL keys.
func (j *semiJoin) keys(ctx *sql.Context, row sql.Row) (map[int64]struct{}, error) {
	iter, err := rowexec.DefaultBuilder.Build(ctx, j.build, row)
	if err != nil {
		return nil, err
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	if err != nil {
		return nil, err
	}
	keys := make(map[int64]struct{}, len(rows))
	width := len(j.build.Schema())
	for _, r := range rows {
		// Inside a subquery expression GMS prepends the outer row.
		v := r[len(r)-width+j.keyIndex]
		if v == nil {
			continue
		}
		k, ok := toInt64(v)
		if !ok {
			return nil, fmt.Errorf("join key %v (%T) is not an integer", v, v)
		}
		keys[k.(int64)] = struct{}{}
	}
	return keys, nil
}

// inKeys keeps the positions of sel whose probe value is in keys.
func inKeys(b *storage.Batch, pos int, keys map[int64]struct{}, sel []uint32) []uint32 {
	v := b.Cols[pos]
	out := sel[:0]
	last, lastIn, have := int64(0), false, false
	for _, i := range sel {
		if isNull(v, i) {
			continue
		}
		x := v.Ints[i]
		if !have || x != last {
			_, lastIn = keys[x]
			last, have = x, true
		}
		if lastIn {
			out = append(out, i)
		}
	}
	return out
}
