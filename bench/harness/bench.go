package harness

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

// Config says what one benchmark run measures.
type Config struct {
	Scale     string // report label: S1, S2 or a custom name
	Customers int
	Seed      uint64
	DataDir   string // the data set (bench/data/<scale>), generated once
	CohortBin string // cohortdb binary: gen, import and serve
	// Profile, when set, is where `cohortdb serve --cpuprofile` writes a
	// CPU profile of cohortdb's query phase: the server is restarted on
	// its loaded data dir with the flag, so loading is not in it.
	Profile string
	// SkipAnalytics leaves out the analytics functions (issues 5-8) and
	// the loading of customers, products and events they need.
	SkipAnalytics bool
	// SkipLoadOrder leaves out the load-order dimension (loadorder.go):
	// orders loaded as DailyFiles time-ordered files, before and after
	// OPTIMIZE TABLE.
	SkipLoadOrder bool
	// DailyFiles is the number of time-ordered files the load-order
	// dimension splits orders.csv into; 0 means DefaultDailyFiles.
	DailyFiles int
	// SkipUpserts leaves out the upserts-and-deletes step (upserts.go):
	// daily REPLACE loads of changed contacts, GDPR deletes, bytes on
	// disk after compaction.
	SkipUpserts bool
	// SkipImport leaves out the offline `cohortdb import` measurement.
	SkipImport bool
	// SkipDuck leaves out DuckDB, the reference: nothing is compared, Q6's
	// customers are drawn from cohortdb's orders (for scales DuckDB's
	// in-memory tables do not fit beside the server).
	SkipDuck bool
	// Concurrent runs, after the queries, a query loop, a load and
	// OPTIMIZE TABLE together on the loaded data and samples the
	// server's memory (issue 22 item 6; concurrent.go).
	Concurrent bool
	// Systems to run besides DuckDB (always run: it is the reference):
	// "cohortdb", "memory", "mariadb"; nil means all.
	Systems    []string
	Runs       int           // timed runs per query (default 5)
	Lookups    int           // Q6 customers (default 1000)
	Checked    int           // Q6 lookups compared across systems (default 20)
	Budget     time.Duration // per query and system: stop repeating once spent (default 20s)
	Timeout    time.Duration // per query on the wire systems (default 120s)
	SkipEvents bool          // generate without events.csv (in-process)
	// Queries selects what runs by ID (Q1-Q7, the breadth set B01...,
	// the analytics A5a...): path.Match patterns; nil runs everything.
	Queries []string
	WorkDir string    // parent of temporary data dirs (default os.TempDir)
	Log     io.Writer // progress (default io.Discard)
}

