// Package engine plugs cohortdb's columnar storage into go-mysql-server.
//
// It owns the database provider, databases, tables and partitions, the
// mapping between SQL types and storage kinds, projection and zone-map
// pushdown, primary-key lookups, statistics, the write path (inserts,
// updates, deletes, DDL) and transactions (one storage.Txn per SQL
// transaction, kept in the session). It knows nothing about the wire
// protocol: package server wraps it.
//
// It also owns cohortdb's own execution of the shapes analytics spend
// their time in, substituted after GMS has planned a query (see
// docs/execution.md): GROUP BY over one table, a semi join or a two-table
// equi-join on column vectors (vecagg_*.go), NTILE/ROW_NUMBER windows
// (window.go), top-N under a projection (topn.go) and time literals
// converted once per statement (fold.go). SET cohortdb_vectorize = 0
// turns these off, which is how tests compare them with GMS.
package engine
