package main

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// fillIDs creates shop.ids with ids 1..n.
func fillIDs(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	mustExec(t, db, "CREATE TABLE shop.ids (id BIGINT PRIMARY KEY, tag VARCHAR(8))")
	for lo := 1; lo <= n; lo += 5000 {
		var b strings.Builder
		b.WriteString("INSERT INTO shop.ids VALUES ")
		for id := lo; id < min(lo+5000, n+1); id++ {
			if id > lo {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "(%d, 't%d')", id, id%100)
		}
		mustExec(t, db, b.String())
	}
}

func joinInts(lo, hi, step int, sep string, f func(int) string) string {
	var parts []string
	for i := lo; i < hi; i += step {
		parts = append(parts, f(i))
	}
	return strings.Join(parts, sep)
}

// Long IN lists and OR chains of equalities answer (a hash set per row,
// no index range per element), with SQL's results; the counts are
// arithmetic on the fixture (ids 1..20000).
func TestLargeInListsAndOrChains(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	db := s.root(t, "shop")
	fillIDs(t, db, 20000)
	num := func(i int) string { return fmt.Sprint(i) }
	tests := []struct {
		name  string
		where string
		want  int
	}{
		// Even numbers 2..200000: 10000 of them are ids.
		{"IN of 100,000 ids", "id IN (" + joinInts(2, 200001, 2, ",", num) + ")", 10000},
		{"NOT IN of 100,000 ids", "id NOT IN (" + joinInts(2, 200001, 2, ",", num) + ")", 10000},
		// Folded into an IN in the syntax tree (engine/orchain_parse.go):
		// the plan builder never recurses 100,000 deep.
		{"OR chain of 100,000 equalities", joinInts(2, 200001, 2, " OR ", func(i int) string { return "id = " + num(i) }), 10000},
		{"OR chain of 100,000 equalities under AND", "tag <> 't4' AND (" + joinInts(2, 200001, 2, " OR ", func(i int) string { return "id = " + num(i) }) + ")", 10000 - 200},
		// Multiples of 3 from 3 to 90000: 6666 are at most 20000.
		{"OR chain of 30,000 equalities", joinInts(3, 90001, 3, " OR ", func(i int) string { return "id = " + num(i) }), 6666},
		// 't7' is ids ≡ 7 mod 100: 200; 1500 odd ids 1..2999, 30 of
		// them ≡ 7 mod 100 (7, 107, …, 2907).
		{"OR chain on two columns", joinInts(1, 3000, 2, " OR ", func(i int) string { return "id = " + num(i) }) + " OR tag = 't7'", 1500 + 200 - 30},
	}
	for _, tc := range tests {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM ids WHERE " + tc.where).Scan(&n); err != nil || n != tc.want {
			t.Fatalf("%s: COUNT(*) = %d, %v; want %d", tc.name, n, err, tc.want)
		}
	}
}

// A statement too large to parse within the memory limit, or longer than
// max_allowed_packet, is refused with a clear error before it is parsed;
// the connection goes on.
func TestStatementSizeLimits(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{Args: []string{"--query-memory-limit", "64M"}})
	db := s.root(t, "shop")
	db.SetMaxOpenConns(1)
	// 1 MiB of text is charged 128 MiB to parse: past the 64 MiB limit.
	huge := "SELECT COUNT(*) FROM customers WHERE customer_id IN (" + joinInts(1, 150001, 1, ",", func(i int) string { return fmt.Sprint(i) }) + ")"
	_, err := db.Exec(huge)
	wantMemoryErr(t, err, "cohortdb_query_memory_limit", "statement of "+fmt.Sprint(len(huge))+" bytes")
	if !strings.Contains(err.Error(), "to parse") {
		t.Fatalf("error does not say the statement is too large to parse: %v", err)
	}
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("after the refused statement: %d, %v", one, err)
	}
	mustExec(t, db, "SET GLOBAL max_allowed_packet = 65536")
	other := s.root(t, "shop") // a new session reads the new global
	_, err = other.Exec("SELECT '" + strings.Repeat("x", 70000) + "'")
	wantErrNum(t, err, 1153, "statement longer than max_allowed_packet")
	if err := other.QueryRow("SELECT 1").Scan(&one); err != nil {
		t.Fatalf("after 1153: %v", err)
	}
}
