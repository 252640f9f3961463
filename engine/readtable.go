package engine

import (
	"context"
	"strings"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/contract/tablemeta"
	"github.com/cohortdb/cohortdb/storage"
)

// readTable is the analytics' view of a snapshot (contract/read.Table):
// the store's scans, plus columns typed by name from the table's SQL
// metadata, decoded once per snapshot. Its scans stop with the statement
// that reads: before each batch they look at the statement's context
// and return its error as it is (KILL QUERY answers 1317,
// max_execution_time 3024), so every analytics function stops within a
// part of every table it reads, whatever its own loops check.
type readTable struct {
	*storage.Snapshot
	meta *tablemeta.Table // nil when the metadata cannot be read: no SQL types
	ctx  context.Context  // the reading statement's; nil: never stops
}

var _ read.Table = (*readTable)(nil)

// newReadTable wraps sn. Metadata of a version this build does not know
// reads as no recorded types (Column.Type ""), never as a guess.
func newReadTable(ctx context.Context, sn *storage.Snapshot) *readTable {
	m, err := tablemeta.Decode(sn.Def().Meta)
	if err != nil {
		m = nil
	}
	return &readTable{Snapshot: sn, meta: m, ctx: ctx}
}

// Column implements read.Table.
func (t *readTable) Column(name string) (read.Column, bool) {
	def := t.Def()
	i := def.ColumnIndex(name)
	if i < 0 {
		return read.Column{}, false
	}
	cd := def.Columns[i]
	c := read.Column{Name: cd.Name, Ord: i, Kind: cd.Kind, Nullable: cd.Nullable}
	if t.meta != nil && t.meta.Column(cd.Name) != nil {
		c.Type = strings.ToLower(t.meta.Column(cd.Name).Type)
		c.Scale, c.Date = t.meta.Scale(cd.Name), t.meta.IsDate(cd.Name)
	}
	return c, true
}

// NumColumns implements read.Table.
func (t *readTable) NumColumns() int { return len(t.Def().Columns) }

// WithIDView implements read.Table.
func (t *readTable) WithIDView(v *read.IDView) read.Table {
	return &readTable{Snapshot: t.Snapshot.WithIDView(v), meta: t.meta, ctx: t.ctx}
}

// Scan implements read.Table.
func (t *readTable) Scan(req read.Request, fn func(*read.Batch) error) error {
	return t.Snapshot.Scan(req, t.stopping(fn))
}

// ScanPart implements read.Table.
func (t *readTable) ScanPart(p *read.Part, req read.Request, fn func(*read.Batch) error) error {
	return t.Snapshot.ScanPart(p, req, t.stopping(fn))
}

// ScanParallel implements read.Table.
func (t *readTable) ScanParallel(req read.Request, fn func(w int, b *read.Batch) error) error {
	if t.ctx == nil {
		return t.Snapshot.ScanParallel(req, fn)
	}
	return t.Snapshot.ScanParallel(req, func(w int, b *read.Batch) error {
		if err := t.ctx.Err(); err != nil {
			return err
		}
		return fn(w, b)
	})
}

// stopping is fn after a look at the statement's context.
func (t *readTable) stopping(fn func(*read.Batch) error) func(*read.Batch) error {
	if t.ctx == nil {
		return fn
	}
	return func(b *read.Batch) error {
		if err := t.ctx.Err(); err != nil {
			return err
		}
		return fn(b)
	}
}
