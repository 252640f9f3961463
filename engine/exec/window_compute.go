package exec

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"
)

// compute writes the function's column of out: the value of the k-th
// sorted row goes to its arrival position perm[k].
func (fn *winFunc) compute(ctx *sql.Context, r *winRun, all *Batch, f *Frame, out *Batch) error {
	res := &Vec{}
	res.reset(fn.out, r.n)
	var arg, def *Vec
	var err error
	if fn.arg != nil {
		if arg, err = keep(ctx, fn.arg, all, f); err != nil {
			return err
		}
	}
	if fn.def != nil {
		if def, err = keep(ctx, fn.def, all, f); err != nil {
			return err
		}
	}
	out.Cols[fn.col] = res
	switch fn.kind {
	case winNTile:
		return fn.ntiles(ctx, r, res)
	case winLagLead:
		return r.partitions(func(ps, pe int) error { fn.lagLead(r, ps, pe, arg, def, res); return nil })
	case winFirst, winLast:
		return r.partitions(func(ps, pe int) error {
			fn.frame.prepare(r, ps, pe)
			fn.firstLast(r, ps, pe, arg, res)
			return nil
		})
	case winSum, winAvg, winCount:
		var p prefix
		return r.partitions(func(ps, pe int) error {
			fn.frame.prepare(r, ps, pe)
			return fn.sums(r, ps, pe, arg, res, &p)
		})
	case winMin, winMax:
		return r.partitions(func(ps, pe int) error {
			fn.frame.prepare(r, ps, pe)
			fn.minMax(r, ps, pe, arg, res)
			return nil
		})
	}
	return r.partitions(func(ps, pe int) error { fn.ranks(r, ps, pe, res); return nil })
}

// ranks numbers a partition's rows: ROW_NUMBER by position, RANK by its
// first peer's, DENSE_RANK by peer group, PERCENT_RANK as (rank-1)/(rows-1).
func (fn *winFunc) ranks(r *winRun, ps, pe int, res *Vec) {
	peerStart, dense := ps, int64(0)
	for k := ps; k < pe; k++ {
		if k == ps || int(r.peerEnd[k-1]) == k {
			peerStart, dense = k, dense+1
		}
		row := r.perm[k]
		switch fn.kind {
		case winRowNumber:
			res.I[row] = int64(k - ps + 1)
		case winRank:
			res.I[row] = int64(peerStart - ps + 1)
		case winDenseRank:
			res.I[row] = dense
		case winPercentRank:
			res.F[row] = 0
			if pe-ps > 1 {
				res.F[row] = float64(peerStart-ps) / float64(pe-ps-1)
			}
		}
	}
}

// ntiles runs GMS's own NTILE per partition: its bucket sizes, and its
// error for a bucket count that is not positive.
func (fn *winFunc) ntiles(ctx *sql.Context, r *winRun, res *Vec) error {
	wf, err := fn.ntile.NewWindowFunction()
	if err != nil {
		return err
	}
	if r.n == 0 {
		return wf.StartPartition(ctx, sql.WindowInterval{}, nil)
	}
	return r.partitions(func(ps, pe int) error {
		in := sql.WindowInterval{Start: ps, End: pe}
		if err := wf.StartPartition(ctx, in, nil); err != nil {
			return err
		}
		for k := ps; k < pe; k++ {
			b, ok := wf.Compute(ctx, in, nil).(uint64)
			if !ok {
				return fmt.Errorf("exec: NTILE answered no bucket")
			}
			if fn.out.Phys == PUint {
				res.I[r.perm[k]] = int64(b)
			} else {
				res.F[r.perm[k]] = float64(b)
			}
		}
		return nil
	})
}

// lagLead reads the row shift rows away in the partition, else the
// default at the current row.
func (fn *winFunc) lagLead(r *winRun, ps, pe int, arg, def, res *Vec) {
	for k := ps; k < pe; k++ {
		row := int(r.perm[k])
		switch j := k + fn.shift; {
		case j >= ps && j < pe:
			setFrom(res, row, arg, int(r.perm[j]), r.n)
		case def != nil:
			setFrom(res, row, def, row, r.n)
		default:
			res.setNull(row, r.n)
		}
	}
}

