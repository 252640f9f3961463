package exec

import (
	"fmt"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// filterSpec keeps the rows for which a predicate is TRUE.
type filterSpec struct {
	types []ColType
	pred  Expr
	cond  sql.Expression // as GMS planned it (estimate.go reads it)
	text  string
	ec    *exprCompiler
	// keep, set by prune, is the columns read above the filter (nil:
	// all); the others, read by the condition alone, are not gathered.
	keep []bool
}

func newFilter(in []ColType, cond sql.Expression) (*filterSpec, error) {
	ec := &exprCompiler{in: in}
	ec.shareRepeats(cond)
	pred, err := ec.compile(cond)
	if err != nil {
		return nil, err
	}
	if pred.Type().Phys == PStr {
		return nil, unsupported("string condition %s", cond)
	}
	return &filterSpec{types: in, pred: pred, cond: cond, text: cond.String(), ec: ec}, nil
}

func (s *filterSpec) Types() []ColType             { return s.types }
func (s *filterSpec) Open(*sql.Context) error      { return nil }
func (s *filterSpec) Sources() []Source            { return nil }
func (s *filterSpec) Describe() (string, []string) { return "Filter", []string{s.text} }

func (s *filterSpec) New() Op {
	return &filterOp{s: s, f: s.ec.NewFrame(), out: &Batch{Cols: newVecs(len(s.types))}}
}

type filterOp struct {
	s   *filterSpec
	f   *Frame
	sel []int32
	out *Batch
}

func newVecs(n int) []*Vec {
	vs := make([]*Vec, n)
	for i := range vs {
		vs[i] = &Vec{}
	}
	return vs
}

func (o *filterOp) Push(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	o.f.next()
	p, err := o.s.pred.Vec(ctx, b, o.f)
	if err != nil {
		return err
	}
	o.sel = selectTrue(p, b.N, o.sel[:0])
	if len(o.sel) == b.N {
		return emit(b)
	}
	return emit(gatherBatch(o.out, b, o.sel, o.s.keep))
}

// selectTrue appends to sel the rows where p is true.
func selectTrue(p *Vec, n int, sel []int32) []int32 {
	if p.Nulls != nil || p.T.Phys == PFloat || p.T.Phys == PStr {
		for i := 0; i < n; i++ {
			if truth(p, i) {
				sel = append(sel, int32(i))
			}
		}
		return sel
	}
	// Branch-free: a filter keeping most rows (or few) in no pattern
	// would mispredict a branch per row.
	base := len(sel)
	sel = slices.Grow(sel, n)[:base+n]
	j := base
	for i, x := range p.I[:n] {
		sel[j] = int32(i)
		if x != 0 {
			j++
		}
	}
	return sel[:j]
}

// gatherBatch fills out with the rows sel of b; a column keep leaves
// out (keep nil: none) is passed on absent.
func gatherBatch(out, b *Batch, sel []int32, keep []bool) *Batch {
	for i, v := range b.Cols {
		if i < len(keep) && !keep[i] {
			out.Cols[i].SetAbsent(v.T, len(sel))
			continue
		}
		gather(out.Cols[i], v, sel)
	}
	out.N = len(sel)
	return out
}

// projectSpec computes a new set of columns.
type projectSpec struct {
	types []ColType
	exprs []Expr
	texts []string
	ec    *exprCompiler
	reads [][]int // per expression, the input columns it reads (nil: unknown)
	skip  []bool  // per expression: nobody reads it (prune.go)
}

func newProject(in []ColType, exprs []sql.Expression) (*projectSpec, error) {
	ec := &exprCompiler{in: in}
	ec.shareRepeats(exprs...)
	s := &projectSpec{ec: ec}
	for _, e := range exprs {
		x, err := ec.compile(e)
		if err != nil {
			return nil, err
		}
		t, err := projectedType(e, x)
		if err != nil {
			return nil, err
		}
		s.exprs = append(s.exprs, x)
		s.reads = append(s.reads, fieldsOf(e))
		s.types = append(s.types, t)
		s.texts = append(s.texts, e.String())
	}
	return s, nil
}

// projectedType is the layout a projection gives e, computed by x.
func projectedType(e sql.Expression, x Expr) (ColType, error) {
	if _, ref := x.(colRef); ref || (x.Type().Phys == PDec && types.IsDecimal(e.Type())) {
		// A column passes through as its producer typed it; a DECIMAL
		// kernel types its result as MySQL does (GMS's DECIMAL(65,10) of
		// a CASE or a sum is no scaled int64).
		return x.Type(), nil
	}
	t, ok := TypeOf(e.Type())
	if !ok {
		return t, unsupported("type %s", e.Type())
	}
	if t.Phys != x.Type().Phys || t.Scale != x.Type().Scale {
		return t, unsupported("projection %s: kernel type differs", e)
	}
	return t, nil
}

func (s *projectSpec) Types() []ColType        { return s.types }
func (s *projectSpec) Open(*sql.Context) error { return nil }
func (s *projectSpec) Sources() []Source       { return nil }
func (s *projectSpec) Describe() (string, []string) {
	return "Project", []string{fmt.Sprintf("columns: %v", s.texts)}
}

func (s *projectSpec) New() Op {
	return &projectOp{s: s, f: s.ec.NewFrame(), out: &Batch{Cols: make([]*Vec, len(s.exprs))}}
}

type projectOp struct {
	s   *projectSpec
	f   *Frame
	out *Batch
}

func (o *projectOp) Push(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	o.f.next()
	for i, x := range o.s.exprs {
		if o.s.skip != nil && o.s.skip[i] {
			o.absent(i, b.N)
			continue
		}
		v, err := x.Vec(ctx, b, o.f)
		if err != nil {
			return err
		}
		o.out.Cols[i] = v
	}
	o.out.N = b.N
	return emit(o.out)
}

// absent makes output column i an absent vector of n rows (a projection
// nobody reads).
func (o *projectOp) absent(i, n int) {
	v, ok := o.out.Cols[i], false
	if v != nil {
		ok = v.Absent
	}
	if !ok {
		v = &Vec{}
		o.out.Cols[i] = v
	}
	v.SetAbsent(o.s.types[i], n)
}
