package engine

import (
	"errors"
	"testing"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// TestChunkCacheWithinMemoryBudget (issue 22, "Memory"): the store's
// decoded-chunk cache counts against the server-wide budget SetMemoryPool
// gives. What it caches is charged to the pool, so with a budget smaller
// than the table's decoded chunks it keeps only what fits; and when a
// statement needs memory the pool takes it back from the cache — the
// statement succeeds and the server stays within its budget — until the
// cache is empty, after which the statement is refused as before.
func TestChunkCacheWithinMemoryBudget(t *testing.T) {
	d, want := dailyShop(t)
	const q = "SELECT * FROM orders ORDER BY order_id, line_no"
	read := func(step string) {
		t.Helper()
		if got := normRows(d.exec(q)); got != want {
			t.Fatalf("%s: orders read differently", step)
		}
	}

	unlimited := membudget.NewPool(0)
	d.e.SetMemoryPool(unlimited)
	if d.store.CacheBytes() != 0 {
		t.Fatal("a new budget did not start with an empty cache")
	}
	read("unlimited budget")
	full := d.store.CacheBytes()
	if full == 0 || unlimited.Used() != full {
		t.Fatalf("the cache holds %d bytes, the pool has %d charged", full, unlimited.Used())
	}

	limit := full / 2
	pool := membudget.NewPool(limit)
	d.e.SetMemoryPool(pool)
	if unlimited.Used() != 0 {
		t.Fatalf("the old budget still has %d bytes charged", unlimited.Used())
	}
	within := func(step string) {
		t.Helper()
		if c, u := d.store.CacheBytes(), pool.Used(); u > limit || c == 0 && step == "half the chunks" {
			t.Fatalf("%s: pool holds %d of %d, cache %d", step, u, limit, c)
		}
	}
	read("half the chunks")
	within("half the chunks")
	if d.store.CacheBytes() != pool.Used() {
		t.Fatalf("cache %d bytes, pool %d: the cache's charge is off", d.store.CacheBytes(), pool.Used())
	}

	// A statement needs three quarters of the budget: the cache gives way.
	stmt := pool.NewAccount(0)
	if err := stmt.Reserve(limit * 3 / 4); err != nil {
		t.Fatalf("a statement within the budget was refused while the cache held %d bytes: %v", d.store.CacheBytes(), err)
	}
	within("a statement took three quarters")
	if c := d.store.CacheBytes(); c > limit/4+1 {
		t.Fatalf("the cache holds %d bytes beside a statement of %d in %d", c, stmt.Used(), limit)
	}
	read("beside the statement")
	within("read beside the statement")

	// The whole budget: the cache empties; past it the statement fails.
	stmt.Release(stmt.Used())
	if err := stmt.Reserve(limit); err != nil || d.store.CacheBytes() != 0 {
		t.Fatalf("the whole budget: %v; cache holds %d", err, d.store.CacheBytes())
	}
	read("with the budget taken") // reads still answer, uncached
	if d.store.CacheBytes() != 0 || pool.Used() != limit {
		t.Fatalf("with the budget taken the cache kept %d bytes (pool %d of %d)", d.store.CacheBytes(), pool.Used(), limit)
	}
	var me *membudget.Error
	if err := stmt.Reserve(1); !errors.As(err, &me) || !me.Server {
		t.Fatalf("past the budget: %v, want the server's limit", err)
	}
	stmt.Close()
	read("after the statement")
	within("after the statement")
}
