package exec

import (
	"fmt"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// sortSpec is ORDER BY with an optional LIMIT (GMS's Sort and TopN): a
// sink that gathers its input and serves it as one batch in order, so
// the operators after it keep the order (one batch is one morsel, run by
// one worker).
type sortSpec struct {
	types  []ColType
	ec     *exprCompiler
	keys   []Expr
	fields sql.SortFields
	limit  int64 // < 0: none
	texts  []string
}

func newSort(in []ColType, fields sql.SortFields, limit int64) (*sortSpec, error) {
	s := &sortSpec{types: in, ec: &exprCompiler{in: in}, fields: fields, limit: limit}
	for _, f := range fields {
		k, err := s.ec.compile(f.Column)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, k)
		s.texts = append(s.texts, fmt.Sprintf("%s %s", f.Column, f.Order))
	}
	if limit >= 0 {
		s.texts = append(s.texts, fmt.Sprintf("limit %d", limit))
	}
	return s, nil
}

func (s *sortSpec) Types() []ColType { return s.types }

// Local gathers a worker's rows; under a LIMIT it keeps only the first
// limit of them in order, sorting what it holds whenever that passes a
// few times the limit, so ORDER BY … LIMIT 20 over a million rows holds
// and sorts little.
func (s *sortSpec) Local() LocalSink {
	if s.limit >= 0 {
		return &topLocal{s: s, at: max(4*int(s.limit), 16<<10)}
	}
	return &collectLocal{}
}

// topLocal is a worker's gathered rows under a LIMIT.
type topLocal struct {
	collectLocal
	s    *sortSpec
	at   int // rows that trigger a compaction
	rows int
	// bound, once the worker holds limit rows in order, is the first
	// key of the last of them: a row whose first key sorts after it
	// cannot be among the first limit, and is dropped before it is
	// copied (ORDER BY ordered_at DESC LIMIT 20 then copies a few rows
	// per batch, not every row).
	bound *Vec
	f     *Frame
	sel   []int32
}

func (l *topLocal) Consume(ctx *sql.Context, b *Batch) error {
	if l.bound != nil {
		k, err := l.s.keys[0].Vec(ctx, b, l.f)
		if err != nil {
			return err
		}
		l.sel = withinBound(l.sel[:0], l.s.fields[0], k, b.N, l.bound)
		switch len(l.sel) {
		case 0:
			return nil
		case b.N:
		default:
			b = selectRows(b, l.sel)
		}
	}
	if l.s.limit >= 0 && int64(b.N) > 4*l.s.limit {
		// A batch far larger than the limit: only its own first rows
		// are copied (they are copied before Consume returns: the
		// batch's strings are reused).
		var scratch tally
		out, err := l.s.ordered(ctx, []*Batch{b}, &scratch)
		if err != nil {
			scratch.release()
			return err
		}
		err = l.collectLocal.Consume(ctx, out)
		scratch.release()
		if err != nil {
			return err
		}
		l.rows += out.N
	} else {
		if err := l.collectLocal.Consume(ctx, b); err != nil {
			return err
		}
		l.rows += b.N
	}
	if l.rows < l.at && (l.bound != nil || int64(l.rows) < l.s.limit) {
		return nil
	}
	return l.compact(ctx)
}

// compact keeps the first limit of the worker's rows, in order, in one
// batch of their own (no string of it keeps a dropped batch's alive),
// its reservation then what that batch holds.
func (l *topLocal) compact(ctx *sql.Context) error {
	ordered, err := l.s.ordered(ctx, l.bs, &l.mem)
	if err != nil {
		return err
	}
	out := &Batch{N: ordered.N, Cols: make([]*Vec, len(ordered.Cols))}
	if err := l.mem.to(ctx, l.mem.reserved+batchBytes(ordered)); err != nil {
		return err
	}
	for c, v := range ordered.Cols {
		out.Cols[c] = cloneVec(v, out.N)
	}
	if err := l.mem.set(ctx, batchBytes(out)); err != nil {
		return err
	}
	l.bs, l.rows = []*Batch{out}, out.N
	if l.s.limit > 0 && int64(out.N) >= l.s.limit {
		if l.f == nil {
			l.f = l.s.ec.NewFrame()
		}
		k, err := l.s.keys[0].Vec(ctx, out, l.f)
		if err != nil {
			return err
		}
		l.bound = &Vec{}
		gather(l.bound, k, []int32{int32(l.s.limit - 1)})
	}
	return nil
}

