package engine

import (
	"slices"
	"strings"
	"testing"

	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/batch"
)

// TestAggBatchesMatchRows: the result columns a vectorised GROUP BY
// hands the server as batches (aggIter.ProjectBatches, with the deferred
// projections the server gets) hold the values its rows hold, NULLs
// included, for every query that can be read that way; per-customer
// recency/frequency/monetary (Q1's shape) must be one of them.
func TestAggBatchesMatchRows(t *testing.T) {
	d := vecFixture(t)
	queries := []struct {
		q    string
		must bool // must be readable as batches
	}{
		{"SELECT cid, DATEDIFF('2025-01-01', MAX(at)) AS r, COUNT(DISTINCT oid) AS f, SUM(amount) AS m FROM o WHERE status = 'valid' GROUP BY cid", true},
		{"SELECT cid, DATEDIFF('2025-01-01', MAX(at)), DATEDIFF(MIN(day), '2020-01-01') AS d, COUNT(*), COUNT(amount), SUM(amount) FROM o GROUP BY cid", true},
		{"SELECT m, f, cid FROM (SELECT cid, COUNT(DISTINCT oid) AS f, SUM(amount) AS m FROM o GROUP BY cid) AS x", false},
		{"SELECT cid, SUM(amount) FROM o WHERE amount IS NULL GROUP BY cid", true},
		{"SELECT qty, cid, COUNT(DISTINCT oid) FROM o GROUP BY qty, cid", true},
		{"SELECT cid, COUNT(*) FROM o WHERE cid = -5 GROUP BY cid", true},
		{"SELECT cid, MAX(at), AVG(amount) FROM o GROUP BY cid", false}, // DATETIME and AVG: rows
	}
	for _, c := range vecQueries {
		queries = append(queries, struct {
			q    string
			must bool
		}{c.q, false})
	}
	batched := 0
	for _, c := range queries {
		got, ok := batchText(t, d, c.q)
		if c.must && !ok {
			t.Errorf("%s: not readable as batches", c.q)
		}
		if !ok {
			continue
		}
		batched++
		if want := wireRows(t, d, c.q); got != want {
			t.Errorf("%s: batches\n%s\nrows\n%s", c.q, got, want)
		}
	}
	t.Logf("%d of %d queries read as batches", batched, len(queries))
}

// batchText runs q as the server does (projections deferred), reads its
// result as batches when the iterator offers them and renders the rows
// like wireRows; ok is false when it does not.
func batchText(t *testing.T, d *testDB, q string) (string, bool) {
	t.Helper()
	ctx := d.ctx()
	flags := &sql.QueryFlags{}
	flags.Set(sql.QFlagDeferProjections)
	sch, iter, _, err := d.e.SQL().QueryWithBindings(ctx, q, nil, nil, flags)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer func() { // GMS's own iterators must be read before they are closed
		for {
			if _, err := iter.Next(ctx); err != nil {
				break
			}
		}
		iter.Close(ctx)
	}()
	leaf, projs := gms.GetDeferredProjections(iter)
	for {
		switch it := leaf.(type) {
		case *plan.TrackedRowIter:
			leaf = it.GetIter()
			continue
		case *rowexec.TransactionCommittingIter:
			leaf = it.GetIter()
			continue
		case *rowexec.ExprCloserIter:
			leaf = it.GetIter()
			continue
		}
		break
	}
	bp, ok := leaf.(batch.Projector)
	if !ok {
		return "", false
	}
	src, ok := bp.ProjectBatches(ctx, sch, projs)
	if !ok {
		return "", false
	}
	var out []string
	for {
		b, err := src.NextBatch(ctx, 100)
		if err != nil {
			break
		}
		for j := range b.N {
			parts := make([]string, len(sch))
			for c, col := range b.Cols {
				var v any
				switch {
				case col.Nulls != nil && col.Nulls[j]:
				case col.Ints != nil:
					v = col.Ints[j]
					if dt, ok := sch[c].Type.(sql.DecimalType); ok {
						v = decimal.New(col.Ints[j], -int32(dt.Scale()))
					}
				case col.Floats != nil:
					v = col.Floats[j]
				default:
					t.Fatalf("%s: column %d has no values", q, c)
				}
				w, err := sch[c].Type.SQL(ctx, nil, v)
				if err != nil {
					t.Fatalf("%s: column %s: %v", q, sch[c].Name, err)
				}
				parts[c] = "NULL"
				if !w.IsNull() {
					parts[c] = string(w.Raw())
				}
			}
			out = append(out, strings.Join(parts, "|"))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n"), true
}
