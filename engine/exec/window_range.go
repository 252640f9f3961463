package exec

import (
	"math"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// boundKind is how one end of a RANGE frame is given.
type boundKind uint8

const (
	boundUnbounded boundKind = iota // UNBOUNDED PRECEDING / FOLLOWING
	boundCurrent                    // CURRENT ROW: the current row's first (last) peer
	boundOffset                     // n PRECEDING / FOLLOWING, or INTERVAL n unit …
)

// rangeBound is one end of a RANGE frame: for an offset, the rows whose
// ORDER BY value is at least (start) or at most (end) the current row's
// value moved by the offset, in the sort's direction.
type rangeBound struct {
	kind   boundKind
	x      sql.Expression // the offset as written (a literal or an INTERVAL)
	dir    int64          // -1 PRECEDING, +1 FOLLOWING (in the sort's direction)
	n      int64          // the offset in the key's units: scaled integer, or µs
	f      float64        // the offset of a DOUBLE key
	delta  expression.TimeDelta
	months bool // the interval has months or years: calendar arithmetic
}

// rangeFrame is a RANGE frame that is not a partition's start to the
// current row's peers or the whole partition (winFrame has those).
//
// Its rows' bounds are found per partition by two pointers, as the sort
// leaves the ORDER BY values monotonic: O(rows) per partition. As in
// MySQL, rows with a NULL value are one peer group at an end of the
// partition; an offset bound of a non-NULL row never reaches them, and
// the offset bounds of a NULL row are its peers'. lo and hi are the
// current partition's bounds (per row from its start), reused from one
// partition to the next.
type rangeFrame struct {
	start, end rangeBound
	offsets    bool // either bound is an offset: the key is read
	float      bool // the key is a DOUBLE
	days       bool // the key is a DATE (in µs while the frame compares)
	lo, hi     []int32
	monotone   bool // lo and hi never decrease in this partition
}

func newRangeFrame(f sql.WindowFrame, w *sql.WindowDefinition) (*rangeFrame, error) {
	rf := &rangeFrame{
		start: boundOf(f.UnboundedPreceding(), f.StartCurrentRow(), f.StartNPreceding(), f.StartNFollowing()),
		end:   boundOf(f.UnboundedFollowing(), f.EndCurrentRow(), f.EndNPreceding(), f.EndNFollowing()),
	}
	rf.offsets = rf.start.kind == boundOffset || rf.end.kind == boundOffset
	if rf.offsets && len(w.OrderBy) != 1 {
		return nil, unsupported("frame %s: RANGE offsets need one ORDER BY key", f)
	}
	return rf, nil
}

func boundOf(unbounded, current bool, preceding, following sql.Expression) rangeBound {
	switch {
	case unbounded:
		return rangeBound{kind: boundUnbounded}
	case current:
		return rangeBound{kind: boundCurrent}
	case preceding != nil:
		return rangeBound{kind: boundOffset, x: preceding, dir: -1}
	}
	return rangeBound{kind: boundOffset, x: following, dir: 1}
}

// resolve reads the offsets in the units of the ORDER BY key of type t:
// numbers over an integer, DECIMAL or DOUBLE key (exact at the key's
// scale), INTERVALs over a DATE or DATETIME key. Anything else stays
// with GMS.
func (rf *rangeFrame) resolve(t ColType) error {
	if !rf.offsets {
		return nil
	}
	rf.float, rf.days = t.Phys == PFloat, t.Phys == PDate
	for _, b := range []*rangeBound{&rf.start, &rf.end} {
		if b.kind == boundOffset {
			if err := b.resolve(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *rangeBound) resolve(t ColType) error {
	ctx := sql.NewEmptyContext()
	if iv, ok := b.x.(*expression.Interval); ok {
		if _, lit := iv.Child.(*expression.Literal); !lit || (t.Phys != PDate && t.Phys != PTime) {
			return unsupported("frame bound %s over %s", b.x, t.SQL)
		}
		d, err := iv.EvalDelta(ctx, nil)
		if err != nil || d == nil || d.Years < 0 || d.Months < 0 || d.Days < 0 || d.Hours < 0 ||
			d.Minutes < 0 || d.Seconds < 0 || d.Microseconds < 0 {
			return unsupported("frame bound %s", b.x)
		}
		b.delta, b.months = *d, d.Years != 0 || d.Months != 0
		b.n = ((d.Days*24+d.Hours)*60+d.Minutes)*60*1e6 + d.Seconds*1e6 + d.Microseconds
		return nil
	}
	l, ok := b.x.(*expression.Literal)
	if !ok || l.Value() == nil {
		return unsupported("frame bound %s", b.x)
	}
	d, err := mysqlfn.ToDecimal(ctx, l.Value())
	if err != nil || d.IsNegative() {
		return unsupported("frame bound %s", b.x)
	}
	switch t.Phys {
	case PFloat:
		b.f = d.InexactFloat64()
		return nil
	case PInt, PDec:
		s := d.Shift(t.Scale)
		if !s.Equal(s.Truncate(0)) || s.GreaterThan(decimal.NewFromInt(math.MaxInt64)) {
			return unsupported("frame bound %s over %s", b.x, t.SQL)
		}
		b.n = s.IntPart()
		return nil
	}
	return unsupported("frame bound %s over %s", b.x, t.SQL)
}

// prepare finds the bounds of the rows of partition [ps, pe): lo never
// decreases from one row to the next, nor does hi, but for calendar
// intervals (monotone says).
func (rf *rangeFrame) prepare(r *winRun, ps, pe int) {
	m := pe - ps
	rf.lo, rf.hi = grow(rf.lo, m), grow(rf.hi, m)
	ns, ne := nullPeers(r, ps, pe, rf.offsets)
	as, ae := ps, pe // the rows with a value
	if ns == ps {
		as = ne
	} else {
		ae = ns
	}
	a, b := as, as // the start's and the end's pointers
	rf.monotone = true
	peerStart := ps
	for k := ps; k < pe; k++ {
		if k > ps && int(r.peerEnd[k-1]) == k {
			peerStart = k
		}
		lo, hi := ps, pe
		switch rf.start.kind {
		case boundCurrent:
			lo = peerStart
		case boundOffset:
			if k >= ns && k < ne {
				lo = peerStart
			} else {
				a = rf.advance(r, &rf.start, k, a, as, ae, false)
				lo = a
			}
		}
		switch rf.end.kind {
		case boundCurrent:
			hi = int(r.peerEnd[k])
		case boundOffset:
			if k >= ns && k < ne {
				hi = int(r.peerEnd[k])
			} else {
				b = rf.advance(r, &rf.end, k, b, as, ae, true)
				hi = b
			}
		}
		if k > ps && (lo < int(rf.lo[k-ps-1]) || hi < int(rf.hi[k-ps-1])) {
			rf.monotone = false
		}
		rf.lo[k-ps], rf.hi[k-ps] = int32(lo), int32(hi)
	}
}

// nullPeers is the partition's rows with a NULL ORDER BY value, [ns,
// ne): its first or its last peer group (ns == ne == pe when none).
func nullPeers(r *winRun, ps, pe int, offsets bool) (ns, ne int) {
	if !offsets || r.order.Nulls == nil || ps == pe {
		return pe, pe
	}
	if r.order.IsNull(int(r.perm[ps])) {
		return ps, int(r.peerEnd[ps])
	}
	ns = pe
	for ns > ps && r.order.IsNull(int(r.perm[ns-1])) {
		ns--
	}
	return ns, pe
}

// advance moves pointer j to the first row of [as, ae) in the bound b
// of the k-th row: for a start, the first row not before its target in
// the sort's order; for an end (past), the first row after it. Targets
// rise with the rows, so j moves forward, except that a calendar
// interval from a month's last days can land a later value on an earlier
// target (January 31st 10:00 and January 30th 23:00 plus a month); j
// then moves back.
func (rf *rangeFrame) advance(r *winRun, b *rangeBound, k, j, as, ae int, past bool) int {
	dir := b.dir
	if r.desc {
		dir = -dir
	}
	if rf.float {
		t := r.order.F[r.perm[k]] + float64(dir)*b.f
		for ; j < ae; j++ {
			if c := cmpOrdered(r.order.F[r.perm[j]], t, r.desc); c > 0 || (c == 0 && !past) {
				return j
			}
		}
		return j
	}
	t := rf.target(r.order.I[r.perm[k]], b, dir)
	in := func(j int) bool { // row j is at or past the bound
		v := r.order.I[r.perm[j]]
		if rf.days {
			v *= calendar.MicrosPerDay
		}
		c := cmpOrdered(v, t, r.desc)
		return c > 0 || (c == 0 && !past)
	}
	for j < ae && !in(j) {
		j++
	}
	for b.months && j > as && in(j-1) {
		j--
	}
	return j
}

// target is value v moved by the bound's offset in direction dir (±1):
// saturated at the int64 range, and for a calendar interval MySQL's
// DATE_ADD (a date out of MySQL's range is beyond every row).
func (rf *rangeFrame) target(v int64, b *rangeBound, dir int64) int64 {
	if rf.days {
		v *= calendar.MicrosPerDay
	}
	if b.months {
		t, ok := mysqlfn.AddInterval(time.UnixMicro(v).UTC(), b.delta, dir)
		switch {
		case ok:
			return t.UnixMicro()
		case dir < 0:
			return math.MinInt64
		}
		return math.MaxInt64
	}
	d := dir * b.n
	switch {
	case d > 0 && v > math.MaxInt64-d:
		return math.MaxInt64
	case d < 0 && v < math.MinInt64-d:
		return math.MinInt64
	}
	return v + d
}

// cmpOrdered compares x with y in the sort's order.
func cmpOrdered[T int64 | float64](x, y T, desc bool) int {
	c := 0
	switch {
	case x < y:
		c = -1
	case x > y:
		c = 1
	}
	if desc {
		return -c
	}
	return c
}
