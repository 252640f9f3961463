package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/canonical"
	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/server"
)

// importFlags are the options of `cohortdb import`.
type importFlags struct {
	dataDir, db, table, file, dir string
	mode, delimiter, quote, null  string
	dateFormat, datetimeFormat    string
	noHeader, ignore, skipUnknown bool
}

func runImport(args []string, stdout, stderr io.Writer) int {
	f, code, done := parseImportFlags(args, stderr)
	if done {
		return code
	}
	jobs, err := f.jobs()
	if err != nil {
		fmt.Fprintf(stderr, "cohortdb import: %v\n", err)
		return exitUsage
	}
	restrictFileModes()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := importAll(ctx, f, jobs, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "cohortdb import: %v\n", err)
		return exitRuntime
	}
	return exitOK
}

func parseImportFlags(args []string, stderr io.Writer) (importFlags, int, bool) {
	var f importFlags
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.StringVar(&f.dataDir, "data-dir", envOr(envDataDir, server.DefaultDataDir), "data directory (env "+envDataDir+"); the server must not be running on it")
	fs.StringVar(&f.db, "db", canonical.Database, "database of the table")
	fs.StringVar(&f.table, "table", "", "table to load (default: the file name without extensions, e.g. orders.csv.gz -> orders)")
	fs.StringVar(&f.file, "file", "", "CSV file to load; gzip or zstd compressed files are read directly")
	fs.StringVar(&f.dir, "dir", "", "load customers, products, orders and events CSVs found in this directory (as `cohortdb gen` writes them)")
	fs.StringVar(&f.mode, "mode", "append", "append, replace (the file replaces the table) or upsert (rows replace rows with the same primary key)")
	fs.StringVar(&f.delimiter, "delimiter", ",", "field delimiter (\\t for tab)")
	fs.StringVar(&f.quote, "quote", `"`, "quote character; empty for none")
	fs.StringVar(&f.null, "null", "", "text that means NULL (an empty unquoted field is always NULL)")
	fs.StringVar(&f.dateFormat, "date-format", "", "Go layout of DATE fields, e.g. 02.01.2006 (default YYYY-MM-DD)")
	fs.StringVar(&f.datetimeFormat, "datetime-format", "", "Go layout of DATETIME fields (default YYYY-MM-DD HH:MM:SS[.ffffff])")
	fs.BoolVar(&f.noHeader, "no-header", false, "the file has no header line: fields are the table's columns in order")
	fs.BoolVar(&f.ignore, "ignore", false, "skip bad rows (reported) instead of rejecting the whole file")
	fs.BoolVar(&f.skipUnknown, "skip-unknown-columns", false, "drop fields whose header names no column instead of failing")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cohortdb import [--table T] --file F [flags]\n       cohortdb import --dir DIR [flags]\n\n"+
			"Loads CSV files into a data directory, each file atomically: a file with a bad row is\n"+
			"rejected whole (first 20 problems reported with line and column) and nothing is stored.\n"+
			"Every attempt is recorded in load_history. To load into a running server, use\n"+
			"LOAD DATA LOCAL INFILE over the wire instead.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	code, done := parseFlags(fs, args, stderr)
	return f, code, done
}

type importJob struct{ table, file string }

// jobs lists the files to load, in an order that keeps references valid
// (customers and products before orders and events).
func (f importFlags) jobs() ([]importJob, error) {
	if (f.file == "") == (f.dir == "") {
		return nil, errors.New("give exactly one of --file or --dir")
	}
	if f.file != "" {
		t := f.table
		if t == "" {
			t = strings.SplitN(filepath.Base(f.file), ".", 2)[0]
		}
		return []importJob{{t, f.file}}, nil
	}
	var jobs []importJob
	for _, t := range []string{"customers", "products", "orders", "events", "fx_rates"} {
		for _, ext := range []string{".csv", ".csv.gz", ".csv.zst"} {
			p := filepath.Join(f.dir, t+ext)
			if _, err := os.Stat(p); err == nil {
				jobs = append(jobs, importJob{t, p})
				break
			}
		}
	}
	if len(jobs) == 0 {
		return nil, fmt.Errorf("no customers/products/orders/events CSV files in %s", f.dir)
	}
	return jobs, nil
}

