package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// splitByDay writes the orders of a generated shop as days CSV files in
// time order (a shop's nightly exports) and returns their paths.
func splitByDay(t *testing.T, src string, days int) []string {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, lines := recs[0], recs[1:]
	at := slices.Index(header, "ordered_at")
	slices.SortStableFunc(lines, func(a, b []string) int { return strings.Compare(a[at], b[at]) })
	var paths []string
	per := (len(lines) + days - 1) / days
	for i := 0; i < len(lines); i += per {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("orders-%02d.csv", len(paths)))
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(out)
		w.Write(header)
		w.WriteAll(lines[i:min(i+per, len(lines))])
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// TestOptimizeDailyOrders: a shop whose orders arrive as daily files in
// time order; OPTIMIZE TABLE over the wire answers as MySQL does, leaves
// every per-customer answer (vectorised or not) as it was, records itself
// in compaction_history, and the compacted table survives a restart.
func TestOptimizeDailyOrders(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	db := s.root(t, "shop")
	dir := t.TempDir()
	if _, err := gen.Generate(dir, gen.Config{Customers: 1500, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	for table, cols := range map[string][]string{"customers": gen.CustomerColumns, "products": gen.ProductColumns,
		"fx_rates": gen.FxRateColumns} {
		if err := loadDataLocal(db, table, filepath.Join(dir, table+".csv"), cols); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range splitByDay(t, filepath.Join(dir, "orders.csv"), 10) {
		if err := loadDataLocal(db, "orders", path, gen.OrderColumns); err != nil {
			t.Fatal(err)
		}
	}
	conn := s2conn(t, db, "shop")
	answers := func() []string {
		var out []string
		for _, v := range []string{"1", "0"} {
			if _, err := conn.ExecContext(context.Background(), "SET cohortdb_vectorize = "+v); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				"SELECT customer_id, COUNT(*), SUM(amount), MIN(ordered_at), MAX(ordered_at) FROM orders GROUP BY customer_id",
				"SELECT c.country, COUNT(DISTINCT o.customer_id) FROM orders o JOIN customers c ON o.customer_id = c.customer_id WHERE o.status = 'valid' GROUP BY c.country",
				"SELECT customer_id, r, f, m, segment FROM rfm()",
			} {
				got := cells(t, connQ{conn}, q)
				sortCells(got)
				out = append(out, fmt.Sprint(got))
			}
		}
		return out
	}
	before := answers()

	got := cells(t, db, "OPTIMIZE TABLE orders")
	if len(got) != 2 || fmt.Sprint(got[1]) != "[shop.orders optimize status OK]" || got[0][2] != "note" ||
		!strings.Contains(got[0][3], "sorted by (customer_id, ordered_at)") {
		t.Fatalf("OPTIMIZE TABLE orders: %v", got)
	}
	if fmt.Sprint(before) != fmt.Sprint(answers()) {
		t.Fatal("answers changed by OPTIMIZE TABLE")
	}
	if got := cells(t, db, "OPTIMIZE TABLE shop.orders, nosuch"); fmt.Sprint(got) !=
		"[[shop.orders optimize status Table is already up to date] [shop.nosuch optimize Error Table 'shop.nosuch' doesn't exist] [shop.nosuch optimize status Operation failed]]" {
		t.Fatalf("second OPTIMIZE: %v", got)
	}
	_, err := db.Exec("OPTIMIZE orders")
	wantErrNum(t, err, 1064, "OPTIMIZE without TABLE")
	if got := cells(t, db, "SELECT `table`, reason, status, segments_before FROM compaction_history ORDER BY id"); fmt.Sprint(got) !=
		"[[orders optimize ok 10] [orders optimize nothing to do 1]]" {
		t.Fatalf("compaction_history: %v", got)
	}

	mustExec(t, db, "CREATE USER ana IDENTIFIED BY 'x'")
	mustExec(t, db, "GRANT SELECT ON shop.* TO ana")
	// As in MySQL, the statement is refused (not a row of its result).
	_, err = s.open(t, "ana", "x", "shop").Exec("OPTIMIZE TABLE orders")
	wantErrNum(t, err, 1142, "OPTIMIZE without INSERT privilege")
	if !strings.Contains(err.Error(), "INSERT command denied to user 'ana'@'%' for table 'orders'") {
		t.Fatalf("OPTIMIZE without INSERT privilege: %v", err)
	}

	s.stop(t)
	s.restart(t)
	db = s.root(t, "shop")
	conn = s2conn(t, db, "shop")
	if fmt.Sprint(before) != fmt.Sprint(answers()) {
		t.Fatal("answers changed by a restart after OPTIMIZE TABLE")
	}
}
