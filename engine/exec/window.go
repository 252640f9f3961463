package exec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// windowSpec is GMS's Window node: a sink that gathers its input, sorts
// it once per distinct PARTITION BY + ORDER BY (as GMS groups its
// functions), computes each function over the sorted positions, and
// serves the input rows in their arrival order with the functions'
// columns beside them — the select expressions, in order. Values, types
// and NULLs are GMS's (with cohortdb's MySQL frames, engine/mysqlfn);
// anything else leaves the node to GMS.
type windowSpec struct {
	in     []ColType
	types  []ColType
	ec     *exprCompiler
	plain  []Expr // per output column: a row expression, or nil
	groups []*winGroup
	texts  []string
}

// winGroup is the functions sharing one PARTITION BY and ORDER BY.
type winGroup struct {
	key    string
	part   []Expr
	order  []Expr
	fields sql.SortFields // the partition keys ascending, then ORDER BY
	fns    []*winFunc
}

// window compiles a Window over its child's pipeline.
func (c *compiler) window(n *plan.Window) (*Pipeline, error) {
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	spec, err := newWindow(p.Types(), n.SelectExprs)
	if err != nil {
		return nil, err
	}
	return &Pipeline{Src: &sinkSource{p: p, sink: spec, name: "Window", details: spec.texts}}, nil
}

func newWindow(in []ColType, exprs []sql.Expression) (*windowSpec, error) {
	s := &windowSpec{in: in, ec: &exprCompiler{in: in}, plain: make([]Expr, len(exprs))}
	for col, e := range exprs {
		s.texts = append(s.texts, e.String())
		if a, ok := e.(*expression.Alias); ok {
			e = a.Child
		}
		wa, isWindow := windowOf(e)
		if !isWindow {
			x, err := s.ec.compile(e)
			if err != nil {
				return nil, err
			}
			t, err := projectedType(e, x)
			if err != nil {
				return nil, err
			}
			s.plain[col], s.types = x, append(s.types, t)
			continue
		}
		fn, err := s.compileFunc(e, wa, col)
		if err != nil {
			return nil, err
		}
		s.types = append(s.types, fn.out)
		g, err := s.group(wa.Window())
		if err != nil {
			return nil, err
		}
		if fn.frame.rng != nil && len(g.order) > 0 {
			if err := fn.frame.rng.resolve(g.order[0].Type()); err != nil {
				return nil, err
			}
		}
		g.fns = append(g.fns, fn)
	}
	return s, nil
}

// windowOf reports whether a select expression is a window function
// (rather than a value passed through) and returns it.
func windowOf(e sql.Expression) (sql.WindowAdaptableExpression, bool) {
	switch e.(type) {
	case sql.WindowAggregation, sql.Aggregation:
		w, ok := e.(sql.WindowAdaptableExpression)
		return w, ok
	}
	return nil, false
}

// group finds or adds the group of a window definition.
func (s *windowSpec) group(w *sql.WindowDefinition) (*winGroup, error) {
	var part []sql.Expression
	var order sql.SortFields
	if w != nil {
		part, order = w.PartitionBy, w.OrderBy
	}
	var kb strings.Builder
	for _, e := range part {
		kb.WriteString(e.String() + ";")
	}
	kb.WriteString("|")
	for _, f := range order {
		fmt.Fprintf(&kb, "%s %d %d;", f.Column, f.Order, f.NullOrdering)
	}
	for _, g := range s.groups {
		if g.key == kb.String() {
			return g, nil
		}
	}
	g := &winGroup{key: kb.String()}
	for _, e := range part {
		x, err := s.ec.compile(e)
		if err != nil {
			return nil, err
		}
		g.part = append(g.part, x)
		g.fields = append(g.fields, sql.SortField{Column: e, Order: sql.Ascending, NullOrdering: sql.NullsFirst})
	}
	for _, f := range order {
		x, err := s.ec.compile(f.Column)
		if err != nil {
			return nil, err
		}
		g.order = append(g.order, x)
		g.fields = append(g.fields, f)
	}
	s.groups = append(s.groups, g)
	return g, nil
}

func (s *windowSpec) Types() []ColType { return s.types }
func (s *windowSpec) Local() LocalSink { return &orderedLocal{} }

// orderedLocal collects batches tagged with their morsel, so that rows
// reach the window in the source's order whatever worker read them: the
// order GMS's window meets them in, which decides ties (ROW_NUMBER and
// NTILE among equal keys).
type orderedLocal struct {
	collectLocal
	m    int
	tags []int
}

