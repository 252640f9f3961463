package exec

import (
	"errors"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// RowCounter is a source that knows, before it runs, how many rows it
// holds (a table scan: its segments' row counts).
type RowCounter interface {
	Rows(ctx *sql.Context) int
}

// Selectivities of the conditions whose column ranges say nothing: an
// equality with a constant, and anything else. Rough on purpose — they
// only choose a join's build side, where a factor of swapFactor decides.
const (
	eqSelectivity    = 1.0 / 3
	otherSelectivity = 1.0 / 2
)

// estimate is how many rows p is expected to produce: its source's rows
// times each filter's selectivity, ranges read off the source's zone
// maps; ok is false when the source cannot tell (an aggregate's output,
// say).
func (p *Pipeline) estimate(ctx *sql.Context) (float64, bool) {
	rows, ok := sourceRows(ctx, p.Src)
	if !ok {
		return 0, false
	}
	for k, op := range p.Ops {
		switch op := op.(type) {
		case *filterSpec:
			in := &Pipeline{Src: p.Src, Ops: p.Ops[:k]}
			for _, c := range expression.SplitConjunction(op.cond) {
				rows *= in.selectivity(ctx, c)
			}
		case *projectSpec, *joinSpec:
			// A projection keeps its rows; a join on a key about as many
			// as its probe side.
		default:
			return 0, false
		}
	}
	return rows, true
}

// sourceRows is how many rows src is expected to produce: a table's
// count, or a Window's input's estimate (a window keeps its rows: a rate
// table with LEAD(valid_from) as its ends is as small as the table), a
// UNION ALL's inputs' sum.
func sourceRows(ctx *sql.Context, src Source) (float64, bool) {
	switch s := src.(type) {
	case RowCounter:
		return float64(s.Rows(ctx)), true
	case *sinkSource:
		switch sink := s.sink.(type) {
		case *windowSpec:
			return s.p.estimate(ctx)
		case *AggSpec:
			return sink.estimate(ctx, s.p)
		}
	case *sharedSource:
		return s.p.estimate(ctx)
	case *Batches: // literal rows (SELECT 'small', 0, 50): counted
		n := 0
		for _, b := range s.bs {
			n += b.N
		}
		return float64(n), true
	case *morsels:
		return s.p.estimate(ctx)
	case *unionSource: // a tier table of literal rows: their sum
		n := 0.0
		for _, in := range s.inputs {
			r, ok := sourceRows(ctx, in)
			if !ok {
				return 0, false
			}
			n += r
		}
		return n, true
	}
	return 0, false
}

// estimate is how many groups s is expected to produce over its input
// in: no more than in's rows, nor than the combinations its keys' ranges
// span (a per-customer MIN over ten million order lines is at most the
// customers' id range), the keys a key fixes aside; ok is false when
// neither bound is known.
func (s *AggSpec) estimate(ctx *sql.Context, in *Pipeline) (float64, bool) {
	if len(s.keys) == 0 {
		return 1, true
	}
	rows, ok := in.estimate(ctx)
	if !ok || len(s.keyRanges) != len(s.keys) {
		return 0, false
	}
	space := 1.0
	for _, r := range s.keyRanges[:len(s.keys)-s.carried] {
		space *= float64(r.hi) - float64(r.lo) + 1
	}
	return min(rows, space), true
}

// selectivity estimates the share of p's rows for which c holds: a
// range of a column against a constant from the column's range, as if
// its values were spread evenly; any other condition on a sample of the
// source's rows; a rough constant where neither can be had.
func (p *Pipeline) selectivity(ctx *sql.Context, c sql.Expression) float64 {
	if share, ok := p.rangeShare(ctx, c); ok {
		return share
	}
	if share, ok := p.sampledShare(ctx, c); ok {
		return share
	}
	switch c.(type) {
	case *expression.Equals, *expression.NullSafeEquals:
		return eqSelectivity
	}
	return otherSelectivity
}

// rangeShare is the share of p's rows a column compared with a constant
// keeps, read off the column's range; ok is false for other conditions
// and columns without a range.
func (p *Pipeline) rangeShare(ctx *sql.Context, c sql.Expression) (float64, bool) {
	switch c.(type) {
	case *expression.GreaterThan, *expression.GreaterThanOrEqual, *expression.LessThan, *expression.LessThanOrEqual:
	default:
		return 0, false
	}
	cmp := c.(expression.Comparer)
	gf, okF := cmp.Left().(*expression.GetField)
	lit, okL := cmp.Right().(*expression.Literal)
	above := true // the condition keeps values above the constant
	switch c.(type) {
	case *expression.LessThan, *expression.LessThanOrEqual:
		above = false
	}
	if !okF || !okL {
		gf, okF = cmp.Right().(*expression.GetField)
		lit, okL = cmp.Left().(*expression.Literal)
		above = !above
	}
	if !okF || !okL || gf.Index() >= len(p.Types()) {
		return 0, false
	}
	lo, hi, _, ok := p.columnRange(ctx, gf.Index())
	k, okK := constVec(p.Types()[gf.Index()], lit.Value())
	if !ok || !okK || hi <= lo || p.Types()[gf.Index()].Phys == PUint {
		return 0, false
	}
	share := (float64(hi) - float64(k.I[0])) / (float64(hi) - float64(lo))
	if !above {
		share = 1 - share
	}
	return min(1, max(share, 0.001)), true
}

// Sampler is a source that pushes a sample of its rows, spread over it,
// with only the columns need decoded (the others absent).
type Sampler interface {
	Sample(ctx *sql.Context, need []int, parts int, fn func(*Batch) error) error
}

// A sample is read from sampleParts parts of a table spread over it,
// sampleRows rows at most: enough to tell a condition keeping 1% of the
// rows from one keeping a third, cheap beside any join worth sizing.
const (
	sampleParts = 8
	sampleRows  = 1 << 17
)

var errSampled = errors.New("exec: sample complete")

// sampledShare is the share of a sample of p's source rows for which c
// holds: p must be its source and filters (the source's columns), c
// deterministic and without subqueries.
func (p *Pipeline) sampledShare(ctx *sql.Context, c sql.Expression) (float64, bool) {
	sm, ok := p.Src.(Sampler)
	if !ok || !pushable(c) {
		return 0, false
	}
	for _, op := range p.Ops {
		if _, filter := op.(*filterSpec); !filter {
			return 0, false
		}
	}
	need := fieldsOf(c)
	if need == nil {
		return 0, false
	}
	spec, err := newFilter(p.Src.Types(), c)
	if err != nil {
		return 0, false
	}
	op := spec.New()
	in, out := 0, 0
	err = sm.Sample(ctx, need, sampleParts, func(b *Batch) error {
		if in >= sampleRows {
			return errSampled
		}
		in += b.N
		return op.Push(ctx, b, func(kept *Batch) error {
			out += kept.N
			return nil
		})
	})
	if (err != nil && !errors.Is(err, errSampled)) || in == 0 {
		return 0, false
	}
	// Never 0: a condition no sampled row met may still keep a few.
	return max(float64(out), 0.5) / float64(in), true
}

// swapFactor is how much larger a join's right (build) input must be
// estimated than its left (probe) one for the table to be built on the
// left instead: building is the costly, single-threaded half of a hash
// join, probing runs on every core.
const swapFactor = 3

// joinSide returns the pipeline of join j over its probe input left:
// left then j, or, when the right input is estimated much larger, a
// swapJoin that builds on left. NOT IN (null-aware) keeps its build side.
func (c *compiler) joinSide(left *Pipeline, j *joinSpec) *Pipeline {
	if j.opts.NullAware {
		return left.then(j)
	}
	l, okL := left.estimate(c.ctx)
	r, okR := j.build.estimate(c.ctx)
	if !okL || !okR || r <= swapFactor*max(l, 1) {
		return left.then(j)
	}
	return &Pipeline{Src: &swapJoin{s: j, left: left, est: [2]float64{l, r}, bandSpec: j.band.mirrored(j.lec)}}
}
