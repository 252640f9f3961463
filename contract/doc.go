// Package contract holds nothing itself: its subpackages are the types
// the layers of cohortdb share (see docs/architecture.md). A package
// under contract/ imports no cohortdb layer (engine, functions, server,
// storage, cmd), so each of them may import it without an arrow going
// upwards; cmd/cohortdb's TestLayers checks both.
//
//   - contract/batch: the column batches a result travels in from the
//     engine's operators and the analytics' table functions to the wire.
//   - contract/read: a table as the analytics read it — columns typed by
//     name, scans of column vectors, parallel scans split in one place —
//     implemented by the engine over the store's snapshots.
//   - contract/tablemeta: the SQL-level description of a table (exact
//     column types, defaults, comments) the engine keeps in storage and
//     turns into contract/read's typed columns.
//   - contract/calendar: the stored time units (DATE = days, DATETIME =
//     µs since the epoch) and civil-date arithmetic.
//   - contract/membudget: the server-wide memory pool and the statement's
//     account, carried in its context, that the engine's operators, the
//     store's loads, the analytics and the server charge.
//   - contract/floattext: DOUBLE and FLOAT as MySQL writes them in text
//     (the wire's text protocol, CAST(x AS CHAR), CONCAT).
package contract
