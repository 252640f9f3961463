package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestBitmapIndex(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE c (id INT PRIMARY KEY, country VARCHAR(2), channel VARCHAR(10), score DOUBLE)")
	var b strings.Builder
	countries := []string{"DE", "FR", "NL", "PL"}
	channels := []string{"web", "app", "store"}
	for i := 0; i < 3000; i++ {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d,'%s','%s',%d)", i, countries[i*7%4], channels[i%3], i)
	}
	d.exec("INSERT INTO c VALUES " + b.String())
	d.exec("CREATE INDEX by_country ON c (country) USING BITMAP")
	d.exec("CREATE INDEX by_channel ON c (channel)")
	d.exec("INSERT INTO c VALUES (5000, 'DE', 'web', 1), (5001, 'XX', 'app', 2)") // write buffer
	d.check(step{q: "CREATE INDEX dup ON c (country)", errCode: 1061})
	d.check(step{q: "CREATE UNIQUE INDEX u ON c (channel)", errCode: 1235})

	plan := fmt.Sprint(d.exec("EXPLAIN PLAN SELECT COUNT(*) FROM c WHERE country = 'DE'"))
	if !strings.Contains(plan, "by_country") && !strings.Contains(plan, "c.country") {
		t.Fatalf("EXPLAIN does not show the bitmap index:\n%s", plan)
	}
	before := d.counter("chunks_decoded")
	d.check(step{q: "SELECT COUNT(*) FROM c WHERE country = 'DE'", want: rows(r(751))})
	if got := d.counter("chunks_decoded") - before; got != 0 {
		t.Fatalf("indexed COUNT(*) decoded %d column chunks, want 0", got)
	}
	for _, q := range []string{
		"country = 'FR'", "country IN ('NL', 'PL')", "country = 'XX'", "country = 'ZZ'",
		"country = 'DE' AND channel IN ('web', 'store')", "channel = 'app' AND score < 100",
	} {
		// The same filter through CONCAT defeats every index: a plain scan.
		plain := strings.NewReplacer("country", "CONCAT(country, '')", "channel", "CONCAT(channel, '')").Replace(q)
		want := d.exec("SELECT COUNT(*), SUM(id) FROM c WHERE " + plain)
		d.check(step{q: "SELECT COUNT(*), SUM(id) FROM c WHERE " + q, want: want})
	}
	d.reopen()
	d.check(step{q: "SELECT COUNT(*) FROM c WHERE country = 'DE'", want: rows(r(751))})
	d.exec("DROP INDEX by_country ON c")
	d.check(step{q: "SELECT COUNT(*) FROM c WHERE country = 'DE'", want: rows(r(751))})
}

// andRow is one row of the AND fixture, as the test models it.
type andRow struct {
	id      int
	country string // "" is NULL
	channel string
	tier    int
}

// andFixture loads the same rows into c (three bitmap indexes) and p (no
// index): two sealed segments and the write buffer, with deletes and
// updates. It returns the rows as the test models them.
func andFixture(t *testing.T, d *testDB) []andRow {
	t.Helper()
	countries := []string{"DE", "FR", "NL", "PL"}
	channels := []string{"web", "app", "store"}
	var model []andRow
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		row := andRow{id: i, country: countries[i*7%4], channel: channels[i%3], tier: i % 5}
		country := "'" + row.country + "'"
		if i%11 == 0 {
			row.country, country = "", "NULL"
		}
		model = append(model, row)
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d,%s,'%s',%d,%d)", i, country, row.channel, row.tier, i)
	}
	for _, tb := range []string{"c", "p"} {
		d.exec("CREATE TABLE " + tb + " (id INT PRIMARY KEY, country VARCHAR(2), channel VARCHAR(10), tier INT, score DOUBLE)")
		d.exec("INSERT INTO " + tb + " VALUES " + b.String())
	}
	d.exec("CREATE INDEX by_country ON c (country) USING BITMAP")
	d.exec("CREATE INDEX by_channel ON c (channel) USING BITMAP")
	d.exec("CREATE INDEX by_tier ON c (tier) USING BITMAP")
	for _, tb := range []string{"c", "p"} {
		d.exec("DELETE FROM " + tb + " WHERE id % 13 = 0")
		d.exec("UPDATE " + tb + " SET channel = 'app' WHERE id % 17 = 0")
	}
	var live []andRow
	for _, row := range model {
		if row.id%13 == 0 {
			continue
		}
		if row.id%17 == 0 {
			row.channel = "app"
		}
		live = append(live, row)
	}
	return live
}

