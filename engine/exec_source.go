package engine

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/exec"
	"github.com/cohortdb/cohortdb/storage"
)

// ExecVariable turns the vectorised executor off for a session
// (SET cohortdb_exec = 0: GMS's row-at-a-time operators run every
// statement); 1, the default, and 2 (kept for scripts that set it) run
// every subtree it compiles.
const ExecVariable = "cohortdb_exec"

func execMode(ctx *sql.Context) int64 {
	if !vectorizeEnabled(ctx) {
		return 0
	}
	v, err := ctx.GetSessionVariable(ctx, ExecVariable)
	if err != nil {
		return 0
	}
	switch x := v.(type) {
	case int64:
		return x
	case int8:
		return int64(x)
	}
	return 0
}

func execEnabled(ctx *sql.Context) bool { return execMode(ctx) != 0 }

func execSystemVariable() sql.SystemVariable {
	return &sql.MysqlSystemVariable{
		Name:    ExecVariable,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
		Dynamic: true,
		Type:    types.NewSystemIntType(ExecVariable, 0, 2, false),
		Default: int64(1),
	}
}

// buildExec runs n with the general executor when it holds a join or an
// aggregate and every node and expression in it compiles; ok is false
// otherwise, and GMS builds n (whose children come back here). It runs
// when GMS builds iterators, after execution indexes are assigned, so
// the outermost compilable subtree is the one compiled.
func (b *loadDataBuilder) buildExec(ctx *sql.Context, n sql.Node, row sql.Row) (sql.RowIter, bool, error) {
	if rowByRow(ctx, n) {
		return nil, false, nil
	}
	p, ok := compileExec(ctx, n, row, true)
	if !ok {
		return nil, false, nil
	}
	it, err := exec.NewNode(n, p).RowIter(ctx, row)
	if exec.IsExactRange(err) {
		countExactRetry(n)
		return nil, false, nil // GMS's decimals answer it (exec.IsExactRange)
	}
	if err != nil {
		return nil, true, err
	}
	return &exactRetry{it: it, again: func() (sql.RowIter, error) {
		countExactRetry(n)
		// GMS builds n's operator, its children through Build as usual.
		return b.base.Build(ctx.WithContext(context.WithValue(ctx.Context, rowByRowKey{}, n)), n, row)
	}}, true, nil
}

// rowByRowKey holds, in a context, the node to build for GMS's
// operators alone: it ran out of the kernels' digits once.
type rowByRowKey struct{}

// rowByRow reports whether ctx asks for n to be built row by row.
func rowByRow(ctx *sql.Context, n sql.Node) (yes bool) {
	defer func() { _ = recover() }() // a node type that is not comparable is not the one
	m, _ := ctx.Value(rowByRowKey{}).(sql.Node)
	return m != nil && m == n
}

// exactRetry runs a compiled subtree again row by row when its first
// batch meets a DECIMAL past the kernels' digits (exec.IsExactRange);
// once a row is out, such an error is the statement's.
type exactRetry struct {
	it    sql.RowIter
	again func() (sql.RowIter, error)
	out   bool
}

func (r *exactRetry) Next(ctx *sql.Context) (sql.Row, error) {
	row, err := r.it.Next(ctx)
	if err != nil && !r.out && exec.IsExactRange(err) {
		r.out = true
		if cerr := r.it.Close(ctx); cerr != nil {
			return nil, cerr
		}
		if r.it, err = r.again(); err != nil {
			return nil, err
		}
		return r.it.Next(ctx)
	}
	r.out = r.out || err == nil
	return row, err
}

func (r *exactRetry) Close(ctx *sql.Context) error { return r.it.Close(ctx) }

// countExactRetry counts a subtree run again row by row as left to GMS.
func countExactRetry(n sql.Node) {
	execFallbacks.Add(1)
	if execDebug {
		fmt.Fprintf(os.Stderr, "cohortdb_exec: %T run again row by row: a DECIMAL past 18 digits\n", n)
	}
}

