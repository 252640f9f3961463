// Package engine plugs cohortdb's columnar storage into go-mysql-server.
//
// It owns the database provider, databases, tables and partitions, the
// mapping between SQL types and storage kinds, projection and zone-map
// pushdown, primary-key lookups, statistics, the write path (inserts,
// updates, deletes, DDL) and transactions (one storage.Txn per SQL
// transaction, kept in the session). It knows nothing about the wire
// protocol: package server wraps it.
package engine
