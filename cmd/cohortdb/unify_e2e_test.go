package main

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// TestUnificationDocExamples runs the ```sql blocks of docs/unification.md
// in order on one connection in database shop, comparing each following
// ```text block (a header line, then rows with cells separated by "|").
func TestUnificationDocExamples(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/unification.md")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	conn := s2conn(t, s.root(t, "shop"), "shop")
	blocks := mdBlocks(string(b))
	ran := 0
	for i, bl := range blocks {
		if bl[0] != "sql" {
			continue
		}
		stmt := strings.TrimSuffix(strings.TrimSpace(bl[1]), ";")
		ran++
		if i+1 >= len(blocks) || blocks[i+1][0] != "text" {
			if _, err := conn.ExecContext(t.Context(), stmt); err != nil {
				t.Fatalf("%s: %v", firstLine(stmt), err)
			}
			continue
		}
		lines := strings.Split(strings.TrimSpace(blocks[i+1][1]), "\n")
		got := docCells(t, conn, stmt)
		if len(got) != len(lines)-1 {
			t.Errorf("%s: %d rows %v, the docs show %d", firstLine(stmt), len(got), got, len(lines)-1)
			continue
		}
		for j, l := range lines[1:] {
			want := strings.Split(l, "|")
			for k := range want {
				want[k] = strings.TrimSpace(want[k])
			}
			if strings.Join(got[j], "|") != strings.Join(want, "|") {
				t.Errorf("%s: row %d is %v, the docs show %v", firstLine(stmt), j, got[j], want)
			}
		}
	}
	if ran < 15 {
		t.Fatalf("only %d examples found", ran)
	}
}

// docCells is cells as the mysql client prints them: DATETIME as
// 'YYYY-MM-DD hh:mm:ss', DATE as 'YYYY-MM-DD'.
func docCells(t *testing.T, conn *sql.Conn, q string) [][]string {
	t.Helper()
	rows, err := conn.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatalf("%s: %v", firstLine(q), err)
	}
	defer rows.Close()
	types, _ := rows.ColumnTypes()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(types))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = driverTime.ReplaceAllString(v.String, "$1 $2")
				if types[i].DatabaseTypeName() == "DATE" {
					row[i] = strings.TrimSuffix(row[i], " 00:00:00")
				}
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", firstLine(q), err)
	}
	return out
}

// readCSVFile reads a generated CSV without its header.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[1:]
}

// pairs returns the unordered pairs of records that groups (record →
// group id, both ids of records) put together, each group including the
// record named by its id.
func pairs(groupOf map[string]string) map[[2]string]bool {
	members := map[string][]string{}
	for rec, g := range groupOf {
		members[g] = append(members[g], rec)
	}
	out := map[[2]string]bool{}
	for g, m := range members {
		m = append(m, g)
		for i := range m {
			for j := range m {
				if m[i] < m[j] {
					out[[2]string{m[i], m[j]}] = true
				}
			}
		}
	}
	return out
}