// compileExec compiles n for the general executor, or reports that GMS
// runs it; counted says whether the outcome goes to cohortdb_counters()
// (not for EXPLAIN).
func compileExec(ctx *sql.Context, n sql.Node, row sql.Row, counted bool) (*exec.Pipeline, bool) {
	if (len(row) != 0 && !uncorrelatedSubquery(n, len(row))) || !execEnabled(ctx) || !worthCompiling(ctx, n) {
		return nil, false
	}
	used := usedColumnNames(n)
	p, err := exec.Compile(ctx, n, func(ctx *sql.Context, n sql.Node) (exec.Source, bool) {
		src, ok := execSource(ctx, n)
		if ts, scan := src.(*tableSource); scan {
			ts.used = used
		}
		return src, ok
	})
	if err != nil {
		if counted {
			execFallbacks.Add(1)
		}
		if execDebug {
			fmt.Fprintf(os.Stderr, "cohortdb_exec: %T left to GMS: %v\n", n, err)
		}
		return nil, false
	}
	if counted {
		execCompiled.Add(1)
	}
	return p, true
}

// describeCompiled is EXPLAIN's plan of d's query, a row per line as
// GMS writes it, with the subtrees the executor runs shown compiled.
func describeCompiled(ctx *sql.Context, d *plan.DescribeQuery) sql.RowIter {
	var rows []sql.Row
	for _, l := range strings.Split(sql.Describe(explainCompiled(ctx, d.Query()), d.Format), "\n") {
		if strings.TrimSpace(l) != "" {
			rows = append(rows, sql.NewRow(l))
		}
	}
	return sql.RowsToRowIter(rows...)
}

// explainCompiled is n with each outermost subtree the executor would
// compile replaced by its compiled form, whose line in EXPLAIN is
// "Vectorized" over the pipeline's operators: what EXPLAIN shows is what
// runs — those subtrees vectorised, every node still shown as GMS's on
// its row path.
func explainCompiled(ctx *sql.Context, n sql.Node) sql.Node {
	if p, ok := compileExec(ctx, n, nil, false); ok {
		return exec.NewNode(n, p)
	}
	ch := n.Children()
	if len(ch) == 0 {
		return n
	}
	next, changed := make([]sql.Node, len(ch)), false
	for i, c := range ch {
		next[i] = explainCompiled(ctx, c)
		changed = changed || next[i] != c
	}
	if !changed {
		return n
	}
	if nn, err := n.WithChildren(next...); err == nil {
		return nn
	}
	return n
}

// uncorrelatedSubquery reports whether n is a subquery expression's plan
// as GMS runs it — the outer row (width values) prepended to the rows of
// its sources and projections — that reads nothing of that row, over one
// table (no join, derived table, set operation or window, whose scope
// rows GMS numbers in other ways): the executor can run it, the leading
// columns left unread (exec's PrependNode).
func uncorrelatedSubquery(n sql.Node, width int) bool {
	if p, ok := n.(*plan.PrependNode); !ok || len(p.Row) != width {
		return false
	}
	ok := true
	transform.Inspect(n, func(n sql.Node) bool {
		switch n.(type) {
		case *plan.JoinNode, *plan.SubqueryAlias, *plan.SetOp, *plan.Window, *plan.RecursiveCte:
			ok = false
		}
		if ex, isEx := n.(sql.Expressioner); ok && isEx {
			for _, e := range ex.Expressions() {
				transform.InspectExpr(e, func(e sql.Expression) bool {
					switch e := e.(type) {
					case *expression.GetField:
						ok = ok && e.Index() >= width
					case sql.ExpressionWithNodes:
						ok = false
					}
					return !ok
				})
			}
		}
		return ok
	})
	return ok
}

