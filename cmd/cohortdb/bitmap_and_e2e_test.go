package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bitmapAndColumns are the bitmap-indexed columns of orders in
// TestBitmapAndOverTheWire, with their index names.
var bitmapAndColumns = map[string]string{
	"status":   "ix_status",
	"channel":  "ix_channel",
	"currency": "ix_currency",
	"store_id": "ix_store",
}

// TestBitmapAndOverTheWire: on generated orders with four bitmap indexes,
// filters on two or three indexed columns (equality, IN, OR of
// equalities, now and then an OR across columns) return the rows and
// counts the same query returns on an unindexed copy of the table;
// EXPLAIN names every index a conjunction uses, and COUNT(*) under an
// AND of indexed conditions decodes no column chunk.
func TestBitmapAndOverTheWire(t *testing.T) {
	t.Parallel()
	csvDir, _ := genShop(t, 2000)
	dataDir := filepath.Join(t.TempDir(), "data")
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--file", filepath.Join(csvDir, "orders.csv")); code != 0 {
		t.Fatalf("import: %d\n%s", code, out)
	}
	s := startServer(t, serverOptions{DataDir: dataDir})
	db := s.root(t, "shop")
	// The copy is made before the indexes exist, so it has none.
	mustExec(t, db, "CREATE TABLE orders_plain AS SELECT order_id, line_no, status, channel, currency, store_id FROM orders")
	for col, ix := range bitmapAndColumns {
		mustExec(t, db, fmt.Sprintf("CREATE INDEX %s ON orders (%s) USING BITMAP", ix, col))
	}
	// Rows in the write buffer, and deleted rows, in both tables.
	mustExec(t, db, "INSERT INTO orders (order_id, line_no, status, channel, currency, store_id, customer_id, ordered_at, product_id, quantity, unit_price, amount) VALUES "+
		"(990001, 1, 'valid', 'store', 'EUR', 1, 1, '2026-01-01', 1, 1, 1, 1), (990002, 1, 'returned', 'web', 'GBP', NULL, 1, '2026-01-01', 1, 1, 1, 1), "+
		"(990003, 1, 'valid', NULL, 'EUR', 2, 1, '2026-01-01', 1, 1, 1, 1)")
	mustExec(t, db, "INSERT INTO orders_plain (order_id, line_no, status, channel, currency, store_id) VALUES "+
		"(990001, 1, 'valid', 'store', 'EUR', 1), (990002, 1, 'returned', 'web', 'GBP', NULL), (990003, 1, 'valid', NULL, 'EUR', 2)")
	for _, tb := range []string{"orders", "orders_plain"} {
		mustExec(t, db, "DELETE FROM "+tb+" WHERE order_id % 29 = 0")
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM orders_plain"); n != queryInt(t, db, "SELECT COUNT(*) FROM orders") || n < 1000 {
		t.Fatalf("orders_plain has %d rows", n)
	}
	values := bitmapAndValues(t, db)

	where := "status = 'valid' AND channel IN ('web', 'app') AND currency = 'EUR'"
	checkBitmapExplain(t, db, where, "ix_status", "ix_channel", "ix_currency")
	checkNoDecode(t, db, where)

	rng := rand.New(rand.NewPCG(17, 3))
	for trial := 0; trial < 60; trial++ {
		where, crossOr := randomOrdersFilter(rng, values)
		count := "SELECT COUNT(*) FROM %s WHERE " + where
		before := counters(t, db)
		got := queryInt(t, db, fmt.Sprintf(count, "orders"))
		if d := delta(before, counters(t, db), "chunks_decoded"); !crossOr && d != 0 {
			t.Errorf("%s: COUNT(*) decoded %d column chunks, want 0", where, d)
		}
		if want := queryInt(t, db, fmt.Sprintf(count, "orders_plain")); got != want {
			t.Fatalf("%s: indexed count %d, unindexed %d", where, got, want)
		}
		list := "SELECT order_id, line_no, status, channel, currency, store_id FROM %s WHERE " + where + " ORDER BY order_id, line_no"
		gotRows := rowsText(t, db, fmt.Sprintf(list, "orders"))
		if wantRows := rowsText(t, db, fmt.Sprintf(list, "orders_plain")); !slices.Equal(gotRows, wantRows) {
			t.Fatalf("%s: indexed rows differ from unindexed (%d vs %d rows)", where, len(gotRows), len(wantRows))
		}
	}
}

