package exec

import (
	"math"
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// A band join is a physical choice of the HashJoin for a condition that
// bounds a probe value by build values (o.amount >= t.lo AND o.amount <
// t.hi; o.ordered_at BETWEEN c.starts AND c.ends): each key's build rows
// are sorted by one bound, so a probe row meets only the rows whose bound
// it passes (found by binary search), not every row of its key. With no
// equality at all every row is under one key, and a tier or campaign
// table of m rows costs a probe row log m instead of m pairs. When the
// other bound rises with the first (tiers that do not overlap) it cuts
// the candidates from the other end too. The residual condition is still
// applied to every candidate pair: the index only leaves out rows the
// condition would reject (a NULL bound never matches), so it is chosen
// from the table's shape alone: enough rows per key to be worth sorting.

// bandBound is one conjunct probe ⋚ build of the join condition, both
// sides read as int64s ordered as SQL compares them.
type bandBound struct {
	probe Expr // over the probe (left) layout
	build Expr // over the build layout, compiled by bec
	bec   *exprCompiler
	pec   *exprCompiler // compiled probe (nil: over the probe operator's frame)
	// lower: probe >= build (or >), so a candidate's value is <= the
	// probe's; otherwise probe <= build (or <), a candidate's >= it.
	lower  bool
	pm, bm int64 // exact: multipliers to the common scale
	float  bool  // both DOUBLEs, read through floatOrder
	// open: the conjunct is (x IS NULL OR probe ⋚ build), x the build
	// side (openBuild) or the probe side: a validity range whose NULL
	// end is unbounded. A NULL probe value prunes nothing; a NULL build
	// value is sorted as the extreme every probe passes (openBuild) or
	// none does (it matches only NULL probe values, which prune nothing).
	open, openBuild bool
	text            string
	buildText       string // the build side as written (before shifting)
	probeText       string
}

// bandSpec is a join condition's bounds: the first one sorts, the
// second (of the other direction) prunes when it rises with the first.
type bandSpec struct {
	bounds []bandBound // one or two
}

// mirrored is s with its sides exchanged, for a swapJoin: the table is
// built on the left input (its expressions compiled by lec) and probed
// by the right one's rows.
func (s *bandSpec) mirrored(lec *exprCompiler) *bandSpec {
	if s == nil {
		return nil
	}
	m := &bandSpec{}
	for _, b := range s.bounds {
		m.bounds = append(m.bounds, bandBound{
			probe: b.build, build: b.probe, bec: lec, pec: b.bec,
			lower: !b.lower, pm: b.bm, bm: b.pm, float: b.float,
			open: b.open, openBuild: b.open && !b.openBuild, text: b.text,
		})
	}
	return m
}

// describe names the bounds for EXPLAIN: the index is chosen when the
// table is built, from its rows per key.
func (s *bandSpec) describe() string {
	var parts []string
	for _, b := range s.bounds {
		parts = append(parts, b.text)
	}
	return "band: " + strings.Join(parts, ", ")
}

// minBandRows is the fewest build rows per key for which sorting them by
// a bound pays off.
const minBandRows = 2

// planBand finds in cond (over the joined layout, nl probe columns) the
// conjuncts a band index can serve; nil when there are none.
func planBand(cond sql.Expression, nl int, lec *exprCompiler, right []ColType) *bandSpec {
	var lower, upper *bandBound
	for _, c := range expression.SplitConjunction(cond) {
		for _, b := range bandBounds(c, nl, lec, right) {
			if b.lower && lower == nil {
				lower = &b
			} else if !b.lower && upper == nil {
				upper = &b
			}
		}
	}
	s := &bandSpec{}
	for _, b := range []*bandBound{lower, upper} {
		if b != nil {
			s.bounds = append(s.bounds, *b)
		}
	}
	if len(s.bounds) == 0 {
		return nil
	}
	return s
}

// bandBounds reads one conjunct as bounds (BETWEEN is two).
func bandBounds(c sql.Expression, nl int, lec *exprCompiler, right []ColType) []bandBound {
	var l, r sql.Expression
	var lower bool
	switch e := c.(type) {
	case *expression.Between:
		lo := expression.NewGreaterThanOrEqual(e.Val, e.Lower)
		hi := expression.NewLessThanOrEqual(e.Val, e.Upper)
		return append(bandBounds(lo, nl, lec, right), bandBounds(hi, nl, lec, right)...)
	case *expression.GreaterThanOrEqual:
		l, r, lower = e.Left(), e.Right(), true
	case *expression.GreaterThan:
		l, r, lower = e.Left(), e.Right(), true
	case *expression.LessThanOrEqual:
		l, r = e.Left(), e.Right()
	case *expression.LessThan:
		l, r = e.Left(), e.Right()
	case *expression.Or:
		return openBound(e, nl, lec, right)
	default:
		return nil
	}
	switch {
	case sideOf(l, nl) == sideLeft && sideOf(r, nl) == sideRight:
	case sideOf(l, nl) == sideRight && sideOf(r, nl) == sideLeft:
		l, r, lower = r, l, !lower
	default:
		return nil
	}
	b, ok := newBandBound(l, r, lower, nl, lec, right)
	if !ok {
		return nil
	}
	return []bandBound{b}
}

// openBound reads x IS NULL OR probe ⋚ x (either order) as a bound
// whose NULL build value is unbounded.
func openBound(e *expression.Or, nl int, lec *exprCompiler, right []ColType) []bandBound {
	for _, pair := range [][2]sql.Expression{{e.LeftChild, e.RightChild}, {e.RightChild, e.LeftChild}} {
		isn, ok := pair[0].(*expression.IsNull)
		if !ok {
			continue
		}
		if _, between := pair[1].(*expression.Between); between {
			continue
		}
		bs := bandBounds(pair[1], nl, lec, right)
		if len(bs) != 1 || bs[0].open {
			continue
		}
		switch isn.Child.String() {
		case bs[0].buildText:
			bs[0].openBuild = true
		case bs[0].probeText:
		default:
			continue
		}
		bs[0].open = true
		bs[0].text = "(" + isn.Child.String() + " IS NULL OR " + bs[0].text + ")"
		return bs
	}
	return nil
}

func newBandBound(probe, build sql.Expression, lower bool, nl int, lec *exprCompiler, right []ColType) (bandBound, bool) {
	op := " <= "
	if lower {
		op = " >= "
	}
	text, buildText, probeText := probe.String()+op+build.String(), build.String(), probe.String()
	build = shiftFields(build, -nl)
	rec := &exprCompiler{in: right}
	p, err := lec.compile(probe)
	if err != nil {
		return bandBound{}, false
	}
	q, err := rec.compile(build)
	if err != nil {
		return bandBound{}, false
	}
	b := bandBound{probe: p, build: q, bec: rec, lower: lower, pm: 1, bm: 1, text: text, buildText: buildText, probeText: probeText}
	pt, bt := p.Type(), q.Type()
	switch {
	case pt.Phys == PStr || pt.Phys == PUint || bt.Phys == PUint:
		return b, false
	case comparable(pt, bt):
		b.float = pt.Phys == PFloat
	case pt.Phys == PDate && bt.Phys == PTime: // a DATE is its midnight
		b.pm = calendar.MicrosPerDay
	case pt.Phys == PTime && bt.Phys == PDate:
		b.bm = calendar.MicrosPerDay
	default:
		m := mixedNumbers(pt, bt)
		if m == nil || m.float {
			return b, false
		}
		b.pm, b.bm = m.ml, m.mr
	}
	return b, true
}

// key reads row i of v as the bound's ordered int64; ok is false for
// NULL or a value past int64 at the common scale.
func (b *bandBound) key(v *Vec, i int, m int64) (int64, bool) {
	if v.IsNull(i) {
		return 0, false
	}
	if b.float {
		return floatOrder(v.F[i]), true
	}
	return scaleUp(v.I[i], m)
}

// floatOrder maps a DOUBLE to an int64 of the same order (-0 as 0).
func floatOrder(f float64) int64 {
	if f == 0 {
		f = 0
	}
	u := math.Float64bits(f)
	if u>>63 == 1 {
		u = ^u
	} else {
		u |= 1 << 63
	}
	return int64(u ^ 1<<63)
}

// bandIndex is a built table's rows sorted by the first bound within
// each key: key g's candidates are perm[start[g]:start[g+1]].
type bandIndex struct {
	spec  *bandSpec
	perm  []int32
	start []int32
	v1    []int64 // first bound's values, in perm order
	v2    []int64 // second bound's, when they rise with the first (else nil)
}

// buildBand indexes t by s; nil when the table has too few rows per key
// or a bound's value passes int64.
func buildBand(ctx *sql.Context, s *bandSpec, t *joinTable) (*bandIndex, error) {
	if s == nil || t.keys.n == 0 || t.rows.N < minBandRows*t.keys.n {
		return nil, nil
	}
	n := t.rows.N
	vals := make([][]int64, len(s.bounds))
	never := make([]bool, n) // a NULL bound: the condition is never true
	for k, b := range s.bounds {
		v, err := b.build.Vec(ctx, t.rows, b.bec.NewFrame())
		if err != nil {
			return nil, err
		}
		vals[k] = make([]int64, n)
		for i := range n {
			if v.IsNull(i) && b.open {
				// lower: candidates' values <= the probe's
				vals[k][i] = math.MaxInt64
				if b.lower == b.openBuild {
					vals[k][i] = math.MinInt64
				}
				continue
			}
			if v.IsNull(i) {
				never[i] = true
				continue
			}
			x, ok := b.key(v, i, b.bm)
			if !ok {
				return nil, nil
			}
			vals[k][i] = x
		}
	}
	x := &bandIndex{spec: s, start: make([]int32, t.keys.n+1)}
	for g := range t.keys.n {
		x.start[g] = int32(len(x.perm))
		at := len(x.perm)
		for r := t.first[g]; r >= 0; r = t.next[r] {
			if !never[r] {
				x.perm = append(x.perm, r)
			}
		}
		seg := x.perm[at:]
		slices.Reverse(seg) // the chain runs newest first
		v1 := vals[0]
		slices.SortStableFunc(seg, func(a, b int32) int { return cmpInt(v1[a], v1[b]) })
	}
	x.start[t.keys.n] = int32(len(x.perm))
	x.v1 = make([]int64, len(x.perm))
	for k, r := range x.perm {
		x.v1[k] = vals[0][r]
	}
	if len(s.bounds) == 2 {
		x.v2 = make([]int64, len(x.perm))
		for k, r := range x.perm {
			x.v2[k] = vals[1][r]
			if k > 0 && x.v2[k] < x.v2[k-1] && !x.groupStart(k) {
				x.v2 = nil // the second bound does not rise with the first
				break
			}
		}
	}
	return x, nil
}

// groupStart reports whether perm position k starts a key's rows.
func (x *bandIndex) groupStart(k int) bool {
	_, found := slices.BinarySearch(x.start, int32(k))
	return found
}

// bandProbe is one worker's scratch for a probe batch: each bound's
// probe value as an ordered int64, and whether it has one.
type bandProbe struct {
	keys [2][]int64
	null []bool // a probe value is NULL: no candidate
	wide [2][]bool
	// frames: the bounds' own frames when compiled apart (pec).
	frames [2]*Frame
}

// ranges sets lo[i], hi[i] to the perm range of key gids[i]'s rows that
// row i of b can match: empty when a probe value is NULL (the condition
// is then never true), unpruned by a bound whose value passes int64.
func (x *bandIndex) ranges(ctx *sql.Context, b *Batch, f *Frame, p *bandProbe, gids []int32, lo, hi []int32) error {
	n := b.N
	p.null = grow(p.null, n)
	clear(p.null)
	for k, bd := range x.spec.bounds {
		fr := f
		if bd.pec != nil {
			if p.frames[k] == nil {
				p.frames[k] = bd.pec.NewFrame()
			}
			fr = p.frames[k]
		}
		v, err := bd.probe.Vec(ctx, b, fr)
		if err != nil {
			return err
		}
		p.keys[k], p.wide[k] = grow(p.keys[k], n), grow(p.wide[k], n)
		for i := range n {
			if v.IsNull(i) && bd.open { // x IS NULL may still hold
				p.wide[k][i] = true
				continue
			}
			if v.IsNull(i) {
				p.null[i] = true
				continue
			}
			var ok bool
			p.keys[k][i], ok = bd.key(v, i, bd.pm)
			p.wide[k][i] = !ok
		}
	}
	for i, g := range gids[:n] {
		if g < 0 || p.null[i] {
			lo[i], hi[i] = 0, 0
			continue
		}
		l, h := x.start[g], x.start[g+1]
		for k, bd := range x.spec.bounds {
			vals := x.v1
			if k == 1 {
				vals = x.v2
			}
			if vals == nil || p.wide[k][i] {
				continue
			}
			if bd.lower { // candidates' values <= the probe's: cut the top
				h = firstAbove(vals, l, h, p.keys[k][i])
			} else { // >= it: cut the bottom
				l = firstAtLeast(vals, l, h, p.keys[k][i])
			}
		}
		lo[i], hi[i] = l, h
	}
	return nil
}

// firstAbove is the first position in [l, h) of ascending vals past v
// (h if none); firstAtLeast the first at or past it.
func firstAbove(vals []int64, l, h int32, v int64) int32 {
	for l < h {
		m := int32(uint32(l+h) >> 1)
		if vals[m] > v {
			h = m
		} else {
			l = m + 1
		}
	}
	return l
}

func firstAtLeast(vals []int64, l, h int32, v int64) int32 {
	for l < h {
		m := int32(uint32(l+h) >> 1)
		if vals[m] >= v {
			h = m
		} else {
			l = m + 1
		}
	}
	return l
}