// worthCompiling reports whether n holds a GROUP BY, a window or a join other
// than an index lookup (which GMS answers without reading the looked-up
// table whole, so alone, under a LIMIT say, it stays with GMS), or a
// sort, DISTINCT or UNION (DISTINCT) over a large scan.
func worthCompiling(ctx *sql.Context, n sql.Node) bool {
	found := false
	transform.Inspect(n, func(n sql.Node) bool {
		switch n := n.(type) {
		case *plan.GroupBy, *plan.Window:
			found = true
		case *plan.JoinNode:
			found = found || !n.Op.IsLookup()
		case *plan.Distinct:
			// Every row hashed: as a GROUP BY, once the scan is large.
			found = execMode(ctx) == 2 || scannedRows(ctx, n) >= sortRowsToCompile
		case *plan.SetOp:
			found = n.Distinct && (execMode(ctx) == 2 || scannedRows(ctx, n) >= sortRowsToCompile)
		case *plan.Sort, *plan.TopN:
			// Sorting a scan on vectors beats GMS's row sort by far
			// (ORDER BY amount DESC LIMIT 3 over 2M lines: 11.7 s);
			// the few rows of an index lookup (one customer's orders)
			// or a small table GMS sorts sooner than a pipeline starts.
			// (cohortdb_exec = 2 compiles them whatever their size.)
			found = !readsIndex(n) && (execMode(ctx) == 2 || scannedRows(ctx, n) >= sortRowsToCompile)
		}
		if ex, ok := n.(sql.Expressioner); ok && !found {
			for _, e := range ex.Expressions() {
				found = found || hasCorrelatedSubquery(e)
			}
		}
		return !found
	})
	return found
}

// sortRowsToCompile is the table size from which a sort over a scan
// runs vectorised.
const sortRowsToCompile = 50_000

// scannedRows is how many rows the cohortdb tables n scans hold.
func scannedRows(ctx *sql.Context, n sql.Node) int {
	rows := 0
	transform.Inspect(n, func(n sql.Node) bool {
		if rt, ok := n.(*plan.ResolvedTable); ok {
			if t, ok := unwrapTable(rt.Table); ok {
				rows += t.rowCount(ctx)
			}
		}
		return true
	})
	return rows
}

// readsIndex reports whether n reads a table through an index lookup.
func readsIndex(n sql.Node) bool {
	found := false
	transform.Inspect(n, func(n sql.Node) bool {
		_, found = n.(*plan.IndexedTableAccess)
		return !found
	})
	return found
}

// hasCorrelatedSubquery reports whether e holds a correlated subquery:
// GMS runs it once per row, the executor once in all (exec.correlated).
// (An uncorrelated one GMS runs once too; an error of it, as a scalar
// subquery's second row, is then GMS's to turn into a warning under
// INSERT IGNORE.)
func hasCorrelatedSubquery(e sql.Expression) bool {
	found := false
	sql.Inspect(e, func(e sql.Expression) bool {
		if q, ok := e.(*plan.Subquery); ok && !q.Correlated().Empty() {
			found = true
		}
		return !found
	})
	return found
}

// execCompiled and execFallbacks count subtrees with a join or an
// aggregate run by the executor and left to GMS (cohortdb_counters()).
var execCompiled, execFallbacks atomic.Int64

// execDebug prints why subtrees are left to GMS (COHORTDB_EXEC_DEBUG=1).
var execDebug = os.Getenv("COHORTDB_EXEC_DEBUG") != ""

func init() { exec.SetResolver(execSource) }

// execSource is the executor's resolver: a cohortdb table scan.
func execSource(ctx *sql.Context, n sql.Node) (exec.Source, bool) {
	switch n := n.(type) {
	case *tableFunc:
		return exec.RowSource(n)
	case *plan.RecursiveCte:
		// GMS's own operators run it (its rows are few: a date series, a
		// hierarchy), and what reads it runs vectorised: a LEFT JOIN of
		// a week of days to S2's orders on DATE(ordered_at) took 107 s
		// of CPU in GMS's hash join.
		return exec.NodeRows(n, func(ctx *sql.Context) (sql.RowIter, error) {
			return rowexec.DefaultBuilder.Build(ctx, n, nil)
		})
	case *plan.IndexedTableAccess:
		if n.IsStatic() {
			return bitmapSourceFor(ctx, n)
		}
		return lookupSourceFor(n)
	}
	rt, ok := n.(*plan.ResolvedTable)
	if !ok {
		return nil, false
	}
	t, ok := unwrapTable(rt.Table)
	if !ok {
		return nil, false
	}
	ts, ok := exec.TypesOf(t.Schema())
	if !ok {
		return nil, false
	}
	return &tableSource{t: t, types: ts, rt: rt}, true
}

