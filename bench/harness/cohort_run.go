package harness

import (
	"context"
	"fmt"
	"os"
	"time"
)

// runCohort loads, checks and times cohortdb. The server runs three
// times on one data dir: (1) loads orders.csv (the timed load; the data
// dir is measured after it and after a clean shutdown), (2) loads the
// tables only the analytics functions and the breadth set read, (3)
// answers Q1-Q7, the analytics, the breadth set and the insight pages
// (with --http) — with --cpuprofile
// when profiling, so the profile holds the query phase only (the
// process's start-up and store open aside).
func (r *Run) runCohort(ctx context.Context, ref *reference) error {
	r.Versions["cohortdb"] = cohortVersion(ctx, r.Config.CohortBin)
	dir, err := os.MkdirTemp(r.workDir(), "cohortdb-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	c, err := StartCohort(ctx, r.Config.CohortBin, dir, r.Config.Timeout)
	if err != nil {
		return err
	}
	budget := r.memoryLimit(ctx, c)
	if err := r.load(ctx, c, c.Load); err != nil {
		c.Stop()
		return err
	}
	if err := c.Stop(); err != nil {
		return err
	}
	r.Servers = append(r.Servers, serverRun("load orders.csv", c, budget))
	if info, ok := r.Loads[c.Name()]; ok {
		if info.DiskBytesStopped, err = dirBytes(dir); err != nil {
			return err
		}
		r.Loads[c.Name()] = info
	}

	if r.extraTables() {
		if c, err = StartCohort(ctx, r.Config.CohortBin, dir, r.Config.Timeout); err != nil {
			return err
		}
		err := r.loadExtraCohort(ctx, c)
		if stopErr := c.Stop(); err == nil {
			err = stopErr
		}
		if err != nil {
			return err
		}
	}

	var extra []string
	if r.Config.Profile != "" {
		extra = []string{"--cpuprofile", r.Config.Profile}
	}
	if r.pages() {
		extra = append(extra, "--http", "127.0.0.1:0")
	}
	if c, err = StartCohort(ctx, r.Config.CohortBin, dir, r.Config.Timeout, extra...); err != nil {
		return err
	}
	r.Systems = append(r.Systems, c.Name())
	budget = r.memoryLimit(ctx, c)
	r.runQueries(ctx, c, ref)
	if r.analytics() {
		r.runAnalytics(ctx, c, ref.duck)
	}
	restart := func() (*Cohort, error) {
		return StartCohort(ctx, r.Config.CohortBin, dir, r.Config.Timeout, extra...)
	}
	if c, err = r.runBreadthCohort(ctx, c, ref, restart); err != nil {
		return err
	}
	if r.pages() {
		r.runPages(ctx, c)
	}
	if err := c.Stop(); err != nil {
		return fmt.Errorf("after the queries: %w", err)
	}
	r.Servers = append(r.Servers, serverRun("queries", c, budget))
	if r.Config.Concurrent {
		r.runConcurrent(ctx, dir)
	}
	return nil
}

// ServerRun is one cohortdb server process of the run: what it did, its
// CPU time over its whole life (the kernel's rusage) and peak resident
// size (VmHWM just before shutdown: Cohort.Usage), and the memory budget
// it ran with.
type ServerRun struct {
	Phase   string
	CPU     time.Duration
	PeakRSS int64
	Budget  int64 // cohortdb_memory_limit (0: unlimited or not read)
}

func serverRun(phase string, c *Cohort, budget int64) ServerRun {
	u := c.Usage()
	return ServerRun{Phase: phase, CPU: u.CPU, PeakRSS: u.PeakRSS, Budget: budget}
}

// memoryLimit reads c's memory budget; a failure is logged (0 returned).
func (r *Run) memoryLimit(ctx context.Context, c *Cohort) int64 {
	n, err := c.MemoryLimit(ctx)
	if err != nil {
		r.logf("cohortdb: reading the memory budget: %v", err)
	}
	return n
}