// bitmapAndValues returns, per indexed column, its distinct values as SQL
// literals plus one that occurs nowhere.
func bitmapAndValues(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for col := range bitmapAndColumns {
		for _, v := range rowsText(t, db, fmt.Sprintf("SELECT DISTINCT %s FROM orders WHERE %s IS NOT NULL LIMIT 8", col, col)) {
			if col == "store_id" {
				out[col] = append(out[col], v)
			} else {
				out[col] = append(out[col], "'"+v+"'")
			}
		}
		if len(out[col]) == 0 {
			t.Fatalf("no values in orders.%s", col)
		}
		if col == "store_id" {
			out[col] = append(out[col], "987654")
		} else {
			out[col] = append(out[col], "'none'")
		}
	}
	return out
}

// checkBitmapExplain: one node of the plan names every index.
func checkBitmapExplain(t *testing.T, db *sql.DB, where string, indexes ...string) {
	t.Helper()
	plan := strings.Join(rowsText(t, db, "EXPLAIN PLAN SELECT order_id FROM orders WHERE "+where), "\n")
	if !strings.Contains(plan, "IndexedTableAccess(orders)") {
		t.Errorf("EXPLAIN shows no index access:\n%s", plan)
	}
	for _, ix := range indexes {
		if !strings.Contains(plan, "[bitmap index "+ix+"]") {
			t.Errorf("EXPLAIN does not show bitmap index %s:\n%s", ix, plan)
		}
	}
	if strings.Contains(plan, "Filter") {
		t.Errorf("EXPLAIN keeps a row filter for conditions the indexes answer:\n%s", plan)
	}
}

// checkNoDecode: COUNT(*) under the filter reads index chunks only, while
// the same count through a non-indexable filter decodes columns.
func checkNoDecode(t *testing.T, db *sql.DB, where string) {
	t.Helper()
	before := counters(t, db)
	n := queryInt(t, db, "SELECT COUNT(*) FROM orders WHERE "+where)
	after := counters(t, db)
	if d := delta(before, after, "chunks_decoded"); d != 0 {
		t.Errorf("indexed COUNT(*) decoded %d column chunks, want 0", d)
	}
	plain := strings.NewReplacer("status", "CONCAT(status, '')", "channel", "CONCAT(channel, '')", "currency", "CONCAT(currency, '')").Replace(where)
	if want := queryInt(t, db, "SELECT COUNT(*) FROM orders WHERE "+plain); n != want || n == 0 {
		t.Errorf("indexed count %d, scan count %d", n, want)
	}
	if d := delta(after, counters(t, db), "chunks_decoded"); d == 0 {
		t.Errorf("the scan decoded no chunk: chunks_decoded does not count decodes")
	}
}

// randomOrdersFilter returns a conjunction over two or three indexed
// columns of orders, and whether it holds an OR across columns.
func randomOrdersFilter(rng *rand.Rand, values map[string][]string) (string, bool) {
	cols := []string{"channel", "currency", "status", "store_id"}
	rng.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	cols = cols[:2+rng.IntN(2)]
	leaf := func(col string) string {
		vs := values[col]
		pick := func() string { return vs[rng.IntN(len(vs))] }
		switch rng.IntN(3) {
		case 0:
			return col + " = " + pick()
		case 1:
			return fmt.Sprintf("%s IN (%s, %s)", col, pick(), pick())
		}
		return fmt.Sprintf("(%s = %s OR %s = %s)", col, pick(), col, pick())
	}
	var conds []string
	for _, c := range cols {
		conds = append(conds, leaf(c))
	}
	crossOr := rng.IntN(5) == 0
	if crossOr {
		conds[0] = "(" + conds[0] + " OR " + leaf(cols[1]) + ")"
	}
	return strings.Join(conds, " AND "), crossOr
}