// tableSource scans a table's projected columns, a segment per morsel,
// with its zone-map pruning and bitmap filters.
type tableSource struct {
	t     *Table
	rt    sql.Node // the table (or bitmap-index lookup) as GMS planned it, for EXPLAIN
	alias string
	types []exec.ColType
	used  map[string]bool // names of the columns the pipeline reads; nil: all
	need  []bool          // per output column: read by the operators above (nil: all)
	snap  *storage.Snapshot
	parts []storage.Part // the parts zone maps leave to scan, one per morsel
	cols  []int          // table ordinals the scan decodes
	dec   []int          // output position of each of cols
	preds []rowPred      // exact filters on decoded columns, for narrowToSpan
	// early, when set, is the output columns a batch holds at once; the
	// others wait for the filter above (exec.LateSource).
	early []bool
	// states keeps a finished morsel's batch and buffers for the next:
	// a fresh set per morsel was megabytes a query, each page of them
	// faulted in anew once a large query had grown the heap.
	states sync.Pool
}

// scanState is one scan's batch and the buffers its vectors view.
type scanState struct {
	out  *exec.Batch
	late scanLate
}

// state returns a scan state laid out for output columns dec.
func (s *tableSource) state(dec []int) *scanState {
	st, _ := s.states.Get().(*scanState)
	if st == nil {
		st = &scanState{out: &exec.Batch{Cols: make([]*exec.Vec, len(s.types))}}
		for i := range st.out.Cols {
			st.out.Cols[i] = &exec.Vec{}
		}
	}
	l := &st.late
	l.types = s.types
	l.at = slices.Grow(l.at[:0], len(s.types))[:len(s.types)]
	for i := range l.at {
		l.at[i] = -1
	}
	for j, d := range dec {
		l.at[d] = j
	}
	if len(l.bufs) < len(dec) {
		l.bufs = append(l.bufs, make([]vecBuf, len(dec)-len(l.bufs))...)
	}
	return st
}

// DeferOutside implements exec.LateSource.
func (s *tableSource) DeferOutside(early []bool) { s.early = early }

func (s *tableSource) Types() []exec.ColType { return s.types }

func (s *tableSource) Open(ctx *sql.Context) (int, error) {
	s.snap = s.t.snapshot(ctx)
	s.parts = s.t.unpruned(s.snap)
	s.cols, s.dec = s.decoded()
	s.preds = s.spanPreds(s.dec)
	return len(s.parts), nil
}

// Explain writes the table as GMS's plan does (name, columns, filters
// and the bitmap indexes that answer them), under its alias: EXPLAIN's
// traditional rows are read off these lines.
func (s *tableSource) Explain(tp *sql.TreePrinter) {
	if s.alias == "" {
		_ = tp.WriteNode("%s", strings.TrimSuffix(s.rt.String(), "\n"))
		return
	}
	_ = tp.WriteNode("TableAlias(%s)", s.alias)
	tp.WriteChildren(s.rt.String())
}

// SetAlias implements exec.Aliased.
func (s *tableSource) SetAlias(name string) { s.alias = name }

func (s *tableSource) Run(ctx *sql.Context, m int, fn func(*exec.Batch) error) error {
	return s.scan(ctx, s.snap, s.parts[m:m+1], s.cols, s.dec, s.preds, s.early, fn)
}

// Sample pushes the rows of about parts of the table's parts, spread
// evenly over it, with only output columns need decoded (exec.Sampler:
// the executor estimates a condition's selectivity on them).
func (s *tableSource) Sample(ctx *sql.Context, need []int, parts int, fn func(*exec.Batch) error) error {
	snap := s.t.snapshot(ctx)
	all := snap.Parts()
	out := s.t.outputColumns()
	cols := make([]int, len(need))
	for i, c := range need {
		cols[i] = out[c]
	}
	step := max(1, len(all)/max(parts, 1))
	for i := step / 2; i < len(all); i += step {
		if err := s.scan(ctx, snap, all[i:i+1], cols, need, nil, nil, fn); err != nil {
			return err
		}
	}
	return nil
}

