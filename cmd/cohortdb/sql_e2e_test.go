package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSQLBasicsWithAuth runs everyday statements through the binary with
// authentication on, which makes go-mysql-server wrap every database in
// mysql_db.PrivilegedDatabase (see docs/server.md, "Requirements on the
// engine"); it also checks that LOAD DATA LOCAL INFILE works by default.
func TestSQLBasicsWithAuth(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	mustExec(t, s.root(t, ""), "CREATE DATABASE app")
	db := s.root(t, "app")
	mustExec(t, db, "CREATE TABLE customers (id BIGINT PRIMARY KEY, country VARCHAR(2), spend DOUBLE)")
	mustExec(t, db, "INSERT INTO customers VALUES (1, 'DE', 10.5), (2, 'FR', 20)")
	mustExec(t, db, "UPDATE customers SET spend = spend + 1 WHERE id = 2")
	mustExec(t, db, "DELETE FROM customers WHERE id = 1")

	csv := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(csv, []byte("3,IT,7\n4,ES,8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "LOAD DATA LOCAL INFILE '"+csv+"' INTO TABLE customers FIELDS TERMINATED BY ','")

	var n int
	var total float64
	if err := db.QueryRow("SELECT COUNT(*), SUM(spend) FROM customers").Scan(&n, &total); err != nil {
		t.Fatalf("count: %v", err)
	}
	if n != 3 || total != 36 {
		t.Fatalf("got %d rows, total spend %v; want 3 rows, 36", n, total)
	}
	var tables int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'app'").Scan(&tables); err != nil || tables != 1 {
		t.Fatalf("information_schema.tables for app: %d, %v", tables, err)
	}
}
