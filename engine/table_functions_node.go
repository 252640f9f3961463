package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
)

// A table function is also a sql.TableNode: GMS's planner treats the
// source of an IN/EXISTS rewrite as a table (without this, `... FROM
// rfm() r WHERE r.customer_id IN (SELECT ...)` panicked in the planner).
var _ sql.TableNode = (*tableFunc)(nil)

// Collation is the default collation (the function's strings are built
// by cohortdb, in the server's default).
func (f *tableFunc) Collation() sql.CollationID { return sql.Collation_Default }

// CollationCoercibility implements sql.CollationCoercible.
func (f *tableFunc) CollationCoercibility(*sql.Context) (sql.CollationID, byte) {
	return sql.Collation_Default, 4 // implicit, as a column
}

// UnderlyingTable is the function itself.
func (f *tableFunc) UnderlyingTable() sql.Table { return f }

// Partitions is one partition: the function's whole result.
func (f *tableFunc) Partitions(*sql.Context) (sql.PartitionIter, error) {
	return sql.PartitionsToPartitionIter(tableFuncPartition{}), nil
}

// PartitionRows computes the function's rows.
func (f *tableFunc) PartitionRows(ctx *sql.Context, _ sql.Partition) (sql.RowIter, error) {
	return f.RowIter(ctx, nil)
}

type tableFuncPartition struct{}

func (tableFuncPartition) Key() []byte { return []byte("tf") }
