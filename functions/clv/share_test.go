package clv_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/clv"
)

// Eight sessions running the same clv() at once each get the rows clv()
// gives when run alone, sorted their own way (each gets its own slice of
// the shared rows), and every call is either a computation or a share
// of one.
func TestConcurrentCLVShared(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(2000)
	d.Exec("SET clv_min_history_days = 28")
	d.Exec("SET clv_min_repeat_customers = 10")
	d.Exec("CALL clv_fit()")
	queries := []string{
		"SELECT customer_id, predicted_clv FROM clv() ORDER BY customer_id",
		"SELECT customer_id, predicted_clv FROM clv() ORDER BY predicted_clv DESC, customer_id",
	}
	want := []string{fmt.Sprint(d.Exec(queries[0])), fmt.Sprint(d.Exec(queries[1]))}
	f := clv.Shared()
	runs, joins := f.Runs(), f.Joins()
	var wg sync.WaitGroup
	got, errs := make([]string, 8), make([]error, 8)
	for i := range got {
		ctx := d.E.NewContext(context.Background())
		ctx.SetCurrentDatabase("shop")
		for _, v := range []string{"clv_min_history_days = 28", "clv_min_repeat_customers = 10"} {
			if _, iter, _, err := d.E.SQL().Query(ctx, "SET "+v); err != nil {
				t.Fatal(err)
			} else if _, err := sql.RowIterToRows(ctx, iter); err != nil {
				t.Fatal(err)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, iter, _, err := d.E.SQL().Query(ctx, queries[i%2])
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
		if errs[i] != nil || got[i] != want[i%2] {
			t.Errorf("session %d: %v; rows equal to clv() alone: %v", i, errs[i], got[i] == want[i%2])
		}
	}
	t.Logf("8 calls: %d computations, %d shared", f.Runs()-runs, f.Joins()-joins)
	if n := f.Runs() - runs + f.Joins() - joins; n != 8 {
		t.Errorf("%d computations and shares for 8 calls", n)
	}
}
