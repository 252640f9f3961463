package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// vecFixture fills a table spanning several segments, the write buffer
// and deleted rows, with NULLs in every nullable column.
func vecFixture(t *testing.T) *testDB {
	d := newTestDB(t)
	d.exec(`CREATE TABLE o (id BIGINT PRIMARY KEY, cid BIGINT, oid BIGINT, at DATETIME, day DATE,
		amount DECIMAL(12,2), qty INT, status VARCHAR(16), channel VARCHAR(16), score DOUBLE, big BIGINT UNSIGNED)`)
	r := rand.New(rand.NewPCG(7, 11))
	channels := []string{"'web'", "'store'", "'app'", "NULL"}
	statuses := []string{"'valid'", "'valid'", "'valid'", "'cancelled'", "'returned'"}
	id := 0
	for batch := 0; batch < 6; batch++ {
		var sb strings.Builder
		sb.WriteString("INSERT INTO o VALUES ")
		for i := 0; i < 900; i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			id++
			cid := fmt.Sprint(r.IntN(300))
			if r.IntN(50) == 0 {
				cid = "NULL"
			}
			amount := fmt.Sprintf("%d.%02d", r.IntN(500)-20, r.IntN(100))
			if r.IntN(40) == 0 {
				amount = "NULL"
			}
			fmt.Fprintf(&sb, "(%d,%s,%d,'2024-%02d-%02d %02d:%02d:00','2023-%02d-%02d',%s,%d,%s,%s,%d.5,%d)",
				id, cid, id/3, 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), 1+r.IntN(12), 1+r.IntN(28),
				amount, r.IntN(7)-1, statuses[r.IntN(len(statuses))], channels[r.IntN(len(channels))], r.IntN(9), r.Uint64N(1<<63))
		}
		d.exec(sb.String())
	}
	d.exec("DELETE FROM o WHERE id % 97 = 0")
	d.exec("UPDATE o SET amount = amount + 1 WHERE id % 89 = 0")
	return d
}

