package membudget

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
)

// GMS's row-at-a-time operators keep their hash tables and row caches —
// a GROUP BY's groups, a DISTINCT's or UNION's set of row hashes, a
// sort's rows, an IN subquery's values, a nested-loop join's cached
// side — in caches of the statement's sql.MemoryManager (ctx.Memory).
// Before every entry such a cache asks the manager's sql.Reporter
// whether memory is available: MaxMemory, then UsedMemory, and "no"
// when UsedMemory >= MaxMemory. Entries is that reporter for a
// statement with an account: each question charges one entry to the
// account, and a refused charge answers "no", so GMS fails the
// statement with its ErrNoMemoryAvailable (1105 "no memory available";
// the server answers it with the account's Refusal, 1038) — or, for a
// nested-loop join's cache, stops caching and reads its side again.
//
// GMS does not say which cache asks, nor how big the entry is, so the
// charge per entry is the current Scope's: the base scope charges
// EntryBytes (a hash-set entry or a cached row's slot); an operator whose
// entries are bigger (a GROUP BY's aggregation buffers) or already
// charged (a sort's rows) enters its own scope while it runs and the
// base scope again while its input runs, and frees its scope's charge
// when it is closed. What the base scope charged is held until the
// statement's account is closed.

// EntryBytes is what one entry of a GMS cache is charged outside any
// operator's scope: a hash set's uint64 key, interface value and map
// overhead (about 40 bytes measured for DISTINCT and IN subqueries), or
// a cached row's slot.
const EntryBytes = 48

// Entries charges the entries of one statement's GMS caches to its
// account (see above). Safe for concurrent use; its methods accept a nil
// *Entries (no account: nothing charged).
type Entries struct {
	mu    sync.Mutex
	tally Tally // guarded by mu
	cur   atomic.Pointer[Scope]
	base  Scope
}

var _ sql.Reporter = (*Entries)(nil)

// Scope is what each entry is charged while it is current, and what it
// has charged so far.
type Scope struct {
	size    atomic.Int64
	charged atomic.Int64
}

// NewScope returns a scope charging size bytes an entry (0: nothing).
func NewScope(size int64) *Scope {
	s := &Scope{}
	s.size.Store(size)
	return s
}

// SetSize changes what each later entry of s is charged (an operator
// that learns its entries' size from its input as it reads it).
func (s *Scope) SetSize(size int64) {
	if s != nil {
		s.size.Store(size)
	}
}

// NewEntries returns the reporter charging a's statement.
func NewEntries(a *Account) *Entries {
	e := &Entries{tally: Tally{acct: a}}
	e.base.size.Store(EntryBytes)
	e.cur.Store(&e.base)
	return e
}

// MaxMemory implements sql.Reporter: never 0, so GMS asks UsedMemory
// before every entry.
func (e *Entries) MaxMemory() uint64 { return math.MaxUint64 }

// UsedMemory implements sql.Reporter: it charges one entry of the
// current scope, and answers MaxMemory ("none left") when the account
// refuses it.
func (e *Entries) UsedMemory() uint64 {
	s := e.cur.Load()
	size := s.size.Load()
	if size == 0 {
		return 0
	}
	e.mu.Lock()
	err := e.tally.Add(size)
	e.mu.Unlock()
	if err != nil {
		return math.MaxUint64
	}
	s.charged.Add(size)
	return 0
}

// Enter makes s the current scope and returns the one it replaces, for
// Leave.
func (e *Entries) Enter(s *Scope) (prev *Scope) {
	if e == nil || s == nil {
		return nil
	}
	return e.cur.Swap(s)
}

// EnterBase makes the base scope current (an operator's input runs in
// it), returning the one it replaces.
func (e *Entries) EnterBase() (prev *Scope) {
	if e == nil {
		return nil
	}
	return e.cur.Swap(&e.base)
}

// Leave makes prev, what Enter or EnterBase returned, current again.
func (e *Entries) Leave(prev *Scope) {
	if e != nil && prev != nil {
		e.cur.Store(prev)
	}
}

// Free gives back what s charged: its operator's caches are dropped.
func (e *Entries) Free(s *Scope) {
	if e == nil || s == nil {
		return
	}
	n := s.charged.Swap(0)
	e.mu.Lock()
	e.tally.Free(n)
	e.mu.Unlock()
}

type entriesKey struct{}

// EntriesFromContext is the reporter of ctx's statement, or nil.
func EntriesFromContext(ctx context.Context) *Entries {
	e, _ := ctx.Value(entriesKey{}).(*Entries)
	return e
}

// NewSQLContext is a sql.ContextFactory: when ctx carries a statement's
// account (NewContext), the sql.Context's memory manager charges the
// entries of GMS's caches to it (Entries), and EntriesFromContext finds
// the reporter.
func NewSQLContext(ctx context.Context, opts ...sql.ContextOption) *sql.Context {
	a := FromContext(ctx)
	if a == nil {
		return sql.NewContext(ctx, opts...)
	}
	e := NewEntries(a)
	ctx = context.WithValue(ctx, entriesKey{}, e)
	opts = append(opts[:len(opts):len(opts)], sql.WithMemoryManager(sql.NewMemoryManager(e)))
	return sql.NewContext(ctx, opts...)
}

var _ sql.ContextFactory = NewSQLContext