func (c Config) withDefaults() Config {
	if c.Runs <= 0 {
		c.Runs = 5
	}
	if c.Lookups <= 0 {
		c.Lookups = 1000
	}
	if c.Checked <= 0 {
		c.Checked = 20
	}
	if c.Budget <= 0 {
		c.Budget = 20 * time.Second
	}
	if c.Timeout <= 0 {
		c.Timeout = 120 * time.Second
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.Systems == nil {
		c.Systems = []string{"cohortdb", "memory", "mariadb"}
	}
	if c.DailyFiles <= 0 {
		c.DailyFiles = DefaultDailyFiles
	}
	return c
}

// Run is the outcome of one benchmark run: everything the report shows.
type Run struct {
	Config   Config
	Data     Dataset
	Systems  []string                     // systems that ran, report column order
	Skipped  []string                     // why a system did not run
	Loads    map[string]LoadInfo          // by system
	Times    map[string]map[string]Timing // query ID -> system -> timing
	Versions map[string]string            // by component
	Machine  Machine
	Started  time.Time
	Elapsed  time.Duration
	// Analytics are cohortdb's analytics functions against DuckDB SQL,
	// in the order run (empty with SkipAnalytics or without cohortdb).
	Analytics []AnalyticRun
	// Breadth is the breadth set selected (issue 19; empty with
	// SkipAnalytics or without cohortdb), timed in Times like Q1-Q7 on
	// DuckDB and cohortdb only.
	Breadth []Query
	// Pages are the insight pages timed (issue 26; empty with
	// SkipAnalytics or without cohortdb), in the order run.
	Pages []PageRun
	// UnderCompaction is the latency of Q1, Q3 and Q6 while background
	// compaction runs against the same table idle (nil: not measured).
	UnderCompaction *CompactionProbe
	// Upserts is the upserts-and-deletes step (nil: not measured).
	Upserts *UpsertRun
	// Servers are cohortdb's server processes of the main run, in order
	// (the load, the queries): CPU time, peak resident size, budget.
	Servers []ServerRun
	// Together is the concurrent step (nil: not run).
	Together *ConcurrentRun

	Failures []string // mismatches and errors; any fails the run

	duckResults map[string]Result // DuckDB's analytics results by DuckText
}

// reference is DuckDB's answers, every other system's expected results.
type reference struct {
	results map[string]Result // by query ID (not Q6)
	ids     []int64           // Q6 customers, in lookup order
	lookups []Result          // Q6 results of ids[:Checked]
	duck    *Duck             // kept open for the analytics comparisons
}

// Bench generates or reuses the data, runs DuckDB (the reference) and
// the other systems one after the other, and returns what it measured.
// The error is non-nil when any result differed or a system failed; the
// Run is complete enough to report either way.
func Bench(ctx context.Context, cfg Config) (*Run, error) {
	cfg = cfg.withDefaults()
	r := &Run{Config: cfg, Loads: map[string]LoadInfo{}, Times: map[string]map[string]Timing{},
		Versions: map[string]string{}, Machine: ReadMachine(), Started: time.Now()}
	if err := r.selectQueries(); err != nil {
		return r, err
	}
	for _, q := range append(slices.Clone(Queries), r.Breadth...) {
		r.Times[q.ID] = map[string]Timing{}
	}
	var err error
	if r.Data, err = EnsureData(ctx, cfg.DataDir, cfg.Customers, cfg.Seed, cfg.CohortBin, cfg.SkipEvents, cfg.Log); err != nil {
		return r, err
	}
	if !cfg.SkipImport {
		if err := r.measureImport(ctx); err != nil {
			r.Failures = append(r.Failures, err.Error())
		}
	}
	ref, err := r.reference(ctx)
	if ref != nil {
		defer ref.closeDuck()
	}
	if err != nil {
		return r, err
	}
	if !r.extraTables() {
		ref.closeDuck()
	}
	for _, name := range cfg.Systems {
		if err := r.runSystem(ctx, name, ref); err != nil {
			r.Failures = append(r.Failures, fmt.Sprintf("%s: %v", name, err))
		}
		if name == "cohortdb" && !cfg.SkipLoadOrder {
			if err := r.runLoadOrder(ctx, ref); err != nil {
				r.Failures = append(r.Failures, fmt.Sprintf("%s: %v", dailyName, err))
			}
		}
		if name == "cohortdb" && r.upserts() {
			r.runUpserts(ctx)
		}
		if name == "cohortdb" {
			// The analytics comparisons are done: free DuckDB's memory
			// (all four tables at S2) before the memory engine loads.
			ref.closeDuck()
		}
	}
	r.Elapsed = time.Since(r.Started)
	if len(r.Failures) > 0 {
		return r, fmt.Errorf("benchmark failed:\n  %s", joinLines(r.Failures))
	}
	return r, nil
}

func (r *Run) logf(format string, args ...any) {
	fmt.Fprintf(r.Config.Log, format+"\n", args...)
}

// reference runs DuckDB, or with SkipDuck returns an empty reference
// (nothing is compared).
func (r *Run) reference(ctx context.Context) (*reference, error) {
	if !r.Config.SkipDuck {
		return r.runDuck(ctx)
	}
	r.Skipped = append(r.Skipped, "DuckDB: not run (-skip-duckdb): no results are compared with a reference at this scale")
	return &reference{}, nil
}

// runDuck loads and times DuckDB, keeping its results as the reference.
func (r *Run) runDuck(ctx context.Context) (*reference, error) {
	d, err := OpenDuck()
	if err != nil {
		return nil, err
	}
	ref := &reference{results: map[string]Result{}, duck: d}
	r.Versions["DuckDB"] = d.Version(ctx) + " (duckdb-go " + moduleVersion("github.com/duckdb/duckdb-go/v2") + ", in-process)"
	if err := r.load(ctx, d, d.Load); err != nil {
		return ref, err
	}
	if r.selected("Q6") {
		if ref.ids, err = lookupIDs(ctx, d.DB(), r.Config.Lookups, r.Config.Seed); err != nil {
			return ref, err
		}
	}
	for _, q := range r.coreQueries() {
		if q.Lookup {
			checked := ref.ids[:min(r.Config.Checked, len(ref.ids))]
			if ref.lookups, _, err = checkLookups(ctx, d, q, checked, nil, 0); err != nil {
				return ref, fmt.Errorf("duckdb %s: %w", q.ID, err)
			}
			r.record(q, d, timeLookups(ctx, d, q, ref.ids, r.Config.Budget))
			continue
		}
		t, res := timeQuery(ctx, d, q, nil, r.Config.Runs, r.Config.Budget)
		if t.Err != "" {
			return ref, fmt.Errorf("duckdb %s: %s", q.ID, t.Err)
		}
		ref.results[q.ID] = res
		r.record(q, d, t)
	}
	r.Systems = append(r.Systems, d.Name())
	if r.extraTables() {
		if err := r.loadExtraDuck(ctx, d); err != nil {
			return ref, err
		}
		if err := r.runBreadthDuck(ctx, d, ref); err != nil {
			return ref, err
		}
	}
	return ref, nil
}

// analytics reports whether this run compares the analytics functions
// (they need cohortdb).
func (r *Run) analytics() bool {
	return r.extraTablesAllowed() && slices.ContainsFunc(analyticIDs, r.selected)
}

// extraTables reports whether customers, products and events are loaded
// into DuckDB and cohortdb: the analytics and the breadth set read them.
func (r *Run) extraTables() bool {
	return r.analytics() || r.pages() || r.extraTablesAllowed() && len(r.Breadth) > 0
}

func (r *Run) extraTablesAllowed() bool {
	return !r.Config.SkipAnalytics && slices.Contains(r.Config.Systems, "cohortdb")
}

// closeDuck closes the reference DuckDB once (the Q1-Q7 results stay).
func (ref *reference) closeDuck() {
	if ref.duck != nil {
		ref.duck.Close()
		ref.duck = nil
	}
}

// lookupIDs picks n customers with orders at random (seeded: every run
// and every system looks up the same customers in the same order).
func lookupIDs(ctx context.Context, db *sql.DB, n int, seed uint64) ([]int64, error) {
	rows, err := db.QueryContext(ctx, "SELECT DISTINCT customer_id FROM orders ORDER BY customer_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		all = append(all, id)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no orders loaded")
	}
	rng := rand.New(rand.NewPCG(seed, 4))
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = all[rng.IntN(len(all))]
	}
	return ids, rows.Err()
}

