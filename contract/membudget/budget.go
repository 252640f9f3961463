package membudget

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
)

// ErrExceeded is matched (errors.Is) by every *Error.
var ErrExceeded = errors.New("memory limit exceeded")

// ErrClosed is returned by Reserve on a closed account: its statement has
// ended, and an operator still growing for it must stop.
var ErrClosed = errors.New("memory account of a finished statement")

// Names of the system variables the limits come from, used in messages.
const (
	QueryLimitVariable  = "cohortdb_query_memory_limit"
	ServerLimitVariable = "cohortdb_memory_limit"
)

// Error is a reservation refused because it would pass a limit.
type Error struct {
	// Server is true when the pool (all running statements together) is
	// full, false when the statement passed its own limit.
	Server bool
	// Limit is the limit passed, in bytes.
	Limit int64
	// Budget, for the pool, is the server's whole budget the limit is
	// the reservable part of (SplitBudget); 0 when the pool was given
	// its limit directly.
	Budget int64
}

func (e *Error) Error() string {
	if e.Server && e.Budget > 0 {
		return fmt.Sprintf(messagePrefix+"running statements and caches hold the %s the server's %s of %s leaves them; "+
			"retry when fewer statements run, or raise it (SET GLOBAL %s = ...)",
			FormatBytes(e.Limit), ServerLimitVariable, FormatBytes(e.Budget), ServerLimitVariable)
	}
	if e.Server {
		return fmt.Sprintf(messagePrefix+"running statements hold the server's %s of %s; "+
			"retry when fewer statements run, or raise it (SET GLOBAL %s = ...)",
			ServerLimitVariable, FormatBytes(e.Limit), ServerLimitVariable)
	}
	return fmt.Sprintf(messagePrefix+"the statement needs more than its %s of %s; "+
		"narrow it (filters, fewer groups, a LIMIT) or raise the limit (SET %s = ...)",
		QueryLimitVariable, FormatBytes(e.Limit), QueryLimitVariable)
}

// messagePrefix starts every *Error's message.
const messagePrefix = "Out of memory: "

// FindMessage finds an *Error's message in text (an error's message with
// context before it), for errors whose chain was flattened to text.
func FindMessage(text string) (string, bool) {
	i := strings.Index(text, messagePrefix)
	if i < 0 || !strings.Contains(text[i:], "_memory_limit") {
		return "", false
	}
	return text[i:], true
}

// Is makes errors.Is(err, ErrExceeded) true.
func (e *Error) Is(target error) bool { return target == ErrExceeded }

// Pool is a server-wide budget shared by accounts. Safe for concurrent
// use.
type Pool struct {
	limit  atomic.Int64 // <= 0: unlimited
	budget atomic.Int64 // the server's budget limit is the reservable part of (SetSplit); 0: none
	used   atomic.Int64
	// reclaim, when set, frees memory held on the pool's behalf (the
	// storage's decoded-chunk cache) when a reservation would pass the
	// limit (SetReclaimer).
	reclaim atomic.Pointer[func(need int64) int64]
	live    liveState // live.go
}

// reclaimTries bounds how often one reservation asks the reclaimer for
// memory before it fails (other reservations may take what it freed).
const reclaimTries = 4

// NewPool returns a pool of limit bytes (<= 0: unlimited).
func NewPool(limit int64) *Pool {
	p := &Pool{}
	p.limit.Store(limit)
	return p
}

// SetLimit changes the pool's limit; reservations already made stay.
func (p *Pool) SetLimit(limit int64) {
	p.limit.Store(limit)
	p.budget.Store(0)
}

// SetSplit makes the pool's limit the reservable part of a server budget
// (SplitBudget; the zero Split is unlimited); refusals name the budget.
// Reservations already made stay.
func (p *Pool) SetSplit(s Split) {
	p.limit.Store(s.Reservable)
	p.budget.Store(s.Budget)
}

// Limit is the pool's limit in bytes (<= 0: unlimited).
func (p *Pool) Limit() int64 { return p.limit.Load() }

// Used is the sum of the reservations of the pool's open accounts.
func (p *Pool) Used() int64 { return p.used.Load() }

// SetReclaimer gives the pool memory it may take back: when a
// reservation would pass the limit, the pool calls f with the bytes
// missing, and f frees up to that much (or more) of what it holds on the
// pool — releasing it through its own account — and returns how much it
// freed; the reservation is then tried again. A cache whose entries
// charge the pool registers its eviction here, so that it shrinks under
// the statements' pressure instead of making them fail. f must not
// reserve on the pool. nil removes the reclaimer.
func (p *Pool) SetReclaimer(f func(need int64) int64) {
	if f == nil {
		p.reclaim.Store(nil)
		return
	}
	p.reclaim.Store(&f)
}

