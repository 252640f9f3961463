package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// TestFastWindow compares window queries with GMS's own window iterator
// (cohortdb_vectorize = 0): the same values, row for row in output order,
// and checks which ones took the fast path.
func TestFastWindow(t *testing.T) {
	d := vecFixture(t)
	rfm := "SELECT cid, DATEDIFF('2025-01-01', MAX(at)) AS r, COUNT(DISTINCT oid) AS f, SUM(amount) AS m FROM o WHERE status = 'valid' AND cid IS NOT NULL GROUP BY cid"
	nullSums := "SELECT cid, COUNT(*) AS f, SUM(amount) AS m FROM o WHERE amount IS NULL %s GROUP BY cid"
	cases := []struct {
		q           string
		fast, typed bool
	}{
		{"SELECT cid, NTILE(5) OVER (ORDER BY r DESC, cid) AS r5, NTILE(5) OVER (ORDER BY f, cid) AS f5, NTILE(5) OVER (ORDER BY m, cid) AS m5 FROM (" + rfm + ") x", true, true},
		{"SELECT m, r, cid, NTILE(3) OVER (ORDER BY m DESC, cid) AS m3 FROM (" + rfm + ") x", true, true},
		{"SELECT cid, f, NTILE(7) OVER (ORDER BY f DESC, cid) AS f7, ROW_NUMBER() OVER (ORDER BY m DESC, cid) AS rn FROM (" + rfm + ") x", true, false},
		{"SELECT cid, m, NTILE(4) OVER (ORDER BY f DESC, cid) AS q FROM (" + fmt.Sprintf(nullSums, "AND cid IS NOT NULL") + ") x", true, true}, // NULL sums pass through
		{"SELECT cid, NTILE(4) OVER (ORDER BY m, cid) AS q FROM (" + fmt.Sprintf(nullSums, "") + ") x", false, false},                          // NULL keys: rows, then GMS's rules
		{"SELECT id, NTILE(7) OVER (ORDER BY qty) AS ties FROM o", true, false},                                                                // ties keep input order (a stable sort), as in GMS
		{"SELECT id, NTILE(4000) OVER (ORDER BY qty, id) FROM o WHERE id < 3000", true, false},
		{"SELECT id, ROW_NUMBER() OVER (ORDER BY score DESC, id) FROM o", true, false},
		{"SELECT id, NTILE(3) OVER (ORDER BY cid, id) FROM o", false, false},    // NULL keys: GMS's ordering rules
		{"SELECT id, NTILE(3) OVER (ORDER BY amount, id) FROM o", false, false}, // DECIMAL keys
		{"SELECT id, NTILE(3) OVER (PARTITION BY qty ORDER BY id) FROM o", false, false},
		{"SELECT id, SUM(qty) OVER (ORDER BY id) FROM o WHERE id < 100", false, false},
	}
	for _, c := range cases {
		before, typedBefore := fastWindows.Load(), typedWindows.Load()
		got := sortedLines(orderedRows(t, d, c.q))
		if fast := fastWindows.Load() > before; fast != c.fast {
			t.Errorf("%s: fast path %v, want %v", c.q, fast, c.fast)
		}
		if typed := typedWindows.Load() > typedBefore; typed != c.typed {
			t.Errorf("%s: typed columns %v, want %v", c.q, typed, c.typed)
		}
		d.exec("SET " + VectorizeVariable + " = 0")
		want := sortedLines(orderedRows(t, d, c.q))
		d.exec("SET " + VectorizeVariable + " = 1")
		if got != want {
			g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
			for i := range g {
				if i >= len(w) || g[i] != w[i] {
					t.Fatalf("%s: row %d of %d differs:\nfast: %s\nGMS:  %s", c.q, i, len(g), g[i], w[min(i, len(w)-1)])
				}
			}
			t.Fatalf("%s: GMS has %d rows, fast %d", c.q, len(w), len(g))
		}
	}
	if _, err := d.query("SELECT id, NTILE(0) OVER (ORDER BY id) FROM o"); err == nil || !strings.Contains(err.Error(), "NTILE") {
		t.Fatalf("NTILE(0): %v", err)
	}
}

