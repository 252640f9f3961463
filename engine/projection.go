package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
)

var _ sql.ProjectedTable = (*Table)(nil)

// WithProjections returns a view decoding only the named columns, in the
// given order: a column store reads one chunk per projected column and
// segment, so SELECT a FROM t never touches the other columns. An empty
// list decodes no column at all (COUNT(*)).
func (t *Table) WithProjections(colNames []string) sql.Table {
	nt := *t
	nt.proj = make([]int, 0, len(colNames))
	nt.projSch = make(sql.Schema, 0, len(colNames))
	for _, name := range colNames {
		i := t.columnIndex(name)
		if i < 0 {
			return t // GMS only projects columns it got from Schema; keep all to stay correct
		}
		nt.proj = append(nt.proj, i)
		nt.projSch = append(nt.projSch, t.sch.pk.Schema[i])
	}
	return &nt
}

// Projections returns the projected column names, or nil for all columns.
func (t *Table) Projections() []string {
	if t.proj == nil {
		return nil
	}
	names := make([]string, len(t.proj))
	for i, o := range t.proj {
		names[i] = t.sch.pk.Schema[o].Name
	}
	return names
}
