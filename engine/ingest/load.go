package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/storage"
)

// MaxErrors is how many bad rows a failed load reports.
const MaxErrors = 20

// Column is one column of the target table, in table order.
type Column struct {
	Name     string
	Nullable bool
	Parse    Parser
	// Default is the storage value used when the file lacks the column
	// (nil: NULL); HasDefault says whether the column has one.
	Default    any
	HasDefault bool
}

// Options control one load.
type Options struct {
	Format Format
	// Header says the first line names the fields (matched to columns
	// case-insensitively). Without it, Fields or the table order is used.
	Header bool
	// Fields lists the column each field goes to (LOAD DATA's column list).
	Fields []string
	// SkipLines drops this many lines first (LOAD DATA ... IGNORE n LINES).
	SkipLines int
	// SkipUnknown drops fields whose header names no column, instead of
	// failing the load.
	SkipUnknown bool
	// Ignore skips bad rows (counted, the first KeepErrors reported)
	// instead of rejecting the load.
	Ignore bool
	// KeepErrors is how many problems an Ignore load keeps in
	// Result.Errors (LOAD DATA: max_error_count); 0 is MaxErrors. A load
	// that rejects stops at MaxErrors whatever it is.
	KeepErrors int
	Mode       storage.LoadMode
	// Progress, if set, is called every ProgressEvery rows and at the end.
	Progress func(rows, bytes int64)
}

// ProgressEvery is the row interval of Options.Progress calls.
const ProgressEvery = 1 << 16

// RowError locates one bad field or row.
type RowError struct {
	Line   int
	Column string // empty for errors of the whole row
	Reason string
	// Key is the taken primary key (storage values, in key order) of a
	// row refused as a duplicate, so the caller can word MySQL's 1062.
	Key storage.Row
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
}

// Result counts what a load did.
type Result struct {
	RowsRead     int64
	RowsLoaded   int64
	RowsRejected int64
	Errors       []RowError // the first problems (MaxErrors, or Options.KeepErrors)
}

// RejectedError is returned when bad rows rejected a whole load.
type RejectedError struct {
	Table  string
	Result Result
}

func (e *RejectedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "load into %s rejected, nothing was stored: ", e.Table)
	for i, re := range e.Result.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(re.String())
	}
	if extra := e.Result.RowsRejected - int64(len(e.Result.Errors)); extra > 0 {
		fmt.Fprintf(&b, "; and %d more bad rows", extra)
	}
	return b.String()
}

// Run loads all of r into table t (columns cols, in table order) as one
// atomic storage.Load.
func Run(ctx context.Context, s *storage.Store, t *storage.Table, cols []Column, r io.Reader, opts Options) (Result, error) {
	counted := &countingReader{r: r}
	rd := NewReader(counted, opts.Format)
	var res Result
	if err := skipLines(rd, opts.SkipLines); err != nil {
		return res, err
	}
	fieldCols, err := mapFields(rd, cols, opts)
	if err != nil {
		return res, fmt.Errorf("load into %s: %w", t.Name(), err)
	}
	l, err := s.BeginLoad(t, opts.Mode)
	if err != nil {
		return res, err
	}
	defer l.Abort()
	if a := membudget.FromContext(ctx); a != nil {
		// The statement's account: its buffers count against the
		// statement's and the server's memory limits.
		l.SetMemory(a)
	}
	if err := readRows(ctx, rd, l, cols, fieldCols, opts, &res, counted); err != nil {
		return res, err
	}
	if err := l.Err(); err != nil {
		return res, err
	}
	if res.RowsRejected > 0 && !opts.Ignore {
		return res, &RejectedError{Table: t.Name(), Result: res}
	}
	if err := l.Commit(); err != nil {
		return res, fmt.Errorf("load into %s: %w", t.Name(), err)
	}
	res.RowsLoaded = int64(l.Rows())
	if opts.Progress != nil {
		opts.Progress(res.RowsRead, counted.n.Load())
	}
	return res, nil
}

