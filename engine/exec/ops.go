package exec

import (
	"fmt"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// filterSpec keeps the rows for which a predicate is TRUE. A
// conjunction is tested a conjunct at a time, plain column comparisons
// first, each later one only on the rows the earlier ones kept: a LIKE
// behind `type = 'page_view'` reads only page views' URLs.
type filterSpec struct {
	types []ColType
	preds []Expr         // the conjuncts, in the order they are tested
	reads [][]bool       // per conjunct after the first: the columns it reads (nil: all)
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
	s := &filterSpec{types: in, cond: cond, text: cond.String(), ec: ec}
	for k, c := range cheapFirst(distinctConjuncts(expression.SplitConjunction(cond))) {
		pred, err := ec.compile(c)
		if err != nil {
			return nil, err
		}
		if pred.Type().Phys == PStr {
			return nil, unsupported("string condition %s", cond)
		}
		s.preds = append(s.preds, pred)
		if k > 0 {
			s.reads = append(s.reads, readMask(c, len(in)))
		}
	}
	return s, nil
}

// distinctConjuncts drops a conjunct written before (GMS's pushdown
// repeats a subquery's conditions: country = 'NL' AND opt_in = 1 AND
// country = 'NL' AND opt_in = 1), unless it may differ each time (RAND()).
func distinctConjuncts(cs []sql.Expression) []sql.Expression {
	seen := map[string]bool{}
	out := cs[:0:0]
	for _, c := range cs {
		text := c.String()
		if seen[text] && deterministic(c) {
			continue
		}
		seen[text] = true
		out = append(out, c)
	}
	return out
}

// deterministic reports whether e has no part whose value may differ
// between two evaluations over the same row.
func deterministic(e sql.Expression) bool {
	det := true
	sql.Inspect(e, func(x sql.Expression) bool {
		if nd, ok := x.(sql.NonDeterministicExpression); ok && nd.IsNonDeterministic() {
			det = false
		}
		if _, ok := x.(sql.ExpressionWithNodes); ok {
			det = false // a subquery: left as written
		}
		return det
	})
	return det
}

// cheapFirst orders conjuncts so that comparisons of a column with
// constants (and IS NULL) come before the rest, keeping their order
// otherwise. Which conjunct fails first does not change the rows a
// conjunction keeps.
func cheapFirst(cs []sql.Expression) []sql.Expression {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b sql.Expression) int {
		return cmpBool(!plainComparison(a), !plainComparison(b))
	})
	return out
}

// plainComparison reports whether e is a comparison of columns and
// literals only.
func plainComparison(e sql.Expression) bool {
	comparison := func(x sql.Expression) bool {
		switch x.(type) {
		case *expression.Equals, *expression.NullSafeEquals, *expression.LessThan, *expression.LessThanOrEqual,
			*expression.GreaterThan, *expression.GreaterThanOrEqual, *expression.InTuple, *expression.IsNull,
			*expression.Between:
			return true
		}
		return false
	}
	plain := comparison(e)
	sql.Inspect(e, func(x sql.Expression) bool {
		switch x.(type) {
		case *expression.GetField, *expression.Literal, expression.Tuple:
		default:
			plain = plain && comparison(x)
		}
		return plain
	})
	return plain
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// readMask is the columns of a width-wide batch e reads (nil: all).
func readMask(e sql.Expression, width int) []bool {
	cols := fieldsOf(e)
	if cols == nil {
		return nil
	}
	m := make([]bool, width)
	for _, c := range cols {
		if c >= 0 && c < width {
			m[c] = true
		}
	}
	return m
}

func (s *filterSpec) Types() []ColType             { return s.types }
func (s *filterSpec) Open(*sql.Context) error      { return nil }
func (s *filterSpec) Sources() []Source            { return nil }
func (s *filterSpec) Describe() (string, []string) { return "Filter", []string{s.text} }

func (s *filterSpec) New() Op {
	return &filterOp{s: s, f: s.ec.NewFrame(), out: &Batch{Cols: newVecs(len(s.types))},
		kept: &Batch{Cols: newVecs(len(s.types))}}
}

type filterOp struct {
	s    *filterSpec
	f    *Frame
	sel  []int32
	out  *Batch
	kept *Batch // the rows kept so far, with the next conjunct's columns
}

func newVecs(n int) []*Vec {
	vs := make([]*Vec, n)
	for i := range vs {
		vs[i] = &Vec{}
	}
	return vs
}

func (o *filterOp) Push(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	if err := o.selectRows(ctx, b); err != nil {
		return err
	}
	if b.Late != nil {
		return o.pushLate(b, emit)
	}
	if len(o.sel) == b.N {
		return emit(b)
	}
	return emit(gatherBatch(o.out, b, o.sel, o.s.keep))
}

// pushLate emits the kept rows of b, whose deferred columns are filled
// for those rows alone.
func (o *filterOp) pushLate(b *Batch, emit func(*Batch) error) error {
	if len(o.sel) == 0 {
		return nil
	}
	out, sel := o.out, o.sel
	if len(o.sel) == b.N {
		out, sel = b, nil
	} else {
		gatherBatch(out, b, o.sel, o.s.keep)
	}
	fillLate(b, out, sel, o.s.keep)
	b.Late = nil
	return emit(out)
}

// selectRows sets o.sel to the rows of b every conjunct holds for.
func (o *filterOp) selectRows(ctx *sql.Context, b *Batch) error {
	o.f.next()
	p, err := o.s.preds[0].Vec(ctx, b, o.f)
	if err != nil {
		return err
	}
	o.sel = selectTrue(p, b.N, o.sel[:0])
	for k, pred := range o.s.preds[1:] {
		if len(o.sel) == 0 {
			return nil
		}
		in := b
		if len(o.sel) < b.N {
			in = gatherBatch(o.kept, b, o.sel, o.s.reads[k])
		}
		o.f.next() // the frame's shared values were of b's rows
		p, err := pred.Vec(ctx, in, o.f)
		if err != nil {
			return err
		}
		j := 0
		for i, row := range o.sel {
			if truth(p, i) {
				o.sel[j] = row
				j++
			}
		}
		o.sel = o.sel[:j]
	}
	return nil
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
