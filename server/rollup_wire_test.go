package server

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/go-sql-driver/mysql"
)

// startEngineServer runs a cohortdb server (its engine, engine/exec and
// the handler's rewrites) on an in-memory store and returns a client of
// its database shop.
func startEngineServer(t *testing.T) *sql.DB {
	t.Helper()
	db, _ := startEngineServerWith(t, nil)
	return db
}

// startEngineServerWith is startEngineServer with edit applied to the
// configuration first (nil: none); it also returns the client's DSN, for
// more connections.
func startEngineServerWith(t *testing.T, edit func(*Config)) (*sql.DB, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg := Config{DataDir: t.TempDir(), Listen: addr, RootPassword: "pw", CompactEvery: -1,
		ShutdownGrace: 5 * time.Second, storeFS: vfs.NewMem()}
	if edit != nil {
		edit(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- Run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	mc := mysql.NewConfig()
	mc.User, mc.Passwd, mc.Net, mc.Addr, mc.DBName = "root", "pw", "tcp", addr, "shop"
	db, err := sql.Open("mysql", mc.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // SET cohortdb_vectorize applies to the next statements
	t.Cleanup(func() {
		db.Close()
		cancel()
		<-ran
	})
	retry(t, "the server to answer", func() error { return db.Ping() })
	return db, mc.FormatDSN()
}

// queryText is q's rows as text lines ("NULL" for NULL, columns joined
// by |) and its columns' types as MySQL sends them (DECIMAL(p,s)).
func queryText(t *testing.T, db *sql.DB, q string) (rows []string, types []string) {
	t.Helper()
	rs, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	cts, err := rs.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range cts {
		name := ct.DatabaseTypeName()
		if p, s, ok := ct.DecimalSize(); ok && name == "DECIMAL" {
			name = fmt.Sprintf("DECIMAL(%d,%d)", p, s)
		}
		types = append(types, name)
	}
	vals := make([]sql.NullString, len(cts))
	ptrs := make([]any, len(cts))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var cols []string
		for _, v := range vals {
			cols = append(cols, map[bool]string{true: v.String, false: "NULL"}[v.Valid])
		}
		rows = append(rows, strings.Join(cols, "|"))
	}
	if err := rs.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows, types
}

// TestRollupOverTheWire: rollups whose aggregates merge (read once, from
// the finest groups) and one that does not (grouped per level), on both
// executors, against values and types worked out by hand from the six
// rows: NULL keys and NULL arguments, AVG rounded half up at four more
// decimals, DECIMAL, DOUBLE and INT arguments, HAVING, ORDER BY with
// LIMIT, no rows.
func TestRollupOverTheWire(t *testing.T) {
	db := startEngineServer(t)
	mustExec(t, db, "CREATE TABLE r (id BIGINT PRIMARY KEY, ch VARCHAR(8), yr INT, amount DECIMAL(12,2), score DOUBLE, qty INT)")
	mustExec(t, db, "INSERT INTO r VALUES (1, 'web', 2024, 10.00, 0.5, 1), (2, 'web', 2024, 20.05, NULL, 2),"+
		" (3, 'web', 2025, 5.10, 1.5, NULL), (4, 'app', 2024, NULL, 2.0, 3), (5, 'app', 2025, 7.77, NULL, 4),"+
		" (6, NULL, 2025, 1.01, 0.25, NULL)")
	cases := []struct {
		q     string
		want  []string
		types []string
	}{
		{q: "SELECT ch, yr, COUNT(*) n, COUNT(qty) nq, SUM(amount) s, AVG(amount) a, MIN(amount) mn, MAX(score) mx, SUM(score) ss, AVG(qty) aq FROM r GROUP BY ch, yr WITH ROLLUP",
			want: []string{
				"NULL|2025|1|0|1.01|1.010000|1.01|0.25|0.25|NULL",
				"NULL|NULL|1|0|1.01|1.010000|1.01|0.25|0.25|NULL",
				"app|2024|1|1|NULL|NULL|NULL|2|2|3.0000",
				"app|2025|1|1|7.77|7.770000|7.77|NULL|NULL|4.0000",
				"app|NULL|2|2|7.77|7.770000|7.77|2|2|3.5000",
				"web|2024|2|2|30.05|15.025000|10.00|0.5|0.5|1.5000",
				"web|2025|1|0|5.10|5.100000|5.10|1.5|1.5|NULL",
				"web|NULL|3|2|35.15|11.716667|5.10|1.5|2|1.5000",
				"NULL|NULL|6|4|43.93|8.786000|1.01|2|4.25|2.5000",
			},
			// yr: the plain rewrite's type too (a UNION of INT and NULL
			// GMS widens; MySQL sends INT): allow-listed as integer-width.
			types: []string{"VARCHAR", "BIGINT", "BIGINT", "BIGINT", "DECIMAL(34,2)", "DECIMAL(16,6)", "DECIMAL(12,2)", "DOUBLE", "DOUBLE", "DECIMAL(14,4)"}},
		{q: "SELECT ch, SUM(amount) s, COUNT(*) + 1 n1, SUM(amount) / COUNT(*) per FROM r GROUP BY ch WITH ROLLUP ORDER BY s DESC LIMIT 2",
			want: []string{"NULL|43.93|7|7.321667", "web|35.15|4|11.716667"}},
		{q: "SELECT ch, yr, COUNT(*) n FROM r GROUP BY ch, yr WITH ROLLUP HAVING COUNT(*) > 1 OR MAX(score) = 1.5",
			want: []string{"app|NULL|2", "web|2024|2", "web|2025|1", "web|NULL|3", "NULL|NULL|6"}},
		{q: "SELECT ch, yr, SUM(amount) s FROM r GROUP BY ch, yr WITH ROLLUP HAVING s > 30",
			want: []string{"web|2024|30.05", "web|NULL|35.15", "NULL|NULL|43.93"}},
		// A rolled-up key is NULL for HAVING too.
		{q: "SELECT ch, yr, COUNT(*) n FROM r GROUP BY ch, yr WITH ROLLUP HAVING ch = 'web'",
			want: []string{"web|2024|2", "web|2025|1", "web|NULL|3"}},
		// ORDER BY: NULLs first ascending, last descending.
		{q: "SELECT ch, yr, SUM(amount) s FROM r GROUP BY ch, yr WITH ROLLUP ORDER BY yr DESC, s",
			want: []string{"NULL|2025|1.01", "web|2025|5.10", "app|2025|7.77", "app|2024|NULL", "web|2024|30.05",
				"NULL|NULL|1.01", "app|NULL|7.77", "web|NULL|35.15", "NULL|NULL|43.93"}},
		{q: "SELECT ch, COUNT(*), SUM(amount), AVG(score) FROM r WHERE id < 0 GROUP BY ch WITH ROLLUP"},
		// Not merged: COUNT(DISTINCT) is grouped per level.
		{q: "SELECT ch, COUNT(DISTINCT yr) d, SUM(amount) s FROM r GROUP BY ch WITH ROLLUP",
			want: []string{"NULL|1|1.01", "app|2|7.77", "web|2|35.15", "NULL|2|43.93"}},
	}
	for _, vectorize := range []string{"1", "0"} {
		mustExec(t, db, "SET cohortdb_vectorize = "+vectorize)
		for _, c := range cases {
			got, types := queryText(t, db, c.q)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("vectorize=%s %s:\n got %q\nwant %q", vectorize, c.q, got, c.want)
			}
			if c.types != nil && strings.Join(types, ",") != strings.Join(c.types, ",") {
				t.Errorf("vectorize=%s %s: types\n got %v\nwant %v", vectorize, c.q, types, c.types)
			}
		}
	}
}

// TestRollupReadsOnce: the plan of a rollup whose aggregates merge
// computes the finest groups once (a Shared source, shown under each of
// the three levels that read it), and a rollup that cannot merge groups
// the table per level.
func TestRollupReadsOnce(t *testing.T) {
	db := startEngineServer(t)
	mustExec(t, db, "CREATE TABLE r (id BIGINT PRIMARY KEY, ch VARCHAR(8), yr INT, amount DECIMAL(12,2))")
	mustExec(t, db, "INSERT INTO r VALUES (1, 'web', 2024, 10.00), (2, 'app', 2025, 7.77)")
	plan := func(q string) string {
		rows, _ := queryText(t, db, "EXPLAIN PLAN "+q)
		return strings.Join(rows, "\n")
	}
	merged := plan("SELECT yr, ch, COUNT(*), SUM(amount), AVG(amount) FROM r GROUP BY yr, ch WITH ROLLUP")
	if n := strings.Count(merged, "Shared"); n != 3 {
		t.Errorf("a merged rollup's plan has %d shared sources, want 3 (one per level):\n%s", n, merged)
	}
	perLevel := plan("SELECT yr, ch, COUNT(DISTINCT id) FROM r GROUP BY yr, ch WITH ROLLUP")
	if strings.Contains(perLevel, "Shared") || strings.Count(perLevel, "name: r") != 3 {
		t.Errorf("a COUNT(DISTINCT) rollup's plan should group the table per level:\n%s", perLevel)
	}
}
