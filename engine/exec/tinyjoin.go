package exec

import (
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// A tiny build is a physical choice of the HashJoin for a join without
// equality keys (every build row under one constant key) whose built
// table turns out to hold a handful of rows: a tier table, a calendar of
// a few date ranges, a CASE-like bucket table. Instead of pairing each
// probe row with its candidates (one pair per probe row and build row,
// or a band index's binary search per probe row), the condition is
// evaluated once per build row over the whole probe batch, the build
// row's values bound into it: a number, date or time as a literal of
// its column's type (the condition compiled once per build row when the
// table is built, so o.amount >= t.lo is a column against a constant,
// the kernel a filter runs), a string broadcast as a column beside the
// probe's (a string literal would be read as MySQL reads literals, a
// date beside a date column, where a column is compared as it is). The
// rows it leaves TRUE are that build row's matches; a left join's probe
// rows matched by no build row are emitted with NULLs as always. Only
// the order of the pairs differs from the pair path's (by build row,
// then probe row). A swapJoin built on a tiny left input (tiers LEFT
// JOIN orders) does the same with the sides exchanged: each right batch
// meets the left rows one at a time, and marks those it matched.

// maxTinyBuild is the most build rows evaluated one at a time over the
// probe batch: past it a probe row's pairs (or its band range) cost less
// than a pass over the batch per build row.
const maxTinyBuild = 16

// constKeys reports whether every key of the join is the same constant
// on both sides (the 1 = 1 of a join without equalities), so that every
// build row is a candidate of every probe row.
func constKeys(lk, rk []sql.Expression) bool {
	for i := range lk {
		l, okL := lk[i].(*expression.Literal)
		r, okR := rk[i].(*expression.Literal)
		if !okL || !okR || l.Value() == nil || l.String() != r.String() {
			return false
		}
	}
	return true
}

// tinyEligible reports whether the built table may be probed per build
// row: constant keys, a condition to evaluate, and not NOT IN (whose
// NULL condition results keep the pair path's bookkeeping).
func (s *joinSpec) tinyEligible() bool {
	return s.constKeys && s.cond != nil && !s.opts.NullAware
}

// tinyConds is a tiny build's condition per build row, over the joined
// layout, with the row's non-string values bound as literals.
type tinyConds struct {
	conds []Expr
	ecs   []*exprCompiler
	reads [][]int // per row: the built columns it still reads
}

// builtSide is where a join's built rows sit in its joined layout: the
// right side (at len(left)), or the left one (at 0) for a swapJoin.
func (s *joinSpec) builtSide(at int) []ColType {
	if at == 0 {
		return s.left
	}
	return s.right
}

// useTiny reports whether t, built with its columns at at in the joined
// layout, is probed per build row, and readies it when it is.
func (s *joinSpec) useTiny(t *joinTable, at int) bool {
	if !s.tinyEligible() || t.rows.N > maxTinyBuild {
		return false
	}
	t.tiny, t.tinyConds = true, s.bindTiny(t, at)
	return true
}

// bindTiny compiles s's condition once per row of t, whose columns sit
// at at in the joined layout, with the row's values bound; nil when one
// does not compile (the condition as it is, every built column
// broadcast, serves then).
func (s *joinSpec) bindTiny(t *joinTable, at int) *tinyConds {
	types := s.builtSide(at)
	joined := append(append([]ColType(nil), s.left...), s.right...)
	built := func(i int) bool { return i >= at && i < at+len(types) }
	tc := &tinyConds{}
	for r := range t.rows.N {
		bound, _, err := transform.Expr(s.condSQL, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
			gf, ok := e.(*expression.GetField)
			if !ok || !built(gf.Index()) || types[gf.Index()-at].Phys == PStr {
				return e, transform.SameTree, nil
			}
			c := gf.Index() - at
			return expression.NewLiteral(t.rows.Cols[c].Value(r), types[c].SQL), transform.NewTree, nil
		})
		if err != nil {
			return nil
		}
		ec := &exprCompiler{in: joined}
		x, err := ec.compile(bound)
		cols := fieldsOf(bound)
		if err != nil || cols == nil {
			return nil
		}
		read := []int{}
		for _, c := range cols {
			if built(c) {
				read = append(read, c-at)
			}
		}
		tc.conds, tc.ecs, tc.reads = append(tc.conds, x), append(tc.ecs, ec), append(tc.reads, read)
	}
	return tc
}

// condBuilt lists the built columns (numbered in the built layout, at
// at in the joined one) the unbound condition reads.
func (s *joinSpec) condBuilt(at int) []int {
	n := len(s.builtSide(at))
	var out []int
	for c := range n {
		if s.condCols == nil || slices.Contains(s.condCols, at+c) {
			out = append(out, c)
		}
	}
	return out
}

// tinyProbe is one worker's scratch for a tiny build: per build row,
// the built columns the condition reads broadcast to filled rows.
type tinyProbe struct {
	bcast  [][]*Vec // [build row][built column], nil where not read
	filled []int    // per build row: rows its broadcast vectors hold
	rep    []int32  // a build row's index repeated, to broadcast it
	eval   *Batch   // the probe's columns beside one row's broadcasts
	view   []Vec    // the broadcasts cut to the batch's length
	frames []*Frame // per build row, for its bound condition
	sel    []int32
}