// withinBound appends to sel the rows 0..n-1 of k that do not sort after
// bound's only value under f; a signed integer-like or DOUBLE column
// without NULLs (the usual ORDER BY key) compares in a plain loop.
func withinBound(sel []int32, f sql.SortField, k *Vec, n int, bound *Vec) []int32 {
	desc := f.Order == sql.Descending
	switch {
	case k.Nulls != nil || bound.IsNull(0) || k.T.Phys == PStr || k.T.Phys == PUint:
	case k.T.Phys == PFloat:
		return appendWithin(sel, k.F[:n], bound.F[0], desc)
	default:
		return appendWithin(sel, k.I[:n], bound.I[0], desc)
	}
	for i := range n {
		if compareField(f, k, i, bound, 0) <= 0 {
			sel = append(sel, int32(i))
		}
	}
	return sel
}

func appendWithin[T int64 | float64](sel []int32, xs []T, b T, desc bool) []int32 {
	if desc {
		for i, x := range xs {
			if x >= b {
				sel = append(sel, int32(i))
			}
		}
		return sel
	}
	for i, x := range xs {
		if x <= b {
			sel = append(sel, int32(i))
		}
	}
	return sel
}

// compareField compares row i of x with row j of y under one ORDER BY
// field: below 0 when row i comes first (NULLs first ascending, last
// descending, as MySQL orders them).
func compareField(f sql.SortField, x *Vec, i int, y *Vec, j int) int {
	if f.Order == sql.Descending {
		x, i, y, j = y, j, x, i
	}
	xn, yn := x.IsNull(i), y.IsNull(j)
	switch {
	case xn && yn:
		return 0
	case xn || yn:
		if xn == (f.NullOrdering == sql.NullsFirst) {
			return -1
		}
		return 1
	}
	return compareAt(x, i, y, j)
}

// Finish orders the gathered rows as GMS's Sorter does: NULLs by the
// field's NullOrdering (MySQL: first ascending, last descending), other
// values by their type's comparison (strings by their collation). The
// result holds the workers' batches and their order (sorted.go): the
// rows are gathered in order as the next pipeline reads them.
func (s *sortSpec) Finish(ctx *sql.Context, locals []LocalSink) (Source, error) {
	var bs []*Batch
	var mem tally
	for _, l := range locals {
		switch l := l.(type) {
		case *collectLocal:
			bs = append(bs, l.bs...)
			mem.take(&l.mem)
		case *topLocal:
			bs = append(bs, l.bs...)
			mem.take(&l.mem)
		}
	}
	r, err := s.sortRows(ctx, bs, &mem)
	if err != nil {
		return nil, err
	}
	return newSortedSource(r, &mem), nil
}

// ordered returns the rows of bs in order, the first limit of them, as
// one batch (a worker's rows under a LIMIT: at most the limit), charged
// to mem before they are gathered.
func (s *sortSpec) ordered(ctx *sql.Context, bs []*Batch, mem *tally) (*Batch, error) {
	r, err := s.sortRows(ctx, bs, mem)
	if err != nil {
		return nil, err
	}
	if err := mem.to(ctx, mem.reserved+rowsBytes(s.types, len(r.perm))); err != nil {
		return nil, err
	}
	bi, ri := make([]int32, len(r.perm)), make([]int32, len(r.perm))
	r.locate(bi, ri, r.perm)
	return r.gather(&Batch{Cols: newVecs(len(s.types))}, bi, ri, make([]*Vec, len(bs))), nil
}

