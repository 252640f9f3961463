// Package read is the contract between the analytics (functions/...) and
// the store they read: a table as a statement sees it, its columns typed
// by name, and scans that hand out decoded column vectors, many rows at a
// time, without building a sql.Row per row.
//
// The engine implements Table over a storage snapshot (engine/readtable.go)
// and hands it to the analytics through functions/sqlfn.Env; the types of
// a scan (Vector, Batch, Part, ZoneMap, Request) are the store's own —
// package storage declares them as aliases of these — so a scan reaches
// the analytics without a copy.
//
// # Columns
//
// Table.Column answers by name (any case) with everything an analytics
// reader must know to interpret a vector: its ordinal in a Request, its
// physical Kind, and from the engine's SQL metadata (contract/tablemeta)
// its exact SQL type, a DECIMAL's scale and whether an integer column
// holds days (DATE) or microseconds (DATETIME, TIMESTAMP).
//
// # Parallel scans
//
// Table.ScanParallel is the one place that shares a table's parts among
// goroutines (Workers of them: one per core, at most one per part; worker
// w scans parts w, w+Workers, … in order). Code that needs a different
// split — by sort key, say — uses Parts and ScanPart.
//
// # Invariants
//
//   - A Batch and its vectors belong to the scan: they are reused or
//     shared with a cache after the callback returns, and never written by
//     the callback; copy what you keep.
//   - Sel lists live positions in increasing order, or is nil when all N
//     positions are live.
//   - A vector holds its values in the slice its Kind calls for (see
//     Vector); KindBytes vectors may be in dictionary form (Codes).
//   - A Table is immutable: every scan of it sees the same rows.
//
// Who imports it: functions (readers), engine (the implementation),
// storage (aliases of the scan types). It imports no cohortdb package.
package read
