package main

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// counters reads cohortdb_counters() into a map.
func counters(t *testing.T, db *sql.DB) map[string]int64 {
	t.Helper()
	rows, err := db.Query("SELECT name, value FROM cohortdb_counters()")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var n string
		var v int64
		if err := rows.Scan(&n, &v); err != nil {
			t.Fatal(err)
		}
		out[n] = v
	}
	return out
}

func delta(before, after map[string]int64, name string) int64 { return after[name] - before[name] }

func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// wideRows inserts rows [from, to) into the 10-column table wide, in
// multi-row INSERTs of batch rows.
func wideRows(from, to int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO wide VALUES ")
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d,%d,'s%d',%d.5,'2024-01-%02d','2024-01-01 10:00:%02d',%d.25,%t,%d,'text %d')",
			i, i%97, i%13, i, 1+i%28, i%60, i%1000, i%2 == 0, uint64(i)*3, i)
	}
	return b.String()
}

const wideTable = `CREATE TABLE wide (id BIGINT PRIMARY KEY, c1 INT, c2 VARCHAR(16), c3 DOUBLE,
	c4 DATE, c5 DATETIME, c6 DECIMAL(10,2), c7 BOOLEAN, c8 BIGINT UNSIGNED, c9 TEXT)`

// TestDurabilityProjectionAndPruning is the foundation's end-to-end check:
// 200k rows over the wire, column-only decoding and zone-map skipping
// (asserted by counters), UPDATE/DELETE, and a SIGKILL with a statement in
// flight, after which every committed row is back and the in-flight
// statement is wholly there or wholly absent.
func TestDurabilityProjectionAndPruning(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	mustExec(t, s.root(t, ""), "CREATE DATABASE d")
	db := s.root(t, "d")
	mustExec(t, db, wideTable)
	const n, batch = 200_000, 2_000
	for i := 0; i < n; i += batch {
		mustExec(t, db, wideRows(i, i+batch))
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM wide"); got != n {
		t.Fatalf("COUNT(*) = %d, want %d", got, n)
	}

	segs := queryInt(t, db, "SELECT segments FROM table_stats('d','wide') WHERE column_name = 'c3'")
	if segs < 3 {
		t.Fatalf("%d sealed segments, want at least 3 for 200k rows", segs)
	}
	before := counters(t, db)
	if got := queryInt(t, db, "SELECT COUNT(c3) FROM wide"); got != n {
		t.Fatalf("COUNT(c3) = %d", got)
	}
	after := counters(t, db)
	if d := delta(before, after, "chunks_decoded"); d != segs {
		t.Fatalf("one-column query decoded %d chunks, want %d (one per segment, not 10 per segment)", d, segs)
	}

	before = counters(t, db)
	if got := queryInt(t, db, "SELECT COUNT(*) FROM wide WHERE id BETWEEN 70000 AND 70100"); got != 101 {
		t.Fatalf("range count = %d, want 101", got)
	}
	after = counters(t, db)
	if d := delta(before, after, "segments_skipped"); d < segs-1 {
		t.Fatalf("range filter skipped %d of %d segments, want %d", d, segs, segs-1)
	}

	mustExec(t, db, "UPDATE wide SET c2 = 'updated' WHERE id % 1000 = 0")
	mustExec(t, db, "DELETE FROM wide WHERE id BETWEEN 1000 AND 1999")

	inflight := make(chan error, 1)
	go func() {
		_, err := db.Exec(wideRows(1_000_000, 1_030_000))
		inflight <- err
	}()
	time.Sleep(200 * time.Millisecond) // let the statement start; any moment is a valid crash point
	s.kill(t)
	<-inflight
	s.restart(t)

	db = s.root(t, "d")
	extra := queryInt(t, db, "SELECT COUNT(*) FROM wide WHERE id >= 1000000")
	if extra != 0 && extra != 30_000 {
		t.Fatalf("in-flight INSERT left %d of its 30000 rows: not atomic", extra)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM wide WHERE id < 1000000"); got != n-1000 {
		t.Fatalf("after restart %d committed rows, want %d", got, n-1000)
	}
	if got := queryInt(t, db, "SELECT COUNT(*) FROM wide WHERE c2 = 'updated'"); got != 199 {
		t.Fatalf("after restart %d updated rows, want 199 (200 minus id 1000)", got)
	}
	if got := queryInt(t, db, "SELECT CAST(SUM(id) AS SIGNED) FROM wide WHERE id < 1000000"); got != int64(n)*(n-1)/2-(1000+1999)*1000/2 {
		t.Fatalf("after restart SUM(id) = %d: rows lost or duplicated", got)
	}
}

