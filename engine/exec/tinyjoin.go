package exec

import (
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
// then probe row).

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
	reads [][]int // per row: the right columns it still reads
}

// bindTiny compiles s's condition once per row of t with the row's
// values bound; nil when one does not compile (the condition as it is,
// every build column broadcast, serves then).
func (s *joinSpec) bindTiny(t *joinTable) *tinyConds {
	nl := len(s.left)
	joined := append(append([]ColType(nil), s.left...), s.right...)
	tc := &tinyConds{}
	for r := range t.rows.N {
		bound, _, err := transform.Expr(s.condSQL, func(e sql.Expression) (sql.Expression, transform.TreeIdentity, error) {
			gf, ok := e.(*expression.GetField)
			if !ok || gf.Index() < nl || s.right[gf.Index()-nl].Phys == PStr {
				return e, transform.SameTree, nil
			}
			c := gf.Index() - nl
			return expression.NewLiteral(t.rows.Cols[c].Value(r), s.right[c].SQL), transform.NewTree, nil
		})
		if err != nil {
			return nil
		}
		ec := &exprCompiler{in: joined}
		x, err := ec.compile(bound)
		if err != nil {
			return nil
		}
		var read []int
		cols := fieldsOf(bound)
		if cols == nil {
			return nil
		}
		for _, c := range cols {
			if c >= nl {
				read = append(read, c-nl)
			}
		}
		tc.conds, tc.ecs, tc.reads = append(tc.conds, x), append(tc.ecs, ec), append(tc.reads, read)
	}
	return tc
}

// tinyProbe is one worker's scratch for a tiny build: per build row,
// the build columns the condition reads broadcast to filled rows.
type tinyProbe struct {
	bcast  [][]*Vec // [build row][right column], nil where not read
	filled []int    // per build row: rows its broadcast vectors hold
	rep    []int32  // a build row's index repeated, to broadcast it
	eval   *Batch   // the probe's columns beside one row's broadcasts
	view   []Vec    // the broadcasts cut to the batch's length
	frames []*Frame // per build row, for its bound condition
}

// condRight lists the right columns (0-based in the build layout) the
// condition reads.
func (s *joinSpec) condRight() []int {
	nl, nr := len(s.left), len(s.right)
	var out []int
	if s.condCols == nil {
		for c := range nr {
			out = append(out, c)
		}
		return out
	}
	for _, c := range s.condCols {
		if c >= nl {
			out = append(out, c-nl)
		}
	}
	return out
}

// pushTiny probes b against a tiny build, one build row at a time.
func (o *probeOp) pushTiny(ctx *sql.Context, b *Batch, emit func(*Batch) error) error {
	s, t := o.s, o.s.table
	o.matched = grow(o.matched, b.N)
	clear(o.matched)
	o.dropped = grow(o.dropped, b.N)
	clear(o.dropped)
	tp := &o.tiny
	nl := len(s.left)
	if tp.eval == nil {
		tp.eval = &Batch{Cols: make([]*Vec, nl+len(s.right))}
		tp.bcast = make([][]*Vec, t.rows.N)
		tp.filled = make([]int, t.rows.N)
		tp.view = make([]Vec, len(s.right))
		for c := range s.right {
			tp.eval.Cols[nl+c] = &tp.view[c]
			tp.view[c].SetAbsent(s.right[c], 0)
		}
	}
	copy(tp.eval.Cols, b.Cols)
	tp.eval.N = b.N
	read, cond, f := s.condRight(), s.cond, o.cf
	for r := range int32(t.rows.N) {
		if tc := t.tinyConds; tc != nil {
			if tp.frames == nil {
				tp.frames = make([]*Frame, t.rows.N)
			}
			if tp.frames[r] == nil {
				tp.frames[r] = tc.ecs[r].NewFrame()
			}
			read, cond, f = tc.reads[r], tc.conds[r], tp.frames[r]
		}
		o.broadcast(r, b.N, read)
		for _, c := range read {
			viewOf(&tp.view[c], tp.bcast[r][c], b.N)
		}
		v, err := cond.Vec(ctx, tp.eval, f)
		if err != nil {
			return err
		}
		o.li = selectTrue(v, b.N, o.li[:0])
		o.ri = o.ri[:0]
		for _, i := range o.li {
			o.matched[i] = true
		}
		if s.marksOnly() || len(o.li) == 0 {
			continue
		}
		tp.rep = repeated(tp.rep, len(o.li), r)
		o.ri = append(o.ri, tp.rep...)
		o.gatherPairs(o.joined, b, s.keepCols)
		s.absentRest(o.joined)
		if err := emit(o.joined); err != nil {
			return err
		}
	}
	o.li, o.ri = o.li[:0], o.ri[:0]
	return o.finish(b, emit)
}

// broadcast makes build row r's columns read the length of n rows.
func (o *probeOp) broadcast(r int32, n int, read []int) {
	tp := &o.tiny
	if tp.filled[r] >= n || len(read) == 0 {
		return
	}
	if tp.bcast[r] == nil {
		tp.bcast[r] = make([]*Vec, len(o.s.right))
	}
	tp.rep = repeated(tp.rep, n, r)
	rows := o.s.table.rows
	for _, c := range read {
		if tp.bcast[r][c] == nil {
			tp.bcast[r][c] = &Vec{}
		}
		gather(tp.bcast[r][c], rows.Cols[c], tp.rep)
	}
	tp.filled[r] = n
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
