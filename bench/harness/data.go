package harness

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// Dataset is a generated shop on disk.
type Dataset struct {
	Dir        string
	Customers  int
	Seed       uint64
	OrderLines int64
	CSVBytes   int64  // size of orders.csv
	Generator  string // how it was generated (command line)
}

// OrdersCSV is the path of orders.csv.
func (d Dataset) OrdersCSV() string { return filepath.Join(d.Dir, gen.OrdersFile) }

// doneFile marks a complete data set and records its configuration, so an
// interrupted generation is redone and a changed one is not reused.
const doneFile = ".complete"

// EnsureData returns the data set of customers/seed in dir, generating it
// first unless a complete one is there. It runs `cohortBin gen` as users
// would; when that is unavailable (no binary, or a binary without gen) it
// calls cmd/cohortdb/gen in-process, writing no events when skipEvents (Q1-Q7
// read orders only).
func EnsureData(ctx context.Context, dir string, customers int, seed uint64, cohortBin string, skipEvents bool, log io.Writer) (Dataset, error) {
	d := Dataset{Dir: dir, Customers: customers, Seed: seed}
	want := fmt.Sprintf("customers=%d seed=%d\n", customers, seed)
	if b, err := os.ReadFile(filepath.Join(dir, doneFile)); err == nil && strings.HasPrefix(string(b), want) {
		d.Generator = strings.TrimSpace(strings.TrimPrefix(string(b), want))
		fmt.Fprintf(log, "data: reusing %s (%d customers, seed %d)\n", dir, customers, seed)
		return d, d.count()
	}
	if err := os.RemoveAll(dir); err != nil {
		return d, err
	}
	var err error
	if d.Generator, err = generate(ctx, dir, customers, seed, cohortBin, skipEvents, log); err != nil {
		return d, err
	}
	if err := os.WriteFile(filepath.Join(dir, doneFile), []byte(want+d.Generator+"\n"), 0o644); err != nil {
		return d, err
	}
	return d, d.count()
}

func generate(ctx context.Context, dir string, customers int, seed uint64, cohortBin string, skipEvents bool, log io.Writer) (string, error) {
	if cohortBin != "" && !skipEvents {
		// --flaws=false: the demo's planted flaws (unknown products,
		// missing e-mails) stay out of the measured data.
		args := []string{"gen", "--customers", fmt.Sprint(customers), "--out", dir, "--seed", fmt.Sprint(seed), "--flaws=false"}
		fmt.Fprintf(log, "data: %s %s\n", cohortBin, strings.Join(args, " "))
		cmd := exec.CommandContext(ctx, cohortBin, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err == nil {
			return "cohortdb " + strings.Join(args, " "), nil
		} else if ctx.Err() != nil {
			return "", ctx.Err()
		} else {
			fmt.Fprintf(log, "data: cohortdb gen failed (%v: %s); generating in-process\n", err, strings.TrimSpace(out.String()))
		}
	}
	fmt.Fprintf(log, "data: the generator in-process into %s (events: %v)\n", dir, !skipEvents)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	files := map[string]*os.File{}
	names := []string{gen.CustomersFile, gen.OrdersFile, gen.ProductsFile, gen.FxRatesFile}
	if !skipEvents {
		names = append(names, gen.EventsFile)
	}
	for _, n := range names {
		f, err := os.Create(filepath.Join(dir, n))
		if err != nil {
			return "", err
		}
		defer f.Close()
		files[n] = f
	}
	w := gen.Writers{Customers: files[gen.CustomersFile], Orders: files[gen.OrdersFile], Products: files[gen.ProductsFile], FxRates: files[gen.FxRatesFile]}
	if f := files[gen.EventsFile]; f != nil {
		w.Events = f
	}
	if _, err := gen.WriteTables(w, gen.Config{Customers: customers, Seed: seed}); err != nil {
		return "", fmt.Errorf("generate %s: %w", dir, err)
	}
	for _, f := range files {
		if err := f.Close(); err != nil {
			return "", err
		}
	}
	how := fmt.Sprintf("the generator in-process (customers %d, seed %d", customers, seed)
	if skipEvents {
		how += ", events not written"
	}
	return how + ")", nil
}

// count sets OrderLines and CSVBytes from orders.csv (gen never puts a
// newline inside a field, so lines = newlines - header).
func (d *Dataset) count() error {
	f, err := os.Open(d.OrdersCSV())
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var n, lines int64
	for {
		k, err := f.Read(buf)
		n += int64(k)
		lines += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	d.CSVBytes, d.OrderLines = n, lines-1
	return nil
}
