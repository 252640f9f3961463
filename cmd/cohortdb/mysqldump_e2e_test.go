package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// requireMysqldump finds mysqldump and mysql (Debian's mariadb-client),
// installing the package when the test runs as root with apt-get; it
// skips the test, saying why, when they cannot be had.
func requireMysqldump(t *testing.T) (dump, client string) {
	t.Helper()
	if _, err := exec.LookPath("mysqldump"); err != nil {
		if _, aptErr := exec.LookPath("apt-get"); aptErr == nil {
			exec.Command("apt-get", "install", "-y", "mariadb-client").Run()
		}
	}
	dump, err1 := exec.LookPath("mysqldump")
	client, err2 := exec.LookPath("mysql")
	if err1 != nil || err2 != nil {
		skipMissing(t, "mysqldump/mysql not installed (apt-get install mariadb-client)")
	}
	return dump, client
}

// toolArgs are the connection flags of the mysql client tools for s.
func (s *testServer) toolArgs() []string {
	host, port, _ := strings.Cut(s.Addr, ":")
	return []string{"-h", host, "-P", port, "--protocol=tcp", "-uroot", "-p" + s.RootPassword}
}

func runTool(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s%s", name, err, errOut.String(), out.String())
	}
	return out.Bytes()
}

// TestMysqldumpRoundTrip: a database dumped with mysqldump (plain,
// --single-transaction, --all-databases) restores into a fresh server
// with the mysql client, and dumping the restored server gives the same
// dump byte for byte — the canonical customers table's comment with a
// quote, BOOLEAN columns and saved segments (members and all) included.
func TestMysqldumpRoundTrip(t *testing.T) {
	t.Parallel()
	dump, client := requireMysqldump(t)
	src := startServer(t, serverOptions{})
	db := src.root(t, "shop")
	mustExec(t, db, `INSERT INTO customers (customer_id, email, country, signup_at, email_opt_in) VALUES
		(1, 'a@x.io', 'DE', '2024-01-05 10:00:00', 1), (2, 'o''brien@x.io', 'IE', '2024-02-01 09:30:00', 0),
		(3, NULL, NULL, '2024-03-01 00:00:00', 1)`)
	mustExec(t, db, `INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount) VALUES
		(10, 1, 1, '2024-02-01 12:00:00', 5, 2, 9.99, 19.98), (11, 1, 2, '2024-03-01 12:00:00', 6, 1, 100.00, 100.00),
		(12, 1, 1, '2024-04-01 12:00:00', 5, 1, 9.99, 9.99)`)
	mustExec(t, db, "CALL create_segment('buyers', 'SELECT DISTINCT customer_id FROM orders')")
	mustExec(t, db, "CALL create_segment('big', 'SELECT customer_id FROM orders GROUP BY customer_id HAVING SUM(amount) > 50')")

	for _, mode := range [][]string{{"shop"}, {"--single-transaction", "shop"}, {"--all-databases"}} {
		t.Run(strings.Join(mode, " "), func(t *testing.T) {
			args := append(src.toolArgs(), "--skip-dump-date")
			first := runTool(t, nil, dump, append(args, mode...)...)
			dst := startServer(t, serverOptions{})
			target := dst.toolArgs()
			if mode[len(mode)-1] == "shop" {
				target = append(target, "shop")
			}
			runTool(t, first, client, target...)
			second := runTool(t, nil, dump, append(append(dst.toolArgs(), "--skip-dump-date"), mode...)...)
			if !bytes.Equal(first, second) {
				t.Errorf("dump of the restored server differs from the original dump:\n%s", firstDiff(first, second))
			}
			restored := dst.root(t, "shop")
			for q, want := range map[string]int64{
				"SELECT COUNT(*) FROM segment_members('buyers')":                          2,
				"SELECT COUNT(*) FROM segment_members('big')":                             1,
				"SELECT COUNT(*) FROM customers WHERE email = 'o''brien@x.io'":            1,
				"SELECT COUNT(*) FROM customers c WHERE in_segment(c.customer_id, 'big')": 1,
			} {
				if got := queryInt(t, restored, q); got != want {
					t.Errorf("after restore, %s = %d, want %d", q, got, want)
				}
			}
		})
	}
}

