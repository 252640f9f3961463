package engine

import (
	"container/heap"
	"io"
	"slices"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"

	"github.com/cohortdb/cohortdb/contract/batch"
)

// A top-N over a Project over a vectorised GROUP BY (Q5's 20 most
// frequent product pairs out of two million) reads the Project's columns
// as typed batches, keeps a heap of typed keys and positions, and builds
// rows for the n winners only: the row path built, projected and keyed a
// row per group.

// typedTopNs counts top-Ns computed on typed columns (for tests).
var typedTopNs atomic.Int64

// aggChild runs the GROUP BY under a top-N's Project; nil when the
// Project's child is not a vectorised one.
func aggChild(ctx *sql.Context, p *plan.Project, row sql.Row) (*aggIter, error) {
	var iter sql.RowIter
	var err error
	switch n := p.Child.(type) {
	case *vectorAgg:
		iter, err = n.RowIter(ctx, row)
	case *joinAgg:
		iter, err = n.RowIter(ctx, row)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ai, ok := iter.(*aggIter)
	if !ok {
		return nil, iter.Close(ctx)
	}
	return ai, nil
}

// readColumns reads every batch of src into columns typed as sch.
func readColumns(ctx *sql.Context, src batch.Iter, sch sql.Schema) ([]typedCol, error) {
	cols := make([]typedCol, len(sch))
	for c := range cols {
		cols[c].typ = sch[c].Type
	}
	for n := 0; ; {
		b, err := src.NextBatch(ctx, 4096)
		if err == io.EOF {
			return cols, nil
		}
		if err != nil {
			return nil, err
		}
		for c := range cols {
			cols[c].add(&b.Cols[c], n, b.N)
		}
		n += b.N
	}
}

// projectIter applies a Project's expressions to an iterator's rows.
type projectIter struct {
	child sql.RowIter
	projs []sql.Expression
}

func (p *projectIter) Next(ctx *sql.Context) (sql.Row, error) {
	r, err := p.child.Next(ctx)
	if err != nil {
		return nil, err
	}
	return rowexec.ProjectRow(ctx, p.projs, r)
}

func (p *projectIter) Close(ctx *sql.Context) error { return p.child.Close(ctx) }

// typedTopN computes n over the typed columns of its Project over a
// vectorised GROUP BY; child, when not nil, is what the row path reads
// instead (the same rows).
func typedTopN(ctx *sql.Context, n *plan.TopN, p *plan.Project, limit int, row sql.Row) (result, child sql.RowIter, err error) {
	ai, err := aggChild(ctx, p, row)
	if err != nil || ai == nil {
		return nil, nil, err
	}
	sch := p.Schema()
	src, ok := ai.ProjectBatches(ctx, sch, p.Projections)
	if !ok {
		return nil, &projectIter{child: ai, projs: p.Projections}, nil
	}
	cols, err := readColumns(ctx, src, sch)
	if err != nil {
		return nil, nil, err
	}
	keyCols := make([]*typedCol, len(n.Fields))
	for i, sf := range n.Fields {
		gf, isGF := sf.Column.(*expression.GetField)
		if !isGF || gf.Index() < 0 || gf.Index() >= len(cols) {
			return nil, sql.RowsToRowIter(rowsOfColumns(cols)...), nil
		}
		c := &cols[gf.Index()]
		if scaledInt(sf.Column.Type()) != (c.flts == nil) {
			return nil, sql.RowsToRowIter(rowsOfColumns(cols)...), nil
		}
		keyCols[i] = c
	}
	rows := 0
	if len(cols) > 0 {
		rows = cols[0].len()
	}
	h := &topHeap{limit: limit}
	keys := make([]uint64, 0, 2*len(n.Fields)+1)
	for pos := range rows {
		keys = typedKeys(n.Fields, keyCols, pos, keys[:0])
		h.offerPos(keys, pos)
	}
	out := h.sorted()
	for i, r := range h.recs {
		pos := int(r.keys[len(r.keys)-1])
		row := make(sql.Row, len(cols))
		for c := range cols {
			row[c] = cols[c].value(pos)
		}
		out[i] = row
	}
	typedTopNs.Add(1)
	fastTopNs.Add(1)
	return sql.RowsToRowIter(out...), nil, nil
}

// typedKeys is topKeys for row pos of typed columns.
func typedKeys(fields sql.SortFields, cols []*typedCol, pos int, dst []uint64) []uint64 {
	keys := dst
	for i, sf := range fields {
		c := cols[i]
		desc := sf.Order == sql.Descending
		if c.nulls != nil && c.nulls[pos] {
			keys = append(keys, nullRank(sf), 0)
			continue
		}
		var k uint64
		if c.flts != nil {
			k = floatKey(c.flts[pos])
		} else {
			k = uint64(c.ints[pos]) ^ 1<<63
		}
		if desc {
			k = ^k
		}
		keys = append(keys, 1, k)
	}
	return keys
}

// offerPos is offer for a record without a row (built once it wins).
func (h *topHeap) offerPos(keys []uint64, pos int) {
	keys = append(keys, uint64(pos))
	if h.limit == 0 {
		return
	}
	if len(h.recs) < h.limit {
		heap.Push(h, topRec{keys: slices.Clone(keys)})
		return
	}
	if compareKeys(keys, h.recs[0].keys) < 0 {
		h.recs[0] = topRec{keys: slices.Clone(keys)}
		heap.Fix(h, 0)
	}
}