// TestTypesRoundTrip stores a value of every supported type (and NULLs)
// and reads the same text back, before and after a restart.
func TestTypesRoundTrip(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	mustExec(t, s.root(t, ""), "CREATE DATABASE d")
	db := s.root(t, "d")
	mustExec(t, db, `CREATE TABLE ty (
		id INT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, bi BIGINT,
		tu TINYINT UNSIGNED, bu BIGINT UNSIGNED, de DECIMAL(12,4), dw DECIMAL(30,10),
		db DOUBLE, vc VARCHAR(40), tx TEXT, d DATE, dt DATETIME(6), ts TIMESTAMP, b BOOLEAN)`)
	mustExec(t, db, `INSERT INTO ty VALUES
		(1, -128, -32768, -8388608, -9223372036854775808, 255, 18446744073709551615,
		 -12345678.1234, 12345678901234567890.0123456789, -1.5e300, 'héllo wörld', 'long text',
		 '1969-07-20', '2024-02-29 23:59:59.123456', '2024-01-01 00:00:00', TRUE),
		(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`)
	want := []string{
		"1|-128|-32768|-8388608|-9223372036854775808|255|18446744073709551615|-12345678.1234|12345678901234567890.0123456789|-1.5e+300|héllo wörld|long text|1969-07-20|2024-02-29 23:59:59.123456|2024-01-01 00:00:00|1",
		"2|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
	}
	check := func() {
		t.Helper()
		got := rowsText(t, db, "SELECT * FROM ty ORDER BY id")
		for i := range want {
			if i >= len(got) || got[i] != want[i] {
				t.Fatalf("row %d:\n got %v\nwant %s", i, got, want[i])
			}
		}
	}
	check()
	s.stop(t)
	s.restart(t)
	db = s.root(t, "d")
	check()
	var create string
	if err := db.QueryRow("SHOW CREATE TABLE ty").Scan(new(string), &create); err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{"`dw` decimal(30,10)", "`dt` datetime(6)", "`bu` bigint unsigned", "PRIMARY KEY (`id`)"} {
		if !strings.Contains(create, frag) {
			t.Fatalf("SHOW CREATE TABLE after restart lacks %q:\n%s", frag, create)
		}
	}
}

// rowsText renders every row as its columns' text joined by '|'.
func rowsText(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, _ := rows.ColumnTypes()
	var out []string
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(types))
		for i, v := range vals {
			parts[i] = cellText(v, types[i].DatabaseTypeName())
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

// TestBadInputChangesNothing: type errors, duplicate keys and unknown
// names get MySQL's error codes and leave the table as it was; a rolled
// back transaction leaves no trace.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	mustExec(t, s.root(t, ""), "CREATE DATABASE d")
	db := s.root(t, "d")
	mustExec(t, db, "CREATE TABLE k (id INT PRIMARY KEY, n INT NOT NULL, d DATE)")
	mustExec(t, db, "INSERT INTO k VALUES (1, 10, '2024-01-01'), (2, 20, NULL)")
	snapshot := func() string { return strings.Join(rowsText(t, db, "SELECT * FROM k ORDER BY id"), "\n") }
	orig := snapshot()
	tests := []struct {
		q   string
		num uint16
	}{
		{"INSERT INTO k VALUES (3, 30, NULL), (1, 11, NULL)", 1062}, // duplicate key in a multi-row insert
		{"INSERT INTO k VALUES (4, 'forty', NULL)", 1366},           // wrong type
		{"INSERT INTO k VALUES (5, NULL, NULL)", 1048},              // NULL in NOT NULL
		{"INSERT INTO k VALUES (6, 1, '2024-13-45')", 1292},         // bad date
		{"INSERT INTO nope VALUES (1)", 1146},                       // unknown table
		{"INSERT INTO k (id, colour) VALUES (7, 'red')", 1054},      // unknown column
		{"UPDATE k SET id = 2 WHERE id = 1", 1062},                  // update onto a taken key
	}
	for _, tc := range tests {
		_, err := db.Exec(tc.q)
		wantErrNum(t, err, tc.num, tc.q)
		if got := snapshot(); got != orig {
			t.Fatalf("%s changed the table:\n%s", tc.q, got)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"INSERT INTO k VALUES (9, 90, NULL)", "UPDATE k SET n = 0", "DELETE FROM k WHERE id = 2"} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(); got != orig {
		t.Fatalf("rolled back transaction left a trace:\n%s", got)
	}
	s.kill(t)
	s.restart(t)
	db = s.root(t, "d")
	if got := snapshot(); got != orig {
		t.Fatalf("after restart:\n%s\nwant\n%s", got, orig)
	}
}

// cellText renders a scanned value as the mysql client shows it (the
// harness connects with parseTime, so dates arrive as time.Time).
func cellText(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		if typ == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05.999999")
	}
	return fmt.Sprint(v)
}
