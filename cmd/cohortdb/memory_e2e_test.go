package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// fillWide creates shop.wide with n rows of a width-byte string each,
// inserted batch rows a statement.
func fillWide(t *testing.T, db *sql.DB, n, width, batch int) {
	t.Helper()
	mustExec(t, db, "CREATE TABLE shop.wide (id BIGINT PRIMARY KEY, s TEXT)")
	for lo := 0; lo < n; lo += batch {
		var b strings.Builder
		b.WriteString("INSERT INTO shop.wide VALUES ")
		for i := lo; i < min(lo+batch, n); i++ {
			if i > lo {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%d, '%08d%s')", i, (i*7919)%n, strings.Repeat("x", width-8))
		}
		mustExec(t, db, b.String())
	}
}

// drain runs q and reads its rows: a limit may be passed after the
// first rows went out.
func drain(db *sql.DB, q string) error {
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// wantMemoryErr checks err is 1038 with SQLSTATE HY001 naming variable.
func wantMemoryErr(t *testing.T, err error, variable, what string) {
	t.Helper()
	wantErrNum(t, err, 1038, what)
	me := err.(*mysql.MySQLError)
	if string(me.SQLState[:]) != "HY001" || !strings.Contains(me.Message, variable) {
		t.Fatalf("%s: got %v (SQLSTATE %s), want HY001 naming %s", what, err, me.SQLState[:], variable)
	}
}

// A statement past cohortdb_query_memory_limit fails with 1038; the
// connection, the server and the next statements carry on; raising the
// limit lets it run.
func TestQueryMemoryLimit(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--query-memory-limit", "2M"}})
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1) // one session: SET SESSION applies to the next queries
	// The INSERTs are charged 128 bytes a byte of text to parse: more
	// than 2 MiB.
	mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 0")
	fillWide(t, db, 10000, 500, 500) // ~5 MB of rows
	mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 2097152")

	var limit int64
	if err := db.QueryRow("SELECT @@cohortdb_query_memory_limit").Scan(&limit); err != nil || limit != 2<<20 {
		t.Fatalf("@@cohortdb_query_memory_limit = %d, %v; want %d", limit, err, 2<<20)
	}
	big := map[string]string{
		"sort":   "SELECT id, s FROM wide ORDER BY s DESC, id",
		"window": "SELECT id, ROW_NUMBER() OVER (ORDER BY s) AS rn, s FROM wide",
		"topn":   "SELECT id, s FROM wide ORDER BY s LIMIT 9000",
		// The executor's hash tables and collected build sides.
		"group by":       "SELECT s, COUNT(*) FROM wide GROUP BY s",
		"count distinct": "SELECT LEFT(s, 1), COUNT(DISTINCT CONCAT(s, id)) FROM wide GROUP BY LEFT(s, 1)",
		"hash join":      "SELECT COUNT(*) FROM wide a JOIN wide b ON a.s = b.s AND a.id <> b.id",
	}
	for name, q := range big {
		err := drain(db, q)
		wantMemoryErr(t, err, "cohortdb_query_memory_limit", name)
		// The same session goes on: small statements, then a small sort.
		var n, first int
		if err := db.QueryRow("SELECT COUNT(*) FROM wide").Scan(&n); err != nil || n != 10000 {
			t.Fatalf("after %s: COUNT(*) = %d, %v", name, n, err)
		}
		if err := db.QueryRow("SELECT id FROM wide WHERE id < 100 ORDER BY s, id LIMIT 1").Scan(&first); err != nil || first != 0 {
			t.Fatalf("after %s: small sort = %d, %v; want 0", name, first, err)
		}
	}
	mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 0")
	rows, err := db.Query(big["sort"])
	if err != nil {
		t.Fatalf("unlimited sort: %v", err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 10000 {
		t.Fatalf("unlimited sort: %d rows, %v", n, err)
	}
	rows.Close()
}

// Two statements share cohortdb_memory_limit: while one holds a sorted
// result a second that needs as much fails with 1038 naming the server's
// limit, and runs once the first is closed (its memory given back). Of a
// budget of 128 MiB, statements may reserve 36 MiB (membudget.SplitBudget:
// 72 MiB for Pebble and what the Go runtime does not manage, a quarter
// of the rest for what is not charged). GOMEMLIMIT is set so that the
// reservations alone decide: the live heap's measurement
// (TestResidentWithinBudget) would also count the table's 20 MB of
// unsealed rows and the executor sort's uncharged copies against the
// budget, and refuse the first statement too.
func TestServerMemoryLimitShared(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--memory-limit", "128M", "--query-memory-limit", "32M"},
		Env: []string{"GOMEMLIMIT=1GiB"}})
	root := s.root(t, "shop")
	fillWide(t, root, 20000, 1000, 100) // ~22 MB once sorted
	ctx := context.Background()
	a, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const q = "SELECT id, s FROM wide ORDER BY s, id"
	// The first row comes only after the whole sort; reading no further
	// keeps the statement (and its sorted rows) open: the result is
	// larger than the socket's buffers.
	rows, err := a.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("first statement: %v", err)
	}
	if !rows.Next() {
		t.Fatalf("first statement: no row: %v", rows.Err())
	}
	b, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_, err = b.QueryContext(ctx, q)
	wantMemoryErr(t, err, "cohortdb_memory_limit", "second statement while the first holds its rows")
	n := 1
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 20000 {
		t.Fatalf("first statement: %d rows, %v", n, err)
	}
	rows.Close()
	rows2, err := b.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("second statement after the first closed: %v", err)
	}
	rows2.Close()
}