func (p *Pool) reserve(n int64) *Error {
	measured := false
	for try := 0; ; try++ {
		used := p.used.Add(n)
		lim := p.effectiveLimit()
		if lim <= 0 || used <= lim {
			return nil
		}
		p.used.Add(-n)
		if f := p.reclaim.Load(); f != nil && try < reclaimTries && (*f)(used-lim) > 0 {
			continue
		}
		// Nothing left to evict: what the heap holds beyond the
		// reservations may be garbage of statements that have ended.
		if !measured && p.remeasure(lim) {
			measured = true
			continue
		}
		return &Error{Server: true, Limit: lim, Budget: p.budget.Load()}
	}
}

func (p *Pool) release(n int64) { p.used.Add(-n) }

// Account is one statement's reservations, drawn on a pool. Safe for
// concurrent use (parallel operators of one statement share it).
type Account struct {
	pool   *Pool // nil: no server-wide budget
	limit  int64 // <= 0: unlimited
	used   atomic.Int64
	peak   atomic.Int64
	closed atomic.Bool
	// refused is the last reservation refused, for callers that learn
	// of it only through an error that lost it (Refusal).
	refused atomic.Pointer[Error]
}

// NewAccount opens an account of limit bytes (<= 0: unlimited) on p (nil:
// no pool).
func (p *Pool) NewAccount(limit int64) *Account {
	return &Account{pool: p, limit: limit}
}

// Reserve records n more bytes held by the statement, or fails with
// *Error (nothing recorded) when that would pass the statement's limit or
// the pool's. A nil account accepts everything.
func (a *Account) Reserve(n int64) error {
	if a == nil || n <= 0 {
		return nil
	}
	if a.closed.Load() {
		return ErrClosed
	}
	used := a.used.Add(n)
	if a.limit > 0 && used > a.limit {
		a.used.Add(-n)
		return a.refuse(&Error{Limit: a.limit})
	}
	if a.pool != nil {
		if e := a.pool.reserve(n); e != nil {
			a.used.Add(-n)
			return a.refuse(e)
		}
	}
	a.notePeak(used)
	return nil
}

// refuse records e as the account's last refusal.
func (a *Account) refuse(e *Error) *Error {
	a.refused.Store(e)
	return e
}

// Refusal is the last reservation the account refused, or nil (the last:
// a Tally's refused chunk may be followed by its bytes fitting, and by a
// refusal of another limit). An operator that can only report "no
// memory" in its own terms (GMS's caches, see Entries) leaves the reason
// here for the server's answer.
func (a *Account) Refusal() *Error {
	if a == nil {
		return nil
	}
	return a.refused.Load()
}

func (a *Account) notePeak(used int64) {
	for {
		p := a.peak.Load()
		if used <= p || a.peak.CompareAndSwap(p, used) {
			return
		}
	}
}

// Release gives back n bytes (at most what is held).
func (a *Account) Release(n int64) {
	if a == nil || n <= 0 {
		return
	}
	for {
		used := a.used.Load()
		m := min(n, used)
		if m <= 0 {
			return
		}
		if a.used.CompareAndSwap(used, used-m) {
			if a.pool != nil {
				a.pool.release(m)
			}
			return
		}
	}
}

// Close releases everything the account holds; later reservations fail
// with ErrClosed. Safe to call more than once.
func (a *Account) Close() {
	if a == nil || a.closed.Swap(true) {
		return
	}
	if n := a.used.Swap(0); n > 0 && a.pool != nil {
		a.pool.release(n)
	}
}

// Used is what the account holds now.
func (a *Account) Used() int64 {
	if a == nil {
		return 0
	}
	return a.used.Load()
}

// Peak is the most the account has held at once.
func (a *Account) Peak() int64 {
	if a == nil {
		return 0
	}
	return a.peak.Load()
}

// Limit is the account's own limit (<= 0: unlimited).
func (a *Account) Limit() int64 {
	if a == nil {
		return 0
	}
	return a.limit
}

type ctxKey struct{}

// NewContext returns ctx carrying a.
func NewContext(ctx context.Context, a *Account) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// FromContext returns the account ctx carries, or nil (no budget). Look
// it up once per operator, not per row: it walks the context chain.
func FromContext(ctx context.Context) *Account {
	if ctx == nil {
		return nil
	}
	a, _ := ctx.Value(ctxKey{}).(*Account)
	return a
}

// FormatBytes writes n as MySQL users read sizes: "512 KiB", "1.5 GiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := fmt.Sprintf("%.1f", v)
	if v == float64(int64(v)) {
		s = fmt.Sprintf("%d", int64(v))
	}
	return s + " " + []string{"KiB", "MiB", "GiB", "TiB", "PiB"}[exp]
}