// scan pushes the rows of parts with table columns cols decoded into
// output positions dec, the others absent, each part narrowed to the span
// preds leave (narrowToSpan).
func (s *tableSource) scan(ctx *sql.Context, snap *storage.Snapshot, parts []storage.Part, cols, dec []int, preds []rowPred, early []bool, fn func(*exec.Batch) error) error {
	st := s.state(dec)
	defer s.states.Put(st)
	out, late := st.out, &st.late
	bufs := late.bufs
	var narrowed storage.Batch
	var sel []uint32
	return scanShare(ctx, s.t, cols, snap, parts, 0, 1, func(b *storage.Batch) error {
		if len(preds) > 0 {
			if b = narrowToSpan(b, preds, &narrowed, &sel); b == nil {
				return nil
			}
		}
		out.N = b.Live()
		out.Late = nil
		for i, v := range out.Cols {
			j := late.at[i]
			if j < 0 || early != nil && !early[i] {
				v.SetAbsent(s.types[i], out.N)
				continue
			}
			toExecVec(v, s.types[i], b.Cols[j], b, &bufs[j])
		}
		if early != nil {
			late.b, out.Late = b, late
		}
		return fn(out)
	})
}

// scanLate fills a scan batch's deferred columns (exec.Late) from the
// storage batch being pushed.
type scanLate struct {
	b     *storage.Batch
	types []exec.ColType
	at    []int // per output column: its column of b, -1 when not decoded
	bufs  []vecBuf
	pos   []uint32
}

func (l *scanLate) Fill(c int, dst *exec.Vec, sel []int32) {
	j := l.at[c]
	switch {
	case j < 0 && sel == nil:
		dst.SetAbsent(l.types[c], l.b.Live())
	case j < 0:
		dst.SetAbsent(l.types[c], len(sel))
	case sel == nil:
		toExecVec(dst, l.types[c], l.b.Cols[j], l.b, &l.bufs[j])
	default:
		if cap(l.pos) < len(sel) {
			l.pos = make([]uint32, 0, max(len(sel), l.b.N))
		}
		l.pos = l.pos[:len(sel)]
		for k, r := range sel {
			p := uint32(r)
			if l.b.Sel != nil {
				p = l.b.Sel[r]
			}
			l.pos[k] = p
		}
		rows := storage.Batch{Part: l.b.Part, N: l.b.N, Sel: l.pos}
		toExecVec(dst, l.types[c], l.b.Cols[j], &rows, &l.bufs[j])
	}
}

// RestrictRange implements exec.RangeRestricter for a signed integer
// column: the segments whose zone map lies outside [lo, hi] (or that
// hold only NULLs there) are left out, and the others are narrowed to
// the span when sorted by it.
func (s *tableSource) RestrictRange(col int, lo, hi int64) int {
	ord := s.t.outputColumns()[col]
	if cd := s.t.sch.codecs[ord]; cd.kind != storage.KindInt || cd.class != classInt {
		return len(s.parts)
	}
	m := s.t.mapColumns(s.snap.Def(), []int{ord})[0]
	if m < 0 {
		return len(s.parts)
	}
	kept := make([]storage.Part, 0, len(s.parts))
	for _, p := range s.parts {
		if p.Kind == storage.PartSegment && m < len(p.Zones) && p.Zones[m].Kind == storage.KindInt {
			z := &p.Zones[m]
			if !z.HasRange || z.MaxI < lo || z.MinI > hi {
				continue
			}
		}
		kept = append(kept, p)
	}
	s.snap.Skipped(len(s.parts) - len(kept))
	s.parts = kept
	if j := slices.Index(s.dec, col); j >= 0 && lo <= hi {
		s.preds = append(s.preds, rowPred{pos: j, op: opGE, kind: storage.KindInt, ints: []int64{lo}},
			rowPred{pos: j, op: opLE, kind: storage.KindInt, ints: []int64{hi}})
	}
	return len(s.parts)
}