// TestUnifyPlantedE2E loads a generated shop with planted duplicates and
// anonymous visitors, runs CALL unify() over the wire and checks: the
// precision and recall of the merges against duplicates.csv, the stitched
// visitors against events.csv, that a second run changes nothing, and
// rfm() on unified ids against plain SQL over customer_links.
func TestUnifyPlantedE2E(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	db := s.root(t, "shop")
	dir := t.TempDir()
	if _, err := gen.Generate(dir, gen.Config{Customers: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	convertedAmounts(t, db, dir)
	for table, cols := range map[string][]string{
		"customers": gen.CustomerColumns, "orders": gen.OrderColumns, "events": gen.EventColumns,
	} {
		mustExec(t, db, fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE %s FIELDS TERMINATED BY ',' ENCLOSED BY '\"' IGNORE 1 LINES (%s)",
			filepath.Join(dir, table+".csv"), table, strings.Join(cols, ", ")))
	}
	conn := s2conn(t, db, "shop")
	q := connQ{conn}
	first := cells(t, q, "CALL unify()")[0]

	// Precision and recall of merged pairs.
	truth := map[string]string{}
	for _, r := range readCSVFile(t, filepath.Join(dir, gen.DuplicatesFile)) {
		truth[r[0]] = r[1]
	}
	found := map[string]string{}
	for _, r := range cells(t, q, "SELECT customer_id, unified_id FROM customer_links") {
		found[r[0]] = r[1]
	}
	tp, fp := pairs(truth), pairs(found)
	correct := 0
	for p := range fp {
		if tp[p] {
			correct++
		}
	}
	precision, recall := float64(correct)/float64(len(fp)), float64(correct)/float64(len(tp))
	t.Logf("unify: %v; %d planted duplicates, %d true pairs, %d merged pairs: precision %.4f, recall %.4f",
		first, len(truth), len(tp), len(fp), precision, recall)
	if len(tp) < 50 || precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.4f, recall %.4f over %d true pairs: want both at least 0.95", precision, recall, len(tp))
	}

	// Visitors: the contact of each visitor's earliest identifying event.
	type stitch struct{ at, cust string }
	want := map[string]stitch{}
	for _, r := range readCSVFile(t, filepath.Join(dir, gen.EventsFile)) {
		v, c, at := r[slices.Index(gen.EventColumns, "visitor_id")], r[0], r[1]
		if v == "" || c == "" {
			continue
		}
		if old, ok := want[v]; !ok || at < old.at {
			want[v] = stitch{at, c}
		}
	}
	got := cells(t, q, "SELECT visitor_id, customer_id, identified_at FROM visitor_links")
	if len(got) != len(want) || len(want) < 100 {
		t.Errorf("visitor_links has %d rows, events.csv identifies %d visitors", len(got), len(want))
	}
	for _, r := range got {
		if w := want[r[0]]; w.cust != r[1] || w.at != driverTime.ReplaceAllString(r[2], "$1 $2") {
			t.Errorf("visitor %s: %v, want %v", r[0], r[1:], w)
		}
	}

	// A second run changes nothing.
	again := cells(t, q, "CALL unify()")[0]
	if again[3] != "0" || again[4] != "0" || again[5] != "0" || again[1] != first[1] {
		t.Errorf("second unify(): %v after %v, want no links or profiles written", again, first)
	}

	// rfm() on unified ids is plain SQL grouped by person.
	mustExecConn(t, conn, "SET cohortdb_unified_ids = ON")
	asOf := cells(t, q, "SELECT DATE(MAX(ordered_at)) FROM orders")[0][0][:10]
	sameTable(t, "rfm on unified ids", cells(t, q, "SELECT customer_id, frequency, monetary FROM rfm() ORDER BY customer_id"),
		cells(t, q, `SELECT COALESCE(l.unified_id, o.customer_id) AS person, COUNT(DISTINCT o.order_id), SUM(o.amount)
FROM orders o LEFT JOIN customer_links l ON l.customer_id = o.customer_id
WHERE o.status = 'valid' AND DATE(o.ordered_at) <= '`+asOf+`' GROUP BY person ORDER BY person`))
	contacts := `SELECT COUNT(*) FROM customers c WHERE DATE(c.signup_at) <= '` + asOf + `'`
	winners := contacts + ` AND NOT EXISTS (SELECT 1 FROM customer_links l WHERE l.customer_id = c.customer_id)`
	sameTable(t, "lifecycle() contacts on unified ids", cells(t, q, "SELECT COUNT(*) FROM lifecycle()"), cells(t, q, winners))
	// abandoned_carts() on unified ids: a person's carts, a stitched
	// visitor's included, against a person's orders.
	carts := cells(t, q, "SELECT customer_id, cart_adds, products, value, first_added_at, last_added_at FROM abandoned_carts(24, '"+asOf+" 12:00:00')")
	if len(carts) == 0 {
		t.Fatal("abandoned_carts on unified ids: no rows on the planted shop")
	}
	sameTable(t, "abandoned_carts on unified ids", carts, cells(t, q, fmt.Sprintf(unifiedCartsSQL, 24, asOf+" 12:00:00")))
	mustExecConn(t, conn, "SET cohortdb_unified_ids = OFF")
	sameTable(t, "lifecycle() contacts", cells(t, q, "SELECT COUNT(*) FROM lifecycle()"), cells(t, q, contacts))
}

