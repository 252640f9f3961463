package server

import (
	"io"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// TestCharReadsWithoutTrailingSpaces: a CHAR value reads back without
// its trailing spaces, as MySQL's (sql_mode PAD_CHAR_TO_FULL_LENGTH is
// not supported) — written by INSERT, UPDATE or LOAD DATA, read by the
// row and the vectorised executor alike — while a VARCHAR keeps them,
// and the collation stays NO PAD: 'f ' does not equal the stored 'f'.
func TestCharReadsWithoutTrailingSpaces(t *testing.T) {
	db, _ := startEngineServerWith(t, nil)
	mustExec(t, db, "CREATE TABLE ct (id INT PRIMARY KEY, c CHAR(4), v VARCHAR(4), k CHAR(3) DEFAULT 'd  ')")
	mustExec(t, db, "INSERT INTO ct (id, c, v) VALUES (1, 'f ', 'f '), (2, '  g ', 'g  ')")
	mustExec(t, db, "UPDATE ct SET c = 'h  ' WHERE id = 2")
	mysql.RegisterReaderHandler("ct_rows", func() io.Reader { return strings.NewReader("3\tj  \tj \n") })
	defer mysql.DeregisterReaderHandler("ct_rows")
	mustExec(t, db, "LOAD DATA LOCAL INFILE 'Reader::ct_rows' INTO TABLE ct (id, c, v)")
	// A CHAR key is the same key with or without trailing spaces.
	mustExec(t, db, "CREATE TABLE cp (c CHAR(3) PRIMARY KEY, n INT)")
	mustExec(t, db, "INSERT INTO cp VALUES ('f ', 1)")
	mustExec(t, db, "REPLACE INTO cp VALUES ('f  ', 2)")
	mustExec(t, db, "INSERT INTO cp VALUES ('f', 3) ON DUPLICATE KEY UPDATE n = n + 10")
	if rows, _ := queryText(t, db, "SELECT CONCAT('[', c, ']'), n FROM cp"); strings.Join(rows, " / ") != "[f]|12" {
		t.Errorf("CHAR key after REPLACE and ON DUPLICATE KEY UPDATE with and without trailing spaces: %q, want [f]|12", rows)
	}
	for _, vectorize := range []string{"1", "0"} {
		mustExec(t, db, "SET cohortdb_vectorize = "+vectorize)
		for _, tc := range []struct{ q, want string }{
			{"SELECT id, CONCAT('[', c, ']'), CONCAT('[', v, ']'), CONCAT('[', k, ']'), LENGTH(c) FROM ct ORDER BY id",
				"1|[f]|[f ]|[d]|1 / 2|[h]|[g  ]|[d]|1 / 3|[j]|[j ]|[d]|1"},
			{"SELECT id FROM ct WHERE c = 'f'", "1"},
			{"SELECT id FROM ct WHERE c = 'f '", ""},
			{"SELECT c, COUNT(*) FROM ct GROUP BY c ORDER BY c", "f|1 / h|1 / j|1"},
		} {
			rows, _ := queryText(t, db, tc.q)
			if got := strings.Join(rows, " / "); got != tc.want {
				t.Errorf("vectorize=%s %s: %q, want %q", vectorize, tc.q, got, tc.want)
			}
		}
	}
}
