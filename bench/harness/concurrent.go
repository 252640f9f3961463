package harness

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// Memory under concurrent work (issue 22 item 6: the chunk cache, load
// buffers and compaction count against the server's memory budget, so
// its resident size stays within the budget while queries, a load and a
// compaction run together). On the data dir of the main run, a fresh
// server first deletes one contact's orders (a GDPR delete: the table
// then has a deleted row, so OPTIMIZE TABLE rewrites all of it), then
// runs at once:
//
//   - OPTIMIZE TABLE orders (every segment merged into the sort key);
//   - LOAD DATA of customers.csv into customers (empty in a Q1-Q7 run);
//   - Q1, Q3, Q7 and a few Q6 lookups in turn, on one connection, until
//     both are done (the query then running is cancelled);
//   - rfm() LIMIT 100 in a loop on another connection, timed (and timed
//     on the idle server before, for comparison).
//
// The server's resident size is sampled every rssEvery; its peak
// (VmHWM) is read before shutdown and again from the kernel after it.

// togetherIDs are the queries the loop runs, in turn.
var togetherIDs = []string{"Q1", "Q3", "Q7", "Q6"}

const (
	rssEvery        = 500 * time.Millisecond
	togetherLookups = 10 // Q6 lookups per turn
)

// ConcurrentRun is what the concurrent step measured.
type ConcurrentRun struct {
	Budget      int64         // cohortdb_memory_limit in effect
	Deleted     int64         // orders rows deleted first
	Optimize    time.Duration // OPTIMIZE TABLE orders, from start to answer
	OptimizeMsg string        // its note or error
	LoadRows    int64         // customers loaded
	Load        time.Duration
	Queries     map[string]int // completed runs by query ID (Q6: lookups)
	Elapsed     time.Duration  // from the start of the three to the end of the last
	MaxRSS      int64          // the most resident bytes sampled
	Samples     int
	PeakRSS     int64 // VmHWM just before shutdown (whole process life)
	ExitPeakRSS int64 // Cohort.Usage's peak after shutdown (VmHWM read as Stop began)
	CPU         time.Duration
	// rfm() LIMIT 100 (issue 20: its p99 was 31 s under a mixed load):
	// timed on the idle server before the three start, and on its own
	// connection, in a loop, while they run.
	RfmIdle []time.Duration
	RfmBusy []time.Duration
	Errs    []string
}

// rfmTop is the analytics query timed idle and under the step's load.
const rfmTop = "SELECT * FROM rfm() LIMIT 100"

// rfmIdleRuns is how often rfmTop is timed before the load starts.
const rfmIdleRuns = 5

// Within reports whether the server's peak resident size stayed within
// its budget (false when either is unknown).
func (c *ConcurrentRun) Within() bool {
	peak := max(c.PeakRSS, c.ExitPeakRSS, c.MaxRSS)
	return c.Budget > 0 && peak > 0 && peak <= c.Budget
}

// runConcurrent runs the step on dir (the main run's data dir, loaded);
// a failure is listed in the run's failures and in the step's errors.
func (r *Run) runConcurrent(ctx context.Context, dir string) {
	cr := &ConcurrentRun{Queries: map[string]int{}}
	r.Together = cr
	if err := r.concurrent(ctx, dir, cr); err != nil {
		cr.Errs = append(cr.Errs, err.Error())
	}
	for _, e := range cr.Errs {
		r.Failures = append(r.Failures, "cohortdb concurrent step: "+e)
	}
}

func (r *Run) concurrent(ctx context.Context, dir string, cr *ConcurrentRun) error {
	c, err := StartCohort(ctx, r.Config.CohortBin, dir, r.Config.Timeout)
	if err != nil {
		return err
	}
	cr.Budget = r.memoryLimit(ctx, c)
	if cr.Deleted, err = deleteOneContact(ctx, c); err != nil {
		c.Stop()
		return err
	}
	ids, err := lookupIDs(ctx, c.DB(), togetherLookups*8, r.Config.Seed)
	if err != nil {
		c.Stop()
		return err
	}
	for range rfmIdleRuns {
		_, took, err := runOnce(ctx, c, rfmTop, nil, drain)
		if err != nil {
			c.Stop()
			return fmt.Errorf("rfm() idle: %w", err)
		}
		cr.RfmIdle = append(cr.RfmIdle, took)
	}
	sampled := make(chan struct{})
	stopSampling := sampleRSS(c, cr, sampled)
	r.logf("cohortdb   concurrent step: OPTIMIZE TABLE orders, LOAD DATA customers and queries at once (budget %d bytes)", cr.Budget)
	start := time.Now()
	r.together(ctx, c, cr, ids)
	cr.Elapsed = time.Since(start)
	close(stopSampling)
	<-sampled
	if st, err := c.Stats(); err == nil {
		cr.PeakRSS = st.PeakRSS
	}
	if err := c.Stop(); err != nil {
		return err
	}
	u := c.Usage()
	cr.ExitPeakRSS, cr.CPU = u.PeakRSS, u.CPU
	r.logf("cohortdb   concurrent step: %v; peak RSS %d bytes (sampled max %d), budget %d", cr.Elapsed.Round(time.Second),
		max(cr.PeakRSS, cr.ExitPeakRSS), cr.MaxRSS, cr.Budget)
	return nil
}