// spanPreds binds the table's exact filters to the scan's batch
// positions (dec[j] is the output column of batch column j), for
// narrowToSpan.
func (s *tableSource) spanPreds(dec []int) []rowPred {
	if len(s.t.exact) == 0 {
		return nil
	}
	out := s.t.outputColumns()
	at := make([]int, len(out))
	for i := range at {
		at[i] = -1
	}
	for j, d := range dec {
		at[d] = j
	}
	return s.t.batchPreds(out, at)
}

// ColumnRange reads the least and greatest value of output column col
// and the table's rows off its segments' zone maps (exec.RangedSource:
// a hint for the executor's dense group index). Rows in the write
// buffer, which has no zone map, count as rows but not in the range.
func (s *tableSource) ColumnRange(ctx *sql.Context, col int) (lo, hi int64, rows int, ok bool) {
	snap := s.t.snapshot(ctx)
	m := s.t.mapColumns(snap.Def(), s.t.outputColumns()[col:col+1])[0]
	if m < 0 {
		return 0, 0, 0, false
	}
	for _, p := range snap.Parts() {
		rows += p.Rows
		if p.Kind != storage.PartSegment || m >= len(p.Zones) || !p.Zones[m].HasRange {
			continue
		}
		z := p.Zones[m]
		if z.Kind != storage.KindInt { // unsigned bit patterns do not order as int64s
			return 0, 0, 0, false
		}
		if !ok || z.MinI < lo {
			lo = z.MinI
		}
		if !ok || z.MaxI > hi {
			hi = z.MaxI
		}
		ok = true
	}
	return lo, hi, rows, ok
}

// UniqueColumns implements exec.KeyedSource: the output columns of the
// table's primary key, nil when it has none or the scan does not read
// all of it.
func (s *tableSource) UniqueColumns() []int {
	out := s.t.outputColumns()
	var cols []int
	for _, o := range s.t.sch.pk.PkOrdinals {
		i := slices.Index(out, o)
		if i < 0 {
			return nil
		}
		cols = append(cols, i)
	}
	return cols
}

// Narrow implements exec.Narrower: the operators above read only the
// columns need sets.
func (s *tableSource) Narrow(need []bool) { s.need = need }

// Rows is how many rows the table holds (exec.RowCounter: a hint for
// the executor's choice of a join's build side).
func (s *tableSource) Rows(ctx *sql.Context) int { return s.t.rowCount(ctx) }

// rowCount is the rows the session's snapshot of t holds (deleted ones
// included: a bound for planning).
func (t *Table) rowCount(ctx *sql.Context) int {
	rows := 0
	for _, p := range t.snapshot(ctx).Parts() {
		rows += p.Rows
	}
	return rows
}

// decoded returns the table ordinals the scan decodes and, for each, its
// position in the output: the columns the pipeline reads (none for
// COUNT(*): the batches' row counts come from the segments' row counts
// and bitmaps). The others are absent vectors.
func (s *tableSource) decoded() (cols, pos []int) {
	all := s.t.outputColumns()
	sch := s.t.Schema()
	for i, c := range all {
		if s.need != nil && i < len(s.need) && !s.need[i] {
			continue
		}
		if s.used == nil || s.used[strings.ToLower(sch[i].Name)] {
			cols, pos = append(cols, c), append(pos, i)
		}
	}
	return cols, pos
}

// vecBuf keeps the slices a column's conversion fills, batch after
// batch of one scan (a batch lives only while the pipeline pushes it).
type vecBuf struct {
	s     []string
	nulls []bool
	ints  []int64
	flts  []float64
	codes []uint32
}