// segment_recommendations(NULL, 1000, 'product') — every customer, a
// thousand products each — builds its rows under the statement's budget:
// past a small limit it fails with 1038 and the server carries on; with
// the limit lifted it answers, and never more rows than customers × 1000.
func TestRecommendationsWithinBudget(t *testing.T) {
	t.Parallel()
	s := startShop(t, 2000, "--query-memory-limit", "4M")
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1)
	const q = "SELECT COUNT(*), COUNT(DISTINCT customer_id) FROM segment_recommendations(NULL, 1000, 'product')"
	_, err := db.Query(q)
	wantMemoryErr(t, err, "cohortdb_query_memory_limit", "segment_recommendations past 4M")
	if got := queryInt(t, db, "SELECT COUNT(*) FROM customers"); got == 0 {
		t.Fatal("no customers after the refused statement")
	}
	mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 0")
	var rows, customers int64
	if err := db.QueryRow(q).Scan(&rows, &customers); err != nil {
		t.Fatalf("unlimited: %v", err)
	}
	if rows == 0 || rows > customers*1000 {
		t.Fatalf("unlimited: %d rows for %d customers", rows, customers)
	}
}

// rfm(), clv() and the affinity functions charge their per-customer
// structures (facts, orders, summaries, purchase history) to the
// statement as they build them: under a per-query limit smaller than
// those of 2,000 customers each fails with 1038 (HY001) before holding
// them, the session's next statement runs, and with the limit lifted
// they answer.
func TestAnalyticsWithinBudget(t *testing.T) {
	t.Parallel()
	s := startShop(t, 2000)
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1) // one session: SET SESSION applies to the next queries
	for _, q := range []string{"SET clv_min_history_days = 0", "SET clv_min_repeat_customers = 0", "CALL clv_fit()"} {
		mustExec(t, db, q)
	}
	queries := []string{
		"SELECT COUNT(*) FROM rfm()",
		"SELECT COUNT(*) FROM lifecycle()",
		"SELECT COUNT(*) FROM clv()",
		"SELECT COUNT(*) FROM top_products()",
		"SELECT COUNT(*) FROM predictive_affinity()",
		"SELECT COUNT(*) FROM replenishment()",
	}
	mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 65536")
	for _, q := range queries {
		_, err := db.Query(q)
		wantMemoryErr(t, err, "cohortdb_query_memory_limit", q+" under 64 KiB")
		if n := queryInt(t, db, "SELECT COUNT(*) FROM customers"); n != 2000 {
			t.Fatalf("after %s: %d customers, want 2000", q, n)
		}
	}
	mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 0")
	for _, q := range queries {
		if n := queryInt(t, db, q); n <= 0 {
			t.Fatalf("%s without a limit: %d rows", q, n)
		}
	}
}

// GMS's row-at-a-time operators (cohortdb_exec = 0 and cohortdb_vectorize
// = 0 send every query there) charge their hash tables to the statement:
// a GROUP BY of 40,000 groups (about 224 bytes each), a DISTINCT, a
// UNION and an IN subquery of 40,000 values (about 48 bytes each) all
// pass a 1 MiB limit and fail with 1038 naming it; the session and
// another one carry on, and without the limit the same statements
// answer with one row or group per distinct value (the 40,000 values of
// fillWide are distinct).
func TestRowPathMemoryLimit(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1) // one session: SET SESSION applies to the next queries
	fillWide(t, db, 40000, 12, 4000)
	other := s.root(t, "shop")
	for _, q := range []string{"SET cohortdb_exec = 0", "SET cohortdb_vectorize = 0"} {
		mustExec(t, db, q)
	}
	cases := []struct {
		name, q string
		want    int64 // rows of the subquery without a limit
	}{
		{"group by", "SELECT s, COUNT(*) FROM wide GROUP BY s", 40000},
		{"group by two columns", "SELECT LEFT(s, 3) a, s, MAX(id) FROM wide GROUP BY a, s", 40000},
		{"distinct", "SELECT DISTINCT s FROM wide", 40000},
		{"union", "SELECT s FROM wide UNION SELECT CONCAT(s, 'y') FROM wide", 80000},
		{"in subquery", "SELECT s FROM wide WHERE s IN (SELECT CONCAT(s, '') FROM wide)", 40000},
	}
	for _, c := range cases {
		mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 1048576")
		err := drain(db, c.q)
		wantMemoryErr(t, err, "cohortdb_query_memory_limit", c.name)
		if n := queryInt(t, db, "SELECT COUNT(*) FROM wide"); n != 40000 {
			t.Fatalf("after %s: COUNT(*) = %d in the same session", c.name, n)
		}
		if n := queryInt(t, other, "SELECT COUNT(*) FROM wide WHERE id < 10"); n != 10 {
			t.Fatalf("after %s: COUNT(*) = %d in another session", c.name, n)
		}
		mustExec(t, db, "SET SESSION cohortdb_query_memory_limit = 0")
		if n := queryInt(t, db, "SELECT COUNT(*) FROM ("+c.q+") x"); n != c.want {
			t.Fatalf("%s without a limit: %d rows, want %d", c.name, n, c.want)
		}
	}
}
