package engine

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// execFixture adds a customers table beside vecFixture's order lines,
// with NULL keys, keys without orders and orders without customers, and
// an empty table e.
func execFixture(t *testing.T) *testDB {
	d := vecFixture(t)
	d.exec(`CREATE TABLE c (cid BIGINT PRIMARY KEY, segment VARCHAR(16), email VARCHAR(100), since DATE)`)
	d.exec(`CREATE TABLE e (id BIGINT PRIMARY KEY, cid BIGINT, v INT)`)
	var sb strings.Builder
	sb.WriteString("INSERT INTO c VALUES ")
	for i := 0; i < 350; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		seg := []string{"'gold'", "'silver'", "NULL"}[i%3]
		email := fmt.Sprintf("'u%d@%s'", i, []string{"a.com", "b.org", "c.net", "a.com"}[i%4])
		if i%17 == 0 {
			email = "NULL"
		}
		fmt.Fprintf(&sb, "(%d,%s,%s,'2023-%02d-01')", i+20, seg, email, 1+i%12)
	}
	d.exec(sb.String())
	datesFixture(d)
	zonesFixture(d)
	regexpFixture(d)
	return d
}

// regexpFixture adds rx: texts for REGEXP (testdata/exec/regexp.sql)
// under the default collation (s), a binary one (b) and TEXT (t): line
// terminators, case pairs, digits and spaces beyond ASCII, NULLs.
func regexpFixture(d *testDB) {
	d.exec(`CREATE TABLE rx (id BIGINT PRIMARY KEY, s VARCHAR(60), b VARCHAR(60) COLLATE utf8mb4_0900_bin, t TEXT)`)
	texts := []string{"'joe@gmail.com'", "'JOE@GMAIL.COM'", "'ann@yahoo.com\\n'", "'x@yahoo.com.au'", "NULL", "''", "'web'", "'w1-APP'",
		"'w2-app\\r\\n'", "'Straße'", "'K'", "'\u212a'", "'١٢٣'", "'a\u2028'", "'a\\nb'", "'é'", "'É'", "'x@yahoo.com\\r'", "'123-4567'", "'a b'"}
	var sb strings.Builder
	sb.WriteString("INSERT INTO rx VALUES ")
	for i := 0; i < 200; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		s := texts[i%len(texts)]
		b := texts[(i*7)%len(texts)]
		fmt.Fprintf(&sb, "(%d,%s,%s,CONCAT('u%d-', %s))", i, s, b, i, texts[(i*3)%len(texts)])
	}
	d.exec(sb.String())
}

// zonesFixture adds tz: datetimes every 7 minutes through the hours
// around daylight-saving transitions (Europe and the US, spring and
// autumn, in UTC and in local time) and TIMESTAMP's range limits, NULLs
// among them: CONVERT_TZ's hours with a transition inside.
func zonesFixture(d *testDB) {
	d.exec(`CREATE TABLE tz (id BIGINT PRIMARY KEY, at DATETIME)`)
	starts := []string{"2026-03-28 22:00:00", "2026-10-24 22:00:00", "2026-03-08 00:00:00", "2026-10-31 22:00:00",
		"1969-12-31 20:00:00", "2038-01-19 00:00:00"}
	var sb strings.Builder
	sb.WriteString("INSERT INTO tz VALUES ")
	id := 0
	for _, start := range starts {
		for k := 0; k < 80; k++ {
			if id > 0 {
				sb.WriteByte(',')
			}
			id++
			at := fmt.Sprintf("'%s' + INTERVAL %d MINUTE", start, 7*k)
			if id%19 == 0 {
				at = "NULL"
			}
			fmt.Fprintf(&sb, "(%d,%s)", id, at)
		}
	}
	d.exec(sb.String())
}

