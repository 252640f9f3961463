package engine

import (
	"fmt"
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
