package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// shopTables are the canonical tables a demo set fills, with an ORDER BY
// that makes their contents comparable.
var shopTables = []struct{ name, order string }{
	{"customers", "customer_id"},
	{"products", "product_id"},
	{"orders", "order_id, line_no"},
	{"events", "customer_id, occurred_at, type, campaign_id, channel, product_id"},
}

// checksum hashes the full contents of every canonical table.
func checksum(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range shopTables {
		h := sha256.New()
		for _, line := range rowsText(t, db, "SELECT * FROM "+tb.name+" ORDER BY "+tb.order) {
			io.WriteString(h, line+"\n")
		}
		out[tb.name] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

func genShop(t *testing.T, customers int) (string, gen.Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := gen.Generate(dir, gen.Config{Customers: customers, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

// csvHeader returns the header line of a CSV file.
func csvHeader(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func loadDataLocal(db *sql.DB, table, path string, header []string) error {
	_, err := db.Exec(fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE %s FIELDS TERMINATED BY ',' ENCLOSED BY '\"' IGNORE 1 LINES (%s)",
		path, table, strings.Join(header, ", ")))
	return err
}

// insertCSV loads a CSV file with multi-row INSERT statements (empty
// fields are NULL, as the loaders read them).
func insertCSV(t *testing.T, db *sql.DB, table, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, _ := r.Read()
	var vals []string
	args := []any{}
	flush := func() {
		if len(vals) == 0 {
			return
		}
		q := "INSERT INTO " + table + " (" + strings.Join(header, ",") + ") VALUES " + strings.Join(vals, ",")
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("insert into %s: %v", table, err)
		}
		vals, args = vals[:0], args[:0]
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ph := make([]string, len(rec))
		for i, v := range rec {
			ph[i] = "?"
			if v == "" {
				args = append(args, nil)
			} else {
				args = append(args, v)
			}
		}
		vals = append(vals, "("+strings.Join(ph, ",")+")")
		if len(vals) == 500 {
			flush()
		}
	}
	flush()
}

// TestThreeDoorsLoadTheSame: `cohortdb import`, LOAD DATA LOCAL INFILE and
// multi-row INSERT give byte-identical table contents.
func TestThreeDoorsLoadTheSame(t *testing.T) {
	t.Parallel()
	csvDir, st := genShop(t, 1200)

	importDir := filepath.Join(t.TempDir(), "data")
	if code, out := runBinary(t, nil, "import", "--data-dir", importDir, "--dir", csvDir); code != 0 {
		t.Fatalf("cohortdb import exited %d:\n%s", code, out)
	}
	a := startServer(t, serverOptions{DataDir: importDir})
	byImport := checksum(t, a.root(t, "shop"))
	if n := queryInt(t, a.root(t, "shop"), "SELECT COUNT(*) FROM orders"); n != st.OrderLines {
		t.Fatalf("import loaded %d order lines, generator wrote %d", n, st.OrderLines)
	}
	a.stop(t)

	b := startServer(t, serverOptions{})
	bdb := b.root(t, "shop")
	for _, tb := range shopTables {
		path := filepath.Join(csvDir, tb.name+".csv")
		if err := loadDataLocal(bdb, tb.name, path, csvHeader(t, path)); err != nil {
			t.Fatalf("LOAD DATA %s: %v", tb.name, err)
		}
	}
	byLoadData := checksum(t, bdb)

	c := startServer(t, serverOptions{})
	cdb := c.root(t, "shop")
	for _, tb := range shopTables {
		insertCSV(t, cdb, tb.name, filepath.Join(csvDir, tb.name+".csv"))
	}
	byInsert := checksum(t, cdb)
	for _, tb := range shopTables {
		if byImport[tb.name] != byLoadData[tb.name] || byImport[tb.name] != byInsert[tb.name] {
			t.Errorf("%s differs: import %.12s, LOAD DATA %.12s, INSERT %.12s", tb.name, byImport[tb.name], byLoadData[tb.name], byInsert[tb.name])
		}
	}
	if got := queryInt(t, bdb, "SELECT COUNT(*) FROM load_history WHERE status = 'ok'"); got != 4 {
		t.Fatalf("load_history has %d ok loads, want 4", got)
	}
}

// writeBadOrders copies orders.csv with a bad date on file line badLine.
func writeBadOrders(t *testing.T, src string, badLine int) string {
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) <= badLine {
		t.Fatalf("orders.csv has only %d lines", len(lines))
	}
	f := strings.Split(lines[badLine-1], ",")
	f[3] = "2025-02-30 10:00:00" // ordered_at: February 30th
	lines[badLine-1] = strings.Join(f, ",")
	path := filepath.Join(t.TempDir(), "orders.csv")
	os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
	return path
}

// TestBadFileRejectedWhole: a file with a bad date on line 4711 is
// rejected naming line 4711 (by the import command and by LOAD DATA), the
// tables stay byte-for-byte the same, and load_history records it.
func TestBadFileRejectedWhole(t *testing.T) {
	t.Parallel()
	csvDir, _ := genShop(t, 1200)
	dataDir := filepath.Join(t.TempDir(), "data")
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--dir", csvDir); code != 0 {
		t.Fatalf("import: %d\n%s", code, out)
	}
	bad := writeBadOrders(t, filepath.Join(csvDir, "orders.csv"), 4711)

	s := startServer(t, serverOptions{DataDir: dataDir})
	before := checksum(t, s.root(t, "shop"))
	s.stop(t)
	code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--table", "orders", "--file", bad)
	if code != 1 || !strings.Contains(out, "line 4711, column ordered_at") || !strings.Contains(out, "nothing was stored") {
		t.Fatalf("import of a bad file: exit %d, output:\n%s", code, out)
	}
	s.restart(t)
	db := s.root(t, "shop")
	err := loadDataLocal(db, "orders", bad, csvHeader(t, bad))
	wantErrNum(t, err, 1366, "LOAD DATA of a bad file")
	if !strings.Contains(err.Error(), "line 4711, column ordered_at") {
		t.Fatalf("LOAD DATA error does not name line 4711: %v", err)
	}
	if after := checksum(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("tables changed by rejected loads:\nbefore %v\nafter  %v", before, after)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM load_history WHERE status = 'rejected' AND `table` = 'orders' AND LOCATE('line 4711', message) > 0"); got != 2 {
		t.Fatalf("load_history has %d rejected orders loads naming line 4711, want 2", got)
	}
}

// blockingReader serves the first part of a file, then blocks until the
// test is done: the load is certainly in flight when the server dies.
type blockingReader struct {
	r       io.Reader
	left    int64
	started chan struct{}
	done    chan struct{}
}

func (b *blockingReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		select {
		case <-b.started:
		default:
			close(b.started)
		}
		<-b.done
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// TestKilledLoadLeavesNothing: SIGKILL during LOAD DATA LOCAL; after a
// restart none of the load's rows exist and load_history shows the
// attempt as interrupted.
func TestKilledLoadLeavesNothing(t *testing.T) {
	t.Parallel()
	csvDir, _ := genShop(t, 3000)
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	path := filepath.Join(csvDir, "orders.csv")
	header := csvHeader(t, path)
	if err := loadDataLocal(db, "orders", path, header); err != nil {
		t.Fatal(err)
	}
	before := queryInt(t, db, "SELECT COUNT(*) FROM orders")

	f, _ := os.Open(path)
	defer f.Close()
	info, _ := f.Stat()
	br := &blockingReader{r: f, left: info.Size() * 2 / 3, started: make(chan struct{}), done: make(chan struct{})}
	defer close(br.done)
	mysql.RegisterReaderHandler("half_orders", func() io.Reader { return br })
	defer mysql.DeregisterReaderHandler("half_orders")
	go db.Exec(fmt.Sprintf("LOAD DATA LOCAL INFILE 'Reader::half_orders' INTO TABLE orders FIELDS TERMINATED BY ',' ENCLOSED BY '\"' IGNORE 1 LINES (%s)", strings.Join(header, ", ")))
	select {
	case <-br.started:
	case <-time.After(exitTimeout):
		t.Fatal("the load never read two thirds of the file")
	}
	s.kill(t)
	s.restart(t)
	db = s.root(t, "shop")
	if after := queryInt(t, db, "SELECT COUNT(*) FROM orders"); after != before {
		t.Fatalf("after a killed load: %d orders, want %d (none of the load's rows)", after, before)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM load_history WHERE status = 'interrupted'"); got != 1 {
		t.Fatalf("load_history has %d interrupted loads, want 1", got)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM load_history"); got != 2 {
		t.Fatalf("load_history has %d attempts, want 2", got)
	}
}

// TestImportModes: --mode upsert replaces rows by primary key and adds new
// ones; --mode replace swaps the whole table.
func TestImportModes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	base := write("customers.csv", "customer_id,email,signup_at\n1,a@x,2024-01-01\n2,b@x,2024-01-02\n3,c@x,2024-01-03\n")
	up := write("up.csv", "customer_id,email,signup_at\n2,b2@x,2024-01-02\n4,d@x,2024-01-04\n2,b3@x,2024-01-02\n")
	repl := write("repl.csv", "customer_id,email,signup_at\n9,z@x,2024-02-01\n")
	for _, args := range [][]string{
		{"--file", base},
		{"--table", "customers", "--file", up, "--mode", "upsert"},
	} {
		if code, out := runBinary(t, nil, append([]string{"import", "--data-dir", dataDir}, args...)...); code != 0 {
			t.Fatalf("import %v: %d\n%s", args, code, out)
		}
	}
	s := startServer(t, serverOptions{DataDir: dataDir})
	db := s.root(t, "shop")
	got := strings.Join(rowsText(t, db, "SELECT customer_id, email FROM customers ORDER BY customer_id"), " ")
	if got != "1|a@x 2|b3@x 3|c@x 4|d@x" {
		t.Fatalf("after upsert: %s", got)
	}
	s.stop(t)
	if code, out := runBinary(t, nil, "import", "--data-dir", dataDir, "--table", "customers", "--file", repl, "--mode", "replace"); code != 0 {
		t.Fatalf("replace: %d\n%s", code, out)
	}
	s.restart(t)
	db = s.root(t, "shop")
	if got := strings.Join(rowsText(t, db, "SELECT customer_id, email FROM customers ORDER BY customer_id"), " "); got != "9|z@x" {
		t.Fatalf("after replace: %s", got)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM customers WHERE customer_id = 2"); got != 0 {
		t.Fatalf("replaced row still found by key")
	}
}
