package main

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// TestBitmapIndexesOverTheWire: on generated customers, filters answered
// by bitmap indexes return what a plain scan returns (random filters),
// EXPLAIN shows the index, an indexed COUNT(*) decodes no column chunk,
// and indexes survive a SIGKILL.
func TestBitmapIndexesOverTheWire(t *testing.T) {
	t.Parallel()
	csvDir, _ := genShop(t, 3000)
	dataDir := filepath.Join(t.TempDir(), "data")
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--file", filepath.Join(csvDir, "customers.csv")); code != 0 {
		t.Fatalf("import: %d\n%s", code, out)
	}
	s := startServer(t, serverOptions{DataDir: dataDir})
	db := s.root(t, "shop")
	mustExec(t, db, "CREATE INDEX idx_country ON customers (country) USING BITMAP")
	mustExec(t, db, "CREATE INDEX idx_source ON customers (source)")
	mustExec(t, db, "CREATE INDEX idx_gender ON customers (gender)")
	mustExec(t, db, "INSERT INTO customers (customer_id, country, source, gender, signup_at) VALUES (900001, 'DE', 'organic', 'F', '2026-01-01')")
	s.kill(t)
	s.restart(t)
	db = s.root(t, "shop")

	plan := strings.Join(rowsText(t, db, "EXPLAIN PLAN SELECT customer_id FROM customers WHERE country = 'DE'"), "\n")
	if !strings.Contains(plan, "IndexedTableAccess") || !strings.Contains(plan, "customers.country") {
		t.Fatalf("EXPLAIN does not show the bitmap index:\n%s", plan)
	}
	before := counters(t, db)
	n := queryInt(t, db, "SELECT COUNT(*) FROM customers WHERE country = 'DE'")
	if d := delta(before, counters(t, db), "chunks_decoded"); d != 0 {
		t.Fatalf("indexed COUNT(*) decoded %d column chunks", d)
	}
	if want := queryInt(t, db, "SELECT COUNT(*) FROM customers WHERE CONCAT(country, '') = 'DE'"); n != want {
		t.Fatalf("indexed count %d, scan count %d", n, want)
	}

	values := map[string][]string{
		"country": {"DE", "FR", "GB", "NL", "PL", "US", "XX"},
		"source":  {"organic", "newsletter", "facebook", "google_ads", "referral", "marketplace"},
		"gender":  {"F", "M", "U"},
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 40; trial++ {
		var conds, plain []string
		for col, vals := range values {
			if rng.IntN(2) == 0 {
				continue
			}
			k := 1 + rng.IntN(3)
			var picked []string
			for i := 0; i < k; i++ {
				picked = append(picked, "'"+vals[rng.IntN(len(vals))]+"'")
			}
			conds = append(conds, fmt.Sprintf("%s IN (%s)", col, strings.Join(picked, ",")))
			plain = append(plain, fmt.Sprintf("CONCAT(%s, '') IN (%s)", col, strings.Join(picked, ",")))
		}
		if len(conds) == 0 {
			continue
		}
		q := "SELECT COUNT(*), CAST(COALESCE(SUM(customer_id), 0) AS SIGNED) FROM customers WHERE "
		got := rowsText(t, db, q+strings.Join(conds, " AND "))
		want := rowsText(t, db, q+strings.Join(plain, " AND "))
		if got[0] != want[0] {
			t.Fatalf("%s: indexed %s, scan %s", strings.Join(conds, " AND "), got[0], want[0])
		}
	}
}