// each evaluates s's condition over probe batch b once per row r of t
// (built columns at at in the joined layout, f the unbound condition's
// frame) and calls fn with the probe rows it leaves TRUE.
func (tp *tinyProbe) each(ctx *sql.Context, s *joinSpec, t *joinTable, at int, b *Batch, f *Frame, fn func(r int32, sel []int32) error) error {
	types := s.builtSide(at)
	if tp.eval == nil {
		tp.eval = &Batch{Cols: make([]*Vec, len(s.left)+len(s.right))}
		tp.bcast = make([][]*Vec, t.rows.N)
		tp.filled = make([]int, t.rows.N)
		tp.frames = make([]*Frame, t.rows.N)
		tp.view = make([]Vec, len(types))
		for c := range types {
			tp.eval.Cols[at+c] = &tp.view[c]
			tp.view[c].SetAbsent(types[c], 0)
		}
	}
	probeAt := len(s.left)
	if at != 0 {
		probeAt = 0
	}
	copy(tp.eval.Cols[probeAt:], b.Cols)
	tp.eval.N = b.N
	read, cond := s.condBuilt(at), s.cond
	for r := range int32(t.rows.N) {
		if tc := t.tinyConds; tc != nil {
			if tp.frames[r] == nil {
				tp.frames[r] = tc.ecs[r].NewFrame()
			}
			read, cond, f = tc.reads[r], tc.conds[r], tp.frames[r]
		}
		tp.broadcast(t.rows, r, b.N, read)
		for _, c := range read {
			viewOf(&tp.view[c], tp.bcast[r][c], b.N)
		}
		v, err := cond.Vec(ctx, tp.eval, f)
		if err != nil {
			return err
		}
		tp.sel = selectTrue(v, b.N, tp.sel[:0])
		if err := fn(r, tp.sel); err != nil {
			return err
		}
	}
	return nil
}

// broadcast makes build row r's columns read the length of n rows.
func (tp *tinyProbe) broadcast(rows *Batch, r int32, n int, read []int) {
	if tp.filled[r] >= n || len(read) == 0 {
		return
	}
	if tp.bcast[r] == nil {
		tp.bcast[r] = make([]*Vec, len(rows.Cols))
	}
	tp.rep = repeated(tp.rep, n, r)
	for _, c := range read {
		if tp.bcast[r][c] == nil {
			tp.bcast[r][c] = &Vec{}
		}
		gather(tp.bcast[r][c], rows.Cols[c], tp.rep)
	}
	tp.filled[r] = n
}

// pushTiny probes b against a tiny build, one build row at a time.
func (o *probeOp) pushTiny(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	s := o.s
	o.matched = grow(o.matched, b.N)
	clear(o.matched)
	o.dropped = grow(o.dropped, b.N)
	clear(o.dropped)
	err := o.tiny.each(ctx, s, s.table, len(s.left), b, o.cf, func(r int32, sel []int32) error {
		for _, i := range sel {
			o.matched[i] = true
		}
		if s.marksOnly() || len(sel) == 0 {
			return nil
		}
		o.li = append(o.li[:0], sel...)
		o.ri = repeated(o.ri, len(sel), r)
		o.gatherPairs(o.joined, b, s.keepCols)
		s.absentRest(o.joined)
		return emit(o.joined)
	})
	o.li, o.ri = o.li[:0], o.ri[:0]
	if err != nil {
		return err
	}
	return o.finish(b, emit)
}

// consumeTiny probes a tiny left table with a batch of right rows, one
// left row at a time, marking the left rows matched.
func (p *swapProbe) consumeTiny(ctx *sql.Context, b *Batch) error {
	s, rows := p.j.s, p.j.table.rows
	return p.tiny.each(ctx, s, p.j.table, 0, b, p.cf, func(r int32, sel []int32) error {
		if len(sel) == 0 {
			return nil
		}
		if m := &p.j.marks[r]; !m.Load() {
			m.Store(true)
		}
		if s.marksOnly() {
			return nil
		}
		p.li = repeated(p.li, len(sel), r)
		gatherJoined(p.joined, rows, p.li, b, sel, s.keepCols)
		s.absentRest(p.joined)
		return p.emit(p.joined)
	})
}

// repeated sets s to n copies of r.
func repeated(s []int32, n int, r int32) []int32 {
	s = grow(s, n)
	for i := range s {
		s[i] = r
	}
	return s
}

// viewOf makes dst the first n rows of src, sharing its slices.
func viewOf(dst, src *Vec, n int) {
	*dst = *src
	switch {
	case src.Absent:
		dst.SetAbsent(src.T, n)
		return
	case src.Codes != nil:
		dst.Codes = src.Codes[:n]
	case src.T.Phys == PFloat:
		dst.F = src.F[:n]
	case src.T.Phys == PStr:
		dst.S = src.S[:n]
	default:
		dst.I = src.I[:n]
	}
	if src.Nulls != nil {
		dst.Nulls = src.Nulls[:n]
	}
}
