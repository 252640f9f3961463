package web

import (
	"context"
	"sort"
	"sync"
)

// Pages are read far more often than the data changes, and every
// endpoint recomputes an analytics function (rfm(), clv(), lifecycle(),
// …) over the whole shop: at a million customers a page takes seconds.
// So results are kept until the data changes. A result is shared only
// between accounts whose privileges are the same (Source.Scope), so a
// user never sees what a statement would have refused them, and only as
// long as the data version it was computed at is current.

// Source is what a Backend offers for caching its results. A Backend
// without it gets no cache: every request runs its statement.
type Source interface {
	// DataVersion changes whenever anything a page's statement could
	// read changes: rows, table definitions, saved segments and models,
	// global settings. A result computed after reading version v may be
	// served while the version is v.
	DataVersion() string
	// Scope names acct's effective privileges: the statements of the
	// pages return the same result for every account of one scope
	// (they depend on no user name), so those accounts share results.
	// An error means: do not cache for acct.
	Scope(ctx context.Context, acct Account) (string, error)
	// WarmAccounts are the accounts whose pages are computed in the
	// background after start and after each change of the data.
	WarmAccounts() []Account
}

// querier runs one statement as an account: the Backend itself, or the
// cache in front of it.
type querier interface {
	Query(ctx context.Context, acct Account, query string) (*Result, error)
}

// deriver is a querier that also keeps results computed otherwise than
// by running their statement: an endpoint's rows derived from a shared
// statement (shared.go), whose adding up at a million customers takes
// longer than the page may.
type deriver interface {
	Derived(ctx context.Context, acct Account, stmt string, compute func(context.Context) (*Result, error)) (*Result, error)
}

// cacheBytes bounds the results held (estimated from their text).
const cacheBytes = 64 << 20

// maxScopes bounds the privilege scopes the warm-up computes pages for.
const maxScopes = 4

// resultCache answers statements from results computed at the current
// data version, running each missing statement once however many
// requests ask for it at the same time (their pages' endpoints, or the
// warm-up and a browser).
type resultCache struct {
	be  Backend
	src Source
	// life ends at Shutdown: running statements are cancelled then, and
	// wg waits for them.
	life context.Context
	wg   sync.WaitGroup

	mu      sync.Mutex
	version string
	entries map[string]*cached // scope \x00 statement → result
	size    int64
	clock   uint64
	flights map[string]*flight // statements running at version
	scopes  map[string]scopeUse
}

type cached struct {
	res  *Result
	size int64
	used uint64
}

// flight is one running statement; done closes when res/err are set.
type flight struct {
	waiters int // requests waiting for it (tests watch it)
	done    chan struct{}
	res     *Result
	err     error
}

// scopeUse remembers an account of a scope and when it was last used,
// for the warm-up.
type scopeUse struct {
	acct Account
	used uint64
}

func newResultCache(life context.Context, be Backend) *resultCache {
	src, _ := be.(Source)
	return &resultCache{be: be, src: src, life: life, entries: map[string]*cached{},
		flights: map[string]*flight{}, scopes: map[string]scopeUse{}}
}

// Query implements querier.
func (c *resultCache) Query(ctx context.Context, acct Account, stmt string) (*Result, error) {
	return c.Derived(ctx, acct, stmt, func(ctx context.Context) (*Result, error) { return c.be.Query(ctx, acct, stmt) })
}

// Derived implements deriver: the result of stmt, computed by compute
// (which runs as acct) when the cache lacks it, and kept like a
// statement's.
func (c *resultCache) Derived(ctx context.Context, acct Account, stmt string, compute func(context.Context) (*Result, error)) (*Result, error) {
	if c.src == nil {
		return compute(ctx)
	}
	scope, err := c.src.Scope(ctx, acct)
	if err != nil {
		return compute(ctx)
	}
	ver := c.src.DataVersion()
	key := scope + "\x00" + stmt
	c.mu.Lock()
	c.syncVersion(ver)
	c.clock++
	c.scopes[scope] = scopeUse{acct: acct, used: c.clock}
	if e := c.entries[key]; e != nil {
		e.used = c.clock
		c.mu.Unlock()
		noteOf(ctx).hit()
		return e.res, nil
	}
	noteOf(ctx).miss()
	f := c.flights[key]
	if f == nil {
		f = &flight{done: make(chan struct{})}
		c.flights[key] = f
		// Detached from the request: when its browser goes away the
		// others waiting for it (and the cache) still get the result.
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		stop := context.AfterFunc(c.life, cancel)
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			defer cancel()
			defer stop()
			c.fly(fctx, key, ver, compute, f)
		}()
	}
	f.waiters++
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.res, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// cacheNote counts a request's statements answered from the cache
// (hits) and computed (misses, including those that waited for another
// request's computation), for the X-Cohortdb-Cache header.
type cacheNote struct {
	mu           sync.Mutex
	hits, misses int
}