// runSystem starts, loads, checks and times one non-reference system.
func (r *Run) runSystem(ctx context.Context, name string, ref *reference) error {
	var s System
	var load func(context.Context, string) (LoadInfo, error)
	switch name {
	case "cohortdb":
		return r.runCohort(ctx, ref)
	case "memory":
		m, err := StartMemory(r.Config.Timeout)
		if err != nil {
			return err
		}
		r.Versions["GMS memory"] = "go-mysql-server " + moduleVersion("github.com/dolthub/go-mysql-server") + " memory tables, in-process server, over the wire"
		s, load = m, m.Load
	case "mariadb":
		m, skip, err := StartMariaDB(ctx, r.workDir(), r.Config.Timeout)
		if skip != "" {
			r.Skipped = append(r.Skipped, skip)
			r.logf("%s", skip)
			return nil
		}
		if err != nil {
			return err
		}
		r.Versions["MariaDB"] = m.Version(ctx)
		s, load = m, m.Load
	default:
		return fmt.Errorf("unknown system %q (want cohortdb, memory or mariadb)", name)
	}
	defer func() {
		if err := s.Close(); err != nil {
			r.Failures = append(r.Failures, fmt.Sprintf("%s: close: %v", s.Name(), err))
		}
	}()
	if err := r.load(ctx, s, load); err != nil {
		return err
	}
	r.Systems = append(r.Systems, s.Name())
	r.runQueries(ctx, s, ref)
	return nil
}