// groupQueries are GROUP BYs of every kind over vecFixture: filters the
// scan decides and ones it does not, NULL keys, several keys, expression
// keys, joins under the aggregate, HAVING.
var groupQueries = []string{
	"SELECT cid, DATEDIFF('2025-01-01', MAX(at)) AS r, COUNT(DISTINCT oid) AS f, SUM(amount) AS m FROM o WHERE status = 'valid' GROUP BY cid",
	"SELECT cid, COUNT(*), COUNT(amount), AVG(amount), MIN(amount), MAX(day), MIN(at), AVG(qty), SUM(qty) FROM o GROUP BY cid",
	"SELECT channel, COUNT(*), SUM(amount) FROM o WHERE channel IN ('web', 'app') OR channel = 'x' GROUP BY channel",
	"SELECT channel, COUNT(*), SUM(amount) FROM o WHERE channel IN ('web', 'app', NULL) GROUP BY channel",
	"SELECT channel, status, COUNT(*), SUM(amount), MAX(cid) FROM o GROUP BY channel, status",
	"SELECT cid, qty, COUNT(*), MIN(amount) FROM o GROUP BY cid, qty", // two integer keys, NULLs among them
	"SELECT YEAR(at) * 100 + MONTH(at) AS month, channel, SUM(amount) AS revenue FROM o WHERE status = 'valid' GROUP BY YEAR(at) * 100 + MONTH(at), channel",
	"SELECT YEAR(day), MONTH(day), DAY(day), COUNT(*) FROM o GROUP BY YEAR(day), MONTH(day), DAY(day)",
	"SELECT COUNT(*), SUM(amount), MAX(at), COUNT(DISTINCT cid) FROM o WHERE at >= '2024-06-01' AND at < '2024-07-01 12:00:00'",
	"SELECT COUNT(*), SUM(amount), AVG(amount), MIN(cid) FROM o WHERE cid = -5",
	"SELECT COUNT(*) FROM o WHERE amount > 100.5 AND amount <= 300 AND qty BETWEEN 1 AND 3",
	"SELECT cid, COUNT(*) FROM o WHERE cid IS NULL GROUP BY cid",
	"SELECT qty - 1, COUNT(*) FROM o WHERE day < '2023-06-15' GROUP BY qty - 1",
	"SELECT cid, COUNT(*) FROM o WHERE cid IS NOT NULL AND amount IS NULL GROUP BY cid",
	"SELECT channel, COUNT(*), MAX(amount) FROM o WHERE status <> 'valid' AND qty != 2 AND NOT (at <= '2024-03-01') GROUP BY channel",
	"SELECT score, COUNT(*) FROM o GROUP BY score",
	"SELECT cid, SUM(score) FROM o GROUP BY cid",
	"SELECT cid, SUM(amount * qty) FROM o GROUP BY cid",
	"SELECT cid, COUNT(*) FROM o WHERE amount > 100.505 GROUP BY cid", // GMS rounds the literal to the column's scale
	"SELECT cid, COUNT(*) FROM o WHERE status LIKE 'v%' GROUP BY cid", // GMS turns a prefix LIKE into a range
	"SELECT cid, COUNT(*) FROM o WHERE status LIKE '%a%' GROUP BY cid",
	"SELECT cid, COUNT(*) FROM o WHERE amount > qty GROUP BY cid",
	"SELECT big % 7, COUNT(*) FROM o GROUP BY big % 7",
	"SELECT channel, COUNT(DISTINCT status) FROM o GROUP BY channel",
	"SELECT a.cid, COUNT(*) FROM o AS a WHERE a.status = 'valid' GROUP BY a.cid HAVING COUNT(*) > 10",
	"SELECT COUNT(*) FROM (SELECT cid FROM o WHERE status = 'valid' GROUP BY cid HAVING MAX(at) >= '2024-10-01' AND COUNT(DISTINCT oid) >= 3) AS x", // the inner one is
	// Joins whose right side only filters: a set of keys.
	"SELECT x.qty, COUNT(DISTINCT x.cid), MAX(x.amount), MIN(x.at) FROM o x JOIN (SELECT cid FROM o WHERE status = 'valid' GROUP BY cid HAVING COUNT(*) >= 12) a ON x.cid = a.cid WHERE x.status <> 'returned' GROUP BY x.qty",
	"SELECT x.channel, COUNT(DISTINCT x.oid), MIN(x.amount) FROM o x JOIN (SELECT oid FROM o WHERE qty > 0) y ON x.cid = y.oid WHERE x.qty > 2 GROUP BY x.channel", // duplicate keys on the right
	"SELECT x.channel, COUNT(DISTINCT x.oid) FROM o x JOIN o y ON x.cid = y.oid WHERE x.qty > 2 GROUP BY x.channel",                                                // GMS probes with y: not handled
	"SELECT x.qty, COUNT(*) FROM o x JOIN (SELECT cid FROM o WHERE status = 'valid' GROUP BY cid HAVING COUNT(*) >= 12) a ON x.cid = a.cid GROUP BY x.qty",
	"SELECT x.qty, SUM(x.amount) FROM o x JOIN o y ON x.cid = y.oid GROUP BY x.qty",                                                            // as joined pairs
	"SELECT x.qty, COUNT(DISTINCT y.cid) FROM o x JOIN o y ON x.cid = y.oid GROUP BY x.qty",                                                    // as joined pairs
	"SELECT x.qty, COUNT(DISTINCT x.cid) FROM o x JOIN (SELECT oid, status FROM o) y ON x.cid = y.oid WHERE y.status = 'valid' GROUP BY x.qty", // GMS moves the condition into the subquery
	// Joins of two tables: pairs aggregated on vectors.
	"SELECT a.qty AS p1, b.qty AS p2, COUNT(DISTINCT a.oid) AS n, COUNT(*), SUM(b.amount), MIN(a.at), MAX(b.day) FROM o a JOIN o b ON a.oid = b.oid WHERE a.qty < b.qty AND a.status = 'valid' AND b.status <> 'returned' GROUP BY a.qty, b.qty",
	"SELECT a.channel, COUNT(*), COUNT(b.amount), AVG(b.amount) FROM o a JOIN o b ON a.cid = b.cid WHERE a.id <= b.id AND a.id < 2000 GROUP BY a.channel", // GMS probes with b: a string column on the build side
	"SELECT a.qty, COUNT(*), COUNT(b.amount), AVG(b.amount), MAX(b.cid) FROM o a JOIN o b ON a.cid = b.cid WHERE a.id <= b.id AND b.id < 2000 GROUP BY a.qty",
	"SELECT a.status, COUNT(*) FROM o a JOIN o b ON a.oid = b.cid GROUP BY a.status",
	"SELECT b.channel, COUNT(*) FROM o a JOIN o b ON a.oid = b.oid GROUP BY b.channel", // a string column of the build side
	"SELECT a.qty, COUNT(*) FROM o a JOIN o b ON a.oid = b.oid WHERE a.qty + b.qty > 3 GROUP BY a.qty",
	"SELECT qty, COUNT(*), SUM(amount) FROM o WHERE cid IN (SELECT oid FROM o WHERE channel = 'web') GROUP BY qty", // a Project sits between
}

