package server

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// wireResult is what a client sees of one statement: column metadata,
// rows as raw text (NULL marked), or the error.
type wireResult struct {
	cols []string
	rows []string
	err  string
}

func fetchWire(t *testing.T, db *sql.DB, q string) wireResult {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		return wireResult{err: fmt.Sprintf("%d %v", mysqlErrNum(err), err)}
	}
	defer rows.Close()
	var res wireResult
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatalf("%s: column types: %v", q, err)
	}
	for _, c := range cts {
		l, _ := c.Length()
		p, s, _ := c.DecimalSize()
		n, _ := c.Nullable()
		res.cols = append(res.cols, fmt.Sprintf("%s %s len=%d dec=%d,%d null=%v", c.Name(), c.DatabaseTypeName(), l, p, s, n))
	}
	raw := make([]sql.RawBytes, len(cts))
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: scan: %v", q, err)
		}
		var b strings.Builder
		for _, v := range raw {
			if v == nil {
				b.WriteString("NULL|")
			} else {
				fmt.Fprintf(&b, "%q|", v)
			}
		}
		res.rows = append(res.rows, b.String())
	}
	if err := rows.Err(); err != nil {
		res.err = fmt.Sprintf("%d %v", mysqlErrNum(err), err)
	}
	return res
}

// TestResultPathMatchesGMS runs statements once through the batched
// result path and once through go-mysql-server's own handler and
// requires the client to see the same thing: column metadata, every
// value's text, NULLs, errors, warnings and session state afterwards.
func TestResultPathMatchesGMS(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE v (
		id BIGINT PRIMARY KEY, i8 TINYINT, i16 SMALLINT, i32 INT, u32 INT UNSIGNED, u64 BIGINT UNSIGNED,
		m DECIMAL(20,2), d4 DECIMAL(10,4), d0 DECIMAL(5,0), f FLOAT, g DOUBLE,
		dt DATE, ts DATETIME, ts6 DATETIME(6), tm TIME, yr YEAR,
		s VARCHAR(20), tx TEXT, bl BLOB, bn BINARY(4), e ENUM('a','b'), st SET('x','y'), j JSON, bt BIT(8))`)
	for i := 0; i < 700; i++ { // more rows than one batch
		mustExec(t, db, `INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i, i%256-128, i*37-9000, i*1000003-300000000, i*7, uint64(i)*1e15,
			fmt.Sprintf("%d.%02d", i*13-4000, i%100), fmt.Sprintf("%d.%04d", i%900-450, i*7%10000), i%200-100,
			float64(i)/3, float64(i)*1e10/7,
			fmt.Sprintf("20%02d-%02d-%02d", i%30, i%12+1, i%28+1), fmt.Sprintf("2026-01-%02d %02d:%02d:%02d", i%28+1, i%24, i%60, i*7%60),
			fmt.Sprintf("2026-02-03 04:05:06.%06d", i*1234%1000000), fmt.Sprintf("%02d:%02d:00", i%24, i%60), 1990+i%50,
			fmt.Sprintf("s%dé", i), strings.Repeat("t", i%50), []byte{byte(i), 0, 255}, []byte{byte(i)}, []string{"a", "b"}[i%2], "x,y",
			fmt.Sprintf(`{"k": %d, "a": [1, "z"]}`, i), i%256)
	}
	mustExec(t, db, `INSERT INTO v (id) VALUES (10000)`) // all NULL
	queries := []string{
		`SELECT * FROM v ORDER BY id`,
		`SELECT id, m, d4, d0 FROM v WHERE id < 0`,
		`SELECT SUM(m), AVG(m), MIN(d4), MAX(dt), COUNT(*), SUM(i32), AVG(i8) FROM v`,
		`SELECT id % 7 AS k, SUM(m) AS s, COUNT(DISTINCT i8) FROM v GROUP BY id % 7 ORDER BY k`,
		`SELECT DATEDIFF('2026-07-01', dt), dt + INTERVAL 1 DAY, CAST(m AS CHAR), m * 2, m / 3, CONCAT(s, '-', id) FROM v ORDER BY id LIMIT 300`,
		`SELECT 1, NULL, 1.50, -0.05, 'x', DATE '2026-01-02', TIMESTAMP '2026-01-02 03:04:05.5', 1e3, TRUE`,
		`  select id from v where id = 3`,
		`WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 600) SELECT n, n * 1.25 FROM c`,
		`(SELECT id FROM v ORDER BY id LIMIT 2)`,
		`SELECT table_name, table_rows FROM information_schema.tables WHERE table_schema = 'mydb' ORDER BY table_name`,
		`SELECT @@autocommit, @@version_comment, DATABASE(), USER()`,
		`SELECT no_such_column FROM v`,
		`SELECT * FROM no_such_table`,
		`SELECT 1 FROM v WHERE`,
		`SELECT 1/0, CAST('abc' AS SIGNED)`,
		`SELECT j->'$.a', JSON_EXTRACT(j, '$.k') FROM v ORDER BY id LIMIT 5`,
		`SELECT SQL_CALC_FOUND_ROWS id FROM v ORDER BY id LIMIT 3`,
		`SELECT id FROM v ORDER BY id LIMIT 1 INTO @first`,
		`SELECT @first`,
	}
	// Each statement is followed by what a client may ask about it next.
	after := []string{"SHOW WARNINGS", "SELECT FOUND_ROWS(), ROW_COUNT(), LAST_INSERT_ID()"}
	run := func(q string) []wireResult {
		out := []wireResult{fetchWire(t, db, q)}
		for _, a := range after {
			out = append(out, fetchWire(t, db, a))
		}
		return out
	}
	// The same over a connection with multi-statements enabled, as the
	// mysql client opens them (its packets come as ComMultiQuery).
	cfg, err := mysql.ParseDSN(s.dsn("root", "pw", "mydb"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MultiStatements = true
	multi, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer multi.Close()
	multi.SetMaxOpenConns(1)
	for _, q := range []string{queries[0], queries[2], `SELECT 1; SELECT 2`, `SELECT m FROM v WHERE id = 5;`} {
		fast := fetchWire(t, multi, q)
		p := s.drainer.results.Swap(nil)
		slow := fetchWire(t, multi, q)
		s.drainer.results.Store(p)
		compareWire(t, "multi-statements: "+q, fast, slow)
	}
	for _, q := range queries {
		fast := run(q)
		p := s.drainer.results.Swap(nil)
		slow := run(q)
		s.drainer.results.Store(p)
		compareWire(t, q, fast[0], slow[0])
		for i, a := range after {
			compareWire(t, q+" / "+a, fast[i+1], slow[i+1])
		}
	}
}

func compareWire(t *testing.T, q string, got, want wireResult) {
	t.Helper()
	if got.err != want.err {
		t.Errorf("%s: error %q, go-mysql-server %q", q, got.err, want.err)
	}
	if strings.Join(got.cols, "\n") != strings.Join(want.cols, "\n") {
		t.Errorf("%s: columns\n%s\ngo-mysql-server\n%s", q, strings.Join(got.cols, "\n"), strings.Join(want.cols, "\n"))
	}
	if len(got.rows) != len(want.rows) {
		t.Errorf("%s: %d rows, go-mysql-server %d", q, len(got.rows), len(want.rows))
		return
	}
	for i := range got.rows {
		if got.rows[i] != want.rows[i] {
			t.Errorf("%s: row %d\n%s\ngo-mysql-server\n%s", q, i, got.rows[i], want.rows[i])
			return
		}
	}
}

// TestKillQueryOnResultPath: a SELECT running on the batched result path
// is in the process list and stops with "query execution was
// interrupted" (1317, as MySQL; go-mysql-server says 1105 "context
// canceled") when another session kills it.
func TestKillQueryOnResultPath(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")

	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	admin := s.open(t, "root", "pw", "mydb")
	defer admin.Close()
	result := make(chan error, 1)
	go func() {
		var v int
		result <- db.QueryRow("SELECT SLEEP(600)").Scan(&v)
	}()
	waitForProcess(t, s.Server, "SLEEP(600)")
	var conn uint32
	for _, p := range s.be.sql.ProcessList.Processes() {
		if strings.Contains(p.Query, "SLEEP(600)") {
			conn = p.Connection
		}
	}
	mustExec(t, admin, fmt.Sprintf("KILL QUERY %d", conn))
	wantErrNum(t, <-result, 1317, "killed SELECT")
}
