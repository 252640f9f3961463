package engine

import (
	"cmp"
	"container/heap"
	"io"
	"slices"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/analyzer"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/iters"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// topNRuleID runs after validation: GMS's only_full_group_by check
// knows a GroupBy under a Sort but not under a TopN (Metabase's breakouts
// ordered by their GROUP BY expression over a join failed with 1105).
const topNRuleID analyzer.RuleId = 10_002

// insertTopN turns Limit(Project(Sort(x))) into Limit(Project(TopN(x))).
// GMS only does so when the Sort sits directly under the Limit, so an
// ORDER BY over aliased aggregates (… ORDER BY buyers DESC LIMIT 20)
// sorted every group; TopN keeps a heap of the first n.
func insertTopN(ctx *sql.Context, _ *analyzer.Analyzer, n sql.Node, _ *plan.Scope, _ analyzer.RuleSelector, _ *sql.QueryFlags) (sql.Node, transform.TreeIdentity, error) {
	if !vectorizeEnabled(ctx) {
		return n, transform.SameTree, nil
	}
	return transform.Node(n, func(n sql.Node) (sql.Node, transform.TreeIdentity, error) {
		l, ok := n.(*plan.Limit)
		if !ok || l.CalcFoundRows {
			return n, transform.SameTree, nil
		}
		if _, ok := l.Limit.(*expression.Literal); !ok {
			return n, transform.SameTree, nil
		}
		p, ok := l.Child.(*plan.Project)
		if !ok {
			return n, transform.SameTree, nil
		}
		s, ok := p.Child.(*plan.Sort)
		if !ok {
			return n, transform.SameTree, nil
		}
		np, err := p.WithChildren(plan.NewTopN(s.SortFields, l.Limit, s.Child))
		if err != nil {
			return nil, transform.SameTree, err
		}
		nl, err := l.WithChildren(np)
		return nl, transform.NewTree, err
	})
}

// buildTopN runs a TopN with numeric sort keys as a heap of typed keys:
// GMS's heap evaluated and type-converted every sort field on every
// comparison. Ties are broken by input position, so the result is the
// first n rows of a stable sort. A NULL or non-numeric key hands all rows
// to GMS's TopN.
func (b *loadDataBuilder) buildTopN(ctx *sql.Context, n *plan.TopN, row sql.Row) (sql.RowIter, error) {
	if b.base == nil || n.CalcFoundRows || !vectorizeEnabled(ctx) {
		return nil, nil
	}
	for _, sf := range n.Fields {
		if t := sf.Column.Type(); !types.IsInteger(t) && !types.IsFloat(t) && !types.IsDecimal(t) {
			return nil, nil // DECIMAL keys: scaled integers typed, DOUBLEs per row
		}
	}
	limit, err := iters.GetInt64Value(ctx, n.Limit)
	if err != nil || limit < 0 {
		return nil, nil
	}
	var child sql.RowIter
	if p, ok := n.Child.(*plan.Project); ok {
		var res sql.RowIter
		if res, child, err = typedTopN(ctx, n, p, int(limit), row); err != nil || res != nil {
			return res, err
		}
	}
	if child == nil {
		if child, err = b.base.Build(ctx, n.Child, row); err != nil {
			return nil, err
		}
	}
	h := &topHeap{limit: int(limit)}
	ints := make([]bool, len(n.Fields)) // decided once, not per row
	for i, sf := range n.Fields {
		ints[i] = types.IsInteger(sf.Column.Type())
	}
	// keys is scratch, with room for the position offer appends.
	keys := make([]uint64, 0, 2*len(n.Fields)+1)
	var seen []sql.Row // kept only until a key turns out not to be numeric
	for pos := 0; ; pos++ {
		r, err := child.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			child.Close(ctx)
			return nil, err
		}
		var ok bool
		keys, ok, err = topKeys(ctx, n.Fields, ints, r, keys[:0])
		if err != nil {
			child.Close(ctx)
			return nil, err
		}
		if !ok || seen != nil {
			if seen == nil {
				seen = h.rowsSoFar()
			}
			seen = append(seen, r)
			continue
		}
		h.offer(keys, pos, r)
	}
	if err := child.Close(ctx); err != nil {
		return nil, err
	}
	if seen != nil {
		gn, err := n.WithChildren(&rowsNode{sch: n.Child.Schema(), rows: seen})
		if err != nil {
			return nil, err
		}
		return rowexec.DefaultBuilder.Build(ctx, gn, row)
	}
	fastTopNs.Add(1)
	return sql.RowsToRowIter(h.sorted()...), nil
}