// TestUnifyErrors: bad rules and unmerges get MySQL errors and change
// nothing; a caller who may not execute the procedure gets 1370.
func TestUnifyErrors(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--compact-every=0"}})
	db := s.root(t, "shop")
	mustExec(t, db, `INSERT INTO customers (customer_id, email, signup_at) VALUES (1, 'a@x.org', '2025-01-01'), (2, 'A@x.org', '2025-01-02'), (3, 'b@x.org', '2025-01-03')`)
	mustExec(t, db, "CALL unify()")
	links := "SELECT customer_id, unified_id, rule FROM customer_links ORDER BY customer_id"
	before := cells(t, db, links)
	// Equally complete records: the most recent signup (2) wins.
	if len(before) != 1 || before[0][0] != "1" || before[0][1] != "2" {
		t.Fatalf("links %v, want 1 -> 2", before)
	}
	for _, tc := range []struct {
		setup, call string
		code        uint16
	}{
		{"UPDATE match_rules SET kind = 'soundex' WHERE rule = 'phone'", "CALL unify()", 1210},
		{"UPDATE match_rules SET options = 'dots=1' WHERE rule = 'email'", "CALL unify()", 1210},
		{"UPDATE match_rules SET threshold = 2 WHERE rule = 'name_postcode'", "CALL unify()", 1210},
		{"INSERT INTO survivorship_rules VALUES (1, 'loudest', NULL)", "CALL unify()", 1210},
		{"INSERT INTO survivorship_rules VALUES (1, 'source_priority', NULL)", "CALL unify()", 1210},
		{"", "CALL unmerge(3)", 1210},
		{"", "CALL unmerge(42)", 1210},
		{"", "CALL unify(1)", 1318},
	} {
		t.Run(tc.call+" after "+tc.setup, func(t *testing.T) {
			snap := cells(t, db, "SELECT * FROM match_rules ORDER BY rule")
			if tc.setup != "" {
				mustExec(t, db, tc.setup)
			}
			_, err := db.Exec(tc.call)
			wantErrNum(t, err, tc.code, tc.call)
			if got := cells(t, db, links); fmt.Sprint(got) != fmt.Sprint(before) {
				t.Errorf("links changed to %v", got)
			}
			mustExec(t, db, "DELETE FROM survivorship_rules WHERE priority = 1")
			mustExec(t, db, "DELETE FROM match_rules")
			for _, r := range snap {
				th := r[4]
				if th != "NULL" {
					th = "'" + th + "'"
				}
				opt := "NULL"
				if r[5] != "NULL" {
					opt = "'" + r[5] + "'"
				}
				mustExec(t, db, fmt.Sprintf("INSERT INTO match_rules VALUES ('%s', %s, '%s', NULL, %s, %s, %s)", r[0], r[1], r[2], th, opt, r[6]))
			}
		})
	}
	mustExec(t, db, "CREATE USER reader IDENTIFIED BY 'pw'")
	mustExec(t, db, "GRANT SELECT ON shop.* TO reader")
	_, err := s.open(t, "reader", "pw", "shop").Exec("CALL unmerge(2)")
	wantErrNum(t, err, 1370, "unmerge by a reader (no EXECUTE)")
	if got := cells(t, db, links); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Errorf("links changed to %v", got)
	}
}

func mustExecConn(t *testing.T, c *sql.Conn, q string) {
	t.Helper()
	if _, err := c.ExecContext(t.Context(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// unifiedCartsSQL is e2eCartsSQL (behaviour_e2e_test.go) over persons:
// each record's events and orders under its unified id, an anonymous
// visitor's events under the contact visitor_links stitched it to.
const unifiedCartsSQL = `
SELECT e.customer_id, COUNT(*), COUNT(DISTINCT e.product_id), SUM(p.price), MIN(e.occurred_at), MAX(e.occurred_at)
FROM (SELECT COALESCE(l.unified_id, x.cid) AS customer_id, x.product_id, x.occurred_at, x.type
      FROM (SELECT COALESCE(e.customer_id, v.customer_id) AS cid, e.product_id, e.occurred_at, e.type
            FROM events e LEFT JOIN visitor_links v ON v.visitor_id = e.visitor_id AND e.customer_id IS NULL) x
      LEFT JOIN customer_links l ON l.customer_id = x.cid WHERE x.cid IS NOT NULL) e
LEFT JOIN products p ON p.product_id = e.product_id
LEFT JOIN (SELECT COALESCE(l.unified_id, o.customer_id) AS customer_id, MAX(o.ordered_at) AS last_at
           FROM orders o LEFT JOIN customer_links l ON l.customer_id = o.customer_id
           WHERE o.status = 'valid' AND o.ordered_at <= TIMESTAMP('%[2]s') GROUP BY 1) lo
  ON lo.customer_id = e.customer_id
WHERE e.type = 'cart_add' AND e.occurred_at <= TIMESTAMP('%[2]s') - INTERVAL %[1]d HOUR
  AND (lo.last_at IS NULL OR lo.last_at < e.occurred_at)
GROUP BY e.customer_id ORDER BY e.customer_id`