// firstLast answers the value of the frame's first (last) row.
func (fn *winFunc) firstLast(r *winRun, ps, pe int, arg, res *Vec) {
	for k := ps; k < pe; k++ {
		row := int(r.perm[k])
		lo, hi := fn.frame.bounds(k, ps, pe, r)
		switch {
		case lo == hi:
			res.setNull(row, r.n)
		case fn.kind == winFirst:
			setFrom(res, row, arg, int(r.perm[lo]), r.n)
		default:
			setFrom(res, row, arg, int(r.perm[hi-1]), r.n)
		}
	}
}

// setFrom sets dst[i] to src[j] (one layout).
func setFrom(dst *Vec, i int, src *Vec, j, n int) {
	if src.IsNull(j) {
		dst.setNull(i, n)
		return
	}
	switch dst.T.Phys {
	case PFloat:
		dst.F[i] = src.F[j]
	case PStr:
		dst.S[i] = src.Str(j)
	default:
		dst.I[i] = src.I[j]
	}
}

// prefix holds a partition's running sums: s and f (exact and DOUBLE)
// and c (non-NULL values) of its first i rows, in order.
type prefix struct {
	s []int64
	f []float64
	c []int64
}

// sums answers SUM, AVG and COUNT from prefix sums over the partition,
// started at its first row as GMS's are (a DOUBLE frame sum is the
// difference of two of them, bit for bit GMS's).
func (fn *winFunc) sums(r *winRun, ps, pe int, arg, res *Vec, p *prefix) error {
	m := pe - ps + 1
	p.s, p.f, p.c = grow(p.s, m), grow(p.f, m), grow(p.c, m)
	p.s[0], p.f[0], p.c[0] = 0, 0, 0
	for k := ps; k < pe; k++ {
		i := k - ps
		p.s[i+1], p.f[i+1], p.c[i+1] = p.s[i], p.f[i], p.c[i]
		row := int(r.perm[k])
		if arg != nil && arg.IsNull(row) {
			continue
		}
		p.c[i+1]++
		switch {
		case fn.kind == winCount:
		case fn.exact:
			s, ok := arithInt('+', p.s[i], arg.I[row])
			if !ok {
				return errDecimalOverflow
			}
			p.s[i+1] = s
		default:
			p.f[i+1] = p.f[i] + arg.F[row]
		}
	}
	for k := ps; k < pe; k++ {
		lo, hi := fn.frame.bounds(k, ps, pe, r)
		if err := fn.frameSum(int(r.perm[k]), lo-ps, hi-ps, p, res, r.n); err != nil {
			return err
		}
	}
	return nil
}

// frameSum writes the sum (average, count) of prefix rows [lo, hi).
func (fn *winFunc) frameSum(row, lo, hi int, p *prefix, res *Vec, n int) error {
	c := p.c[hi] - p.c[lo]
	switch {
	case fn.kind == winCount:
		res.I[row] = c
	case c == 0:
		res.setNull(row, n)
	case !fn.exact && fn.kind == winAvg:
		res.F[row] = (p.f[hi] - p.f[lo]) / float64(c)
	case !fn.exact:
		res.F[row] = p.f[hi] - p.f[lo]
	default:
		s, ok := arithInt('-', p.s[hi], p.s[lo])
		if !ok {
			return errDecimalOverflow
		}
		if fn.kind == winAvg {
			if s, ok = avgScaled(s, c); !ok {
				return errDecimalOverflow
			}
		}
		res.I[row] = s
	}
	return nil
}

// avgScaled is sum / n with 4 more decimals, rounded half away from
// zero (MySQL's AVG of a DECIMAL, and decimal.DivRound's rounding).
func avgScaled(sum, n int64) (int64, bool) {
	const k = 10_000
	if sum > -(1<<62)/k && sum < (1<<62)/k {
		x := sum * k
		q, rem := x/n, x%n
		if rem < 0 {
			rem = -rem
		}
		if 2*rem >= n {
			if x < 0 {
				q--
			} else {
				q++
			}
		}
		return q, true
	}
	d := decimal.New(sum, 0).DivRound(decimal.NewFromInt(n), 4)
	return scaled(d, 4)
}