// TestGroupByMatchesGMS compares every query with GMS's own GroupBy
// (cohortdb_vectorize = 0): the same wire values, in any order, and
// checks that EXPLAIN shows the executor running the whole aggregate.
func TestGroupByMatchesGMS(t *testing.T) {
	d := vecFixture(t)
	for _, q := range groupQueries {
		t.Run(q, func(t *testing.T) {
			if plan := normRows(d.exec("EXPLAIN PLAN " + q)); !aggregatesVectorized(plan) {
				t.Fatalf("not vectorised:\n%s", plan)
			}
			got := wireRows(t, d, q)
			d.exec("SET " + VectorizeVariable + " = 0")
			want := wireRows(t, d, q)
			d.exec("SET " + VectorizeVariable + " = 1")
			if got != want {
				t.Fatalf("vectorised:\n%s\nGMS:\n%s", got, want)
			}
			if len(want) == 0 {
				t.Fatal("query returned nothing: the fixture does not exercise it")
			}
		})
	}
}

// aggregatesVectorized reports whether a plan runs vectorised with no
// GROUP BY left to GMS.
func aggregatesVectorized(plan string) bool {
	return strings.Contains(plan, "Vectorized") && !strings.Contains(plan, "GroupBy")
}

// TestGroupByInTransaction sees the transaction's own uncommitted rows
// and deletes, like every other read.
func TestGroupByInTransaction(t *testing.T) {
	d := vecFixture(t)
	d.exec("START TRANSACTION")
	d.exec("INSERT INTO o (id, cid, oid, status, amount) VALUES (100001, 5, 1, 'valid', 10.25), (100002, 99999, 2, 'valid', 1.01)")
	d.exec("DELETE FROM o WHERE cid = 7")
	q := "SELECT cid, COUNT(*), SUM(amount) FROM o WHERE status = 'valid' GROUP BY cid"
	got := wireRows(t, d, q)
	d.exec("SET " + VectorizeVariable + " = 0")
	want := wireRows(t, d, q)
	d.exec("ROLLBACK")
	if got != want {
		t.Fatalf("vectorised:\n%s\nGMS:\n%s", got, want)
	}
	lines := "\n" + got + "\n"
	if !strings.Contains(lines, "\n99999|") || strings.Contains(lines, "\n7|") {
		t.Fatalf("transaction's own writes not seen:\n%s", got)
	}
}

