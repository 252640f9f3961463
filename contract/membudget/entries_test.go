package membudget

import (
	"context"
	"errors"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// GMS's caches, made by the memory manager of a context from
// NewSQLContext, charge each entry to the statement's account: at
// EntryBytes in the base scope, at a scope's size inside it, nothing in a
// scope of size 0. Past the limit GMS's Put fails with
// ErrNoMemoryAvailable and the account keeps the refusal.
func TestEntriesChargeGMSCaches(t *testing.T) {
	tests := []struct {
		name     string
		limit    int64
		scope    int64 // < 0: the base scope
		puts     int
		wantErr  bool
		wantUsed int64 // the account's Used, rounded up to TallyChunk
	}{
		{"base scope", 0, -1, 1000, false, TallyChunk},
		{"base scope past a chunk", 0, -1, TallyChunk/EntryBytes + 1, false, 2 * TallyChunk},
		{"a group's scope", 0, 224, 2000, false, 2 * TallyChunk},
		{"scope charging nothing", 0, 0, 100000, false, 0},
		// 1 KiB holds 21 entries of 48 bytes; the 22nd is refused.
		{"past the limit", 1024, -1, 22, true, 21 * EntryBytes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := NewPool(0).NewAccount(tc.limit)
			ctx := NewSQLContext(NewContext(context.Background(), a))
			e := EntriesFromContext(ctx)
			if e == nil {
				t.Fatal("no Entries in the statement's context")
			}
			if tc.scope >= 0 {
				defer e.Leave(e.Enter(NewScope(tc.scope)))
			}
			cache, dispose := ctx.Memory.NewHistoryCache()
			defer dispose()
			var err error
			for i := 0; i < tc.puts && err == nil; i++ {
				err = cache.Put(uint64(i), struct{}{})
			}
			if (err != nil) != tc.wantErr || (err != nil && !sql.ErrNoMemoryAvailable.Is(err)) {
				t.Fatalf("Put: %v, want ErrNoMemoryAvailable %v", err, tc.wantErr)
			}
			if a.Used() != tc.wantUsed {
				t.Fatalf("account holds %d, want %d", a.Used(), tc.wantUsed)
			}
			if r := a.Refusal(); (r != nil) != tc.wantErr || (r != nil && r.Limit != tc.limit) {
				t.Fatalf("Refusal() = %v, want one of limit %d: %v", r, tc.limit, tc.wantErr)
			}
		})
	}
}

// Free gives back what a scope charged, down to the tally's spare chunk;
// the base scope's charge stays until the account closes.
func TestEntriesFree(t *testing.T) {
	a := NewPool(0).NewAccount(0)
	e := NewEntries(a)
	for i := 0; i < 10; i++ {
		e.UsedMemory() // base scope: 480 bytes
	}
	s := NewScope(1000)
	prev := e.Enter(s)
	for i := 0; i < 1000; i++ { // 1,000,000 bytes: 4 chunks
		e.UsedMemory()
	}
	e.Leave(prev)
	if a.Used() != 4*TallyChunk {
		t.Fatalf("held %d, want %d", a.Used(), 4*TallyChunk)
	}
	e.Free(s)
	if a.Used() != TallyChunk { // 480 bytes used: one chunk held
		t.Fatalf("after Free: held %d, want %d", a.Used(), TallyChunk)
	}
	e.Free(s) // twice: nothing more
	if a.Used() != TallyChunk {
		t.Fatalf("after a second Free: held %d, want %d", a.Used(), TallyChunk)
	}
}

// A context without an account gets GMS's own memory manager and no
// Entries; nil Entries accept every call.
func TestNoEntriesWithoutAccount(t *testing.T) {
	ctx := NewSQLContext(context.Background())
	if e := EntriesFromContext(ctx); e != nil {
		t.Fatalf("Entries without an account: %v", e)
	}
	var e *Entries
	e.Leave(e.Enter(NewScope(10)))
	e.Leave(e.EnterBase())
	e.Free(NewScope(10))
	cache, dispose := ctx.Memory.NewHistoryCache()
	defer dispose()
	if err := cache.Put(1, 1); err != nil {
		t.Fatal(err)
	}
}

// Refusal is the last reservation refused, of either limit.
func TestRefusal(t *testing.T) {
	p := NewPool(100)
	a := p.NewAccount(50)
	if a.Refusal() != nil {
		t.Fatal("refusal before any reservation")
	}
	if err := a.Reserve(60); err == nil {
		t.Fatal("60 bytes fit a 50-byte account")
	}
	b := p.NewAccount(0)
	_ = b.Reserve(90)
	if err := b.Reserve(20); !errors.Is(err, ErrExceeded) {
		t.Fatalf("pool past its limit: %v", err)
	}
	if r := a.Refusal(); r == nil || r.Server || r.Limit != 50 {
		t.Fatalf("a.Refusal() = %#v, want the account's 50", r)
	}
	if r := b.Refusal(); r == nil || !r.Server || r.Limit != 100 {
		t.Fatalf("b.Refusal() = %#v, want the pool's 100", r)
	}
}
