// Package harness runs the whole-system benchmark of cohortdb against its
// peers on the same data and machine: DuckDB in-process (the analytical
// reference), go-mysql-server's memory tables over the wire (the engine
// cohortdb is built on) and MariaDB when mariadbd is installed.
//
// A run generates (or reuses) the shop data set of one scale with cmd/cohortdb/gen,
// loads orders.csv into every system, runs Q1-Q7 once on each and compares
// the results (rows sorted, money within a cent) — a mismatch fails the run
// before anything is timed — then times each query several times and
// reports medians, Q6 as p50/p99 over random customers. Then cohortdb's
// analytics functions (rfm, customer_snapshot, clv and clv_fit, saved
// segments, affinity_rules; issues 5-8) are checked and timed against
// DuckDB SQL computing the same result from the definitions in docs/
// (customers, products and events are loaded into those two for this).
// Last, the breadth set (issue 19: queries of the kinds analysts and BI
// tools write, queries/*.sql and breadth_fn.go) is checked and timed on
// DuckDB and cohortdb; there a cohortdb error or timeout is reported, a
// wrong result fails the run. Then the insight pages (issue 26, pages.go)
// are loaded over HTTP as a browser loads them and timed. Config.Queries selects a subset by ID.
// Report renders the tables that cmd/cohortbench writes into
// bench/RESULTS.md.
//
// It is its own Go module so that the cohortdb server binary never links
// DuckDB. cohortdb itself is run as users run it: the `cohortdb serve`
// binary on a free port, loaded with LOAD DATA LOCAL INFILE (the bulk
// loader) and queried with go-sql-driver/mysql.
//
// Invariants: every system answers the same Query texts (a dialect
// variant only where the dialect forces one); no system is timed on a
// query whose result disagreed with DuckDB's; a query that runs past its
// timeout is recorded as a timeout, never as a time.
package harness
