package engine

import (
	"context"
	"sync"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// TestAnalyzeWhilePlanning: ANALYZE TABLE replaces a table's statistics
// while other sessions' planners read them (GetStats, RowCount), as
// every costed join does. GMS's own store of them, a Go map without a
// lock, ends the process with "concurrent map read and map write".
func TestAnalyzeWhilePlanning(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
	d.exec("CREATE TABLE tx (id INT PRIMARY KEY)")
	d.exec("CREATE TABLE e (id INT PRIMARY KEY)")
	d.exec("INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)")
	d.exec("INSERT INTO tx VALUES (1)")
	session := func() *sql.Context {
		ctx := d.e.NewContext(context.Background())
		ctx.SetCurrentDatabase("db")
		return ctx
	}
	cat := d.e.SQL().Analyzer.Catalog
	tbl, _, err := cat.Table(session(), "db", "t")
	if err != nil {
		t.Fatal(err)
	}
	qual := sql.NewStatQualifier("db", "", "t", "primary")
	const rounds = 300
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := session()
			for range rounds * 20 {
				cat.GetStats(ctx, qual, []string{"id"})
				if _, err := cat.RowCount(ctx, "db", tbl); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	ctx := session()
	for range rounds {
		if msgs, err := d.e.AnalyzeTable(ctx, "db", "t"); err != nil || len(msgs) != 1 || msgs[0] != (OptimizeMessage{"status", "OK"}) {
			t.Fatalf("ANALYZE TABLE t: %v %v", msgs, err)
		}
	}
	wg.Wait()
	if s, ok := cat.GetStats(ctx, qual, []string{"id"}); !ok || s.RowCount() != 3 {
		t.Fatalf("statistics of t: %v %v", s, ok)
	}
	// Table t's statistics are its own: GMS's store matched by name
	// prefix and gave it tx's too.
	if msgs, err := d.e.AnalyzeTable(ctx, "db", "tx"); err != nil || msgs[0].Text != "OK" {
		t.Fatalf("ANALYZE TABLE tx: %v %v", msgs, err)
	}
	if stats, _ := cat.GetTableStats(ctx, "db", tbl); len(stats) != 1 || stats[0].Qualifier().Table() != "t" {
		t.Fatalf("statistics of t: %v", stats)
	}
	// An empty table is analyzed (it has no statistics), not a panic.
	if msgs, err := d.e.AnalyzeTable(ctx, "db", "e"); err != nil || len(msgs) != 1 || msgs[0] != (OptimizeMessage{"status", "OK"}) {
		t.Fatalf("ANALYZE TABLE of an empty table: %v %v", msgs, err)
	}
}
