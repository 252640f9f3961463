package engine

import (
	"testing"
)

// TestSchemaSurvivesRestart: SHOW CREATE TABLE and information_schema
// describe a table the same before and after the store is reopened, and
// its values (all type families) read back exactly.
func TestSchemaSurvivesRestart(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (" +
		"id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'key', " +
		"name VARCHAR(40) NOT NULL DEFAULT 'anon', " +
		"ci VARCHAR(10) COLLATE utf8mb4_general_ci, " +
		"amount DECIMAL(18,4) DEFAULT 0.0000, " +
		"big DECIMAL(30,10), " +
		"born DATE, " +
		"seen DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), " +
		"tz TIMESTAMP NULL, " +
		"dur TIME, " +
		"y YEAR, " +
		"flag BOOLEAN DEFAULT TRUE, " +
		"f FLOAT, " +
		"tier ENUM('low','high') DEFAULT 'low', " +
		"tags SET('a','b'), " +
		"doc JSON, " +
		"raw BLOB, " +
		"PRIMARY KEY (id)) COMMENT 'customers'")
	d.exec("INSERT INTO t (name, ci, amount, big, born, seen, tz, dur, y, flag, f, tier, tags, doc, raw) VALUES " +
		"('ann', 'Ab', -12.3456, 12345678901234567890.0123456789, '1969-07-20', '1969-07-20 20:17:40.123456', " +
		"'2020-01-02 03:04:05', '-838:59:59', 1999, FALSE, 1.5, 'high', 'a,b', '{\"k\": [1, 2]}', 'xyz')")
	d.exec("INSERT INTO t (name) VALUES ('bob')")

	queries := []string{
		"SHOW CREATE TABLE t",
		"SELECT column_name, ordinal_position, column_default, is_nullable, data_type, column_type, column_key, extra, column_comment, collation_name " +
			"FROM information_schema.columns WHERE table_schema = 'db' AND table_name = 't' ORDER BY ordinal_position",
		"SELECT table_comment FROM information_schema.tables WHERE table_schema = 'db' AND table_name = 't'",
		"SELECT id, name, ci, amount, big, born, seen, tz, dur, y, flag, f, tier, tags, doc, raw FROM t WHERE id = 1",
		"SELECT id, name, amount, tier, flag FROM t WHERE id = 2",
		"SHOW TABLES",
	}
	before := make([]string, len(queries))
	for i, q := range queries {
		before[i] = normRows(d.exec(q))
	}
	d.reopen()
	for i, q := range queries {
		if after := normRows(d.exec(q)); after != before[i] {
			t.Errorf("%s changed across restart:\nbefore:\n%safter:\n%s", q, before[i], after)
		}
	}
	t.Logf("%s", before[0])
	// AUTO_INCREMENT resumes after the largest key.
	d.exec("INSERT INTO t (name) VALUES ('cy')")
	if got := normRows(d.exec("SELECT id FROM t WHERE name = 'cy'")); got != "(3)\n" {
		t.Errorf("auto increment after restart: %s", got)
	}
	// Values read back exactly.
	want := "(1, ann, Ab, -12.3456, 12345678901234567890.0123456789, 1969-07-20 00:00:00, 1969-07-20 20:17:40.123456, " +
		"2020-01-02 03:04:05, -838:59:59, 1999, 0, 1.5, 2, 3, {\"k\": [1, 2]}, xyz)\n"
	if before[3] != want {
		t.Errorf("row values:\ngot  %swant %s", before[3], want)
	}
}

// TestDatabasesPersist: CREATE/DROP DATABASE go to the store.
func TestDatabasesPersist(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE DATABASE other")
	d.exec("CREATE TABLE other.x (a INT)")
	d.exec("INSERT INTO other.x VALUES (1)")
	d.reopen()
	if got := normRows(d.exec("SELECT a FROM other.x")); got != "(1)\n" {
		t.Fatalf("other.x after restart: %s", got)
	}
	d.check(step{q: "CREATE DATABASE other", errCode: 1007})
	d.exec("DROP DATABASE other")
	d.reopen()
	d.check(step{q: "SELECT a FROM other.x", errCode: 1049})
	rows := normRows(d.exec("SHOW DATABASES"))
	if rows != "(db)\n(information_schema)\n" {
		t.Errorf("SHOW DATABASES: %s", rows)
	}
}