type noteKey struct{}

func withNote(ctx context.Context) (context.Context, *cacheNote) {
	n := &cacheNote{}
	return context.WithValue(ctx, noteKey{}, n), n
}

func noteOf(ctx context.Context) *cacheNote {
	n, _ := ctx.Value(noteKey{}).(*cacheNote)
	return n
}

func (n *cacheNote) hit() {
	if n != nil {
		n.mu.Lock()
		n.hits++
		n.mu.Unlock()
	}
}

func (n *cacheNote) miss() {
	if n != nil {
		n.mu.Lock()
		n.misses++
		n.mu.Unlock()
	}
}

// header is the X-Cohortdb-Cache value: hit when every statement of the
// request came from the cache, else miss.
func (n *cacheNote) header() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.hits > 0 && n.misses == 0 {
		return "hit"
	}
	return "miss"
}

// fly computes a result and keeps it if the data did not change
// meanwhile.
func (c *resultCache) fly(ctx context.Context, key, ver string, compute func(context.Context) (*Result, error), f *flight) {
	f.res, f.err = compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	if f.err == nil && c.version == ver {
		c.put(key, f.res)
	}
	close(f.done)
}

// syncVersion drops everything computed at an older version. Running
// flights finish for their waiters but are not kept.
func (c *resultCache) syncVersion(ver string) {
	if ver == c.version {
		return
	}
	c.version = ver
	c.entries = map[string]*cached{}
	c.flights = map[string]*flight{}
	c.size = 0
}

// put keeps res, evicting the least recently used results over the bound.
func (c *resultCache) put(key string, res *Result) {
	n := resultSize(res)
	if n > cacheBytes/4 {
		return
	}
	c.clock++
	c.entries[key] = &cached{res: res, size: n, used: c.clock}
	c.size += n
	if c.size <= cacheBytes {
		return
	}
	keys := make([]string, 0, len(c.entries))
	for k := range c.entries {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return c.entries[keys[i]].used < c.entries[keys[j]].used })
	for _, k := range keys {
		if c.size <= cacheBytes*3/4 {
			break
		}
		c.size -= c.entries[k].size
		delete(c.entries, k)
	}
}

// resultSize estimates the memory of res.
func resultSize(res *Result) int64 {
	n := int64(64 + 48*len(res.Columns))
	for _, row := range res.Rows {
		n += int64(24 + 8*len(row))
		for _, v := range row {
			if v != nil {
				n += int64(16 + len(*v))
			}
		}
	}
	return n
}

// warmAccounts lists one account per scope to warm: the scopes used most
// recently first, then the Source's accounts, at most maxScopes.
func (c *resultCache) warmAccounts(ctx context.Context) []Account {
	c.mu.Lock()
	uses := make([]scopeUse, 0, len(c.scopes))
	for _, u := range c.scopes {
		uses = append(uses, u)
	}
	c.mu.Unlock()
	sort.Slice(uses, func(i, j int) bool { return uses[i].used > uses[j].used })
	out := make([]Account, 0, maxScopes)
	seen := map[string]bool{}
	add := func(a Account) {
		if len(out) >= maxScopes {
			return
		}
		if scope, err := c.src.Scope(ctx, a); err == nil && !seen[scope] {
			seen[scope] = true
			out = append(out, a)
		}
	}
	for _, u := range uses {
		add(u.acct)
	}
	for _, a := range c.src.WarmAccounts() {
		add(a)
	}
	return out
}

// waitersAtLeast reports whether some running statement has n requests
// waiting for it (for tests).
func (c *resultCache) waitersAtLeast(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.flights {
		if f.waiters >= n {
			return true
		}
	}
	return false
}
