package enginetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// WantSameConcurrently runs each of queries alone, then n sessions at
// once (session i runs queries[i%len(queries)] in database shop), and
// fails t unless every session got the rows the query gives alone: the
// check of a table function computed once for concurrent statements
// (sqlfn.Flights) that each statement still gets its own answer.
func (d *Shop) WantSameConcurrently(t *testing.T, n int, queries ...string) {
	t.Helper()
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = fmt.Sprint(d.Exec(q))
	}
	var wg sync.WaitGroup
	got, errs := make([]string, n), make([]error, n)
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
		if w := want[i%len(queries)]; errs[i] != nil || got[i] != w {
			t.Errorf("session %d (%s): %v; rows equal to the query alone: %v", i, queries[i%len(queries)], errs[i], got[i] == w)
		}
	}
}