// toExecVec views a storage vector's live rows as an executor vector:
// in place when every row is live, copied otherwise.
func toExecVec(dst *exec.Vec, t exec.ColType, v *storage.Vector, b *storage.Batch, buf *vecBuf) {
	*dst = exec.Vec{T: t}
	n, sel := b.N, b.Sel
	live := b.Live()
	switch v.Kind {
	case storage.KindFloat:
		dst.F = pick(v.Floats, n, sel, &buf.flts)
	case storage.KindBytes:
		if v.Codes != nil {
			dst.Dict = make([]string, v.DictLen())
			for j := range dst.Dict {
				dst.Dict[j] = bytesString(v.DictValue(j))
			}
			dst.Codes = pick(v.Codes, n, sel, &buf.codes)
			break
		}
		dst.S = grow(&buf.s, live)
		if sel == nil {
			for i := range dst.S {
				dst.S[i] = bytesString(v.Data[v.Offsets[i]:v.Offsets[i+1]])
			}
			break
		}
		for j, p := range sel {
			dst.S[j] = bytesString(v.Data[v.Offsets[p]:v.Offsets[p+1]])
		}
	default:
		dst.I = pick(v.Ints, n, sel, &buf.ints)
	}
	if v.Nulls != nil && !v.Nulls.IsEmpty() {
		dst.Nulls = nullsOf(v, n, sel, grow(&buf.nulls, live))
	}
}

// nullsOf marks the live rows of v that are NULL in out (len: live
// rows), walking the bitmap's set bits rather than asking per row.
func nullsOf(v *storage.Vector, n int, sel []uint32, out []bool) []bool {
	clear(out)
	if sel == nil {
		// Many at a time: a column NULL in most rows (events.product_id
		// of non-product events) is a dense bitmap, and one position at
		// a time cost a call each.
		var buf [256]uint32
		it := v.Nulls.ManyIterator()
		for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
			for _, p := range buf[:k] {
				if int(p) < n {
					out[p] = true
				}
			}
		}
		return out
	}
	for j, p := range sel {
		out[j] = v.Nulls.Contains(p)
	}
	return out
}

// grow returns (*s)[:n], reallocating when too short.
func grow[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	return (*s)[:n]
}

func pick[T any](s []T, n int, sel []uint32, buf *[]T) []T {
	if sel == nil {
		return s[:n]
	}
	out := grow(buf, len(sel))
	for j, p := range sel {
		out[j] = s[p]
	}
	return out
}

// bytesString views b as a string without copying: storage chunks are
// immutable while a scan holds them, and the executor copies what it keeps.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// lookupSource is a table an index-lookup join reads per probe row,
// offered to the executor as a whole scan plus the lookup's keys.
type lookupSource struct {
	*tableSource
	probe []sql.Expression
	cols  []int
}

func (s *lookupSource) LookupKeys() ([]sql.Expression, []int) { return s.probe, s.cols }

// bitmapSourceFor scans a static bitmap-index lookup (country = 'DE'
// on an indexed column) as its table with the lookup as one more bitmap
// filter; primary-key ranges stay with GMS.
func bitmapSourceFor(ctx *sql.Context, n *plan.IndexedTableAccess) (exec.Source, bool) {
	it, ok := n.Table.(*IndexedTable)
	if !ok {
		return nil, false
	}
	t, ok := it.asBitmapTable(ctx)
	if !ok {
		return nil, false
	}
	ts, ok := exec.TypesOf(t.Schema())
	if !ok || len(n.Schema()) != len(t.Schema()) {
		return nil, false
	}
	return &tableSource{t: t, types: ts, rt: n}, true
}

func lookupSourceFor(n *plan.IndexedTableAccess) (exec.Source, bool) {
	it, ok := n.Table.(*IndexedTable)
	if !ok || n.IsStatic() || n.Index() == nil {
		return nil, false
	}
	for _, nullSafe := range n.NullMask() {
		if nullSafe {
			return nil, false
		}
	}
	sch := n.Schema()
	var cols []int
	for _, e := range n.Index().Expressions() {
		name := e[strings.LastIndexByte(e, '.')+1:]
		c := sch.IndexOfColName(name)
		if c < 0 {
			return nil, false
		}
		cols = append(cols, c)
	}
	ts, ok := exec.TypesOf(sch)
	if !ok || len(it.Table.Schema()) != len(sch) {
		return nil, false
	}
	return &lookupSource{tableSource: &tableSource{t: it.Table, types: ts, rt: n}, probe: n.Expressions(), cols: cols}, true
}

