package engine

import (
	"strings"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/contract/tablemeta"
	"github.com/cohortdb/cohortdb/storage"
)

// readTable is the analytics' view of a snapshot (contract/read.Table):
// the store's scans as they are, plus columns typed by name from the
// table's SQL metadata, decoded once per snapshot.
type readTable struct {
	*storage.Snapshot
	meta *tablemeta.Table // nil when the metadata cannot be read: no SQL types
}

var _ read.Table = (*readTable)(nil)

// newReadTable wraps sn. Metadata of a version this build does not know
// reads as no recorded types (Column.Type ""), never as a guess.
func newReadTable(sn *storage.Snapshot) *readTable {
	m, err := tablemeta.Decode(sn.Def().Meta)
	if err != nil {
		m = nil
	}
	return &readTable{Snapshot: sn, meta: m}
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
	return &readTable{Snapshot: t.Snapshot.WithIDView(v), meta: t.meta}
}
