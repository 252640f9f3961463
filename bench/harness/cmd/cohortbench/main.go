// Command cohortbench runs the peer benchmark (package harness) at one
// scale and writes its section of bench/RESULTS.md. `make bench` runs it:
//
//	go run ./cmd/cohortbench -root ../.. -scale S1
//
// It exits 1 when any result differs between systems (after writing the
// report, which lists the differences).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/cohortdb/cohortdb/bench/harness"
)

// scales are issue 4's data sizes (about 10 order lines per customer);
// S3 is issue 22's scale curve point (~100M order lines).
var scales = map[string]int{"S1": 100_000, "S2": 1_000_000, "S3": 10_000_000}

func main() {
	os.Exit(run())
}

func run() int {
	root := flag.String("root", "../..", "repository root (bench/data, bin/cohortdb and bench/RESULTS.md are under it)")
	scale := flag.String("scale", "S1", "S1 (100k customers), S2 (1M), S3 (10M) or a label for -customers")
	customers := flag.Int("customers", 0, "customers to generate (default: the scale's)")
	seed := flag.Uint64("seed", 1, "generator seed")
	bin := flag.String("cohortdb", "", "cohortdb binary (default <root>/bin/cohortdb)")
	results := flag.String("results", "", "Markdown file to update (default <root>/bench/RESULTS.md; - for stdout only)")
	systems := flag.String("systems", "cohortdb,memory,mariadb", "systems besides DuckDB, comma-separated")
	runs := flag.Int("runs", 5, "timed runs per query")
	lookups := flag.Int("lookups", 1000, "Q6 customers")
	budget := flag.Duration("budget", 20*time.Second, "per query and system: stop repeating once this much time is spent")
	timeout := flag.Duration("timeout", 120*time.Second, "per-query timeout on the wire systems")
	profile := flag.Bool("profile", false, "profile cohortdb's query phase (cohortdb serve --cpuprofile) and append `go tool pprof -top`")
	skipEvents := flag.Bool("skip-events", false, "generate in-process without events.csv (saves ~1.5 GB at S2; implies -skip-analytics)")
	skipAnalytics := flag.Bool("skip-analytics", false, "Q1-Q7 only: leave out the analytics functions (issues 5-8), the breadth set (issue 19) and the tables they read")
	queries := flag.String("queries", "", "run only these queries: comma-separated IDs or patterns (Q5,B0*,A5a,W*); default all")
	skipUpserts := flag.Bool("skip-upserts", false, "leave out the upserts-and-deletes step (daily REPLACE loads of 10% of the contacts, GDPR deletes, bytes on disk after OPTIMIZE TABLE)")
	skipLoadOrder := flag.Bool("skip-load-order", false, "leave out the load-order dimension (orders as -daily-files time-ordered daily files, before and after OPTIMIZE TABLE)")
	dailyFiles := flag.Int("daily-files", harness.DefaultDailyFiles, "time-ordered daily files the load-order dimension loads orders.csv as (issue 22: 365 daily loads)")
	skipImport := flag.Bool("skip-import", false, "leave out the offline `cohortdb import` of orders.csv")
	skipDuck := flag.Bool("skip-duckdb", false, "leave out DuckDB, the reference (nothing is compared): for scales whose tables do not fit in memory beside the server")
	concurrent := flag.Bool("concurrent", false, "after the queries, run OPTIMIZE TABLE orders, a load of customers.csv and a query loop together and report the server's peak memory against its budget (issue 22 item 6)")
	curve := flag.Bool("scale-curve", false, "write this scale's point of the scale curve (load, disk, peak RSS, Q1-Q7) into RESULTS.md's scale-curve section instead of the scale's own section (issue 22 item 5)")
	flag.Parse()
	limitMemory()

	cfg := harness.Config{Scale: *scale, Customers: *customers, Seed: *seed,
		DataDir: filepath.Join(*root, "bench", "data", *scale), CohortBin: *bin,
		Systems: strings.Split(*systems, ","), Runs: *runs, Lookups: *lookups, Budget: *budget,
		Timeout: *timeout, SkipEvents: *skipEvents, SkipAnalytics: *skipAnalytics || *skipEvents,
		SkipLoadOrder: *skipLoadOrder, DailyFiles: *dailyFiles, SkipUpserts: *skipUpserts, SkipImport: *skipImport, SkipDuck: *skipDuck,
		Concurrent: *concurrent, Queries: harness.ParseQueryFilter(*queries), Log: os.Stderr}
	if cfg.Customers == 0 {
		cfg.Customers = scales[*scale]
	}
	if cfg.Customers <= 0 {
		fmt.Fprintf(os.Stderr, "cohortbench: unknown scale %q: give -customers\n", *scale)
		return 2
	}
	if cfg.CohortBin == "" {
		cfg.CohortBin = filepath.Join(*root, "bin", "cohortdb")
	}
	if *results == "" {
		*results = filepath.Join(*root, "bench", "RESULTS.md")
	}
	tmp, err := os.MkdirTemp("", "cohortbench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "cohortbench:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	cfg.WorkDir = tmp
	if *profile {
		cfg.Profile = filepath.Join(tmp, "cpu.prof")
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	r, benchErr := harness.Bench(ctx, cfg)
	command := "make bench SCALE=" + *scale
	if _, known := scales[*scale]; !known {
		command = "cd bench/harness && go run ./cmd/cohortbench " + strings.Join(os.Args[1:], " ")
	} else if args := benchArgs("root", "scale", "results"); args != "" {
		command += ` BENCH_ARGS="` + args + `"`
	}
	section := harness.Report(r, command)
	if *profile {
		section += profileTop(cfg)
	}
	fmt.Println(section)
	if *curve && *results != "-" {
		if err := harness.UpdateCurve(*results, harness.CurvePointOf(r, command, gitHead(*root))); err != nil {
			fmt.Fprintln(os.Stderr, "cohortbench:", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "cohortbench: wrote the %s point of the scale curve into %s\n", *scale, *results)
	} else if *results != "-" {
		if err := harness.UpdateResults(*results, *scale, section); err != nil {
			fmt.Fprintln(os.Stderr, "cohortbench:", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "cohortbench: wrote %s\n", *results)
	}
	if benchErr != nil {
		fmt.Fprintln(os.Stderr, "cohortbench:", benchErr)
		return 1
	}
	return 0
}

// benchArgs renders the flags given, except those named, as make's
// BENCH_ARGS (so the report shows the command that reruns the run).
func benchArgs(except ...string) string {
	var args []string
	flag.Visit(func(f *flag.Flag) {
		if slices.Contains(except, f.Name) {
			return
		}
		v := f.Value.String()
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() && v == "true" {
			args = append(args, "-"+f.Name)
			return
		}
		if strings.ContainsAny(v, "*?[] ,") {
			v = "'" + v + "'"
		}
		args = append(args, "-"+f.Name+" "+v)
	})
	return strings.Join(args, " ")
}

// gitHead is the short commit of the tree at root ("" when unknown).
func gitHead(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// profileTop runs `go tool pprof -top` on cohortdb's query-phase profile
// (written by the server when it stops). Its stderr is kept for the
// report: a failure says why.
func profileTop(cfg harness.Config) string {
	cmd := exec.Command("go", "tool", "pprof", "-top", "-nodecount=30", cfg.CohortBin, cfg.Profile)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Sprintf("\ncohortdb CPU profile: go tool pprof failed: %v: %s\n", err, strings.TrimSpace(stderr.String()))
	}
	return "\ncohortdb server CPU profile of the query phase (`go tool pprof -top`):\n\n```\n" +
		strings.TrimSpace(string(out)) + "\n```\n"
}

// limitMemory gives the Go heap a soft limit of 60% of the machine's RAM
// (unless GOMEMLIMIT is set). At S2 the memory-engine baseline holds the
// whole orders table as Go values next to DuckDB's buffers; with the
// default GOGC the heap could grow to twice its live size and the kernel
// killed the run. Near the limit the collector runs more often instead.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if m := harness.ReadMachine(); m.MemBytes > 0 {
		debug.SetMemoryLimit(m.MemBytes * 6 / 10)
	}
}
