package affinity_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/affinity"
)

// Eight sessions running the same affinity functions at once each get
// the rows the function gives when run alone, sorted their own way (their
// own slices of shared rows), and every call is a computation or a share
// of one.
func TestConcurrentAffinityShared(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(2000)
	queries := []string{
		"SELECT * FROM segment_recommendations(NULL, 3, 'product') ORDER BY customer_id, `rank`",
		"SELECT * FROM segment_recommendations(NULL, 3, 'product') ORDER BY score DESC, customer_id, `rank`",
		"SELECT * FROM top_products() ORDER BY 1, 2",
		"SELECT * FROM top_products() ORDER BY 2 DESC, 1",
	}
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = fmt.Sprint(d.Exec(q))
	}
	f := affinity.Shared()
	runs, joins := f.Runs(), f.Joins()
	var wg sync.WaitGroup
	got, errs := make([]string, 16), make([]error, 16)
	for i := range got {
		ctx := d.E.NewContext(context.Background())
		ctx.SetCurrentDatabase("shop")
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, iter, _, err := d.E.SQL().Query(ctx, queries[i%len(queries)])
			if err != nil {
				errs[i] = err
				return
			}
			rows, err := sql.RowIterToRows(ctx, iter)
			got[i], errs[i] = fmt.Sprint(rows), err
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != want[i%len(queries)] {
			t.Errorf("session %d (%s): %v; rows equal to the function alone: %v", i, queries[i%len(queries)], errs[i], got[i] == want[i%len(queries)])
		}
	}
	t.Logf("16 calls: %d computations, %d shared", f.Runs()-runs, f.Joins()-joins)
	if n := f.Runs() - runs + f.Joins() - joins; n != 16 {
		t.Errorf("%d computations and shares for 16 calls", n)
	}
}