// TestMysqldumpDemoRoundTrip: the demo shop `make run` serves (the same
// generator and seed, 1,500 contacts here; the 50,000 of make run under
// COHORTDB_TEST_LONG), with saved segments beside it, dumped with
// mysqldump --single-transaction, restored into a fresh server and
// dumped again, is the same dump line for line (but for the restoring
// server's own compaction history), and the restored server's data and
// analytics answer as the original's. The dumps' rows are compared as a
// multiset: events has no primary key, so its scan order is the
// storage's, which background compaction changes as the restored rows
// arrive (MySQL promises no order there either).
func TestMysqldumpDemoRoundTrip(t *testing.T) {
	t.Parallel()
	dump, client := requireMysqldump(t)
	customers := "1500"
	if os.Getenv("COHORTDB_TEST_LONG") != "" {
		customers = "50000"
	}
	dir := t.TempDir()
	csvDir, dataDir := filepath.Join(dir, "csv"), filepath.Join(dir, "data")
	if code, out := runBinary(t, nil, "gen", "--customers", customers, "--seed", "1", "--out", csvDir); code != 0 {
		t.Fatalf("gen: %s", out)
	}
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--dir", csvDir); code != 0 {
		t.Fatalf("import: %s", out)
	}
	src := startServer(t, serverOptions{DataDir: dataDir})
	db := src.root(t, "shop")
	mustExec(t, db, "CALL create_segment('loyal', 'SELECT customer_id FROM rfm() WHERE f >= 4')")
	mustExec(t, db, "CALL create_segment('big', 'SELECT customer_id FROM orders GROUP BY customer_id HAVING SUM(amount) > 500')")
	checks := []string{
		"SELECT COUNT(*) FROM segment_members('loyal')",
		"SELECT COUNT(*) FROM segment_members('big')",
		"SELECT COUNT(*) FROM orders",
		"SELECT COUNT(*) FROM events",
		"SELECT CAST(SUM(amount) * 100 AS SIGNED) FROM orders",
		"SELECT SUM(r * 100 + f * 10 + m) FROM rfm()",
	}
	want := map[string]int64{}
	for _, q := range checks {
		want[q] = queryInt(t, db, q)
	}
	// compaction_history is the server's own record: the restoring
	// server's background compaction of the rows it was sent writes
	// there, so the two dumps may differ in it by design.
	mode := []string{"--single-transaction", "--skip-dump-date", "--ignore-table=shop.compaction_history", "shop"}
	first := runTool(t, nil, dump, append(src.toolArgs(), mode...)...)
	dst := startServer(t, serverOptions{})
	runTool(t, first, client, append(dst.toolArgs(), "shop")...)
	second := runTool(t, nil, dump, append(dst.toolArgs(), mode...)...)
	if d := lineSetDiff(first, second); d != "" {
		t.Errorf("dump of the restored demo differs from the original dump:\n%s", d)
	}
	if !bytes.Contains(first, []byte("INSERT INTO `events` VALUES")) {
		t.Errorf("the dump holds no events")
	}
	restored := dst.root(t, "shop")
	for _, q := range checks {
		if got := queryInt(t, restored, q); got != want[q] {
			t.Errorf("after restore, %s = %d, want %d (the original's)", q, got, want[q])
		}
	}
	if want[checks[0]] == 0 || want[checks[1]] == 0 || want[checks[3]] == 0 {
		t.Errorf("the demo lacks loyal or big customers or events: %v", want)
	}
}

// lineSetDiff shows the first line one dump has more often than the
// other ("" when they hold the same lines, in any order), each row of an
// extended INSERT counted as a line of its own.
func lineSetDiff(a, b []byte) string {
	la, lb := dumpRows(a), dumpRows(b)
	slices.Sort(la)
	slices.Sort(lb)
	for i := 0; i < len(la) || i < len(lb); i++ {
		switch {
		case i >= len(lb) || (i < len(la) && la[i] < lb[i]):
			return fmt.Sprintf("only in the original: %s", la[i])
		case i >= len(la) || la[i] > lb[i]:
			return fmt.Sprintf("only in the restored: %s", lb[i])
		}
	}
	return ""
}

// dumpRows is a dump's lines with each INSERT's rows as lines of their
// own (prefixed with the INSERT's head) and the heads themselves left
// out: how rows are cut into statements depends on their order. Both
// layouts are read: MariaDB's mysqldump writes a row per line after
// "INSERT INTO `t` VALUES", MySQL's all rows on the INSERT's line. A
// value holding "),(" splits too, the same way wherever its row stands.
func dumpRows(dump []byte) []string {
	var out []string
	head := ""
	for _, line := range strings.Split(string(dump), "\n") {
		if h, values, ok := strings.Cut(line, " VALUES"); ok && strings.HasPrefix(h, "INSERT INTO ") {
			head = h
			line = strings.TrimPrefix(values, " ")
			if line == "" {
				continue
			}
		}
		if head == "" || !strings.HasPrefix(line, "(") {
			head = ""
			out = append(out, line)
			continue
		}
		row := strings.TrimSuffix(strings.TrimSuffix(line, ","), ";")
		for _, r := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(row, "("), ")"), "),(") {
			out = append(out, head+" ("+r+")")
		}
		if strings.HasSuffix(line, ";") {
			head = ""
		}
	}
	return out
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n< %s\n> %s", i+1, la[i], lb[i])
		}
	}
	return "one dump is a prefix of the other"
}

