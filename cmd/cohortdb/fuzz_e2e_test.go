package main

// A seeded, bounded fuzzer over the wire: mutated SQL (from a corpus of
// the statements users and BI tools send), the analytics functions called
// with random arguments, every procedure the engine registers CALLed with
// random arguments (in a scratch copy of the shop, on a connection of its
// own), and random CSV through LOAD DATA LOCAL. Every
// statement must answer with rows or a MySQL error — never a dropped
// connection, a panic or a hung server — and afterwards the shop's data
// is unchanged and the server answers. COHORTDB_FUZZ_N sets the number of
// statements (make test: a few hundred; make test-long: more),
// COHORTDB_FUZZ_SEED the seed (the log names it; a failure prints the
// statement).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

func fuzzSettings(t *testing.T) (n int, seed uint64) {
	n, seed = 400, uint64(time.Now().UnixNano())
	if v, err := strconv.Atoi(os.Getenv("COHORTDB_FUZZ_N")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.ParseUint(os.Getenv("COHORTDB_FUZZ_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("fuzzer: %d statements, COHORTDB_FUZZ_SEED=%d", n, seed)
	return n, seed
}

var fuzzCorpus = []string{
	"SELECT * FROM customers WHERE customer_id = 42",
	"SELECT country, COUNT(*), SUM(email_opt_in) FROM customers GROUP BY country ORDER BY 2 DESC",
	"SELECT customer_id, SUM(quantity * unit_price) FROM orders GROUP BY customer_id HAVING SUM(quantity) > 3 ORDER BY 2 DESC LIMIT 10",
	"SELECT c.country, COUNT(DISTINCT o.order_id) FROM orders o JOIN customers c ON c.customer_id = o.customer_id WHERE o.order_date >= '2025-01-01' GROUP BY c.country",
	"SELECT DATE_FORMAT(order_date, '%Y-%m') m, COUNT(*) FROM orders GROUP BY m ORDER BY m",
	"SELECT customer_id, ROW_NUMBER() OVER (PARTITION BY country ORDER BY signup_at) FROM customers LIMIT 20",
	"SELECT * FROM products WHERE price BETWEEN 10 AND 20 OR name LIKE 'a%' ORDER BY price LIMIT 5",
	"SELECT CASE WHEN r_score >= 4 THEN 'top' ELSE 'rest' END t, COUNT(*) FROM rfm() GROUP BY t",
	"SELECT * FROM lifecycle() WHERE customer_id IN (1, 2, 3, NULL)",
	"SELECT COUNT(*) FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM orders)",
	"SELECT TIMESTAMPDIFF(MONTH, MIN(order_date), MAX(order_date)) FROM orders",
	"WITH f AS (SELECT customer_id, MIN(order_date) d FROM orders GROUP BY customer_id) SELECT YEAR(d), COUNT(*) FROM f GROUP BY 1",
	"SELECT LPAD(email, 30, '*'), UPPER(country), COALESCE(phone, 'none') FROM customers LIMIT 3",
	"SELECT * FROM top_products(5)",
	"SELECT * FROM segment_members('vip') LIMIT 5",
	"SELECT event_type, COUNT(*) FROM events GROUP BY event_type",
	"SELECT o.order_id FROM orders o LEFT JOIN products p ON p.product_id = o.product_id WHERE p.product_id IS NULL LIMIT 5",
}

var fuzzTokens = []string{
	"NULL", "0", "-1", "1", "2147483648", "-9223372036854775809", "18446744073709551616", "1e308", "-1e308", "0.000001",
	"''", "'x'", "'2026-13-45'", "'2025-02-29'", "'0000-00-00'", "'9999-12-31 23:59:59.999999'", "'\\''", "'ä漢'", "X'FF'", "b'101'",
	"(", ")", ",", "+", "-", "*", "/", "%", "=", "<>", "<=>", "AND", "OR", "NOT", "IS", "IN", "LIKE", "BETWEEN",
	"SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "UNION", "DISTINCT", "AS", "JOIN", "ON",
	"customers", "orders", "rfm()", "customer_id", "order_date", "email", "COUNT(*)", "SUM(", "CAST(", "INTERVAL 1 DAY",
	"REPEAT('y', 100000000)", "LPAD('x', 2000000000, 'y')", "DATE_ADD('2025-01-31', INTERVAL 1 MONTH)", "@@version", "@x",
}

// mutate applies a few token-level mutations to q.
func mutate(rng *rand.Rand, q string) string {
	toks := strings.Fields(q)
	for range 1 + rng.IntN(3) {
		if len(toks) == 0 {
			toks = []string{fuzzTokens[rng.IntN(len(fuzzTokens))]}
		}
		i := rng.IntN(len(toks))
		switch rng.IntN(6) {
		case 0: // delete
			toks = append(toks[:i], toks[i+1:]...)
		case 1: // insert
			toks = append(toks[:i], append([]string{fuzzTokens[rng.IntN(len(fuzzTokens))]}, toks[i:]...)...)
		case 2: // replace
			toks[i] = fuzzTokens[rng.IntN(len(fuzzTokens))]
		case 3: // duplicate
			toks = append(toks[:i], append([]string{toks[i]}, toks[i:]...)...)
		case 4: // swap
			j := rng.IntN(len(toks))
			toks[i], toks[j] = toks[j], toks[i]
		case 5: // truncate
			toks = toks[:i]
		}
	}
	return strings.Join(toks, " ")
}

var fuzzFunctions = []string{
	"rfm", "lifecycle", "customer_snapshot", "clv", "clv_evaluate", "churn_risk", "affinity_rules",
	"recommendations", "segment_recommendations", "predictive_affinity", "predictive_affinity_report",
	"top_products", "segment_members", "data_quality", "table_stats", "erfm_profile", "dimension_matrix",
	"customer_events", "revenue_impact", "replenishment_intervals", "uplift", "new_vs_returning",
	"engagement_index", "abandoned_carts", "session_stats", "category_shift", "sales_ready_leads", "segment_groups",
}

var fuzzArgs = []string{
	"NULL", "0", "1", "-1", "3", "1000", "1000000", "99999999999", "0.5", "-0.5", "1e300",
	"''", "'x'", "'shop'", "'customers'", "'orders'", "'product'", "'category'", "'paretonbd'", "'bgnbd'",
	"'vip'", "'2025-06-30'", "'2026-13-01'", "'1900-01-01'", "CURDATE()", "(SELECT 1)", "'%'", "REPEAT('z', 300)",
}

// fuzzProcArgs adds what procedures take to fuzzArgs: statements,
// segment names, file names, customer ids.
var fuzzProcArgs = append([]string{
	"'SELECT customer_id FROM customers'", "'SELECT 1'", "'SELEC'", "'DROP TABLE customers'", "'w1'", "'f.csv'", "'../x.csv'", "42",
}, fuzzArgs...)

// fuzzProc is a CALL of proc with n random arguments.
func fuzzProc(rng *rand.Rand, proc string, n int) string {
	args := make([]string, n)
	for i := range args {
		args[i] = fuzzProcArgs[rng.IntN(len(fuzzProcArgs))]
	}
	return fmt.Sprintf("CALL %s(%s)", proc, strings.Join(args, ", "))
}

// scratchShop copies the shop's tables into database scratch, for the
// procedures to change.
func scratchShop(t *testing.T, db *sql.DB) {
	t.Helper()
	mustExec(t, db, "CREATE DATABASE scratch")
	for _, tbl := range []string{"customers", "orders", "products", "events", "fx_rates"} {
		mustExec(t, db, fmt.Sprintf("CREATE TABLE scratch.%s LIKE shop.%s", tbl, tbl))
		mustExec(t, db, fmt.Sprintf("INSERT INTO scratch.%s SELECT * FROM shop.%s", tbl, tbl))
	}
}

func fuzzCall(rng *rand.Rand) string {
	args := make([]string, rng.IntN(5))
	for i := range args {
		args[i] = fuzzArgs[rng.IntN(len(fuzzArgs))]
	}
	return fmt.Sprintf("SELECT * FROM %s(%s) LIMIT 50", fuzzFunctions[rng.IntN(len(fuzzFunctions))], strings.Join(args, ", "))
}

// fuzzCSV writes a CSV of mostly valid rows for fz (a INT, b
// VARCHAR(20), c DATE, d DECIMAL(10,2)) with random damage.
func fuzzCSV(rng *rand.Rand, path string) error {
	var b strings.Builder
	for i := range 1 + rng.IntN(200) {
		fields := []string{strconv.Itoa(i), "name" + strconv.Itoa(i), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), fmt.Sprintf("%d.%02d", i, i%100)}
		if rng.IntN(8) == 0 {
			f := rng.IntN(len(fields))
			switch rng.IntN(9) {
			case 0:
				fields[f] = strings.Repeat("w", 1+rng.IntN(5000))
			case 1:
				fields[f] = "\"unterminated"
			case 2:
				fields = fields[:f]
			case 3:
				fields = append(fields, "extra", "more")
			case 4:
				fields[f] = "2026-02-30"
			case 5:
				fields[f] = "\x00\xff\xfe"
			case 6:
				fields[f] = "99999999999999999999999"
			case 7:
				fields[f] = `\N`
			case 8:
				fields[f] = "\"a,\"\"b\"\"\""
			}
		}
		b.WriteString(strings.Join(fields, ","))
		if rng.IntN(50) == 0 {
			b.WriteString("\r")
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// A MySQL error or rows, never anything else.
func TestFuzzSQLArgumentsCSV(t *testing.T) {
	t.Parallel()
	n, seed := fuzzSettings(t)
	// The drop directories let the import and export procedures run.
	importDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(importDir, "customers.1.csv"), []byte("customer_id,email\n900001,f@x.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startShop(t, 300, "--import-dir", importDir, "--export-dir", t.TempDir())
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	mustExec(t, db, "CREATE TABLE fz (a INT, b VARCHAR(20), c DATE, d DECIMAL(10,2))")
	before := rowsText(t, db, "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM orders), (SELECT SUM(quantity) FROM orders)")
	procs := registeredRoutines(t).Procedures
	scratchShop(t, db) // before conn takes the pool's one connection
	pc := scratchConn(t, s)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(seed, 20))
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Statements are bounded: a SELECT by max_execution_time (3024 is an
	// answer like any other), the others by what they do.
	if _, err := conn.ExecContext(ctx, "SET SESSION max_execution_time = 5000"); err != nil {
		t.Fatal(err)
	}
	var answered, failed int
	for i := range n {
		var q string
		if rng.IntN(8) == 0 {
			// Argument counts in random order until one is the
			// procedure's (1318 answers the others at once).
			proc := procs[rng.IntN(len(procs))]
			for _, n := range rng.Perm(4) {
				ok, code := pc.run(t, fuzzProc(rng, proc, n), i, seed)
				if ok {
					answered++
				} else {
					failed++
				}
				if code != 1318 {
					break
				}
			}
			continue
		}
		switch k := rng.IntN(10); {
		case k < 5:
			q = mutate(rng, fuzzCorpus[rng.IntN(len(fuzzCorpus))])
		case k < 8:
			q = fuzzCall(rng)
		default:
			p := filepath.Join(dir, fmt.Sprintf("f%d.csv", i))
			if err := fuzzCSV(rng, p); err != nil {
				t.Fatal(err)
			}
			ignore := []string{"", "IGNORE"}[rng.IntN(2)]
			q = fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' %s INTO TABLE fz FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' (a, b, c, d)", p, ignore)
		}
		if !strings.HasPrefix(q, "LOAD") && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "SELECT") && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "WITH") {
			q = "SELECT 1 FROM (" + q + ") fuzz" // keep mutations read-only
		}
		rows, err := conn.QueryContext(ctx, q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		var me *mysql.MySQLError
		switch {
		case err == nil:
			answered++
		case errors.As(err, &me):
			failed++
		default:
			t.Fatalf("statement %d (seed %d) answered neither rows nor a MySQL error: %v\n%s", i, seed, err, short(q))
		}
	}
	conn.Close() // the pool's one connection, for rowsText
	after := rowsText(t, db, "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM orders), (SELECT SUM(quantity) FROM orders)")
	if strings.Join(before, ";") != strings.Join(after, ";") {
		t.Fatalf("the shop changed under read-only fuzzing: %v, then %v", before, after)
	}
	t.Logf("%d statements: %d answered with rows, %d with a MySQL error", n, answered, failed)
}

// procConn is a connection in the scratch database that runs fuzzed
// CALLs; a statement still running after procBudget is stopped with KILL
// QUERY from the other connection (CALL is not bounded by
// max_execution_time, as in MySQL), and its 1317 is an answer like any
// other.
type procConn struct {
	conn, killer *sql.Conn
	id           int64
}

const procBudget = 5 * time.Second

func scratchConn(t *testing.T, s *testServer) *procConn {
	t.Helper()
	ctx := context.Background()
	db := s.root(t, "scratch")
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	killer, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); killer.Close() })
	p := &procConn{conn: conn, killer: killer}
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&p.id); err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs a fuzzed CALL: true when it answered rows, false and the code
// for a MySQL error; anything else (a dropped connection, a panic's EOF)
// fails the test.
func (p *procConn) run(t *testing.T, q string, i int, seed uint64) (bool, uint16) {
	t.Helper()
	ctx := context.Background()
	stop := time.AfterFunc(procBudget, func() {
		// Its error is of no interest: the statement may have ended meanwhile.
		_, _ = p.killer.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", p.id))
	})
	rows, err := p.conn.QueryContext(ctx, q)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	stop.Stop()
	var me *mysql.MySQLError
	switch {
	case err == nil:
		return true, 0
	case errors.As(err, &me):
		return false, me.Number
	}
	t.Fatalf("statement %d (seed %d) answered neither rows nor a MySQL error: %v\n%s", i, seed, err, short(q))
	return false, 0
}

// short keeps fuzzed statements in messages readable.
func short(q string) string {
	if len(q) > 400 {
		return q[:200] + " … " + q[len(q)-200:]
	}
	return q
}
