package read

import "errors"

// ErrTableNotFound is what reading a table that does not exist wraps
// (the store's own error, so errors.Is works across the layers).
var ErrTableNotFound = errors.New("table not found")

// Table is one table as a statement reads it: its columns by name and its
// rows as column vectors. A Table is immutable (a snapshot).
type Table interface {
	// Column returns the named column (any case); ok is false when the
	// table has none.
	Column(name string) (c Column, ok bool)
	// NumColumns is the number of columns; ordinals are 0..NumColumns-1.
	NumColumns() int
	// RowCount is the number of live rows.
	RowCount() int64
	// Parts lists the scannable parts in row order: sealed segments
	// (with zone maps), then rows not yet sealed. The slice is shared:
	// read it, never write it.
	Parts() []Part
	// Scan visits every part in order: one call of fn per part with live
	// rows that req does not prune or filter away.
	Scan(req Request, fn func(*Batch) error) error
	// ScanPart visits one part of Parts: one call of fn, or none when
	// the part is pruned or has no live rows.
	ScanPart(p *Part, req Request, fn func(*Batch) error) error
	// Workers is the number of goroutines ScanParallel uses: one per
	// core, at most one per part, at least one.
	Workers() int
	// ScanParallel visits every part once on Workers goroutines: worker
	// w scans parts w, w+Workers, … in order and calls fn(w, b), so state
	// kept per worker needs no lock. It returns the first error.
	ScanParallel(req Request, fn func(w int, b *Batch) error) error
	// WithIDView returns the table with v applied to its scans.
	WithIDView(v *IDView) Table
}

// Column is one column of a Table: where it is (Ord, for Request.Columns
// and Part.Zones), how it is stored (Kind) and what its integers mean.
type Column struct {
	Name     string
	Ord      int
	Kind     Kind
	Nullable bool
	// Type is the SQL type the engine recorded, lower case
	// ("decimal(12,2)", "date", "datetime(6)"), or "" when it recorded
	// none (a table created below SQL).
	Type string
	// Scale is s of a DECIMAL(p,s): the stored integers are the values
	// times 10^Scale. 0 for every other type and when Type is "".
	Scale int32
	// Date is set on a DATE column, stored as days since 1970-01-01;
	// DATETIME and TIMESTAMP columns are stored as microseconds.
	Date bool
}