// TestBitmapIndexAnd: conjuncts on several bitmap-indexed columns are all
// answered by bitmaps (EXPLAIN names every index), agree with the model
// and with the same query on an unindexed copy, and COUNT(*) decodes no
// column chunk when every conjunct is answered by an index.
func TestBitmapIndexAnd(t *testing.T) {
	d := newTestDB(t)
	model := andFixture(t, d)
	in := func(v string, set ...string) bool { return slices.Contains(set, v) }
	for _, tc := range []struct {
		where    string
		match    func(r andRow) bool
		indexes  []string // named in EXPLAIN
		noDecode bool
	}{
		{"country = 'DE' AND channel = 'web'", func(r andRow) bool { return r.country == "DE" && r.channel == "web" },
			[]string{"by_country", "by_channel"}, true},
		{"country = 'DE' AND channel IN ('web', 'store')", func(r andRow) bool { return r.country == "DE" && in(r.channel, "web", "store") },
			[]string{"by_country", "by_channel"}, true},
		{"country IN ('DE', 'FR') AND channel IN ('web', 'app') AND tier = 3", func(r andRow) bool {
			return in(r.country, "DE", "FR") && in(r.channel, "web", "app") && r.tier == 3
		}, []string{"by_country", "by_channel", "by_tier"}, true},
		{"(country = 'DE' OR country = 'NL') AND channel = 'app'", func(r andRow) bool { return in(r.country, "DE", "NL") && r.channel == "app" },
			[]string{"by_country", "by_channel"}, true},
		{"tier IN (1, 2) AND channel = 'store' AND country <> 'XX'", func(r andRow) bool {
			return (r.tier == 1 || r.tier == 2) && r.channel == "store" && r.country != "" && r.country != "XX"
		}, []string{"by_tier", "by_channel"}, false},
		{"country IN ('DE', NULL) AND channel = 'web'", func(r andRow) bool { return r.country == "DE" && r.channel == "web" },
			[]string{"by_country", "by_channel"}, true},
		{"country = 'ZZ' AND channel = 'web'", func(r andRow) bool { return false }, nil, true},
		{"country = 'DE' AND (channel = 'web' OR tier = 2)", func(r andRow) bool { return r.country == "DE" && (r.channel == "web" || r.tier == 2) },
			[]string{"by_country", "by_channel", "by_tier"}, false},
		{"country = 'PL' OR channel = 'store'", func(r andRow) bool { return r.country == "PL" || r.channel == "store" },
			[]string{"by_country", "by_channel"}, false},
		{"channel = 'web' AND tier = 4 AND score < 1500", func(r andRow) bool { return r.channel == "web" && r.tier == 4 && r.id < 1500 },
			[]string{"by_channel", "by_tier"}, false},
	} {
		t.Run(tc.where, func(t *testing.T) {
			var n, sum int64
			for _, r := range model {
				if tc.match(r) {
					n, sum = n+1, sum+int64(r.id)
				}
			}
			plan := fmt.Sprint(d.exec("EXPLAIN PLAN SELECT id FROM c WHERE " + tc.where))
			for _, ix := range tc.indexes {
				if !strings.Contains(plan, ix) {
					t.Errorf("EXPLAIN does not name %s:\n%s", ix, plan)
				}
			}
			before := d.counter("chunks_decoded")
			d.check(step{q: "SELECT COUNT(*) FROM c WHERE " + tc.where, want: rows(r(n))})
			if got := d.counter("chunks_decoded") - before; tc.noDecode && got != 0 {
				t.Errorf("COUNT(*) decoded %d column chunks, want 0", got)
			}
			if n > 0 {
				d.check(step{q: "SELECT CAST(SUM(id) AS SIGNED) FROM c WHERE " + tc.where, want: rows(r(sum))})
			}
			cols := "SELECT id, country, channel, tier FROM %s WHERE " + tc.where + " ORDER BY id"
			d.check(step{q: fmt.Sprintf(cols, "c"), want: rows(d.exec(fmt.Sprintf(cols, "p"))...)})
		})
	}
}