// minMax answers MIN and MAX over each row's frame: the frame's first
// best value, as GMS keeps the first of equal ones. A frame from the
// partition's start grows row by row, one to its end shrinks, so both
// keep a running best; a frame sliding both ways keeps a deque of its
// rows that no later row beats (monotone, so its head is the best):
// each row enters and leaves it once. A RANGE frame whose bounds go
// back (calendar intervals from a month's end) is scanned.
func (fn *winFunc) minMax(r *winRun, ps, pe int, arg, res *Vec) {
	f := &fn.frame
	best, next := -1, ps // the running best row (sorted position) and the next row to offer
	switch {
	case f.kind == frameRange && !f.rng.monotone:
		for k := ps; k < pe; k++ {
			lo, hi := f.bounds(k, ps, pe, r)
			best = -1
			for j := lo; j < hi; j++ {
				best = fn.better(r, arg, best, j, false)
			}
			fn.put(r, arg, res, k, best, hi > lo)
		}
	case f.kind == framePartition || f.kind == framePeers || f.unbStart:
		for k := ps; k < pe; k++ {
			_, hi := f.bounds(k, ps, pe, r)
			for ; next < hi; next++ {
				best = fn.better(r, arg, best, next, false)
			}
			fn.put(r, arg, res, k, best, next > ps && hi > ps)
		}
	case f.unbEnd:
		next = pe - 1
		for k := pe - 1; k >= ps; k-- {
			lo, hi := f.bounds(k, ps, pe, r)
			for ; hi > lo && next >= lo; next-- {
				best = fn.better(r, arg, best, next, true)
			}
			fn.put(r, arg, res, k, best, hi > lo)
		}
	default:
		fn.slide(r, ps, pe, arg, res)
	}
}

// slide answers MIN and MAX over frames whose bounds never go back, by
// a deque of sorted positions: values in it never improve from head to
// tail (a row enters after popping the ones it beats; an equal one
// stays ahead of it, so the head is the frame's first best).
func (fn *winFunc) slide(r *winRun, ps, pe int, arg, res *Vec) {
	dq, head, next := fn.deque[:0], 0, ps
	for k := ps; k < pe; k++ {
		lo, hi := fn.frame.rawBounds(k, ps, pe, r)
		for ; next < hi; next++ {
			if arg.IsNull(int(r.perm[next])) {
				continue
			}
			for len(dq) > head && fn.better(r, arg, int(dq[len(dq)-1]), next, false) == next {
				dq = dq[:len(dq)-1]
			}
			dq = append(dq, int32(next))
		}
		for head < len(dq) && int(dq[head]) < lo {
			head++
		}
		best := -1
		if head < len(dq) {
			best = int(dq[head])
		}
		fn.put(r, arg, res, k, best, hi > lo)
	}
	fn.deque = dq
}

// better is the better of sorted rows best and j (best < 0: none yet),
// NULLs skipped; a tie goes to the earlier one (j is earlier when
// leftward).
func (fn *winFunc) better(r *winRun, arg *Vec, best, j int, leftward bool) int {
	rj := int(r.perm[j])
	if arg.IsNull(rj) {
		return best
	}
	if best < 0 {
		return j
	}
	c := compareAt(arg, rj, arg, int(r.perm[best]))
	if fn.kind == winMin {
		c = -c
	}
	if c > 0 || (c == 0 && leftward) {
		return j
	}
	return best
}

// put writes the best value (or NULL) for the k-th sorted row.
func (fn *winFunc) put(r *winRun, arg, res *Vec, k, best int, nonEmpty bool) {
	row := int(r.perm[k])
	if best < 0 || !nonEmpty {
		res.setNull(row, r.n)
		return
	}
	setFrom(res, row, arg, int(r.perm[best]), r.n)
}