func (f importFlags) request(job importJob) (engine.LoadRequest, error) {
	modes := map[string]ingest.Mode{"append": ingest.Append, "replace": ingest.Replace, "upsert": ingest.Upsert}
	mode, ok := modes[f.mode]
	if !ok {
		return engine.LoadRequest{}, fmt.Errorf("--mode %q: want append, replace or upsert", f.mode)
	}
	delim := strings.ReplaceAll(f.delimiter, `\t`, "\t")
	if delim == "" || len(f.quote) > 1 {
		return engine.LoadRequest{}, errors.New("--delimiter must not be empty and --quote must be one character")
	}
	format := ingest.Format{FieldSep: delim, LineSep: "\n", NullText: f.null, EmptyNull: true}
	if f.quote != "" {
		format.Enclose = f.quote[0]
	}
	return engine.LoadRequest{DB: f.db, Table: job.table, Source: job.file,
		DateLayout: f.dateFormat, DateTimeLayout: f.datetimeFormat,
		Options: ingest.Options{Format: format, Header: !f.noHeader, Ignore: f.ignore, SkipUnknown: f.skipUnknown, Mode: mode}}, nil
}

// importAll opens the data dir as serve does (engine.Open: the canonical
// schema on a fresh one, interrupted loads marked) and loads every job; it
// stops at the first failed file.
func importAll(ctx context.Context, f importFlags, jobs []importJob, stdout, stderr io.Writer) error {
	eng, err := engine.Open(f.dataDir, engine.Options{})
	if err != nil {
		if strings.Contains(err.Error(), "lock") {
			return fmt.Errorf("%w\n(is a server running on %s? load through it with LOAD DATA LOCAL INFILE, or stop it first)", err, f.dataDir)
		}
		return err
	}
	defer eng.Close()
	sctx := eng.NewContext(ctx)
	for _, job := range jobs {
		if err := importFile(sctx, eng, f, job, stdout, stderr); err != nil {
			return err
		}
	}
	return nil
}

func importFile(ctx context.Context, eng *engine.Engine, f importFlags, job importJob, stdout, stderr io.Writer) error {
	req, err := f.request(job)
	if err != nil {
		return err
	}
	file, err := os.Open(job.file)
	if err != nil {
		return err
	}
	defer file.Close()
	info, _ := file.Stat()
	in, done, err := ingest.Decompress(file)
	if err != nil {
		return err
	}
	defer done()
	prog := newProgress(stderr, job, info.Size(), file)
	req.Options.Progress = prog.update
	start := time.Now()
	res, err := eng.Load(eng.NewContext(ctx), req, in)
	prog.finish()
	if err != nil {
		return fmt.Errorf("%s: %w", job.file, err)
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "%s: loaded %d rows into %s.%s in %.1fs (%.0f rows/s)", job.file, res.RowsLoaded, f.db, job.table, secs, float64(res.RowsLoaded)/secs)
	if res.RowsRejected > 0 {
		fmt.Fprintf(stdout, "; skipped %d bad rows, first: %s", res.RowsRejected, res.Errors[0].String())
	}
	fmt.Fprintln(stdout)
	return nil
}

// progress shows a bar with rows/s on a terminal and a log line every few
// seconds otherwise. Position is measured on the compressed file, so the
// bar is right for .gz files too.
type progress struct {
	bar     *progressbar.ProgressBar
	w       io.Writer
	job     importJob
	file    *os.File
	lastLog time.Time
	start   time.Time
}

func newProgress(w io.Writer, job importJob, size int64, file *os.File) *progress {
	p := &progress{w: w, job: job, file: file, start: time.Now(), lastLog: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(size, progressbar.OptionSetWriter(w), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("loading "+job.table), progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true))
	}
	return p
}

func (p *progress) update(rows, _ int64) {
	pos, _ := p.file.Seek(0, io.SeekCurrent)
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("loading %s: %d rows (%.0f rows/s)", p.job.table, rows, float64(rows)/time.Since(p.start).Seconds()))
		p.bar.Set64(pos)
		return
	}
	if time.Since(p.lastLog) >= 5*time.Second {
		p.lastLog = time.Now()
		fmt.Fprintf(p.w, "cohortdb import: %s: %d rows read (%.0f rows/s)\n", p.job.file, rows, float64(rows)/time.Since(p.start).Seconds())
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
	}
}