// datesFixture adds dt: datetimes and dates around the calendar's edges
// (year boundaries, weeks 0, 1, 52 and 53 in every mode, February 29th,
// the epoch), NULLs among them, with a few numbers and strings beside.
func datesFixture(d *testDB) {
	d.exec(`CREATE TABLE dt (id BIGINT PRIMARY KEY, at DATETIME, day DATE, n INT, amount DECIMAL(10,2), s VARCHAR(40), t TEXT)`)
	starts := []string{"1969-12-28", "1999-12-24", "2000-02-26", "2004-12-25", "2008-12-26", "2015-12-24",
		"2020-12-24", "2021-02-26", "2024-02-26", "2026-12-24", "2032-12-25", "2100-02-26"}
	var sb strings.Builder
	sb.WriteString("INSERT INTO dt VALUES ")
	id := 0
	for _, start := range starts {
		for k := 0; k < 16; k++ {
			if id > 0 {
				sb.WriteByte(',')
			}
			id++
			at := fmt.Sprintf("'%s' + INTERVAL %d DAY + INTERVAL %d MINUTE", start, k, (id*397)%1440)
			day := fmt.Sprintf("'%s' + INTERVAL %d DAY", start, 15-k)
			if id%7 == 0 {
				at = "NULL"
			}
			if id%11 == 0 {
				day = "NULL"
			}
			s := []string{"'Email-News'", "'newsletter_email'", "'cpc'", "NULL", "'ÉTÉ été'", "'a@b.c@d'", "'%_x'", "''"}[id%8]
			amount := fmt.Sprintf("%d.%02d", (id*37)%200-50, id%100)
			if id%13 == 0 {
				amount = "NULL"
			}
			fmt.Fprintf(&sb, "(%d,%s,%s,%d,%s,%s,%s)", id, at, day, id%9-3, amount, s, s)
		}
	}
	d.exec(sb.String())
}

// execCase is one query of testdata/exec/*.sql.
type execCase struct {
	q        string
	compiled bool   // "-- compiled": the executor must take it whole
	ordered  bool   // "-- ordered": rows compare in order (ORDER BY over unique keys)
	oracle   string // "-- equals: SQL": GMS's answer to SQL is the expected one
	long     bool   // "-- long": minutes on both sides; make test-long runs it (COHORTDB_TEST_LONG=1)
}

// execQueries reads testdata/exec/*.sql: blank-line separated
// queries with their directives. "-- equals:" names an equivalent query
// where GMS's own answer to the query is not MySQL's (its anti joins
// treat NOT EXISTS as NOT IN). COHORTDB_EXEC_FILES, a glob such as
// "carried*", runs some files alone while working on them.
func execQueries(t *testing.T) []execCase {
	pattern := "testdata/exec/" + cmp.Or(os.Getenv("COHORTDB_EXEC_FILES"), "*") + ".sql"
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: %v", pattern, err)
	}
	var text strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text.Write(b)
		text.WriteString("\n\n")
	}
	var cs []execCase
	for _, block := range strings.Split(text.String(), "\n\n") {
		var q []string
		var c execCase
		for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
			switch {
			case l == "-- compiled":
				c.compiled = true
			case l == "-- ordered":
				c.ordered = true
			case l == "-- long":
				c.long = true
			case strings.HasPrefix(l, "-- equals:"):
				c.oracle = strings.TrimSpace(strings.TrimPrefix(l, "-- equals:"))
			case strings.HasPrefix(l, "#") || l == "":
			default:
				q = append(q, l)
			}
		}
		if len(q) > 0 {
			c.q = strings.Join(q, " ")
			if c.oracle == "" {
				c.oracle = c.q
			}
			cs = append(cs, c)
		}
	}
	return cs
}

