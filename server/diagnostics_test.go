package server

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// TestDiagnosticsAsMySQL: the conditions INSERT raises carry MySQL 8's
// codes, levels and texts — a duplicate key under IGNORE is Warning
// 1062 "Duplicate entry '<key>' for key '<table>.PRIMARY'" (the error
// without IGNORE says the same), a value out of its column's range is
// Warning 1264 naming the column and row under IGNORE or a non-strict
// sql_mode and error 1264 with the same text in strict mode, a string
// longer than its CHAR or VARCHAR column is 1406 "Data too long" in
// strict mode and Warning 1265 "Data truncated" with its first
// characters stored otherwise (excess spaces trimmed in every mode), a
// NULL in a NOT NULL column is "Column 'n' cannot be null", UPDATE's
// and ON DUPLICATE KEY UPDATE's SET of an integer out of range as
// INSERT's value, LOAD DATA's taken key as INSERT's — and the
// last statement's error count reads as @@error_count,
// @@session.error_count and SHOW COUNT(*) ERRORS, SHOW ERRORS listing
// it, a SELECT of the count keeping it as MySQL's diagnostic statements
// do.
func TestDiagnosticsAsMySQL(t *testing.T) {
	db, _ := startEngineServerWith(t, nil)
	mustExec(t, db, "CREATE TABLE dk (id INT PRIMARY KEY, c TINYINT, u SMALLINT UNSIGNED)")
	mustExec(t, db, "CREATE TABLE dk2 (a INT, b VARCHAR(5), PRIMARY KEY (a, b))")
	mustExec(t, db, "INSERT INTO dk VALUES (1, 1, 1)")
	mustExec(t, db, "INSERT INTO dk2 VALUES (1, 'x')")
	text := func(q string) string {
		t.Helper()
		rows, _ := queryText(t, db, q)
		return strings.Join(rows, " / ")
	}
	dup := "Duplicate entry '1' for key 'dk.PRIMARY'"
	mustExec(t, db, "INSERT IGNORE INTO dk VALUES (2, 2, 2), (1, 3, 3)")
	if got := text("SHOW WARNINGS"); got != "Warning|1062|"+dup {
		t.Errorf("SHOW WARNINGS after INSERT IGNORE of a taken key: %q, want Warning|1062|%s", got, dup)
	}
	_, err := db.Exec("INSERT INTO dk VALUES (1, 4, 4)")
	if wantErrNum(t, err, 1062, "INSERT of a taken key"); !strings.Contains(err.Error(), dup) {
		t.Errorf("INSERT of a taken key: %v, want %q", err, dup)
	}
	_, err = db.Exec("INSERT INTO dk2 VALUES (1, 'x')")
	if want := "Duplicate entry '1-x' for key 'dk2.PRIMARY'"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("INSERT of a taken two-column key: %v, want %q", err, want)
	}
	for _, tc := range []struct{ q, want string }{
		{"SELECT @@error_count", "1"},
		{"SELECT @@session.error_count", "1"},
		{"SHOW COUNT(*) ERRORS", "1"},
		{"SHOW ERRORS", "Error|1062|Duplicate entry '1-x' for key 'dk2.PRIMARY'"},
		{"SELECT 1", "1"},
		{"SELECT @@error_count", "0"},
		{"SHOW ERRORS", ""},
	} {
		if got := text(tc.q); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.q, got, tc.want)
		}
	}
	// A prepared statement's error counts too.
	st, err := db.Prepare("INSERT INTO dk VALUES (?, 5, 5)")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = st.Exec(1)
	wantErrNum(t, err, 1062, "prepared INSERT of a taken key")
	for _, tc := range []struct{ q, want string }{
		{"SELECT @@error_count", "1"},
		{"SHOW ERRORS", "Error|1062|" + dup},
	} {
		if got := text(tc.q); got != tc.want {
			t.Errorf("%s after a failed prepared INSERT: %q, want %q", tc.q, got, tc.want)
		}
	}

	// Out of range: the closest value kept, with MySQL's warning.
	mustExec(t, db, "INSERT IGNORE INTO dk VALUES (3, 1, 1), (4, 1000, -5)")
	if got, want := text("SHOW WARNINGS"), "Warning|1264|Out of range value for column 'c' at row 2 / "+
		"Warning|1264|Out of range value for column 'u' at row 2"; got != want {
		t.Errorf("SHOW WARNINGS after INSERT IGNORE of out-of-range values: %q\nwant %q", got, want)
	}
	if got := text("SELECT c, u FROM dk WHERE id = 4"); got != "127|0" {
		t.Errorf("INSERT IGNORE of 1000 and -5 into TINYINT and SMALLINT UNSIGNED: %q, want 127|0", got)
	}
	_, err = db.Exec("INSERT INTO dk VALUES (5, 1, 1), (6, -1000, 1)")
	if wantErrNum(t, err, 1264, "INSERT of an out-of-range value in strict mode"); !strings.Contains(err.Error(), "Out of range value for column 'c' at row 2") {
		t.Errorf("INSERT of an out-of-range value in strict mode: %v", err)
	}
	// UPDATE's SET too (GMS stored the closest value silently).
	_, err = db.Exec("UPDATE dk SET c = 1000 WHERE id = 1")
	if wantErrNum(t, err, 1264, "UPDATE to an out-of-range value in strict mode"); !strings.Contains(err.Error(), "Out of range value for column 'c' at row 1") {
		t.Errorf("UPDATE to an out-of-range value in strict mode: %v", err)
	}
	mustExec(t, db, "UPDATE IGNORE dk SET c = c + 126 WHERE id IN (1, 2, 3)")
	if got, want := text("SHOW WARNINGS"), "Warning|1264|Out of range value for column 'c' at row 2"; got != want {
		t.Errorf("SHOW WARNINGS after UPDATE IGNORE to out-of-range values: %q\nwant %q", got, want)
	}
	if got := text("SELECT c FROM dk WHERE id IN (1, 2, 3) ORDER BY id"); got != "127 / 127 / 127" {
		t.Errorf("UPDATE IGNORE to c + 126 of 1, 2 and 1: %q, want 127 / 127 / 127", got)
	}

	// A string longer than its column, a NULL in a NOT NULL column.
	mustExec(t, db, "CREATE TABLE ds (id INT PRIMARY KEY, s VARCHAR(3), c CHAR(2), n INT NOT NULL)")
	_, err = db.Exec("INSERT INTO ds VALUES (1, 'abc', 'ab', 1), (2, 'ábcd', 'x', 1)")
	if wantErrNum(t, err, 1406, "INSERT of a too long string in strict mode"); !strings.Contains(err.Error(), "Data too long for column 's' at row 2") {
		t.Errorf("INSERT of a too long string in strict mode: %v", err)
	}
	_, err = db.Exec("INSERT INTO ds VALUES (1, 'a', 'b', NULL)")
	if wantErrNum(t, err, 1048, "INSERT of NULL into NOT NULL"); !strings.Contains(err.Error(), "Column 'n' cannot be null") {
		t.Errorf("INSERT of NULL into NOT NULL: %v", err)
	}
	mustExec(t, db, "INSERT IGNORE INTO ds VALUES (1, 'ábcd', 'xyz', NULL), (2, 'de   ', 'fg  ', 2)")
	if got, want := text("SHOW WARNINGS"), "Warning|1265|Data truncated for column 's' at row 1 / "+
		"Warning|1265|Data truncated for column 'c' at row 1 / Warning|1048|Column 'n' cannot be null / "+
		"Note|1265|Data truncated for column 's' at row 2"; got != want {
		t.Errorf("SHOW WARNINGS after INSERT IGNORE of too long strings and a NULL: %q\nwant %q", got, want)
	}
	if got := text("SELECT id, s, c, n FROM ds ORDER BY id"); got != "1|ábc|xy|0 / 2|de |fg|2" {
		t.Errorf("rows after INSERT IGNORE of too long strings: %q, want 1|ábc|xy|0 / 2|de |fg|2", got)
	}

	// ON DUPLICATE KEY UPDATE's value as UPDATE's (GMS stored the closest
	// value silently), the row numbered as the INSERT's.
	_, err = db.Exec("INSERT INTO dk VALUES (10, 1, 1), (1, 1, 1) ON DUPLICATE KEY UPDATE c = 1000")
	if wantErrNum(t, err, 1264, "ON DUPLICATE KEY UPDATE to an out-of-range value in strict mode"); !strings.Contains(err.Error(), "Out of range value for column 'c' at row 2") {
		t.Errorf("ON DUPLICATE KEY UPDATE to an out-of-range value in strict mode: %v", err)
	}
	mustExec(t, db, "INSERT IGNORE INTO dk VALUES (2, 1, 1) ON DUPLICATE KEY UPDATE c = -1000, u = u + 1")
	if got, want := text("SHOW WARNINGS"), "Warning|1264|Out of range value for column 'c' at row 1"; got != want {
		t.Errorf("SHOW WARNINGS after INSERT IGNORE … ON DUPLICATE KEY UPDATE to an out-of-range value: %q\nwant %q", got, want)
	}
	if got := text("SELECT id, c FROM dk WHERE id IN (1, 2, 10) ORDER BY id"); got != "1|127 / 2|-128" {
		t.Errorf("rows after ON DUPLICATE KEY UPDATE to out-of-range values: %q, want 1|127 / 2|-128", got)
	}

	// LOAD DATA: a taken key is the same 1062, a Warning under IGNORE
	// (it was a 1366 naming the line) and the error without it.
	mysql.RegisterReaderHandler("dk_rows", func() io.Reader { return strings.NewReader("1\t1\t1\n-8\t8\t8\n-8\t9\t9\n") })
	defer mysql.DeregisterReaderHandler("dk_rows")
	mysql.RegisterReaderHandler("dk2_rows", func() io.Reader { return strings.NewReader("1\tx\n") })
	defer mysql.DeregisterReaderHandler("dk2_rows")
	mustExec(t, db, "LOAD DATA LOCAL INFILE 'Reader::dk_rows' IGNORE INTO TABLE dk")
	if got, want := text("SHOW WARNINGS"), "Warning|1062|"+dup+" / Warning|1062|Duplicate entry '-8' for key 'dk.PRIMARY'"; got != want {
		t.Errorf("SHOW WARNINGS after LOAD DATA IGNORE of taken keys: %q\nwant %q", got, want)
	}
	_, err = db.Exec("LOAD DATA LOCAL INFILE 'Reader::dk2_rows' INTO TABLE dk2")
	if want := "Duplicate entry '1-x' for key 'dk2.PRIMARY'"; !strings.Contains(fmt.Sprint(err), want) {
		t.Errorf("LOAD DATA of a taken key: %v, want %q", err, want)
	}
	wantErrNum(t, err, 1062, "LOAD DATA of a taken key")

	// LOAD DATA IGNORE keeps its first max_error_count problems as
	// warnings (MySQL 8's default is 1024) and counts every one in
	// @@warning_count and SHOW COUNT(*) WARNINGS; it kept 20.
	var bad strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&bad, "x%d\t1\t1\n", i) // an id that is no number: 1366
	}
	mysql.RegisterReaderHandler("dk_bad", func() io.Reader { return strings.NewReader(bad.String()) })
	defer mysql.DeregisterReaderHandler("dk_bad")
	for _, tc := range []struct {
		set  string
		kept int
	}{{"SET max_error_count = DEFAULT", 100}, {"SET max_error_count = 64", 64}, {"SET max_error_count = 0", 0}, {"SET max_error_count = DEFAULT", 100}} {
		mustExec(t, db, tc.set)
		mustExec(t, db, "LOAD DATA LOCAL INFILE 'Reader::dk_bad' IGNORE INTO TABLE dk")
		rows, _ := queryText(t, db, "SHOW WARNINGS")
		if len(rows) != tc.kept || tc.kept > 0 && (!strings.HasPrefix(rows[0], "Warning|1366|line 1, column id: ") ||
			!strings.HasPrefix(rows[len(rows)-1], fmt.Sprintf("Warning|1366|line %d, column id: ", tc.kept))) {
			t.Errorf("%s: SHOW WARNINGS after LOAD DATA IGNORE of 100 bad rows: %d rows (%q), want lines 1 to %d",
				tc.set, len(rows), rows, tc.kept)
		}
		for _, q := range []string{"SHOW COUNT(*) WARNINGS", "SELECT @@warning_count"} {
			if got := text(q); got != "100" {
				t.Errorf("%s: %s after LOAD DATA IGNORE of 100 bad rows: %s, want 100", tc.set, q, got)
			}
		}
	}

	mustExec(t, db, "SET sql_mode = ''")
	mustExec(t, db, "INSERT INTO dk VALUES (7, -1000, 70000)")
	if got, want := text("SHOW WARNINGS"), "Warning|1264|Out of range value for column 'c' at row 1 / "+
		"Warning|1264|Out of range value for column 'u' at row 1"; got != want {
		t.Errorf("SHOW WARNINGS after a non-strict INSERT of out-of-range values: %q\nwant %q", got, want)
	}
	if got := text("SELECT id, c, u FROM dk WHERE id >= 5 ORDER BY id"); got != "7|-128|65535" {
		t.Errorf("rows after the strict and non-strict INSERTs: %q, want 7|-128|65535", got)
	}
}
