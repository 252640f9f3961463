package membudget

import "sync/atomic"

// Memory the collector finds live beyond the reservations.
//
// Reservations are estimates that operators declare; what they do not
// declare — rows and vectors in flight between operators, a structure an
// estimate undercounts — still lives on the heap. The server measures it
// after every collection (the live heap less what is reserved) and
// reports it with SetUnaccounted; with a live cap set (SetLiveCap, the
// Go runtime's soft limit less the collector's headroom), a reservation
// is refused once the reservations and that measured remainder together
// would pass the cap, so a statement whose undeclared memory grows is
// refused at its next reservation instead of growing the process past
// its budget. Before refusing, the pool asks for a fresh measurement once
// (SetRemeasure: the server collects garbage first), so the garbage of
// statements that have ended, or a measurement taken while they ran,
// does not refuse the next.

// liveState is the pool's view of the heap.
type liveState struct {
	cap         atomic.Int64 // <= 0: none
	unaccounted atomic.Int64 // live heap beyond the reservations at the last measurement
	remeasure   atomic.Pointer[func() bool]
}

// SetLiveCap sets the most the reservations and the memory measured
// beyond them may hold together (<= 0: no cap).
func (p *Pool) SetLiveCap(n int64) { p.live.cap.Store(n) }

// SetUnaccounted records the live heap found beyond the reservations by
// the last measurement (negative counts as 0).
func (p *Pool) SetUnaccounted(n int64) { p.live.unaccounted.Store(max(n, 0)) }

// Unaccounted is the last measurement SetUnaccounted recorded.
func (p *Pool) Unaccounted() int64 { return p.live.unaccounted.Load() }

// SetRemeasure gives the pool a function that measures the heap anew
// (calling SetUnaccounted) and reports whether it did; the pool calls it
// before refusing a reservation the measured remainder refuses. It may
// refuse to measure (too soon after the last) by returning false. nil
// removes it.
func (p *Pool) SetRemeasure(f func() bool) {
	if f == nil {
		p.live.remeasure.Store(nil)
		return
	}
	p.live.remeasure.Store(&f)
}

// effectiveLimit is what the reservations may hold now: the pool's limit,
// lowered by the live cap less the memory measured beyond them (<= 0 with
// neither: unlimited).
func (p *Pool) effectiveLimit() int64 {
	lim := p.limit.Load()
	c := p.live.cap.Load()
	if c <= 0 {
		return lim
	}
	byLive := max(c-p.live.unaccounted.Load(), 1)
	if lim <= 0 {
		return byLive
	}
	return min(lim, byLive)
}

// remeasure measures anew when the live cap is what refuses a
// reservation (lim below the pool's own limit); true when it did.
func (p *Pool) remeasure(lim int64) bool {
	if own := p.limit.Load(); own > 0 && lim >= own {
		return false
	}
	f := p.live.remeasure.Load()
	return f != nil && (*f)()
}
