package engine

import (
	"fmt"
	"strings"
	"testing"
)

// keylessEvents creates ev, keyless with sort key (customer_id, at), and
// inserts customers × per rows: customer c's row i is (c, i, 'k'+(i%3)),
// in order of at (each statement's rows spread over every customer), so
// until compaction every segment holds every customer. Every customer's
// rows 0 and 3 are equal but for at; none are equal whole, except the
// duplicate of row 1 inserted for each customer at the end.
func keylessEvents(d *testDB, customers, per int) {
	d.t.Helper()
	d.exec("CREATE TABLE ev (customer_id BIGINT, at INT, kind VARCHAR(5)) COMMENT 'sort key (customer_id, at)'")
	var vals []string
	flush := func() {
		if len(vals) > 0 {
			d.exec("INSERT INTO ev VALUES " + strings.Join(vals, ","))
			vals = vals[:0]
		}
	}
	for i := 0; i < per; i++ {
		for c := 1; c <= customers; c++ {
			vals = append(vals, fmt.Sprintf("(%d,%d,'k%d')", c, i, i%3))
			if len(vals) == 500 {
				flush()
			}
		}
	}
	for c := 1; c <= customers; c++ {
		vals = append(vals, fmt.Sprintf("(%d,1,'k1')", c))
	}
	flush()
}

// TestKeylessDeleteReadsOnlyItsSegments: deleting one customer's rows of
// a keyless table compacted into its sort key reads the segments holding
// that customer, not the table (a GDPR delete of one contact's order
// lines read every order line before). 10 customers × 1100 rows in
// 1024-row segments: customer 4's 1101 rows lie in at most 3 segments, so
// the statement's own scan and the search for the rows to delete read at
// most 2 × 3 × 1024 rows of the 11010.
func TestKeylessDeleteReadsOnlyItsSegments(t *testing.T) {
	d := newTestDB(t)
	keylessEvents(d, 10, 1100)
	d.optimize("ev")
	before := d.counter("rows_scanned")
	d.exec("DELETE FROM ev WHERE customer_id = 4")
	if read := d.counter("rows_scanned") - before; read > 2*3*testSegmentRows {
		t.Errorf("deleting one customer's 1101 rows read %d rows, want at most %d", read, 2*3*testSegmentRows)
	}
	d.check(step{q: "SELECT COUNT(*), SUM(customer_id = 4) FROM ev", want: rows(r(9909, "0"))})
	d.check(step{q: "SELECT COUNT(*) FROM ev WHERE customer_id = 5 AND at = 1", want: rows(r(2))})
}

// TestKeylessUpdateDeleteAcrossValues: statements that touch rows of many
// customers find each old row once, whether the table is compacted (one
// small search per customer) or in load order, where the first search
// reads most of the table and the next maps the rest at once; equal rows
// are each found once.
func TestKeylessUpdateDeleteAcrossValues(t *testing.T) {
	for _, compact := range []bool{false, true} {
		t.Run(fmt.Sprintf("compacted=%v", compact), func(t *testing.T) {
			d := newTestDB(t)
			keylessEvents(d, 6, 300)
			if compact {
				d.optimize("ev")
			}
			// Rows at = 1 (two equal ones a customer) and at = 2.
			d.exec("UPDATE ev SET kind = 'u' WHERE at IN (1, 2)")
			d.check(step{q: "SELECT kind, COUNT(*) FROM ev WHERE at IN (1, 2) GROUP BY kind", want: rows(r("u", 18))})
			d.check(step{q: "SELECT COUNT(*) FROM ev", want: rows(r(1806))})
			d.exec("DELETE FROM ev WHERE at < 10 AND customer_id <> 3")
			d.check(step{q: "SELECT COUNT(*), SUM(customer_id = 3) FROM ev", want: rows(r(1806-5*11, "301"))})
			d.exec("DELETE FROM ev WHERE kind = 'k0'")
			// Per customer 100 rows have at % 3 = 0; customer 3 keeps its
			// at = 0 (kind k0 too), the others lost at 0, 3, 6, 9 already.
			d.check(step{q: "SELECT COUNT(*) FROM ev", want: rows(r(1806 - 5*11 - 100 - 5*96))})
		})
	}
}

// optimize compacts table as OPTIMIZE TABLE does (the server recognises
// the statement before parsing).
func (d *testDB) optimize(table string) {
	d.t.Helper()
	if msgs, err := d.e.OptimizeTable(d.ctx(), "db", table); err != nil || msgs[len(msgs)-1].Text != "OK" {
		d.t.Fatalf("OPTIMIZE TABLE %s: %v %v", table, msgs, err)
	}
}
