package exec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// errUnsupported marks a plan or expression the executor leaves to GMS.
var errUnsupported = errors.New("exec: not supported")

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUnsupported}, args...)...)
}

// IsUnsupported reports whether err only means "leave this to GMS".
func IsUnsupported(err error) bool { return errors.Is(err, errUnsupported) }

// Expr is a compiled expression over the columns of a batch.
type Expr interface {
	Type() ColType
	// Vec returns the values over b: one of b's own columns, or a vector
	// of the frame that stays valid until the frame's next use.
	Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error)
}

// Frame is one worker's scratch space for evaluating compiled
// expressions: a vector per expression node, and a row for the nodes
// evaluated by GMS row by row.
type Frame struct {
	tmp  []Vec
	row  sql.Row
	memo []*dayCache // by slot: the day memos' values (daymemo.go)
	wide []*Batch    // by slot: batches widened by converted columns (convtz.go)
	// parts holds, by slot, the rows a lazy AND or OR hands its right
	// side (lazylogic.go).
	parts []*partial
	// exprs holds, by slot, the frame's own copies of stateful GMS
	// expressions (workerExpr).
	exprs []sql.Expression
	// combos holds, by slot, the texts a kernel built for combinations
	// of dictionary codes (dictmap.go).
	combos map[int]*comboMemo
	// civil caches the calendar dates of days the date-part kernels
	// met (a frame's kernels all read days the same way).
	civil *civilMemo
	// arena holds the strings kernels build (strfn.go); a full chunk is
	// replaced, never reused, so strings handed out stay valid.
	arena []byte
	// lit is how many rows of each literal's slot hold its value.
	lit []int
	// epoch numbers the batches of an operator that shares repeated
	// subexpressions; marks, by slot, what each memo saw last (memo.go).
	epoch uint64
	marks []memoMark
}

// exprCompiler compiles the expressions of one operator over an input
// layout, numbering the frame slots they use.
type exprCompiler struct {
	in      []ColType
	slots   int
	inArith int // > 0 while compiling the operands of + - * (divide.go)
	// repeats counts the operator's subexpressions by exprKey, memos
	// holds the shared ones compiled (memo.go).
	repeats map[string]int
	memos   map[string]*memoExpr
	own     string // the key of the shared expression being compiled
	// lookups are the decorrelated subqueries compiled here, for
	// offerOuterRanges.
	lookups []*keyedLookup
}

func (c *exprCompiler) slot() int { c.slots++; return c.slots - 1 }

// NewFrame returns scratch space for the expressions compiled so far.
func (c *exprCompiler) NewFrame() *Frame {
	return &Frame{tmp: make([]Vec, c.slots), row: make(sql.Row, len(c.in)), lit: make([]int, c.slots)}
}

