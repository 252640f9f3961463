package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

func runGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	var cfg gen.Config
	var out string
	fs.IntVar(&cfg.Customers, "customers", 50_000, "number of contacts (leads and buyers); order lines are about 10 per contact")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed: the same seed and flags give byte-identical files")
	fs.IntVar(&cfg.Products, "products", 0, "number of products (0: scale with customers)")
	fs.BoolVar(&cfg.Flaws, "flaws", true, "write the flaws of real data: a few contacts without e-mail, orders of products no longer in the catalogue")
	fs.StringVar(&out, "out", "", "directory to write customers.csv, orders.csv, products.csv, events.csv into (required)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cohortdb gen --customers N --out DIR [--seed S]\n\n"+
			"Writes a deterministic, realistic demo data set of the canonical shop tables as CSV.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if out == "" || cfg.Customers <= 0 {
		fmt.Fprintln(stderr, "cohortdb gen: --out is required and --customers must be positive")
		return exitUsage
	}
	st, err := gen.Generate(out, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "cohortdb gen: %v\n", err)
		return exitRuntime
	}
	fmt.Fprintf(stdout, "wrote %s: %d customers, %d products, %d orders (%d lines), %d events\n",
		out, st.Customers, st.Products, st.Orders, st.OrderLines, st.Events)
	return exitOK
}