func (l *orderedLocal) startMorsel(m int) { l.m = m }

func (l *orderedLocal) Consume(ctx *sql.Context, b *Batch) error {
	l.tags = append(l.tags, l.m)
	return l.collectLocal.Consume(ctx, b)
}

// inOrder is the workers' batches by morsel, each morsel's in the order
// they came.
func inOrder(locals []LocalSink) []*Batch {
	type tagged struct {
		m int
		b *Batch
	}
	var all []tagged
	for _, l := range locals {
		ol := l.(*orderedLocal)
		for i, b := range ol.bs {
			all = append(all, tagged{ol.tags[i], b})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].m < all[j].m })
	bs := make([]*Batch, len(all))
	for i, t := range all {
		bs[i] = t.b
	}
	return bs
}

// Finish computes the windows over everything gathered: the workers'
// batches are moved into one (concatMoving), then the output's columns
// and each group's keys and sort are charged before they are built.
func (s *windowSpec) Finish(ctx *sql.Context, locals []LocalSink) (Source, error) {
	var mem tally
	for _, l := range locals {
		mem.take(&l.(*orderedLocal).mem)
	}
	all, err := concatMoving(ctx, s.in, inOrder(locals), &mem, false)
	if err != nil {
		return nil, err
	}
	if err := mem.to(ctx, mem.reserved+rowsBytes(s.types, all.N)); err != nil {
		return nil, err
	}
	f := s.ec.NewFrame()
	out := &Batch{N: all.N, Cols: make([]*Vec, len(s.types))}
	for col, x := range s.plain {
		if x != nil {
			v, err := keep(ctx, x, all, f)
			if err != nil {
				return nil, err
			}
			out.Cols[col] = v
		}
	}
	for _, g := range s.groups {
		if err := g.compute(ctx, all, f, out, &mem); err != nil {
			return nil, err
		}
	}
	return &Batches{types: s.types, bs: cutBatch(out, windowMorsel)}, nil
}

// windowMorsel is the rows per output batch, so that the next pipeline
// runs on every core.
const windowMorsel = 1 << 14

// cutBatch cuts b into batches of at most size rows, sharing its vectors.
func cutBatch(b *Batch, size int) []*Batch {
	var out []*Batch
	for lo := 0; lo < b.N; lo += size {
		hi := min(b.N, lo+size)
		s := &Batch{N: hi - lo, Cols: make([]*Vec, len(b.Cols))}
		for c, v := range b.Cols {
			s.Cols[c] = sliceVec(v, lo, hi)
		}
		out = append(out, s)
	}
	return out
}

func sliceVec(v *Vec, lo, hi int) *Vec {
	s := &Vec{T: v.T, Dict: v.Dict}
	switch {
	case v.Codes != nil:
		s.Codes = v.Codes[lo:hi]
	case v.T.Phys == PFloat:
		s.F = v.F[lo:hi]
	case v.T.Phys == PStr:
		s.S = v.S[lo:hi]
	default:
		s.I = v.I[lo:hi]
	}
	if v.Nulls != nil {
		s.Nulls = v.Nulls[lo:hi]
	}
	return s
}

// keep evaluates x over b into a vector of its own (frame vectors are
// reused by the next expression).
func keep(ctx *sql.Context, x Expr, b *Batch, f *Frame) (*Vec, error) {
	v, err := x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	if _, ref := x.(colRef); ref {
		return v, nil
	}
	return cloneVec(v, b.N), nil
}

// compute sorts the rows by the group's keys and writes each of its
// functions' column of out (in arrival order). The keys it computes, the
// sort's scratch and the partition and peer bounds are charged to mem
// before they are built, and given back when the group is done.
func (g *winGroup) compute(ctx *sql.Context, all *Batch, f *Frame, out *Batch, mem *tally) error {
	base := mem.reserved
	defer mem.give(mem.reserved - base)
	exprs := append(append([]Expr(nil), g.part...), g.order...)
	var kt []ColType
	for _, x := range exprs {
		if _, ref := x.(colRef); !ref {
			kt = append(kt, x.Type())
		}
	}
	if err := mem.to(ctx, base+rowsBytes(kt, all.N)); err != nil {
		return err
	}
	keys := make([]*Vec, 0, len(g.fields))
	var kb int64 // the keys' own copies
	for _, x := range exprs {
		v, err := keep(ctx, x, all, f)
		if err != nil {
			return err
		}
		if _, ref := x.(colRef); !ref {
			kb += vecBytes(v)
		}
		keys = append(keys, v)
	}
	// the bounds' int32s, and a RANGE frame's bounds of a partition (at most all rows)
	if err := mem.to(ctx, base+kb+sortScratch(keys, all.N)+16*int64(all.N)); err != nil {
		return err
	}
	r := sortWindow(keys, g.fields, all.N, len(g.part))
	defer r.release()
	if len(g.order) > 0 {
		r.order, r.desc = keys[len(g.part)], g.fields[len(g.part)].Order == sql.Descending
	}
	for _, fn := range g.fns {
		if err := fn.compute(ctx, r, all, f, out); err != nil {
			return err
		}
	}
	return nil
}