// fastTopNs counts TopNs computed on typed keys (for tests).
var fastTopNs atomic.Int64

// topKeys encodes a row's sort fields as (NULL rank, value) pairs whose
// unsigned order is GMS's Sorter order: with NULLS FIRST a NULL sorts
// before every value ascending and after every value descending (GMS
// swaps the operands, then applies the NULL rule).
//
// The keys are appended to dst (scratch: offer copies what it keeps);
// ints[i] tells whether field i has an integer type.
func topKeys(ctx *sql.Context, fields sql.SortFields, ints []bool, r sql.Row, dst []uint64) ([]uint64, bool, error) {
	keys := dst
	for i, sf := range fields {
		v, err := sf.Column.Eval(ctx, r)
		if err != nil {
			return nil, false, err
		}
		desc := sf.Order == sql.Descending
		if v == nil {
			keys = append(keys, nullRank(sf), 0)
			continue
		}
		k, ok := orderedKey(v, ints[i])
		if !ok {
			return nil, false, nil
		}
		if desc {
			k = ^k
		}
		keys = append(keys, 1, k)
	}
	return keys, true, nil
}

// nullRank is the first key word of a NULL in sort field sf: before
// the values' 1 with NULLS FIRST ascending (or NULLS LAST descending,
// which GMS gets by swapping the operands), after it otherwise.
func nullRank(sf sql.SortField) uint64 {
	if (sf.NullOrdering == sql.NullsFirst) != (sf.Order == sql.Descending) {
		return 0
	}
	return 2
}

// topHeap keeps the limit smallest (keys, position) records, the largest
// on top.
type topHeap struct {
	limit int
	recs  []topRec
	all   []sql.Row // every row offered, in order (for the fallback)
}

type topRec struct {
	keys []uint64
	row  sql.Row
}

func (h *topHeap) Len() int           { return len(h.recs) }
func (h *topHeap) Less(i, j int) bool { return compareKeys(h.recs[i].keys, h.recs[j].keys) > 0 }
func (h *topHeap) Swap(i, j int)      { h.recs[i], h.recs[j] = h.recs[j], h.recs[i] }
func (h *topHeap) Push(x any)         { h.recs = append(h.recs, x.(topRec)) }
func (h *topHeap) Pop() any {
	x := h.recs[len(h.recs)-1]
	h.recs = h.recs[:len(h.recs)-1]
	return x
}

// offer considers one row; keys is the caller's scratch buffer and is
// copied only when the row enters the heap.
func (h *topHeap) offer(keys []uint64, pos int, r sql.Row) {
	h.all = append(h.all, r)
	keys = append(keys, uint64(pos))
	if h.limit == 0 {
		return
	}
	if len(h.recs) < h.limit {
		heap.Push(h, topRec{slices.Clone(keys), r})
		return
	}
	if compareKeys(keys, h.recs[0].keys) < 0 {
		h.recs[0] = topRec{slices.Clone(keys), r}
		heap.Fix(h, 0)
	}
}

func (h *topHeap) rowsSoFar() []sql.Row { return slices.Clone(h.all) }

func (h *topHeap) sorted() []sql.Row {
	slices.SortFunc(h.recs, func(a, b topRec) int { return compareKeys(a.keys, b.keys) })
	out := make([]sql.Row, len(h.recs))
	for i, r := range h.recs {
		out[i] = r.row
	}
	return out
}

func compareKeys(a, b []uint64) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}
