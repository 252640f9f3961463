package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// rowPathFixture is t(id, k, g): n rows, k distinct, g in groups of 100
// rows, with the vectorised paths off so GMS runs every query row at a
// time.
func rowPathFixture(t *testing.T, n int) *testDB {
	d := newTestDB(t)
	d.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, k BIGINT, g BIGINT)")
	var b strings.Builder
	b.WriteString("INSERT INTO t VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d,%d,%d)", i, i*7, i/100)
	}
	d.exec(b.String())
	d.exec("SET cohortdb_exec = 0")
	d.exec("SET cohortdb_vectorize = 0")
	return d
}

// queryWithin runs q as a statement of an account of limit bytes, as the
// server does, and returns its rows, the account's peak and its error.
func (d *testDB) queryWithin(q string, limit int64) ([]sql.Row, int64, error) {
	a := membudget.NewPool(0).NewAccount(limit)
	defer a.Close()
	ctx := membudget.NewSQLContext(membudget.NewContext(context.Background(), a), sql.WithSession(d.sess))
	_, iter, _, err := d.e.SQL().Query(ctx, q)
	if err != nil {
		return nil, a.Peak(), err
	}
	rows, err := sql.RowIterToRows(ctx, iter)
	return rows, a.Peak(), err
}

// GMS's GroupBy and Distinct charge their entries: 4,000 groups of two
// expressions at 64 + 2×80 = 224 bytes plus the average size of the
// GroupBy's input rows (one BIGINT: 56 bytes), 4,000 distinct rows at 48
// bytes, and 500 groups of a 1,000-byte string at 224 + 1,064 bytes, held
// in chunks of 256 KiB; the same statements under a limit below that
// fail with the account's refusal.
func TestRowPathGroupsCharged(t *testing.T) {
	d := rowPathFixture(t, 4000)
	d.exec("CREATE TABLE w (id BIGINT PRIMARY KEY, s TEXT)")
	var b strings.Builder
	b.WriteString("INSERT INTO w VALUES ")
	for i := range 500 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d,'%04d%s')", i, i, strings.Repeat("x", 996))
	}
	d.exec(b.String())
	const int64Row = membudget.RowOverhead + membudget.ValueOverhead + 8
	const textRow = membudget.RowOverhead + membudget.ValueOverhead + 16 + 1000
	tests := []struct {
		q        string
		rows     int
		wantPeak int64 // bytes the entries need, before rounding to chunks
	}{
		{"SELECT k, COUNT(*) FROM t GROUP BY k", 4000, 4000 * (224 + int64Row)},
		{"SELECT DISTINCT k FROM t", 4000, 4000 * 48},
		{"SELECT g, COUNT(*) FROM t GROUP BY g", 40, 40 * (224 + int64Row)},
		{"SELECT s, COUNT(*) FROM w GROUP BY s", 500, 500 * (224 + textRow)},
	}
	for _, tc := range tests {
		rows, peak, err := d.queryWithin(tc.q, 0)
		if err != nil || len(rows) != tc.rows {
			t.Fatalf("%s: %d rows, %v; want %d", tc.q, len(rows), err, tc.rows)
		}
		chunks := (tc.wantPeak + membudget.TallyChunk - 1) / membudget.TallyChunk
		if peak != chunks*membudget.TallyChunk {
			t.Errorf("%s: peak %d, want %d (%d bytes in chunks)", tc.q, peak, chunks*membudget.TallyChunk, tc.wantPeak)
		}
		if tc.wantPeak > membudget.TallyChunk {
			_, _, err := d.queryWithin(tc.q, tc.wantPeak/2)
			if !sql.ErrNoMemoryAvailable.Is(err) {
				t.Errorf("%s within %d bytes: %v, want no memory available", tc.q, tc.wantPeak/2, err)
			}
		}
	}
}

// A GROUP BY in a correlated subquery is built again for every outer row:
// each gives its charge back when closed, so 400 of them (10 groups of
// 224 bytes each, 896,000 bytes together) fit a limit of two chunks.
func TestRowPathGroupsGivenBack(t *testing.T) {
	d := rowPathFixture(t, 400)
	const q = `SELECT COUNT(*) FROM t o WHERE 10 = (SELECT COUNT(*) FROM (SELECT i.k, MAX(i.id) FROM t i WHERE i.id BETWEEN o.id AND o.id + 9 GROUP BY i.k) s)`
	rows, _, err := d.queryWithin(q, 2*membudget.TallyChunk)
	if err != nil {
		t.Fatal(err)
	}
	if got := norm(rows[0][0]); got != "391" { // ids 0 to 390 have 10 rows from theirs
		t.Fatalf("got %s, want 391", got)
	}
}