// usedColumnNames returns the lower-case names of the columns plan n
// reads anywhere: in its nodes' expressions (subqueries' and window
// definitions' included), in its output, and every column below a node
// that reads whole rows (DISTINCT, set operations, anything not known to
// read its columns through expressions). A scan decodes only those;
// names are matched loosely (any table, any alias), which can only keep
// more.
func usedColumnNames(n sql.Node) map[string]bool {
	used := map[string]bool{}
	addSchemaNames(used, n.Schema())
	var walk func(sql.Node)
	var walkExpr func(sql.Expression)
	walkExpr = func(e sql.Expression) {
		transform.InspectExpr(e, func(e sql.Expression) bool {
			switch x := e.(type) {
			case *expression.GetField:
				used[strings.ToLower(x.Name())] = true
			case *plan.Subquery:
				addSchemaNames(used, x.Query.Schema())
				walk(x.Query)
			case sql.WindowAdaptableExpression:
				if w := x.Window(); w != nil {
					for _, p := range append(slices.Clone(w.PartitionBy), w.OrderBy.ToExpressions()...) {
						walkExpr(p)
					}
				}
			}
			return false
		})
	}
	walk = func(n sql.Node) {
		transform.Inspect(n, func(n sql.Node) bool {
			if n == nil {
				return false
			}
			if ita, ok := n.(*plan.IndexedTableAccess); ok && ita.IsStatic() {
				// A static lookup's ranges are the table's bitmap filter
				// (bitmapSourceFor): nothing reads its columns.
			} else if pr, ok := n.(*plan.Project); ok {
				walkProjections(pr, used, walkExpr)
			} else if ex, ok := n.(sql.Expressioner); ok {
				for _, e := range ex.Expressions() {
					walkExpr(e)
				}
			}
			if sa, ok := n.(*plan.SubqueryAlias); ok && renames(sa) {
				addSchemaNames(used, sa.Child.Schema())
			}
			if !readsByExpressions(n) {
				for _, c := range n.Children() {
					addSchemaNames(used, c.Schema())
				}
			}
			return true
		})
	}
	walk(n)
	return used
}

// walkProjections walks the projections of p whose output some node
// above reads (the walk is top-down, so used holds what they read): a
// projection that only passes a column on, nobody reading it, costs its
// scan nothing — GMS's plan of NOT EXISTS projects every column of the
// outer table above the anti join.
func walkProjections(p *plan.Project, used map[string]bool, walkExpr func(sql.Expression)) {
	sch := p.Schema()
	for i, e := range p.Projections {
		if _, plain := e.(*expression.GetField); plain && i < len(sch) && !used[strings.ToLower(sch[i].Name)] {
			continue
		}
		walkExpr(e)
	}
}

// renames reports whether a derived table names its columns otherwise
// than its query does ((...) AS t(x, y)): what reads x reads the query's
// first column, whatever its name.
func renames(sa *plan.SubqueryAlias) bool {
	outer, inner := sa.Schema(), sa.Child.Schema()
	if len(outer) != len(inner) {
		return true
	}
	for i := range outer {
		if !strings.EqualFold(outer[i].Name, inner[i].Name) {
			return true
		}
	}
	return false
}

func addSchemaNames(used map[string]bool, sch sql.Schema) {
	for _, c := range sch {
		used[strings.ToLower(c.Name)] = true
	}
}

// readsByExpressions reports whether n reads its children's columns only
// through its expressions (or passes them up by position, to a parent
// that does).
func readsByExpressions(n sql.Node) bool {
	switch n.(type) {
	case *plan.Project, *plan.Filter, *plan.GroupBy, *plan.Having, *plan.Sort, *plan.TopN,
		*plan.Limit, *plan.Offset, *plan.JoinNode, *plan.Window, *plan.SubqueryAlias,
		*plan.TableAlias, *plan.ResolvedTable, *plan.IndexedTableAccess:
		return true
	}
	return false
}
