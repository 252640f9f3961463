package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
)

var _ sql.StatisticsTable = (*Table)(nil)

// RowCount returns the exact number of live rows the session sees; the
// snapshot keeps it, so no row is read.
func (t *Table) RowCount(ctx *sql.Context) (uint64, bool, error) {
	n := t.snapshot(ctx).RowCount()
	if n < 0 {
		n = 0
	}
	return uint64(n), true, nil
}

// DataLength returns the encoded size of the table's segments.
func (t *Table) DataLength(ctx *sql.Context) (uint64, error) {
	n := t.snapshot(ctx).DataBytes()
	if n < 0 {
		n = 0
	}
	return uint64(n), nil
}
