// Package server is cohortdb's MySQL wire server: it opens the data
// directory, builds the SQL engine over it, sets up users and privileges,
// listens for MySQL clients and shuts down gracefully.
//
// # Model
//
// One Server owns one storage.Store and one engine.Engine for its whole
// life. New opens both, loads users, binds the listen address and returns;
// Serve accepts connections until Shutdown; Shutdown stops accepting, lets
// statements already running finish (bounded by its context), closes every
// connection, then closes the engine and the store — in that order, so no
// statement ever runs against a closed store unless the grace period ran
// out. Run wraps the three for the binary.
//
// # Users
//
// Accounts and grants live in go-mysql-server's mysql database
// (mysql_db.MySQLDb). Its serialized form is kept in the store's metadata
// under the name "mysql_db": it is loaded at start, and every CREATE USER,
// DROP USER, ALTER USER, GRANT and REVOKE rewrites it durably before the
// statement returns. Authentication is always on.
//
// The root accounts are not persisted: at every start, root@localhost
// (and, when a root password is configured, root@'%') is (re)created as a
// superuser with Config.RootPassword, so the password of root is whatever
// the operator passes at start. An empty root password is only accepted
// when the server listens on a loopback address.
//
// # Invariants
//
//   - A Server that New returned has a bound listener; Addr is valid.
//   - After Shutdown returns, no connection is open and the store is closed.
//   - local_infile is 1: LOAD DATA LOCAL INFILE works without a SET GLOBAL.
//
// The server never looks at column encodings or storage keys and does not
// import package storage: engine.Open opens the data directory, and users
// persist through Engine.LoadUsers and Engine.PersistUsers.
package server