// wireRows runs q and renders its rows as the wire protocol sends them
// (each value through its column's type), sorted: the comparison sees
// what a client sees, byte for byte.
func wireRows(t *testing.T, d *testDB, q string) string {
	t.Helper()
	ctx := d.ctx()
	sch, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for j, v := range r {
			w, err := sch[j].Type.SQL(ctx, nil, v)
			if err != nil {
				t.Fatalf("%s: column %s: %v", q, sch[j].Name, err)
			}
			parts[j] = "NULL"
			if !w.IsNull() {
				parts[j] = string(w.Raw())
			}
		}
		out[i] = strings.Join(parts, "|")
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// typedRows renders rows with Go types, sorted: the comparison must see
// the same values of the same types, not just the same text.
func typedRows(rows []sql.Row) string {
	out := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for j, v := range r {
			parts[j] = fmt.Sprintf("%T:%v", v, v)
		}
		out[i] = strings.Join(parts, ",")
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// TestGroupByInSubqueries runs vectorised GROUP BYs inside subquery
// expressions, where GMS prepends the outer row to every row.
func TestGroupByInSubqueries(t *testing.T) {
	d := vecFixture(t)
	for _, q := range []string{
		"SELECT COUNT(*) FROM o x WHERE x.at >= (SELECT MAX(at) FROM o WHERE status = 'valid') - INTERVAL 60 DAY",
		"SELECT id, (SELECT COUNT(*) FROM o y WHERE y.cid = x.cid) FROM o x WHERE x.id < 50",
		"SELECT id, (SELECT COUNT(DISTINCT a.oid) FROM o a JOIN (SELECT cid FROM o GROUP BY cid HAVING COUNT(*) > 20) k ON a.cid = k.cid) AS n FROM o WHERE id < 5",
		"SELECT id, (SELECT COUNT(*) FROM o a JOIN o b ON a.oid = b.oid WHERE a.qty < b.qty) AS pairs FROM o WHERE id < 4",
		"SELECT qty FROM o x WHERE x.cid IN (SELECT cid FROM o WHERE status = 'valid' GROUP BY cid HAVING SUM(amount) > 2000) AND x.id < 300",
	} {
		got := wireRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 0")
		want := wireRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 1")
		if got != want {
			t.Fatalf("%s:\nvectorised:\n%.1500s\nGMS:\n%.1500s", q, got, want)
		}
		if want == "" {
			t.Fatalf("%s: no rows", q)
		}
	}
}

// TestGroupBySetPredicates runs in_segment (a sqlfn.IntSetPredicate) on
// vectors, alone and under a bitmap-index lookup, against GMS's row-by-row
// evaluation; an unknown segment fails the same way.
func TestGroupBySetPredicates(t *testing.T) {
	d := vecFixture(t)
	d.exec("CREATE INDEX by_channel ON o (channel) USING BITMAP")
	d.exec("CREATE DATABASE shop") // where segments live when the current database has no orders
	d.exec("CALL create_segment('busy', 'SELECT cid FROM db.o WHERE cid IS NOT NULL GROUP BY cid HAVING COUNT(*) > 20')")
	for _, q := range []string{
		"SELECT qty, COUNT(*), SUM(amount) FROM o WHERE in_segment(cid, 'busy') GROUP BY qty",
		"SELECT COUNT(*) FROM o WHERE channel = 'web' AND in_segment(cid, 'busy')",
		"SELECT COUNT(*), MAX(at) FROM o WHERE channel IN ('web', 'app') AND in_segment(cid, 'busy') AND status = 'valid'",
	} {
		if !aggregatesVectorized(normRows(d.exec("EXPLAIN PLAN " + q))) {
			t.Errorf("%s: not vectorised:\n%s", q, normRows(d.exec("EXPLAIN PLAN "+q)))
		}
		got := wireRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 0")
		want := wireRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 1")
		if got != want {
			t.Fatalf("%s:\nvectorised:\n%s\nGMS:\n%s", q, got, want)
		}
		if want == "" || want == "0" {
			t.Fatalf("%s: nothing selected, the fixture does not exercise it", q)
		}
	}
	_, err := d.query("SELECT COUNT(*) FROM o WHERE in_segment(cid, 'nope')")
	if err == nil || !strings.Contains(err.Error(), `segment "nope" not found`) {
		t.Fatalf("unknown segment: %v", err)
	}
}

// TestJoinGroupBySparseKeys joins on keys too sparse for the dense index
// (sorted and binary-searched instead), with duplicates on both sides.
func TestJoinGroupBySparseKeys(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE l (id INT PRIMARY KEY, k BIGINT, g INT)")
	d.exec("CREATE TABLE r (id INT PRIMARY KEY, k BIGINT, v INT)")
	r := rand.New(rand.NewPCG(1, 2))
	var lb, rb strings.Builder
	lb.WriteString("INSERT INTO l VALUES ")
	rb.WriteString("INSERT INTO r VALUES ")
	for i := 0; i < 3000; i++ {
		if i > 0 {
			lb.WriteByte(',')
			rb.WriteByte(',')
		}
		fmt.Fprintf(&lb, "(%d,%d,%d)", i, r.Int64N(400)*1_000_000_007-r.Int64N(2)*1<<50, r.IntN(7))
		fmt.Fprintf(&rb, "(%d,%d,%d)", i, r.Int64N(400)*1_000_000_007, r.IntN(100))
	}
	d.exec(lb.String())
	d.exec(rb.String())
	q := "SELECT l.g, COUNT(*), SUM(r.v), MIN(r.v), COUNT(DISTINCT r.id) FROM l JOIN r ON l.k = r.k WHERE l.g > 0 GROUP BY l.g"
	if !aggregatesVectorized(normRows(d.exec("EXPLAIN PLAN " + q))) {
		t.Fatalf("not vectorised:\n%s", normRows(d.exec("EXPLAIN PLAN "+q)))
	}
	got := wireRows(t, d, q)
	d.exec("SET " + VectorizeVariable + " = 0")
	want := wireRows(t, d, q)
	if got != want || want == "" {
		t.Fatalf("vectorised:\n%s\nGMS:\n%s", got, want)
	}
}

// TestJoinGroupByGrid groups product pairs on a grid (the key ranges come
// from zone maps when every part is a sealed segment), with keys outside
// the grid impossible by construction and the result compared with GMS.
func TestJoinGroupByGrid(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE ln (id INT PRIMARY KEY, oid BIGINT, prod BIGINT, st VARCHAR(8))")
	r := rand.New(rand.NewPCG(9, 9))
	var b strings.Builder
	b.WriteString("INSERT INTO ln VALUES ")
	for i := 0; i < 2*testSegmentRows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d,%d,%d,'%s')", i, i/4, 100+r.IntN(50), []string{"valid", "valid", "gone"}[r.IntN(3)])
	}
	d.exec(b.String())
	q := "SELECT a.prod, b.prod, COUNT(DISTINCT a.oid), COUNT(*) FROM ln a JOIN ln b ON a.oid = b.oid WHERE a.prod < b.prod AND a.st = 'valid' AND b.st = 'valid' GROUP BY a.prod, b.prod"
	if plan := normRows(d.exec("EXPLAIN PLAN " + q)); !aggregatesVectorized(plan) {
		t.Fatalf("not vectorised:\n%s", plan)
	}
	got := wireRows(t, d, q)
	d.exec("SET " + VectorizeVariable + " = 0")
	want := wireRows(t, d, q)
	if got != want || want == "" {
		t.Fatalf("grid:\n%.1000s\nGMS:\n%.1000s", got, want)
	}
}