func TestExecMatchesGMS(t *testing.T) {
	d := execFixture(t)
	long := os.Getenv("COHORTDB_TEST_LONG") != ""
	for _, c := range execQueries(t) {
		if c.long && !long {
			t.Logf("left to make test-long: %s", c.q)
			continue
		}
		q := c.q
		got, want, compiled, fallbacks := d.execAgainstGMS(t, q, c.oracle)
		if c.compiled && (compiled == 0 || fallbacks != 0) {
			t.Errorf("%s: not compiled whole (compiled +%d, fallbacks +%d)", q, compiled, fallbacks)
		}
		g, w := sortedWire(got), sortedWire(want)
		if c.ordered {
			g, w = strings.Join(got, "\n"), strings.Join(want, "\n")
		}
		if g != w {
			t.Errorf("%s:\n got %s\nwant %s", q, g, w)
		}
	}
}

// execAgainstGMS runs oracle on GMS alone and q through the general
// executor alone, and counts the subtrees the executor compiled and left
// to GMS meanwhile.
func (d *testDB) execAgainstGMS(t *testing.T, q, oracle string) (got, want []string, compiled, fallbacks int64) {
	t.Helper()
	d.exec("SET cohortdb_vectorize = 0")
	want, err := d.wireQuery(oracle)
	if err != nil {
		t.Fatalf("%s: GMS: %v", q, err)
	}
	d.exec("SET cohortdb_vectorize = 1")
	d.exec("SET cohortdb_exec = 2")
	c0, f0 := execCompiled.Load(), execFallbacks.Load()
	got, err = d.wireQuery(q)
	d.exec("SET cohortdb_exec = 1")
	if err != nil {
		t.Fatalf("%s: exec: %v", q, err)
	}
	return got, want, execCompiled.Load() - c0, execFallbacks.Load() - f0
}

// wireQuery runs q and renders its rows as a client receives them: each
// value in its column's wire text (GMS's DATE() answers a string where
// the executor has a date; both reach the client as 2024-06-01).
func (d *testDB) wireQuery(q string) ([]string, error) {
	ctx := d.ctx()
	sch, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	if err != nil {
		return nil, err
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for c, v := range r {
			w, err := sch[c].Type.SQL(ctx, nil, v)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", sch[c].Name, err)
			}
			parts[c] = w.ToString()
			if w.IsNull() {
				parts[c] = "NULL"
			}
		}
		lines[i] = "(" + strings.Join(parts, ", ") + ")"
	}
	return lines, nil
}

// sortedWire is lines in sorted order: without ORDER BY, any order is right.
func sortedWire(lines []string) string {
	lines = slices.Clone(lines)
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestScalarSubqueryCompiled checks that an uncorrelated scalar subquery
// (a share's total, the latest date) runs through the executor too — GMS
// evaluates it with the outer row prepended, which the executor leaves
// unread — and answers as GMS does.
func TestScalarSubqueryCompiled(t *testing.T) {
	d := execFixture(t)
	for _, q := range []string{
		// (The outer table is aliased: GMS resolves an unaliased inner o's
		// columns to the outer o under a GROUP BY, 1242.)
		"SELECT x.channel, SUM(x.amount) / (SELECT SUM(amount) FROM o WHERE status = 'valid') AS share FROM o x WHERE x.status = 'valid' GROUP BY x.channel",
		"SELECT x.status, COUNT(*) FROM o x WHERE x.at >= (SELECT MAX(at) FROM o) - INTERVAL 30 DAY GROUP BY x.status",
		"SELECT x.channel, COUNT(*) FROM o x WHERE x.qty > (SELECT AVG(qty) FROM o WHERE channel = 'web') GROUP BY x.channel",
	} {
		got, want, compiled, fallbacks := d.execAgainstGMS(t, q, q)
		if compiled < 2 || fallbacks != 0 {
			t.Errorf("%s: %d pipelines compiled (want the query's and the subquery's), %d fallbacks", q, compiled, fallbacks)
		}
		if g, w := sortedWire(got), sortedWire(want); g != w {
			t.Errorf("%s:\n got %s\nwant %s", q, g, w)
		}
	}
}