// deleteOneContact deletes the orders of the first customer with orders.
func deleteOneContact(ctx context.Context, c *Cohort) (int64, error) {
	var id int64
	if err := c.DB().QueryRowContext(ctx, "SELECT MIN(customer_id) FROM orders").Scan(&id); err != nil {
		return 0, fmt.Errorf("first customer: %w", err)
	}
	res, err := c.DB().ExecContext(ctx, "DELETE FROM orders WHERE customer_id = ?", id)
	if err != nil {
		return 0, fmt.Errorf("delete customer %d's orders: %w", id, err)
	}
	return res.RowsAffected()
}

// sampleRSS reads c's resident size every rssEvery into cr until stop
// is closed, then closes done.
func sampleRSS(c *Cohort, cr *ConcurrentRun, done chan<- struct{}) chan<- struct{} {
	stop := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(rssEvery)
		defer t.Stop()
		for {
			if st, err := c.Stats(); err == nil {
				cr.MaxRSS = max(cr.MaxRSS, st.RSS)
				cr.Samples++
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return stop
}

// together runs the compaction, the load and the query loop at once and
// returns when the compaction and the load are done.
func (r *Run) together(ctx context.Context, c *Cohort, cr *ConcurrentRun, ids []int64) {
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		cr.Errs = append(cr.Errs, err.Error())
		mu.Unlock()
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		start := time.Now()
		msg, err := optimizeNote(ctx, c.DB(), "orders")
		cr.Optimize, cr.OptimizeMsg = time.Since(start), msg
		if err != nil {
			fail(err)
		}
	}()
	go func() {
		defer wg.Done()
		start := time.Now()
		n, err := r.loadCustomers(ctx, c)
		cr.Load, cr.LoadRows = time.Since(start), n
		if err != nil {
			fail(err)
		}
	}()
	qctx, cancel := context.WithCancel(ctx)
	loopDone := make(chan struct{}, 2)
	go func() {
		defer func() { loopDone <- struct{}{} }()
		if err := queryLoop(qctx, c, cr, ids); err != nil && qctx.Err() == nil {
			fail(err)
		}
	}()
	go func() {
		defer func() { loopDone <- struct{}{} }()
		// Each run completes (at least one does, however short the
		// others are); the loop ends with the first run that ends
		// after them.
		for {
			_, took, err := runOnce(ctx, c, rfmTop, nil, drain)
			if err != nil {
				fail(fmt.Errorf("rfm() under load: %w", err))
				return
			}
			cr.RfmBusy = append(cr.RfmBusy, took)
			if qctx.Err() != nil {
				return
			}
		}
	}()
	wg.Wait()
	cancel()
	<-loopDone
	<-loopDone
}

// loadCustomers loads the data set's customers.csv into customers.
func (r *Run) loadCustomers(ctx context.Context, c *Cohort) (int64, error) {
	path := filepath.Join(r.Data.Dir, gen.CustomersFile)
	cols, err := csvHeader(path)
	if err != nil {
		return 0, err
	}
	res, err := c.DB().ExecContext(ctx, loadDataTable(path, "customers", cols))
	if err != nil {
		return 0, fmt.Errorf("load %s: %w", path, err)
	}
	return res.RowsAffected()
}

// queryLoop runs togetherIDs in turn until ctx ends, counting the runs
// that completed.
func queryLoop(ctx context.Context, c *Cohort, cr *ConcurrentRun, ids []int64) error {
	for turn := 0; ctx.Err() == nil; turn++ {
		for _, id := range togetherIDs {
			q, _ := queryByID(id)
			n, args := 1, func(int) []any { return nil }
			if q.Lookup {
				n = togetherLookups
				args = func(i int) []any { return []any{ids[(turn*togetherLookups+i)%len(ids)]} }
			}
			for i := 0; i < n; i++ {
				if _, _, err := runOnce(ctx, c, q.SQL(MySQL), args(i), drain); err != nil {
					if ctx.Err() != nil {
						return nil
					}
					return fmt.Errorf("%s: %w", id, err)
				}
				cr.Queries[id]++
			}
		}
	}
	return nil
}
