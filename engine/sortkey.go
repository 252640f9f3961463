package engine

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/storage"
)

// A table declares its sort key in its comment, as the canonical orders
// and events tables do: COMMENT '... sort key (customer_id, ordered_at)'.
// MySQL has no clause for it, and a comment survives SHOW CREATE TABLE,
// dumps and restores. Compaction writes segments in that order
// (storage.TableDef.SortKey).
var sortKeyRE = regexp.MustCompile(`(?i)\bsort key \(([^)]*)\)`)

// sortKeyOf returns the column names of the sort key a comment declares
// (nil: none).
func sortKeyOf(comment string) []string {
	m := sortKeyRE.FindStringSubmatch(comment)
	if m == nil {
		return nil
	}
	var cols []string
	for _, c := range strings.Split(m[1], ",") {
		if c = strings.Trim(strings.TrimSpace(c), "`"); c != "" {
			cols = append(cols, c)
		}
	}
	return cols
}

// sortKeyOrdinals resolves a declared sort key against the new table's
// columns; a column that does not exist is ER_KEY_COLUMN_DOES_NOT_EXITS.
func sortKeyOrdinals(comment string, sch sql.Schema) ([]int, error) {
	var ords []int
	for _, name := range sortKeyOf(comment) {
		i := sch.IndexOfColName(name)
		if i < 0 {
			return nil, mysql.NewSQLError(mysql.ERKeyColumnDoesNotExist, "42000",
				"Key column '%s' doesn't exist in table (sort key in the table comment)", name)
		}
		ords = append(ords, i)
	}
	return ords, nil
}

// EnsureSortKeys gives tables created before sort keys were kept (their
// comment declares one, their definition has none) their sort key.
func (e *Engine) EnsureSortKeys(ctx context.Context) error {
	for _, db := range e.store.Databases() {
		tables, err := e.store.Tables(db)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if err := ensureSortKey(e.store, db, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func ensureSortKey(st *storage.Store, db string, t *storage.Table) error {
	def := t.Def()
	if len(def.SortKey) > 0 {
		return nil
	}
	meta, err := unmarshalTableMeta(def.Meta)
	if err != nil {
		return nil // not a table of ours to judge
	}
	cols := sortKeyOf(meta.Comment)
	if len(cols) == 0 {
		return nil
	}
	for _, c := range cols {
		if def.ColumnIndex(c) < 0 {
			return nil
		}
	}
	if err := st.SetSortKey(db, t.Name(), cols); err != nil {
		return fmt.Errorf("set sort key of %s.%s: %w", db, t.Name(), err)
	}
	return nil
}
