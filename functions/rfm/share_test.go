package rfm_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/enginetest"
	"github.com/cohortdb/cohortdb/functions/rfm"
)

// Eight sessions running the same rfm() at once compute it once: the
// first computes (held until the other seven wait for it), the others
// get its scores, and every session's rows equal those rfm() gives when
// run alone (engine's TestShareScope: which sessions share).
func TestConcurrentRFMComputedOnce(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(2000)
	const q = "SELECT * FROM rfm('2024-06-30') ORDER BY customer_id"
	want := fmt.Sprint(d.Exec(q)) // alone
	sessions := make([]*sql.Context, 8)
	for i := range sessions {
		sessions[i] = d.E.NewContext(context.Background())
		sessions[i].SetCurrentDatabase("shop")
	}
	f := rfm.Shared()
	runs, joins := f.Runs(), f.Joins()
	release := make(chan struct{})
	rfm.HoldLeader(release)
	defer rfm.HoldLeader(nil)
	got := make([]string, len(sessions))
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, ctx := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows, err := queryOn(d, ctx, q)
			got[i], errs[i] = fmt.Sprint(rows), err
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for f.Waiting() < 7 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if f.Runs()-runs != 1 || f.Joins()-joins != 7 {
		t.Errorf("8 concurrent rfm(): %d computations, %d shared; want 1 and 7", f.Runs()-runs, f.Joins()-joins)
	}
	for i := range got {
		if errs[i] != nil || got[i] != want {
			t.Errorf("session %d: %v, rows equal to rfm() alone: %v", i, errs[i], got[i] == want)
		}
	}
}

// queryOn runs q on ctx's session and returns its rows.
func queryOn(d *enginetest.Shop, ctx *sql.Context, q string) ([]sql.Row, error) {
	_, iter, _, err := d.E.SQL().Query(ctx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ctx, iter)
}

// A write to a table rfm() does not read does not split the sharing: a
// session that starts rfm() after another session began computing it and
// after an insert into an unrelated table gets the running computation's
// scores (one computation for eight), which equal rfm() run alone
// afterwards. (engine's TestTrackedReads: a write to what it read makes
// the others compute anew.)
func TestRFMSharedAcrossUnrelatedWrites(t *testing.T) {
	d := enginetest.NewShop(t)
	d.AddBulk(2000)
	d.Exec("CREATE TABLE shop.notes (id INT PRIMARY KEY, note TEXT)")
	const q = "SELECT * FROM rfm('2024-06-30') ORDER BY customer_id"
	sessions := make([]*sql.Context, 8)
	for i := range sessions {
		sessions[i] = d.E.NewContext(context.Background())
		sessions[i].SetCurrentDatabase("shop")
	}
	f := rfm.Shared()
	runs, joins := f.Runs(), f.Joins()
	release := make(chan struct{})
	rfm.HoldLeader(release)
	defer rfm.HoldLeader(nil)
	got := make([]string, len(sessions))
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	run := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows, err := queryOn(d, sessions[i], q)
			got[i], errs[i] = fmt.Sprint(rows), err
		}()
	}
	waitUntil := func(what string, cond func() bool) {
		for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	run(0)
	waitUntil("the leader", func() bool { return f.Runs() > runs })
	d.Exec("INSERT INTO shop.notes VALUES (1, 'unrelated')")
	for i := 1; i < len(sessions); i++ {
		run(i)
	}
	waitUntil("7 waiting sessions", func() bool { return f.Waiting() == 7 })
	close(release)
	wg.Wait()
	if f.Runs()-runs != 1 || f.Joins()-joins != 7 {
		t.Errorf("8 concurrent rfm() across an unrelated insert: %d computations, %d shared; want 1 and 7", f.Runs()-runs, f.Joins()-joins)
	}
	want := fmt.Sprint(d.Exec(q))
	for i := range got {
		if errs[i] != nil || got[i] != want {
			t.Errorf("session %d: %v, rows equal to rfm() alone: %v", i, errs[i], got[i] == want)
		}
	}
}
