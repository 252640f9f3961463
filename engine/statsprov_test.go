package engine

import (
	"context"
	"fmt"
	"strings"
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

// TestPlannerRowCountFollowsWritesAfterAnalyze: after ANALYZE TABLE the
// planner still costs a join with each table's live row count. GMS's
// catalog prefers the analysed count to the table's, so a table that
// grew from 10 to 1,000 rows after ANALYZE was still costed as 10 rows:
// the join's estimate stayed at 12 rows, and its hash table was built on
// the grown table.
func TestPlannerRowCountFollowsWritesAfterAnalyze(t *testing.T) {
	d := newTestDB(t)
	d.exec("SET " + VectorizeVariable + " = 0") // GMS's plan, with its estimates
	d.exec("CREATE TABLE a (id INT PRIMARY KEY, v INT)")
	d.exec("CREATE TABLE b (id INT PRIMARY KEY, aid INT)")
	d.insertSeq("a", 2, 100)
	d.insertSeq("b", 2, 10)
	for _, tbl := range []string{"a", "b"} {
		if msgs, err := d.e.AnalyzeTable(d.ctx(), "db", tbl); err != nil || msgs[0].Text != "OK" {
			t.Fatalf("ANALYZE TABLE %s: %v %v", tbl, msgs, err)
		}
	}
	// plan is the join's estimate and the table its hash table is built on.
	plan := func() (estimate, built string) {
		var lines []string
		for _, r := range d.exec("EXPLAIN FORMAT=estimates SELECT * FROM a JOIN b ON a.v = b.aid") {
			lines = append(lines, strings.Split(r[0].(string), "\n")...)
		}
		for i, l := range lines {
			if _, est, ok := strings.Cut(l, "HashJoin (estimated "); ok {
				estimate = est[strings.Index(est, "rows="):]
			}
			if strings.Contains(l, "HashLookup") && i+4 < len(lines) {
				built = strings.TrimSpace(lines[i+4])
			}
		}
		return estimate, built
	}
	if est, built := plan(); est != "rows=12)" || built != "├─ name: b" {
		t.Fatalf("after ANALYZE of a (100 rows) and b (10): %s, hash table %q", est, built)
	}
	var vals []string
	for i := 10; i < 1000; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d)", i, i))
	}
	d.exec("INSERT INTO b VALUES " + strings.Join(vals, ","))
	// 100 × 1,000 rows over 800 distinct keys (GMS's guess without them).
	if est, built := plan(); est != "rows=125)" || built != "├─ name: a" {
		t.Errorf("after b grew to 1,000 rows: %s, hash table %q; want rows=125) built on a", est, built)
	}
}