// compile turns e into a vector expression: a kernel where one exists,
// GMS's own evaluation once per day where only a date column's day
// matters, GMS's evaluation row by row otherwise.
func (c *exprCompiler) compile(e sql.Expression) (Expr, error) {
	if a, ok := e.(*expression.Alias); ok {
		return c.compile(a.Child)
	}
	if m, ok, err := c.shared(e); ok || err != nil {
		return m, err
	}
	if depth(e) >= 3 && types.IsTime(e.Type()) {
		// A date computed by date arithmetic over date functions
		// (Metabase's quarter: MAKEDATE(YEAR(x), 1) + INTERVAL QUARTER(x)
		// - 1 QUARTER) costs several passes per row, calendar arithmetic
		// among them; through one column's day it is computed once per
		// day instead. (Conditions and numbers over a day stay kernels,
		// cheap per row and shared between expressions: memo.go.)
		if m, ok := c.dayMemo(e); ok {
			return m, nil
		}
	}
	x, ok, err := c.native(e)
	if ok && err == nil {
		return x, nil
	}
	if err != nil && !IsUnsupported(err) {
		return nil, err
	}
	if x, ok, terr := c.tzColumns(e); ok && terr == nil {
		return x, nil
	} else if terr != nil && !IsUnsupported(terr) {
		return nil, terr
	}
	if m, ok := c.dayMemo(e); ok {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	return c.perRow(e)
}

// depth is how many levels of computation e stacks: 0 for a column or
// a constant, 1 for a function of those (YEAR(x)), 2 for a function of
// such functions (DAYOFWEEK(x) = 2), and so on.
func depth(e sql.Expression) int {
	switch e.(type) {
	case *expression.GetField, *expression.Literal:
		return 0
	}
	d := 0
	for _, ch := range e.Children() {
		d = max(d, depth(ch))
	}
	return d + 1
}

// native compiles the expressions that have vector kernels.
func (c *exprCompiler) native(e sql.Expression) (Expr, bool, error) {
	switch e := e.(type) {
	case *expression.GetField:
		i := e.Index()
		if i < 0 || i >= len(c.in) {
			return nil, false, unsupported("field %s (%d) out of range of %d", e, i, len(c.in))
		}
		return colRef{i: i, t: c.in[i]}, true, nil
	case *expression.Literal:
		t, ok := TypeOf(e.Type())
		if !ok {
			return nil, false, nil
		}
		return &literal{v: e.Value(), t: t, slot: c.slot()}, true, nil
	}
	if x, ok, err := c.subquery(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.exists(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.inList(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.inSubquery(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.caseExpr(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.logic(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.comparison(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.between(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.dateArith(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.arith(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.divide(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.mod(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.round(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.intVal(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.castInt(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.castStr(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.castNum(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.mathFunc(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.minMax(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.intDiv(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.neg(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.regexpLike(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.strFunc(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.strBuild(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.coalesce(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.nullIf(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.period(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.convertTz(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.clock(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.unixTime(e); ok || err != nil {
		return x, ok, err
	}
	if x, ok, err := c.dateFormat(e); ok || err != nil {
		return x, ok, err
	}
	return c.dateFunc(e)
}

// colRef is an input column, read in place.
type colRef struct {
	i int
	t ColType
}

func (r colRef) Type() ColType                                        { return r.t }
func (r colRef) Vec(_ *sql.Context, b *Batch, _ *Frame) (*Vec, error) { return b.Cols[r.i], nil }

// literal is a constant, broadcast to the batch's length.
type literal struct {
	v    any
	t    ColType
	slot int
}

func (l *literal) Type() ColType { return l.t }

func (l *literal) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	out := &f.tmp[l.slot]
	if f.lit[l.slot] >= b.N { // filled by an earlier batch: the same value
		out.resize(b.N)
		return out, nil
	}
	out.reset(l.t, b.N)
	if b.N == 0 {
		return out, nil
	}
	if err := out.Set(ctx, 0, b.N, l.v); err != nil {
		return nil, err
	}
	f.lit[l.slot] = b.N
	for i := 1; i < b.N; i++ {
		switch l.t.Phys {
		case PFloat:
			out.F[i] = out.F[0]
		case PStr:
			out.S[i] = out.S[0]
		default:
			out.I[i] = out.I[0]
		}
		if out.Nulls != nil {
			out.Nulls[i] = true
		}
	}
	return out, nil
}

// rowExpr evaluates a GMS expression row by row: correct for anything
// GMS can evaluate over the operator's input row, at GMS's speed.
type rowExpr struct {
	e    sql.Expression
	t    ColType
	cols []int // input columns the expression reads
	slot int
	memo int // the frame slot of its values by dictionary entry or integer (codedRows, intRows)
	// stateful: each worker evaluates its own copy of e (workerExpr).
	stateful bool
}

func (c *exprCompiler) perRow(e sql.Expression) (Expr, error) {
	if debugRowByRow {
		fmt.Fprintf(os.Stderr, "cohortdb_exec: row by row: %s\n", e)
	}
	t, ok := TypeOf(e.Type())
	if !ok || t.Phys == PDec {
		// A DECIMAL GMS computes keeps its own exponent (ROUND(x, 1) of
		// a DECIMAL(12,2) is 1.2, not 1.20): not representable at the
		// type's scale.
		return nil, unsupported("type %s of %s", e.Type(), e)
	}
	if x, ok, err := c.rowFunc(e, t); ok || err != nil {
		return x, err
	}
	cols, err := rowColumns(e, len(c.in))
	if err != nil {
		return nil, err
	}
	return &rowExpr{e: e, t: t, cols: cols, slot: c.slot(), memo: c.slot(), stateful: hasState(e)}, nil
}

// statefulFuncs are GMS functions whose evaluation changes the
// expression: each REGEXP function keeps one ICU matcher (a WebAssembly
// instance) that Eval points at the row's text, so two workers
// evaluating the same one corrupted it and crashed the server.
var statefulFuncs = map[string]bool{"regexp_like": true, "regexp_instr": true, "regexp_substr": true, "regexp_replace": true}

// hasState reports whether e holds a statefulFuncs function, or a
// simple CASE (CASE x WHEN v …): GMS's Eval builds x = v for each row,
// and building a comparison writes to x's arithmetic (SetOpCount), a
// data race between workers evaluating one expression.
func hasState(e sql.Expression) bool {
	found := false
	sql.Inspect(e, func(x sql.Expression) bool {
		if f, ok := x.(sql.FunctionExpression); ok && statefulFuncs[strings.ToLower(f.FunctionName())] {
			found = true
		}
		if c, ok := x.(*expression.Case); ok && c.Expr != nil {
			found = true
		}
		return !found
	})
	return found
}

// workerExpr is the frame's own copy of e when e holds state (hasState),
// made before its first evaluation (GMS's REGEXP WithChildren hands a
// compiled matcher on to the copy), else e itself. The copy is disposed
// when the statement's run ends (withClones).
func workerExpr(ctx *sql.Context, f *Frame, slot int, e sql.Expression, stateful bool) sql.Expression {
	if !stateful {
		return e
	}
	if f.exprs == nil {
		f.exprs = make([]sql.Expression, len(f.tmp))
	}
	if f.exprs[slot] == nil {
		f.exprs[slot] = cloneExpr(e)
		if cl, ok := ctx.Value(clonesKey{}).(*exprClones); ok {
			cl.add(e, f.exprs[slot])
		}
	}
	return f.exprs[slot]
}

// exprClones are the copies workerExpr made during one run of a
// compiled subtree. GMS disposes the expressions of its plan when a
// statement ends (closing the ICU matcher of each REGEXP function, whose
// WebAssembly instance otherwise outlives it and is reported as leaked
// by a finalizer); the workers' copies are not in the plan, so the run
// disposes them itself.
type exprClones struct {
	mu     sync.Mutex
	clones []sql.Expression
	orig   map[sql.Expression]bool // nodes the copies share with the plan's expressions
}

type clonesKey struct{}

// withClones is ctx with a record of the copies workerExpr makes in it.
func withClones(ctx *sql.Context) (*sql.Context, *exprClones) {
	cl := &exprClones{}
	return ctx.WithContext(context.WithValue(ctx.Context, clonesKey{}, cl)), cl
}

func (cl *exprClones) add(orig, clone sql.Expression) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.orig == nil {
		cl.orig = map[sql.Expression]bool{}
	}
	sql.Inspect(orig, func(x sql.Expression) bool {
		if comparableExpr(x) {
			cl.orig[x] = true
		}
		return true
	})
	cl.clones = append(cl.clones, clone)
}

// dispose disposes every node of the copies that is their own (a leaf
// or a node WithChildren could not copy stays the plan's, which GMS
// disposes).
func (cl *exprClones) dispose() {
	if cl == nil {
		return
	}
	cl.mu.Lock()
	defer cl.mu.Unlock()
	for _, e := range cl.clones {
		sql.Inspect(e, func(x sql.Expression) bool {
			if comparableExpr(x) && !cl.orig[x] {
				sql.Dispose(x)
			}
			return true
		})
	}
	cl.clones = nil
}

// comparableExpr reports whether x can be a map key (expressions are
// pointers, but a value type holding a slice would panic).
func comparableExpr(x sql.Expression) bool {
	return x != nil && reflect.TypeOf(x).Comparable()
}

// cloneExpr rebuilds every node of e that has children.
func cloneExpr(e sql.Expression) sql.Expression {
	kids := e.Children()
	if len(kids) == 0 {
		return e
	}
	nk := make([]sql.Expression, len(kids))
	for i, k := range kids {
		nk[i] = cloneExpr(k)
	}
	ne, err := e.WithChildren(nk...)
	if err != nil {
		return e
	}
	return ne
}

// rowColumns are the input columns GMS reads to evaluate e over an
// operator's input row; an error when it cannot be evaluated that way.
func rowColumns(e sql.Expression, width int) ([]int, error) {
	var cols []int
	var bad error
	sql.Inspect(e, func(x sql.Expression) bool {
		switch x := x.(type) {
		case *expression.GetField:
			if x.Index() < 0 || x.Index() >= width {
				bad = unsupported("field %s (%d) out of range of %d", x, x.Index(), width)
			}
			if !slices.Contains(cols, x.Index()) {
				cols = append(cols, x.Index())
			}
		case sql.NonDeterministicExpression:
			if x.IsNonDeterministic() {
				bad = unsupported("non-deterministic %s", x)
			}
		case *expression.BindVar, *expression.ProcedureParam, *expression.UserVar:
			bad = unsupported("%s", x)
		}
		if _, ok := x.(sql.ExpressionWithNodes); ok {
			bad = unsupported("subquery in %s", x)
		}
		return bad == nil
	})
	if bad != nil {
		return nil, bad
	}
	return cols, nil
}

func (r *rowExpr) Type() ColType { return r.t }

func (r *rowExpr) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	out := &f.tmp[r.slot]
	out.reset(r.t, b.N)
	var single *Vec // the one column read, if one: runs of equal values are evaluated once
	if len(r.cols) == 1 {
		single = b.Cols[r.cols[0]]
		if ok, err := r.codedRows(ctx, single, b.N, f, out); ok || err != nil {
			return out, err
		}
		if ok, err := r.intRows(ctx, single, b.N, f, out); ok || err != nil {
			return out, err
		}
	}
	for i := 0; i < b.N; i++ {
		if single != nil && i > 0 && sameValue(single, i, i-1) {
			copyValue(out, i, i-1, b.N)
			continue
		}
		for _, c := range r.cols {
			f.row[c] = b.Cols[c].Value(i)
		}
		v, err := workerExpr(ctx, f, r.slot, r.e, r.stateful).Eval(ctx, f.row)
		if err != nil {
			return nil, err
		}
		if err := out.Set(ctx, i, b.N, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// boolType is the type of comparisons and logic results.
var boolType = ColType{Phys: PInt, SQL: types.Boolean}

// truth reports whether position i of a boolean-ish vector is TRUE.
func truth(v *Vec, i int) bool {
	if v.IsNull(i) {
		return false
	}
	switch v.T.Phys {
	case PFloat:
		return v.F[i] != 0
	case PStr:
		return false // not produced by native kernels; row fallback converts
	}
	return v.I[i] != 0
}

// sameValue reports whether positions i and j of v hold the same value
// (two NULLs are the same).
func sameValue(v *Vec, i, j int) bool {
	if v.IsNull(i) || v.IsNull(j) {
		return v.IsNull(i) && v.IsNull(j)
	}
	switch {
	case v.T.Phys == PFloat:
		return v.F[i] == v.F[j]
	case v.T.Phys != PStr:
		return v.I[i] == v.I[j]
	case v.Codes != nil:
		return v.Codes[i] == v.Codes[j]
	}
	return v.S[i] == v.S[j]
}

// copyValue sets position i of out to position j's value.
func copyValue(out *Vec, i, j, n int) {
	if out.IsNull(j) {
		out.setNull(i, n)
		return
	}
	switch out.T.Phys {
	case PFloat:
		out.F[i] = out.F[j]
	case PStr:
		out.S[i] = out.S[j]
	default:
		out.I[i] = out.I[j]
	}
}

// debugRowByRow prints the expressions evaluated by GMS row by row
// (COHORTDB_EXEC_DEBUG=1, as the engine prints subtrees left to GMS).
var debugRowByRow = os.Getenv("COHORTDB_EXEC_DEBUG") != ""
