package engine

import (
	"fmt"
	"strings"
	"testing"
)

// insertSeq inserts n rows (i, 2i, 3i, …), 500 per statement.
func (d *testDB) insertSeq(table string, cols, n int) {
	d.t.Helper()
	const batch = 500
	for start := 0; start < n; start += batch {
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s VALUES ", table)
		for i := start; i < min(n, start+batch); i++ {
			if i > start {
				b.WriteString(",")
			}
			b.WriteString("(")
			for c := 0; c < cols; c++ {
				if c > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%d", i*(c+1))
			}
			b.WriteString(")")
		}
		d.exec(b.String())
	}
}

func wideTable(cols int) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE w (c0 BIGINT PRIMARY KEY")
	for c := 1; c < cols; c++ {
		fmt.Fprintf(&b, ", c%d BIGINT", c)
	}
	b.WriteString(")")
	return b.String()
}

// sealedSegments counts the sealed segments of a table via table_stats.
func (d *testDB) sealedSegments(table string) int64 {
	d.t.Helper()
	rows := d.exec(fmt.Sprintf("SELECT segments FROM table_stats('db','%s') LIMIT 1", table))
	return rows[0][0].(int64)
}

// TestProjectionDecodesOnlyProjectedColumns: SELECT of one column of a
// 10-column table decodes one chunk per segment, not ten.
func TestProjectionDecodesOnlyProjectedColumns(t *testing.T) {
	d := newTestDB(t)
	d.exec(wideTable(10))
	d.insertSeq("w", 10, 5*testSegmentRows)
	segs := d.sealedSegments("w")
	if segs < 4 {
		t.Fatalf("want >= 4 sealed segments, got %d", segs)
	}
	tests := []struct {
		q      string
		chunks int64 // per sealed segment
	}{
		{"SELECT SUM(c3) FROM w", 1},
		{"SELECT c3, c7 FROM w", 2},
		{"SELECT * FROM w", 10},
		// GMS projects every column of w above the anti join of NOT
		// EXISTS; only c3 (counted) and c5 (the key) are read.
		{"SELECT COUNT(DISTINCT c3) FROM w WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.k = w.c5)", 2},
		{"SELECT COUNT(*) FROM (SELECT c1, c2 FROM w) AS t", 0},
	}
	d.exec("CREATE TABLE s (k BIGINT)")
	d.exec("INSERT INTO s VALUES (0), (5), (50)")
	// A derived table that renames its columns reads them by position.
	d.check(step{q: "SELECT SUM(x) FROM (SELECT c3, c4 FROM w WHERE c0 < 3) AS t(x, y)", want: rows(r(12))})
	for _, tc := range tests {
		before := d.counter("chunks_decoded")
		d.exec(tc.q)
		if got := d.counter("chunks_decoded") - before; got != tc.chunks*segs {
			t.Errorf("%s: decoded %d chunks, want %d (%d segments)", tc.q, got, tc.chunks*segs, segs)
		}
	}
}

// TestZoneMapsSkipSegments: a narrow range on a sorted column reads one
// segment and skips the others, and the answer is still right.
func TestZoneMapsSkipSegments(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE e (id BIGINT, v BIGINT)")
	d.insertSeq("e", 2, 8*testSegmentRows)
	segs := d.sealedSegments("e")
	tests := []struct {
		q    string
		want string
		skip int64 // segments skipped at least
	}{
		{"SELECT COUNT(*) FROM e WHERE id BETWEEN 2000 AND 2010", "(11)\n", segs - 1},
		{"SELECT COUNT(*) FROM e WHERE id = 5000", "(1)\n", segs - 1},
		{"SELECT COUNT(*) FROM e x WHERE x.id IN (1, 7000)", "(2)\n", segs - 2},
		{"SELECT COUNT(*) FROM e WHERE id >= 8000 AND v > 0", "(192)\n", segs - 1},
		{"SELECT COUNT(*) FROM e WHERE id < 0", "(0)\n", segs},
		{"SELECT COUNT(*) FROM e WHERE id + 0 = 5", "(1)\n", 0},
	}
	for _, tc := range tests {
		before := d.counter("segments_skipped")
		got := normRows(d.exec(tc.q))
		skipped := d.counter("segments_skipped") - before
		if got != tc.want {
			t.Errorf("%s: got %s want %s", tc.q, got, tc.want)
		}
		if skipped < tc.skip {
			t.Errorf("%s: skipped %d segments, want >= %d (of %d)", tc.q, skipped, tc.skip, segs)
		}
	}
}

// TestPrimaryKeyLookup: pk = ? and pk IN (…) are point lookups (no
// segment scanned, EXPLAIN shows the index) and return the right rows,
// also for rows still in the write buffer or the transaction.
func TestPrimaryKeyLookup(t *testing.T) {
	d := newTestDB(t)
	d.exec(wideTable(3))
	d.insertSeq("w", 3, 3*testSegmentRows+10)
	tests := []struct {
		q    string
		want string
	}{
		{"SELECT c1 FROM w WHERE c0 = 1500", "(3000)\n"},
		{"SELECT c1 FROM w WHERE c0 = 3075", "(6150)\n"}, // write buffer
		{"SELECT c0 FROM w WHERE c0 IN (5, 3074, 999999) ORDER BY c0", "(5)\n(3074)\n"},
		{"SELECT c0 FROM w WHERE c0 = -1", ""},
	}
	for _, tc := range tests {
		before := d.counter("segments_scanned")
		if got := normRows(d.exec(tc.q)); got != tc.want {
			t.Errorf("%s: got %q want %q", tc.q, got, tc.want)
		}
		if n := d.counter("segments_scanned") - before; n != 0 {
			t.Errorf("%s: scanned %d segments, want a point lookup", tc.q, n)
		}
		plan := normRows(d.exec("EXPLAIN PLAN " + tc.q))
		if !strings.Contains(plan, "IndexedTableAccess") || !strings.Contains(strings.ToLower(plan), "index: [w.c0]") {
			t.Errorf("EXPLAIN %s does not show the primary key:\n%s", tc.q, plan)
		}
	}
	// Ranges fall back to a filtered scan, still correct.
	if got := normRows(d.exec("SELECT COUNT(*) FROM w WHERE c0 > 3070")); got != "(11)\n" {
		t.Errorf("range on pk: got %s", got)
	}
	// Joins on the key look rows up per outer row.
	d.exec("CREATE TABLE k (id BIGINT PRIMARY KEY)")
	d.exec("INSERT INTO k VALUES (7), (3000), (4000)")
	if got := normRows(d.exec("SELECT k.id, w.c2 FROM k JOIN w ON w.c0 = k.id ORDER BY k.id")); got != "(7, 21)\n(3000, 9000)\n" {
		t.Errorf("join on pk: got %s", got)
	}
	// Own uncommitted writes are found by key.
	d.exec("BEGIN")
	d.exec("INSERT INTO w VALUES (100000, 1, 2)")
	d.exec("UPDATE w SET c1 = 42 WHERE c0 = 5")
	if got := normRows(d.exec("SELECT c0, c1 FROM w WHERE c0 IN (5, 100000) ORDER BY c0")); got != "(5, 42)\n(100000, 1)\n" {
		t.Errorf("lookup in transaction: got %s", got)
	}
	d.exec("ROLLBACK")
	if got := normRows(d.exec("SELECT c0, c1 FROM w WHERE c0 IN (5, 100000)")); got != "(5, 10)\n" {
		t.Errorf("after rollback: got %s", got)
	}
}
