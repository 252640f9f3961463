package engine

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/engine/ingest"
)

// dailyShop is a shop whose orders came as six daily loads in time order
// (unsorted: compaction has work), and the orders as a query reads them.
func dailyShop(t *testing.T) (*testDB, string) {
	d := newShopDB(t)
	var orders bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Orders: &orders}, gen.Config{Customers: 600, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	for _, day := range dailyFiles(t, orders.Bytes(), 6) {
		d.load("orders", day)
	}
	return d, normRows(d.exec("SELECT * FROM orders ORDER BY order_id, line_no"))
}

// TestCompactionWithinMemoryBudget: compaction charges the server-wide
// budget. OPTIMIZE TABLE charges its statement's account; background
// compaction an account on the pool SetMemoryPool gave. A budget just
// under what the full merge needs makes it work in smaller pieces — it
// completes, never holds more than the budget and the data is intact; a
// budget that admits no merge at all leaves the table as it was.
func TestCompactionWithinMemoryBudget(t *testing.T) {
	full, want := dailyShop(t)
	acct := membudget.NewPool(0).NewAccount(0)
	ctx := full.ctx()
	ctx = ctx.WithContext(membudget.NewContext(ctx.Context, acct))
	if msgs, err := full.e.OptimizeTable(ctx, "shop", "orders"); err != nil || msgs[len(msgs)-1].Text != "OK" {
		t.Fatalf("OPTIMIZE TABLE: %v %v", msgs, err)
	}
	need := acct.Peak() // the merge at the default fan-in
	if need == 0 || acct.Used() != 0 {
		t.Fatalf("OPTIMIZE TABLE charged %d bytes at most, holds %d", need, acct.Used())
	}

	d, _ := dailyShop(t)
	tiny := membudget.NewPool(1 << 10)
	d.e.SetMemoryPool(tiny)
	cfg := CompactorConfig{Interval: 1} // no wait for memory
	if n := d.e.CompactNeeded(context.Background(), cfg); n != 0 {
		t.Fatalf("compacted %d tables within %d bytes", n, tiny.Limit())
	}
	orders, _ := d.store.Table("shop", "orders")
	if l := orders.Layout(); l.Unsorted == 0 || tiny.Used() != 0 {
		t.Fatalf("layout %+v after a refused compaction, %d bytes held", l, tiny.Used())
	}
	d.check(step{q: "SELECT `table`, status FROM compaction_history", want: rows(r("orders", "failed"))})

	pool := membudget.NewPool(need - 1)
	d.e.SetMemoryPool(pool)
	peak := int64(0)
	cfg.pauseHook = func() { peak = max(peak, pool.Used()) }
	if n := d.e.CompactNeeded(context.Background(), cfg); n != 1 {
		t.Fatalf("compacted %d tables within %d bytes, want 1", n, pool.Limit())
	}
	if l := orders.Layout(); l.Unsorted != 0 || l.Runs != 1 || peak == 0 || peak > pool.Limit() || pool.Used() != 0 {
		t.Fatalf("layout %+v; held %d at most of %d, %d after", l, peak, pool.Limit(), pool.Used())
	}
	if got := normRows(d.exec("SELECT * FROM orders ORDER BY order_id, line_no")); got != want {
		t.Fatal("orders changed by compaction")
	}
}

// TestStatementsRunning: background compaction sees other statements in
// the process list, not itself.
func TestStatementsRunning(t *testing.T) {
	d := newShopDB(t)
	pl := d.e.SQL().ProcessList
	if d.e.statementsRunning() {
		t.Fatal("statements running on an idle engine")
	}
	for _, id := range []uint32{CompactorConnID, 7} {
		base := sql.NewBaseSessionWithClientServer("", sql.Client{User: "u", Address: "localhost"}, id)
		ctx := sql.NewContext(context.Background(), sql.WithSession(NewSession(base, d.store)), sql.WithProcessList(pl))
		pl.AddConnection(id, "")
		pl.ConnectionReady(ctx.Session)
		qctx, err := pl.BeginQuery(ctx, "SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		if got := d.e.statementsRunning(); got != (id != CompactorConnID) {
			t.Fatalf("connection %d running a statement: statementsRunning %v", id, got)
		}
		pl.EndQuery(qctx)
		pl.RemoveConnection(id)
	}
}

// TestRestAfter: background compaction takes its idle share of the time
// (half by default) while the server is idle and a quarter while
// statements run.
func TestRestAfter(t *testing.T) {
	cfg := CompactorConfig{}.withDefaults()
	for _, tc := range []struct {
		busy bool
		want time.Duration
	}{{false, 100 * time.Millisecond}, {true, 300 * time.Millisecond}} {
		if got := restAfter(100*time.Millisecond, cfg.Duty, cfg.BusyDuty, tc.busy); got.Round(time.Millisecond) != tc.want {
			t.Errorf("busy %v: rest %v after 100ms of work, want %v", tc.busy, got, tc.want)
		}
	}
}

// TestLoadWithinMemoryBudget: a load charges its statement's account
// (and so the server's pool) for its buffers: past the budget it fails
// with the memory error and stores nothing; within it, it gives the
// memory back when it commits.
func TestLoadWithinMemoryBudget(t *testing.T) {
	d := newShopDB(t)
	var cust bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust}, gen.Config{Customers: 3000, Seed: 8}); err != nil {
		t.Fatal(err)
	}
	loadWith := func(pool *membudget.Pool) (*membudget.Account, error) {
		acct := pool.NewAccount(0)
		ctx := d.ctx()
		ctx = ctx.WithContext(membudget.NewContext(ctx.Context, acct))
		_, err := d.e.Load(ctx, LoadRequest{DB: "shop", Table: "customers", Source: "customers.csv",
			Options: ingest.Options{Format: ingest.CSV, Header: true}}, bytes.NewReader(cust.Bytes()))
		return acct, err
	}
	if _, err := loadWith(membudget.NewPool(64 << 10)); !errors.Is(err, membudget.ErrExceeded) {
		t.Fatalf("load of 3000 customers within 64 KiB: %v", err)
	}
	d.check(step{q: "SELECT COUNT(*) FROM customers", want: rows(r(int64(0)))})
	pool := membudget.NewPool(0)
	acct, err := loadWith(pool)
	if err != nil {
		t.Fatal(err)
	}
	if acct.Peak() == 0 || pool.Used() != 0 {
		t.Fatalf("the load charged %d at most and holds %d after it", acct.Peak(), pool.Used())
	}
	d.check(step{q: "SELECT COUNT(*) FROM customers", want: rows(r(int64(3000)))})
}