// TestMysqldumpTab: mysqldump --tab writes each table's CREATE TABLE and
// its rows (SELECT … INTO OUTFILE … CHARACTER SET binary, into the
// server's secure_file_priv directory); the .sql files and mysqlimport
// of the .txt files restore a fresh server whose plain dump equals the
// original's byte for byte — DATETIMEs, DECIMALs, NULLs, and strings
// with backslashes, quotes, tabs, newlines and carriage returns included
// (a tab or newline inside a value is written as a backslash and the byte
// itself, as MySQL writes it, and read back so).
func TestMysqldumpTab(t *testing.T) {
	t.Parallel()
	dump, client := requireMysqldump(t)
	imp, err := exec.LookPath("mysqlimport")
	if err != nil {
		skipMissing(t, "mysqlimport not installed (apt-get install mariadb-client)")
	}
	dir := t.TempDir()
	src := startServer(t, serverOptions{Args: []string{"--secure-file-priv", dir}})
	db := src.root(t, "shop")
	mustExec(t, db, `INSERT INTO customers (customer_id, email, first_name, country, signup_at, email_opt_in) VALUES
		(1, 'a@x.io', 'back\\slash', 'DE', '2024-01-05 10:00:00', 1), (2, 'o''brien@x.io', 'quote " and \\N', 'IE', '2024-02-01 09:30:00', 0),
		(3, NULL, NULL, NULL, '2024-03-01 00:00:00', 1), (4, 'tab@x.io', 'a\tb\nc\rd\\', 'FR', '2024-04-01 00:00:00', 0)`)
	mustExec(t, db, `INSERT INTO orders (order_id, line_no, customer_id, ordered_at, product_id, quantity, unit_price, amount, coupon_code) VALUES
		(10, 1, 1, '2024-02-01 12:00:00', 5, 2, 9.99, 19.98, NULL), (11, 1, 2, '2024-03-01 12:34:56', 6, 1, 100.00, 100.00, 'N')`)
	tables := []string{"customers", "orders"}
	runTool(t, nil, dump, append(append(src.toolArgs(), "--tab="+dir, "shop"), tables...)...)

	dst := startServer(t, serverOptions{})
	for _, table := range tables {
		ddl, err := os.ReadFile(filepath.Join(dir, table+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		runTool(t, ddl, client, append(dst.toolArgs(), "shop")...)
		runTool(t, nil, imp, append(dst.toolArgs(), "--local", "shop", filepath.Join(dir, table+".txt"))...)
	}
	plain := func(s *testServer) []byte {
		return runTool(t, nil, dump, append(append(s.toolArgs(), "--skip-dump-date", "shop"), tables...)...)
	}
	if first, second := plain(src), plain(dst); !bytes.Equal(first, second) {
		t.Errorf("the server restored from --tab dumps differently:\n%s", firstDiff(first, second))
	}
}

// TestDumpRowsCompare: the dump comparison finds the same rows equal
// whatever their order, statement cut and layout (MariaDB's row per
// line, MySQL's rows on one line), and a missing or changed row not.
func TestDumpRowsCompare(t *testing.T) {
	t.Parallel()
	mariadb := "-- head\nINSERT INTO `e` VALUES\n(1,'a'),\n(2,'b');\nINSERT INTO `e` VALUES\n(3,'x),(y');\n-- tail"
	mysql := "-- head\nINSERT INTO `e` VALUES (3,'x),(y'),(1,'a');\nINSERT INTO `e` VALUES (2,'b');\n-- tail"
	if d := lineSetDiff([]byte(mariadb), []byte(mysql)); d != "" {
		t.Errorf("the same rows differ: %s", d)
	}
	for _, other := range []string{
		"-- head\nINSERT INTO `e` VALUES (3,'x),(y'),(1,'a');\n-- tail",
		"-- head\nINSERT INTO `e` VALUES (3,'x),(y'),(1,'a'),(2,'c');\n-- tail",
		"-- head\nINSERT INTO `f` VALUES (3,'x),(y'),(1,'a'),(2,'b');\n-- tail",
		"-- head\nINSERT INTO `e` VALUES (3,'x),(y'),(1,'a'),(2,'b');\n-- other tail",
	} {
		if lineSetDiff([]byte(mariadb), []byte(other)) == "" {
			t.Errorf("%q compares equal to %q", other, mariadb)
		}
	}
}