// sortPerm returns the positions 0..n-1 in the order of keys under
// fields, equal keys in position order (a stable sort), the first limit
// of them (limit < 0: all).
func sortPerm(keys []*Vec, fields sql.SortFields, n int, limit int64) []int32 {
	top := limit >= 0 && limit*8 < int64(n)
	if !top {
		if s := sortPacked(keys, fields, n); s != nil {
			// The order outlives the sort (a sorted result holds it
			// until read): a slice of its own size, the pool's back.
			m := n
			if limit >= 0 && int64(n) > limit {
				m = int(limit)
			}
			perm := slices.Clone(s.perm[:m])
			s.release()
			return perm
		}
	}
	words, w := normKeys(keys, fields, n)
	defer putWords(words)
	if top {
		return topPerm(wordsCmp(words, w), n, int(limit))
	}
	perm := sortWords(words, w, n)
	if limit >= 0 && int64(n) > limit {
		perm = perm[:limit]
	}
	return perm
}

// topPerm returns the first k of positions 0..n-1 under cmp, in order:
// a heap of the k best seen so far, its worst on top, replaced by each
// better position (O(n log k) instead of sorting n).
func topPerm(cmp func(a, b int32) int, n, k int) []int32 {
	h := make([]int32, 0, k)
	worse := func(i, j int) bool { return cmp(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			w, l, r := i, 2*i+1, 2*i+2
			if l < len(h) && worse(l, w) {
				w = l
			}
			if r < len(h) && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for p := range int32(n) {
		switch {
		case len(h) < k:
			h = append(h, p)
			for i := len(h) - 1; i > 0 && worse(i, (i-1)/2); i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case k > 0 && cmp(p, h[0]) < 0:
			h[0] = p
			down(0)
		}
	}
	slices.SortFunc(h, cmp)
	return h
}

// compareRows compares rows a and b of keys under fields.
func compareRows(keys []*Vec, fields sql.SortFields, a, b int) int {
	for k, f := range fields {
		if c := compareField(f, keys[k], a, keys[k], b); c != 0 {
			return c
		}
	}
	return 0
}

// limitOf reads a LIMIT's count: a non-negative integer literal.
func limitOf(e sql.Expression) (int64, error) {
	l, ok := e.(*expression.Literal)
	if !ok {
		return 0, unsupported("LIMIT %s", e)
	}
	n, ok := asInt64(l.Value())
	if !ok || n < 0 {
		return 0, unsupported("LIMIT %s", e)
	}
	return n, nil
}

// sort compiles ORDER BY [LIMIT n] over child.
func (c *compiler) sort(child sql.Node, fields sql.SortFields, limit int64, name string) (*Pipeline, error) {
	p, err := c.node(child)
	if err != nil {
		return nil, err
	}
	spec, err := newSort(p.Types(), fields, limit)
	if err != nil {
		return nil, err
	}
	return &Pipeline{Src: &sinkSource{p: p, sink: spec, name: name, details: spec.texts}}, nil
}

// limit compiles a LIMIT over an ordered input (a sort, through
// projections): any other LIMIT stays with GMS, whose scan order decides
// which rows it keeps.
func (c *compiler) limit(n *plan.Limit) (*Pipeline, error) {
	k, err := limitOf(n.Limit)
	if err != nil || n.CalcFoundRows {
		return nil, unsupported("LIMIT %s", n.Limit)
	}
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	ss, ok := p.Src.(*sinkSource)
	if !ok {
		return nil, unsupported("LIMIT over an unordered input") // a scan or join: ss is nil
	}
	if _, sorted := ss.sink.(*sortSpec); !sorted {
		return nil, unsupported("LIMIT over an unordered input")
	}
	return p.then(&limitSpec{types: p.Types(), n: k}), nil
}

// limitSpec keeps the first n rows of an ordered, single-batch input.
type limitSpec struct {
	types []ColType
	n     int64
}

func (s *limitSpec) Types() []ColType             { return s.types }
func (s *limitSpec) Open(*sql.Context) error      { return nil }
func (s *limitSpec) Sources() []Source            { return nil }
func (s *limitSpec) Describe() (string, []string) { return fmt.Sprintf("Limit(%d)", s.n), nil }
func (s *limitSpec) New() Op                      { return &limitOp{left: s.n} }

type limitOp struct{ left int64 }

func (o *limitOp) Push(_ *sql.Context, b *Batch, emit func(*Batch) error) error {
	if o.left <= 0 {
		return nil
	}
	if int64(b.N) > o.left {
		b = &Batch{N: int(o.left), Cols: b.Cols} // vectors longer than N are fine: N bounds every read
	}
	o.left -= int64(b.N)
	return emit(b)
}
