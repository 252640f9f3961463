package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// TestCurrencyConversionMatchesSQL loads a generated shop in its seven
// currencies with the generator's rates, and the same orders converted
// into EUR beforehand (exact decimals, convertOrdersCSV) into database
// conv: every analytics function's money must equal plain SQL sums over
// the converted copy. Without conversion Swedish buyers (prices ×11 in
// SEK) were nearly all "very high" value against few German ones. CLV
// and uplift are the same on both databases. A
// currency without a rate is an error naming it, and a data_quality()
// finding.
func TestCurrencyConversionMatchesSQL(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	dir := t.TempDir()
	if _, err := gen.Generate(dir, gen.Config{Customers: 800, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	load := func(dbName, table, path string, cols []string) {
		mustExec(t, db, fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE %s.%s FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' IGNORE 1 LINES (%s)",
			path, dbName, table, strings.Join(cols, ", ")))
	}
	for table, cols := range map[string][]string{"customers": gen.CustomerColumns, "orders": gen.OrderColumns, "fx_rates": gen.FxRateColumns} {
		load("shop", table, filepath.Join(dir, table+".csv"), cols)
	}
	b, err := os.ReadFile(filepath.Join(dir, gen.OrdersFile))
	if err != nil {
		t.Fatal(err)
	}
	conv, err := convertOrdersCSV(b, filepath.Join(dir, gen.FxRatesFile))
	if err != nil {
		t.Fatal(err)
	}
	convFile := filepath.Join(dir, "orders_eur.csv")
	if err := os.WriteFile(convFile, conv, 0o644); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "CREATE DATABASE conv")
	mustExec(t, db, "CREATE TABLE conv.orders LIKE shop.orders")
	load("conv", "orders", convFile, gen.OrderColumns)

	var currencies int
	if err := db.QueryRow("SELECT COUNT(DISTINCT currency) FROM orders").Scan(&currencies); err != nil || currencies != 7 {
		t.Fatalf("generated orders in %d currencies (%v), want 7", currencies, err)
	}
	perCustomer := `SELECT customer_id, SUM(amount) FROM conv.orders WHERE status = 'valid' GROUP BY customer_id ORDER BY customer_id`
	for _, c := range []struct{ what, got, want string }{
		{"rfm monetary", "SELECT customer_id, monetary FROM rfm() ORDER BY customer_id", perCustomer},
		{"lifecycle revenue", "SELECT customer_id, revenue FROM lifecycle() WHERE orders > 0 ORDER BY customer_id", perCustomer},
		{"snapshot total_clv", "SELECT total_clv FROM customer_snapshot('all')", "SELECT SUM(amount) FROM conv.orders WHERE status = 'valid'"},
		{"top_products revenue", "SELECT item, revenue FROM top_products('product') ORDER BY item",
			"SELECT CAST(product_id AS CHAR), SUM(amount) FROM conv.orders WHERE status = 'valid' GROUP BY product_id ORDER BY CAST(product_id AS CHAR)"},
	} {
		sameTable(t, c.what, cells(t, db, c.got), cells(t, db, c.want))
	}

	// Value tiers are comparable across countries once converted.
	share := func(country string) float64 {
		row := cells(t, db, `SELECT SUM(l.value_tier = 'very high') / COUNT(*) FROM lifecycle() l
			JOIN customers c ON c.customer_id = l.customer_id WHERE l.orders > 0 AND c.country = '`+country+`'`)
		v, _ := strconv.ParseFloat(row[0][0], 64)
		return v
	}
	se, de := share("SE"), share("DE")
	t.Logf("very high value: SE %.3f, DE %.3f", se, de)
	if se > 2*de+0.05 {
		t.Errorf("very high value share SE %.3f against DE %.3f: amounts not converted?", se, de)
	}

	// CLV and uplift add money too: fitted, scored and compared on the
	// shop in seven currencies and on the converted copy, they agree. Each
	// database on a connection of its own (functions read the current
	// database), with the same segment and control group in both.
	var clvRows, upliftRows [2][][]string
	for i, name := range []string{"shop", "conv"} {
		c := s.root(t, name)
		c.SetMaxOpenConns(1)
		for _, q := range []string{
			"SET clv_min_repeat_customers = 10",
			"CALL clv_fit()",
			"CALL create_segment('half', 'SELECT customer_id FROM shop.customers WHERE customer_id % 2 = 0')",
			"CALL create_control_group('half', 30, 7)",
		} {
			mustExec(t, c, q)
		}
		clvRows[i] = cells(t, c, "SELECT customer_id, monetary_value, expected_avg_order_value, predicted_clv, high_value FROM clv()")
		upliftRows[i] = cells(t, c, "SELECT treated_customers, control_customers, treated_revenue_per_customer, "+
			"control_revenue_per_customer, incremental_revenue FROM uplift('half', '2025-07-01', '2026-06-30')")
	}
	if len(clvRows[0]) < 100 {
		t.Fatalf("clv() scored %d customers", len(clvRows[0]))
	}
	sameTable(t, "clv() on the converted copy", clvRows[0], clvRows[1])
	sameTable(t, "uplift() on the converted copy", upliftRows[0], upliftRows[1])

	// No rate: an error naming the currency; data_quality() counts the lines.
	mustExec(t, db, "DELETE FROM fx_rates WHERE currency = 'SEK'")
	for _, q := range []string{"SELECT COUNT(*) FROM rfm()", "SELECT COUNT(*) FROM top_products()", "CALL clv_fit()"} {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "currency SEK") || !strings.Contains(err.Error(), "fx_rates") {
			t.Errorf("%s without SEK rates: %v, want an error naming SEK and fx_rates", q, err)
		}
	}
	sameTable(t, "data_quality no_fx_rate",
		cells(t, db, "SELECT problem_rows FROM data_quality() WHERE check_name = 'no_fx_rate'"),
		cells(t, db, "SELECT COUNT(*) FROM orders WHERE currency = 'SEK'"))

	// The session's reporting currency (any case).
	mustExec(t, db, "DELETE FROM orders WHERE currency = 'SEK'")
	mustExec(t, db, "DELETE FROM conv.orders WHERE customer_id NOT IN (SELECT customer_id FROM orders)")
	mustExec(t, db, "SET reporting_currency = 'eur'")
	sameTable(t, "rfm monetary, reporting_currency set", cells(t, db, "SELECT SUM(monetary) FROM rfm()"),
		cells(t, db, "SELECT SUM(amount) FROM conv.orders WHERE status = 'valid'"))
}