// TestBitmapIndexAndRandom compares random filters over two or three
// bitmap-indexed columns (equality, IN, OR of equalities, an occasional
// OR across columns) with the same query on the unindexed copy, and
// checks that an AND of indexed leaves decodes nothing for COUNT(*).
func TestBitmapIndexAndRandom(t *testing.T) {
	d := newTestDB(t)
	andFixture(t, d)
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 120; trial++ {
		where, crossOr := randomBitmapFilter(rng)
		count := "SELECT COUNT(*) FROM %s WHERE " + where
		before := d.counter("chunks_decoded")
		got := d.exec(fmt.Sprintf(count, "c"))
		if n := d.counter("chunks_decoded") - before; !crossOr && n != 0 {
			t.Errorf("%s: COUNT(*) decoded %d column chunks, want 0", where, n)
		}
		if want := d.exec(fmt.Sprintf(count, "p")); normRows(got) != normRows(want) {
			t.Fatalf("%s: indexed count %s, unindexed %s", where, normRows(got), normRows(want))
		}
		list := "SELECT id, country, channel, tier FROM %s WHERE " + where + " ORDER BY id"
		d.check(step{q: fmt.Sprintf(list, "c"), want: rows(d.exec(fmt.Sprintf(list, "p"))...)})
	}
}

// randomBitmapFilter returns a conjunction over two or three of the
// indexed columns, and whether it holds an OR across columns.
func randomBitmapFilter(rng *rand.Rand) (string, bool) {
	values := map[string][]string{
		"country": {"'DE'", "'FR'", "'NL'", "'PL'", "'XX'"},
		"channel": {"'web'", "'app'", "'store'", "'kiosk'"},
		"tier":    {"0", "1", "2", "3", "4", "9"},
	}
	cols := []string{"country", "channel", "tier"}
	rng.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	cols = cols[:2+rng.IntN(2)]
	leaf := func(col string) string {
		vs := values[col]
		pick := func() string { return vs[rng.IntN(len(vs))] }
		switch rng.IntN(3) {
		case 0:
			return col + " = " + pick()
		case 1:
			return fmt.Sprintf("%s IN (%s, %s, %s)", col, pick(), pick(), pick())
		}
		return fmt.Sprintf("(%s = %s OR %s = %s)", col, pick(), col, pick())
	}
	var conds []string
	for _, c := range cols {
		conds = append(conds, leaf(c))
	}
	crossOr := rng.IntN(4) == 0
	if crossOr {
		conds[0] = "(" + conds[0] + " OR " + leaf(cols[1]) + ")"
	}
	return strings.Join(conds, " AND "), crossOr
}

// TestBitmapIndexAndTxn: a transaction's own inserts and deletes are seen
// by the bitmap AND as by a scan of the unindexed copy.
func TestBitmapIndexAndTxn(t *testing.T) {
	d := newTestDB(t)
	andFixture(t, d)
	d.exec("BEGIN")
	for _, tb := range []string{"c", "p"} {
		d.exec("INSERT INTO " + tb + " VALUES (9001, 'DE', 'web', 3, 1), (9002, 'DE', 'app', 3, 2), (9003, NULL, 'web', 3, 3)")
		d.exec("DELETE FROM " + tb + " WHERE id IN (1, 2, 3, 4, 5, 9002)")
	}
	for _, where := range []string{
		"country = 'DE' AND channel = 'web' AND tier = 3",
		"country IN ('DE', 'FR') AND channel IN ('web', 'app')",
		"(tier = 3 OR tier = 1) AND channel = 'web'",
	} {
		for _, q := range []string{"SELECT COUNT(*) FROM %s WHERE ", "SELECT id, country, channel, tier FROM %s WHERE "} {
			q += where + " ORDER BY 1"
			d.check(step{q: fmt.Sprintf(q, "c"), want: rows(d.exec(fmt.Sprintf(q, "p"))...)})
		}
	}
	d.exec("ROLLBACK")
	d.check(step{q: "SELECT COUNT(*) FROM c WHERE id > 9000 AND country = 'DE' AND channel = 'web'", want: rows(r(0))})
}
