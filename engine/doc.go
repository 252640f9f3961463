// Package engine plugs cohortdb's columnar storage into go-mysql-server.
//
// It owns the database provider, databases, tables and partitions, the
// mapping between SQL types and storage kinds, projection and zone-map
// pushdown, primary-key lookups, statistics, the write path (inserts,
// updates, deletes, DDL) and transactions (one storage.Txn per SQL
// transaction, kept in the session). It knows nothing about the wire
// protocol: package server wraps it.
//
// It also hands every plan subtree the vectorised executor (package
// engine/exec, see docs/execution.md) understands to it, as the source
// of its tables' column batches (exec_source.go), folds time literals
// once per statement (fold.go) and turns Limit over Project over Sort
// into a TopN (planrules.go). SET cohortdb_vectorize = 0 leaves every
// statement to GMS's row-at-a-time operators, which is how tests compare
// the two.
package engine