// TestGroupByDenseKeys numbers one-integer GROUP BY keys in an array
// sized by the zone maps (every part a sealed segment), then again after
// rows outside that range arrive in the write buffer (no array: the
// buffer has no zone map), and compares both with GMS. NULL keys and
// keys sharing runs across segments are included.
func TestGroupByDenseKeys(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE ln (id INT PRIMARY KEY, cust BIGINT, amt DECIMAL(10,2), st VARCHAR(8))")
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	b.WriteString("INSERT INTO ln VALUES ")
	for i := 0; i < 2*testSegmentRows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		cust := fmt.Sprint(1000 + i/3 + r.IntN(2))
		if r.IntN(50) == 0 {
			cust = "NULL"
		}
		fmt.Fprintf(&b, "(%d,%s,%d.%02d,'%s')", i, cust, r.IntN(500), r.IntN(100), []string{"valid", "valid", "gone"}[r.IntN(3)])
	}
	d.exec(b.String())
	q := "SELECT cust, COUNT(*), SUM(amt), MAX(id), COUNT(DISTINCT id) FROM ln WHERE st = 'valid' GROUP BY cust"
	check := func() {
		t.Helper()
		got := wireRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 0")
		want := wireRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 1")
		if got != want || want == "" {
			t.Fatalf("vectorised:\n%.1000s\nGMS:\n%.1000s", got, want)
		}
	}
	check()
	d.exec(fmt.Sprintf("INSERT INTO ln VALUES (%d, -5, 1.00, 'valid'), (%d, 99999999, 2.00, 'valid')", 3*testSegmentRows, 3*testSegmentRows+1))
	check()
}