// winRun is one group's sorted rows: perm[k] is the k-th row in order;
// partEnd[k] and peerEnd[k] are one past the last row (in order) of the
// k-th row's partition and of its peers (equal on every key); order is
// the first ORDER BY key (by arrival position), desc its direction.
type winRun struct {
	n       int
	perm    []int32
	partEnd []int32
	peerEnd []int32
	order   *Vec
	desc    bool
	pooled  bool // perm is the word pool's
}

// sortWindow sorts n rows of keys under fields, the first nPart of
// them the partition's, and finds their partitions and peers: from the
// packed keys when they pack (radix.go), else by comparing rows.
func sortWindow(keys []*Vec, fields sql.SortFields, n, nPart int) *winRun {
	r := &winRun{n: n}
	if s := sortPacked(keys, fields, n); s != nil {
		r.perm, r.pooled = s.perm, true
		r.boundsPacked(s, nPart)
		putWords(s.keys)
		return r
	}
	r.perm = sortPerm(keys, fields, n, -1)
	r.bounds(keys, fields, nPart)
	return r
}

// release gives back the order's pooled memory: r is not read again.
func (r *winRun) release() {
	if r.pooled {
		putInt32s(r.perm)
	}
	r.perm, r.partEnd, r.peerEnd = nil, nil, nil
}

// bounds finds the partitions and peer groups of the sorted rows.
func (r *winRun) bounds(keys []*Vec, fields sql.SortFields, nPart int) {
	r.partEnd, r.peerEnd = make([]int32, r.n), make([]int32, r.n)
	for k := r.n - 1; k >= 0; k-- {
		if k == r.n-1 {
			r.partEnd[k], r.peerEnd[k] = int32(r.n), int32(r.n)
			continue
		}
		a, b := int(r.perm[k]), int(r.perm[k+1])
		r.partEnd[k], r.peerEnd[k] = r.partEnd[k+1], r.peerEnd[k+1]
		if compareRows(keys[:nPart], fields[:nPart], a, b) != 0 {
			r.partEnd[k], r.peerEnd[k] = int32(k+1), int32(k+1)
		} else if compareRows(keys[nPart:], fields[nPart:], a, b) != 0 {
			r.peerEnd[k] = int32(k + 1)
		}
	}
}

// boundsPacked finds the partitions and peer groups from the sorted
// packed keys: neighbours equal in their partition columns' bits (the
// high ones) share a partition, equal keys are peers.
func (r *winRun) boundsPacked(s *sortedKeys, nPart int) {
	var partBits uint
	for _, w := range s.widths[:nPart] {
		partBits += w
	}
	shift := s.bits - partBits // 64 and up: one partition
	r.partEnd, r.peerEnd = make([]int32, r.n), make([]int32, r.n)
	keys := s.keys[:r.n]
	partEnd, peerEnd := int32(r.n), int32(r.n)
	for k := r.n - 1; k >= 0; k-- {
		if k < r.n-1 {
			a, b := keys[k], keys[k+1]
			if a>>shift != b>>shift {
				partEnd, peerEnd = int32(k+1), int32(k+1)
			} else if a != b {
				peerEnd = int32(k + 1)
			}
		}
		r.partEnd[k], r.peerEnd[k] = partEnd, peerEnd
	}
}

// partitions calls fn for each partition's range of sorted positions.
func (r *winRun) partitions(fn func(ps, pe int) error) error {
	for ps := 0; ps < r.n; ps = int(r.partEnd[ps]) {
		if err := fn(ps, int(r.partEnd[ps])); err != nil {
			return err
		}
	}
	return nil
}