// runQueries checks and times Q1-Q7 on s (without a reference: times
// them, Q6 on customers drawn from s).
func (r *Run) runQueries(ctx context.Context, s System, ref *reference) {
	for _, q := range r.coreQueries() {
		if q.Lookup && ref.ids == nil {
			var err error
			if ref.ids, err = lookupIDs(ctx, s.DB(), r.Config.Lookups, r.Config.Seed); err != nil {
				r.record(q, s, Timing{Err: err.Error()})
				continue
			}
		}
		if q.Lookup {
			checked := ref.ids[:len(ref.lookups)]
			_, diff, err := checkLookups(ctx, s, q, checked, ref.lookups, r.Config.Budget)
			switch {
			case err != nil:
				r.record(q, s, Timing{Err: err.Error()})
			case diff != "":
				r.record(q, s, Timing{Mismatch: diff})
			default:
				r.record(q, s, timeLookups(ctx, s, q, ref.ids, r.Config.Budget))
			}
			continue
		}
		var want *Result
		if res, ok := ref.results[q.ID]; ok {
			want = &res
		}
		t, _ := timeQuery(ctx, s, q, want, r.Config.Runs, r.Config.Budget)
		r.record(q, s, t)
	}
}

// record keeps q's timing on s and lists what fails the run: a result
// that differs from DuckDB's, and on Q1-Q7 an error too. A breadth query
// that errors or times out on cohortdb is reported, not a failure.
func (r *Run) record(q Query, s System, t Timing) {
	r.Times[q.ID][s.Name()] = t
	breadth := slices.ContainsFunc(r.Breadth, func(b Query) bool { return b.ID == q.ID })
	switch {
	case t.Mismatch != "" && breadth:
		r.Failures = append(r.Failures, fmt.Sprintf("%s %s: WRONG: result differs from DuckDB: %s", s.Name(), q.ID, t.Mismatch))
	case t.Err != "" && breadth && strings.HasPrefix(s.Name(), "cohortdb"):
	case t.Mismatch != "":
		r.Failures = append(r.Failures, fmt.Sprintf("%s %s: result differs from DuckDB: %s", s.Name(), q.ID, t.Mismatch))
	case t.Err != "":
		r.Failures = append(r.Failures, fmt.Sprintf("%s %s: %s", s.Name(), q.ID, t.Err))
	}
	r.logf("%-10s %-3s %s", s.Name(), q.ID, t)
}

func (r *Run) load(ctx context.Context, s System, load func(context.Context, string) (LoadInfo, error)) error {
	r.logf("%-10s loading %s (%d lines)", s.Name(), r.Data.OrdersCSV(), r.Data.OrderLines)
	info, err := load(ctx, r.Data.OrdersCSV())
	if err != nil {
		return err
	}
	if info.Rows != r.Data.OrderLines {
		return fmt.Errorf("%s: loaded %d rows, orders.csv has %d lines", s.Name(), info.Rows, r.Data.OrderLines)
	}
	r.Loads[s.Name()] = info
	r.logf("%-10s loaded in %v (%.0f lines/s)", s.Name(), info.Duration.Round(time.Millisecond),
		float64(info.Rows)/info.Duration.Seconds())
	return nil
}

func (r *Run) workDir() string {
	if r.Config.WorkDir != "" {
		return r.Config.WorkDir
	}
	return os.TempDir()
}

func (t Timing) String() string {
	switch {
	case t.Mismatch != "":
		return "MISMATCH " + t.Mismatch
	case t.Err != "":
		return "ERROR " + t.Err
	case t.TimedOut:
		return "timeout"
	case t.P99 > 0:
		return fmt.Sprintf("p50 %v p99 %v (%d lookups)", t.P50, t.P99, t.Runs)
	}
	return fmt.Sprintf("median %v (%d runs)", t.Median, t.Runs)
}

func joinLines(s []string) string {
	out := ""
	for i, l := range slices.Clone(s) {
		if i > 0 {
			out += "\n  "
		}
		out += l
	}
	return out
}
