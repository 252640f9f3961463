package harness

import (
	"context"
	"fmt"
)

// runBreadthDuck runs the breadth set on DuckDB, the reference: its
// results are what cohortdb is checked against, so a DuckDB error is a
// fault of the harness and fails the run.
func (r *Run) runBreadthDuck(ctx context.Context, d *Duck, ref *reference) error {
	for _, q := range r.Breadth {
		t, res := timeQuery(ctx, d, q, nil, r.Config.Runs, r.Config.Budget)
		if t.Err != "" {
			return fmt.Errorf("duckdb %s: %s", q.ID, t.Err)
		}
		ref.results[q.ID] = res
		r.record(q, d, t)
	}
	return nil
}

// runBreadthCohort checks and times the breadth set on cohortdb. An error
// or a timeout is recorded in Times and is not a failure of the run; a
// result that differs from DuckDB's is (record lists it). When the
// server exits under a query (killed for memory, a crash), that query
// records why, the server is started again on its data dir with restart,
// and the set goes on; the running server is returned.
func (r *Run) runBreadthCohort(ctx context.Context, c *Cohort, ref *reference, restart func() (*Cohort, error)) (*Cohort, error) {
	return r.runBreadthCohortAs(ctx, c, c.Name(), ref, restart)
}

// runBreadthCohortAs is runBreadthCohort recording under the report
// column name (the load-order dimension's compacted daily table).
func (r *Run) runBreadthCohortAs(ctx context.Context, c *Cohort, name string, ref *reference, restart func() (*Cohort, error)) (*Cohort, error) {
	for _, q := range r.Breadth {
		want := ref.results[q.ID]
		t, _ := timeQuery(ctx, c, q, &want, r.Config.Runs, r.Config.Budget)
		if c.hasExited() {
			t = Timing{Err: "cohortdb exited: " + oneLine(c.logTail(600), 600)}
			r.record(q, renamed{c, name}, t)
			var err error
			if c, err = restart(); err != nil {
				return c, fmt.Errorf("restart after %s: %w", q.ID, err)
			}
			continue
		}
		r.record(q, renamed{c, name}, t)
	}
	return c, nil
}

// hasExited reports whether the server process has ended.
func (c *Cohort) hasExited() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

// logTail is the end of the server's log, at most n bytes.
func (c *Cohort) logTail(n int) string {
	s := c.log.String()
	if len(s) > n {
		s = s[len(s)-n:]
	}
	return s
}