// sortedLines sorts the lines of s: a vectorised GROUP BY below a window
// emits groups in another order than GMS's, and a window keeps its input
// order.
func sortedLines(s string) string {
	l := strings.Split(s, "\n")
	slices.Sort(l)
	return strings.Join(l, "\n")
}

// orderedRows renders rows as the wire would, in output order.
func orderedRows(t *testing.T, d *testDB, q string) string {
	t.Helper()
	ctx := d.ctx()
	sch, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var b strings.Builder
	for _, r := range rows {
		for j, v := range r {
			w, err := sch[j].Type.SQL(ctx, nil, v)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			b.WriteString(w.String() + "|")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestTopNUnderProject checks ORDER BY … LIMIT over a projection (the
// shape of a top-products query) against GMS's full sort.
func TestTopNUnderProject(t *testing.T) {
	d := vecFixture(t)
	before := fastTopNs.Load()
	defer func() {
		// Every query ran on typed keys (once each: the GMS run has the variable off).
		if n := fastTopNs.Load() - before; n != 8 {
			t.Errorf("%d TopNs on typed keys, want 8", n)
		}
	}()
	for _, q := range []string{
		"SELECT qty, COUNT(DISTINCT cid) AS buyers FROM o GROUP BY qty ORDER BY buyers DESC, qty LIMIT 3",
		"SELECT cid AS c, COUNT(*) AS n FROM o WHERE status = 'valid' GROUP BY cid ORDER BY n DESC, c LIMIT 20",
		"SELECT id AS i, amount AS a FROM o ORDER BY a, i LIMIT 7",
		"SELECT id AS i, cid AS c FROM o ORDER BY c, i LIMIT 30",            // NULLs first ascending
		"SELECT id AS i, cid AS c FROM o ORDER BY c DESC, i LIMIT 400",      // and last descending
		"SELECT id AS i, score AS s FROM o ORDER BY s DESC, i DESC LIMIT 9", // DOUBLE keys
		"SELECT id AS i FROM o ORDER BY i LIMIT 0",
		"SELECT qty AS q, COUNT(*) AS n FROM o GROUP BY qty ORDER BY n DESC, q LIMIT 100", // fewer rows than the limit
	} {
		plan := normRows(d.exec("EXPLAIN PLAN " + q))
		if !strings.Contains(plan, "TopN") {
			t.Errorf("%s: no TopN in\n%s", q, plan)
		}
		got := orderedRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 0")
		want := orderedRows(t, d, q)
		d.exec("SET " + VectorizeVariable + " = 1")
		if got != want {
			t.Fatalf("%s:\nTopN:\n%s\nsort:\n%s", q, got, want)
		}
	}
}

// TestRadixSortRecords compares the radix sort of (keys…, position)
// records with a stable sort on the keys, on random keys whose bytes vary
// in some positions only.
func TestRadixSortRecords(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		n, nk := r.IntN(300), 1+r.IntN(3)
		stride := nk + 1
		recs := make([]uint64, n*stride)
		masks := make([]uint64, nk)
		for k := range masks {
			masks[k] = []uint64{0, 0xff, 0xffff00, math.MaxUint64, 1 << 63}[r.IntN(5)]
		}
		for i := 0; i < n; i++ {
			for k := 0; k < nk; k++ {
				recs[i*stride+k] = r.Uint64() & masks[k]
			}
			recs[i*stride+nk] = uint64(i)
		}
		want := make([][]uint64, n)
		for i := range want {
			want[i] = slices.Clone(recs[i*stride : (i+1)*stride])
		}
		slices.SortStableFunc(want, func(a, b []uint64) int { return slices.Compare(a[:nk], b[:nk]) })
		got := radixSortRecords(recs, stride, nk)
		for i := range want {
			if !slices.Equal(got[i*stride:(i+1)*stride], want[i]) {
				t.Fatalf("trial %d (n=%d, nk=%d) record %d: got %v, want %v", trial, n, nk, i, got[i*stride:(i+1)*stride], want[i])
			}
		}
	}
}