func skipLines(rd *Reader, n int) error {
	for i := 0; i < n; i++ {
		if _, err := rd.Read(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
	return nil
}

// mapFields returns, for each field position, the column ordinal it fills
// (-1: dropped).
func mapFields(rd *Reader, cols []Column, opts Options) ([]int, error) {
	names := opts.Fields
	if opts.Header {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil, errors.New("the file is empty: no header line")
		}
		if err != nil {
			return nil, err
		}
		names = make([]string, len(rec))
		for i, f := range rec {
			names[i] = strings.TrimSpace(strings.TrimPrefix(string(f.Value), "\ufeff"))
		}
	}
	if names == nil {
		out := make([]int, len(cols))
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	return resolveNames(names, cols, opts.SkipUnknown)
}

func resolveNames(names []string, cols []Column, skipUnknown bool) ([]int, error) {
	out := make([]int, len(names))
	seen := map[int]bool{}
	for i, n := range names {
		out[i] = -1
		for c := range cols {
			if strings.EqualFold(cols[c].Name, n) {
				out[i] = c
			}
		}
		if out[i] < 0 && !skipUnknown {
			return nil, fmt.Errorf("field %q is not a column of the table (add it with ALTER TABLE ... ADD COLUMN, or skip unknown fields)", n)
		}
		if out[i] >= 0 && seen[out[i]] {
			return nil, fmt.Errorf("column %s appears twice in the header", n)
		}
		seen[out[i]] = true
	}
	for c, col := range cols {
		if !seen[c] && !col.Nullable && !col.HasDefault {
			return nil, fmt.Errorf("the file has no field for column %s, which is NOT NULL without a default", col.Name)
		}
	}
	return out, nil
}

// readRows parses every record and appends the good ones to l.
func readRows(ctx context.Context, rd *Reader, l *storage.Load, cols []Column, fieldCols []int, opts Options, res *Result, counted *countingReader) error {
	missing := missingColumns(len(cols), fieldCols)
	keep := MaxErrors
	if opts.Ignore && opts.KeepErrors > 0 {
		keep = opts.KeepErrors
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			res.note(RowError{Line: rd.Line(), Reason: err.Error()}, keep)
			return nil // the reader cannot resynchronise after bad quoting
		}
		res.RowsRead++
		if res.RowsRead%ProgressEvery == 0 {
			if err := cmp.Or(ctx.Err(), l.Err()); err != nil {
				return err
			}
			if opts.Progress != nil {
				opts.Progress(res.RowsRead, counted.n.Load())
			}
		}
		if bad := appendRecord(l, rec, rd.Line(), cols, fieldCols, missing); bad != nil {
			res.note(*bad, keep)
			if !opts.Ignore && len(res.Errors) >= MaxErrors {
				return nil
			}
		}
	}
}

// note counts a bad row, keeping its problem while fewer than keep are.
func (res *Result) note(e RowError, keep int) {
	res.RowsRejected++
	if len(res.Errors) < keep {
		res.Errors = append(res.Errors, e)
	}
}

// missingColumns lists the columns no field fills; they get defaults.
func missingColumns(n int, fieldCols []int) []int {
	filled := make([]bool, n)
	for _, c := range fieldCols {
		if c >= 0 {
			filled[c] = true
		}
	}
	var out []int
	for c, ok := range filled {
		if !ok {
			out = append(out, c)
		}
	}
	return out
}

// appendRecord parses one record into l; a bad record leaves l unchanged.
func appendRecord(l *storage.Load, rec []Field, line int, cols []Column, fieldCols, missing []int) *RowError {
	if len(rec) != len(fieldCols) {
		return &RowError{Line: line, Reason: fmt.Sprintf("has %d fields, expected %d", len(rec), len(fieldCols))}
	}
	for i := range rec {
		c := fieldCols[i]
		if c < 0 {
			continue
		}
		col := &cols[c]
		if rec[i].Null {
			if !col.Nullable {
				l.DiscardRow()
				return &RowError{Line: line, Column: col.Name, Reason: "NULL in a NOT NULL column"}
			}
			l.Null(c)
			continue
		}
		if err := col.Parse.Set(l, c, rec[i].Value); err != nil {
			l.DiscardRow()
			return &RowError{Line: line, Column: col.Name, Reason: err.Error()}
		}
	}
	for _, c := range missing {
		l.Value(c, cols[c].Default)
	}
	if err := l.EndRow(); err != nil {
		bad := &RowError{Line: line, Reason: err.Error()}
		if dup := (*storage.DuplicateKeyError)(nil); errors.As(err, &dup) {
			bad.Key = dup.Key
		}
		return bad
	}
	return nil
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
